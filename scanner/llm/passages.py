"""Which parts of the paper a rubric's prompt shows: targeted passages within a token budget.

For each rubric the model sees, in this order until the rubric's share of the per-paper budget is
spent: the abstract, the paragraphs around the offline detectors' evidence for that rubric's
questions, then the opening of the sections the section map points to for the rubric. Reference
lists and the authors' own checklist are never shown; hidden text is not in ``Paper.text``.
The claims/key findings/red flags request sees the abstract, conclusion and results sections.
"""

from __future__ import annotations

from scanner.claims import abstract_span
from scanner.detectors.base import Answer
from scanner.llm.cost import CHARS_PER_TOKEN
from scanner.llm.prompts import Passage
from scanner.paper import Paper
from scanner.rubrics.spec import Rubric
from scanner.text import normalize

DEFAULT_BUDGET = 40_000
ABSTRACT_CHARS = 2_000
WINDOW_CHARS = 500  # each side of an offline evidence quote
SECTION_CHARS = 1_800

# Rubric id -> section kinds whose text answers its questions (scanner.ingest.structure kinds).
SECTION_MAP: dict[str, tuple[str, ...]] = {
    "artifacts": ("data", "experiments", "appendix", "conclusion"),
    "statistical_methodology": ("results", "experiments", "method"),
    "evaluation_design": ("experiments", "results", "method"),
    "claims_and_evidence": ("introduction", "results", "conclusion", "discussion"),
    "setup_transparency": ("experiments", "method", "appendix"),
    "limitations_and_scope": ("limitations", "discussion", "conclusion"),
    "data_integrity": ("data", "method", "experiments"),
    "conflicts_of_interest": ("funding", "acknowledgments", "ethics"),
    "contamination": ("data", "experiments", "limitations"),
    "human_studies": ("data", "method", "ethics", "experiments"),
    "cost_and_practicality": ("experiments", "appendix", "method", "limitations"),
    "experimental_rigor": ("experiments", "results", "method"),
    "data_leakage": ("data", "experiments", "method"),
}
DEFAULT_KINDS: tuple[str, ...] = ("method", "experiments", "results")
# Where a paper states and backs its claims: the claims/key findings/red flags request reads these.
FINDINGS_KINDS: tuple[str, ...] = ("conclusion", "results", "discussion", "experiments")
FINDINGS_SECTION_CHARS = 6_000


def _where(paper: Paper, offset: int) -> str:
    sec = paper.section_at(offset)
    page = f"p. {paper.page_at(offset)}"
    return f"{page}, section {sec.title[:60]}" if sec else page


def _allowed(paper: Paper, offset: int) -> bool:
    return offset < paper.body_end and not paper.in_checklist(offset)


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen/narrow a span to whitespace so that no word is cut."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def evidence_spans(paper: Paper, answers: dict[str, Answer]) -> list[tuple[int, int]]:
    """Windows of ``paper.text`` around the offline evidence of one rubric's answers."""
    spans = []
    for answer in answers.values():
        for ev in answer.evidence:
            head = normalize(ev.quote.split(" ... ")[0])
            at = paper.search_text.find(head) if len(head) >= 12 else -1
            if at >= 0 and _allowed(paper, at):
                end = min(len(paper.text), at + WINDOW_CHARS)
                spans.append(_snap(paper.text, max(0, at - WINDOW_CHARS), end))
    return spans


def section_spans(paper: Paper, rubric_id: str) -> list[tuple[int, int]]:
    """The openings of the sections the section map names for ``rubric_id``."""
    kinds = SECTION_MAP.get(rubric_id, DEFAULT_KINDS)
    spans = []
    for kind in kinds:
        for sec in paper.sections_of(kind):
            if _allowed(paper, sec.start):
                spans.append(_snap(paper.text, sec.start, min(sec.end, sec.start + SECTION_CHARS)))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans already covered by an earlier one (keeps the priority order)."""
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if e - s < 40 or any(ks <= s and e <= ke for ks, ke in kept):
            continue
        kept.append((s, e))
    return kept


def select_passages(
    paper: Paper, rubric: Rubric, answers: dict[str, Answer], token_budget: int
) -> list[Passage]:
    """Passages for ``rubric`` whose text fits ``token_budget`` (estimated) tokens."""
    spans = [_abstract(paper), *evidence_spans(paper, answers), *section_spans(paper, rubric.id)]
    return _pack(paper, spans, token_budget)


def findings_passages(paper: Paper, token_budget: int) -> list[Passage]:
    """Abstract, conclusion and results passages for the claims/key findings/red flags request.

    Each section gets an equal part of what the abstract leaves of ``token_budget`` (at least
    :data:`SECTION_CHARS`, at most :data:`FINDINGS_SECTION_CHARS` characters), in the order of
    :data:`FINDINGS_KINDS`, so a long results section cannot crowd out the conclusion.
    """
    abstract = _abstract(paper)
    sections = [sec for kind in FINDINGS_KINDS for sec in paper.sections_of(kind) if _allowed(paper, sec.start)]
    room = int(token_budget * CHARS_PER_TOKEN) - (abstract[1] - abstract[0])
    each = min(FINDINGS_SECTION_CHARS, max(SECTION_CHARS, room // max(len(sections), 1)))
    spans = [_snap(paper.text, sec.start, min(sec.end, sec.start + each)) for sec in sections]
    return _pack(paper, [abstract, *spans], token_budget)


def _abstract(paper: Paper) -> tuple[int, int]:
    a_start, a_end = abstract_span(paper)
    return _snap(paper.text, a_start, min(a_end, a_start + ABSTRACT_CHARS))


def _pack(paper: Paper, spans: list[tuple[int, int]], token_budget: int) -> list[Passage]:
    """Passages of ``spans`` (deduplicated, in order) until ``token_budget`` is spent."""
    left = int(token_budget * CHARS_PER_TOKEN)
    out = []
    for s, e in _merge(spans):
        if left < 200:
            break
        if e - s > left:
            s, e = _snap(paper.text, s, s + left - 20)
        out.append(Passage(where=_where(paper, s), text=paper.text[s:e].strip()))
        left -= e - s
    return out
