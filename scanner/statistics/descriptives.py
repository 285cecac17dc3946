"""Means and percentages that cannot come from their sample: GRIM and denominators (pure).

* GRIM (Brown & Heathers 2016): the mean of ``n`` integer-valued answers is ``k / n`` for
  an integer ``k``, so ``M = 3.17`` with ``n = 15`` is impossible (no k/15 rounds to 3.17).
  Only informative when ``n < 10 ** decimals``.
* Percentages: ``76.7%`` can come from 23/30 but from no smaller denominator;
  ``45.5% of 30`` cannot happen at all. Rounding and truncation to the reported decimals are
  both accepted, as papers do both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scanner.fastscan import guarded

_N = r"\(?\s?[nN]\s?=\s?(?P<{}>\d{{1,5}})\s?\)?"
_MEAN_SD = re.compile(
    rf"(?:\b(?:M|mean)\s?=\s?(?P<m1>\d+\.\d+)\s?,\s?SD\s?=\s?\d+(?:\.\d+)?\s?[,;]?\s?{_N.format('n')}"
    rf"|(?P<m2>\d+\.\d+)\s?(?:\u00b1|\+/-)\s?\d+(?:\.\d+)?\s?{_N.format('n1')}"
    rf"|\b[nN]\s?=\s?(?P<n2>\d{{1,5}})\s?[,;]\s?(?:M|mean)\s?=\s?(?P<m3>\d+\.\d+))"
)
_PCT = r"(?P<pct>\d{1,3}(?:\.\d+)?)\s?%"
_PERCENT = re.compile(
    rf"\b(?P<k>\d{{1,5}})\s?(?:/|of|out of)\s?(?P<n>\d{{1,5}})\s?\(\s?{_PCT}\s?\)"
    rf"|{_PCT.replace('pct', 'pct2')}\s?\(\s?(?P<k2>\d{{1,5}})\s?(?:/|of|out of)\s?(?P<n2>\d{{1,5}})\s?\)"
    rf"|{_PCT.replace('pct', 'pct3')} of (?:the |all |our )?(?P<n3>\d{{1,5}}) "
    r"(?:participants|respondents|subjects|patients|children|adults|students|caregivers|people|annotators|raters|users|workers|cases|items|trials)"
)


@dataclass(frozen=True)
class Descriptive:
    """A mean with its n (GRIM) or a percentage with its denominator, where it is in the text."""

    kind: str  # "grim" or "percent"
    value: float
    decimals: int
    n: int | None
    k: int | None
    start: int
    end: int
    text: str


def _decimals(literal: str) -> int:
    return len(literal.split(".")[1]) if "." in literal else 0


def _fits(value: float, decimals: int, target: float, *, truncation: bool = True) -> bool:
    """True when ``value`` rounds (or, if allowed, truncates) to ``target`` at ``decimals`` places."""
    half = 0.5 * 10 ** (-decimals)
    step = 10 ** (-decimals)
    if abs(value - target) <= half + 1e-9:
        return True
    return truncation and abs(math.floor(value / step + 1e-9) * step - target) <= 1e-9


def grim_consistent(mean: float, decimals: int, n: int, items: int = 1, *, truncation: bool = True) -> bool:
    """True if some integer total over ``n * items`` answers has mean ``mean`` as reported."""
    m = n * items
    centre = round(mean * m)
    return any(_fits(k / m, decimals, mean, truncation=truncation) for k in range(centre - 2, centre + 3))


def percent_consistent(percent: float, decimals: int, n: int, *, truncation: bool = True) -> bool:
    """True if some count k out of ``n`` gives ``percent`` as reported."""
    centre = round(percent * n / 100)
    return any(0 <= k <= n and _fits(100 * k / n, decimals, percent, truncation=truncation)
               for k in range(centre - 2, centre + 3))


def smallest_denominator(percent: float, decimals: int, limit: int = 10000) -> int | None:
    """Smallest n for which some k/n rounds to ``percent`` as reported (76.7% -> 30)."""
    for n in range(1, limit + 1):
        if percent_consistent(percent, decimals, n, truncation=False):
            return n
    return None


def smallest_grim_n(mean: float, decimals: int, limit: int = 10000) -> int | None:
    """Smallest n of integer answers whose mean can be ``mean`` as reported."""
    for n in range(1, limit + 1):
        if grim_consistent(mean, decimals, n, truncation=False):
            return n
    return None


def extract_descriptives(text: str) -> list[Descriptive]:
    """Means with a stated n and percentages with a stated denominator in ``text``."""
    out = []
    for m in guarded(_MEAN_SD).finditer(text):
        g = m.groupdict()
        lit = g["m1"] or g["m2"] or g["m3"]
        n = int(g["n"] or g["n1"] or g["n2"])
        out.append(Descriptive("grim", float(lit), _decimals(lit), n, None, m.start(), m.end(), m.group(0)))
    for m in guarded(_PERCENT).finditer(text):
        g = m.groupdict()
        lit = g["pct"] or g["pct2"] or g["pct3"]
        n = int(g["n"] or g["n2"] or g["n3"])
        k_lit = g["k"] or g["k2"]
        out.append(Descriptive("percent", float(lit), _decimals(lit), n, int(k_lit) if k_lit else None,
                               m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda d: d.start)


def judge(d: Descriptive) -> tuple[str, int | None, str]:
    """Verdict, smallest consistent n and a note for one descriptive result."""
    if d.kind == "grim":
        if d.n is None or d.n >= 10**d.decimals:
            return "not_checkable", None, "n too large for GRIM at this precision"
        ok = grim_consistent(d.value, d.decimals, d.n)
        note = "" if ok else f"no integer total over n = {d.n} gives this mean (GRIM, integer data)"
        return ("consistent" if ok else "inconsistent"), smallest_grim_n(d.value, d.decimals), note
    smallest = smallest_denominator(d.value, d.decimals)
    if d.n is None or d.n == 0:
        return "not_checkable", smallest, ""
    if d.k is not None:
        ok = d.k <= d.n and _fits(100 * d.k / d.n, d.decimals, d.value)
        note = "" if ok else f"{d.k} out of {d.n} is not this percentage (recomputed {100 * d.k / d.n:.2f}%)"
    else:
        ok = percent_consistent(d.value, d.decimals, d.n)
        note = "" if ok else f"no count out of {d.n} gives this percentage"
    return ("consistent" if ok else "inconsistent"), smallest, note
