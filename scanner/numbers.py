"""Numbers in prose: find the result-like ones and match them, rounding-aware (pure).

Used by every check that asks "does this number come from somewhere?": abstract/claim numbers
against the body, draft numbers against result files, and against the run registry.

* :func:`result_numbers` yields the numbers of a text that can be results, skipping section
  numbers, years, citation labels, table/figure/equation numbers, dates, versions and ordinals.
* :func:`matches` says whether a reported number is a rounding of a recorded value
  (``0.945`` matches ``0.94512``; ``94.5%`` matches ``0.9451``; ``-0.323`` matches ``-0.3234``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanner import fastscan

_NUMBER = re.compile(r"(?<![\w.\-])([-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?%|\s?percent\b)?(?![\w])")
_SKIP_BEFORE = re.compile(  # a whole word before the number: "reach 0.93" is not "H 0.93"
    r"(?<![a-z])(?:section|sec\.|§|table|tab\.|figure|fig\.|eq\.|equation|appendix|chapter|step|line|page|p\.|pp\.|"
    r"version|v|layer|stage|phase|experiment|study|hypothesis|h|rq|algorithm|theorem|lemma|"
    r"corollary|definition|proposition|example|case|item|question|q)\s*$",
    re.I,
)
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")
_OPEN_BEFORE = re.compile(r"[\[(,]\s*$")
_CLOSE_AFTER = re.compile(r"\s*[\]),]")
_DECIMAL_AFTER = re.compile(r"\.\d")
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b")
# _NUMBER behind a look-ahead for its first character (a sign or a digit): same matches, but
# re rejects most positions with one set test instead of running the look-behind first.
_NUMBER_SCAN = fastscan.guarded(_NUMBER)


@dataclass(frozen=True)
class Number:
    """A number as written in a text: its literal, value, decimals, percent flag and offset."""

    literal: str
    value: float
    decimals: int
    percent: bool
    start: int
    end: int


def parse_number(literal: str) -> Number | None:
    """Parse one literal (``0.945``, ``94.5%``, ``1,024``, ``−0.3``) into a Number."""
    m = _NUMBER.fullmatch(literal.strip())
    if not m:
        return None
    return _from_match(m, 0)


def _from_match(m: re.Match[str], base: int) -> Number:
    sign, whole, frac, pct = m.group(1), m.group(2), m.group(3) or "", m.group(4)
    value = float(whole.replace(",", "") + frac)
    if sign:
        value = -value
    literal = m.group(0).strip()
    return Number(literal, value, max(0, len(frac) - 1), bool(pct), base + m.start(), base + m.end())


def all_numbers(text: str) -> Iterator[Number]:
    """Every number literal in ``text``."""
    for m in _NUMBER.finditer(text):
        yield _from_match(m, 0)


def is_result_like(text: str, num: Number) -> bool:
    """False for numbers that are labels, years, citations, dates or ordinals, not results."""
    before = text[max(0, num.start - 14) : num.start]
    after = text[num.end : num.end + 3]
    if _SKIP_BEFORE.search(before):
        return False
    if num.decimals == 0 and not num.percent:
        if _YEAR.match(num.literal):
            return False
        if _OPEN_BEFORE.search(before) and _CLOSE_AFTER.match(after) and num.value < 400:
            return False  # citation labels [12] or (3, 4)
        if after[:1] in (".",) and _DECIMAL_AFTER.match(after):
            return False
    if _ORDINAL_AFTER.match(after):
        return False
    return True


def result_numbers(text: str, *, min_digits: int = 2) -> list[Number]:
    """Result-like numbers of ``text`` with at least ``min_digits`` significant digits."""
    out = []
    for m in _NUMBER_SCAN.finditer(text):
        whole, frac = m.group(2, 3)
        # The literal's digits are those of the whole part (less its commas) and of the
        # fraction (less its dot): sign, spaces and "%"/"percent" hold none.
        digits = len(whole) - whole.count(",") + (len(frac) - 1 if frac else 0)
        if digits >= min_digits:
            num = _from_match(m, 0)
            if is_result_like(text, num):
                out.append(num)
    return out


def matches(reported: Number | str, recorded: float, *, allow_percent: bool = True) -> bool:
    """True if ``reported`` is ``recorded`` rounded to the reported precision.

    ``0.945`` matches 0.94512 and 0.9449; ``94.5%`` matches 0.945 and 94.51; integers match
    exactly. Truncation (0.9459 written as 0.945) is accepted too, as papers do both.
    """
    num = parse_number(reported) if isinstance(reported, str) else reported
    if num is None or math.isnan(recorded):
        return False
    candidates = [recorded]
    if allow_percent:
        candidates += [recorded * 100, recorded / 100]
    half = 0.5 * 10 ** (-num.decimals)
    step = 10 ** (-num.decimals)
    for value in candidates:
        if abs(value - num.value) <= half + 1e-12:
            return True
        truncated = math.trunc(value / step) * step
        if abs(truncated - num.value) <= 1e-9 * max(1.0, abs(value)):
            return True
    return False


def same_number(a: Number, b: Number) -> bool:
    """True if two written numbers can denote the same quantity (one is a rounding of the other)."""
    if a.decimals >= b.decimals:
        return matches(b, a.value, allow_percent=a.percent != b.percent)
    return matches(a, b.value, allow_percent=a.percent != b.percent)
