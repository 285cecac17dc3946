"""Spot text a reader cannot see but a text extractor does (pure: works on span dicts).

The PDF reader hands each page's text dictionary (text blocks and filled-vector blocks, in the
form ``pymupdf`` returns them) to a :class:`HiddenSpanProbe`. The probe decides per span why it
would be invisible on paper:

* font size below :data:`TINY_FONT_PT`;
* render mode 3 (neither filled nor stroked), unless it is the OCR layer over a scanned image;
* clipped away by a clipping path, or lying wholly outside the visible page;
* colour close to the background it sits on (white on white, grey on a grey box) - white text
  on a dark banner or on a figure is visible and is not reported;
* covered by an opaque filled shape or an image painted after it.

The last two need the page's paint order (``page.get_bboxlog()``), which costs about half a
text extraction. :meth:`HiddenSpanProbe.wants_paint_order` asks for it only on pages that have
a candidate span (light text, invisible text, text under a filled shape, or raster images), so
clean pages pay nothing. Hidden spans are kept out of ``Paper.text`` and collected per page as
:class:`~scanner.paper.HiddenPassage`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scanner.paper import HiddenPassage
from scanner.text import clean_line

TINY_FONT_PT = 2.0
WHITE = 0xFFFFFF
INK_RANGE = 24  # grey levels (of 255) a rendered box must span to show any readable ink
LIGHT_LUMINANCE = 0.45  # text at least this light is checked against what lies under it
_FILLED, _STROKED, _CLIPPED = 16, 32, 64  # MuPDF FZ_STEXT_* character flags
_OCR_SHARE = 0.6  # share of a page's spans under one image that marks a scanned page

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PaintOp:
    """One painting operation of a page, in paint order (from ``page.get_bboxlog()``)."""

    seq: int
    kind: str
    bbox: Box

    @property
    def is_text(self) -> bool:
        """True for text-showing operations (visible or invisible)."""
        return self.kind.endswith("-text")


@lru_cache(maxsize=4096)  # a page uses few colours; called once or twice per span
def luminance(rgb: int) -> float:
    """Relative luminance (WCAG) of a packed ``0xRRGGBB`` colour."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def shows_ink(samples: bytes) -> bool:
    """True when a rendered grey box has enough contrast to show text (False when blank)."""
    return not samples or max(samples) - min(samples) > INK_RANGE


def _covers(outer: Box, inner: Box, share: float) -> bool:
    """True when ``outer`` covers at least ``share`` of ``inner``'s area (hot path: inlined)."""
    w = min(outer[2], inner[2]) - max(outer[0], inner[0])
    if w <= 0:
        return False
    h = min(outer[3], inner[3]) - max(outer[1], inner[1])
    if h <= 0:
        return False
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return area > 0 and w * h >= share * area


def _across(ops: list[PaintOp], bbox: Box) -> list[PaintOp]:
    """The operations of ``ops`` whose horizontal extent overlaps that of ``bbox``.

    A cheap pre-test for :func:`_covers`, which is False for every other pair, in either
    direction: its overlap width is at most ``inner[2] - outer[0]`` and ``outer[2] - inner[0]``,
    and any NaN coordinate also makes it False.
    """
    x0, x1 = bbox[0], bbox[2]
    return [op for op in ops if op.bbox[0] < x1 and x0 < op.bbox[2]]


