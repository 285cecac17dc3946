"""significance_tests: a test reported by this paper, not one the introduction says others need.

Real corpus text for both sides, plus generated papers for the section and wording edge cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.detectors.facts import Facts
from scanner.detectors.significance import significance_tests
from scanner.evidence import locate
from scanner.paper import Paper
from tests.conftest import load_corpus_paper
from tests.test_claims import make_pdf


def _answer(paper: Paper) -> tuple[bool, str]:
    a = significance_tests(paper, Facts(paper))
    for ev in a.evidence:
        assert locate(paper, ev.quote) is not None, ev.quote
    return a.answer, a.justification


@pytest.mark.parametrize(("name", "expected", "quoted"), [
    # the introduction says what significance would need (Wei and Jia, 2021): not a test of this paper
    pytest.param("eacl2023-longeval-human-eval-faithfulness.pdf", False, "", id="intro-need-is-no-test"),
    # "density map regression" is a model predicting counts, not a regression analysis
    pytest.param("arxiv-1804.07821-crowd-counting-cv.pdf", False, "", id="ml-regression-is-no-test"),
    # "classification or regression tasks" is not a test, but an empirical null of 1000 random runs is
    pytest.param("neurips24ckl-activmetal-active-meta-learning.pdf", True, "To evaluate the significance",
                 id="significance-evaluated-against-random-runs"),
    pytest.param("hci-chi2023-citesee-user-study.pdf", True, "ordinal regression analysis", id="regression-analysis"),
    pytest.param("cogsci2024-social-explanation-irb.pdf", True, "", id="reported-test-statistics"),
])
def test_significance_on_corpus(name: str, expected: bool, quoted: str) -> None:
    answer, text = _answer(load_corpus_paper(name))
    assert answer is expected, text
    assert quoted in text


def _paper(tmp_path: Path, intro: str, results: str) -> Paper:
    return make_pdf(tmp_path / "sig.pdf", [
        ("Comparing Two Summarizers", 16), ("Alice Smith and Bob Jones", 11), ("Abstract", 12),
        ("We compare two summarizers and find that ours outperforms the baseline on both datasets.", 10),
        ("1 Introduction", 12), (intro, 10),
        ("2 Method", 12), ("We compared the systems with the baseline on the same test set of news articles.", 10),
        ("3 Results", 12), (results, 10),
        ("4 Conclusion", 12), ("Our system outperforms the baseline versus the prior method.", 10),
    ])


def test_a_test_named_only_in_the_introduction_does_not_count(tmp_path: Path) -> None:
    paper = _paper(tmp_path, "Prior work used a paired t-test with p < 0.05 to compare summarizers.",
                   "Our system reaches 41.2 ROUGE compared to 39.8 for the baseline.")
    answer, text = _answer(paper)
    assert answer is False, text


def test_a_test_in_the_results_counts(tmp_path: Path) -> None:
    paper = _paper(tmp_path, "Summaries are hard to evaluate and we study two systems here.",
                   "A paired bootstrap test shows the difference is significant (p < 0.01).")
    answer, text = _answer(paper)
    assert answer is True and "bootstrap" in text, text
