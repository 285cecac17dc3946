"""Statistical methodology: intervals, tests, effect sizes, sample size, variance."""

from __future__ import annotations

from scanner.detectors.base import Answer, compile_words, not_applicable, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

INTERVALS = compile_words(r"confidence intervals?", r"\d+\s?% CI", r"CI\s?[=\[]", r"error bars?", r"credible intervals?",
                          r"\u00b1", r"\+/-", r"standard errors? of the mean", r"shaded (?:region|area)s?")
TESTS = compile_words(r"t-tests?", r"t\(\d+(?:\.\d+)?\)", r"F\(\d+,\s?\d+", r"chi-?squared?", r"\u03c7\s?2", r"ANOVA",
                      r"Wilcoxon", r"Mann-Whitney", r"Fisher'?s exact", r"permutation test", r"bootstrap\w* test",
                      r"p\s?[<=>]\s?0?\.\d+", r"p-values?", r"statistically significant", r"McNemar", r"Kruskal",
                      r"regression", r"mixed-effects", r"likelihood ratio test", r"sign test")
EFFECTS = compile_words(r"Cohen'?s d", r"effect sizes?", r"odds ratios?", r"\u03b7\s?2", r"eta[- ]squared", r"Hedges'? g",
                        r"relative improvement", r"absolute improvement", r"improves? (?:by|over)", r"\d+(?:\.\d+)?\s?% (?:relative|absolute)",
                        r"\d+(?:\.\d+)?\s?(?:points?|pp)\b", r"\d+(?:\.\d+)?\s?[x\u00d7] (?:faster|speed|fewer|more|less)",
                        r"r\s?=\s?[-\u2212]?\.\d+", r"\u03b2\s?=", r"partial \u03b7")
SAMPLE_JUST = compile_words(r"power analysis", r"a priori power", r"G\*Power", r"sample size was (?:chosen|determined|based)",
                            r"to detect an effect", r"statistical power", r"sufficient (?:to|for) detect", r"precision of the estimate",
                            r"sample size justification", r"powered to")
VARIANCE = compile_words(r"standard deviations?", r"\bSD\b", r"\bSE\b", r"\bs\.d\.", r"std\.?", r"variance", r"\u00b1",
                         r"interquartile", r"IQR", r"across (?:\d+|five|three|ten|several|multiple) (?:random )?(?:seeds|runs|folds)",
                         r"standard errors?")


@detector("confidence_intervals_or_error_bars")
def confidence_intervals_or_error_bars(paper: Paper, facts: Facts) -> Answer:
    """CIs, error bars or +- spreads on results."""
    return rule(paper, applies=facts.quantitative, not_applicable_reason="No quantitative results are reported.",
                pattern=INTERVALS, found_what="Intervals or spreads are reported",
                searched="confidence intervals, error bars, \u00b1 spreads or credible intervals")


@detector("effect_sizes_reported")
def effect_sizes_reported(paper: Paper, facts: Facts) -> Answer:
    """Standardized effect size or a magnitude of difference against its baseline."""
    return rule(paper, applies=facts.comparisons, not_applicable_reason="No comparisons are claimed.",
                pattern=EFFECTS, found_what="Effect magnitudes are reported",
                searched="standardized effect sizes (Cohen's d, odds ratio, \u03b7\u00b2, r) or relative/absolute deltas")


@detector("sample_size_justified")
def sample_size_justified(paper: Paper, facts: Facts) -> Answer:
    """n stated and justified (power analysis or precision argument)."""
    return rule(paper, applies=facts.experiments or facts.human_participants,
                not_applicable_reason="No samples of participants, items or evaluation examples are used.",
                pattern=SAMPLE_JUST, found_what="The sample size is justified",
                searched="a power analysis or another justification of the sample size (stating n alone is not one)")


@detector("variance_reported")
def variance_reported(paper: Paper, facts: Facts) -> Answer:
    """SD/SE/IQR or variance across runs."""
    return rule(paper, applies=facts.quantitative, not_applicable_reason="No quantitative results are reported.",
                pattern=VARIANCE, found_what="Variance is reported",
                searched="standard deviations, standard errors, IQR or variance across runs, seeds or folds")
