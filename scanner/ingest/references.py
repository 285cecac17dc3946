"""Split the reference list into entries and parse each one (pure).

Entries are delimited by the strongest signal the list offers: labels (``[12]``, ``12.``),
hanging indents, or text blocks. Each entry is parsed for authors, year, title, arXiv id and
DOI; what cannot be parsed stays empty rather than guessed.
"""

from __future__ import annotations

import re

from scanner.fastscan import guarded
from scanner.ingest.layout import TextLine
from scanner.paper import Paper, Reference

_LABEL = re.compile(r"^\s*(\[\d{1,3}\]|\d{1,3}\.\s)")
# guarded: a look-ahead for [12] lets re skip most positions (same matches, ~2x faster)
_YEAR = guarded(re.compile(r"(?<![\d/.])(1[89]\d\d|20[0-3]\d)[a-z]?(?![\d/])"))
_APA_YEAR = re.compile(r"\(\s*(1[89]\d\d|20[0-3]\d)[a-z]?\s*[,)]")
_QUOTED_TITLE = re.compile(r"[\u201c\"]([^\u201d\"]{8,300})[\u201d\"]")
_ACL_YEAR = re.compile(r"\.\s(1[89]\d\d|20[0-3]\d)[a-z]?\.\s")
_ARXIV = re.compile(r"(?:arxiv[:\s/]*|abs/|pdf/)(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?", re.I)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s,;\"<>]+)", re.I)
_SPLIT = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9\"'(\[])")
_INITIAL_END = re.compile(r"(?:\b[A-Z]|\bet al|\bJr|\bSt|\bvs|\bEd|\bEds|\bVol|\bNo|\bpp)\.$")
# Longest _INITIAL_END match ("et al." + a newline before which $ matches) plus the one
# character \b looks at before it: searching this many last characters finds what a search of
# the whole text finds, without trying every position of a growing entry.
_INITIAL_END_TAIL = 8


def split_entries(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group reference-list lines into entries."""
    lines = [ln for ln in lines if ln.text.strip() and not ln.text.strip().isdigit()]
    if not lines:
        return []
    labelled = [ln for ln in lines if _LABEL.match(ln.text)]
    if len(labelled) >= max(3, len(lines) // 8):
        starts = {id(ln) for ln in labelled}
    else:
        starts = _indent_starts(lines) or {id(ln) for ln in lines if ln.block_start}
    entries: list[list[TextLine]] = []
    for ln in lines:
        if id(ln) in starts or not entries:
            entries.append([ln])
        else:
            entries[-1].append(ln)
    return entries


def _indent_starts(lines: list[TextLine]) -> set[int]:
    """Entry starts under hanging indentation (continuation lines sit further right)."""
    counts: dict[int, int] = {}
    for ln in lines:
        counts[round(ln.x0)] = counts.get(round(ln.x0), 0) + 1
    common = sorted(x for x, n in counts.items() if n >= 2) or sorted(counts)
    bases: list[float] = []
    for x in common:
        if not bases or x - bases[-1] > 60:
            bases.append(x)
    starts = set()
    indented = 0
    for ln in lines:
        base = max((b for b in bases if b <= round(ln.x0) + 0.5), default=bases[0])
        if ln.x0 - base < 2.5:
            starts.add(id(ln))
        elif ln.x0 - base < 30:
            indented += 1
    return starts if indented >= len(lines) // 4 and len(starts) >= 3 else set()


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    for piece in _SPLIT.split(text):
        if parts and _INITIAL_END.search(parts[-1][-_INITIAL_END_TAIL:]):
            parts[-1] += " " + piece
        else:
            parts.append(piece)
    return parts


def _authors(text: str) -> list[str]:
    text = text.strip().rstrip(",")
    initials_first = re.match(r"(?:[A-Z]\.\s?-?)+\s?[A-Z][\w'\-]", text)  # IEEE: J. A. Smith, B. Doe
    if not initials_first and re.search(r"[A-Z][\w'\-]+, (?:[A-Z]\.\s?)+", text):  # APA: Smith, J. A., & Doe, B.
        return [f"{m.group(2).strip()} {m.group(1)}".strip()
                for m in re.finditer(r"([A-Z][\w'\-]+(?: [A-Z][\w'\-]+)?), ((?:[A-Z]\.\s?-?)+)", text)]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text.rstrip("."))
    return [p.strip() for p in parts if p.strip() and len(p.split()) <= 6 and p.strip() != "et al"]


def parse_entry(raw: str) -> tuple[list[str], int | None, str]:
    """(authors, year, title) of one reference entry, as far as they can be read."""
    body = _LABEL.sub("", raw, count=1).strip()
    quoted = _QUOTED_TITLE.search(body)
    apa = _APA_YEAR.search(body)
    acl = _ACL_YEAR.search(body)
    years = _YEAR.findall(body)
    dated = apa or acl
    year = int(dated.group(1)) if dated else (int(years[-1]) if years else None)
    if quoted and not apa:  # IEEE: A. Author and B. Author, "Title," in Proc. X, 2019.
        authors = _authors(body[: quoted.start()])
        title = quoted.group(1).rstrip(",. ")
    elif apa:
        authors = _authors(body[: apa.start()])
        rest = body[body.find(")", apa.start()) + 1 :].lstrip(". ")
        title = _sentences(rest)[0] if rest else ""
    else:
        sents = _sentences(body)
        authors = _authors(sents[0]) if sents else []
        later = sents[1:]
        if later and _YEAR.fullmatch(later[0].rstrip(". ")):
            later = later[1:]
        title = later[0] if later else (sents[0] if sents else "")
    return authors[:50], year, title.strip().rstrip(".").strip()


def parse_references(paper: Paper, lines: list[TextLine]) -> list[Reference]:
    """The reference entries found in ``lines`` (the reference section's lines)."""
    refs = []
    entries = split_entries(lines)
    for i, entry in enumerate(entries):
        end = entries[i + 1][0].offset if i + 1 < len(entries) else entry[-1].offset + len(entry[-1].text)
        raw = " ".join(paper.text[entry[0].offset : end].split())
        if len(raw) < 15:
            continue
        authors, year, title = parse_entry(raw)
        arxiv = _ARXIV.search(raw)
        doi = _DOI.search(raw) if "10." in raw else None  # every DOI match holds "10." (no case)
        label = _LABEL.match(raw)
        refs.append(
            Reference(
                raw=raw,
                start=entry[0].offset,
                page=entry[0].page,
                title=title or raw[:120],
                authors=authors,
                year=year,
                arxiv_id=(arxiv.group(1) + (arxiv.group(2) or "")) if arxiv else None,
                doi=doi.group(1).rstrip(".") if doi else None,
                label=label.group(1).strip("[]. ") if label else None,
            )
        )
    return refs
