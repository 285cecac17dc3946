"""Data integrity: raw data, collection, recruitment, pipeline."""

from __future__ import annotations

from scanner.detectors.artifacts import NOT_RELEASED
from scanner.detectors.base import Answer, absent, compile_words, find, not_applicable, present, rule
from scanner.detectors.facts import Facts
from scanner.evidence import quote_span
from scanner.paper import Paper
from scanner.rubrics.registry import detector

RAW = compile_words(r"raw data", r"model outputs", r"all (?:generations|outputs|annotations|responses)",
                    r"annotations are available",
                    r"data (?:is|are) (?:publicly )?available", r"we release (?:all|the|our)", r"osf\.io",
                    r"dataset is available",
                    r"(?:responses|judgments|annotations|outputs|predictions) (?:are|is) (?:publicly )?(?:available|re"
                    r"leased)")
COLLECTION = compile_words(
    r"we collected", r"were collected", r"data collection (?:was|took|procedure|process|began|lasted)",
    r"collected (?:from|via|using|through)",
    r"we (?:constructed|built|created|gathered|crawled|scraped|downloaded|sampled)", r"sourced from", r"we recorded",
    r"(?:was|were) recorded (?:with|using|at)",
    r"(?:was|were) (?:assessed|measured|rated) (?:using|with|by|via|on)",
    r"questionnaires? (?:was|were) (?:administered|given|completed)",
    r"survey (?:was|were) (?:administered|distributed|conducted)",
    r"(?:stimuli|items|materials) (?:were|was) (?:generated|constructed|created|selected)",
    r"procedures?\.?\s+(?:participants|each|the|we)",
    r"(?:were|was) asked to (?:fill|complete|rate|answer|enter|judge|choose)",
    r"(?:annotations|judgments|ratings|labels|responses) (?:were|was) (?:collected|obtained|gathered)",
    r"collecting (?:\w+ )?(?:annotations|data|judgments|ratings|responses)",
    r"we (?:sample|collect)\w* (?:\d+ )?(?:random )?"
    r"(?:prompts|comparisons|responses|completions|summaries|judgments)",
)
"""How data were gathered or made: sources, instruments, recording, construction steps (not the
word "survey" for a survey paper, nor "data collection" in a list of keywords)."""
RECRUIT = compile_words(r"recruited", r"recruitment", r"Mechanical Turk", r"MTurk", r"Prolific", r"Upwork",
                        r"were paid", r"compensated",
                        r"per hour", r"undergraduate", r"course credit", r"volunteers", r"hired", r"crowdworkers")
PIPELINE = compile_words(
    r"pipeline\s+(?:for\s+(?:\S+\s+){1,4}is|consists\s+of|is\s+as\s+follows)",
    r"(?:patches|crops|windows|chunks) at a stride of",
    r"(?:patches|tiles|crops) (?:are|were) (?:\w+ )?(?:stitched|sampled|extracted)",
    r"resulting in (?:approximately |about |a total of )?\d",
    r"after (?:filtering|deduplication|cleaning)", r"we (?:removed|filtered|excluded|discarded) \d", r"remaining \d",
    r"left with \d",
    r"yield(?:s|ing|ed) \d", r"(?:reduc\w+|filter\w*|decreas\w+|shrink\w*) (?:\w+ ){0,4}from \d[\d,.]*\s?\w* to \d",
    r"were excluded",
    r"(?:responses|trials|items|documents|pairs|samples|examples|records) (?:were|was) (?:discarded|excluded|removed|f"
    r"iltered)",
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
    return present("Raw data or outputs are available",
                   ev) if ev else absent("released raw data, outputs or annotations")


@detector("data_collection_described")
def data_collection_described(paper: Paper, facts: Facts) -> Answer:
    """How data were collected/constructed: a top-level section devoted to building the data, or
    a described source, instrument or construction step in the methods."""
    if not (facts.experiments or facts.human_participants):
        return not_applicable("The study neither collects nor constructs data.")
    for sec in paper.sections:
        if sec.kind == "data" and sec.level <= 1 and not paper.in_checklist(sec.start):
            ev = quote_span(paper, sec.start, min(sec.end, sec.start + 160))
            if ev is not None and " ... " not in ev.quote:
                return present(f"A section is devoted to building the data ('{sec.title[:60]}')", [ev])
    evidence = facts.find(COLLECTION, skip=("related_work", "abstract"))
    return present("Data collection is described", evidence) if evidence else \
        absent("a description of how data were collected or constructed")


@detector("recruitment_methods_described")
def recruitment_methods_described(paper: Paper, facts: Facts) -> Answer:
    """How people were recruited (only with participants)."""
    return rule(paper, applies=facts.human_participants, not_applicable_reason="No human participants or annotators.",
                pattern=RECRUIT, found_what="Recruitment is described", searched="recruitment platform, pay or criteri"
                                                                                 "a")


@detector("data_pipeline_documented")
def data_pipeline_documented(paper: Paper, facts: Facts) -> Answer:
    """Pipeline from raw data to numbers with counts."""
    return rule(paper, applies=facts.experiments or facts.human_participants,
                not_applicable_reason="No data flows through processing steps.",
                pattern=PIPELINE, found_what="The data pipeline is documented with counts",
                searched="processing steps with counts at each step (filtered, removed, remaining)")
