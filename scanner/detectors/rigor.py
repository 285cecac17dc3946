"""Experimental rigor module: seeds, runs, search budget, selection, corrections, biases."""

from __future__ import annotations

import re

from scanner.detectors.base import Answer, absent, compile_words, not_applicable, present, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

SEEDS = compile_words(r"(?:random )?seeds", r"\d+ (?:random )?seeds", r"different (?:random )?initiali[sz]ations",
                      r"across (?:\d+|five|three|ten) runs",
                      r"\d[\d,]* random (?:subsets|draws|samples|splits)")
SPREAD = re.compile(r"standard deviation|\bstd\b|\u00b1|error bars?|shaded|variance|spread|intervals?|min(?:imum)?/max"
                    r"|range|differ", re.I)
RUNS = compile_words(
    r"k\s?=\s?\d[\d,]{2,}",
    r"\d[\d,]* (?:random )?(?:subsets|split[- ]halves|random splits|bootstrap\w*|resamples|sampled paths)",
    r"(?:\d+|three|five|two) annotators (?:per|for each)", r"\d+ (?:random )?seeds", r"(?:averaged|average) over",
    r"\d+ (?:independent )?runs", r"(?:three|five|ten|\d+) (?:repetitions|trials)",
    r"(?:repeated|run|ran|performed) (?:\w+ ){0,3}"
    r"(?:three|five|ten|\d+) times", r"averaged over", r"repeated \w+ times", r"number of runs", r"single run",
    r"each (?:experiment|run) (?:is|was) repeated", r"mean (?:of|over) \d+", r"\d[\d,]* iterations",
    r"\d+ (?:yearly |annual |repeated )?(?:assessments|measurements|sessions|blocks)",
    r"(?:nine|eight|seven|six|five|four|three|two|\d+) experiments",
)
"""Repetitions: seeds, runs, trials, resamples, repeated assessments, replications (a "K = 2" in a
derivation is not one)."""
SEARCH = compile_words(
    r"grid of hyper-?parameters", r"search(?:ed)? over", r"sweep\w* (?:over|across|of)", r"swept (?:over|across)?",
    r"search space",
    r"\w+\s?\u2208\s?\{", r"(?:in|over|from|of) \{\s?[-\d.]",
    r"we (?:tried|tested) (?:\w+ ){0,3}(?:values|learning rates|settings)",
    r"(?:learning[- ]rate|hyper-?parameter) (?:sweep|search|grid)", r"random search", r"Bayesian optimi[sz]ation",
    r"Optuna",
    r"[A-Za-z\u03b1-\u03c9]+\s?=?\s?\{\s?[-\d.]+\s?,", r"sweep (?:includes|consists of|of) \d+",
)
"""The search space with its extent: a grid of values, a sweep, a stated range ("grid search" alone
names a method, not the space or budget)."""
SELECTION = compile_words(r"(?:selected|chosen|picked|tuned|choose|select)\s+(?:\S+\s+){0,7}(?:on|using|based on|accor"
                          r"ding to|by)\s+(?:the |a )?"
                          r"(?:separate |held-out |\d+ )?(?:validation|dev(?:elopment)?)\w*", r"early stopping",
                          r"best (?:checkpoint|model) on (?:the )?validation",
                          r"manually aligned (?:units|examples)", r"before any (?:scores|results)")
CORRECTION = compile_words(r"Bonferroni", r"Holm", r"false discovery rate", r"FDR", r"Benjamini",
                           r"multiple comparisons?", r"Tukey", r"Šidák|Sidak")
SELF_BIAS = compile_words(r"equal-sized grid", r"same (?:learning[- ]rate )?(?:sweep|grid|settings|seeds)",
                          r"further tunes? (?:the )?hyper-?parameters?",
                          r"(?:procedurally|randomly) generated", r"tuned (?:for )?(?:each|every) (?:method|baseline)",
                          r"for (?:both|all) (?:variants|methods)",
                          r"same (?:tuning|budget|hyper-?parameters?) for (?:all|baselines)",
                          r"tuned (?:all|the) baselines",
                          r"equal (?:tuning|effort)", r"independent(?:ly)? evaluat\w+",
                          r"official (?:implementation|results|numbers)",
                          r"reported (?:results|numbers) from", r"blind\w* evaluat\w+", r"fair comparison")
COMPUTE_PERF = compile_words(
    r"FLOPs", r"compute-matched",
    r"(?:same|equal|matched|identical) (?:compute|budget|number of (?:GPU hours|tokens|steps))",
    r"performance vs\.? compute", r"wall-?clock (?:time|speed)",
    r"(?:accuracy|performance) per (?:FLOP|GPU hour|dollar)",
    r"(?:inference|training) (?:time|cost) (?:of|for) (?:each|both|all) (?:methods?|models?|baselines?)",
)
"""Compute reported next to performance, or matched between compared methods (a model's size
mentioned in passing, or "efficiency" in general, is not)."""
CONSTRUCT = compile_words(r"(?:is|are) (?:particularly )?noticeable",
                          r"(?:is|are) related to (?:higher )?(?:cognitive|the)", r"contrastive evaluation",
                          r"did a good job", r"limited to perturbed", r"(?:instantiate|operationali[sz]e)s?",
                          r"(?:index|indicator|marker) of",
                          r"(?:tests?|assess(?:es)?|evaluates?) (?:the )?(?:model's |models' )?(?:ability|capacity|rob"
                          r"ustness)",
                          r"construct validity", r"measures? (?:the|whether)",
                          r"designed to (?:measure|test|evaluate|assess)",
                          r"proxy for", r"captures? (?:the )?(?:ability|capability)",
                          r"valid(?:ity|ate) (?:of|the) (?:benchmark|metric|measure)",
                          r"correlat\w+ with human")
