"""pre-commit entry point: gate the staged drafts against a policy, fail the commit if any fails.

``python -m scanner.gate.hook [--policy FILE] [--evidence DIR] [--main DRAFT] FILES...``: each
file (or, with ``--main``, the main draft once whatever changed) is scanned with the policy;
scan.json goes to a temporary folder so the working tree stays clean. Exit 1 if any draft fails
its policy, 2 for a bad policy, otherwise the worst exit code of the scans.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scanner.cli import main as scan_main


def build_parser() -> argparse.ArgumentParser:
    """Arguments of the hook."""
    parser = argparse.ArgumentParser(prog="paper-scan-hook", description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default="paperscan.toml", help="policy file (default paperscan.toml)")
    parser.add_argument("--evidence", help="folder of result files every result number must trace to")
    parser.add_argument("--main", help="scan this main draft (e.g. paper/main.tex) whenever any file changed")
    parser.add_argument("files", nargs="*", help="changed drafts (passed by pre-commit)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Scan each draft with the policy; the worst exit code wins (1 = policy failed)."""
    args = build_parser().parse_args(argv)
    drafts = [args.main] if args.main else list(dict.fromkeys(args.files))
    if not drafts:
        return 0
    worst = 0
    with tempfile.TemporaryDirectory(prefix="paper-scan-hook-") as tmp:
        for i, draft in enumerate(drafts):
            flags = [draft, "--policy", args.policy, "-o", str(Path(tmp) / f"{i}.scan.json"), "-q"]
            if args.evidence:
                flags += ["--evidence", args.evidence]
            code = scan_main(flags)
            if code:
                print(f"paper-scan: {draft} fails {args.policy} (exit {code}); rerun "
                      f"`scan {draft} --policy {args.policy} --summary -` to see why", file=sys.stderr)
            worst = max(worst, code)
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
