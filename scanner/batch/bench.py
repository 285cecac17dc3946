"""Batch figures for ``make bench``: papers/s per core, --jobs 2 vs --jobs 1, peak memory.

``bench_batch(corpus)`` (a ``scanner.bench.SECTIONS`` entry: ``scanner.batch.bench:bench_batch``)
and ``python -m scanner.batch.bench --corpus DIR`` print, from one run:

1. offline throughput over the readable corpus PDFs with ``--jobs 1`` and ``--jobs 2`` (wall
   clock of the whole batch, pool start-up included), papers/s per core and the speed-up;
2. peak resident memory of the batch (this process, the fork server and every worker) over a
   1,000-entry list of symlinks that repeat the short corpus PDFs under different names,
   sampled while it runs and reported per quarter of the run, so a leak would show as growth.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .runner import BatchOptions, run_batch

# Unreadable on purpose (edge cases): they would measure the error path, not scanning.
_UNREADABLE = ("edge-corrupted", "scanned-image-only", "user-password")
# The 1,000-entry list repeats the small corpus PDFs (<= 10 pages, <= 500 kB) so that the default
# bench stays near three minutes on two cores; the big papers' memory shows in the corpus runs.
SHORT_PAGES = 10
SHORT_BYTES = 500_000


def readable(corpus: Path, max_pages: int | None = None, max_bytes: int | None = None) -> list[Path]:
    """Corpus PDFs that scan, optionally only those with at most ``max_pages`` pages and bytes."""
    manifest = json.loads((corpus / "MANIFEST.json").read_text())
    return sorted(corpus / r["name"] for r in manifest
                  if r["pages"] and not any(k in r["name"] for k in _UNREADABLE)
                  and (max_pages is None or r["pages"] <= max_pages)
                  and (max_bytes is None or r["bytes"] <= max_bytes))


@dataclass
class _MemorySampler:
    """Samples the summed RSS of this process tree and the number of finished scans."""

    out_dir: Path
    interval: float = 0.25
    samples: list[tuple[int, int]] = field(default_factory=list)  # (scans done, bytes)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> _MemorySampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            import psutil  # installed with dask[distributed]; bench-only
        except ImportError:
            print("  (memory not sampled: pip install psutil)")
            return
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:  # a worker exited between listing and reading
                    pass
            done = sum(1 for _ in self.out_dir.glob("*.scan.json")) if self.out_dir.exists() else 0
            self.samples.append((done, total))


def _peak_mib(sampler: _MemorySampler) -> float:
    return max((b for _, b in sampler.samples), default=0) / 2**20


def _timed_batch(paths: list[Path], work: Path, jobs: int) -> tuple[float, int, float]:
    lst = work / f"list-{jobs}.txt"
    lst.write_text("".join(f"{p}\n" for p in paths))
    out = work / f"out-{jobs}"
    t0 = time.perf_counter()
    with _MemorySampler(out) as sampler:
        report = run_batch(lst, BatchOptions(out_dir=out, jobs=jobs, force=True, progress=False))
    return time.perf_counter() - t0, report.scanned, _peak_mib(sampler)


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def cpu_baseline(loops: int = 6_000_000) -> float:
    """Speed-up of a pure-CPU loop on 2 vs 1 processes now: what this machine can give at best."""
    import concurrent.futures as cf

    times = []
    for jobs in (1, 2):
        t0 = time.perf_counter()
        with cf.ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_spin, [loops] * 4))
        times.append(time.perf_counter() - t0)
    return times[0] / times[1]


def throughput(corpus: Path, work: Path) -> dict[str, float]:
    """Wall-clock batch of the readable corpus with --jobs 1 then --jobs 2."""
    paths = readable(corpus)
    t1, n1, m1 = _timed_batch(paths, work, 1)
    t2, n2, m2 = _timed_batch(paths, work, 2)
    figures = {"papers": float(n1), "jobs1_s": t1, "jobs2_s": t2, "per_core_jobs1": n1 / t1,
               "per_core_jobs2": n2 / t2 / 2, "speedup": t1 / t2, "jobs1_peak_mib": m1, "jobs2_peak_mib": m2}
    print(f"batch throughput over {n1} readable corpus PDFs (offline, pool start-up included):")
    print(f"  --jobs 1: {t1:6.1f} s  {n1 / t1:5.2f} papers/s per core (target >= 2)  peak RSS {m1:.0f} MiB")
    print(f"  --jobs 2: {t2:6.1f} s  {n2 / t2 / 2:5.2f} papers/s per core  peak RSS {m2:.0f} MiB  "
          f"speed-up x{t1 / t2:.2f}")
    figures["cpu_baseline_speedup"] = cpu_baseline()
    print(f"  (a pure-CPU loop gets x{figures['cpu_baseline_speedup']:.2f} from 2 processes on this machine now)")
    return figures


def memory(corpus: Path, work: Path, entries: int = 1000, jobs: int = 2) -> dict[str, float]:
    """Peak RSS of the batch over ``entries`` symlinked short corpus PDFs, per quarter of the run."""
    sources = readable(corpus, SHORT_PAGES, SHORT_BYTES)
    links = work / "links"
    links.mkdir()
    for i in range(entries):
        (links / f"paper{i:05d}.pdf").symlink_to(sources[i % len(sources)].resolve())  # absolute: links live elsewhere
    lst = work / "list-1000.txt"
    lst.write_text("".join(f"links/paper{i:05d}.pdf\n" for i in range(entries)))
    out = work / "out-mem"
    t0 = time.perf_counter()
    with _MemorySampler(out) as sampler:
        report = run_batch(lst, BatchOptions(out_dir=out, jobs=jobs, force=True, progress=False))
    seconds = time.perf_counter() - t0
    quarters = [max((b for d, b in sampler.samples if q * entries / 4 <= d < (q + 1) * entries / 4), default=0)
                for q in range(4)]
    mib = [q / 2**20 for q in quarters]
    peak = _peak_mib(sampler)
    print(f"memory over a {entries}-entry list ({len(sources)} corpus PDFs of <= {SHORT_PAGES} pages and "
          f"<= {SHORT_BYTES // 1000} kB, "
          f"repeated as symlinks; --jobs {jobs}; {report.scanned} scanned, {len(report.failed)} failed "
          f"in {seconds:.0f} s = {report.scanned / seconds:.2f} papers/s):")
    print(f"  peak RSS of the process tree {peak:.0f} MiB; per quarter of the run: "
          + ", ".join(f"{m:.0f}" for m in mib) + " MiB")
    return {"entries": float(entries), "seconds": seconds, "peak_mib": peak,
            **{f"q{i + 1}_mib": m for i, m in enumerate(mib)}}


def bench_batch(corpus: Path, entries: int = 1000) -> dict[str, Any]:
    """Print and return the batch figures (throughput, speed-up, memory)."""
    logging.getLogger("scanner").setLevel(logging.WARNING)  # a thousand "ok" lines are not figures
    with tempfile.TemporaryDirectory(prefix="paperscan-bench-") as tmp:
        work = Path(tmp)
        figures: dict[str, Any] = {"throughput": throughput(corpus, work)}
        figures["memory"] = memory(corpus, work, entries)
    return figures


def main(argv: list[str] | None = None) -> int:
    """``python -m scanner.batch.bench --corpus DIR [--entries N]``."""
    parser = argparse.ArgumentParser(prog="python -m scanner.batch.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder with the PDFs and MANIFEST.json")
    parser.add_argument("--entries", type=int, default=1000, help="length of the memory list (default 1000)")
    args = parser.parse_args(argv)
    bench_batch(args.corpus, args.entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
