"""The in-memory paper every check reads: text, pages, sections, references, captions.

A :class:`Paper` is produced by an ingester (:mod:`scanner.ingest.pdf`, ``.tex``, ``.md``) and
is read-only afterwards. All positions are character offsets into ``Paper.text``; the helpers
here map an offset back to its page, section and (for drafts) source file and line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Any, TypeVar

from scanner import fastscan
from scanner.text import normalize, search_form

T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    """A heading and the span of text it governs (up to the next heading of any level)."""

    title: str
    kind: str
    level: int
    number: str | None
    start: int
    end: int
    page_start: int
    page_end: int


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list, with what could be parsed from it."""

    raw: str
    start: int
    page: int
    title: str
    authors: list[str]
    year: int | None
    arxiv_id: str | None = None
    doi: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Caption:
    """A table or figure caption (``Table 2: ...``)."""

    kind: str
    label: str
    text: str
    start: int
    page: int


@dataclass(frozen=True)
class HiddenPassage:
    """Text a reader cannot see but an extractor does (kept out of ``Paper.text``)."""

    page: int
    text: str
    reasons: list[str]
    extractable: bool = True  # False when a plain page.get_text() drops it (off the page)


@dataclass(frozen=True)
class SourceLine:
    """Where a run of ``Paper.text`` came from in a draft's source files."""

    offset: int
    file: str
    line: int


class _SharedMatches:
    """The matches of one pattern in one paper: scanned lazily, kept for the next reader."""

    def __init__(self, source: Iterator[re.Match[str]]) -> None:
        self._source: Iterator[re.Match[str]] | None = source
        self._found: list[re.Match[str]] = []

    def __iter__(self) -> Iterator[re.Match[str]]:
        i = 0
        while True:
            if i < len(self._found):
                yield self._found[i]
                i += 1
                continue
            m = next(self._source, None) if self._source is not None else None
            if m is None:
                self._source = None  # scanned to the end
                return
            self._found.append(m)


@dataclass
class Paper:
    """A parsed paper. ``text`` holds the reading-order text with single-character whitespace."""

    source: str
    sha256: str
    parser: str
    parser_version: str
    text: str
    page_starts: list[int]
    raw_text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    year: int | None = None
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    hidden: list[HiddenPassage] = field(default_factory=list)
    source_lines: list[SourceLine] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        """Number of pages (for drafts: number of source lines)."""
        return len(self.page_starts)

    @cached_property
    def search_text(self) -> str:
        """``text`` lower-cased with newlines as spaces, same length, for offset lookups."""
        return search_form(self.text)

    @cached_property
    def raw_normalized(self) -> str:
        """The raw extraction in :func:`scanner.text.normalize` form (what check_scan reads)."""
        return normalize(self.raw_text)

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def page_at(self, offset: int) -> int:
        """1-based page holding ``offset``."""
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose span holds ``offset``."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        return self.sections[i] if i >= 0 else None

    def source_line_at(self, offset: int) -> SourceLine | None:
        """For drafts: the source file and line of ``offset``."""
        if not self.source_lines:
            return None
        i = bisect.bisect_right(self._source_offsets, offset) - 1
        return self.source_lines[max(i, 0)]

    @cached_property
    def _source_offsets(self) -> list[int]:
        return [s.offset for s in self.source_lines]

    def sections_of(self, *kinds: str) -> list[Section]:
        """Sections whose canonical kind is one of ``kinds`` (in document order)."""
        return [s for s in self.sections if s.kind in kinds]

    @cached_property
    def body_end(self) -> int:
        """Offset where the back matter (references, checklist) starts; appendices are body."""
        back = [s.start for s in self.sections if s.kind in ("references", "checklist")]
        return min(back) if back else len(self.text)

    @cached_property
    def checklist_span(self) -> tuple[int, int] | None:
        """Span of an author checklist (NeurIPS/ACL) if the paper has one."""
        spans = [(s.start, s.end) for s in self.sections if s.kind == "checklist"]
        if not spans:
            return None
        return spans[0][0], max(e for _, e in spans)

    def in_checklist(self, offset: int) -> bool:
        """True when ``offset`` lies in the authors' own checklist (not evidence for answers)."""
        span = self.checklist_span
        return span is not None and span[0] <= offset < span[1]

    def in_references(self, offset: int) -> bool:
        """True when ``offset`` lies in the reference list."""
        sec = self.section_at(offset)
        return sec is not None and sec.kind == "references"

    @cached_property
    def body_spans(self) -> list[tuple[int, int]]:
        """Spans of ``text`` outside the reference list, the authors' checklist and contribution notes.

        These are what detectors search: who-did-what statements and the authors' own
        checklist answers are not evidence of what the paper reports.
        """
        cuts = sorted((s.start, s.end) for s in self.sections if s.kind in ("references", "checklist", "contributions"))
        spans, pos = [], 0
        for start, end in cuts:
            if start > pos:
                spans.append((pos, start))
            pos = max(pos, end)
        if pos < len(self.text):
            spans.append((pos, len(self.text)))
        return spans

    @cached_property
    def folded_text(self) -> str:
        """``text`` case-folded as ``re.IGNORECASE`` compares it, same length (see :mod:`scanner.fastscan`)."""
        return fastscan.fold(self.text)

    def finditer(self, pattern: re.Pattern[str], *, body_only: bool = True) -> list[re.Match[str]]:
        """Matches of ``pattern`` in ``text``; by default outside references and checklists."""
        return list(self.iter_matches(pattern, body_only=body_only))

    def iter_matches(self, pattern: re.Pattern[str], *, body_only: bool = True) -> Iterable[re.Match[str]]:
        """Matches of ``pattern`` (body only by default) in document order, lazily, shared per paper.

        Same matches as ``pattern.finditer`` over each span (:func:`scanner.fastscan.iter_matches`
        only skips text where the pattern cannot start). Several checks search the same pattern (a
        fact and the item quoting it, a count and its evidence): the scan runs once, only as far
        as the furthest reader went, and later readers replay what was found (matches are immutable).
        """
        return self.memo(("matches", pattern, body_only), lambda: _SharedMatches(self._scan(pattern, body_only)))

    def _scan(self, pattern: re.Pattern[str], body_only: bool) -> Iterator[re.Match[str]]:
        spans = self.body_spans if body_only else [(0, len(self.text))]
        for start, end in spans:
            yield from fastscan.iter_matches(pattern, self.text, self.folded_text, start, end)

    @cached_property
    def _memo(self) -> dict[Hashable, Any]:
        return {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per paper for ``key`` (results several checks share, e.g. the claims).

        The cached value is shared: callers must not mutate it.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def count(self, pattern: re.Pattern[str], *, body_only: bool = True, at_most: int | None = None) -> int:
        """Number of matches of ``pattern`` (body only by default).

        With ``at_most`` the scan stops after that many matches and returns at most ``at_most``
        (enough for threshold tests such as ``count(p, at_most=3) >= 3``).
        """
        return sum(1 for _ in islice(self.iter_matches(pattern, body_only=body_only), at_most))
