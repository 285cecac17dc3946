"""PDF -> Paper. The only module that imports pymupdf (AGPL); everything after it is pure.

One text page per PDF page is extracted once as a span dictionary (no images), turned into
plain :class:`~scanner.ingest.layout.Line` records, and handed to the pure layout and structure
code. Unreadable inputs raise :class:`~scanner.errors.InputError` with a one-line reason.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from scanner.errors import InputError
from scanner.ingest.hidden import HiddenSpanProbe
from scanner.ingest.layout import Line, PageLines, assemble
from scanner.paper import Paper

log = logging.getLogger(__name__)

try:
    import pymupdf
except ImportError as exc:  # pragma: no cover - pymupdf is a hard dependency
    raise ImportError("paper-scan needs PyMuPDF: pip install 'pymupdf<2'") from exc

PARSER = "pymupdf"
PARSER_VERSION = pymupdf.VersionBind
# No mediabox clip: hidden.py must see text placed outside the page.
_TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP
_EVERYWHERE = pymupdf.Rect(-1e5, -1e5, 1e5, 1e5)
_MIN_CHARS_PER_PAGE = 40
_TEXT = itemgetter("text")  # a span's text, for map() over the spans of a line


def load_pdf(path: Path, *, source: str | None = None) -> Paper:
    """Read the PDF at ``path`` into a :class:`Paper`, or raise InputError saying why not."""
    data = _read_bytes(path)
    doc = _open(path, data)
    try:
        with _no_cycle_collection():
            pages, raw_parts, metadata = _extract(doc)
    finally:
        doc.close()
    if sum(len(ln.text.strip()) for p in pages for ln in p.lines) < _MIN_CHARS_PER_PAGE * len(pages):
        raise InputError(
            f"{path}: the PDF has no text layer (scanned images only)",
            hint="run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then scan the result",
        )
    paper = assemble(
        pages,
        source=source or str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        parser=PARSER,
        parser_version=PARSER_VERSION,
        raw_text="\n".join(raw_parts),
        metadata=metadata,
    )
    return paper


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (restoring its previous state afterwards).

    Text extraction allocates hundreds of thousands of span dicts; each allocation burst
    triggers collector passes that walk all of them and find nothing, since the dicts form
    trees that reference counting frees. Pausing changes no result, only skips those walks.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path, or give an arXiv id")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a paper", hint="use --list for many papers")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise InputError(
            f"{path}: not a PDF (no %PDF header)",
            hint="give a PDF, a .tex or .md draft, or an arXiv id",
        )
    return data


def _open(path: Path, data: bytes) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # pymupdf raises several types for broken files
        raise InputError(f"{path}: damaged PDF that cannot be opened ({type(exc).__name__})") from exc
    if doc.needs_pass:
        doc.close()
        raise InputError(
            f"{path}: the PDF is encrypted with a user password",
            hint="save an unencrypted copy, e.g. `qpdf --decrypt --password=PW in.pdf out.pdf`",
        )
    if doc.page_count == 0:
        doc.close()
        raise InputError(f"{path}: the PDF has no pages")
    return doc


def _renderer(page: pymupdf.Page) -> Callable[[tuple[float, float, float, float]], bytes]:
    """Grey pixels of a box of ``page`` as printed (the page is interpreted once, on first use)."""
    shown: list[pymupdf.DisplayList] = []

    def render(bbox: tuple[float, float, float, float]) -> bytes:
        rect = pymupdf.Rect(bbox) & page.rect
        if rect.is_empty:
            return b""
        if not shown:
            shown.append(page.get_displaylist())
        pix = shown[0].get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY, alpha=False, clip=rect)
        return bytes(pix.samples)

    return render


def _extract(doc: pymupdf.Document) -> tuple[list[PageLines], list[str], dict[str, str]]:
    """Lines (with font size, weight, colour, box) and the raw text of every page."""
    pages: list[PageLines] = []
    raw_parts: list[str] = []
    for page in doc:
        blocks = page.get_text("dict", flags=_TEXT_FLAGS, clip=_EVERYWHERE)["blocks"]
        probe = HiddenSpanProbe(page.rect.width, page.rect.height, blocks)
        if not page.rotation and probe.wants_paint_order(has_images=bool(page.get_images())):
            probe.set_paint_order(page.get_bboxlog(), _renderer(page))  # costly: candidate pages only
        lines, raw_lines = _page_lines(blocks, probe)
        raw_parts.append("\n".join(raw_lines))
        pages.append(
            PageLines(
                number=page.number + 1,
                width=page.rect.width,
                height=page.rect.height,
                lines=lines,
                hidden=probe.passages(page.number + 1),
            )
        )
    meta = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
    return pages, raw_parts, meta


def _page_lines(blocks: list[dict[str, Any]], probe: HiddenSpanProbe) -> tuple[list[Line], list[str]]:
    """The visible lines of one page and the raw text of each of its lines."""
    lines: list[Line] = []
    raw_lines: list[str] = []
    plain = probe.all_plainly_visible()  # most pages: nothing hidden, visible text == raw text
    for block_no, block in enumerate(blocks):
        for ln in block.get("lines", ()):
            spans = ln["spans"]
            if plain:
                raw = visible = "".join(map(_TEXT, spans))
            else:
                raw, visible = probe.line_texts(spans)
            raw_lines.append(raw)
            if not visible or visible.isspace():  # == not visible.strip(), without a copy
                continue
            main = spans[0] if len(spans) == 1 else _main_span(spans)
            x0, y0, x1, y1 = ln["bbox"]
            bold = bool(main["flags"] & 16) or "bold" in main["font"].lower()
            lines.append(Line(visible, x0, y0, x1, y1, round(main["size"], 1), bold, block_no))
    return lines, raw_lines


def _main_span(spans: list[dict[str, Any]]) -> dict[str, Any]:
    """The span with the most characters inside its surrounding whitespace (first of equals).

    Same as ``max(spans, key=lambda s: len(s["text"].strip()))``,
    computed with C-level map() calls: a Python call per span cost more than the work.
    """
    ink = list(map(len, map(str.strip, map(_TEXT, spans))))
    return spans[ink.index(max(ink))]


def raw_text_baseline(path: Path) -> int:
    """Open ``path`` and call plain ``page.get_text()`` on every page (the bench baseline).

    Returns the number of characters extracted, so the work cannot be optimised away.
    """
    with pymupdf.open(path) as doc:
        return sum(len(page.get_text()) for page in doc)


def check_pdf_bytes(data: bytes, name: str) -> None:
    """Raise InputError unless ``data`` opens as an unencrypted PDF with pages (checks downloads)."""
    _open(Path(name), data).close()
