"""Rarely-run branches of scanner.review_flags on generated PDFs.

Covers the ``high`` severity of ``small_sample`` (n below 10) and ``significance_without_test``
raised in the same call as ``no_ethics_approval``: both functions first hold the participant
evidence as a list and then a single sentence Evidence, which must be cited and listed as one item.
"""

from __future__ import annotations

from pathlib import Path

from scanner.detectors.base import Answer
from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.models import RedFlag
from scanner.paper import Paper
from scanner.review_flags import checklist_gap_flags, sample_flags
from tests.test_claims import make_pdf


def _study_paper(tmp_path: Path, n_sentence: str, results: str) -> Paper:
    return make_pdf(tmp_path / "study.pdf", [
        ("Feedback Timing in a Lab Study", 16), ("Alice Smith and Bob Jones", 11), ("Abstract", 12),
        ("We report a lab study on feedback timing with participants recruited on campus.", 10),
        ("1 Introduction", 12), ("Feedback timing matters for learning and we study it with people.", 10),
        ("2 Method", 12),
        (f"We recruited our participants from the university. {n_sentence} All participants completed "
         "the lab study in one session, and the participants were paid for their time.", 10),
        ("3 Results", 12), (results, 10),
        ("4 Conclusion", 12), ("Early feedback was preferred by most people in this lab study.", 10),
    ])


def _grounded(paper: Paper, flag: RedFlag) -> None:
    assert flag.evidence, flag
    for ev in flag.evidence:
        assert locate(paper, ev.quote), ev.quote
        assert f'"{ev.quote}"' in flag.detail or flag.kind == "no_ethics_approval"
    assert flag.detail.count('"') % 2 == 0
    RedFlag.model_validate(flag.model_dump())


def test_small_sample_below_ten_is_high(tmp_path: Path) -> None:
    paper = _study_paper(tmp_path, "In total n = 8 participants took part.",
                         "Early feedback led to faster responses than late feedback in most sessions.")
    facts = Facts(paper)
    assert facts.human_participants
    flags = sample_flags(paper, facts, {})
    assert [f.kind for f in flags] == ["small_sample"]
    flag = flags[0]
    assert flag.severity == "high" and "n = 8" in flag.flag
    assert len(flag.evidence or []) == 1 and "n = 8" in (flag.evidence or [])[0].quote
    _grounded(paper, flag)


def test_small_sample_between_ten_and_twenty_is_medium(tmp_path: Path) -> None:
    paper = _study_paper(tmp_path, "In total n = 14 participants took part.",
                         "Early feedback led to faster responses than late feedback in most sessions.")
    flags = sample_flags(paper, Facts(paper), {})
    assert [(f.kind, f.severity) for f in flags] == [("small_sample", "medium")]


def test_significance_without_test_after_ethics_flag(tmp_path: Path) -> None:
    paper = _study_paper(tmp_path, "In total n = 40 participants took part.",
                         "Early feedback produced significantly better recall than late feedback overall.")
    facts = Facts(paper)
    assert facts.human_participants
    missing = Answer(applies=True, answer=False, justification="not found")
    checklist = {"human_studies": {"irb_or_ethics_approval": missing},
                 "statistical_methodology": {"significance_tests": missing}}
    flags = checklist_gap_flags(paper, facts, checklist)
    assert [f.kind for f in flags] == ["no_ethics_approval", "significance_without_test"]
    ethics, sig = flags
    assert ethics.evidence and len(ethics.evidence) == 1
    assert sig.evidence and len(sig.evidence) == 1
    assert "significantly better" in sig.evidence[0].quote
    assert sig.detail.startswith(f'"{sig.evidence[0].quote}"')
    for flag in flags:
        _grounded(paper, flag)


def test_significance_without_test_needs_a_claim(tmp_path: Path) -> None:
    paper = _study_paper(tmp_path, "In total n = 40 participants took part.",
                         "Early feedback produced better recall than late feedback overall.")
    missing = Answer(applies=True, answer=False, justification="not found")
    flags = checklist_gap_flags(paper, Facts(paper), {"statistical_methodology": {"significance_tests": missing}})
    assert flags == []


def test_a_section_number_above_participants_is_not_a_sample_size(tmp_path: Path) -> None:
    paper = make_pdf(tmp_path / "heading.pdf", [
        ("Feedback Timing in a Lab Study", 16), ("Alice Smith and Bob Jones", 11), ("Abstract", 12),
        ("We report a lab study on feedback timing with participants recruited on campus.", 10),
        ("1 Introduction", 12), ("Feedback timing matters for learning and we study it with people.", 10),
        ("2 Method", 12),
        ("Participants were recruited from the university and paid for their time. They took part in the "
         "lab study after giving informed consent.", 10),
        ("3 Results", 12), ("Early feedback led to faster responses than late feedback.", 10),
    ])
    facts = Facts(paper)
    assert facts.human_participants
    assert [f.kind for f in sample_flags(paper, facts, {})] == ["sample_size_unstated"]
