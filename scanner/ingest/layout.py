"""Reading order and page furniture: from positioned lines to the paper's clean text (pure).

Steps per page: drop margin line numbers and running headers/footers (lines repeated at the
same place across pages, page numbers), merge pieces of one visual row, order blocks by
columns (full-width blocks split the page into bands; inside a band the left column is read
before the right), then join lines with hyphenation repaired. The result is handed to
:func:`scanner.ingest.structure.build_paper`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from scanner.paper import HiddenPassage, Paper
from scanner.text import clean_line

_DIGITS = re.compile(r"\d+")
_EDGE = 0.09  # top/bottom share of the page where running headers and footers live


@dataclass
class Line:
    """One visual line of text with the typography the structure detector needs."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    block: int


@dataclass
class PageLines:
    """All visible lines of one page, plus the hidden passages found on it."""

    number: int
    width: float
    height: float
    lines: list[Line]
    hidden: list[HiddenPassage] = field(default_factory=list)


@dataclass
class TextLine:
    """A line as placed in ``Paper.text``: its offset and the typography of its source."""

    offset: int
    text: str
    page: int
    size: float
    bold: bool
    block_start: bool
    x0: float


def body_font_size(pages: list[PageLines]) -> float:
    """The font size carrying most characters (the running text)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _furniture_keys(pages: list[PageLines]) -> set[str]:
    """Texts (digits masked) that repeat near the top or bottom edge of many pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        seen = set()
        for ln in page.lines:
            if ln.y1 < page.height * _EDGE or ln.y0 > page.height * (1 - _EDGE):
                seen.add(_DIGITS.sub("#", ln.text.strip().lower()))
        counts.update(seen)
    need = max(3, len(pages) // 4)
    keys = {k for k, n in counts.items() if n >= need and k}
    anywhere: Counter[str] = Counter()
    for page in pages:  # long side notes repeated on most pages (publisher watermarks)
        anywhere.update({ln.text.strip().lower() for ln in page.lines if len(ln.text.strip()) > 30})
    keys |= {_DIGITS.sub("#", k) for k, n in anywhere.items() if n >= max(3, len(pages) // 2)}
    return keys


def _kept_lines(page: PageLines, keys: set[str], body: float) -> list[Line]:
    """The lines of ``page`` that are not furniture (margin line numbers, running headers)."""
    top, bottom = page.height * _EDGE, page.height * (1 - _EDGE)
    small = body * 0.85  # margin line numbers of review copies are set in a smaller font
    kept = []
    for ln in page.lines:
        text = ln.text.strip()
        at_edge = ln.y1 < top or ln.y0 > bottom
        if _is_line_number(text) and (at_edge or ln.size < small):
            continue
        if keys and (at_edge or len(text) > 30) and _DIGITS.sub("#", text.lower()) in keys:
            continue
        kept.append(ln)
    return kept


def _is_line_number(text: str) -> bool:
    """True for 1-4 decimal digits, as ``re.match(r"^\\d{1,4}$", text)`` on a stripped text.

    re's ``\\d`` is Unicode category Nd, which is what str.isdecimal() tests; no regex call
    per line.
    """
    return 0 < len(text) <= 4 and text.isdecimal()


def _merge_rows(lines: list[Line]) -> list[Line]:
    """Join pieces of one visual row inside a block ("2" + "Related Work")."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        same_row = prev is not None and prev.block == ln.block and abs(prev.y0 - ln.y0) < 2.5
        if prev is not None and same_row and ln.x0 >= prev.x1 - 1:
            # a new Line, not an update: the input lines stay untouched without copying them all
            out[-1] = Line(f"{prev.text} {ln.text}", prev.x0, prev.y0, max(prev.x1, ln.x1), prev.y1,
                           max(prev.size, ln.size), prev.bold and ln.bold, prev.block)
        else:
            out.append(ln)
    return out


def _column_order(page: PageLines, lines: list[Line]) -> list[Line]:
    """Order lines by blocks in reading order for one- or two-column pages."""
    blocks: dict[int, list[Line]] = {}
    for ln in lines:
        blocks.setdefault(ln.block, []).append(ln)
    mid = page.width / 2
    boxes = []
    for no, bl in blocks.items():
        x0 = min([ln.x0 for ln in bl])  # lists, not generators: faster for a few lines each
        x1 = max([ln.x1 for ln in bl])
        y0 = min([ln.y0 for ln in bl])
        side = "L" if x1 <= mid + 8 else "R" if x0 >= mid - 8 else "F"
        boxes.append((side, y0, x0, no))
    two_col = sum(1 for b in boxes if b[0] == "L") >= 2 and sum(1 for b in boxes if b[0] == "R") >= 2
    if not two_col:
        order = sorted(boxes, key=lambda b: (round(b[1]), b[2]))
    else:
        order = []
        band: list[tuple[str, float, float, int]] = []
        for box in sorted(boxes, key=lambda b: (b[1], b[2])):
            if box[0] == "F":
                order += sorted(band, key=lambda b: (b[0] != "L", b[1]))
                order.append(box)
                band = []
            else:
                band.append(box)
        order += sorted(band, key=lambda b: (b[0] != "L", b[1]))
    return [ln for box in order for ln in blocks[box[3]]]


def page_text_lines(pages: list[PageLines], body: float) -> tuple[str, list[int], list[TextLine]]:
    """Clean text of all pages, the page start offsets and the placed lines.

    ``body`` is the running-text font size (:func:`body_font_size` of ``pages``).
    """
    keys = _furniture_keys(pages)
    parts: list[str] = []
    page_starts: list[int] = []
    placed: list[TextLine] = []
    offset = 0
    for page in pages:
        page_starts.append(offset)
        prev_block = None
        for ln in _column_order(page, _merge_rows(_kept_lines(page, keys, body))):
            text = clean_line(ln.text)
            if not text:
                continue
            if parts and parts[-1].endswith("-") and len(parts[-1]) > 1 and parts[-1][-2].isalnum() \
                    and text[0].isalnum() and prev_block == ln.block:
                parts[-1] = parts[-1][:-1]
                offset -= 1
                glue = ""
            else:
                glue = "\n" if parts else ""
            offset += len(glue)
            placed.append(TextLine(offset, text, page.number, ln.size, ln.bold, prev_block != ln.block, ln.x0))
            parts.append(glue + text)
            offset += len(text)
            prev_block = ln.block
    return "".join(parts), page_starts, placed


def assemble(
    pages: list[PageLines],
    *,
    source: str,
    sha256: str,
    parser: str,
    parser_version: str,
    raw_text: str,
    metadata: dict[str, str],
) -> Paper:
    """Build the :class:`Paper` from extracted pages (layout, then structure)."""
    from scanner.ingest.structure import build_paper

    body = body_font_size(pages)
    text, page_starts, placed = page_text_lines(pages, body)
    paper = Paper(
        source=source,
        sha256=sha256,
        parser=parser,
        parser_version=parser_version,
        text=text,
        page_starts=page_starts,
        raw_text=raw_text,
        hidden=[h for p in pages for h in p.hidden],
        metadata=metadata,
    )
    build_paper(paper, placed, body)
    return paper
