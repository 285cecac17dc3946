"""Detector families on real corpus text: positive and negative cases, labels as the oracle."""

from __future__ import annotations

import pytest

from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.rubrics.registry import detectors
from tests.conftest import load_corpus_paper

ADAM = "arxiv-2025-simplifying-adam-bias-correction.pdf"
ACL = "acl2020-s2orc-open-research-corpus.pdf"
EACL = "eacl2023-longeval-human-eval-faithfulness.pdf"
HCI = "hci-eeg-mobile-feedback-f-stats.pdf"
JPSP = "psych-jpsp2014-oral-approach-avoidance.pdf"
MAUS = "psych-apa-stats-mausbach-caregivers-encoded-operators.pdf"
DPO = "neurips24ckl-dpo-direct-preference-optimization.pdf"
COGSCI = "cogsci2024-social-explanation-irb.pdf"
CITE = "neurips24ckl-citation-bias-peer-review.pdf"


def run(item: str, name: str) -> tuple[bool, bool, str]:
    """(applies, answer, justification) of detector ``item`` on corpus paper ``name``."""
    paper = load_corpus_paper(name)
    a = detectors()[item](paper, Facts(paper))
    for ev in a.evidence:  # every quote is grounded in the paper
        assert locate(paper, ev.quote.split(" ... ")[0]) is not None, ev.quote
    return a.applies, a.answer, a.justification


@pytest.mark.parametrize(
    ("item", "name", "expected"),
    [
        # limitations family
        pytest.param("limitations_section_present", EACL, (True, True), id="limitations-section"),
        pytest.param("limitations_section_present", CITE, (True, True), id="limitations-caveat-paragraph"),
        pytest.param("limitations_section_present", ACL, (True, False), id="limitations-none-acl"),
        pytest.param("scope_boundaries_stated", JPSP, (True, True), id="scope-jpsp"),
        # statistics family
        pytest.param("variance_reported", ACL, (True, True), id="variance-plusminus"),
        pytest.param("variance_reported", DPO, (True, False), id="variance-none-dpo"),
        pytest.param("sample_size_justified", JPSP, (True, True), id="power-analysis"),
        pytest.param("sample_size_justified", COGSCI, (True, False), id="n-without-justification"),
        # human studies applicability
        pytest.param("irb_or_ethics_approval", ADAM, (False, False), id="human-na-optimizer"),
        pytest.param("demographics_reported", HCI, (True, True), id="demographics-hci"),
        # conflicts family
        pytest.param("funding_disclosed", MAUS, (True, True), id="funding-author-note"),
        pytest.param("funder_independent_of_outcome", JPSP, (True, True), id="public-funder"),
        # rigor / leakage
        pytest.param("seed_sensitivity_reported", DPO, (True, False), id="seeds-without-spread"),
        pytest.param("non_independence_addressed", MAUS, (True, True), id="random-intercepts"),
        pytest.param("feature_leakage_addressed", JPSP, (False, False), id="leakage-na-behavioural"),
        # evaluation design
        pytest.param("per_category_breakdown", DPO, (True, True), id="breakdown-dpo"),
        pytest.param("baselines_contemporary", HCI, (True, True), id="internal-control"),
    ],
)
def test_detector_on_corpus(item: str, name: str, expected: tuple[bool, bool]) -> None:
    applies, answer, why = run(item, name)
    assert (applies, answer) == expected, why
