"""Red flags for results that do not check out (kind ``statistics_inconsistency``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.evidence import locate
from scanner.models import RedFlag, StatisticResult
from scanner.statistics.analyze import flagged

if TYPE_CHECKING:
    from scanner.detectors.base import Answer
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


def _flag(paper: Paper, r: StatisticResult) -> RedFlag:
    ev = locate(paper, r.quote)
    severity = "high" if r.verdict == "decision_inconsistent" else "low" if r.test == "grim" else "medium"
    return RedFlag(
        flag=_NAMES.get(r.test, "Reported p-value does not match its test statistic"),
        kind="statistics_inconsistency",
        severity=severity,  # type: ignore[arg-type]  # one of the Severity literals
        detail=_detail(r).replace('""', '"'),
        evidence=[ev] if ev else None,
    )


def statistics_inconsistencies(
    paper: Paper, facts: Facts, checklist: dict[str, dict[str, Answer]]
) -> list[RedFlag]:
    """One red flag per inconsistent result (decision errors first), at most MAX_FLAGS."""
    bad = sorted(flagged(paper), key=lambda r: r.verdict != "decision_inconsistent")
    return [_flag(paper, r) for r in bad[:MAX_FLAGS]]
