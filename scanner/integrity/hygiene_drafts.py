"""Draft hygiene on LaTeX and Markdown sources: what the PDF would print as ``??`` or ``[?]``.

A PDF shows an undefined reference as ``Figure ??`` (:mod:`scanner.integrity.hygiene` finds
that); a draft still has the keys, read at ingest into
:class:`~scanner.ingest.draft.DraftMarks`. Each flag is ``unresolved_reference``, lists the keys
(derived counts) and quotes the text of the first places that use them, located at
``file:line``:

* LaTeX ``\\ref``-family keys that no ``\\label`` in the draft (main and included files) defines
  (not checked when xr's ``\\externaldocument`` brings in another document's labels).
* LaTeX ``\\cite``-family keys that neither a ``\\bibitem`` nor the ``.bib`` files named by
  ``\\bibliography``/``\\addbibresource`` define (case-insensitive, as BibTeX compares them).
  A draft that names no bibliography at all is not checked (it may come from a class file).
  When a named ``.bib`` file cannot be read from the draft's folder (or is remote) the keys
  cannot be checked: one flag says so instead of listing them as undefined.
* Markdown ``[text](#anchor)`` links whose anchor matches no heading (GitHub or pandoc slug,
  a ``-1`` duplicate suffix allowed), ``{#id}`` attribute or HTML ``id``/``name``.
* Markdown reference-style links ``[text][label]`` / ``[text][]`` with no ``[label]: url``.

:func:`todo_spans` gives ``\\todo``/``\\missingfigure`` notes (todonotes prints them in the PDF)
to the ``template_leftover`` check; ``% TODO`` comments are not text and never count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.detectors.base import distinct_evidence
from scanner.evidence import cite, quote_span, sentence_at
from scanner.ingest.draft import DraftMarks, DraftPaper, SourceMark, anchor_key
from scanner.models import Evidence, RedFlag
from scanner.paper import Paper

MAX_SHOWN_KEYS = 8
MAX_PLACES = 2
_UNSAFE = re.compile(r"[\"\u201c\u201d\\\s]+")
_DUPLICATE_SUFFIX = re.compile(r"-\d+$")


def draft_unresolved_flags(paper: Paper) -> list[RedFlag]:
    """The ``unresolved_reference`` flags of a draft (none for a PDF)."""
    if not isinstance(paper, DraftPaper):
        return []
    marks = paper.marks
    found = [undefined_label_flag(paper, marks), undefined_citation_flag(paper, marks),
             missing_anchor_flag(paper, marks), undefined_link_flag(paper, marks)]
    return [f for f in found if f is not None]


def todo_spans(paper: Paper) -> list[tuple[int, int]]:
    """Text spans of the lines holding ``\\todo``/``\\missingfigure`` notes (none for a PDF)."""
    if not isinstance(paper, DraftPaper):
        return []
    spans = (_line_span(paper, mark) for mark in paper.marks.todos)
    return sorted({s for s in spans if s is not None})


# -- which keys are undefined ---------------------------------------------------------------------


def _label_matcher(labels: set[str]) -> Callable[[str], bool]:
    """Whether a key is defined: a label of a macro (``fig:#1``) matches any text in place of ``#1``."""
    patterns = [re.compile("".join(".+" if p.startswith("#") else re.escape(p)
                                   for p in re.split(r"(#\d)", label)) + "$")
                for label in labels if "#" in label]
    return lambda key: key in labels or any(p.match(key) for p in patterns)


def undefined_refs(marks: DraftMarks) -> list[SourceMark]:
    """LaTeX references to labels no ``\\label`` defines."""
    defined = _label_matcher(marks.labels)
    return [m for m in marks.refs if not defined(m.key)]


def undefined_cites(marks: DraftMarks) -> list[SourceMark]:
    """Cited keys no bibliography entry defines (none when the draft names no bibliography)."""
    if not marks.bib_declared:
        return []
    return [m for m in marks.cites if m.key.lower() not in marks.bib_keys]


def missing_anchors(marks: DraftMarks) -> list[SourceMark]:
    """Markdown ``#anchor`` links that match no heading or id."""
    def known(anchor: str) -> bool:
        return anchor_key(anchor) in marks.labels or anchor_key(_DUPLICATE_SUFFIX.sub("", anchor)) in marks.labels

    return [m for m in marks.refs if not known(m.key)]


def undefined_links(marks: DraftMarks) -> list[SourceMark]:
    """Markdown reference-style links with no ``[label]: url`` definition."""
    return [m for m in marks.links if m.key not in marks.link_defs]


# -- flags ------------------------------------------------------------------------------------------


def undefined_label_flag(paper: DraftPaper, marks: DraftMarks) -> RedFlag | None:
    """LaTeX references to undefined labels (``Figure ??`` in the PDF)."""
    uses = undefined_refs(marks) if paper.parser == "latex" else []
    return _flag(paper, uses, "References to undefined labels",
                 "\\ref-family references whose label no \\label in the draft (main and included files) defines",
                 "LaTeX prints ?? in their place")


def undefined_citation_flag(paper: DraftPaper, marks: DraftMarks) -> RedFlag | None:
    """Cited keys with no bibliography entry, or one flag when a named ``.bib`` cannot be read."""
    uses = undefined_cites(marks) if paper.parser == "latex" else []
    if uses and marks.bib_unreadable:
        files = ", ".join(f"{_safe(b.key)} ({b.file}:{b.line})" for b in marks.bib_unreadable[:MAX_SHOWN_KEYS])
        return _flag(paper, uses, "Bibliography file not found",
                     f"The draft names the bibliography {files}, which cannot be read from the draft's folder, "
                     "so citation keys found in no readable bibliography could not be checked",
                     "a PDF built from this folder prints [?] for each", fold_case=True)
    return _flag(paper, uses, "Citations of undefined keys",
                 "\\cite-family keys that no \\bibitem and no entry of the named .bib files defines",
                 "LaTeX prints [?] in their place", fold_case=True)


def missing_anchor_flag(paper: DraftPaper, marks: DraftMarks) -> RedFlag | None:
    """Markdown links to anchors no heading or id provides."""
    uses = missing_anchors(marks) if paper.parser == "markdown" else []
    return _flag(paper, uses, "Links to missing sections",
                 "#anchor links whose anchor matches no heading, {#id} or HTML id of the draft",
                 "the rendered links go nowhere")


def undefined_link_flag(paper: DraftPaper, marks: DraftMarks) -> RedFlag | None:
    """Markdown reference-style links without a definition (printed as literal brackets)."""
    uses = undefined_links(marks) if paper.parser == "markdown" else []
    return _flag(paper, uses, "Reference-style links without a definition",
                 "[text][label] links with no [label]: url definition in the draft",
                 "they render as literal brackets, not links")


def _flag(paper: DraftPaper, uses: list[SourceMark], title: str, what: str, effect: str, *,
          fold_case: bool = False) -> RedFlag | None:
    """One ``unresolved_reference`` flag listing the keys of ``uses``, quoting its first places.

    With ``fold_case`` (BibTeX keys) ``Smith20`` and ``smith20`` are one key, listed as first written.
    """
    if not uses:
        return None
    first = {(u.key.lower() if fold_case else u.key): _safe(u.key) for u in reversed(uses)}
    keys = list(dict.fromkeys(first[u.key.lower() if fold_case else u.key] for u in uses))
    shown = ", ".join(keys[:MAX_SHOWN_KEYS]) + (f" and {len(keys) - MAX_SHOWN_KEYS} more" if len(keys) > MAX_SHOWN_KEYS
                                                 else "")
    evidence = _places(paper, uses)
    quoted = f" First: {'; '.join(cite(e) for e in evidence)}." if evidence else ""
    where = "" if evidence else f" First at {uses[0].file}:{uses[0].line}."
    return RedFlag(
        flag=title,
        kind="unresolved_reference",
        severity="medium",
        detail=f"{what}: {shown} (derived count: {len(keys)} key(s) at {len(uses)} place(s)); {effect}."
               f"{quoted}{where}",
        evidence=evidence or None,
    )


def _safe(key: str) -> str:
    """A key from the source as shown in a detail: no quote marks, backslashes or line breaks, short."""
    cleaned = _UNSAFE.sub(" ", key).strip()
    return cleaned[:60] + ("..." if len(cleaned) > 60 else "")


# -- located evidence -------------------------------------------------------------------------------


def _line_offsets(paper: Paper) -> dict[tuple[str, int], int]:
    """(file, line) -> offset of that source line's first text in ``paper.text``."""
    def build() -> dict[tuple[str, int], int]:
        out: dict[tuple[str, int], int] = {}
        for s in paper.source_lines:
            out.setdefault((s.file, s.line), s.offset)
        return out

    return paper.memo(("hygiene-draft-line-offsets",), build)


def _line_span(paper: Paper, mark: SourceMark) -> tuple[int, int] | None:
    """The text span of the source line of ``mark`` (None when the line yields no text)."""
    start = _line_offsets(paper).get((mark.file, mark.line))
    if start is None:
        return None
    end = paper.text.find("\n", start)
    return start, end if end >= 0 else len(paper.text)


def line_evidence(paper: Paper, mark: SourceMark) -> Evidence | None:
    """A grounded quote of the text on the line of ``mark`` (run on into its sentence when too short)."""
    span = _line_span(paper, mark)
    if span is None:
        return None
    evidence = quote_span(paper, *span)
    if evidence is None:
        evidence = quote_span(paper, span[0], max(span[1], sentence_at(paper, span[0])[1]))
    return evidence


def _places(paper: Paper, uses: list[SourceMark]) -> list[Evidence]:
    """Located quotes of the first :data:`MAX_PLACES` distinct lines among ``uses``."""
    lines = dict.fromkeys((u.file, u.line) for u in uses)
    return distinct_evidence(lines, lambda where: line_evidence(paper, SourceMark("", *where)), limit=MAX_PLACES)
