"""Property tests: generated t/F/χ²/r results in many textual styles are read back exactly and,
when the reported numbers are correct roundings, never flagged."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.statistics.extract import extract_tests
from scanner.statistics.recompute import check, p_value
from scanner.statistics.repair import repair

LABEL = {"t": "t", "F": "F", "chi2": "\u03c72", "r": "r"}
TEMPLATES = [
    "{stat_part}, p {op} {p}",
    "({stat_part}, p{op}{p})",
    "[{stat_part}, p {op} {p}]",
    "{stat_part},\np {op} {p}",
    "{stat_part}, d = 0.41, p {op} {p}",
    "{stat_part}, P-value {op} {p}",
]


@st.composite
def results(draw: st.DrawFn) -> tuple[str, float, int, int | None, str, str]:
    test = draw(st.sampled_from(["t", "F", "chi2", "r"]))
    df1 = draw(st.integers(1, 8)) if test in ("F", "chi2") else draw(st.integers(5, 400))
    df2 = draw(st.integers(5, 400)) if test == "F" else None
    if test == "r":
        stat = round(draw(st.floats(-0.95, 0.95)), 2)
    elif test == "t":
        stat = round(draw(st.floats(-8, 8)), 2)
    else:
        stat = round(draw(st.floats(0.01, 40)), 2)
    return test, stat, df1, df2, draw(st.sampled_from(TEMPLATES)), draw(st.sampled_from(["clean", "compact", "symbol"]))


def render(test: str, stat: float, df1: int, df2: int | None, template: str, style: str) -> tuple[str, str, float]:
    """The result as a paper would print it, with the correctly rounded p."""
    p = p_value(test, stat, df1, df2)
    if p < 0.001:
        op, p_text, p_val = "<", ".001", 0.001
    else:
        op, p_text = "=", f"{p:.3f}".lstrip("0")
        p_val = float(p_text)
    df = f"{df1}, {df2}" if df2 is not None else f"{df1}"
    num = f"{stat:.2f}".replace("0.", ".", 1) if test == "r" and abs(stat) < 1 else f"{stat:.2f}"
    text = template.format(stat_part=f"{LABEL[test]}({df}) = {num}", op=op, p=p_text)
    if style == "compact":
        text = text.replace(" = ", "=").replace(" < ", "<")
    elif style == "symbol":  # an APA symbol font: '=' -> \x01, '<' -> \x03, minus -> \x07
        text = text.replace("=", "\x01").replace("<", "\x03").replace("-", "\x07")
        text = text.replace("P\x07value", "P-value")
    return text, op, p_val


@settings(max_examples=300, deadline=None)
@given(results())
def test_rendered_results_are_recovered_and_never_flagged(case: tuple) -> None:
    test, stat, df1, df2, template, style = case
    text, op, p_val = render(test, stat, df1, df2, template, style)
    found = extract_tests(repair("The analysis showed a clear effect " + text + " in the sample."))
    assert len(found) == 1, (text, found)
    rep = found[0]
    assert (rep.test, rep.df1, rep.df2, rep.p_op) == (test, df1, df2, op), text
    assert math.isclose(rep.statistic, stat) and math.isclose(rep.p_value or -1, p_val), text
    assert check(rep).verdict == "consistent", text


@settings(max_examples=200, deadline=None)
@given(st.integers(5, 300), st.floats(0.5, 6))
def test_wrong_p_is_flagged(df: int, t: float) -> None:
    t = round(t, 2)
    p = p_value("t", t, df)
    wrong = min(0.999, p * 3 + 0.05)  # far outside any rounding of t
    rep = extract_tests(f"t({df}) = {t:.2f}, p = {wrong:.3f}".replace("0.", ".", 1))[0]
    assert check(rep).verdict in ("inconsistent", "decision_inconsistent")
