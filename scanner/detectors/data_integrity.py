"""Data integrity: raw data, collection, recruitment, pipeline."""

from __future__ import annotations

from scanner.detectors.artifacts import NOT_RELEASED
from scanner.detectors.base import Answer, absent, compile_words, find, not_applicable, present, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

RAW = compile_words(r"raw data", r"model outputs", r"all (?:generations|outputs|annotations|responses)", r"annotations are available",
                    r"data (?:is|are) (?:publicly )?available", r"we release (?:all|the|our)", r"osf\.io", r"dataset is available",
                    r"(?:responses|judgments|annotations|outputs|predictions) (?:are|is) (?:publicly )?(?:available|released)")
COLLECTION = compile_words(r"we collected", r"were collected", r"data collection", r"we (?:constructed|built|created|gathered|crawled|scraped)",
                           r"collected (?:from|via|using)", r"sourced from", r"procedure", r"we recorded", r"questionnaire", r"survey")
RECRUIT = compile_words(r"recruited", r"recruitment", r"Mechanical Turk", r"MTurk", r"Prolific", r"Upwork", r"were paid", r"compensated",
                        r"per hour", r"undergraduate", r"course credit", r"volunteers", r"hired", r"crowdworkers")
PIPELINE = compile_words(
    r"pipeline\s+(?:for\s+(?:\S+\s+){1,4}is|consists\s+of|is\s+as\s+follows)", r"(?:patches|crops|windows|chunks) at a stride of",
    r"(?:patches|tiles|crops) (?:are|were) (?:\w+ )?(?:stitched|sampled|extracted)", r"resulting in (?:approximately |about |a total of )?\d",
    r"after (?:filtering|deduplication|cleaning)", r"we (?:removed|filtered|excluded|discarded) \d", r"remaining \d", r"left with \d",
    r"yield(?:s|ing|ed) \d", r"(?:reduc\w+|filter\w*|decreas\w+|shrink\w*) (?:\w+ ){0,4}from \d[\d,.]*\s?\w* to \d",
    r"were excluded", r"(?:responses|trials|items|documents|pairs|samples|examples|records) (?:were|was) (?:discarded|excluded|removed|filtered)",
    r"qualify for (?:the )?analysis", r"before (?:data )?(?:filtering|cleaning|deduplication)",
)
"""Steps from raw data to the analysed set with counts ("yielded 3,889 documents from 124,493") -
not the word "pipeline" alone."""


@detector("raw_data_available")
def raw_data_available(paper: Paper, facts: Facts) -> Answer:
    """Raw data/outputs available."""
    if not (facts.experiments or facts.human_participants):
        return not_applicable("The study produces no data.")
    ev = [e for e in find(paper, RAW, limit=3) if not NOT_RELEASED.search(e.quote)]
    return present("Raw data or outputs are available", ev) if ev else absent("released raw data, outputs or annotations")


@detector("data_collection_described")
def data_collection_described(paper: Paper, facts: Facts) -> Answer:
    """How data were collected/constructed."""
    return rule(paper, applies=facts.experiments or facts.human_participants, not_applicable_reason="The study neither collects nor constructs data.",
                pattern=COLLECTION, found_what="Data collection is described", searched="a description of how data were collected or constructed")


@detector("recruitment_methods_described")
def recruitment_methods_described(paper: Paper, facts: Facts) -> Answer:
    """How people were recruited (only with participants)."""
    return rule(paper, applies=facts.human_participants, not_applicable_reason="No human participants or annotators.",
                pattern=RECRUIT, found_what="Recruitment is described", searched="recruitment platform, pay or criteria")


@detector("data_pipeline_documented")
def data_pipeline_documented(paper: Paper, facts: Facts) -> Answer:
    """Pipeline from raw data to numbers with counts."""
    return rule(paper, applies=facts.experiments or facts.human_participants, not_applicable_reason="No data flows through processing steps.",
                pattern=PIPELINE, found_what="The data pipeline is documented with counts",
                searched="processing steps with counts at each step (filtered, removed, remaining)")
