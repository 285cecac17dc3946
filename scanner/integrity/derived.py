"""Metrics that do not follow from the parts they are computed from (pure, offline).

F1 is the harmonic mean of precision and recall, so a sentence reporting all three can be
recomputed: ``48.8% precision, 35.2% recall and 29.1% F1`` is impossible for one pooled F1 (the
harmonic mean of 48.8 and 35.2 is 40.9). The check allows every rounding (and truncation) of the
three reported values, and stays silent when the sentence says the F1 is averaged (macro,
per class, mean over categories), since an average of per-class F1 values need not equal the
harmonic mean of averaged precision and recall. The flag says so, as a caveat, when it fires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.detectors.base import Checklist
from scanner.detectors.facts import Facts
from scanner.evidence import cite, quote_span, sentence_at
from scanner.models import RedFlag
from scanner.paper import Paper

_NUM = r"(?P<num{0}>\d{{1,3}}(?:\.\d+)?|0?\.\d+)(?P<pct{0}>\s?%)?"
_METRICS = {
    "precision": r"precision",
    "recall": r"recall",
    "f1": r"F1(?:[- ]?scores?)?|F[- ]?(?:scores?|measures?)",
}
_F1_ANCHOR = re.compile(r"\b(?:F1|F[- ]?[Ss]cores?|F[- ]?[Mm]easures?|f1)")  # case-sensitive: scans only at F/f
# "48.8% precision" / "29.1% F1-score" (number right before) or "precision of 0.49",
# "recall: 35.2%", "F1 (29.1%)", "F1 = 0.29" (number right after).
_BOUND = {
    name: re.compile(rf"(?<![\w.]){_NUM.format('')}\s+(?:{kw})\b|"
                     rf"\b(?:{kw})\s?(?:of|=|:|is|was|reaches|\()\s?{_NUM.format('2')}", re.I)
    for name, kw in _METRICS.items()
}
_AVERAGED = re.compile(r"\bmacro|\bmicro|\bweighted|averag|\bmean\b|per[- ](?:class|category|label|item)", re.I)


@dataclass(frozen=True)
class Reported:
    """A metric value as written: its value on a 0-100 scale and the half-width of its rounding."""

    value: float
    slack: float


def _reported(m: re.Match[str]) -> Reported:
    literal, pct = (m.group("num"), m.group("pct")) if m.group("num") else (m.group("num2"), m.group("pct2"))
    decimals = len(literal.split(".")[1]) if "." in literal else 0
    value, step = float(literal), 10.0 ** -decimals
    if not pct and value <= 1.0:  # a fraction: put it on the percent scale
        value, step = value * 100, step * 100
    return Reported(value, step)  # a whole step, not half: truncation is accepted too


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def f1_consistent(precision: Reported, recall: Reported, f1: Reported) -> bool:
    """True when some rounding of precision and recall has a harmonic mean that rounds to the F1."""
    low = _harmonic(max(0.0, precision.value - precision.slack), max(0.0, recall.value - recall.slack))
    high = _harmonic(precision.value + precision.slack, recall.value + recall.slack)
    return low - 1e-9 <= f1.value + f1.slack and f1.value - f1.slack <= high + 1e-9


def _bound_in(paper: Paper, name: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_BOUND[name].finditer(paper.text, start, end))


def derived_metric_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``derived_metric_mismatch``: a sentence whose F1 is no harmonic mean of its precision and recall."""
    flags: list[RedFlag] = []
    seen: set[tuple[int, int]] = set()
    for anchor in paper.iter_matches(_F1_ANCHOR):
        span = sentence_at(paper, anchor.start())
        if span in seen:
            continue
        seen.add(span)
        parts = {name: _bound_in(paper, name, *span) for name in _BOUND}
        if any(len(found) != 1 for found in parts.values()):  # missing, or several values: ambiguous
            continue
        if _AVERAGED.search(paper.text, *span):
            continue
        p, r, f = (_reported(parts[name][0]) for name in ("precision", "recall", "f1"))
        if f1_consistent(p, r, f):
            continue
        ev = quote_span(paper, *span)
        if ev is None:
            continue
        flags.append(RedFlag(
            flag="F1 does not follow from the precision and recall reported with it", kind="derived_metric_mismatch",
            severity="low", evidence=[ev],
            detail=f"{cite(ev)}: the harmonic mean of that precision and recall is {_harmonic(p.value, r.value):.1f} "
                   "on the percent scale (derived), which no rounding of the reported F1 reaches; the sentence "
                   "does not say the F1 is averaged per class or category, the one way it could differ.",
        ))
    return flags
