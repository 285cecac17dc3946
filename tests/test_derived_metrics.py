"""F1 recomputed from the precision and recall reported beside it (scanner.integrity.derived)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.integrity.derived import Reported, derived_metric_flags, f1_consistent
from tests.conftest import load_corpus_paper
from tests.test_claims import make_pdf


def test_harmonic_mean_with_rounding() -> None:
    assert f1_consistent(Reported(48.8, 0.1), Reported(35.2, 0.1), Reported(40.9, 0.1))
    assert f1_consistent(Reported(48.8, 0.1), Reported(35.2, 0.1), Reported(41.0, 0.1))  # rounding of the parts
    assert not f1_consistent(Reported(48.8, 0.1), Reported(35.2, 0.1), Reported(29.1, 0.1))
    assert f1_consistent(Reported(50.0, 1.0), Reported(50.0, 1.0), Reported(50.0, 1.0))
    assert not f1_consistent(Reported(90.0, 1.0), Reported(10.0, 1.0), Reported(50.0, 1.0))  # arithmetic mean


def test_corpus_paper_with_impossible_f1_is_flagged() -> None:
    paper = load_corpus_paper("llm-gaps-in-safety-net-neurips-checklist-analysis.pdf")
    flags = derived_metric_flags(paper, Facts(paper), {})
    assert len(flags) == 1
    flag = flags[0]
    assert flag.kind == "derived_metric_mismatch" and flag.severity == "low"
    assert "29.1% F1-score" in flag.evidence[0].quote and locate(paper, flag.evidence[0].quote)
    assert "40.9" in flag.detail and "(derived)" in flag.detail


@pytest.mark.parametrize("name", ["neurips25ckl-unfilled-todo-brc-anomaly-detection.pdf",
                                  "acl2020-s2orc-open-research-corpus.pdf"])
def test_corpus_papers_without_recomputable_f1_are_not_flagged(name: str) -> None:
    paper = load_corpus_paper(name)  # defines F1 as the harmonic mean, or reports F1 alone
    assert derived_metric_flags(paper, Facts(paper), {}) == []


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("The detector reaches a precision of 0.80, a recall of 0.60 and an F1 of 0.69 on the test set.", False),
    ("The detector reaches a precision of 0.80, a recall of 0.60 and an F1 of 0.55 on the test set.", True),
    ("The detector reaches 80% precision, 60% recall and 55% F1 on the test set.", True),
    ("The detector reaches 80% precision, 60% recall and a macro F1 of 55% over the classes.", False),
    ("The detector reaches 80% precision and 60% recall; its F1 is discussed later.", False),
])
def test_generated_sentences(tmp_path: Path, sentence: str, flagged: bool) -> None:
    paper = make_pdf(tmp_path / "p.pdf", [("A Detector", 16), ("Abstract", 12), ("We build a detector.", 10),
                                          ("1 Results", 12), (sentence, 10)])
    assert bool(derived_metric_flags(paper, Facts(paper), {})) is flagged
