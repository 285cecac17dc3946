"""The ``scan`` command: arguments -> pipeline -> exit code. No scanning logic lives here.

Exit codes (README): 0 ok, 1 policy failed, 2 usage, 3 unreadable input, 4 fetch failed,
5 engine failed, 6 some papers of a batch failed. Data goes to stdout only with ``-o -``;
every message goes to stderr, one line per error, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scanner import __version__
from scanner.errors import EXIT_USAGE, ScannerError, UsageError

if TYPE_CHECKING:
    from scanner.pipeline import ScanOptions, ScanResult

log = logging.getLogger("scanner")

# Subcommands that are not "scan a paper": name -> "module:function(argv) -> int".
SUBCOMMANDS: dict[str, str] = {
    "run": "scanner.registry.runner:main",  # scan run -- COMMAND: record an experiment
    "registry": "scanner.registry.commands:main",  # scan registry verify|list|show|check
}

# Each concern adds its own flags through a function "module:add_arguments(parser) -> None",
# so the flags compose on one command line (e.g. an arXiv id, the llm engine and a policy).
ARGUMENT_PROVIDERS: list[str] = [
    "scanner.ingest.arxiv:add_arguments",  # --offline, --cache-dir
    "scanner.batch.cli:add_arguments",  # --list, --out-dir, --jobs, --force, --executor
    "scanner.llm.cli:add_arguments",  # --engine, --model, --max-tokens-per-paper, --max-cost
    "scanner.registry.commands:add_arguments",  # --registry
    "scanner.gate.cli:add_arguments",  # --policy, --evidence, --annotations, --sarif, --junit, --summary
]


def _load(target: str) -> Callable[..., object]:
    module, func = target.split(":")
    fn: Callable[..., object] = getattr(importlib.import_module(module), func)
    return fn


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``scan PAPER``."""
    parser = argparse.ArgumentParser(
        prog="scan",
        description="Scan a research paper into a grounded, schema-validated scan.json.",
        epilog="exit codes: 0 ok, 1 policy failed, 2 usage, 3 unreadable input, 4 fetch failed, "
        "5 engine failed, 6 some papers of a batch failed",
    )
    parser.add_argument("paper", nargs="?", help="PDF path (or .tex/.md draft, arXiv id or URL where supported)")
    parser.add_argument("-o", "--output", help="where to write (default <stem>.scan.json; '-' for stdout)")
    parser.add_argument("--format", choices=("json", "md"), default="json",
                        help="json: scan.json (default); md: the Markdown report instead")
    parser.add_argument("--report", metavar="FILE", help="also write the Markdown report to FILE")
    parser.add_argument("--modules", type=_csv, default=None,
                        help="optional rubric modules: comma-separated ids, 'all', 'none' or 'auto' (default: by tags)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug messages on stderr")
    parser.add_argument("--version", action="version", version=f"paper-scan {__version__}")
    for provider in ARGUMENT_PROVIDERS:
        _load(provider)(parser)
    return parser


def _configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("scan: %(message)s"))
    root = logging.getLogger("scanner")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def default_output(paper: str, fmt: str) -> Path:
    """``<stem>.scan.json`` (or ``.scan.md``) in the current folder."""
    stem = Path(paper.rstrip("/")).name
    for suffix in (".pdf", ".tex", ".md"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = stem.replace(":", "_").replace("/", "_") or "paper"
    return Path(f"{stem}.scan.{'md' if fmt == 'md' else 'json'}")


def _single_output(args: argparse.Namespace) -> str | Path:
    """Where one paper's scan goes: ``-o``, else ``<stem>.scan.json`` in ``--out-dir`` or here."""
    out_dir = getattr(args, "out_dir", None)
    if out_dir and args.output:
        raise UsageError("give -o FILE or --out-dir DIR, not both", hint="see scan --help")
    if args.output:
        return str(args.output)
    name = default_output(args.paper, args.format)
    return Path(out_dir) / name if out_dir else name


def run_scan(args: argparse.Namespace) -> int:
    """Scan one paper and write its outputs."""
    from scanner.output import dump_json, emit
    from scanner.pipeline import scan_paper
    from scanner.report import render_markdown

    if getattr(args, "list", None):
        from scanner.batch.cli import run as run_batch

        return run_batch(args)
    if not args.paper:
        raise UsageError("no paper given", hint="usage: scan PAPER [-o OUT]; see scan --help")
    out = _single_output(args)
    result = scan_paper(args.paper, scan_options(args))
    text = render_markdown(result.scan) if args.format == "md" else dump_json(result.scan)
    emit(text, out)
    if args.report:
        emit(render_markdown(result.scan), args.report)
    flags = len(result.scan["red_flags"])
    if str(out) != "-":
        log.info("wrote %s (%d red flags, %d references)", out, flags, len(result.scan["cited_papers"]))
    return after_scan(args, result)


def scan_options(args: argparse.Namespace) -> ScanOptions:
    """ScanOptions from the parsed flags (each concern reads its own flags here)."""
    from scanner.options import ScanOptions

    options = ScanOptions(modules=args.modules, offline=args.offline, cache_dir=args.cache_dir)
    from scanner.llm.cli import apply_options  # --engine/--model/--max-tokens-per-paper/--max-cost

    apply_options(args, options)
    if getattr(args, "registry", None):  # run registry: every draft number needs a recorded run
        from scanner.registry.check import registry_check

        options.extra_checks.append(registry_check(args.registry))
    from scanner.gate.cli import configure  # --policy/--evidence: checked before the scan runs

    configure(args, options)
    return options


def after_scan(args: argparse.Namespace, result: ScanResult) -> int:
    """Steps after a scan is written (e.g. a policy gate); returns the exit code."""
    if getattr(args, "registry", None):  # run registry: a draft number without a run fails
        from scanner.registry.check import gate

        if gate(result.scan):
            return 1
    from scanner.gate.cli import run_gate  # --policy/--evidence/CI outputs: 1 when the policy fails

    return run_gate(args, result)


def _subcommand(name: str) -> Callable[[list[str]], int]:
    fn: Callable[[list[str]], int] = _load(SUBCOMMANDS[name])  # type: ignore[assignment]  # by contract
    return fn


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``scan`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return _subcommand(argv[0])(argv[1:])
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse already printed its one-line usage error
            return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
        _configure_logging(args.quiet, args.verbose)
        return run_scan(args)
    except ScannerError as exc:
        print(f"scan: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("scan: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for a user; -v shows it in the log
        log.debug("internal error", exc_info=True)
        print(f"scan: internal error: {type(exc).__name__}: {exc} (rerun with -v for details)", file=sys.stderr)
        return 1
