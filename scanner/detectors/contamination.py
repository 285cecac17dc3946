"""Contamination: training cutoff, train/test overlap, benchmark contamination."""

from __future__ import annotations

from scanner.detectors.base import Answer, compile_words, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

CUTOFF = compile_words(r"(?:training|knowledge|data) cut-?off", r"cut-?off date",
                       r"trained on data (?:up to|until|before)",
                       r"released after", r"after the (?:training|knowledge) cutoff", r"knowledge cutoff")
OVERLAP = compile_words(
    r"(?:n-gram|token|exact|lexical|test(?:[- ]set)?|train(?:ing)?[- ]test|data) overlap",
    r"overlap (?:between|with) (?:the )?(?:train\w*|test\w*|pre-?train\w*|benchmark\w*|evaluation)",
    r"train(?:ing)?[- ]test (?:overlap|leakage)", r"duplicates? (?:between|across) (?:the )?(?:train|test|splits)",
    r"contaminat\w+", r"(?:test|benchmark|answer|data) leak\w*",
    r"memori[sz](?:ed|ation) (?:of )?(?:the )?(?:test|benchmark)\w*",
    r"(?:test|benchmark|evaluation) (?:items|examples|questions|data) (?:\w+ ){0,4}seen (?:during|in) (?:pre-?)?traini"
    r"ng",
)
"""Overlap between training data and test items (not any 'overlap': objects, names, clusters)."""
CONTAMINATION = compile_words(r"contaminat\w+", r"canary", r"n-gram overlap", r"decontaminat\w+",
                              r"fresh (?:data|benchmark|test)",
                              r"held-out (?:after|since)", r"data leakage", r"exact match(?:es)? (?:with|between)")

NA = "No pre-trained models are evaluated on existing public benchmarks, so contamination does not apply."


@detector("training_cutoff_stated")
def training_cutoff_stated(paper: Paper, facts: Facts) -> Answer:
    """Training cutoff relative to the test data."""
    return rule(paper, applies=facts.contamination_relevant, not_applicable_reason=NA, pattern=CUTOFF,
                found_what="The training cutoff is stated", searched="the models' training-data cutoff relative to the"
                                                                     " test data")


@detector("train_test_overlap_discussed")
def train_test_overlap_discussed(paper: Paper, facts: Facts) -> Answer:
    """Overlap between training data and test items examined."""
    return rule(paper, applies=facts.overlap_relevant or facts.trains_models, not_applicable_reason=NA, pattern=OVERLAP,
                found_what="Train/test overlap is discussed", searched="an examination of overlap between training dat"
                                                                       "a and test items")


@detector("benchmark_contamination_addressed")
def benchmark_contamination_addressed(paper: Paper, facts: Facts) -> Answer:
    """Contamination measured or mitigated."""
    return rule(paper, applies=facts.overlap_relevant, not_applicable_reason=NA, pattern=CONTAMINATION,
                found_what="Contamination is measured or mitigated", searched="contamination measurement or mitigation"
                                                                              " (canaries, n-gram overlap, fresh data)")
