"""Design red flags (scanner.review_flags) on corpus papers and generated PDFs, positive and negative."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.models import RedFlag
from scanner.paper import Paper
from scanner.review_flags import model_mismatch_flags, self_citation_flags
from tests.conftest import load_corpus_paper, scan_corpus_paper
from tests.test_claims import make_pdf


def kinds(name: str) -> dict[str, dict]:
    """Red flags of the offline scan of a corpus paper, by kind."""
    return {f.get("kind"): f for f in scan_corpus_paper(name)["red_flags"]}


def assert_grounded(paper: Paper, flag: dict) -> None:
    for ev in flag.get("evidence") or []:
        assert all(locate(paper, part) for part in ev["quote"].split(" ... ")), ev
        assert ev["page"]
    assert flag["detail"].count('"') % 2 == 0


def test_small_sample_positive() -> None:
    name = "hci-eeg-mobile-feedback-f-stats.pdf"
    flag = kinds(name)["small_sample"]
    assert "Fifteen" in flag["flag"] and flag["severity"] == "medium"
    assert_grounded(load_corpus_paper(name), flag)


@pytest.mark.parametrize("name", ["cogsci2024-social-explanation-irb.pdf", "psych-jpsp2014-oral-approach-avoidance.pdf",
                                  "llm-mathpile-pretraining-corpus-contamination.pdf"])
def test_small_sample_negative(name: str) -> None:
    assert "small_sample" not in kinds(name)  # N = 150 / hundreds of participants / no participants


def test_no_ethics_approval_positive_and_negative() -> None:
    name = "psych-apa-stats-mausbach-caregivers-encoded-operators.pdf"
    flag = kinds(name)["no_ethics_approval"]
    assert_grounded(load_corpus_paper(name), flag)
    assert "no_ethics_approval" not in kinds("cogsci2024-social-explanation-irb.pdf")  # states IRB approval


def test_flags_are_schema_kinds() -> None:
    for name in ("hci-eeg-mobile-feedback-f-stats.pdf", "neurips24ckl-autosurvey-challenge-llm.pdf"):
        for flag in scan_corpus_paper(name)["red_flags"]:
            RedFlag.model_validate(flag)
            assert flag["kind"] and flag["severity"]


def _validation_paper(tmp_path: Path, cited_authors: str) -> Paper:
    return make_pdf(tmp_path / "v.pdf", [
        ("Validated Metrics for Testing", 16), ("Alice Smith and Bob Jones", 11), ("Abstract", 12),
        ("We find that our metric reaches an accuracy of 91.7% with GPT-4 on the benchmark.", 10),
        ("1 Introduction", 12), ("Metrics matter for the evaluation of systems and we study them here.", 10),
        ("2 Method", 12), ("Our metric has been validated in prior work [1]. We apply it without changes.", 10),
        ("3 Results", 12),
        ("With Llama-2 the metric reaches 91.7 accuracy on the benchmark, above every baseline.", 10),
        ("4 Conclusion", 12), ("The metric is accurate on the benchmark.", 10),
        ("References", 12),
        (f"[1] {cited_authors}. 2020. A validated metric for testing systems. In Proceedings of ACL.", 10),
    ])


def test_self_citation_validation(tmp_path: Path) -> None:
    own = _validation_paper(tmp_path, "Alice Smith and Carol White")
    flags = self_citation_flags(own, Facts(own), {})
    assert [f.kind for f in flags] == ["self_citation_validation"]
    assert "smith" in flags[0].detail and flags[0].evidence and locate(own, flags[0].evidence[0].quote)
    other = _validation_paper(tmp_path, "Dana Brown and Carol White")
    assert self_citation_flags(other, Facts(other), {}) == []


def test_model_mismatch(tmp_path: Path) -> None:
    paper = _validation_paper(tmp_path, "Dana Brown and Carol White")
    flags = model_mismatch_flags(paper, Facts(paper), {})
    assert [f.kind for f in flags] == ["model_mismatch"] and "GPT-4" in flags[0].flag and "llama" in flags[0].detail
    dpo = load_corpus_paper("neurips24ckl-dpo-direct-preference-optimization.pdf")
    assert model_mismatch_flags(dpo, Facts(dpo), {}) == []  # claims name no model the experiments lack


@pytest.mark.parametrize(("name", "word"), [("arxiv-1804.07821-crowd-counting-cv.pdf", "completely"),
                                            ("arxiv-2025-simplifying-adam-bias-correction.pdf", "always")])
def test_sweeping_claim_positive(name: str, word: str) -> None:
    flag = kinds(name)["sweeping_claim"]
    assert f"({word})" in flag["flag"] and flag["severity"] == "low"
    assert word in flag["evidence"][0]["quote"]
    assert_grounded(load_corpus_paper(name), flag)


@pytest.mark.parametrize("name", ["neurips24ckl-activmetal-active-meta-learning.pdf",  # "does not always beat"
                                  "cogsci2024-social-explanation-irb.pdf"])
def test_sweeping_claim_negative(name: str) -> None:
    assert "sweeping_claim" not in kinds(name)


def test_sweeping_claim_ignores_hedged_wording(tmp_path: Path) -> None:
    from scanner.review_flags import sweeping_claim_flags

    paper = make_pdf(tmp_path / "p.pdf", [
        ("Ranking Baselines Revisited", 16), ("Abstract", 12),
        ("We find that the ranker does not always beat the median baseline, but it achieves 81.5% accuracy on "
         "the benchmark.", 10),
        ("1 Introduction", 12), ("Ranking matters.", 10), ("2 Results", 12),
        ("The ranker reaches 81.5% accuracy against 78.0% for the median baseline.", 10),
    ])
    assert sweeping_claim_flags(paper, Facts(paper), {}) == []
    swept = make_pdf(tmp_path / "q.pdf", [
        ("Ranking Baselines Revisited", 16), ("Abstract", 12),
        ("We find that the ranker always beats the median baseline and achieves 81.5% accuracy on the "
         "benchmark.", 10),
        ("1 Introduction", 12), ("Ranking matters.", 10), ("2 Results", 12),
        ("The ranker reaches 81.5% accuracy against 78.0% for the median baseline.", 10),
    ])
    assert [f.kind for f in sweeping_claim_flags(swept, Facts(swept), {})] == ["sweeping_claim"]


@pytest.mark.parametrize("name", ["cogsci2024-social-explanation-irb.pdf",
                                  "psych-apa-stats-mausbach-caregivers-encoded-operators.pdf"])
def test_uncorrected_tests_positive(name: str) -> None:
    flag = kinds(name)["uncorrected_tests"]
    assert flag["severity"] == "low" and "derived count" in flag["detail"]
    assert "p" in flag["evidence"][0]["quote"]
    assert_grounded(load_corpus_paper(name), flag)


@pytest.mark.parametrize("name", ["hci-eeg-mobile-feedback-f-stats.pdf",  # Sidak-corrected
                                  "psych-meta-nuijten2016-statistical-reporting-errors.pdf",  # few own tests
                                  "neurips24ckl-dpo-direct-preference-optimization.pdf"])  # no tests at all
def test_uncorrected_tests_negative(name: str) -> None:
    assert "uncorrected_tests" not in kinds(name)


def test_significance_claimed_as_an_introduction_finding() -> None:
    """'Finding: ... leads to significantly higher agreement' in the introduction is the paper's own claim."""
    name = "eacl2023-longeval-human-eval-faithfulness.pdf"
    flag = kinds(name)["significance_without_test"]
    assert flag["evidence"][0]["quote"].startswith("Finding:")
    assert_grounded(load_corpus_paper(name), flag)


def test_significance_in_introduction_motivation_is_not_a_claim(tmp_path: Path) -> None:
    from scanner.review_flags import _significance_claim

    blocks = [("Agreement in Annotation", 16), ("Abstract", 12), ("We study annotation of summaries.", 10),
              ("1 Introduction", 12)]
    paper = make_pdf(tmp_path / "p.pdf", blocks + [
        ("Design decisions such as granularity can lead to significantly higher agreement in earlier studies.", 10)])
    assert _significance_claim(paper) is None
    paper = make_pdf(tmp_path / "q.pdf", blocks + [
        ("Finding: fine-grained annotation leads to significantly higher agreement than coarse annotation.", 10)])
    found = _significance_claim(paper)
    assert found is not None and found.quote.startswith("Finding:")
