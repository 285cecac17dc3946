"""Flags of ``scan --list FILE --out-dir DIR`` and the dispatch from :func:`scanner.cli.run_scan`."""

from __future__ import annotations

import argparse
from pathlib import Path

from scanner.errors import UsageError

from .executors import EXECUTORS


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs needs a whole number, got {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return jobs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the batch flags (listed in ``cli.ARGUMENT_PROVIDERS``)."""
    group = parser.add_argument_group("batch (reading lists)")
    group.add_argument(
        "--list",
        metavar="FILE",
        help="scan every paper of a reading list: text (ids/URLs/paths, # comments), .bib or "
        ".csv with an id/path column",
    )
    group.add_argument(
        "--out-dir",
        metavar="DIR",
        help="with --list: folder for <id>.scan.json, failures.jsonl and summary.csv/.md/.html; "
        "with one PAPER: folder for its <stem>.scan.json",
    )
    group.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="with --list: worker processes (default: the usable cores)",
    )
    group.add_argument(
        "--force", action="store_true", help="with --list: rescan papers whose scan is already up to date"
    )
    group.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="with --list: local process pool (default) or dask (LocalCluster, or the "
        "scheduler in --dask-scheduler / DASK_SCHEDULER_ADDRESS)",
    )
    group.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        default=None,
        help="with --executor dask: address of a running scheduler, e.g. tcp://host:8786",
    )


def run(args: argparse.Namespace) -> int:
    """Run the batch described by the parsed flags; returns 0, or 6 when some papers failed."""
    from scanner.cli import scan_options

    from .executors import default_jobs
    from .runner import BatchOptions, run_batch

    if args.paper:
        raise UsageError("give either a PAPER or --list FILE, not both", hint="see scan --help")
    if not args.out_dir:
        raise UsageError("--list needs --out-dir DIR", hint="e.g. scan --list papers.txt --out-dir scans/")
    options = BatchOptions(
        out_dir=Path(args.out_dir),
        jobs=args.jobs or default_jobs(),
        force=args.force,
        executor=args.executor,
        scheduler=args.dask_scheduler,
        scan=scan_options(args),
        progress=None if not args.quiet else False,
    )
    return run_batch(args.list, options).exit_code
