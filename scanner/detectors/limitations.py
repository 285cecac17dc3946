"""Limitations and scope: a dedicated section, specific threats, stated boundaries."""

from __future__ import annotations

from scanner.detectors.base import Answer, absent, compile_words, find, present
from scanner.detectors.claims_items import BOUNDS
from scanner.detectors.facts import Facts
from scanner.evidence import quote_span
from scanner.paper import Paper
from scanner.rubrics.registry import detector

LIMITATION_PARAGRAPH = compile_words(r"limitations?(?: and future work)?[.:]", r"threats to validity", r"our (?:study|work|approach) has (?:several |some )?limitations",
                                     r"one limitation", r"a limitation", r"several limitations", r"main limitation")
SPECIFIC = compile_words(r"only", r"small", r"single", r"limited (?:to|number|sample)", r"\d+ (?:participants|models|datasets|languages)",
                         r"English", r"we did not", r"we do not", r"not (?:tested|evaluated|include)", r"sample", r"bias\w*")


def _limitations(paper: Paper) -> tuple[str | None, list]:
    secs = paper.sections_of("limitations")
    secs = [s for s in secs if not paper.in_checklist(s.start)]
    if secs:
        ev = quote_span(paper, secs[0].start, min(secs[0].end, secs[0].start + 160))
        return secs[0].title, [ev] if ev else []
    return None, find(paper, LIMITATION_PARAGRAPH, limit=1)


@detector("limitations_section_present")
def limitations_section_present(paper: Paper, facts: Facts) -> Answer:
    """A dedicated Limitations section or paragraph."""
    title, evidence = _limitations(paper)
    if title:
        return present(f"A dedicated section '{title[:60]}' exists", evidence) if evidence else \
            Answer(True, True, f"A dedicated section '{title[:60]}' exists.", [])
    if evidence:
        return present("A limitations paragraph exists", evidence)
    return absent("a Limitations section or a paragraph headed 'Limitations'")


@detector("threats_to_validity_specific")
def threats_to_validity_specific(paper: Paper, facts: Facts) -> Answer:
    """Limitations specific to this study."""
    secs = [s for s in paper.sections_of("limitations") if not paper.in_checklist(s.start)]
    if secs:
        text = paper.text[secs[0].start : secs[0].end]
        if len(SPECIFIC.findall(text)) >= 2:
            ev = find(paper, SPECIFIC, kinds=("limitations",), limit=2)
            if ev:
                return present("The limitations named are specific to this study", ev)
    ev = find(paper, LIMITATION_PARAGRAPH, limit=2)
    specific = [e for e in ev if SPECIFIC.search(e.quote)]
    if specific:
        return present("Specific limitations are named", specific)
    return absent("limitations specific to this study (sample, models, languages, settings not covered)", context=ev)


@detector("scope_boundaries_stated")
def scope_boundaries_stated(paper: Paper, facts: Facts) -> Answer:
    """What was not tested or where results may not transfer."""
    evidence = find(paper, BOUNDS, limit=2)
    return present("Scope boundaries are stated", evidence) if evidence else \
        absent("statements of what was not tested or where results may not transfer")
