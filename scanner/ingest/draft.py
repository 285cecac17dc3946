"""LaTeX and Markdown drafts -> Paper, with every line of text traced to ``file:line``.

Internal preprints are scanned before they are PDFs. :func:`load_draft` reads a ``.tex`` main
file (following ``\\input``/``\\include``) or a ``.md`` file and builds the same
:class:`~scanner.paper.Paper` the PDF ingester builds, so every detector runs unchanged:

* ``Paper.text`` / ``Paper.raw_text``: the readable text (markup and comments removed); quotes
  are checked against it, so :func:`scanner.evidence.locate` works on drafts.
* ``Paper.source_lines``: one :class:`~scanner.paper.SourceLine` per text line, so evidence
  carries ``file`` (relative to the main file's folder) and ``line`` instead of a page.
* ``Paper.page_starts``: one "page" per source line read (so provenance ``pages`` is the
  number of source lines).
* :attr:`DraftPaper.sources`: the raw lines of every file read, comments included, so that
  annotations such as ``% run:ID`` or ``<!-- run:ID -->`` stay reachable
  (:func:`run_annotations`; see docs/DRAFTS.md).
* :attr:`DraftPaper.marks`: what the conversion to text drops but a hygiene check needs -
  LaTeX labels, references, citation keys, bibliography keys and ``\\todo`` notes; Markdown
  anchors, ``#anchor`` links and reference-style links - each use with its ``file:line``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from scanner import __version__
from scanner.errors import InputError
from scanner.ingest.layout import TextLine
from scanner.ingest.references import parse_references
from scanner.ingest.structure import kind_of
from scanner.paper import Caption, Paper, Reference, Section, SourceLine

DRAFT_SUFFIXES = {".tex": "latex", ".latex": "latex", ".md": "markdown", ".markdown": "markdown"}
_RUN_ANNOTATION = re.compile(r"(?:<!--\s*|%\s*)run:\s*(?P<id>[A-Za-z0-9_.:\-]+)")
_CAPTION_LINE = re.compile(r"^(?P<kind>Table|Figure|Fig\.)\s*(?P<no>[A-Z]?\d{1,3})\s*[:.|]")


@dataclass(frozen=True)
class SourceMark:
    """One use of a key (a ``\\ref``'d label, a cited key, a link target, a note) at ``file:line``."""

    key: str
    file: str
    line: int


@dataclass
class DraftMarks:
    """Keys a draft defines and uses, read from the source before markup is reduced to text.

    LaTeX: ``labels`` from ``\\label`` (a macro parameter ``#1`` in a label matches anything),
    ``refs`` from the ``\\ref`` family, ``cites`` from the ``\\cite`` family, ``bib_keys`` from
    ``\\bibitem`` and the readable ``.bib`` files; ``bib_declared`` when the draft names any
    bibliography, ``bib_unreadable`` the ``.bib`` files it names that cannot be read (or are
    remote), ``todos`` the ``\\todo`` notes. Markdown: ``labels`` are the anchors of headings and
    HTML ids, ``refs`` the ``#anchor`` links, ``links`` the reference-style link labels used and
    ``link_defs`` the ``[label]: url`` definitions (both lower-cased, spaces collapsed).
    """

    labels: set[str] = field(default_factory=set)
    refs: list[SourceMark] = field(default_factory=list)
    cites: list[SourceMark] = field(default_factory=list)
    bib_keys: set[str] = field(default_factory=set)
    bib_declared: bool = False
    bib_unreadable: list[SourceMark] = field(default_factory=list)
    todos: list[SourceMark] = field(default_factory=list)
    links: list[SourceMark] = field(default_factory=list)
    link_defs: set[str] = field(default_factory=set)


def anchor_key(text: str) -> str:
    """A heading title or ``#anchor`` folded for comparison: lower-case letters and digits only.

    Renderers slug headings differently (GitHub keeps ``4.1`` as ``41``, pandoc drops leading
    numbers, both turn spaces into hyphens); compared this way, an anchor misses only when the
    words differ.
    """
    return "".join(c for c in text.lower() if c.isalnum())


@dataclass
class DraftPaper(Paper):
    """A :class:`Paper` read from a draft; ``sources`` keeps every raw line (comments included)."""

    sources: dict[str, list[str]] = field(default_factory=dict)
    marks: DraftMarks = field(default_factory=DraftMarks)


@dataclass(frozen=True)
class RunAnnotation:
    """A ``% run:ID`` / ``<!-- run:ID -->`` annotation and where it sits."""

    run_id: str
    file: str
    line: int
    offset: int | None


@dataclass
class _Heading:
    offset: int
    title: str
    level: int
    number: str | None
    appendix: bool


@dataclass
class DraftBuilder:
    """Collects converted lines (with their source) and turns them into a :class:`DraftPaper`.

    The LaTeX and Markdown readers call :meth:`visit` for every raw source line read, then
    :meth:`add` for each line of readable text it yields, :meth:`heading` for headings and
    :meth:`paragraph` at blank lines.
    """

    parts: list[str] = field(default_factory=list)
    offset: int = 0
    pending_break: bool = False
    source_lines: list[SourceLine] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    headings: list[_Heading] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    entry_starts: set[int] = field(default_factory=set)
    sources: dict[str, list[str]] = field(default_factory=dict)
    marks: DraftMarks = field(default_factory=DraftMarks)
    title: str = ""
    authors: list[str] = field(default_factory=list)
    in_appendix: bool = False

    def visit(self, file: str) -> None:
        """Note that one more raw source line of ``file`` was read (one draft "page")."""
        self.page_starts.append(self.offset)

    def paragraph(self) -> None:
        """A blank line: the next text starts a new paragraph."""
        if self.parts:
            self.pending_break = True

    def add(self, text: str, file: str, line: int, *, entry_start: bool = False) -> int | None:
        """Append one line of readable text; returns its offset (None when empty)."""
        from scanner.text import clean_line

        text = clean_line(text)
        if not text:
            return None
        if self.parts:
            glue = "\n\n" if self.pending_break else "\n"
            self.parts.append(glue)
            self.offset += len(glue)
        self.pending_break = False
        start = self.offset
        self.source_lines.append(SourceLine(offset=start, file=file, line=line))
        self.parts.append(text)
        self.offset += len(text)
        if entry_start:
            self.entry_starts.add(start)
        m = _CAPTION_LINE.match(text)
        if m:
            kind = "table" if m.group("kind").startswith("Tab") else "figure"
            label = f"{'Table' if kind == 'table' else 'Figure'} {m.group('no')}"
            page = max(1, len(self.page_starts))
            self.captions.append(Caption(kind=kind, label=label, text=text[:400], start=start, page=page))
        return start

    def heading(self, title: str, level: int, number: str | None, file: str, line: int) -> None:
        """A section heading (its title becomes a line of text of its own)."""
        self.paragraph()
        start = self.add(title, file, line)
        if start is not None:
            self.headings.append(_Heading(start, self.parts[-1], level, number, self.in_appendix))
        self.paragraph()

    def build(self, path: Path, *, parser: str, data: bytes) -> DraftPaper:
        """The finished :class:`DraftPaper`."""
        text = "".join(self.parts)
        if not text.strip():
            raise InputError(f"{path}: the draft has no text", hint="give the main draft file")
        paper = DraftPaper(
            source=str(path),
            sha256=hashlib.sha256(data).hexdigest(),
            parser=parser,
            parser_version=__version__,
            text=text,
            page_starts=self.page_starts or [0],
            raw_text=text,
            title=self.title,
            authors=self.authors,
            source_lines=self.source_lines,
            captions=self.captions,
            sources=self.sources,
            marks=self.marks,
        )
        paper.sections = self._sections(paper)
        paper.references = self._references(paper)
        return paper

    def _sections(self, paper: Paper) -> list[Section]:
        sections: list[Section] = []
        seen_refs = in_checklist = False
        for i, h in enumerate(self.headings):
            end = self.headings[i + 1].offset if i + 1 < len(self.headings) else len(paper.text)
            kind = "checklist" if in_checklist else kind_of(h.title, after_references=seen_refs or h.appendix)
            seen_refs = seen_refs or kind == "references"
            in_checklist = in_checklist or kind == "checklist"
            sections.append(Section(title=h.title, kind=kind, level=h.level, number=h.number, start=h.offset,
                                    end=end, page_start=paper.page_at(h.offset),
                                    page_end=paper.page_at(max(h.offset, end - 1))))
        return sections

    def _references(self, paper: Paper) -> list[Reference]:
        refs = paper.sections_of("references")
        if not refs:
            return []
        start, end = refs[0].start, refs[0].end
        lines = []
        for sl in self.source_lines:
            if start < sl.offset < end:
                first = sl.offset in self.entry_starts or not self.entry_starts
                text = _line_at(paper.text, sl.offset)
                lines.append(TextLine(sl.offset, text, paper.page_at(sl.offset), 10.0, False, first, 0.0))
        return parse_references(paper, lines)


def _line_at(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return text[offset : end if end >= 0 else len(text)]


def load_draft(path: Path, *, source: str | None = None) -> DraftPaper:
    """Read a ``.tex`` or ``.md`` draft into a :class:`DraftPaper` (InputError if unreadable)."""
    kind = DRAFT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: not a draft (.tex or .md)", hint="give a .tex main file or a .md file")
    data = read_source(path)
    builder = DraftBuilder()
    if kind == "latex":
        from scanner.ingest.latex import read_latex

        read_latex(path, builder)
    else:
        from scanner.ingest.markdown import read_markdown

        read_markdown(path, data.decode("utf-8", errors="replace"), builder)
    paper = builder.build(path, parser=kind, data=data)
    paper.source = source or str(path)
    return paper


def read_source(path: Path) -> bytes:
    """The bytes of a draft file, or InputError saying why they cannot be read."""
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path of the draft")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a draft", hint="give the main .tex or .md file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc


def run_annotations(paper: Paper) -> list[RunAnnotation]:
    """Every ``% run:ID`` / ``<!-- run:ID -->`` of a draft, with file, line and text offset.

    ``offset`` is where that source line's text starts in ``paper.text`` (for a comment on a
    line of its own: the nearest text line before it), or None when no text precedes it.
    """
    if not isinstance(paper, DraftPaper):
        return []
    by_place = {(s.file, s.line): s.offset for s in paper.source_lines}
    out = []
    for file, lines in paper.sources.items():
        last: int | None = None
        for no, raw in enumerate(lines, start=1):
            last = by_place.get((file, no), last)
            for m in _RUN_ANNOTATION.finditer(raw):
                out.append(RunAnnotation(run_id=m.group("id"), file=file, line=no, offset=last))
    return out
