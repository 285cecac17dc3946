"""Setup transparency: model versions, prompts, hyperparameters, scaffolding, preprocessing."""

from __future__ import annotations

from scanner.detectors.base import Answer, absent, compile_words, not_applicable, present, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

MODEL_VERSION = compile_words(
    r"GPT-?[34][\w.-]*-\d{4}\S*", r"(?-i:gpt-[34][\w.-]+)", r"\w+-\d+(?:\.\d+)?[BM]\b",
    r"\d+(?:\.\d+)?\s?[BM] parameters",
    r"checkpoints?", r"Llama[-\s]?\d[\w.-]*", r"Qwen[\d.]+-\w+", r"claude-[\w.-]+",
    r"[A-Z][\w.]*(?:-[\w.]+)*-(?:base|large|small|xl|xxl)",
    r"T5-(?:small|base|large|3B|11B)", r"ResNet-?\d+", r"VGG-?\d+", r"ViT-[BLH]",
    r"[\w-]+/[\w.-]+-(?:base|large|\d+[bBmM])\S*",
    r"version \d[\d.]*", r"model versions?", r"(?:R|SPSS|Stata|Mplus|SAS) (?:version )?\d",
    r"\d+ (?:feature maps|filters|hidden units|attention heads|hidden layers|convolutional layers)",
    r"dilation rates? (?:of )?\d",
)
"""Exact model identifiers: API snapshots (lowercase ids), sizes, checkpoints, versions, or an
architecture specified down to its layer sizes ("GPT-3.5" alone is a family, not a version)."""
STATISTICAL_MODELS = compile_words(
    r"mixed[- ]effects? (?:models?|regressions?)", r"(?:linear )?mixed models?", r"multilevel models?",
    r"regression models?",
    r"structural equation model\w*", r"growth curve models?", r"hierarchical (?:linear|Bayesian) models?",
)
"""Fitted statistical models (their software and specification should be named)."""
PROMPTS = compile_words(r"prompt templates?", r"the (?:full|exact|complete) prompts?",
                        r"prompts? (?:is|are) (?:shown|given|provided|listed)",
                        r"prompt used", r"following prompt", r"system prompt",
                        r"see (?:Appendix|Table|Figure) [A-Z\d.]+ for (?:the )?prompts?")
HYPER = compile_words(r"learning rate", r"batch size", r"epochs?", r"optimizer", r"weight decay", r"temperature",
                      r"top-p",
                      r"warm-?up", r"dropout", r"hyper-?parameters?", r"beta\s?=", r"\u03b2\s?=")
KEY_HYPER = compile_words(
    r"learning rates? (?:\w+ ){0,4}[\d.]+(?:e-\d+)?", r"batch size (?:\w+ ){0,4}\d+",
    r"(?:sampling |decoding )?temperatures? (?:of |= ?|is |was |set to |at )?[\d.]+", r"top-p (?:of |= ?)?[\d.]+",
    r"beam (?:size|width) (?:of |= ?)?\d+", r"\d+ (?:training )?epochs",
    r"(?:train\w*|fine-?tun\w*) for (?:\w+ ){0,2}\d[\d,.]*\s?[kK]? (?:steps|iterations|updates)",
    r"\d[\d,]* training (?:steps|iterations)", r"[\d.]+e-\d+ (?:learning rate|lr)",
)
"""Values of the settings that decide a run: learning rate, batch size, training length, sampling
temperature. Naming the optimizer alone, or a "hyperparameter" keyword, is not a report."""
FITTED_MODEL = compile_words(r"grid search", r"random search", r"free parameters?",
                             r"best[- ]fitting (?:parameters?|values?)")
"""A model whose parameters are fitted by a search (its settings are hyperparameters)."""
SIZED_MODEL = compile_words(r"[A-Z][\w.]*(?:-[\w.]+)*-(?:base|large|small|xl|xxl)")
SCAFFOLD = compile_words(r"scaffold\w*", r"tool (?:use|calls?)", r"agent loop", r"memory", r"retries", r"ReAct",
                         r"action space",
                         r"observations?", r"planner", r"executor", r"pipeline consists")
