"""Red flags for results that do not check out (kind ``statistics_inconsistency``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.evidence import cite, locate
from scanner.models import Evidence, RedFlag, StatisticResult
from scanner.statistics.analyze import count_offset, flagged
from scanner.statistics.mean_age import quote_sentence

if TYPE_CHECKING:
    from scanner.detectors.base import Checklist
    from scanner.detectors.facts import Facts
    from scanner.paper import Paper

MAX_FLAGS = 10
_NAMES = {"grim": "Mean impossible for its n (GRIM)", "percent": "Percentage impossible for its denominator"}


def _detail(r: StatisticResult) -> str:
    where = f'"{r.quote}" (p. {r.page})' if r.page else f'"{r.quote}"'
    if r.test in ("grim", "percent"):
        return f"{where}: {r.note}."
    if r.recomputed_p is None:
        return f"{where}: {r.note or 'the statistic is impossible'}."
    flip = " and the significance decision at .05 flips" if r.verdict == "decision_inconsistent" else ""
    return (f"{where}: read as {r.reported}; recomputed p = {r.recomputed_p:.4g} (derived with scipy from "
            f"the statistic and df), which no rounding of the reported numbers reproduces{flip}.")


def _count_evidence(paper: Paper, r: StatisticResult) -> Evidence | None:
    """The sentence stating the n a mean age was checked against (None for other results)."""
    offset = count_offset(paper, r) if r.test == "grim" else None
    return quote_sentence(paper, offset) if offset is not None else None


def _mean_age_detail(mean: Evidence | None, r: StatisticResult, count: Evidence) -> str:
    where = cite(mean) if mean else f'"{r.quote}"'
    return f"The mean age at {where} averages the sample stated at {cite(count)}: {r.note}."


def _flag(paper: Paper, r: StatisticResult) -> RedFlag:
    ev = locate(paper, r.quote)
    count = _count_evidence(paper, r)
    severity = "high" if r.verdict == "decision_inconsistent" else "low" if r.test == "grim" else "medium"
    return RedFlag(
        flag=_NAMES.get(r.test, "Reported p-value does not match its test statistic"),
        kind="statistics_inconsistency",
        severity=severity,  # type: ignore[arg-type]  # one of the Severity literals
        detail=(_mean_age_detail(ev, r, count) if count else _detail(r)).replace('""', '"'),
        evidence=[e for e in (ev, count) if e] or None,
    )


def statistics_inconsistencies(
    paper: Paper, facts: Facts, checklist: Checklist
) -> list[RedFlag]:
    """One red flag per inconsistent result (decision errors first), at most MAX_FLAGS."""
    bad = sorted(flagged(paper), key=lambda r: r.verdict != "decision_inconsistent")
    return [_flag(paper, r) for r in bad[:MAX_FLAGS]]
