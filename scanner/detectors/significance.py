"""statistical_methodology.significance_tests, answered from the recomputed statistics.

A reported test statistic with a p-value (found and recomputed by :mod:`scanner.statistics`)
is the strongest evidence; without one, named tests or p-values in prose still count.
"""

from __future__ import annotations

from scanner.detectors.base import Answer, absent, compile_words, not_applicable, present
from scanner.detectors.facts import Facts
from scanner.evidence import cite, locate
from scanner.models import StatisticResult
from scanner.paper import Paper
from scanner.rubrics.registry import detector
from scanner.statistics import statistics

TESTS = compile_words(
    r"t-tests?", r"t\(\d+(?:\.\d+)?\)", r"F\(\d+,\s?\d+", r"chi-?squared?", r"\u03c7\s?2", r"ANOVA",
    r"Wilcoxon", r"Mann-Whitney", r"Fisher'?s exact", r"permutation test", r"bootstrap\w* test",
    r"p\s?[<=>]\s?0?\.\d+", r"p-values?", r"statistically significant", r"McNemar", r"Kruskal",
    r"(?:linear|logistic|multiple|ordinal|Poisson|probit|multilevel|hierarchical|OLS|mixed[- ]effects?) regression",
    r"regression (?:analys[ie]s|coefficients?|weights)", r"mixed-effects",
    r"(?:to )?(?:evaluate|assess|test|determine)d? the (?:statistical )?significance of",
    r"likelihood ratio test", r"sign test",
)
"""Named tests and p-values; "regression" only as a statistical analysis (not a model predicting a
continuous target, as in "density map regression" or "classification or regression tasks")."""
_TEST_KINDS = ("t", "F", "chi2", "r", "z")


_SEARCHED = "named statistical tests (t, F, \u03c7\u00b2, Wilcoxon, bootstrap, permutation) or p-values"


def _from_statistics(paper: Paper, tests: list[StatisticResult]) -> Answer | None:
    """A yes-answer quoting the first reported tests, or None if none can be quoted."""
    evidence = [ev for ev in (locate(paper, r.quote) for r in tests[:2]) if ev is not None]
    if not evidence:
        return None
    bad = sum(r.verdict in ("inconsistent", "decision_inconsistent") for r in tests)
    quotes = "; ".join(cite(e) for e in evidence)
    text = f"Test statistics with p-values are reported (the scanner found {len(tests)}), e.g. {quotes}."
    if bad:
        text += f" Recomputation (derived) finds {bad} inconsistent with their p-value; see red flags."
    return Answer(True, True, text, evidence)


@detector("significance_tests")
def significance_tests(paper: Paper, facts: Facts) -> Answer:
    """A named test or p-values supporting comparisons (reported test statistics first)."""
    tests = [r for r in statistics(paper) if r.test in _TEST_KINDS and r.p_comparison is not None]
    if tests and (facts.comparisons or len(tests) >= 2):
        answer = _from_statistics(paper, tests)
        if answer is not None:
            return answer
    if not facts.comparisons:
        return not_applicable("No comparisons between conditions or systems are claimed.")
    # Tests are reported where the work is described; an introduction saying what significance
    # would need, or related work citing others' tests, is not this paper's test.
    evidence = facts.find(TESTS)
    return present("A statistical test is reported", evidence) if evidence else absent(_SEARCHED)
