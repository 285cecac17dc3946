"""Cost and practicality: inference cost and compute budget."""

from __future__ import annotations

from scanner.detectors.base import Answer, compile_words, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

INFERENCE_COST = compile_words(r"latency", r"inference (?:time|cost|speed)", r"tokens? (?:per|count|usage)",
                               r"API (?:cost|calls?)",
                               r"\$\s?\d", r"USD", r"throughput", r"FLOPs", r"wall-?clock", r"seconds per", r"ms per",
                               r"speed-?up", r"cost of")
COMPUTE = compile_words(r"GPU[- ]hours?", r"GPUs?", r"TPUs?", r"A100", r"H100", r"V100", r"RTX", r"CPU",
                        r"hours? (?:of|on|to train)",
                        r"days? (?:of|on|to train)", r"compute budget", r"training time",
                        r"trained (?:for|in) \d+ (?:hours|days)", r"cluster")


@detector("inference_cost_reported")
def inference_cost_reported(paper: Paper, facts: Facts) -> Answer:
    """Cost, latency or tokens of the method at inference time."""
    return rule(paper, applies=facts.computational and (facts.llm or facts.trains_models or facts.pretrained_models),
                not_applicable_reason="No method is run at inference time (no models or APIs).", pattern=INFERENCE_COST,
                found_what="Inference cost or latency is reported", searched="cost, latency, token counts or throughpu"
                                                                             "t at inference")


@detector("compute_budget_stated")
def compute_budget_stated(paper: Paper, facts: Facts) -> Answer:
    """GPU hours, hardware and time."""
    return rule(paper, applies=facts.computational and facts.experiments and (facts.trains_models or facts.llm),
                not_applicable_reason="The computation involved is light (no model training or large-model inference).",
                pattern=COMPUTE, found_what="Compute is stated", searched="GPU hours, hardware and training or inferen"
                                                                          "ce time")