class _Bands:
    """Paint operations bucketed by horizontal bands of the page, for fast overlap queries."""

    SIZE = 16.0

    def __init__(self, ops: Iterable[PaintOp], height: float = 0.0) -> None:
        self._bands: dict[int, list[PaintOp]] = {}
        top = int(height // self.SIZE) + 1
        for op in ops:
            lo, hi = int(max(op.bbox[1], -self.SIZE) // self.SIZE), int(min(op.bbox[3], height) // self.SIZE)
            for band in range(lo, min(hi, top) + 1):
                self._bands.setdefault(band, []).append(op)

    def near(self, bbox: Box) -> list[PaintOp]:
        """Operations whose band holds the vertical centre of ``bbox`` (in paint order)."""
        return self._bands.get(int((bbox[1] + bbox[3]) / 2 // self.SIZE), [])


class HiddenSpanProbe:
    """Splits one page's spans into visible text and hidden passages."""

    def __init__(self, width: float, height: float, blocks: Iterable[dict[str, Any]] = ()) -> None:
        self.width = width
        self.height = height
        self._hidden: list[tuple[str, list[str], bool]] = []
        self._last_box: Box | None = None
        self._spans = [s for b in blocks for ln in b.get("lines", ()) for s in ln["spans"] if s["text"].strip()]
        self._text_ops: list[PaintOp] = []
        self._paints: list[PaintOp] = []  # images, shadings and filled paths, in paint order
        self._covering = _Bands(())
        self._texts = _Bands(())
        self._scanned_images: list[Box] = []
        self._ordered = False
        self._render: Callable[[Box], bytes] | None = None
        self._style_sets: tuple[set[Any], set[Any]] | None = None

    def wants_paint_order(self, *, has_images: bool) -> bool:
        """True when some span can only be judged with the page's paint order."""
        if not self._spans:
            return False
        if has_images:
            return True
        colors, flags = self._styles()
        return any(luminance(int(c)) >= LIGHT_LUMINANCE for c in colors) or \
            any(not f & (_FILLED | _STROKED) for f in flags)

    def all_plainly_visible(self) -> bool:
        """True when the paint order is not wanted and every span passes the cheap visibility test.

        Then no span of the page is hidden, and each line's visible text equals its extracted
        text: the caller may skip :meth:`line_texts`. This is :meth:`_plainly_visible` (order
        unknown) over all the page's spans, with colour and flags tested per distinct value.
        """
        if self._ordered:
            return False
        colors, flags = self._styles()
        if any(int(c) == WHITE for c in colors) or not all(map(_drawn_normally, flags)):
            return False
        return all(map(self._legible_on_page, self._spans))

    def _styles(self) -> tuple[set[Any], set[Any]]:
        """The distinct colours and character flags of the page's spans (computed once).

        A test per distinct value gives the same answer as a test per span, for far fewer calls.
        """
        if self._style_sets is None:
            self._style_sets = ({s.get("color", 0) for s in self._spans},
                                {s.get("char_flags", _FILLED) for s in self._spans})
        return self._style_sets

    def set_paint_order(self, log: Iterable[tuple[str, Sequence[float]]], render: Callable[[Box], bytes]) -> None:
        """Give the page's paint log (``page.get_bboxlog()``) and a renderer.

        ``render(bbox)`` returns the grey pixels of that box of the page as printed. Paint
        boxes ignore clipping and fill colours are not known here, so a span is only called
        hidden when the render of its box is blank.
        """
        self._render = render
        for seq, (kind, bbox) in enumerate(log):
            op = PaintOp(seq, kind, (bbox[0], bbox[1], bbox[2], bbox[3]))
            if op.is_text:
                self._text_ops.append(op)
            elif kind in ("fill-image", "fill-shade", "fill-path"):
                self._paints.append(op)
        first_text = self._text_ops[0].seq if self._text_ops else len(self._paints)
        after = (op for op in self._paints if op.seq > first_text)  # only these can cover text
        self._covering = _Bands(after, self.height)
        self._texts = _Bands(self._text_ops, self.height)
        self._ordered = True
        page_area = self.width * self.height
        for img in (op for op in self._paints if op.kind == "fill-image"):
            if (img.bbox[2] - img.bbox[0]) * (img.bbox[3] - img.bbox[1]) < 0.3 * page_area:
                continue
            under = sum(_covers(img.bbox, s["bbox"], 0.8) for s in self._spans)
            if under >= _OCR_SHARE * len(self._spans):  # a scan with its OCR text layer
                self._scanned_images.append(img.bbox)

    def reasons(self, span: dict[str, Any]) -> list[str]:
        """Why ``span`` is invisible to a reader (empty when it is visible)."""
        why = []
        if span["size"] < TINY_FONT_PT:
            why.append(f"font size {span['size']:.1f} pt")
        if self.outside(span):
            why.append("outside the visible page")
        elif span.get("char_flags", _FILLED) & _CLIPPED:
            why.append("clipped out of view")
        if _invisible_mode(span) and not self._on_scan(span["bbox"]):
            why.append("invisible render mode")
        why.extend(self._paint_reasons(span))
        return why

    def outside(self, span: dict[str, Any]) -> bool:
        """True when the span lies wholly outside the visible page."""
        x0, y0, x1, y1 = span["bbox"]
        return bool(x1 <= 0 or y1 <= 0 or x0 >= self.width or y0 >= self.height)  # bbox values are Any

    def line_texts(self, spans: list[dict[str, Any]]) -> tuple[str, str]:
        """(extracted, visible) text of one line; hidden spans are recorded.

        ``extracted`` is the line as a plain ``page.get_text()`` returns it (nothing off the
        page); ``visible`` leaves out every span a reader cannot see. One pass serves both.
        """
        extracted: list[str] = []
        visible: list[str] = []
        for span in spans:
            text = span["text"]
            if not text.strip() or self._plainly_visible(span):  # plainly visible spans lie on the page
                extracted.append(text)
                visible.append(text)
                continue
            outside = self.outside(span)
            if not outside:
                extracted.append(text)
            why = self.reasons(span)
            if why:
                self._record(text, why, not outside, span["bbox"])
            else:
                visible.append(text)
        return "".join(extracted), "".join(visible)

    def _plainly_visible(self, span: dict[str, Any]) -> bool:
        """Cheap early test: True only when :meth:`reasons` would surely be empty.

        Normal size, inside the page, filled or stroked and not clipped, and - before the paint
        order is known - not white; after it, not light and under no painted shape or image.
        """
        if not (self._legible_on_page(span) and _drawn_normally(span.get("char_flags", _FILLED))):
            return False
        color = int(span.get("color", 0))
        if not self._ordered:
            return color != WHITE
        return not self._covering.near(span["bbox"]) and luminance(color) < LIGHT_LUMINANCE

    def _legible_on_page(self, span: dict[str, Any]) -> bool:
        """Normal font size and not wholly outside the page."""
        return not span["size"] < TINY_FONT_PT and not self.outside(span)

    def passages(self, page: int) -> list[HiddenPassage]:
        """The hidden passages found on this page so far."""
        return [
            HiddenPassage(page=page, text=clean_line(t), reasons=r, extractable=x)
            for t, r, x in self._hidden
            if clean_line(t)
        ]

    def _record(self, text: str, why: list[str], extractable: bool, bbox: Box) -> None:
        last, self._last_box = self._last_box, bbox
        near = last is not None and -2 * (bbox[3] - bbox[1]) < bbox[1] - last[3] < bbox[3] - bbox[1]
        if near and self._hidden and self._hidden[-1][1] == why and self._hidden[-1][2] == extractable:
            self._hidden[-1] = (self._hidden[-1][0] + " " + text, why, extractable)
        else:
            self._hidden.append((text, why, extractable))

    def _on_scan(self, bbox: Box) -> bool:
        return any(_covers(img, bbox, 0.5) for img in self._scanned_images)

    def _own_ops(self, bbox: Box) -> tuple[int, int]:
        """Paint sequence numbers of the first and last text operation that drew ``bbox``."""
        own = [op.seq for op in _across(self._texts.near(bbox), bbox)
               if _covers(op.bbox, bbox, 0.3) or _covers(bbox, op.bbox, 0.5)]
        return (min(own), max(own)) if own else (-1, -1)

    def _paint_reasons(self, span: dict[str, Any]) -> list[str]:
        """Background-colour and covered-by checks (need the paint order and a render)."""
        color = int(span.get("color", 0))
        if not self._ordered:
            return ["white text"] if color == WHITE else []
        bbox = span["bbox"]
        light = _is_light(span)
        covers = [op for op in _across(self._covering.near(bbox), bbox) if _covers(op.bbox, bbox, 0.8)]
        after: list[PaintOp] = []
        if covers:
            last = self._own_ops(bbox)[1]
            after = [op for op in covers if op.seq > last] if last >= 0 else []
        if not (light or after) or self._on_scan(bbox) or self._render is None or shows_ink(self._render(bbox)):
            return []
        if after:  # painted over: say with what
            return ["covered by an image painted over it" if after[0].kind == "fill-image"
                    else "covered by a filled shape painted over it"]
        return ["white text on a white background" if color == WHITE else "text colour close to its background"]


def _drawn_normally(flags: int) -> bool:
    """Filled or stroked, and not clipped (MuPDF character flags)."""
    return not flags & _CLIPPED and bool(flags & (_FILLED | _STROKED))


def _is_light(span: dict[str, Any]) -> bool:
    return luminance(int(span.get("color", 0))) >= LIGHT_LUMINANCE


def _invisible_mode(span: dict[str, Any]) -> bool:
    return not span.get("char_flags", _FILLED) & (_FILLED | _STROKED)
