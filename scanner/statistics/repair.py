"""Undo extraction damage in statistics without moving a single character.

APA-journal PDFs set ``=``, ``<``, the minus sign and ``χ`` in symbol fonts whose glyphs come
out of PyMuPDF as control characters (``\\x01``..``\\x08``), and *which* control character
stands for which symbol differs from one PDF (font) to the next: ``\\x01`` is ``=`` in one
paper and ``\\x02`` in another, where ``\\x01`` never occurs. The mapping is therefore
inferred per text from where the characters sit:

* ``=``  -- the code most often found between a statistic label (``t(df)``, ``M``, ``SD``,
  ``N``, ``r``, ``b``, ``p``) and a number;
* ``<``  -- among the other codes, the one most often found between ``p`` and a number;
  a third code found there only before p-values of .05 or more is read as ``>``;
* minus  -- a code glued to a number right after ``=`` (``= \\x072.27``), read as ``-`` only
  where it touches a digit or decimal point;
* ``χ``  -- a code glued to ``2(`` at the start of a word (``\\x072(2, N = 326)``).

:func:`repair` returns a copy of the text of exactly the same length, so an offset found in
the repaired copy is the same offset in ``Paper.text`` (where quotes are taken from).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

CONTROL = "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
_C = f"[{re.escape(CONTROL)}]"
_LABEL = r"(?:\b(?:t|F|r|z|M|SD|SE|N|n|d|b|B|df|OR|ps?)|\))"
_EQ_SLOT = re.compile(rf"{_LABEL}\s?({_C})\s?{_C}?\s?\.?\d")
_P_WORD = r"\b[pP]s?(?:[\s-]?values?)?\s?"
_P_SLOT = re.compile(rf"{_P_WORD}({_C})\s?(\.\d+|0\.\d+|\d)")
_AFTER_P = re.compile(rf"{_P_WORD}$")
_CHI = re.compile(rf"(?<!\w)({_C})2\s?\(")


@dataclass(frozen=True)
class CodeMap:
    """Which control character stands for which symbol in one text (None when unused)."""

    eq: str | None = None
    lt: str | None = None
    gt: str | None = None
    minus: str | None = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Human-readable summary, e.g. ``'\\x01'->'=', '\\x03'->'<'``."""
        pairs = [(self.eq, "="), (self.lt, "<"), (self.gt, ">"), (self.minus, "-")]
        return ", ".join(f"{c!r}->{s!r}" for c, s in pairs if c)


def infer_codes(text: str) -> CodeMap:
    """Infer the control-character code map of ``text`` (see module docstring)."""
    if not any(c in text for c in CONTROL):
        return CodeMap()
    eq_votes = Counter(m.group(1) for m in _EQ_SLOT.finditer(text))
    eq = eq_votes.most_common(1)[0][0] if eq_votes else None
    p_values: dict[str, list[float]] = {}
    for m in _P_SLOT.finditer(text):
        if m.group(1) != eq:
            p_values.setdefault(m.group(1), []).append(float(m.group(2)))
    ranked = sorted(p_values, key=lambda c: -len(p_values[c]))
    lt = ranked[0] if ranked else None
    gt = next((c for c in ranked[1:] if all(v >= 0.05 for v in p_values[c])), None)
    after = rf"(?:{re.escape(eq)}|[\[(,])" if eq else r"[\[(,]"
    minus_votes = Counter(m.group(1) for m in re.finditer(rf"{after}\s?({_C})\.?\d", text))
    for used in (eq, lt, gt):
        minus_votes.pop(used or "", None)
    minus = minus_votes.most_common(1)[0][0] if minus_votes else None
    return CodeMap(eq=eq, lt=lt, gt=gt, minus=minus)


def repair(text: str, codes: CodeMap | None = None) -> str:
    """Same-length copy of ``text`` with symbol-font control characters turned into ASCII/χ."""
    codes = codes or infer_codes(text)
    if codes.eq is None and codes.lt is None:
        return text
    chars = list(text)
    for m in _CHI.finditer(text):
        chars[m.start(1)] = "\u03c7"
    for i, c in enumerate(text):
        if c not in CONTROL or chars[i] != c:
            continue
        nxt = text[i + 1 : i + 3]
        after_p = bool(_AFTER_P.search(text, max(0, i - 10), i))
        glued = bool(re.match(r"\.?\d", nxt)) and not after_p
        if c == codes.minus and glued:
            chars[i] = "-"
        elif c == codes.eq:
            chars[i] = "="
        elif c == codes.lt and not glued:
            chars[i] = "<"
        elif c == codes.gt and not glued:
            chars[i] = ">"
    out = "".join(chars)
    assert len(out) == len(text)  # offsets must stay valid for evidence
    return out
