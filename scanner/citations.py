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
    """Offset of the first body sentence that cites ``ref``, if one can be found.

    Numbered entries are cited as ``[3]``, ``[2, 3]`` or ``[3-5]``; author-year entries by the
    first author's surname followed within 60 characters (no ``;``, ``)`` or ``]`` between) by
    the year. Both are found without compiling a pattern per entry (see the helpers).
    """
    if ref.label and ref.label.isdigit():
        if ref.label.isdecimal():
            return _bracket_citations(paper).get(ref.label)
        return _first_in_body(paper, label_pattern(ref.label))  # digits \d does not match (e.g. "²")
    if ref.authors and ref.year:
        name = _surname(ref.authors[0])
        if name:
            return _first_author_year(paper, name, str(ref.year))
    return None


def label_pattern(label: str) -> re.Pattern[str]:
    """A numeric label inside a citation bracket: ``[3]``, ``[2, 3]``, ``[3-5, 8]``, not ``[13]``."""
    return re.compile(r"\[(?:[\d,\s\u2013-]*[,\s])?" + re.escape(label) + r"(?:[,\s\u2013-][\d,\s\u2013-]*)?\]")


def author_year_pattern(name: str, year: str) -> re.Pattern[str]:
    """A surname followed within 60 characters by the year (``Smith et al. (2020``, ``Smith, 2020``)."""
    return re.compile(r"\b" + re.escape(name) + r"\b[^;)\]]{0,60}?" + year)


def _first_in_body(paper: Paper, pattern: re.Pattern[str]) -> int | None:
    """Start of the first match before the reference list (``pattern.search(text, 0, body_end)``)."""
    m = next(fastscan.iter_matches(pattern, paper.text, paper.folded_text, 0, paper.body_end), None)
    return m.start() if m else None


_BRACKET = re.compile(r"\[([\d,\s\u2013-]*)\]")
_DIGIT_RUN = re.compile(r"\d+")


def _bracket_citations(paper: Paper) -> dict[str, int]:
    """Label -> where :func:`label_pattern` first matches in the body, for every decimal label at once.

    Exact: a match of :func:`label_pattern` is a ``[`` and a ``]`` with only characters of
    ``[\\d,\\s\\u2013-]`` between them - one of the groups :data:`_BRACKET` finds (they cannot
    overlap: none holds a bracket) - whose content has the label as a whole run of digits that
    starts the content or follows a comma or a space. One scan per paper instead of one per entry.
    """
    def compute() -> dict[str, int]:
        first: dict[str, int] = {}
        for m in _BRACKET.finditer(paper.text, 0, paper.body_end):
            content = m.group(1)
            for run in _DIGIT_RUN.finditer(content):
                i = run.start()
                if i == 0 or content[i - 1] == "," or content[i - 1].isspace():  # isspace is re's \s
                    first.setdefault(run.group(), m.start())
        return first

    return paper.memo((__name__, "bracket_citations"), compute)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # re's \w for str patterns


def _at_boundary(text: str, i: int, end: int) -> bool:
    """``\\b`` at ``i`` when searching ``text`` up to ``end`` (re sees the string as ending there)."""
    return (i > 0 and _is_word(text[i - 1])) != (i < end and _is_word(text[i]))


def _first_author_year(paper: Paper, name: str, year: str) -> int | None:
    """Where :func:`author_year_pattern` first matches in the body, by plain substring search.

    Exact: the pattern matches at an occurrence of ``name`` with a word boundary on both sides
    when ``year`` starts within 60 characters after it, with no ``;``, ``)`` or ``]`` before it,
    and ends before the body does. Saves compiling and analysing one pattern per entry.
    """
    text, end = paper.text, paper.body_end
    pos = text.find(name, 0, end)
    while pos >= 0:
        after = pos + len(name)
        if _at_boundary(text, pos, end) and _at_boundary(text, after, end):
            last = after + 60  # the year starts at most here, and not after a ; ) or ]
            for stop in (";", ")", "]"):
                k = text.find(stop, after, last)
                if k >= 0:
                    last = k
            if text.find(year, after, min(last + len(year), end)) >= 0:
                return pos
        pos = text.find(name, pos + 1, end)
    return None


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