SCAFFOLD_CONF = compile_words(r"same scaffold", r"identical (?:scaffold|prompt|setup)", r"same prompts?",
                              r"controlled for (?:the )?(?:scaffold|prompt)")


@detector("seed_sensitivity_reported")
def seed_sensitivity_reported(paper: Paper, facts: Facts) -> Answer:
    """Results across several seeds, with their spread (averaging over seeds alone is not enough)."""
    if not (facts.trains_models or facts.llm):
        return not_applicable("No stochastic training or sampling.")
    seeds = facts.find(SEEDS, limit=6)
    spread = [e for e in seeds if SPREAD.search(e.quote)]
    if spread:
        return present("Results are reported across seeds with their spread", spread)
    return absent("results across several random seeds with their spread", context=seeds,
                  note="Averaging over seeds without showing the variation does not count.")


@detector("number_of_runs_stated")
def number_of_runs_stated(paper: Paper, facts: Facts) -> Answer:
    """Number of runs/repetitions stated."""
    return rule(paper, applies=facts.experiments, not_applicable_reason="No empirical results.", pattern=RUNS,
                found_what="The number of runs is stated", searched="the number of runs or repetitions")


@detector("hyperparameter_search_budget")
def hyperparameter_search_budget(paper: Paper, facts: Facts) -> Answer:
    """Search space and budget stated."""
    return rule(paper, applies=facts.tunes_parameters, not_applicable_reason="No hyperparameters were tuned.",
                pattern=SEARCH,
                found_what="The hyperparameter search is described", searched="the hyperparameter search space and bud"
                                                                              "get")


@detector("best_config_selection_justified")
def best_config_selection_justified(paper: Paper, facts: Facts) -> Answer:
    """Configuration selected on validation data."""
    return rule(paper, applies=facts.tunes_parameters or facts.prompting,
                not_applicable_reason="No configuration was selected.",
                pattern=SELECTION, found_what="Configuration selection is explained", searched="how the configuration"
                                                                                               " was selected (validat"
                                                                                               "ion data)")


@detector("multiple_comparison_correction")
def multiple_comparison_correction(paper: Paper, facts: Facts) -> Answer:
    """Bonferroni/Holm/FDR when several comparisons are made."""
    if not (facts.comparisons and facts.quantitative):
        return not_applicable("No comparisons between conditions or systems are made, so no correction is needed.")
    evidence = facts.find(CORRECTION, skip=("related_work",))
    return present("A multiple-comparison correction is applied", evidence) if evidence else \
        absent("a Bonferroni, Holm or FDR correction across the comparisons made")


@detector("self_comparison_bias_addressed")
def self_comparison_bias_addressed(paper: Paper, facts: Facts) -> Answer:
    """Equal tuning for baselines or independent evaluation."""
    return rule(paper, applies=facts.experiments and facts.comparisons,
                not_applicable_reason="The authors do not compare their own method with others.",
                pattern=SELF_BIAS, found_what="Self-comparison bias is addressed", searched="equal tuning effort for b"
                                                                                            "aselines or independent e"
                                                                                            "valuation")


@detector("compute_budget_vs_performance")
def compute_budget_vs_performance(paper: Paper, facts: Facts) -> Answer:
    """Performance relative to compute."""
    applies = (facts.trains_models or facts.llm or facts.pretrained_models) and facts.comparisons
    return rule(paper, applies=applies, not_applicable_reason="No methods with different compute are compared.",
                pattern=COMPUTE_PERF, found_what="Compute is matched or reported with performance",
                searched="performance reported relative to compute or compute-matched comparisons")


@detector("benchmark_construct_validity")
def benchmark_construct_validity(paper: Paper, facts: Facts) -> Answer:
    """The benchmark measures the claimed capability."""
    return rule(paper, applies=facts.public_benchmarks or facts.experiments,
                not_applicable_reason="No benchmark stands in for a capability.",
                pattern=CONSTRUCT, found_what="Construct validity is argued", searched="an argument that the benchmark"
                                                                                       " measures the claimed capabili"
                                                                                       "ty")


@detector("scaffold_confound_addressed")
def scaffold_confound_addressed(paper: Paper, facts: Facts) -> Answer:
    """Scaffold effect separated from model effect."""
    if not facts.agentic:
        return not_applicable("No agents or scaffolds differ between the compared systems.")
    return rule(paper, applies=True, not_applicable_reason="", pattern=SCAFFOLD_CONF,
                found_what="The scaffold confound is addressed", searched="separation of scaffold effects from model e"
                                                                          "ffects")
