"""Author checklists: parsed from the corpus papers that carry one, checked against the body."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from scanner.ingest import load_paper
from scanner.integrity.checklist import checklist_flags, map_items, parse_checklist
from tests.conftest import load_corpus_paper, scan_corpus_paper

# Answers after "Answer:" only (the template's "[Yes], [No], or [NA]" line is not an answer).
EXPECTED = [
    pytest.param("neurips24ckl-dpo-direct-preference-optimization.pdf", {"yes": 11, "no": 3, "na": 1}, id="dpo"),
    pytest.param("neurips24ckl-activmetal-active-meta-learning.pdf", {"yes": 9, "na": 4, "no": 2}, id="activmetal"),
    pytest.param("neurips24ckl-autosurvey-challenge-llm.pdf", {"no": 6, "na": 5, "yes": 4}, id="autosurvey"),
    pytest.param("neurips24ckl-deep-statistical-solvers.pdf", {"yes": 10, "na": 4, "todo": 1}, id="dss"),
    pytest.param("neurips24ckl-meta-album-many-tables.pdf", {"yes": 12, "na": 3}, id="meta-album"),
    pytest.param("neurips24ckl-citation-bias-peer-review.pdf", {"yes": 8, "na": 6, "no": 1}, id="citation-bias"),
    pytest.param("neurips25ckl-epic-mllm-consistency-distillation.pdf", {"yes": 10, "na": 5, "no": 1}, id="epic"),
    pytest.param("neurips25ckl-unfilled-todo-brc-anomaly-detection.pdf", {"todo": 15}, id="brc-unfilled"),
]


@pytest.mark.parametrize(("name", "counts"), EXPECTED)
def test_corpus_checklists_parse(corpus: Path, name: str, counts: dict[str, int]) -> None:
    parsed = parse_checklist(load_corpus_paper(name))
    assert parsed is not None and parsed[0] == "neurips"
    assert Counter(a.answer for a in parsed[1]) == counts
    titles = [a.question for a in parsed[1]]
    assert titles[0] == "Claims" and titles[1] == "Limitations"


def test_papers_without_checklist_parse_to_none(corpus: Path) -> None:
    assert parse_checklist(load_corpus_paper("arxiv-papermage-emnlp2023-demo.pdf")) is None


def test_mapping_onto_our_items() -> None:
    assert map_items("Experiment Statistical Significance") == [
        "statistical_methodology.confidence_intervals_or_error_bars", "statistical_methodology.variance_reported"]
    assert map_items("Open access to data and code") == ["artifacts.code_released", "artifacts.data_released"]
    assert map_items("Experiments Compute Resources") == ["cost_and_practicality.compute_budget_stated"]
    assert map_items("Institutional Review Board (IRB) Approvals or Equivalent for Research with Human Subjects") == [
        "human_studies.irb_or_ethics_approval"]
    assert map_items("Safeguards") == []


def test_unfilled_template_is_flagged_and_stored(corpus: Path) -> None:
    scan = scan_corpus_paper("neurips25ckl-unfilled-todo-brc-anomaly-detection.pdf")
    assert scan["author_checklist"]["unfilled"] == 15
    flags = [f for f in scan["red_flags"] if f.get("kind") == "checklist_unfilled"]
    assert len(flags) == 1 and flags[0]["severity"] == "medium"
    assert '"Answer: [TODO]"' in flags[0]["detail"]
    assert not [f for f in scan["red_flags"] if f.get("kind") == "checklist_contradiction"]


def test_contradiction_quotes_the_checklist_and_what_was_searched(corpus: Path) -> None:
    """DPO answers Yes to statistical significance; the body reports no error bars or variance."""
    scan = scan_corpus_paper("neurips24ckl-dpo-direct-preference-optimization.pdf")
    answers = {a["number"]: a for a in scan["author_checklist"]["answers"]}
    assert answers["7"]["answer"] == "yes" and answers["7"]["verdict"] == "contradicted"
    flag = next(f for f in scan["red_flags"] if f.get("kind") == "checklist_contradiction"
                and "question 7" in f["detail"])
    assert '"See section 6 and Appendix B and C."' in flag["detail"]
    assert "Not found: searched the full text for" in flag["detail"]
    assert flag["evidence"][0]["section"] == "7. Experiment Statistical Significance"


def test_checklist_is_never_evidence_for_our_answers(corpus: Path) -> None:
    paper = load_corpus_paper("neurips24ckl-dpo-direct-preference-optimization.pdf")
    scan = scan_corpus_paper("neurips24ckl-dpo-direct-preference-optimization.pdf")
    checklist_titles = {s.title for s in paper.sections if s.kind == "checklist"}
    for items in scan["checklist"].values():
        for item in items.values():
            assert not {e.get("section") for e in item.get("evidence") or []} & checklist_titles


ACL = [
    "Responsible NLP Checklist",
    "A For every submission:",
    "A1. Did you describe the limitations of your work? Section 7",
    "A2. Did you discuss any potential risks of your work? Left blank.",
    "C For every submission with computational experiments:",
    "C1. Did you report the number of parameters and the total computational budget? Not applicable.",
    "C3. Did you report descriptive statistics about your results (error bars, multiple runs)? Section 5",
]


def test_acl_responsible_nlp_checklist(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "1 Introduction", fontsize=12, fontname="hebo")
    page.insert_text((72, 96), "We evaluate a parser on three treebanks and report accuracy only.", fontsize=10)
    page.insert_text((72, 112), "The model is trained once with default settings on one GPU.", fontsize=10)
    y = 160.0
    for i, line in enumerate(ACL):
        page.insert_text((72, y), line, fontsize=12 if i == 0 else 9, fontname="hebo" if i == 0 else "helv")
        y += 18
    doc.save(tmp_path / "acl.pdf")
    paper = load_paper(str(tmp_path / "acl.pdf"))
    parsed = parse_checklist(paper)
    assert parsed is not None and parsed[0] == "acl"
    got = [(a.number, a.answer, a.items) for a in parsed[1]]
    assert got == [
        ("A1", "yes", ["limitations_and_scope.limitations_section_present"]),
        ("A2", "blank", []),
        ("C1", "na", ["cost_and_practicality.compute_budget_stated"]),
        ("C3", "yes", ["statistical_methodology.confidence_intervals_or_error_bars",
                       "statistical_methodology.variance_reported"]),
    ]
    flags = checklist_flags(paper, None, {})  # type: ignore[arg-type]  # facts unused
    assert [f.kind for f in flags] == ["checklist_unfilled"]
