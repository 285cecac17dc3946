"""Scan a whole reading list into a folder: parallel, resumable, loss-free.

``run_batch(list, options)`` reads the list, skips entries whose scan in the output folder is
still fresh (:mod:`scanner.batch.resume`; ``force`` redoes them), scans the rest through
:func:`scanner.pipeline.scan_paper` in a process pool (or on Dask), writes every
``<name>.scan.json`` atomically from this process, appends one JSON line per failed or
unsupported entry to ``failures.jsonl`` and finally writes the summaries.

arXiv entries are first fetched into the paper cache by one thread of this process, so every
network request goes through the process-wide arXiv rate limiter (:mod:`scanner.ratelimit`);
the pool then parses and scans them from the cache like local PDFs.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as _dt
import json
import logging
import os
import pickle
import queue
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.cache import cache_root
from scanner.errors import EXIT_BATCH_PARTIAL, EXIT_OK, UsageError
from scanner.options import ScanOptions
from scanner.output import write_text_atomic

from .executors import Future, default_jobs, make_executor, start_fork_server
from .lists import Entry, ReadingList, read_list
from .progress import Progress
from .resume import Freshness
from .summary import write_summaries
from .worker import Outcome, prefetch, scan_entry

log = logging.getLogger(__name__)

FAILURES = "failures.jsonl"
# Papers queued per worker beyond the one it is scanning: keeps workers busy, memory bounded.
_QUEUE_PER_WORKER = 2


@dataclass
class BatchOptions:
    """How to run a batch (``scan --list``)."""

    out_dir: Path
    jobs: int = field(default_factory=default_jobs)
    force: bool = False
    executor: str = "local"
    scheduler: str | None = None
    scan: ScanOptions = field(default_factory=ScanOptions)
    progress: bool | None = None


@dataclass
class BatchReport:
    """What a batch run did; ``exit_code`` is 6 when any entry failed or was unsupported."""

    entries: int = 0
    scanned: int = 0
    skipped: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 when every entry has a scan, 6 otherwise."""
        return EXIT_BATCH_PARTIAL if self.failed else EXIT_OK


def scan_path(out_dir: Path, entry: Entry) -> Path:
    """Where the scan of ``entry`` goes."""
    return out_dir / f"{entry.name}.scan.json"


