"""Human studies: apply only with human participants; then ethics, demographics, design."""

from __future__ import annotations

from scanner.detectors.base import Answer, compile_words, not_applicable, rule
from scanner.detectors.facts import Facts
from scanner.paper import Paper
from scanner.rubrics.registry import detector

PATTERNS = {
    "pre_registered": (compile_words(r"pre-?regist\w+", r"AsPredicted", r"ClinicalTrials\.gov", r"osf\.io/\w+", r"NCT\d{8}"),
                       "A preregistration is cited", "a preregistration (OSF, AsPredicted, ClinicalTrials.gov id)"),
    "irb_or_ethics_approval": (compile_words(r"IRB", r"institutional review board", r"ethics (?:committee|board|approval)", r"ethical approval",
                                             r"internal review board", r"approved by", r"exempt\w*", r"research ethics"),
                               "Ethics approval is stated", "IRB or ethics-committee approval or exemption"),
    "demographics_reported": (compile_words(r"mean age", r"aged? \d+", r"years old", r"\d+ (?:women|men|female|male)", r"gender",
                                            r"demographics?", r"M\s?age", r"native speakers?", r"ethnicit\w+", r"SD\s?=\s?\d+(?:\.\d+)? years"),
                              "Demographics are reported", "participant demographics (age, gender, background)"),
    "inclusion_exclusion_criteria": (compile_words(r"inclusion criteria", r"exclusion criteria", r"were excluded", r"eligib\w+", r"criteria",
                                                   r"must have", r"were required to", r"excluded (?:from|if|because)", r"screen\w+"),
                                     "Inclusion/exclusion criteria are stated", "inclusion or exclusion criteria"),
    "randomization_described": (compile_words(r"randomly assigned", r"randomi[sz]\w+", r"random assignment", r"counterbalanced",
                                              r"random order", r"assigned at random", r"Latin square"),
                                "Randomization is described", "random assignment to conditions and how it was done"),
    "blinding_described": (compile_words(r"blind\w*", r"masked", r"unaware of (?:the )?(?:condition|hypothes\w+)", r"double-blind",
                                         r"did not know which"), "Blinding is described", "who was blinded to what"),
    "attrition_reported": (compile_words(r"attrition", r"dropp?ed out", r"dropouts?", r"excluded \d+", r"\d+ (?:participants )?were excluded",
                                         r"lost to follow-?up", r"did not complete", r"final sample", r"removed \d+ participants"),
                           "Attrition is reported", "dropouts or exclusions with counts"),
}


def _human_item(item: str):  # noqa: ANN202 - returns a registered detector
    pattern, found_what, searched = PATTERNS[item]

    @detector(item)
    def detect(paper: Paper, facts: Facts) -> Answer:
        if not facts.human_participants:
            return not_applicable("No human participants (subjects, respondents, annotators or raters) take part in this work.")
        return rule(paper, applies=True, not_applicable_reason="", pattern=pattern, found_what=found_what, searched=searched)

    detect.__name__ = item
    detect.__doc__ = f"{found_what} (human studies only)."
    return detect


for _item in PATTERNS:
    _human_item(_item)
