"""Evaluation design: baselines, ablations, metrics, human evaluation, splits, breakdowns."""

from __future__ import annotations

import re

from scanner.detectors.base import Answer, absent, compile_words, find, not_applicable, present, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

BASELINES = compile_words(r"baselines?", r"compared? (?:to|with|against)", r"control (?:group|condition)", r"outperform\w*",
                          r"prior (?:work|methods?|state[- ]of[- ]the[- ]art)", r"state-of-the-art", r"SOTA")
ABLATION = compile_words(r"ablations?", r"ablated", r"ablating", r"without (?:the|our) \w+", r"w/o", r"remov(?:e|ing) (?:the|each)",
                         r"component analysis", r"we vary", r"varying the")
METRICS = compile_words(r"accuracy", r"F1", r"precision", r"recall", r"BLEU", r"ROUGE\S*", r"AUC\w*", r"MAE", r"MSE", r"RMSE",
                        r"perplexity", r"win[- ]rate", r"exact match", r"pass@\d+", r"correlation", r"mean", r"error rate",
                        r"BERTScore", r"METEOR", r"latency", r"throughput", r"reaction times?", r"response times?", r"ratings?")
HUMAN_EVAL = compile_words(r"human evaluation", r"human judg\w+", r"human raters?", r"annotators? (?:rated|judged|evaluated)",
                           r"user study", r"participants (?:rated|judged)", r"human preference", r"crowdworkers? (?:rated|judged)",
                           r"human study", r"expert (?:raters|evaluation|annotators)")
HELD_OUT = compile_words(r"held-?out", r"test (?:set|split)", r"cross-validation", r"k-fold", r"validation set",
                         r"train/(?:dev|val|test)", r"unseen", r"out-of-distribution", r"leave-one-\w+-out")
BREAKDOWN = compile_words(r"per-(?:class|category|task|domain|language|dataset)", r"for each (?:task|dataset|category|condition|domain)",
                          r"broken down by", r"breakdown", r"by category", r"across (?:tasks|datasets|domains|conditions)",
                          r"each (?:condition|dataset|benchmark)")
FAILURES = compile_words(r"failure cases?", r"failure modes?", r"error analysis", r"fails? (?:to|on|when)", r"failed",
                         r"qualitative examples?", r"mistakes", r"errors? (?:made|analysis)", r"struggles?", r"does not work")
NEGATIVE = compile_words(r"did not (?:improve|help|lead|work|find|support)", r"no significant", r"not significant", r"no improvement",
                         r"does not (?:improve|help)", r"negative results?", r"surprisingly", r"contrary to (?:our )?(?:expectations?|hypothes\w+)",
                         r"was not supported", r"no (?:clear )?(?:effect|difference)", r"hurts?", r"degrad\w+")
RECENT_YEAR = re.compile(r"\b(20[12]\d)\b")


def _empirical(facts: Facts) -> bool:
    return facts.experiments or facts.human_participants


@detector("baselines_included")
def baselines_included(paper: Paper, facts: Facts) -> Answer:
    """At least one baseline or control."""
    return rule(paper, applies=_empirical(facts), not_applicable_reason="No method, system or intervention is evaluated.",
                pattern=BASELINES, found_what="Baselines or controls are compared",
                searched="baselines, control conditions or comparisons with prior methods")


@detector("baselines_contemporary")
def baselines_contemporary(paper: Paper, facts: Facts) -> Answer:
    """Baselines are recent or strong (or internal controls with a reason)."""
    base = find(paper, BASELINES, limit=3)
    if not _empirical(facts) or not base:
        return not_applicable("No baselines are included, so their recency cannot be judged.")
    strong = find(paper, compile_words(r"state-of-the-art", r"SOTA", r"strong(?:est)? baselines?", r"recent (?:methods|baselines|work)",
                                       r"control (?:group|condition)"), limit=1)
    if strong:
        return present("Baselines are described as recent/strong or as matched controls", strong)
    return absent("a statement that the baselines are recent, strong or the right controls", context=base)


@detector("ablation_study")
def ablation_study(paper: Paper, facts: Facts) -> Answer:
    """Components removed or factors varied one at a time."""
    return rule(paper, applies=_empirical(facts), not_applicable_reason="The work has no components or factors to vary.",
                pattern=ABLATION, found_what="Components or factors are varied", searched="an ablation or one-factor-at-a-time variation")


@detector("multiple_metrics")
def multiple_metrics(paper: Paper, facts: Facts) -> Answer:
    """More than one metric."""
    if not facts.quantitative:
        return not_applicable("No quantitative evaluation is reported.")
    names = {m.group(0).lower() for m in paper.finditer(METRICS)}
    evidence = find(paper, METRICS, limit=2)
    if len(names) >= 2 and evidence:
        return present("Several metrics are reported", evidence)
    return absent("more than one evaluation metric", context=evidence)


@detector("human_evaluation")
def human_evaluation(paper: Paper, facts: Facts) -> Answer:
    """People judged outputs (applies to outputs meant for people)."""
    evidence = find(paper, HUMAN_EVAL, limit=2)
    if evidence:
        return present("People judged the outputs", evidence)
    if not (facts.llm or facts.human_participants):
        return not_applicable("The task is evaluated automatically and its outputs are not meant for human judgment.")
    return absent("a human evaluation of outputs (raters, user study, human preference judgments)")


@detector("held_out_test_set")
def held_out_test_set(paper: Paper, facts: Facts) -> Answer:
    """Evaluation on data not used for training/tuning."""
    return rule(paper, applies=facts.trains_models or facts.prompting, not_applicable_reason="No models are trained or tuned and no prompts are selected.",
                pattern=HELD_OUT, found_what="Evaluation uses held-out data", searched="a test split, held-out set or cross-validation")


@detector("per_category_breakdown")
def per_category_breakdown(paper: Paper, facts: Facts) -> Answer:
    """Per-group/task/condition results."""
    return rule(paper, applies=facts.quantitative, not_applicable_reason="Results do not aggregate over groups or tasks.",
                pattern=BREAKDOWN, found_what="Results are broken down", searched="per-task, per-category or per-condition results")


@detector("failure_cases_discussed")
def failure_cases_discussed(paper: Paper, facts: Facts) -> Answer:
    """Concrete failure cases or error analysis."""
    return rule(paper, applies=_empirical(facts), not_applicable_reason="No empirical evaluation is reported.",
                pattern=FAILURES, found_what="Failures are discussed", searched="failure cases, failure modes or an error analysis")


@detector("negative_results_reported")
def negative_results_reported(paper: Paper, facts: Facts) -> Answer:
    """Results that did not support the hypothesis."""
    return rule(paper, applies=_empirical(facts), not_applicable_reason="No empirical work is reported.",
                pattern=NEGATIVE, found_what="Negative or null results are reported",
                searched="results that did not support the hypothesis or methods that did not work")
