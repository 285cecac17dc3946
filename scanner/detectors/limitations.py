"""Limitations and scope: a dedicated section, specific threats, stated boundaries."""

from __future__ import annotations

import re

from scanner.detectors.base import Answer, absent, compile_words, present
from scanner.detectors.facts import Facts
from scanner.evidence import quote_span
from scanner.models import Evidence
from scanner.paper import Paper
from scanner.rubrics.registry import detector

# A heading-like line or paragraph opener naming limitations/caveats ("Limitations.", "Observational
# Caveat", "Alternative Explanations and Limitations").
LIMITATION_HEADING = re.compile(
    r"^(?:[\d.]+\s+)?(?:[A-Z][\w'-]*\s+|(?:and|of|the|&)\s+){0,5}(?:Limitations?|Caveats?|Threats to (?:the )?[Vv]alid"
    r"ity)\b(?:[ \w&]{0,40})[.:]?\s*$"
    r"|^(?:[A-Z][\w'-]*\s+){0,3}(?:Limitations?|Caveats?)(?:[.:]\s|\s+(?=[A-Z][a-z]+,))",
    re.M,
)
LIMITATION_PARAGRAPH = compile_words(
    r"(?:a|one|another|the (?:main|major|first|second|key)|several|some|important|potential) limitations?",
    r"limitations? of (?:this|our|the present|the current) (?:study|work|paper|approach|analysis|method)",
    r"our (?:study|work|approach|analysis) has (?:several |some |a few )?limitations", r"threats to validity",
    r"should be interpreted with caution", r"is limited (?:by|in)",
)
# Specific threats: the paper names what it did not do, where it fell short or what may bias it.
SPECIFIC = compile_words(
    r"limitations?", r"caveats?", r"we (?:did|do|could) not",
    r"(?:was|were|is|are) not (?:tested|evaluated|assessed|examined|"
    r"measured|validated|verified|controlled|included|considered|accounted)",
    r"(?:cannot|can not) (?:rule out|rebut|exclude|be sure)",
    r"(?:small|limited|modest) (?:sample|number|set|scale)", r"single (?:seed|run|model|dataset|language|trait|site)",
    r"due to (?:computational|resource|time) (?:constraints|limits)", r"not (?:feasible|possible) (?:to|without)",
    r"interpreted with caution", r"(?:false positives|false negatives)",
    r"may (?:have )?(?:bias\w*|excluded|missed|inflat\w+|underestimat\w+|"
    r"overestimat\w+|not (?:generali[sz]e|hold|transfer|apply|capture|reflect))",
    r"does not (?:account|capture|reflect|address)",
    r"more work is needed", r"future (?:work|research|studies) (?:should|could|will|may|is needed|might)",
)
BOUNDS = compile_words(
    r"may not (?:generali[sz]e|hold|transfer|apply|extend|be applicable)", r"not (?:be )?applicable to",
    r"limited to(?! \d)",
    r"only (?:tested|evaluated|studied|considered|conducted|examined|used|focus\w*)",
    r"we (?:only|solely|primarily|mainly) (?:focus|consider|study|evaluate|test|use)\w*",
    r"we focus(?:ed)? (?:on|only)", r"future (?:work|research|studies) (?:should|could|will|may|might|is needed|can)",
    r"more work is needed",
    r"remains? (?:unclear|unknown|untested|open|to be (?:seen|tested|examined))",
    r"we (?:do not|did not|don't) (?:test|evaluate|study|consider|examine|address|claim|account)",
    r"generali[sz]\w+ (?:to|beyond) (?:other|new|more|different|real)", r"beyond the scope", r"restricted to",
    r"in (?:our|this) (?:setting|experimental setting)",
    r"(?:more )?realistic (?:conditions|settings|scenarios)", r"lower bound", r"(?:specifically )?tailored (?:for|to)",
    r"interpreted with caution",
    r"whether (?:these|our|the) (?:findings|results|gaps|effects) (?:generali[sz]e|hold|transfer|are)",
    r"(?:natural|real[- ]world|other) (?:settings|languages|domains|populations)",
    r"artificial(?:ly)? (?:designed|constructed|stimuli|words|setting)", r"initial (?:results|evidence|findings)",
)


def limitation_sections(paper: Paper, facts: Facts) -> list[tuple[int, int, str]]:
    """(start, end, title) of limitation sections outside the authors' checklist (with subsections)."""
    out = []
    for sec in paper.sections:
        if sec.kind == "limitations" and not paper.in_checklist(sec.start):
            end = next((s.start for s in paper.sections if s.start > sec.start and s.level <= sec.level), sec.end)
            out.append((sec.start, max(end, sec.end), sec.title))
    return out


def _heading_evidence(paper: Paper, facts: Facts) -> list[Evidence]:
    """Heading-like lines or paragraph openers naming limitations (not in the introduction)."""
    out = []
    for m in paper.finditer(LIMITATION_HEADING):
        if facts.kind_at(m.start()) in ("introduction", "related_work", "abstract"):
            continue
        ev = quote_span(paper, m.start(), min(len(paper.text), m.start() + 200))
        if ev:
            out.append(ev)
            break
    return out


@detector("limitations_section_present")
def limitations_section_present(paper: Paper, facts: Facts) -> Answer:
    """A dedicated Limitations section or paragraph (a heading, or a paragraph opening on limitations)."""
    secs = limitation_sections(paper, facts)
    if secs:
        start, end, title = secs[0]
        ev = quote_span(paper, start, min(end, start + 160))
        return present(f"A dedicated section '{title[:60]}' exists", [ev]) if ev else \
            Answer(True, True, f"A dedicated section '{title[:60]}' exists.", [])
    evidence = _heading_evidence(paper, facts) or facts.find(LIMITATION_PARAGRAPH, limit=1)
    if evidence:
        return present("A limitations paragraph exists", evidence)
    return absent("a Limitations section, a paragraph headed 'Limitations' or 'Caveats', or one opening on the study's"
                  " limitations")


@detector("threats_to_validity_specific")
def threats_to_validity_specific(paper: Paper, facts: Facts) -> Answer:
    """Limitations named are specific to this study (what was not done, where it falls short)."""
    secs = limitation_sections(paper, facts)
    ev: list[Evidence] = []
    if secs:
        ev = facts.find(SPECIFIC, kinds=("limitations",), limit=2)
    if not ev:
        ev = facts.find(SPECIFIC, skip=("introduction", "related_work", "abstract", "method"), limit=2)
    if len(ev) >= 1:
        return present("Study-specific limitations are named", ev)
    return absent("limitations specific to this study (what was not tested, sample or model restrictions, known failur"
                  "e sources)")


@detector("scope_boundaries_stated")
def scope_boundaries_stated(paper: Paper, facts: Facts) -> Answer:
    """What was not tested or where results may not transfer."""
    evidence = facts.find(BOUNDS, skip=("related_work",), limit=2)
    return present("Scope boundaries are stated", evidence) if evidence else \
        absent("statements of what was not tested or where results may not transfer")
