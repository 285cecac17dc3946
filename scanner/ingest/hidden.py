"""Spot text a reader cannot see but a text extractor does (pure: works on span dicts).

The PDF reader feeds every span of a page through :class:`HiddenSpanProbe`; visible text is
returned for the paper, hidden spans are collected per page as
:class:`~scanner.paper.HiddenPassage` and kept out of ``Paper.text`` so that they cannot steer
answers or prompts.
"""

from __future__ import annotations

from typing import Any

from scanner.paper import HiddenPassage
from scanner.text import clean_line

TINY_FONT_PT = 2.0
WHITE = 0xFFFFFF


class HiddenSpanProbe:
    """Splits one page's spans into visible text and hidden passages."""

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self._hidden: list[tuple[str, list[str]]] = []

    def reasons(self, span: dict[str, Any]) -> list[str]:
        """Why ``span`` is invisible to a reader (empty when it is visible)."""
        why = []
        if span["size"] < TINY_FONT_PT:
            why.append(f"font size {span['size']:.1f} pt")
        if span.get("color") == WHITE:
            why.append("white text")
        x0, y0, x1, y1 = span["bbox"]
        if x1 < 0 or y1 < 0 or x0 > self.width or y0 > self.height:
            why.append("outside the visible page")
        return why

    def visible_text(self, spans: list[dict[str, Any]]) -> str:
        """Text of the visible spans of one line; hidden ones are recorded."""
        out = []
        for span in spans:
            if not span["text"].strip():
                out.append(span["text"])
                continue
            why = self.reasons(span)
            if why:
                self._record(span["text"], why)
            else:
                out.append(span["text"])
        return "".join(out)

    def _record(self, text: str, why: list[str]) -> None:
        if self._hidden and self._hidden[-1][1] == why:
            self._hidden[-1] = (self._hidden[-1][0] + " " + text, why)
        else:
            self._hidden.append((text, why))

    def passages(self, page: int) -> list[HiddenPassage]:
        """The hidden passages found on this page so far."""
        return [
            HiddenPassage(page=page, text=clean_line(t), reasons=r)
            for t, r in self._hidden
            if clean_line(t)
        ]
