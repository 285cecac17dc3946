"""Markdown source -> readable lines for :class:`~scanner.ingest.draft.DraftBuilder` (pure text work).

ATX headings (``#`` .. ``######``) become sections (a leading ``4.1`` is kept as the section
number); a ``**Abstract**`` lead-in opens the abstract; HTML comments, YAML front matter and
fenced code stay out of the text but remain in the builder's raw ``sources``; inline markup
(emphasis, code spans, links, images, table pipes) is reduced to its text.
"""

from __future__ import annotations

import re
from pathlib import Path

from scanner.ingest.draft import DraftBuilder, DraftMarks, SourceMark, anchor_key
from scanner.ingest.structure import kind_of

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED_TITLE = re.compile(r"^(?P<num>(?:\d{1,2}|[A-H])(?:\.\d{1,2}){0,3})\.?\s+(?P<title>\S.*)$")
_ABSTRACT_LEAD = re.compile(r"^\s*(?:\*\*|__)Abstract[.:]?(?:\*\*|__)[.:]?\s*(.*)$", re.I)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_REF_ENTRY = re.compile(r"^\s*(?:[-*+]\s+|\[\d{1,3}\]|\d{1,3}[.)]\s)")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_HTML_ID = re.compile(r"\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")
_ATTR_ID = re.compile(r"\{[^{}]*#([\w:.-]+)[^{}]*\}")
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")
_ANCHOR_LINK = re.compile(r"\]\(#([^)\s]+)\)")
_REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[([^\[\]]*)\]")
_LINK_DEF = re.compile(r"^\s{0,3}\[([^\[\]^]+)\]:\s*\S")
_LINK_IN_TITLE = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # a heading's slug has the link text, not the URL
_CITATION_LIKE = re.compile(r"^[\d\s,;\u2013-]+$")


def inline_to_text(line: str) -> str:
    """One Markdown line (comments removed) reduced to readable text."""
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    s = re.sub(r"\[\^[^\]]+\]", "", s)
    s = re.sub(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", r"\1 (\2)", s)
    s = re.sub(r"<(https?://[^>]+)>", r"\1", s)
    s = re.sub(r"</?[A-Za-z][^>]*>", " ", s)
    s = re.sub(r"(\*\*|__)(.+?)\1", r"\2", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", s)
    s = re.sub(r"(?<![\w])_(?!\s)(.+?)(?<!\s)_(?![\w])", r"\1", s)
    s = s.replace("`", "")
    s = re.sub(r"^\s{0,3}>\s?", "", s)
    if s.strip().startswith("|") or s.count("|") >= 2:
        s = " | ".join(c.strip() for c in s.strip().strip("|").split("|"))
    return s.replace("\\*", "*").replace("\\_", "_").replace("\\#", "#")


def read_markdown(path: Path, text: str, builder: DraftBuilder) -> None:
    """Feed the Markdown draft ``text`` (read from ``path``) into ``builder``."""
    name = path.name
    lines = text.splitlines()
    builder.sources[name] = lines
    in_comment = in_fence = False
    front = lines[:1] == ["---"]
    in_refs = False
    previous = ""
    for no, raw in enumerate(lines, start=1):
        builder.visit(name)
        if front:
            front = not (no > 1 and raw.strip() in ("---", "..."))
            _front_matter(raw, builder)
            continue
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        code, in_comment = _strip_comments(raw, in_comment)
        note_marks(code, previous, builder.marks, name, no)
        previous = code
        if not code.strip():
            if not raw.strip():
                builder.paragraph()
            continue
        in_refs = _line(code, builder, name, no, in_refs)


def link_label(text: str) -> str:
    """A reference-style link label as Markdown matches it: case-insensitive, spaces collapsed."""
    return " ".join(text.lower().split())


def note_marks(code: str, previous: str, marks: DraftMarks, name: str, no: int) -> None:
    """Anchors (headings, ``{#id}``, HTML ids), ``#anchor`` links, reference-style links and definitions."""
    head = _ATX.match(code)
    title = head.group(2) if head else previous if _SETEXT.match(code) and previous.strip() else None
    if title is not None:
        plain = _ATTR_ID.sub("", inline_to_text(_LINK_IN_TITLE.sub(r"\1", title))).strip()
        marks.labels.add(anchor_key(plain))
        marks.labels.add(anchor_key(re.sub(r"^[^A-Za-z]+", "", plain)))  # pandoc drops leading numbers
    marks.labels.update(anchor_key(m.group(1)) for m in (*_HTML_ID.finditer(code), *_ATTR_ID.finditer(code)))
    definition = _LINK_DEF.match(code)
    if definition:
        marks.link_defs.add(link_label(definition.group(1)))
    text = _CODE_SPAN.sub("", code)
    marks.refs += [SourceMark(m.group(1), name, no) for m in _ANCHOR_LINK.finditer(text)]
    for m in _REF_LINK.finditer(text):
        label = m.group(2) or m.group(1)
        if not (_CITATION_LIKE.match(m.group(1)) and _CITATION_LIKE.match(label)):  # [3][4]: two citations
            marks.links.append(SourceMark(link_label(label), name, no))


def _strip_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """``line`` without HTML comments; a comment may run over several lines."""
    out: list[str] = []
    pos = 0
    while pos < len(line):
        if in_comment:
            end = line.find("-->", pos)
            if end < 0:
                return "".join(out), True
            pos, in_comment = end + 3, False
        else:
            start = line.find("<!--", pos)
            if start < 0:
                out.append(line[pos:])
                break
            out.append(line[pos:start])
            pos, in_comment = start + 4, True
    return "".join(out), in_comment


def _front_matter(raw: str, builder: DraftBuilder) -> None:
    m = re.match(r"^(title|author|authors)\s*:\s*(.+)$", raw.strip(), re.I)
    if not m:
        return
    value = m.group(2).strip().strip("\"'[]")
    if m.group(1).lower() == "title":
        builder.title = value
    else:
        builder.authors = [a.strip().strip("\"'") for a in re.split(r",|;| and ", value) if a.strip()]


def _line(code: str, builder: DraftBuilder, name: str, no: int, in_refs: bool) -> bool:
    """One line of Markdown; returns whether the reference list is now open."""
    head = _ATX.match(code)
    if head:
        title = inline_to_text(head.group(2)).strip()
        level = len(head.group(1))
        untitled = not builder.title or builder.title == title
        plain = kind_of(title, after_references=False) == "other"
        if level == 1 and untitled and plain and not builder.headings:
            builder.title = title
            builder.add(title, name, no)
            return in_refs
        num = _NUMBERED_TITLE.match(title)
        builder.heading(title, level, num.group("num") if num else None, name, no)
        return kind_of(title, after_references=False) == "references" or (in_refs and level > 1)
    lead = _ABSTRACT_LEAD.match(code)
    if lead:
        builder.heading("Abstract", 2, None, name, no)
        builder.add(inline_to_text(lead.group(1)), name, no)
        return in_refs
    if _TABLE_RULE.match(code):
        return in_refs
    entry = in_refs and bool(_REF_ENTRY.match(code))
    text = code
    if _LIST.match(code):
        text = _LIST.sub("- " if not in_refs else "", code, count=1)
    builder.add(inline_to_text(text), name, no, entry_start=entry)
    return in_refs