def run_batch(list_path: str | Path, options: BatchOptions) -> BatchReport:
    """Scan every entry of the list at ``list_path`` into ``options.out_dir``."""
    t0 = time.monotonic()
    reading = read_list(list_path)
    out = Path(options.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if options.executor == "local" and _surely_work(reading, out, options):
        start_fork_server()  # warms up while this process checks which scans are fresh
    _remove_stale_temp_files(out)
    report = BatchReport(
        entries=len(reading.entries) + len(reading.unsupported), duplicates=reading.duplicates
    )
    failures = _FailureLog(out / FAILURES)
    for bad in reading.unsupported:
        report.failed.append(
            failures.add(
                name=None,
                source=bad.text,
                origin=bad.origin,
                error="Unsupported",
                reason=bad.reason,
                exit_code=2,
            )
        )
    todo = _todo(reading, out, options, report)
    log.info(
        "%d entries: %d to scan, %d up to date, %d unsupported, %d duplicates dropped",
        report.entries,
        len(todo),
        report.skipped,
        len(reading.unsupported),
        reading.duplicates,
    )
    if todo:
        _scan_all(todo, out, options, report, failures)
    failed_ids = {f["id"] for f in report.failed if f["id"]}
    write_summaries(out, [e for e in reading.entries if e.name not in failed_ids], report.failed)
    report.seconds = time.monotonic() - t0
    log.info(
        "batch done: %d scanned, %d reused, %d failed in %.1f s; summary in %s",
        report.scanned,
        report.skipped,
        len(report.failed),
        report.seconds,
        out / "summary.md",
    )
    return report


def _surely_work(reading: ReadingList, out: Path, options: BatchOptions) -> bool:
    """Will some entry be scanned? (without the freshness checks: only when one has no scan yet)"""
    return bool(reading.entries) and (options.force or any(not scan_path(out, e).exists() for e in reading.entries))


def _todo(reading: ReadingList, out: Path, options: BatchOptions, report: BatchReport) -> list[Entry]:
    if options.force:
        return list(reading.entries)
    fresh = Freshness(options.scan)
    todo = []
    for entry in reading.entries:
        if scan_path(out, entry).exists() and fresh.is_fresh(entry, scan_path(out, entry)):
            report.skipped += 1
        else:
            todo.append(entry)
    return todo


def _scan_all(
    todo: list[Entry], out: Path, options: BatchOptions, report: BatchReport, failures: _FailureLog
) -> None:
    # Workers fork from a long-lived server whose environment may be older than this run's, so
    # what the environment decides (the paper cache) is resolved here and sent along.
    scan_options = dataclasses.replace(options.scan, cache_dir=str(cache_root(options.scan.cache_dir)))
    _check_picklable(scan_options)
    ready = deque(e for e in todo if e.kind != "arxiv")
    to_fetch = deque(e for e in todo if e.kind == "arxiv")
    executor = make_executor(options.executor, options.jobs, options.scheduler)
    fetcher = cf.ThreadPoolExecutor(1, thread_name_prefix="arxiv-fetch")
    results: queue.Queue[tuple[Entry, str, Any]] = queue.Queue()
    window = executor.workers * (1 + _QUEUE_PER_WORKER)
    busy = {"fetch": 0, "scan": 0}

    def launch(entry: Entry, stage: str) -> None:
        future: Future
        if stage == "fetch":
            future = fetcher.submit(prefetch, entry.source, scan_options)
        else:
            future = executor.submit(scan_entry, entry.name, entry.source, scan_options)

        def done(f: Any, e: Entry = entry, s: str = stage) -> None:
            results.put((e, s, f))

        future.add_done_callback(done)
        busy[stage] += 1

    try:
        with Progress(len(todo), rich=options.progress) as progress:
            while ready or to_fetch or any(busy.values()):
                while ready and busy["scan"] < window:
                    launch(ready.popleft(), "scan")
                if to_fetch and not busy["fetch"]:  # one fetch at a time, spaced by the shared limiter
                    launch(to_fetch.popleft(), "fetch")
                entry, stage, future = results.get()
                busy[stage] -= 1
                outcome = _outcome(entry, future)
                if stage == "fetch" and outcome.text is not None:
                    ready.appendleft(entry)  # in the cache now: parse and scan it in the pool
                    continue
                _record(outcome, entry, out, report, failures)
                progress.advance(entry.name, outcome.text is not None, outcome.seconds, outcome.reason)
    finally:
        fetcher.shutdown(wait=True, cancel_futures=True)
        executor.close()


def _check_picklable(options: ScanOptions) -> None:
    """Scan options travel to worker processes; a closure in them (e.g. --registry) cannot."""
    try:
        pickle.dumps(options)
    except Exception as exc:
        raise UsageError(
            f"these scan options cannot be used with --list ({type(exc).__name__}: {exc})",
            hint="drop the per-draft flags (such as --registry) or scan the papers one by one",
        ) from exc


def _outcome(entry: Entry, future: Any) -> Outcome:
    """The task's outcome, or a failure record when the worker itself died."""
    try:
        result: Outcome = future.result()
        return result
    except cf.process.BrokenProcessPool:
        reason = "worker process died while scanning (the PDF may crash the parser); re-run to retry"
        return Outcome(entry.name, None, reason, "BrokenProcessPool", 1, 0.0)
    except Exception as exc:  # dask KilledWorker, cancelled, transport errors: the paper gets a record
        return Outcome(
            entry.name, None, f"worker failed: {type(exc).__name__}: {exc}", type(exc).__name__, 1, 0.0
        )


def _record(outcome: Outcome, entry: Entry, out: Path, report: BatchReport, failures: _FailureLog) -> None:
    if outcome.text is not None:
        write_text_atomic(scan_path(out, entry), outcome.text)
        report.scanned += 1
        return
    report.failed.append(
        failures.add(
            name=entry.name,
            source=entry.source,
            origin=entry.origin,
            error=outcome.error or "Error",
            reason=outcome.reason or "",
            exit_code=outcome.exit_code,
        )
    )


class _FailureLog:
    """``failures.jsonl`` of this run: started empty, one line appended (and synced) per failure."""

    def __init__(self, path: Path) -> None:
        self.path = path
        write_text_atomic(path, "")  # always present, so "no failures" is an empty file

    def add(
        self, *, name: str | None, source: str, origin: str, error: str, reason: str, exit_code: int
    ) -> dict[str, Any]:
        """Append one record and return it."""
        record = {
            "id": name,
            "source": source,
            "origin": origin,
            "error": error,
            "reason": reason,
            "exit_code": exit_code,
            "time": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        }
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, line)  # one write on an O_APPEND fd: a kill cannot leave half a record
            os.fsync(fd)
        finally:
            os.close(fd)
        return record


def _remove_stale_temp_files(out: Path) -> None:
    """Temp files of a run killed mid-write (``.<name>.<random>.tmp``) are never complete."""
    for tmp in out.glob(".*.tmp"):
        log.debug("removing partial file %s of an interrupted run", tmp)
        tmp.unlink(missing_ok=True)
