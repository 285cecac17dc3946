"""Statistical methodology: intervals, tests, effect sizes, sample size, variance."""

from __future__ import annotations

from scanner.detectors.base import Answer, absent, compile_words, not_applicable, present, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

INTERVALS = compile_words(r"confidence intervals?", r"\d+\s?% CI", r"CI\s?[=\[]", r"error bars?",
                          r"credible intervals?",
                          r"\u00b1", r"\+/-", r"standard errors? of the mean", r"shaded (?:region|area)s?")
TESTS = compile_words(r"t-tests?", r"t\(\d+(?:\.\d+)?\)", r"F\(\d+,\s?\d+", r"chi-?squared?", r"\u03c7\s?2", r"ANOVA",
                      r"Wilcoxon", r"Mann-Whitney", r"Fisher'?s exact", r"permutation test", r"bootstrap\w* test",
                      r"p\s?[<=>]\s?0?\.\d+", r"p-values?", r"statistically significant", r"McNemar", r"Kruskal",
                      r"regression", r"mixed-effects", r"likelihood ratio test", r"sign test")
EFFECTS = compile_words(r"Cohen'?s d", r"effect sizes?", r"odds ratios?", r"\u03b7\s?2", r"eta[- ]squared",
                        r"Hedges'? g",
                        r"relative improvement", r"absolute improvement", r"improves? (?:by|over)",
                        r"\d+(?:\.\d+)?\s?% (?:relative|absolute)",
                        r"\d+(?:\.\d+)?\s?(?:points?|pp)\b",
                        r"\d+(?:\.\d+)?\s?[x\u00d7] (?:faster|speed|fewer|more|less)",
                        r"r\s?=\s?[-\u2212]?0?\.\d+", r"\u03b2\s?=", r"partial \u03b7", r"\u0394\s?elpd",
                        r"\d+(?:\.\d+)?%? (?:vs\.?|versus) \d+(?:\.\d+)?",
                        r"\d+(?:\.\d+)?\s?% (?:higher|lower|more|less|increase|decrease|reduction|improvement|better|w"
                        r"orse)",
                        r"(?:from|reduces?|reduced|decreas\w+|increas\w+) (?:\w+ )?(?:from )?\d+(?:\.\d+)? to \d+(?:\."
                        r"\d+)?",
                        r"approximately \d+(?:\.\d+)? (?:lower|higher|points?)",
                        r"(?:associated with|corresponds? to) an? \d+(?:\.\d+)?\s?% (?:reduction|increase)",
                        r"\d+(?:\.\d+)? (?:times|x) (?:higher|lower|more|less|larger|smaller)",
                        r"(?:B|b|coefficient)\s?=\s?[-\u2212]?\d*\.\d+",
                        r"\d+(?:\.\d+)? (?:and|vs\.?|versus) \d+(?:\.\d+)? (?:for|on) ")
SAMPLE_JUST = compile_words(r"power analys[ie]s", r"required sample sizes?", r"with a power of", r"a priori power",
                            r"G\*Power", r"sample size was (?:chosen|determined|based)",
                            r"to detect an effect", r"statistical power", r"sufficient (?:to|for) detect",
                            r"precision of the estimate",
                            r"sample size justification", r"powered to")
VARIANCE = compile_words(r"standard deviations? (?:of|was|is|=|\(|across|over)", r"SD\s?=\s?\d", r"SE\s?=\s?\d",
                         r"sd\s?=\s?\d",
                         r"\(SD\)", r"\bs\.d\.", r"std\.? ?(?:dev|=|of)", r"\d+(?:\.\d+)?\s?\u00b1\s?\d",
                         r"\d+(?:\.\d+)?\s?\+/-\s?\d",
                         r"interquartile", r"IQR",
                         r"across (?:\d+|five|three|ten|several|multiple) (?:random )?(?:seeds|runs|folds)",
                         r"standard errors? (?:of|=|\()",
                         r"(?:SE|SEM|SD)s? (?:are|is) (?:shown|given|reported|in parentheses)",
                         r"error bars (?:are|show|represent|indicate) (?:standard|the standard|\u00b1)", r"std-dev",
                         r"variance across")


@detector("confidence_intervals_or_error_bars")
def confidence_intervals_or_error_bars(paper: Paper, facts: Facts) -> Answer:
    """CIs, error bars or +- spreads on results."""
    return rule(paper, applies=facts.quantitative, not_applicable_reason="No quantitative results are reported.",
                pattern=INTERVALS, found_what="Intervals or spreads are reported",
                searched="confidence intervals, error bars, \u00b1 spreads or credible intervals")


@detector("effect_sizes_reported")
def effect_sizes_reported(paper: Paper, facts: Facts) -> Answer:
    """Standardized effect size or a magnitude of difference against its baseline."""
    if not facts.comparisons:
        return not_applicable("No comparisons are claimed.")
    evidence = facts.find(EFFECTS, skip=("related_work",))
    return present("Effect magnitudes are reported", evidence) if evidence else \
        absent("standardized effect sizes (Cohen's d, odds ratio, \u03b7\u00b2, r) or relative/absolute deltas")


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
    if not facts.quantitative:
        return not_applicable("No quantitative results are reported.")
    evidence = facts.find(VARIANCE)
    return present("Variance is reported", evidence) if evidence else \
        absent("standard deviations, standard errors, IQR or variance across runs, seeds or folds")
