"""Evidence that cannot be invented: quotes exist only if they are found in the paper.

:func:`locate` is the single gate. It takes a candidate quote (from a detector or a model),
finds it in ``Paper.text`` (normalised for whitespace, ligatures, hyphenation and case) and in
the raw extraction that an independent checker reads, and returns an :class:`Evidence` with
page and section, or ``None``. Nothing else in the scanner builds an ``Evidence``.

Where a quote crosses something the clean text removed (a line number, a running header), the
quote is narrowed to the longest runs of words present in the raw text and joined with
`` ... `` (each run at least :data:`MIN_PART` characters), which is how a reader elides.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.models import Evidence
from scanner.paper import Paper
from scanner.text import clean_line, normalize

MIN_PART = 12
MAX_QUOTE = 240
QUOTE_CHARS = re.compile(r"[\"\u201c\u201d]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


def locate(paper: Paper, quote: str) -> Evidence | None:
    """Find ``quote`` in ``paper`` and return grounded evidence, or None if it is not there."""
    wanted = normalize(quote)
    if len(wanted) < MIN_PART:
        return None
    start = paper.search_text.find(wanted)
    if start < 0:
        return None
    return _evidence_at(paper, start, start + len(wanted))


def quote_span(paper: Paper, start: int, end: int) -> Evidence | None:
    """Evidence for ``paper.text[start:end]`` (trimmed to a quotable length), or None."""
    start, end = _trim(paper.text, start, end)
    if end - start < MIN_PART:
        return None
    return _evidence_at(paper, start, end)


def sentence_at(paper: Paper, offset: int, *, limit: int = MAX_QUOTE) -> tuple[int, int]:
    """Span of the sentence around ``offset`` (bounded by ``limit`` characters each way)."""
    text = paper.text
    lo, hi = max(0, offset - limit), min(len(text), offset + limit)
    sec = paper.section_at(offset)
    if sec is not None:
        body_start = text.find("\n", sec.start, sec.end)  # skip the heading line itself
        if body_start >= 0 and body_start < offset:
            lo = max(lo, body_start + 1)
        hi = min(hi, sec.end)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, lo, offset)]
    para = text.rfind("\n\n", lo, offset)
    start = max(starts[-1] if starts else lo, para + 2 if para >= 0 else lo)
    m = _SENTENCE_END.search(text, offset, hi)
    end = m.start() if m else hi
    return start, end


def sentence_evidence(paper: Paper, offset: int) -> Evidence | None:
    """Evidence quoting the sentence around ``offset``, narrowed to a quotable window."""
    start, end = sentence_at(paper, offset)
    if end - start > MAX_QUOTE:
        start = max(start, offset - MAX_QUOTE // 2)
        end = min(end, start + MAX_QUOTE)
    return quote_span(paper, start, end)


def word_start(text: str, pos: int, limit: int) -> int:
    """``pos`` if no word runs on into it, else the start of the next word before ``limit`` (else ``limit``)."""
    if pos == 0 or pos >= limit or not text[pos - 1].isalnum():
        return pos
    space = text.find(" ", pos, limit)
    return space + 1 if space >= 0 else limit


def cite(evidence: Evidence) -> str:
    """The quote as written into a justification: ``"..." (p. N, §Section)``."""
    where = []
    if evidence.file:
        where.append(f"{evidence.file}:{evidence.line}")
    elif evidence.page:
        where.append(f"p. {evidence.page}")
    if evidence.section:
        where.append(f"section '{QUOTE_CHARS.sub('', evidence.section)[:60]}'")
    suffix = f" ({', '.join(where)})" if where else ""
    return f'"{evidence.quote}"{suffix}'


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to whole words, no quote characters, at most MAX_QUOTE characters."""
    span = text[start:end]
    q = QUOTE_CHARS.search(span)
    if q:
        end = start + q.start()
    end = min(end, start + MAX_QUOTE)
    while start < end and not text[start].isalnum() and text[start] not in "([":
        start += 1
    if end < len(text) and text[end - 1 : end + 1].isalnum():
        cut = text.rfind(" ", start, end)
        end = cut if cut > start + MIN_PART else end
    while end > start and text[end - 1] in " \n,;:(":
        end -= 1
    return start, end


def _evidence_at(paper: Paper, start: int, end: int) -> Evidence | None:
    """The Evidence for a span of ``paper.text`` that is known to be there (once per span and paper)."""
    return paper.memo(("evidence", start, end), lambda: _make_evidence(paper, start, end))


def _make_evidence(paper: Paper, start: int, end: int) -> Evidence | None:
    quote = clean_line(paper.text[start:end].replace("\n", " "))
    if QUOTE_CHARS.search(quote):
        quote = QUOTE_CHARS.split(quote)[0].strip()
    grounded = _grounded_in_raw(paper, quote)
    if grounded is None:
        return None
    section = paper.section_at(start)
    source = paper.source_line_at(start)
    return Evidence(
        quote=grounded,
        page=None if source else paper.page_at(start),
        section=section.title if section else None,
        file=source.file if source else None,
        line=source.line if source else None,
    )


def _grounded_in_raw(paper: Paper, quote: str) -> str | None:
    """``quote`` if the raw text has it, else its longest raw-present word runs joined by ' ... '."""
    return _grounded(paper.raw_normalized, quote)


def _grounded(raw: str, quote: str) -> str | None:
    if normalize(quote) in raw:
        return quote
    words = quote.split(" ")
    # For plain ASCII words (no empty ones, no other whitespace) normalize() of a run of words is
    # exactly the lower-cased run, so lower once instead of normalising every candidate piece.
    simple = quote.isascii() and quote.split() == words
    lowered = quote.lower().split(" ") if simple else words

    def present(i: int, j: int) -> bool:
        if simple:
            return " ".join(lowered[i:j]) in raw
        return normalize(" ".join(words[i:j])) in raw

    parts: list[str] = []
    i = 0
    while i < len(words):
        best = _longest_present_run(i, len(words), present)
        if best is None:
            i += 1
            continue
        piece = " ".join(words[i:best])
        if len(piece) >= MIN_PART and "..." not in piece:
            parts.append(piece)
        i = best
    return " ... ".join(parts) if parts else None


def _longest_present_run(i: int, n: int, present: Callable[[int, int], bool]) -> int | None:
    """Largest ``j`` in (i, n] with ``present(i, j)``, or None; galloping, then bisecting.

    Exact because presence is prefix-closed: a run that is in the text has every shorter run
    (its prefix) in the text too, so ``present(i, j)`` is true for all ``j`` up to the answer.
    """
    if not present(i, i + 1):
        return None
    good, step = i + 1, 1
    while good + step <= n and present(i, good + step):
        good += step
        step *= 2
    bad = min(good + step, n + 1)  # present(i, bad) is False (or bad is past the end)
    while bad - good > 1:
        mid = (good + bad) // 2
        if present(i, mid):
            good = mid
        else:
            bad = mid
    return good
