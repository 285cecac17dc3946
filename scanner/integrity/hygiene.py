"""Draft hygiene: broken things a careful reviewer (or a lab gating its preprints in CI) catches.

Deterministic checks on the extracted text; each flag quotes the offending place and says what
was checked. Only the body is searched (not the reference list, the authors' checklist, whose
[TODO] answers are :mod:`scanner.integrity.checklist`'s, or contribution notes).

* ``unresolved_reference`` - LaTeX's marks for undefined labels and citations as printed in a
  PDF: ``Figure ??``, ``Section ??``, ``Eq. (??)``, ``[?]``, ``[??]``, ``(?)`` / ``(? ? )`` after a
  word (natbib). Not question marks in prose, quoted text or code.
* ``citation_out_of_range`` - numeric citations ``[12]``, ``[3, 48]``, ``[9-11]`` that exceed a
  reliably numbered reference list (labels 1..N, consecutive), by more than one (a last entry the
  parser missed), at three or more places (one stray bracket is more likely an interval).
* ``missing_figure`` / ``missing_table`` - ``Figure N`` / ``Table N`` referenced in the body with no
  caption ``N``, where the paper has captions of that kind and ``N`` lies below the highest one it
  also references (a gap: a caption drawn inside an image cannot be seen, so numbers past the last
  detected caption are never flagged). Chapter (``3.1``) and appendix (``A1``, ``S2``) numbers are
  left alone, as are another paper's figures (``Figure 3 of [12]``).
* ``template_leftover`` - template or draft text: a template title on page 1 ("Formatting
  Instructions For ...") and, in the body, Lorem ipsum, TODO, TBD, FIXME, XXX, "Insert ... here",
  [citation needed]; in a LaTeX draft also ``\\todo``/``\\missingfigure`` notes (comments such
  as ``% TODO`` are not text and never count).

LaTeX and Markdown drafts are checked on their keys as well (undefined ``\\ref``/``\\cite`` keys,
broken ``#anchor`` and reference-style links): :mod:`scanner.integrity.hygiene_drafts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scanner.detectors.base import Checklist, distinct_evidence
from scanner.detectors.facts import Facts
from scanner.evidence import cite, quote_span, sentence_at, word_start
from scanner.integrity.hygiene_drafts import draft_unresolved_flags, todo_spans
from scanner.models import Evidence, RedFlag
from scanner.paper import Paper

_UNRESOLVED = re.compile(
    r"\b(?:Fig(?:ure)?s?\.?|Tables?|Tab\.|Sections?|Sec\.|§|Eqs?\.|Equations?|Appendix|Appendices|Algorithm|"
    r"Theorem|Lemma|Chapter|Listing)\s?~?\(?\?\?+\)?"
    r"|\[\s?\?{1,2}(?:\s?[,;]?\s?\?{1,2})*\s?\]"
    r"|(?<=[\w,.;:] )\(\s?\?(?:\s?[,;]?\s?\?)*\s?\)(?=[\s.,;:)])"
)
_CITATION = re.compile(r"(?<![\w\])}^_])\[(\d{1,3}(?:\s?[-\u2013,]\s?\d{1,3})*)\]")
_REF_MENTION = re.compile(r"\b(Fig(?:ure)?s?\.?|Tables?|Tab\.)\s?(\d{1,3})(?!\d|[.,:\u2013-]\d)")
_CAPTION_NO = re.compile(r"^(?:Table|TABLE|Figure|FIGURE|Fig\.)\s*(\d{1,3})(?!\d|[.\u2013-]\d)")
_FOREIGN = re.compile(r"[\s,)]{0,3}(?:of|in|from)\s+(?:\[|\(|[A-Z][\w-]+ (?:et al|and)|the original|their|ref)")
_TEMPLATE_TITLE = re.compile(
    r"\b(?:Formatting Instructions [Ff]or|Submission and Formatting Instructions|Instructions for \*?ACL|"
    r"Author Guidelines for [A-Z]+ Submissions?|Preparation of Papers for IEEE)\b"
)
_LEFTOVER = re.compile(
    r"\b(?:Lorem ipsum|TODO|TBD|FIXME|XXX)\b|\[(?:[Cc]itations?|[Rr]eferences?) needed\]|"
    r"\[(?:cite|ref|citation|CITE|REF)\]|\b[Ii]nsert (?:[\w-]+ ){0,6}here\b"
)
_QUOTES = "\u201c\u201d\"'"
_CODE_COMMENT = re.compile(r"(?:#|//|/\*|--)\s*$")
_ANONYMISED = re.compile(r"anonym|blind|withheld|redact", re.I)
MIN_OUT_OF_RANGE = 3
_CONSECUTIVE = 0.9
_BEFORE, _AFTER = 100, 80  # characters of context quoted around a mark


def hygiene_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """All draft-hygiene red flags of ``paper`` (see the module docstring)."""
    flags = [unresolved_flag(paper), *draft_unresolved_flags(paper), out_of_range_flag(paper)]
    flags += [missing_caption_flag(paper, kind) for kind in ("figure", "table")]
    flags.append(leftover_flag(paper))
    return [f for f in flags if f is not None]


def _inside_quotes(text: str, offset: int) -> bool:
    """True when ``offset`` sits inside quoted text of its paragraph (an odd number of quote marks before)."""
    start = max(text.rfind("\n\n", 0, offset), offset - 300, 0)
    before = text[start:offset]
    opened = before.count("\u201c") - before.count("\u201d")
    return opened > 0 or before.count('"') % 2 == 1


def mark_evidence(paper: Paper, start: int, end: int) -> Evidence | None:
    """A grounded quote of the mark at ``start:end`` with a little of its sentence either side.

    A template title is quoted as its line, without the text after it.
    """
    text = paper.text
    if _TEMPLATE_TITLE.match(text, start, end):
        line_end = text.find("\n", end)
        return quote_span(paper, start, line_end if line_end >= 0 else end)
    lo, hi = sentence_at(paper, start)
    lo, hi = max(lo, start - _BEFORE), min(max(hi, end), end + _AFTER)
    source = paper.source_line_at(start)
    if source is not None:  # a draft: quote from the mark's own line, so the evidence points at it
        lo = max(lo, source.offset)
    return quote_span(paper, word_start(text, lo, start), hi)


def _evidence(paper: Paper, spans: Iterable[tuple[int, int]], limit: int = 2) -> list[Evidence]:
    """Grounded quotes around the first ``limit`` quotable marks."""
    return distinct_evidence(spans, lambda span: mark_evidence(paper, *span), limit=limit)


def _quoted(evidence: list[Evidence]) -> str:
    return "; ".join(cite(e) for e in evidence)


# -- unresolved cross-references and citations ---------------------------------------------------


def unresolved_marks(paper: Paper) -> list[re.Match[str]]:
    """Printed marks of undefined LaTeX labels and citations in the body, outside quotes."""
    marks = paper.iter_matches(_UNRESOLVED)
    return [m for m in marks if not _inside_quotes(paper.text, m.start())]


def unresolved_flag(paper: Paper) -> RedFlag | None:
    """One ``unresolved_reference`` flag counting the marks and quoting the first one or two."""
    marks = unresolved_marks(paper)
    if not marks:
        return None
    evidence = _evidence(paper, (m.span() for m in marks))
    shown = f" First: {_quoted(evidence)}." if evidence else ""
    return RedFlag(
        flag="Unresolved cross-references or citations",
        kind="unresolved_reference",
        severity="medium",
        detail=f"Searched the body for the question marks LaTeX prints for undefined labels and citations "
               f"(Figure ??, Eq. (??), [?], (?) after a word): derived count {len(marks)} "
               f"unresolved mark(s), so the reader cannot tell what is cited or referred to.{shown}",
        evidence=evidence or None,
    )


# -- numeric citations beyond the reference list -------------------------------------------------


def numbered_reference_count(paper: Paper) -> int | None:
    """N when the reference list is reliably numbered 1..N (labels on ~all entries, consecutive), else None."""
    labels = [int(r.label) for r in paper.references if r.label and r.label.isdigit()]
    if len(labels) < 3 or len(labels) < _CONSECUTIVE * len(paper.references) or labels[0] != 1:
        return None
    steps = sum(b == a + 1 for a, b in zip(labels, labels[1:], strict=False))
    return labels[-1] if steps >= _CONSECUTIVE * (len(labels) - 1) and labels[-1] == max(labels) else None


def cited_numbers(group: str) -> list[int]:
    """The numbers of a citation bracket's content: ``3, 48`` -> [3, 48]; ``9-11`` -> [9, 11]."""
    return [int(n) for n in re.findall(r"\d+", group)]


