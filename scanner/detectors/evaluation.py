"""Evaluation design: baselines, ablations, metrics, human evaluation, splits, breakdowns."""

from __future__ import annotations

import re

from scanner.detectors.base import Answer, absent, compile_words, find, not_applicable, present, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

BASELINES = compile_words(r"baselines?", r"compared? (?:to|with|against)", r"control (?:group|condition)",
                          r"outperform\w*",
                          r"prior (?:work|methods?|state[- ]of[- ]the[- ]art)", r"state-of-the-art", r"SOTA")
ABLATION = compile_words(r"ablations?", r"ablated", r"ablating", r"without (?:the|our) \w+", r"w/o",
                         r"remov(?:e|ing) (?:the|each)",
                         r"component analysis", r"we vary", r"we varied", r"varying the",
                         r"(?:between|within)[- ]subjects? (?:factor|design|conditions?)",
                         r"(?:five|four|three|two|\d) (?:between-subjects |experimental )?conditions",
                         r"(?:all )?possible combinations",
                         r"(?:fraction|number|proportion) of \w+ (?:units|annotations|examples) (?:from|varied)",
                         r"as a function of",
                         r"(?:experimentally )?manipulated")
METRICS = compile_words(r"accuracy", r"F1", r"precision", r"recall", r"BLEU", r"ROUGE\S*", r"AUC\w*", r"MAE", r"MSE",
                        r"RMSE",
                        r"perplexity", r"win[- ]rate", r"exact match", r"pass@\d+", r"correlation", r"mean",
                        r"error rate",
                        r"BERTScore", r"METEOR", r"latency", r"throughput", r"reaction times?", r"response times?",
                        r"ratings?")
HUMAN_EVAL = compile_words(r"human evaluation", r"human judg\w+", r"human raters?",
                           r"annotators? (?:rated|judged|evaluated)",
                           r"user study", r"participants (?:rated|judged)", r"human preference",
                           r"crowdworkers? (?:rated|judged)",
                           r"human study", r"expert (?:raters|evaluation|annotators)", r"labell?ed (?:as )?correct if",
                           r"manually (?:checked|verified|evaluated|inspected|judged|annotated) (?:for|against|the|eac"
                           r"h|a sample)",
                           r"questionnaire,? asking (?:for|about) (?:the )?(?:perception|quality|rating|opinion)",
                           r"participants (?:rated|judged|evaluated) (?:the|each) (?:feedback|system|output|interface|"
                           r"summar\w+|response)\w*")
OUTPUTS_FOR_PEOPLE = compile_words(
    r"user interfaces?", r"smartphones?", r"mobile phones?", r"(?:test |mobile |software )?application", r"prototype",
    r"(?:visual|haptic|auditory|tactile|vibration) feedback",
    r"generated (?:text|summar\w+|outputs?|responses?|images?)",
    r"summar(?:y|ies)", r"chatbots?", r"dialogues?", r"assistants?",
)
"""Signs that the work produces something people use or read (so human judgment is relevant)."""
HELD_OUT = compile_words(r"held-?out", r"test (?:set|split)", r"cross-validation", r"k-fold", r"validation set",
                         r"train/(?:dev|val|test)", r"unseen", r"out-of-distribution", r"leave-one-\w+-out")
BREAKDOWN = compile_words(r"per[- ](?:class|category|task|domain|language|dataset|condition|group|item|criterion|split"
                          r"|model|benchmark|area|question)",
                          r"for each (?:of the )?\w+",
                          r"by (?:condition|group|task|dataset|category|criterion|year|area|type|assessment)",
                          r"(?:tables?|figures?) \d+\s?(?:and \d+ )?(?:shows?|reports?|gives?|lists?|presents?)",
                          r"respectively",
                          r"on (?:all|both|each|every) (?:of the )?(?:\w+ )?(?:datasets|benchmarks|tasks|splits|condit"
                          r"ions)",
                          r"(?:separately|individually) for",
                          r"across (?:the )?(?:\w+ )?(?:tasks|datasets|domains|conditions|categories|experiments|model"
                          r"s|settings)",
r"per-(?:class|category|task|domain|language|dataset)", r"for each (?:task|dataset|category|condition|domain)",
                          r"broken down by", r"breakdown", r"by category",
                          r"across (?:tasks|datasets|domains|conditions)",
                          r"each (?:condition|dataset|benchmark)")
FAILURES = compile_words(r"failure cases?", r"failure modes?", r"error analysis", r"fail(?:s|ed)? (?:to|on|when|in)",
                         r"failed",
                         r"qualitative examples?", r"mistakes?", r"errors? (?:made|analysis)", r"struggles?",
                         r"does not work",
                         r"(?:false positives?|false negatives?|misclassif\w+)",
                         r"(?:somewhat |slightly |much )?worse (?:results|performance|than)",
                         r"poor(?:ly)? (?:recall|performance|results|separated|coverage)", r"instabilit\w+",
                         r"(?:was|is|were) (?:a )?mess",
                         r"degrad(?:es|ed|ation)", r"(?:did|does) not (?:reach|replicate|generali[sz]e)",
                         r"incorrect\w*", r"wrong",
                         r"fictitious", r"hallucinat\w+", r"(?:rather )?mild",
                         r"(?:was|were) (?:not|only marginally) significant")
NEGATIVE = compile_words(r"did not (?:improve|help|lead|work|find|support|reach|replicate)", r"no significant",
                         r"not significant", r"no improvement",
                         r"n\.s\.", r"poor (?:recall|agreement|results|performance|coverage)", r"resulted in poor",
                         r"(?:low|weak)(?:er)? (?:recall|agreement|correlation)",
                         r"(?:miss|missed|misses) (?:approximately|about|roughly)?", r"require most future work",
                         r"(?:not|only marginally) significant",
                         r"does not (?:improve|help)", r"negative results?", r"surprisingly",
                         r"contrary to (?:our )?(?:expectations?|hypothes\w+)",
                         r"was not supported", r"no (?:clear )?(?:effect|difference)", r"hurts?", r"degrad\w+")
