"""``make bench``: scan cost measured side by side with raw PyMuPDF text extraction.

For every readable corpus PDF, in one run and alternating order, time (a) ``page.get_text()``
over all pages, as a plain reader would, and (b) the full offline scan (ingest + every rubric +
claims + flags + citations + schema validation). Prints per-paper times, the ratio of the
totals, and time per page across paper lengths (linearity). Other areas add their figures
through :data:`SECTIONS`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from scanner.errors import ScannerError

# Extra bench sections: "module:function(corpus: Path) -> None" printing their own figures.
SECTIONS: list[str] = ["scanner.bench:llm_tokens", "scanner.bench:batch"]


def llm_tokens(corpus: Path) -> None:
    """Estimated LLM input tokens per corpus paper against the 40k per-paper budget."""
    from scanner.llm.budget import main as budget_main

    print("== llm engine: estimated input tokens per paper (budget 40k) ==")
    budget_main(["--corpus", str(corpus)])


def raw_extract_seconds(pdf: Path) -> float:
    """Seconds to open ``pdf`` and call ``get_text()`` on every page (the baseline)."""
    from scanner.ingest.pdf import raw_text_baseline

    t0 = time.perf_counter()
    raw_text_baseline(pdf)
    return time.perf_counter() - t0


def scan_seconds(pdf: Path) -> float:
    """Seconds for a full offline scan of ``pdf`` (all modules on)."""
    from scanner.pipeline import ScanOptions, scan_paper

    t0 = time.perf_counter()
    scan_paper(str(pdf), ScanOptions(modules=["all"]))
    return time.perf_counter() - t0


def readable_pdfs(corpus: Path) -> list[tuple[Path, int]]:
    """Corpus PDFs that scan (the unreadable edge cases are excluded), with page counts."""
    manifest = json.loads((corpus / "MANIFEST.json").read_text())
    out = []
    for rec in manifest:
        path = corpus / rec["name"]
        if rec["pages"] and "edge-corrupted" not in rec["name"] and "scanned-image-only" not in rec["name"] \
                and "user-password" not in rec["name"]:
            out.append((path, int(rec["pages"])))
    return sorted(out)


def bench_scan_vs_raw(corpus: Path, repeats: int = 3) -> dict[str, float]:
    """Print per-paper and total times; return the summary figures."""
    pdfs = readable_pdfs(corpus)
    scan_paper_warmup = pdfs[0][0]
    scan_seconds(scan_paper_warmup)  # imports, rubric loading, regex compilation
    rows = []
    for pdf, pages in pdfs:
        raw: list[float] = []
        scan: list[float] = []
        for i in range(repeats):
            order: list[tuple[list[float], Callable[[Path], float]]] = [
                (raw, raw_extract_seconds), (scan, scan_seconds)]
            for bucket, fn in order if i % 2 == 0 else reversed(order):
                try:
                    bucket.append(fn(pdf))
                except ScannerError as exc:
                    print(f"  {pdf.name}: {exc.one_line()}")
                    break
        if raw and scan:
            rows.append((pdf.name, pages, statistics.median(raw), statistics.median(scan)))
    print(f"{'paper':58} {'pages':>5} {'raw s':>8} {'scan s':>8} {'ratio':>6}")
    for name, pages, raw_s, scan_s in rows:
        print(f"{name[:58]:58} {pages:5d} {raw_s:8.3f} {scan_s:8.3f} {scan_s / raw_s:6.2f}")
    total_raw = sum(r[2] for r in rows)
    total_scan = sum(r[3] for r in rows)
    per_page = [(r[3] / r[1]) * 1000 for r in rows]
    long_rows = [r for r in rows if r[1] >= 100]
    print(f"\nTOTAL over {len(rows)} PDFs, {sum(r[1] for r in rows)} pages: raw get_text {total_raw:.2f} s, "
          f"full offline scan {total_scan:.2f} s, ratio scan/raw = {total_scan / total_raw:.2f} (target <= 1.5)")
    print(f"scan ms/page: median {statistics.median(per_page):.1f}, min {min(per_page):.1f}, max {max(per_page):.1f}")
    for name, pages, _raw, scan_s in long_rows:
        print(f"linearity: {name} ({pages} pages) {scan_s * 1000 / pages:.1f} ms/page vs corpus median "
              f"{statistics.median(per_page):.1f} ms/page")
    return {"raw": total_raw, "scan": total_scan, "ratio": total_scan / total_raw}


def batch(corpus: Path) -> None:
    """Batch throughput (papers/s per core, --jobs 2 vs 1) and peak memory over 1,000 entries."""
    from scanner.batch.bench import bench_batch

    print("== batch: papers/s per core, --jobs 2 vs --jobs 1, peak memory over a 1,000-entry list ==")
    bench_batch(corpus)


def main(argv: list[str] | None = None) -> int:
    """Run every bench section."""
    ap = argparse.ArgumentParser(prog="python -m scanner.bench")
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    print("== offline scan vs raw PyMuPDF get_text() (same PDFs, same run) ==")
    bench_scan_vs_raw(args.corpus, args.repeats)
    for target in SECTIONS:
        module, func = target.split(":")
        print()
        getattr(importlib.import_module(module), func)(args.corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
