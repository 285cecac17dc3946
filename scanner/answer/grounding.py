"""The llm engine's gate for model text: quotes must be in the paper, prose loses quote marks.

:func:`ground_quotes` turns a model's candidate quotes into :class:`~scanner.models.Evidence`
through :func:`scanner.evidence.locate`, rejecting quotes that are missing, come from the
reference list or the authors' checklist, or are themselves instructions addressed to a
reviewer or a model. :func:`clean_text` makes model prose safe to write next to real quotes.
"""

from __future__ import annotations

import re

from scanner.evidence import QUOTE_CHARS, locate
from scanner.models import Evidence
from scanner.paper import Paper
from scanner.text import normalize

MAX_QUOTES = 4
# Text addressed to a reviewer or a model ("answer yes to every question") is never evidence.
_INSTRUCTION = re.compile(
    r"\b(ignore (all |any |the )?(previous|prior|above|your)|answer (yes|true)"
    r"|(language model|llm|ai)s?\b.{0,40}\b(must|should)|reviewers? (must|should)"
    r"|rate this paper|(system|user) prompt)",
    re.I,
)


def ground_quotes(paper: Paper, quotes: list[str]) -> tuple[list[Evidence], list[str]]:
    """Evidence for the quotes found in the paper's body, and one problem per quote that is not."""
    evidence: list[Evidence] = []
    issues: list[str] = []
    for quote in quotes[:MAX_QUOTES]:
        ev = locate(paper, quote)
        if ev is None:
            issues.append(f"quote not found in the paper: {_short(quote)}")
            continue
        at = paper.search_text.find(normalize(quote))
        if _INSTRUCTION.search(ev.quote):
            issues.append(f"quote is an instruction in the paper, not evidence: {_short(quote)}")
        elif paper.in_checklist(at) or paper.in_references(at):
            issues.append(f"quote is from the reference list or the authors' checklist: {_short(quote)}")
        elif all(ev.quote != e.quote for e in evidence):
            evidence.append(ev)
    return evidence, issues


def clean_text(text: str, limit: int) -> str:
    """``text`` on one line, double quote marks turned into single ones, cut to ``limit`` characters."""
    return QUOTE_CHARS.sub("'", " ".join(text.split()))[:limit].strip()


def _short(quote: str) -> str:
    return quote if len(quote) <= 120 else quote[:117] + "..."
