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
from scanner.statistics.mean_age import MeanAge, judge_mean_age, mean_ages, quote_sentence
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


def _mean_age_result(paper: Paper, age: MeanAge) -> StatisticResult | None:
    """GRIM of a mean age against the count stated in its paragraph (quote: the mean's sentence)."""
    ev = quote_sentence(paper, age.start)
    if ev is None:
        return None
    verdict, smallest, note = judge_mean_age(age)
    n = age.count.value if age.count else None
    if age.count is not None:
        _count_offsets(paper)[(ev.quote, age.value)] = age.count.start
    reported = f"mean age = {age.value:.{age.decimals}f}" + (
        f"; n = {n} stated apart ({_flat(age.count.text)})" if age.count else "")
    return StatisticResult(
        quote=ev.quote, page=ev.page, section=ev.section, test="grim", reported=reported, n=n,
        mean=age.value, smallest_n=smallest, verdict=verdict, note=note or None,  # type: ignore[arg-type]  # judge_mean_age returns the Literal
    )


def _count_offsets(paper: Paper) -> dict[tuple[str, float], int]:
    """Where the count a mean age was checked against starts, by the result's (quote, mean)."""
    return paper.memo("mean_age_counts", dict)


def _compute(paper: Paper) -> list[StatisticResult]:
    text = repair(paper.text)
    found: list[tuple[int, StatisticResult | None]] = []
    for rep in extract_tests(text):
        if not paper.in_references(rep.start):
            found.append((rep.start, _test_result(paper, rep)))
    descriptives = [d for d in extract_descriptives(text) if not paper.in_references(d.start)]
    for d in descriptives:
        found.append((d.start, _descriptive_result(paper, d)))
    taken = [(d.start, d.end) for d in descriptives if d.kind == "grim"]
    for age in mean_ages(paper, text, taken):
        found.append((age.start, _mean_age_result(paper, age)))
    return [r for _, r in sorted(found, key=lambda x: x[0]) if r is not None]


def statistics(paper: Paper) -> list[StatisticResult]:
    """All reported results of ``paper``, recomputed (computed once per paper object)."""
    return paper.memo("statistics", lambda: _compute(paper))


def count_offset(paper: Paper, result: StatisticResult) -> int | None:
    """Offset in ``Paper.text`` of the participant count a mean-age GRIM result was checked against."""
    statistics(paper)
    return _count_offsets(paper).get((result.quote, result.mean or 0.0))


def flagged(paper: Paper) -> list[StatisticResult]:
    """Results whose verdict is inconsistent or decision_inconsistent."""
    return [r for r in statistics(paper) if r.verdict in ("inconsistent", "decision_inconsistent")]
