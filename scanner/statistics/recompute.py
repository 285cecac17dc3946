"""Recompute p from a reported statistic and judge the reported p (statcheck's two levels).

A reported number stands for every value that rounds to it: ``t = 2.10`` is any t in
[2.095, 2.105]. A result is ``consistent`` when some statistic in that interval gives a p
that agrees with the reported p (itself read as an interval for ``p = .04``, or as a bound
for ``p < .05``); otherwise it is ``inconsistent``, and ``decision_inconsistent`` when in
addition every recomputed p lies on the other side of .05 than the reported one. When the
paper says the test was one-sided, halved p-values are accepted too. A p written with fewer
decimals than it has is accepted when it is rounded or truncated (``p = .99`` for .9985).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import special  # the distribution functions themselves: scipy.stats costs ~1 s to import

from scanner.statistics.extract import Reported

ALPHA = 0.05
_EPS = 1e-12


def _t_sf(x: float, df: float | None) -> float:
    """``scipy.stats.t.sf(x, df)`` (the same special function, same value for finite input)."""
    return float(special.stdtr(df, -x)) if df is not None and df > 0 else math.nan


def _f_sf(x: float, df1: float | None, df2: float | None) -> float:
    """``scipy.stats.f.sf(x, df1, df2)``."""
    if df1 is None or df2 is None or not (df1 > 0 and df2 > 0):
        return math.nan
    return 1.0 if x <= 0 else float(special.fdtrc(df1, df2, x))


def _chi2_sf(x: float, df: float | None) -> float:
    """``scipy.stats.chi2.sf(x, df)``."""
    if df is None or not df > 0:
        return math.nan
    return 1.0 if x <= 0 else float(special.chdtrc(df, x))


def p_value(test: str, statistic: float, df1: float | None = None, df2: float | None = None) -> float:
    """Two-sided p of a t, r or z statistic; upper-tail p of F and χ² (as statcheck does)."""
    if test == "t":
        return 2 * _t_sf(abs(statistic), df1)
    if test == "z":
        return float(2 * special.ndtr(-abs(statistic)))
    if test == "F":
        return _f_sf(statistic, df1, df2)
    if test == "chi2":
        return _chi2_sf(statistic, df1)
    if test == "r":
        r = max(min(statistic, 1.0), -1.0)
        if abs(r) >= 1.0:
            return 0.0
        t = r * math.sqrt(df1 / (1 - r * r)) if df1 else 0.0
        return 2 * _t_sf(abs(t), df1)
    raise ValueError(f"unknown test {test!r}")


@dataclass(frozen=True)
class Check:
    """The recomputed p (from the statistic as written), its rounding range and the verdict."""

    recomputed_p: float | None
    p_low: float | None
    p_high: float | None
    verdict: str
    reason: str


def _p_range(rep: Reported) -> tuple[float, float]:
    """Lowest and highest p over all statistics that round to the reported one."""
    half = 0.5 * 10 ** (-rep.stat_decimals)
    lo, hi = abs(rep.statistic) - half, abs(rep.statistic) + half
    lo = max(lo, 0.0)
    if rep.test == "r":
        hi = min(hi, 1.0)
    ps = [p_value(rep.test, v, rep.df1, rep.df2) for v in (lo, hi)]
    return min(ps), max(ps)


def _agrees(rep: Reported, lo: float, hi: float) -> bool:
    """True if some p in [lo, hi] is compatible with the reported comparison."""
    if rep.p_op == "ns":
        return hi > ALPHA - _EPS
    assert rep.p_value is not None
    if rep.p_op == "<":
        return lo < rep.p_value + _EPS
    if rep.p_op == ">":
        return hi > rep.p_value - _EPS
    half: float = 0.5 * 10 ** (-rep.p_decimals)  # int ** negative int is typed Any
    if rep.p_value == 0:  # "p = .000" means p < .0005
        return lo < half + _EPS
    step = 2 * half  # truncation (.9985 written as .99) is accepted as well as rounding
    return lo < rep.p_value + step - _EPS and hi >= rep.p_value - half - _EPS


def _reported_significant(rep: Reported) -> bool | None:
    if rep.p_op == "ns":
        return False
    assert rep.p_value is not None
    if rep.p_op == "<":
        return rep.p_value <= ALPHA
    if rep.p_op == ">":
        return False if rep.p_value >= ALPHA else None
    return rep.p_value <= ALPHA


def check(rep: Reported) -> Check:
    """Recompute ``rep`` and give statcheck's verdict (``not_checkable`` without df or p)."""
    if rep.test != "z" and rep.df1 is None or rep.test == "F" and rep.df2 is None:
        return Check(None, None, None, "not_checkable", "no degrees of freedom")
    if rep.test in ("F", "chi2") and rep.statistic < 0 or rep.test == "r" and abs(rep.statistic) > 1:
        return Check(None, None, None, "inconsistent", f"impossible {rep.test} value")
    if (rep.df1 is not None and rep.df1 <= 0) or (rep.df2 is not None and rep.df2 <= 0):
        return Check(None, None, None, "not_checkable", "degrees of freedom not positive")
    p = p_value(rep.test, rep.statistic, rep.df1, rep.df2)
    if rep.p_op is None:
        return Check(p, None, None, "not_checkable", "no p-value reported")
    lo, hi = _p_range(rep)
    if _agrees(rep, lo, hi):
        return Check(p, lo, hi, "consistent", "")
    sided = rep.test in ("t", "z", "r") and rep.one_sided
    if sided and _agrees(rep, lo / 2, hi / 2):
        return Check(p, lo / 2, hi / 2, "consistent", "consistent as a one-sided test")
    reported_sig = _reported_significant(rep)
    computed_sig = hi <= ALPHA if reported_sig is False else lo <= ALPHA
    if reported_sig is not None and reported_sig != computed_sig:
        return Check(p, lo, hi, "decision_inconsistent", "significance at .05 flips")
    return Check(p, lo, hi, "inconsistent", "reported p does not match the statistic")
