"""Data leakage module: temporal, feature, non-independence, detection method."""

from __future__ import annotations

from scanner.detectors.base import Answer, absent, compile_words, not_applicable, present, rule
from scanner.detectors.contamination import CUTOFF
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

TEMPORAL = compile_words(r"temporal (?:split|leakage)", r"time-based split", r"chronological",
                         r"before (?:and|or) after",
                         r"released after", r"future data", r"data from (?:after|before)")
FEATURE = compile_words(r"label leakage", r"feature leakage", r"leak(?:s|ed|ing)? (?:the )?(?:label|answer)",
                        r"answer leakage",
                        r"shortcut", r"spurious (?:cues|features|correlation)", r"artifacts? in the (?:data|prompts)")
NONINDEP = compile_words(r"random intercepts?", r"mixed[- ]effects? (?:model|regression)s?",
                         r"(?:linear )?mixed models?", r"repeated[- ]measures?",
                         r"same reviewer", r"clusters? of", r"merged into clusters", r"avoiding select\w*",
                         r"(?:per|within) participant",
                         r"sampled (?:anew|separately) (?:for|per) (?:each )?participant",
                         r"dedup\w*", r"duplicates?", r"grouped (?:split|cross-validation)",
                         r"same (?:subject|author|source|document)s? (?:in|across)",
                         r"disjoint", r"non-?overlapping", r"independen\w+ (?:of|between) (?:train|samples)",
                         r"near-duplicates?",
                         r"subject-independent", r"split by (?:subject|author|document|case)")
DETECTION = compile_words(r"dedup\w*", r"overlap (?:check|analysis|detection)", r"n-gram overlap",
                          r"contamination (?:check|detection|analysis)",
                          r"grouped cross-validation", r"MinHash", r"exact match", r"decontaminat\w+",
                          r"near-duplicate detection")


@detector("temporal_leakage_addressed")
def temporal_leakage_addressed(paper: Paper, facts: Facts) -> Answer:
    """Temporal splits or cutoff checks."""
    return rule(paper, applies=facts.contamination_relevant or facts.time_dimension,
                not_applicable_reason="The data has no time dimension and no pre-trained model sees test-era data.",
                pattern=compile_words(TEMPORAL.pattern, CUTOFF.pattern), found_what="Temporal leakage is addressed",
                searched="temporal splits or training-cutoff checks")


@detector("feature_leakage_addressed")
def feature_leakage_addressed(paper: Paper, facts: Facts) -> Answer:
    """Features/prompts that could reveal the label."""
    return rule(paper, applies=facts.trains_models or facts.contamination_relevant,
                not_applicable_reason="No supervised prediction or evaluation.",
                pattern=FEATURE, found_what="Feature leakage is discussed", searched="features or prompts that could r"
                                                                                     "eveal the label")


@detector("non_independence_addressed")
def non_independence_addressed(paper: Paper, facts: Facts) -> Answer:
    """Grouped splits or deduplication."""
    return rule(paper, applies=facts.experiments or facts.human_participants,
                not_applicable_reason="Samples are not related across splits.",
                pattern=NONINDEP, found_what="Non-independence is addressed", searched="grouped splits or deduplicatio"
                                                                                       "n")


@detector("leakage_detection_method")
def leakage_detection_method(paper: Paper, facts: Facts) -> Answer:
    """A concrete detection/prevention method applied."""
    if not (facts.tunes_parameters or facts.contamination_relevant):
        return not_applicable("No train/test setup.")
    evidence = facts.find(DETECTION, skip=("related_work",))
    return present("A leakage detection method is applied", evidence) if evidence else \
        absent("a concrete leakage check (deduplication, overlap check, grouped cross-validation)")
