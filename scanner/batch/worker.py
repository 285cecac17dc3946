"""What one pool worker does for one entry: scan it and hand back the scan text or the failure.

Workers never write into the output folder; the parent writes every file atomically, so a
killed worker (or a remote Dask worker without the shared folder) cannot leave a partial file.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass

from scanner.errors import FetchError, ScannerError
from scanner.options import ScanOptions
from scanner.output import dump_json


@dataclass(frozen=True)
class Outcome:
    """The result of one entry: ``text`` is the scan.json text, or ``reason`` says why not."""

    name: str
    text: str | None
    reason: str | None
    error: str | None
    exit_code: int
    seconds: float


def ignore_sigint() -> None:
    """Pool initializer: Ctrl-C is the main process's to handle (it cancels the queue)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def scan_entry(name: str, source: str, options: ScanOptions) -> Outcome:
    """Scan ``source`` through :func:`scanner.pipeline.scan_paper` (same as a single scan)."""
    # Imported here: the parent only pickles a reference to this function and need not load the
    # scanner (~0.6 s); workers have it loaded already (the fork server preloads it, see .preload).
    from scanner.pipeline import scan_paper

    t0 = time.perf_counter()
    try:
        result = scan_paper(source, options)
    except ScannerError as exc:
        return Outcome(
            name, None, exc.one_line(), type(exc).__name__, exc.exit_code, time.perf_counter() - t0
        )
    except Exception as exc:  # a bug on one paper must not stop a thousand-paper run
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return Outcome(name, None, reason, "InternalError", 1, time.perf_counter() - t0)
    return Outcome(name, dump_json(result.scan), None, None, 0, time.perf_counter() - t0)


def prefetch(source: str, options: ScanOptions) -> Outcome:
    """Fetch an arXiv entry into the paper cache (runs in the parent, behind the rate limiter)."""
    from scanner.ingest.arxiv import fetch_arxiv, parse_arxiv_id

    t0 = time.perf_counter()
    aid = parse_arxiv_id(source)
    try:
        if aid is None:
            raise FetchError(f"{source}: not an arXiv id", hint="ids look like 2512.22293 or hep-th/9901001")
        fetch_arxiv(aid, offline=options.offline, cache_dir=options.cache_dir)
    except ScannerError as exc:
        return Outcome(
            source, None, exc.one_line(), type(exc).__name__, exc.exit_code, time.perf_counter() - t0
        )
    return Outcome(source, "", None, None, 0, time.perf_counter() - t0)