RECENT_YEAR = re.compile(r"\b(20[0-4]\d)\b")
STRONG_BASELINE = compile_words(r"state-of-the-art", r"SOTA", r"strong(?:est)? baselines?",
                                r"recent (?:methods|baselines|work|models)",
                                r"control (?:group|condition)s?", r"no[- ]feedback",
                                r"(?:baseline|control) (?:is|was) (?:important|necessary|needed)",
                                r"(?:with|without) (?:bias correction|the \w+ component)",
                                r"standard (?:baseline|model|practice|implementation)",
                                r"(?:same|identical|matched) (?:architecture|setup|budget|hyper-?parameters?)",
                                r"current (?:LLMs?|models?|state)",
                                r"ground truth", r"(?:un)?cited reviewers")


def _empirical(facts: Facts) -> bool:
    return facts.experiments or facts.human_participants


@detector("baselines_included")
def baselines_included(paper: Paper, facts: Facts) -> Answer:
    """At least one baseline or control."""
    return rule(paper, applies=_empirical(facts),
                not_applicable_reason="No method, system or intervention is evaluated.",
                pattern=BASELINES, found_what="Baselines or controls are compared",
                searched="baselines, control conditions or comparisons with prior methods")


@detector("baselines_contemporary")
def baselines_contemporary(paper: Paper, facts: Facts) -> Answer:
    """Baselines are recent or strong (cited within ~6 years of the paper), or internal controls."""
    base = facts.find(BASELINES, limit=6, skip=("related_work",))
    if not _empirical(facts) or not base:
        return not_applicable("No baselines are included, so their recency cannot be judged.")
    strong = facts.find(STRONG_BASELINE, limit=1, skip=("related_work",))
    if strong:
        return present("Baselines are described as recent/strong or as the right internal controls", strong)
    year = paper.year or 0
    recent = [e for e in base if any(year - 6 <= int(y) <= year for y in RECENT_YEAR.findall(e.quote))]
    if recent:
        return present("Baselines are recent (cited within a few years of the paper)", recent)
    return absent("a statement that the baselines are recent, strong or the right controls", context=base)


@detector("ablation_study")
def ablation_study(paper: Paper, facts: Facts) -> Answer:
    """Components removed or factors varied one at a time."""
    if not _empirical(facts):
        return not_applicable("The work has no components or factors to vary.")
    evidence = facts.find(ABLATION)
    return present("Components or factors are varied", evidence) if evidence else \
        absent("an ablation or one-factor-at-a-time variation")


@detector("multiple_metrics")
def multiple_metrics(paper: Paper, facts: Facts) -> Answer:
    """More than one metric."""
    if not facts.quantitative:
        return not_applicable("No quantitative evaluation is reported.")
    names = {m.group(0).lower() for m in paper.iter_matches(METRICS)}
    evidence = find(paper, METRICS, limit=2)
    if len(names) >= 2 and evidence:
        return present("Several metrics are reported", evidence)
    return absent("more than one evaluation metric", context=evidence)


@detector("human_evaluation")
def human_evaluation(paper: Paper, facts: Facts) -> Answer:
    """People judged outputs; applies only to outputs meant for people (generated text, interfaces, feedback).

    Participants rating stimuli in a behavioural experiment are the study itself, not an evaluation of
    system outputs, so a psychology experiment without a system does not make this item apply.
    """
    if not (facts.llm or facts.pretrained_models or paper.count(OUTPUTS_FOR_PEOPLE, at_most=2) >= 2):
        return not_applicable("The task is evaluated automatically and its outputs are not meant for human judgment.")
    evidence = facts.find(HUMAN_EVAL, skip=("related_work",), limit=2)
    if evidence:
        return present("People judged the outputs", evidence)
    return absent("a human evaluation of outputs (raters, user study, human preference judgments)")


@detector("held_out_test_set")
def held_out_test_set(paper: Paper, facts: Facts) -> Answer:
    """Evaluation on data not used for training/tuning."""
    return rule(paper, applies=facts.trains_models or facts.prompting,
                not_applicable_reason="No models are trained or tuned and no prompts are selected.",
                pattern=HELD_OUT, found_what="Evaluation uses held-out data", searched="a test split, held-out set or"
                                                                                       " cross-validation")


@detector("per_category_breakdown")
def per_category_breakdown(paper: Paper, facts: Facts) -> Answer:
    """Per-group/task/condition results."""
    if not facts.quantitative:
        return not_applicable("Results do not aggregate over groups or tasks.")
    evidence = facts.find(BREAKDOWN, skip=("introduction", "related_work", "abstract"))
    return present("Results are broken down",
                   evidence) if evidence else absent("per-task, per-category or per-condition results")


@detector("failure_cases_discussed")
def failure_cases_discussed(paper: Paper, facts: Facts) -> Answer:
    """Concrete failure cases or error analysis."""
    if not _empirical(facts):
        return not_applicable("No empirical evaluation is reported.")
    evidence = facts.find(FAILURES)
    return present("Failures are discussed",
                   evidence) if evidence else absent("failure cases, failure modes or an error analysis")


@detector("negative_results_reported")
def negative_results_reported(paper: Paper, facts: Facts) -> Answer:
    """Results that did not support the hypothesis."""
    if not _empirical(facts):
        return not_applicable("No empirical work is reported.")
    evidence = facts.find(NEGATIVE)
    return present("Negative or null results are reported", evidence) if evidence else \
        absent("results that did not support the hypothesis or methods that did not work")