PREPROCESS = compile_words(
    r"preprocess\w*", r"pre-process\w*",
    r"filter(?:ed|ing)? (?:out )?(?:the )?(?:documents|data|examples|samples|papers|texts?|"
    r"matches|items|responses|pages|sentences|images|lines|content)", r"(?:data|quality|heuristic) filter\w*",
    r"clean(?:ed|ing) (?:up|the)",
    r"cleaned", r"dedup\w*", r"tokeni[sz]\w*", r"split (?:into|the) (?:\w+ )?(?:train|training|test|dev|validation)\w*",
    r"we removed", r"(?:were|was) excluded", r"train/(?:dev|val|test)", r"sampled (?:from|uniformly|at random)",
    r"(?:randomly )?sampl(?:ed|ing) \d+", r"(?:before|after) (?:data )?(?:filtering|cleaning|deduplication)",
)
"""Processing steps on the data (filters, cleaning, splits, exclusions, sampling) - not a
convolution "filter" or a normalisation layer."""
PREPROCESS_SKIP = ("introduction", "related_work", "abstract", "discussion", "conclusion", "limitations")


@detector("model_versions_specified")
def model_versions_specified(paper: Paper, facts: Facts) -> Answer:
    """Exact model names, sizes or versions."""
    applies = facts.pretrained_models or facts.trains_models or facts.computational \
        or paper.count(STATISTICAL_MODELS, at_most=1) >= 1
    return rule(paper, applies=applies,
                not_applicable_reason="No models (ML, LLM or statistical software) are used.",
                pattern=MODEL_VERSION, found_what="Model versions or sizes are specified",
                searched="exact model names with sizes, versions, checkpoints or dates")


@detector("prompts_provided")
def prompts_provided(paper: Paper, facts: Facts) -> Answer:
    """Full prompt texts given (appendix counts)."""
    return rule(paper, applies=facts.prompting, not_applicable_reason="LLM prompts are not part of the method.",
                pattern=PROMPTS, found_what="Prompt texts are provided", searched="full prompt texts or prompt templat"
                                                                                  "es")


@detector("hyperparameters_reported")
def hyperparameters_reported(paper: Paper, facts: Facts) -> Answer:
    """Learning rate, batch size, training length, temperature... with their values.

    Applies whenever models are trained, sampled or fitted (named checkpoints generating outputs,
    simulation models with fitted parameters count); a true answer needs at least two settings
    with values, one of them a key one (learning rate, batch size, length, temperature).
    """
    applies = facts.trains_models or facts.llm or facts.pretrained_models or paper.count(FITTED_MODEL, at_most=1) >= 1 \
        or paper.count(SIZED_MODEL, at_most=1) >= 1
    if not applies:
        return not_applicable("No models are trained, fine-tuned or sampled.")
    key = facts.find(KEY_HYPER, limit=2)
    if key:
        return present("Hyperparameters are reported with their values", key)
    return absent("values of the learning rate, batch size, training length or sampling temperature",
                  context=facts.find(HYPER, limit=1))


@detector("scaffolding_described")
def scaffolding_described(paper: Paper, facts: Facts) -> Answer:
    """Agent scaffolding described (applies only with agents/tools)."""
    if not facts.agentic:
        return not_applicable("No agentic scaffolding (tools, agent loop, memory) is part of the method.")
    return rule(paper, applies=True, not_applicable_reason="", pattern=SCAFFOLD,
                found_what="The scaffold is described", searched="a description of tools, loop, memory and retries")


@detector("data_preprocessing_documented")
def data_preprocessing_documented(paper: Paper, facts: Facts) -> Answer:
    """Filtering, cleaning, splitting documented."""
    if not (facts.experiments or facts.human_participants):
        return not_applicable("No data is processed before use.")
    evidence = facts.find(PREPROCESS, skip=PREPROCESS_SKIP)
    return present("Data processing is documented", evidence) if evidence else \
        absent("filtering, cleaning, deduplication, splitting or exclusion steps")
