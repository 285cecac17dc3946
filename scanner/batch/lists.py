"""Reading lists -> batch entries: plain text, BibTeX (.bib) and CSV.

Each list line/record names one paper: a local path, an arXiv id, an arXiv URL or an arXiv DOI
(``10.48550/arXiv.*``). Duplicates are kept once (first occurrence wins); records that name no
scannable paper (a DOI without an arXiv twin, a web page URL, a BibTeX entry without a usable
field) are returned as :class:`Unsupported` so the runner reports them instead of dropping them.
Relative paths are resolved against the list file's folder (then the working folder).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import UsageError

log = logging.getLogger(__name__)

_NEW_ID = r"\d{4}\.\d{4,5}(?:v\d+)?"
_OLD_ID = r"[a-z][a-z.\-]*/\d{7}(?:v\d+)?"
_ARXIV_ID = re.compile(rf"^(?:arxiv:\s*)?({_NEW_ID}|{_OLD_ID})$", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/({_NEW_ID}|{_OLD_ID})(?:\.pdf)?/?$", re.IGNORECASE
)
_ARXIV_DOI = re.compile(
    rf"^(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.({_NEW_ID}|{_OLD_ID})$", re.IGNORECASE
)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+$", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_SAFE = re.compile(r"[^A-Za-z0-9._\-]+")


@dataclass(frozen=True)
class Entry:
    """One paper to scan.

    ``name`` is the output stem (``DIR/<name>.scan.json``), ``source`` what
    :func:`scanner.ingest.load_paper` gets (absolute path or arXiv id), ``kind`` is ``path`` or
    ``arxiv`` and ``origin`` the list file and line/key the entry came from.
    """

    name: str
    source: str
    kind: str
    origin: str


@dataclass(frozen=True)
class Unsupported:
    """A list record that names nothing the scanner can fetch or read."""

    origin: str
    text: str
    reason: str


@dataclass
class ReadingList:
    """The parsed list: unique entries in list order, unsupported records, duplicates dropped."""

    entries: list[Entry] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    duplicates: int = 0


def arxiv_id(text: str) -> str | None:
    """The arXiv id named by an id, ``arXiv:`` id, abs/pdf URL or 10.48550 DOI; else None."""
    text = text.strip()
    for pattern in (_ARXIV_ID, _ARXIV_URL, _ARXIV_DOI):
        m = pattern.match(text)
        if m:
            return m.group(1)
    return None


class _Builder:
    """Collects entries with first-wins de-duplication and unique output names."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.result = ReadingList()
        self._keys: set[str] = set()
        self._names: set[str] = set()

    def add(self, text: str, origin: str) -> None:
        """Classify one record (id, URL, DOI or path) and add it."""
        text = text.strip()
        aid = arxiv_id(text)
        if aid:
            self._add(aid.lower(), aid, "arxiv", aid.replace("/", "_"), origin)
        elif _DOI.match(text):
            self.unsupported(origin, text, "DOI without an arXiv twin: give the arXiv id or a PDF path")
        elif _URL.match(text):
            self.unsupported(
                origin, text, "only arXiv URLs can be fetched: download the PDF and list its path"
            )
        else:
            path = self._resolve(text)
            stem = path.name[:-4] if path.name.lower().endswith(".pdf") else path.name
            self._add(str(path), str(path), "path", stem, origin)

    def unsupported(self, origin: str, text: str, reason: str) -> None:
        """Record a record that cannot be scanned."""
        self.result.unsupported.append(Unsupported(origin=origin, text=text, reason=reason))

    def _resolve(self, text: str) -> Path:
        path = Path(os.path.expanduser(text))
        if path.is_absolute():
            return Path(os.path.normpath(path))
        beside = self.base / path
        chosen = beside if beside.exists() or not path.exists() else path.absolute()
        # normpath, not resolve(): two symlinks to one PDF stay two entries with their own names
        return Path(os.path.normpath(chosen.absolute()))

    def _add(self, key: str, source: str, kind: str, stem: str, origin: str) -> None:
        if key in self._keys:
            self.result.duplicates += 1
            log.info("%s: duplicate of an earlier entry, scanned once", origin)
            return
        self._keys.add(key)
        name = _SAFE.sub("_", stem).strip("._") or "paper"
        unique, n = name, 1
        while unique.lower() in self._names:
            n += 1
            unique = f"{name}-{n}"
        self._names.add(unique.lower())
        self.result.entries.append(Entry(name=unique, source=source, kind=kind, origin=origin))


def read_list(path: str | Path) -> ReadingList:
    """Parse the reading list at ``path`` (format by suffix: .bib, .csv, anything else = text)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: reading list not found", hint="check the --list path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"{path}: reading list cannot be read ({exc})", hint="give a UTF-8 text, .bib or .csv file"
        ) from exc
    builder = _Builder(path.absolute().parent)
    suffix = path.suffix.lower()
    if suffix == ".bib":
        _read_bib(text, path.name, builder)
    elif suffix == ".csv":
        _read_csv(text, path.name, builder)
    else:
        _read_text(text, path.name, builder)
    return builder.result


def _read_text(text: str, label: str, builder: _Builder) -> None:
    for lineno, line in enumerate(text.splitlines(), 1):
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            builder.add(line, f"{label}:{lineno}")


def _read_csv(text: str, label: str, builder: _Builder) -> None:
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower(): c for c in reader.fieldnames or [] if c}
    if "id" not in columns and "path" not in columns:
        raise UsageError(f"{label}: CSV has no 'id' or 'path' column", hint="add a header row: id,path")
    for lineno, row in enumerate(reader, 2):
        path = (row.get(columns.get("path", ""), "") or "").strip()
        ident = (row.get(columns.get("id", ""), "") or "").strip()
        if path or ident:
            builder.add(path or ident, f"{label}:{lineno}")


def _read_bib(text: str, label: str, builder: _Builder) -> None:
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        builder.unsupported(f"{label}:{line}", (block.raw or "").strip()[:80], "BibTeX syntax error: fix the entry")
    for entry in library.entries:
        origin = f"{label}:{entry.key}"
        record = _bib_record(entry.fields_dict)
        if record:
            builder.add(record, origin)
        else:
            builder.unsupported(
                origin,
                f"@{entry.entry_type}{{{entry.key}}}",
                "no arXiv eprint/URL/DOI or file path in the entry",
            )


def _bib_record(fields: Mapping[str, object]) -> str | None:
    """The best source of a BibTeX entry: an arXiv id first, then a local file, then a DOI."""
    values = {k.lower(): str(getattr(v, "value", v)).strip() for k, v in fields.items()}
    for key in ("eprint", "arxiv", "arxivid", "url", "doi"):
        if values.get(key) and arxiv_id(values[key]):
            return arxiv_id(values[key])
    if values.get("file"):
        return _bib_file(values["file"])
    return values.get("doi") or values.get("url") or None


def _bib_file(value: str) -> str:
    """JabRef/Zotero ``file`` fields look like ``desc:path:type``; take the first PDF path."""
    first = value.split(";")[0]
    parts = first.split(":")
    if len(parts) >= 3:
        return ":".join(parts[1:-1])
    return first
