"""Human studies: apply only with human participants; then ethics, demographics, design.

Passages are searched outside the related work (other people's studies) and the reference list;
each item has its own phrasing of the practice, and a few phrasings that look alike but are not
the practice (a "blind spot", authors "listed in random order") are excluded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from scanner.detectors.base import Answer, absent, compile_words, not_applicable, present
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

NO_PARTICIPANTS = "No human participants (subjects, respondents, annotators or raters) take part in this work."
DESIGN = compile_words(
    r"(?:experimental|control) (?:conditions?|groups?)", r"between-?subjects?", r"within-?subjects?", r"manipulat\w+",
    r"(?:feedback|treatment|study|experimental) conditions?", r"Experiment \d", r"counterbalanc\w+",
    r"randomly assigned",
)
"""Participants are assigned to or pass through conditions (randomization can apply)."""
RANDOM_WORDS = re.compile(r"\brandom(?:ly|i[sz]\w+)?\b(?! (?:intercepts?|effects?|slopes?))", re.I)


@dataclass(frozen=True)
class HumanItem:
    """How one human-studies item is recognised."""

    pattern: re.Pattern[str]
    found_what: str
    searched: str
    exclude: re.Pattern[str] | None = None
    applies: Callable[[Facts], bool] | None = None
    not_applicable_reason: str = NO_PARTICIPANTS


ITEMS = {
    "pre_registered": HumanItem(
        compile_words(r"pre-?regist\w+", r"AsPredicted", r"ClinicalTrials\.gov", r"osf\.io/\w+", r"NCT\d{8}"),
        "A preregistration is cited", "a preregistration (OSF, AsPredicted, ClinicalTrials.gov id)"),
    "irb_or_ethics_approval": HumanItem(
        compile_words(r"IRB", r"institutional review board", r"ethics (?:committee|board|approval)",
                      r"ethical approval",
                      r"internal review board", r"approved by", r"exempt\w*", r"research ethics"),
        "Ethics approval is stated", "IRB or ethics-committee approval or exemption"),
    "demographics_reported": HumanItem(
        compile_words(r"mean age", r"aged? \d+", r"years old", r"\d+ (?:women|men|female|male)", r"gender",
                      r"demographics?", r"M\s?age", r"native (?:or \w+ )?(?:\w+ )?speakers?", r"ethnicit\w+",
                      r"SD\s?=\s?\d+(?:\.\d+)? years",
                      r"(?:raters|annotators|participants|workers) were (?:\w+ ){0,2}students",
                      r"(?:hold|held|had) (?:\w+ )?(?:undergraduate|graduate|master'?s|PhD|doctoral) degrees?",
                      r"had PhDs",
                      r"right-handed"),
        "Demographics are reported", "participant demographics (age, gender, background)"),
    "inclusion_exclusion_criteria": HumanItem(
        compile_words(r"inclusion criteria", r"exclusion criteria", r"eligib\w+",
                      r"(?:were|was) excluded (?:if|when|because|from)",
                      r"excluded if", r"were required to", r"(?:were|was) (?:discarded|excluded)", r"to be included",
                      r"(?:only|all) (?:participants|annotators|workers|raters) (?:who|with)",
                      r"all participants were (?:\w+ ){0,3}(?:patients|students|speakers|residents|adults)",
                      r"qualification (?:test|task|round)", r"screening (?:test|task|questions?|criteria)"),
        "Inclusion/exclusion criteria are stated", "inclusion or exclusion criteria"),
    "randomization_described": HumanItem(
        compile_words(r"randomly assigned", r"random assignment", r"assigned at random", r"counterbalanced",
                      r"Latin square",
                      r"order of (?:the )?\w+ (?:was|were) randomi[sz]ed",
                      r"(?:complete )?randomi[sz]ation of (?:the )?(?:stimul\w+|trials?|order)",
                      r"in (?:one |a )?random(?:i[sz]ed)? order",
                      r"randomi[sz]ed (?:controlled|trial|to|into|between|within|for each|across)",
                      r"(?:sides|positions?|order) (?:of \w+ )?(?:\w+ )?(?:was|were)? ?randomi[sz]ed"),
        "Randomization is described", "random assignment to conditions and how it was done",
        exclude=re.compile(r"listed in random order|GPT-?4|acknowledg", re.I),
        applies=lambda f: f.paper.count(DESIGN, at_most=1) >= 1 or f.paper.count(RANDOM_WORDS, at_most=1) >= 1,
        not_applicable_reason="Participants are not assigned to conditions (no experimental manipulation)."),
    "blinding_described": HumanItem(
        compile_words(r"blind(?:ed|ing|ly)?(?! spots?)", r"masked",
                      r"unaware of (?:the )?(?:condition|hypothes\w+|purpose)",
                      r"double-blind", r"did not know which", r"funnel(?:ed)? debriefing",
                      r"(?:valid )?suspicion (?:about|of|regarding)?"),
        "Blinding is described", "who was blinded to what",
        exclude=re.compile(r"double-blind (?:manner|review|peer)|peer[- ]review process", re.I)),
    "attrition_reported": HumanItem(
        compile_words(r"attrition", r"dropp?ed out", r"dropouts?", r"excluded \d+",
                      r"\d+ (?:participants )?were excluded",
                      r"lost to follow-?up", r"did not complete", r"final sample", r"removed \d+ participants",
                      r"not included in the (?:final )?analys[ie]s",
                      r"(?:responses|trials|judgments|participants|pairs) (?:were|was) "
                      r"(?:discarded|excluded|removed|dropped)",
                      r"\d+ (?:out )?of \d[\d,]*\s?[-\u2013\u2014(]\s?\d+(?:\.\d+)?\s?%",
                      r"passed (?:the|our) (?:qualification|screening)", r"removed for missing"),
        "Attrition is reported", "dropouts or exclusions with counts"),
}

SKIP = ("related_work",)


def _human_item(item: str) -> Callable[[Paper, Facts], Answer]:
    spec = ITEMS[item]

    @detector(item)
    def detect(paper: Paper, facts: Facts) -> Answer:
        if not facts.human_participants:
            return not_applicable(NO_PARTICIPANTS)
        if spec.applies is not None and not spec.applies(facts):
            return not_applicable(spec.not_applicable_reason)
        evidence = facts.find(spec.pattern, skip=SKIP, exclude=spec.exclude)
        return present(spec.found_what, evidence) if evidence else absent(spec.searched)

    detect.__name__ = item
    detect.__doc__ = f"{spec.found_what} (human studies only)."
    return detect


for _item in ITEMS:
    _human_item(_item)