def out_of_range_citations(paper: Paper) -> tuple[int, list[tuple[re.Match[str], list[int]]]] | None:
    """(N, numeric citations citing an entry above N + 1) when the list is numbered 1..N, else None."""
    count = numbered_reference_count(paper)
    if count is None:
        return None
    over = []
    for m in paper.iter_matches(_CITATION):
        numbers = cited_numbers(m.group(1))
        if 0 in numbers:  # [0, 1] is an interval, never a citation
            continue
        beyond = [n for n in numbers if n > count + 1]
        if beyond:
            over.append((m, beyond))
    return count, over


def out_of_range_flag(paper: Paper) -> RedFlag | None:
    """``citation_out_of_range`` when at least :data:`MIN_OUT_OF_RANGE` citations exceed the list."""
    found = out_of_range_citations(paper)
    if found is None or len(found[1]) < MIN_OUT_OF_RANGE:
        return None
    count, over = found
    highest = max(n for _, beyond in over for n in beyond)
    evidence = _evidence(paper, (m.span() for m, _ in over))
    shown = f" E.g. {_quoted(evidence)}." if evidence else ""
    return RedFlag(
        flag="Citations beyond the reference list",
        kind="citation_out_of_range",
        severity="medium",
        detail=f"The reference list is numbered [1] to [{count}], but {len(over)} numeric citation(s) in the body "
               f"(derived count) point past it, up to [{highest}]: those sources cannot be identified.{shown}",
        evidence=evidence or None,
    )


