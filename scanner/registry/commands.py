"""``scan registry verify|list|show|check`` and the ``--registry`` flag of ``scan DRAFT``.

stdout carries the data (problems, runs, unbacked numbers; JSON with ``--json``); one-line
summaries go to stderr. Exit codes: 0 ok, 1 tampering / unbacked numbers, 2 usage, 3 no or
unreadable registry.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from scanner.errors import EXIT_USAGE, UsageError
from scanner.registry import DEFAULT_REGISTRY
from scanner.registry.db import Registry, Run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``--registry`` flag of ``scan DRAFT`` (check every draft number against recorded runs)."""
    parser.add_argument("--registry", metavar="SQLITE", default=None,
                        help="run registry (e.g. experiments/registry.sqlite): flag draft numbers no "
                             "recorded run backs as unsupported_number and exit 1 if there are any")


def build_parser() -> argparse.ArgumentParser:
    """Parser of ``scan registry``."""
    parser = argparse.ArgumentParser(prog="scan registry", description="Inspect and verify the run registry.")
    parser.add_argument("--registry", default=DEFAULT_REGISTRY,
                        help=f"registry file (default {DEFAULT_REGISTRY})")
    sub = parser.add_subparsers(dest="action", required=True)
    for name, text in (("verify", "walk the hash chain and re-hash output files; exit 1 on tampering"),
                       ("list", "one line per run")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--json", action="store_true", help="JSON on stdout")
    sub.choices["verify"].add_argument("--pinned", metavar="HASH",
                                       help="a head hash kept elsewhere (git); fail if it left the chain")
    show = sub.add_parser("show", help="every field of one run")
    show.add_argument("run_id")
    show.add_argument("--json", action="store_true", help="JSON on stdout")
    check = sub.add_parser("check", help="exit 1 when a draft has numbers no recorded run backs (pre-commit)")
    check.add_argument("drafts", nargs="+", metavar="DRAFT", help=".md or .tex files")
    check.add_argument("--json", action="store_true", help="JSON on stdout")
    for p in (*sub.choices.values(),):
        p.add_argument("--registry", default=argparse.SUPPRESS, help="registry file")
    return parser


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, sort_keys=True))


def _line(run: Run) -> str:
    commit = (run.git_commit or "-")[:10] + ("+dirty" if run.git_dirty else "")
    return f"{run.run_id}  {run.status:<6}  {run.name}  {run.started}  {commit}  {len(run.results)} values"


def do_verify(args: argparse.Namespace) -> int:
    """``scan registry verify``."""
    from scanner.registry.verify import head, verify

    with Registry(args.registry) as reg:
        problems, rows, top = verify(reg, pinned=args.pinned), len(reg.raw_rows()), head(reg)
    bad = [p for p in problems if p.tampering]
    if args.json:
        _print_json({"ok": not bad, "rows": rows, "head": top,
                     "problems": [{"kind": p.kind, "seq": p.seq, "run_id": p.run_id, "message": p.message,
                                   "tampering": p.tampering} for p in problems]})
    else:
        for p in problems:
            print(f"{'TAMPERED' if p.tampering else 'warning'}: {p.message}")
    verdict = f"{len(bad)} problem(s): registry was tampered with" if bad else "chain intact"
    print(f"scan: {args.registry}: {rows} runs, {verdict}", file=sys.stderr)
    return 1 if bad else 0


def do_list(args: argparse.Namespace) -> int:
    """``scan registry list``."""
    with Registry(args.registry) as reg:
        runs = reg.runs()
    if args.json:
        _print_json([r.to_json() for r in runs])
    else:
        for run in runs:
            print(_line(run))
    return 0


def do_show(args: argparse.Namespace) -> int:
    """``scan registry show RUN_ID``."""
    with Registry(args.registry) as reg:
        run = reg.get(args.run_id)
    if run is None:
        raise UsageError(f"no run {args.run_id} in {args.registry}", hint="see scan registry list")
    if args.json:
        _print_json(run.to_json())
        return 0
    for key, value in run.to_json().items():
        if isinstance(value, dict):
            print(f"{key}:")
            for k, v in value.items():
                print(f"  {k}: {v}")
        else:
            print(f"{key}: {' '.join(value) if isinstance(value, list) else value}")
    return 0


def do_check(args: argparse.Namespace) -> int:
    """``scan registry check DRAFT...``: print every unbacked number; exit 1 if any."""
    from scanner.registry.check import check_files

    findings = check_files(args.drafts, args.registry)
    if args.json:
        _print_json([f.to_json() for f in findings])
    else:
        for f in findings:
            print(f.message())
    if findings:
        print(f"scan: {len(findings)} number(s) without a recorded run; record the run with scan run, then "
              "annotate the number with <!-- run:RUN_ID --> or % run:RUN_ID", file=sys.stderr)
        return 1
    return 0


ACTIONS = {"verify": do_verify, "list": do_list, "show": do_show, "check": do_check}


def main(argv: list[str]) -> int:
    """Entry point of ``scan registry``."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    return ACTIONS[args.action](args)
