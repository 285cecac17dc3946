"""The gate's flags on ``scan``: ``--policy``, ``--evidence`` and the CI outputs.

``configure`` runs before the scan (a broken policy or evidence folder stops with exit 2 and no
scan is written); ``run_gate`` runs after scan.json is written and returns 1 when the policy
fails, 0 when it passes.
"""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING

from scanner.gate.policy import Policy, default_policy, load_policy

if TYPE_CHECKING:
    from scanner.pipeline import ScanOptions, ScanResult

log = logging.getLogger(__name__)
_OUTPUT_FLAGS = ("annotations", "sarif", "junit", "summary")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the policy-gate flags to the ``scan`` parser."""
    group = parser.add_argument_group("policy gate (CI); exit 1 when the policy fails")
    group.add_argument("--policy", metavar="FILE", help="TOML policy the paper must satisfy (see README)")
    group.add_argument(
        "--evidence",
        metavar="DIR",
        help="folder of result files (.json/.jsonl/.csv): every number of the abstract, results and "
        "claims must match one of their values, else an unsupported_number red flag",
    )
    group.add_argument(
        "--annotations", choices=("github",), help="print GitHub Actions annotations on stdout"
    )
    group.add_argument("--sarif", metavar="FILE", help="write the gate's findings as SARIF 2.1.0")
    group.add_argument("--junit", metavar="FILE", help="write one JUnit testcase per policy rule")
    group.add_argument(
        "--summary", metavar="FILE", help="write a Markdown summary (e.g. $GITHUB_STEP_SUMMARY)"
    )


def gate_requested(args: argparse.Namespace) -> bool:
    """True when any gate flag was given."""
    return any(getattr(args, name, None) for name in ("policy", "evidence") + _OUTPUT_FLAGS)


def configure(args: argparse.Namespace, options: ScanOptions) -> None:
    """Before the scan: load and check the policy, load the evidence and add its check."""
    if getattr(args, "policy", None):
        args.gate_policy = load_policy(args.policy)
    if getattr(args, "evidence", None):
        from scanner.gate.evidence import evidence_check

        options.extra_checks.append(evidence_check(args.evidence))


def run_gate(args: argparse.Namespace, result: ScanResult) -> int:
    """After the scan: evaluate the policy, write the CI outputs; 1 if the policy failed."""
    if not gate_requested(args):
        return 0
    from scanner.gate.evaluate import evaluate
    from scanner.gate.outputs import github_annotations, junit_xml, markdown_summary, sarif_text
    from scanner.output import emit

    policy: Policy = getattr(args, "gate_policy", None) or (
        load_policy(args.policy) if args.policy else default_policy()
    )
    gate = evaluate(policy, result.scan)
    if args.annotations == "github":
        emit(github_annotations(gate), "-")
    for flag, render in (("sarif", sarif_text), ("junit", junit_xml), ("summary", markdown_summary)):
        if getattr(args, flag):
            emit(render(gate), getattr(args, flag))
    for check in gate.failures:
        log.error("policy failed: %s: %s", check.title, check.message)
    if gate.passed:
        log.info("policy passed: %d rules (%s)", len(gate.checks), policy.path)
        return 0
    return 1
