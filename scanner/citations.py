"""cited_papers: the reference list with why each work is cited (from its citing sentence)."""

from __future__ import annotations

import re

from scanner import fastscan
from scanner.evidence import cite, sentence_evidence
from scanner.models import CitedPaper
from scanner.paper import Paper, Reference


def _surname(author: str) -> str | None:
    words = [w for w in re.split(r"[\s,]+", author) if len(w) > 1 and not w.endswith(".")]
    return words[-1] if words else None


def citing_offset(paper: Paper, ref: Reference) -> int | None:
    """Offset of the first body sentence that cites ``ref``, if one can be found."""
    if ref.label and ref.label.isdigit():
        pat = re.compile(r"\[(?:[\d,\s\u2013-]*[,\s])?" + re.escape(ref.label) + r"(?:[,\s\u2013-][\d,\s\u2013-]*)?\]")
        return _first_in_body(paper, pat)
    if ref.authors and ref.year:
        name = _surname(ref.authors[0])
        if name:
            pat = re.compile(r"\b" + re.escape(name) + r"\b[^;)\]]{0,60}?" + str(ref.year))
            return _first_in_body(paper, pat)
    return None


def _first_in_body(paper: Paper, pattern: re.Pattern[str]) -> int | None:
    """Start of the first match before the reference list (``pattern.search(text, 0, body_end)``)."""
    m = next(fastscan.iter_matches(pattern, paper.text, paper.folded_text, 0, paper.body_end), None)
    return m.start() if m else None


def cited_papers(paper: Paper) -> list[CitedPaper]:
    """One entry per parsed reference, with the citing sentence as relevance where found."""
    out = []
    for ref in paper.references:
        off = citing_offset(paper, ref)
        ev = sentence_evidence(paper, off) if off is not None else None
        if ev is not None:
            relevance = f"Cited in the body: {cite(ev)}"
        else:
            relevance = "Listed in the references; no citing sentence was located in the body text."
        out.append(
            CitedPaper(
                title=ref.title[:300],
                authors=ref.authors,
                year=ref.year,
                arxiv_id=ref.arxiv_id,
                doi=ref.doi,
                relevance=relevance,
            )
        )
    return out
