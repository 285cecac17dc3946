"""Find reported test results (t, F, χ², r, z with their p-values) in repaired text (pure).

Works on the output of :func:`scanner.statistics.repair.repair`, so offsets are offsets into
``Paper.text``. Styles covered: APA ``t(28) = 2.10, p = .045``, brackets ``[F(1,54)= 58.82,
p < .001]``, Welch df ``t(261.38)``, ``χ2(2, N = 326) = 0.003``, ``r(48) = -.29``,
``z = 2.3, p = .02``, ``t = 0.43, p = .67`` and ``r = 0.82, p < .001`` (no df: reported but
not checkable), ML/medical ``p-value = 0.03`` / ``P < 0.001``, ``ns``/``n.s.``, statistics
and p-values split by line breaks, OCR's ``l``/``I`` for ``1`` in degrees of freedom, and
effect sizes or MSE between the statistic and its p-value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.fastscan import guarded

NUM = r"[-\u2013]?\s?(?:\d+(?:\.\d+)?|\.\d+)"
DF = r"[\dlI|]{1,6}(?:\.\d+)?"
_SEP = r"\s?(?:,|;|\.\s)\s?"
_THEN_P = rf"\s?[,;]\s?(?:[^\W\d]\w{{0,4}}\s?=\s?{NUM}\s?,\s?)?[pP]\b"
_STATS = {
    "t": rf"\bt\s?\(\s?(?P<t_df>{DF})\s?\)\s?=\s?(?P<t_stat>{NUM})",
    "F": rf"\bF\s?[(\[]\s?(?P<F_df1>{DF}){_SEP}(?P<F_df2>{DF})\s?[)\]]\s?=\s?(?P<F_stat>{NUM})",
    "chi2": rf"(?:\u03c7|\bX|\bchi)[\s-]?(?:2|\u00b2|\^2|squared?)\s?\(\s?(?P<chi2_df>{DF})"
    rf"(?:\s?,\s?N\s?=\s?(?P<chi2_n>\d[\d,]*))?\s?\)\s?=\s?(?P<chi2_stat>{NUM})",
    "r": rf"\br\s?\(\s?(?P<r_df>{DF})\s?\)\s?=\s?(?P<r_stat>{NUM})",
    "z": rf"\b[zZ]\s?=\s?(?P<z_stat>{NUM})(?={_THEN_P})",
    "tnodf": rf"\bt\s?=\s?(?P<tnodf_stat>{NUM})(?={_THEN_P})",
    "rnodf": rf"\br\s?=\s?(?P<rnodf_stat>{NUM})(?={_THEN_P})",
}
STAT = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _STATS.items()))
_BETWEEN = rf"\s?[,;]?\s?(?:(?:[^\W\d]\w{{0,5}}|\u03b7\s?p?\s?2|\u03c9\s?2)\s?=\s?{NUM}\s?,\s?){{0,2}}"
P_VALUE = re.compile(
    _BETWEEN + r"(?:(?P<p>\bps?|\bP)(?:[\s-]?values?)?\s?(?P<op><=|>=|[=<>\u2264\u2265])\s?"
    r"(?P<pval>\d?\.?\d+\s?[x\u00d7*]\s?10\s?\^?\s?[-\u2212]\s?\d+|0?\.\d+|\d(?:\.\d+)?e-\d+|[01](?:\.\d+)?)"
    r"|(?P<ns>\bn\.?\s?s\.?(?!\w)))"
)
ONE_SIDED = re.compile(r"one[- ](?:tailed|sided)|directional (?:test|hypothesis)", re.I)
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1"})


@dataclass(frozen=True)
class Reported:
    """One reported test result as written: statistic, df, p-value and where it is."""

    test: str
    statistic: float
    stat_decimals: int
    df1: float | None
    df2: float | None
    n: int | None
    p_op: str | None
    p_value: float | None
    p_decimals: int
    start: int
    end: int
    text: str
    one_sided: bool = False

    @property
    def complete(self) -> bool:
        """True when the statistic, its degrees of freedom and a p-value are all reported."""
        has_df = self.test == "z" or self.df1 is not None
        return has_df and self.p_op is not None


def number(literal: str) -> tuple[float, int]:
    """Value and number of decimals of a written number (``-.29`` -> (-0.29, 2))."""
    lit = re.sub(r"\s", "", literal).replace("\u2013", "-")
    decimals = len(lit.split(".")[1]) if "." in lit else 0
    return float(lit), decimals


def _df(literal: str | None) -> float | None:
    return None if literal is None else float(literal.translate(_OCR_DIGITS))


def _p(literal: str) -> tuple[float, int]:
    """p-values as written, including ``1.2 x 10-5`` and ``3e-4``."""
    lit = re.sub(r"\s", "", literal).replace("\u2212", "-")
    sci = re.match(r"(.+?)[x\u00d7*]10\^?(-\d+)", lit)
    if sci:
        mantissa, decimals = number(sci.group(1))
        exp = int(sci.group(2))
        return mantissa * 10.0**exp, decimals - exp
    if "e-" in lit:
        mant, exp_digits = lit.split("e-")
        return float(lit), number(mant)[1] + int(exp_digits)
    return number(lit)


def _stat_of(m: re.Match[str]) -> Reported:
    key = m.lastgroup or ""
    g = m.groupdict()
    stat, dec = number(g[f"{key}_stat"])
    test = key.removesuffix("nodf")
    if test == "F":
        df1, df2 = _df(g["F_df1"]), _df(g["F_df2"])
    else:
        df1, df2 = _df(g.get(f"{key}_df")), None
    n = int(g["chi2_n"].replace(",", "")) if test == "chi2" and g.get("chi2_n") else None
    return Reported(test, stat, dec, df1, df2, n, None, None, 0, m.start(), m.end(), m.group(0))


def _with_p(rep: Reported, text: str) -> Reported:
    m = P_VALUE.match(text, rep.end)
    if m is None:
        return rep
    if m.group("ns"):
        op, val, dec = "ns", None, 0
    else:
        op = {"\u2264": "<", "<=": "<", "\u2265": ">", ">=": ">"}.get(m.group("op"), m.group("op"))
        val, dec = _p(m.group("pval"))
    window = text[max(0, rep.start - 300) : m.end() + 100]
    return Reported(rep.test, rep.statistic, rep.stat_decimals, rep.df1, rep.df2, rep.n, op, val, dec,
                    rep.start, m.end(), text[rep.start : m.end()], bool(ONE_SIDED.search(window)))


def extract_tests(text: str) -> list[Reported]:
    """Every t/F/χ²/r/z result in ``text`` (repaired form), with its p-value when one follows."""
    return [_with_p(_stat_of(m), text) for m in guarded(STAT).finditer(text)]
