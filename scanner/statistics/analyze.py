"""Paper -> the ``statistics`` block of scan.json: every reported result, located and judged.

The text is repaired in a same-length working copy (:mod:`scanner.statistics.repair`), so
each match's offsets are offsets into ``Paper.text`` and the quote is taken from the paper
itself through :func:`scanner.evidence.quote_span` (control characters and all), which is
what an independent checker reads. Results in the reference list are skipped.
"""

from __future__ import annotations

import logging

from scanner.evidence import quote_span
from scanner.models import Evidence, StatisticResult
from scanner.paper import Paper
from scanner.statistics.descriptives import Descriptive, extract_descriptives, judge
from scanner.statistics.extract import Reported, extract_tests
from scanner.statistics.recompute import check
from scanner.statistics.repair import repair

log = logging.getLogger(__name__)


def _evidence(paper: Paper, start: int, end: int) -> Evidence | None:
    """Grounded quote of the result, widened to the left when it is too short to quote."""
    ev = quote_span(paper, start, end)
    if ev is None:
        ev = quote_span(paper, max(0, start - 40), end)
    return ev


def _flat(text: str) -> str:
    return " ".join(text.split())


def _test_result(paper: Paper, rep: Reported) -> StatisticResult | None:
    ev = _evidence(paper, rep.start, rep.end)
    if ev is None:
        log.debug("statistics: result at %d could not be quoted", rep.start)
        return None
    c = check(rep)
    return StatisticResult(
        quote=ev.quote, page=ev.page, section=ev.section, test=rep.test,  # type: ignore[arg-type]  # from STAT groups
        reported=_flat(rep.text), statistic=rep.statistic, df1=rep.df1, df2=rep.df2, n=rep.n,
        p_comparison=rep.p_op, p_reported=rep.p_value,  # type: ignore[arg-type]  # one of = < > ns
        recomputed_p=c.recomputed_p, verdict=c.verdict,  # type: ignore[arg-type]  # Check verdicts are the Literal
        note=c.reason or None,
    )


def _descriptive_result(paper: Paper, d: Descriptive) -> StatisticResult | None:
    ev = _evidence(paper, d.start, d.end)
    if ev is None:
        return None
    verdict, smallest, note = judge(d)
    return StatisticResult(
        quote=ev.quote, page=ev.page, section=ev.section, test=d.kind,  # type: ignore[arg-type]  # grim/percent
        reported=_flat(d.text), n=d.n, mean=d.value if d.kind == "grim" else None,
        percent=d.value if d.kind == "percent" else None, smallest_n=smallest,
        verdict=verdict, note=note or None,  # type: ignore[arg-type]  # judge() returns the Literal
    )


def _compute(paper: Paper) -> list[StatisticResult]:
    text = repair(paper.text)
    found: list[tuple[int, StatisticResult | None]] = []
    for rep in extract_tests(text):
        if not paper.in_references(rep.start):
            found.append((rep.start, _test_result(paper, rep)))
    for d in extract_descriptives(text):
        if not paper.in_references(d.start):
            found.append((d.start, _descriptive_result(paper, d)))
    return [r for _, r in sorted(found, key=lambda x: x[0]) if r is not None]


def statistics(paper: Paper) -> list[StatisticResult]:
    """All reported results of ``paper``, recomputed (computed once per paper object)."""
    return paper.memo("statistics", lambda: _compute(paper))


def flagged(paper: Paper) -> list[StatisticResult]:
    """Results whose verdict is inconsistent or decision_inconsistent."""
    return [r for r in statistics(paper) if r.verdict in ("inconsistent", "decision_inconsistent")]
