"""The numbers of a Markdown/LaTeX draft's raw lines, each with the runs its annotation names.

A number is annotated by ``<!-- run:ID -->`` (Markdown) or ``% run:ID`` (LaTeX) on its line:
each number goes to the first annotation after it on the line, else to the line's last one.
An annotation alone on a line covers the block below it (up to the next blank line), which is
how a whole table is backed by one run. Several ids (``run:A run:B``) back a number if any does.
Markup is masked before numbers are read (comments, code, URLs, ``\\ref{}``/``\\cite{}``,
lengths such as ``0.5\\linewidth``), and heading lines carry no results.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from scanner.ingest.structure import kind_of
from scanner.numbers import Number, result_numbers

_MD_ANNOTATION = re.compile(r"<!--\s*((?:run:\s*[A-Za-z0-9][\w.:\-]*[\s,;]*)+)-->")
_TEX_ANNOTATION = re.compile(r"(?<!\\)%\s*((?:run:\s*[A-Za-z0-9][\w.:\-]*[\s,;]*)+)\s*$")
_RUN_ID = re.compile(r"run:\s*([A-Za-z0-9][\w.:\-]*[A-Za-z0-9])")
_MD_MASKS = [
    re.compile(r"<!--.*?(?:-->|$)"),
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"https?://\S+"),
    re.compile(r"\[\^?[^\]]*\]:.*$"),
    re.compile(r"<[^>]+>"),
]
_TEX_MASKS = [
    re.compile(r"(?<!\\)%.*$"),
    re.compile(r"\\(?:ref|eqref|cref|Cref|autoref|label|cite\w*|url|href|input|include|includegraphics|"
               r"usepackage|documentclass|begin|end|bibliography\w*|vspace|hspace|setlength|hyperref)"
               r"\*?(?:\[[^\]]*\])*(?:\{[^}]*\})?"),
    re.compile(r"-?\d*\.?\d+(?:\s*\\(?:line|text|column|paper)(?:width|height)|\\(?:base)?lineskip"
               r"|(?:pt|em|ex|cm|mm|in|bp)\b)"),
    re.compile(r"https?://\S+"),
]
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_TEX_HEADING = re.compile(
    r"\\(part|chapter|section|subsection|subsubsection|paragraph)\*?\s*(?:\[[^\]]*\])?\{([^}]*)\}")
_TEX_ABSTRACT = re.compile(r"\\begin\{abstract\}")
_TEX_SKIP_ENV = re.compile(r"\\begin\{(verbatim|lstlisting|minted|comment)\}")
_FENCE = re.compile(r"^\s*(```|~~~)")
_BOLD_ABSTRACT = re.compile(r"^\s*(?:(?:\*\*|__)abstract[.:]?(?:\*\*|__)|abstract[.:]?\s*$)", re.I)

KindAt = Callable[[str, int], "str | None"]


@dataclass(frozen=True)
class DraftNumber:
    """A result-like number on a draft line and the run ids its annotation names."""

    file: str
    line: int
    number: Number
    runs: tuple[str, ...]
    kind: str | None


def is_latex(file: str) -> bool:
    """True for LaTeX sources (by suffix)."""
    return file.lower().endswith((".tex", ".latex"))


def find_annotations(raw: str, latex: bool) -> list[tuple[int, tuple[str, ...]]]:
    """``(position, run ids)`` of each annotation on a raw line."""
    pattern = _TEX_ANNOTATION if latex else _MD_ANNOTATION
    return [(m.start(), tuple(_RUN_ID.findall(m.group(1)))) for m in pattern.finditer(raw)]


def mask(raw: str, latex: bool) -> str:
    """The line with markup replaced by spaces (same length, so positions stay)."""
    out = raw
    for pattern in _TEX_MASKS if latex else _MD_MASKS:
        out = pattern.sub(lambda m: " " * len(m.group(0)), out)
    return out


def heading_kind(raw: str, latex: bool) -> str | None:
    """Canonical section kind when the raw line is a heading, else None."""
    if latex:
        if _TEX_ABSTRACT.search(raw):
            return "abstract"
        m = _TEX_HEADING.search(raw)
        return kind_of(m.group(2), after_references=False) if m else None
    m = _MD_HEADING.match(raw)
    if m:
        return kind_of(m.group(2).strip("*_ "), after_references=False)
    return "abstract" if _BOLD_ABSTRACT.match(raw) else None


def own_kinds(lines: list[str], latex: bool) -> list[str | None]:
    """Section kind of every line from the draft's own headings (for drafts read without a Paper)."""
    kinds: list[str | None] = []
    current: str | None = None
    for raw in lines:
        current = heading_kind(raw, latex) or current
        kinds.append(current)
    return kinds


def _skipped(lines: list[str], latex: bool) -> list[bool]:
    """Lines that hold code, verbatim text, front matter or headings (no results there)."""
    skip: list[bool] = []
    inside: str | None = None
    front = not latex and bool(lines) and lines[0].strip() == "---"
    for i, raw in enumerate(lines):
        if front:
            skip.append(True)
            front = not (i > 0 and raw.strip() in ("---", "..."))
            continue
        if inside:
            skip.append(True)
            inside = None if (inside in raw if latex else _FENCE.match(raw)) else inside
            continue
        opened = _TEX_SKIP_ENV.search(raw) if latex else _FENCE.match(raw)
        if opened:
            inside = f"\\end{{{opened.group(1)}}}" if latex else "fence"
        heading = _TEX_HEADING.search(raw) if latex else _MD_HEADING.match(raw)
        skip.append(bool(opened or heading))
    return skip


def draft_numbers(file: str, lines: list[str], kinds: list[str | None]) -> Iterator[DraftNumber]:
    """Every result-like number of ``lines`` with its annotation's run ids and section kind."""
    latex = is_latex(file)
    block: tuple[str, ...] = ()
    for no, (raw, skip, kind) in enumerate(zip(lines, _skipped(lines, latex), kinds, strict=True), start=1):
        if not raw.strip():
            block = ()
            continue
        if skip:
            continue
        notes = find_annotations(raw, latex)
        text = mask(raw, latex)
        numbers = result_numbers(text)
        if notes and not text.strip():
            block = tuple(r for _, ids in notes for r in ids)
            continue
        for num in numbers:
            after = [ids for pos, ids in notes if pos >= num.end]
            runs = after[0] if after else notes[-1][1] if notes else block
            yield DraftNumber(file=file, line=no, number=num, runs=runs, kind=kind)