# -- figures and tables referenced but never captioned -------------------------------------------


def captioned_numbers(paper: Paper, kind: str) -> set[int]:
    """Plain numbers of the detected captions of ``kind`` (chapter-numbered ``3.1`` ones left out)."""
    out = set()
    for cap in paper.captions:
        m = _CAPTION_NO.match(cap.text) if cap.kind == kind else None
        if m:
            out.add(int(m.group(1)))
    return out


def mentions(paper: Paper, kind: str) -> dict[int, list[tuple[int, int]]]:
    """Number -> body spans where ``Figure N`` / ``Table N`` (of this paper) is referred to."""
    out: dict[int, list[tuple[int, int]]] = {}
    for m in paper.iter_matches(_REF_MENTION):
        if ("table" if m.group(1).lower().startswith("tab") else "figure") != kind:
            continue
        if _FOREIGN.match(paper.text, m.end(), m.end() + 60):
            continue
        out.setdefault(int(m.group(2)), []).append(m.span())
    return out


def _caption_like(paper: Paper, kind: str, number: int) -> bool:
    """True when ``Figure N:`` / ``Table N|`` occurs somewhere (a caption merged into another line)."""
    word = r"(?:Table|TABLE)" if kind == "table" else r"(?:Figure|FIGURE|Fig\.)"
    return re.search(rf"\b{word}\s?{number}\s?[:|]", paper.text) is not None


def missing_numbers(paper: Paper, kind: str) -> dict[int, list[tuple[int, int]]]:
    """Referenced numbers with no caption, below the highest captioned number also referenced."""
    captioned = captioned_numbers(paper, kind)
    if not captioned:
        return {}
    referred = mentions(paper, kind)
    bound = max((n for n in captioned if n in referred), default=0)
    return {n: offs for n, offs in sorted(referred.items())
            if n < bound and n not in captioned and not _caption_like(paper, kind, n)}


def missing_caption_flag(paper: Paper, kind: str) -> RedFlag | None:
    """``missing_figure`` / ``missing_table`` listing the referenced numbers no caption carries."""
    missing = missing_numbers(paper, kind)
    if not missing:
        return None
    word = kind.title()
    numbers = ", ".join(str(n) for n in missing)
    evidence = _evidence(paper, (spans[0] for spans in missing.values()))
    shown = f" Referred to in {_quoted(evidence)}." if evidence else ""
    return RedFlag(
        flag=f"{word}{'s' if len(missing) > 1 else ''} referenced but not in the paper",
        kind=f"missing_{kind}",
        severity="medium",
        detail=f"The text refers to {word} {numbers}, but no caption with that number was found, while the "
               f"captions of {word.lower()}s numbered around it were: the {word.lower()}(s) the text relies on "
               f"appear to be missing from the PDF.{shown}",
        evidence=evidence or None,
    )


# -- template and draft leftovers ------------------------------------------------------------------


def _is_leftover(paper: Paper, m: re.Match[str]) -> bool:
    text = paper.text
    line_start = text.rfind("\n", 0, m.start()) + 1
    if _CODE_COMMENT.search(text, line_start, m.start()) or text[m.start() - 1 : m.start()] in ("<", "{", "["):
        return False  # a code comment or a prompt template's slot
    if _inside_quotes(text, m.start()) or text[m.start() - 1 : m.start()] in _QUOTES:
        return False  # quoted: the phrase is mentioned, not left over
    if m.group(0) == "XXX":  # anonymised names ("University XXX") are a review requirement
        return _ANONYMISED.search(text, max(0, m.start() - 120), m.end() + 120) is None
    return True


def leftover_marks(paper: Paper) -> list[re.Match[str]]:
    """Template titles on page 1 and draft markers in the body."""
    first_page_end = paper.page_starts[1] if len(paper.page_starts) > 1 else len(paper.text)
    titles = list(_TEMPLATE_TITLE.finditer(paper.text, 0, first_page_end))
    return titles + [m for m in paper.iter_matches(_LEFTOVER) if _is_leftover(paper, m)]


def leftover_flag(paper: Paper) -> RedFlag | None:
    """One ``template_leftover`` flag naming what was found and quoting the first one or two."""
    marks = leftover_marks(paper)
    notes = todo_spans(paper)
    if not marks and not notes:
        return None
    kinds = sorted({" ".join(m.group(0).split()) for m in marks} | ({"todo note"} if notes else set()))
    spans = sorted([m.span() for m in marks] + notes) if notes else [m.span() for m in marks]
    evidence = _evidence(paper, spans)
    shown = f" {_quoted(evidence)}." if evidence else ""
    return RedFlag(
        flag="Template or draft text left in the paper",
        kind="template_leftover",
        severity="low",
        detail=f"Searched for template titles (page 1) and draft markers (Lorem ipsum, TODO, TBD, FIXME, XXX, "
               f"Insert ... here, [citation needed]{', todo notes' if notes else ''}) in the body: "
               f"{len(marks) + len(notes)} found (derived count; {', '.join(kinds[:4])}).{shown}",
        evidence=evidence or None,
    )
