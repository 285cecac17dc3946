"""How many input tokens the llm engine would send per paper, against the per-paper budget.

``estimate_paper_tokens(paper)`` plans the first-pass requests exactly as the answerer does
(offline answers -> passages -> messages, plus the one claims/key findings/red flags request)
without calling any model; re-asks come on top.
``python -m scanner.llm.budget --corpus DIR`` prints one line per PDF of a folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from scanner.answer.llm import plan_findings, plan_requests
from scanner.answer.rules import answer_rubrics
from scanner.detectors.facts import Facts
from scanner.errors import ScannerError
from scanner.llm.cost import estimate_tokens
from scanner.llm.passages import DEFAULT_BUDGET
from scanner.paper import Paper


def estimate_paper_tokens(paper: Paper, budget: int = DEFAULT_BUDGET) -> dict[str, int | bool | str]:
    """Estimated first-pass input tokens of the llm engine for ``paper`` (all active rubrics)."""
    from scanner.pipeline import load_active_rubrics
    from scanner.rubrics.registry import detectors

    facts = Facts(paper)
    rubrics = load_active_rubrics(facts.methodology_tags, None)
    offline = answer_rubrics(paper, facts, rubrics, detectors())
    plans = [msgs for _, msgs in plan_requests(paper, rubrics, offline, budget)]
    plans.append(plan_findings(paper, rubrics, budget))
    tokens = sum(estimate_tokens("\n".join(m["content"] for m in msgs)) for msgs in plans)
    return {
        "paper": Path(paper.source).name,
        "rubrics": len(rubrics),
        "questions": sum(len(r.questions) for r in rubrics),
        "requests": len(plans),
        "input_tokens": tokens,
        "full_text_tokens": estimate_tokens(paper.text),
        "budget": budget,
        "within_budget": tokens <= budget,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Print estimated llm input tokens per corpus PDF; exit 1 if any paper is over budget."""
    from scanner.ingest import load_paper

    ap = argparse.ArgumentParser(prog="python -m scanner.llm.budget", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder of PDFs")
    ap.add_argument(
        "--budget", type=int, default=DEFAULT_BUDGET, help="input tokens per paper (default %(default)s)"
    )
    args = ap.parse_args(argv)
    over = 0
    print(f"{'paper':<64} {'questions':>9} {'input tok':>10} {'full text':>10}  budget {args.budget}")
    for pdf in sorted(args.corpus.glob("*.pdf")):
        try:
            row = estimate_paper_tokens(load_paper(str(pdf)), args.budget)
        except ScannerError as exc:
            print(f"{pdf.name[:64]:<64} skipped: {exc.one_line()[:80]}")
            continue
        over += not row["within_budget"]
        mark = "ok" if row["within_budget"] else "OVER"
        tokens = f"{row['input_tokens']:>10} {row['full_text_tokens']:>10}"
        print(f"{pdf.name[:64]:<64} {row['questions']:>9} {tokens}  {mark}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
