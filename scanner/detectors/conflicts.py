"""Conflicts of interest: funding, affiliations, funder independence, competing interests."""

from __future__ import annotations

import re

from scanner.detectors.base import Answer, absent, compile_words, find, present
from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.paper import Paper
from scanner.rubrics.registry import detector

FUNDING = compile_words(r"funded by", r"supported (?:in part )?by", r"grants?", r"funding", r"award", r"fellowship",
                        r"National Science Foundation", r"NSF", r"NIH", r"DARPA", r"ERC", r"sponsored", r"no funding")
COMPETING = compile_words(r"competing interests?", r"conflicts? of interest", r"declare no", r"no conflicts?",
                          r"financial interests?",
                          r"disclosure", r"declaration of interest")
FUNDING_ANYWHERE = compile_words(
    r"funded by", r"supported (?:in part |partly |partially )?by (?:the |a |an )?\w+", r"grants? (?:no\.?|number|#)",
    r"financial support",
    r"(?:research|work|study|project) (?:was|is) (?:partly |partially |in part )?(?:supported|funded)",
    r"Forschungsgemeinschaft",
    r"National Institutes? of Health", r"National Science Foundation", r"no (?:external )?funding",
)
INDUSTRY = compile_words(r"Google", r"Microsoft", r"Meta", r"OpenAI", r"Amazon", r"Apple", r"NVIDIA", r"IBM",
                         r"Anthropic", r"DeepMind")


@detector("funding_disclosed")
def funding_disclosed(paper: Paper, facts: Facts) -> Answer:
    """Funding/acknowledgment statement names funders or states no funding."""
    ev = find(paper, FUNDING, kinds=("acknowledgments", "funding"), limit=2) or find(paper, FUNDING_ANYWHERE, limit=2)
    return present("Funding is disclosed", ev) if ev else absent("a funding or acknowledgment statement naming funders")


@detector("affiliations_disclosed")
def affiliations_disclosed(paper: Paper, facts: Facts) -> Answer:
    """Author affiliations given."""
    for affil in paper.affiliations:
        ev = locate(paper, affil[:200])
        if ev:
            return present("Author affiliations are given", [ev])
    if any(a.lower().startswith("anonymous") for a in paper.authors):
        return Answer(True, False,
                      "The authors are anonymised for review ('Anonymous Author(s)'), "
                      "so no affiliations are given.", [])
    return absent("author affiliations on the first page")


@detector("funder_independent_of_outcome")
def funder_independent_of_outcome(paper: Paper, facts: Facts) -> Answer:
    """Funders disclosed and without a stake (or a stake declared)."""
    funding = funding_disclosed(paper, facts)
    if not funding.answer:
        return Answer(True, False, "No funding is disclosed, so the funders' independence cannot be assessed.", [])
    declared = find(paper, COMPETING, limit=1)
    stake = [e for e in funding.evidence if INDUSTRY.search(e.quote) and re.search(r"(?i)funded|grant|sponsor",
                                                                                   e.quote)]
    if stake and not declared and facts.llm:
        return Answer(True, False,
                      "A funder is a company with a possible stake and no competing-interest declaration manages it: "
                      + funding.justification.split(": ", 1)[-1], stake)
    return Answer(True, True, "Funders are public or academic bodies with no stake in the result: "
                  + funding.justification.split(": ", 1)[-1], funding.evidence)


@detector("financial_interests_declared")
def financial_interests_declared(paper: Paper, facts: Facts) -> Answer:
    """A competing-interests statement exists."""
    ev = find(paper, COMPETING, limit=2)
    return present("A competing-interests statement exists",
                   ev) if ev else absent("a competing-interests or conflict-of-interest statement")
