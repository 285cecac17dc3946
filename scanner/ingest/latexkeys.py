"""LaTeX labels, references, citation keys, bibliographies and ``\\todo`` notes of a draft.

The text conversion (:mod:`scanner.ingest.latex`) drops ``\\label``, ``\\ref`` and ``\\cite``, so
the reader hands every comment-free source line here first and the keys land in
:class:`~scanner.ingest.draft.DraftMarks` with their ``file:line``. Definitions (labels,
``\\bibitem``, ``\\bibliography``/``\\addbibresource``) count wherever they are, uses (references,
citations, notes) only in the document body. ``.bib`` files are read with bibtexparser.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from scanner.ingest.draft import DraftMarks, SourceMark

log = logging.getLogger(__name__)

_LABEL = re.compile(r"\\label\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}")
_EXTERNAL = re.compile(r"\\(?:externaldocument|externalcitedocument)\b")
_BIBITEM_KEY = re.compile(r"\\bibitem\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}")
_REF_USE = re.compile(r"\\(?:ref|eqref|autoref|cref|Cref|pageref|nameref|vref|Vref|labelcref)\*?\s*\{([^{}]*)\}")
# \nocite prints nothing, so a key it names cannot leave a [?] in the PDF.
_CITE_USE = re.compile(
    r"\\(?:[Cc]ite(?:p|t|alp|alt|author|year|yearpar|num|title|date|url)?|[Pp]arencite|[Tt]extcite|"
    r"[Aa]utocite|[Ff]ootcite(?:text)?|[Ss]martcite|supercite|fullcite|shortcite)\*?"
    r"(?:\s*\[[^\]]*\])*\s*\{([^{}]*)\}"
)
_TODO = re.compile(r"\\(todo|missingfigure)\s*(?:\[[^\]]*\])?\s*\{")
_BIBLIOGRAPHY = re.compile(r"\\(bibliography|addbibresource|addglobalbib)\s*(?:\[([^\]]*)\])?\s*\{([^{}]*)\}")
_ENTRY_HEAD = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


def _keys(group: str) -> list[str]:
    """The keys of a ``{a, b}`` argument (macro parameters ``#1`` and ``*`` are not keys)."""
    return [k.strip() for k in group.split(",") if k.strip() and k.strip() != "*" and "#" not in k]


def note_definitions(code: str, marks: DraftMarks) -> None:
    """Labels and ``\\bibitem`` keys defined on this line (anywhere in the draft)."""
    for m in _LABEL.finditer(code):
        marks.labels.add(m.group(1).strip())
    if _EXTERNAL.search(code):  # xr: labels of another document count, any key may be one of them
        marks.labels.add("#1")
    for m in _BIBITEM_KEY.finditer(code):
        marks.bib_keys.add(m.group(1).strip().lower())
        marks.bib_declared = True


def note_uses(code: str, marks: DraftMarks, file: str, line: int) -> None:
    """References, citations and ``\\todo``/``\\missingfigure`` notes on a line of the body."""
    for m in _REF_USE.finditer(code):
        marks.refs += [SourceMark(k, file, line) for k in _keys(m.group(1))]
    for m in _CITE_USE.finditer(code):
        marks.cites += [SourceMark(k, file, line) for k in _keys(m.group(1))]
    for m in _TODO.finditer(code):
        marks.todos.append(SourceMark(m.group(1), file, line))


def note_bibliography(code: str, root: Path, marks: DraftMarks, file: str, line: int) -> None:
    """``\\bibliography{a,b}`` / ``\\addbibresource{a.bib}``: read the keys of each file named."""
    for m in _BIBLIOGRAPHY.finditer(code):
        marks.bib_declared = True
        names = _keys(m.group(3)) if m.group(1) == "bibliography" else [m.group(3).strip()]
        for name in names:
            keys = None if "remote" in (m.group(2) or "") or "://" in name else bib_keys(root, name)
            if keys is None:
                if all(u.key != name for u in marks.bib_unreadable):
                    marks.bib_unreadable.append(SourceMark(name, file, line))
            else:
                marks.bib_keys |= keys


def bib_keys(root: Path, name: str) -> set[str] | None:
    """Lower-cased entry keys of the ``.bib`` file ``name`` (relative to ``root``), None if unreadable.

    BibTeX compares keys without regard to case, so keys are lower-cased. An entry bibtexparser
    cannot parse still defines its key (its head ``@type{key,`` is read): a syntax error is
    BibTeX's warning to give, not an undefined citation.
    """
    path = root / name
    if path.suffix != ".bib":
        path = path.with_name(path.name + ".bib")
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        log.info("bibliography %s cannot be read: its citation keys are not checked", path)
        return None
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text)
    keys = {e.key.lower() for e in library.entries}
    for block in library.failed_blocks:
        head = _ENTRY_HEAD.match((block.raw or "").lstrip())
        if head:
            keys.add(head.group(1).lower())
    return keys
