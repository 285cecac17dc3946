"""Statistics that check themselves: damage repair, extraction, recomputation, GRIM, percentages."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from scipy import stats

from scanner.ingest import load_paper
from scanner.statistics import p_value, statistics
from scanner.statistics.descriptives import (
    extract_descriptives,
    grim_consistent,
    judge,
    percent_consistent,
    smallest_denominator,
)
from scanner.statistics.extract import extract_tests
from scanner.statistics.recompute import check
from scanner.statistics.repair import infer_codes, repair
from tests.conftest import load_corpus_paper, scan_corpus_paper

HAND = json.loads((Path(__file__).parent / "data" / "statistics_handchecked.json").read_text())["papers"]
MAUSBACH = "psych-apa-stats-mausbach-caregivers-encoded-operators.pdf"


def _one(text: str):
    found = extract_tests(text)
    assert len(found) == 1, found
    return found[0]


# --- damage repair ------------------------------------------------------------------------

def test_repair_keeps_length_and_maps_codes_per_paper(corpus: Path) -> None:
    expected = {
        MAUSBACH: ("\x01", "\x03", "\x07"),
        "psych-jpsp2014-oral-approach-avoidance.pdf": ("\x02", "\x03", "\x07"),
        "psych-jpsp2014-religiousness-self-control.pdf": ("\x02", "\x05", "\x04"),
    }
    for name, (eq, lt, minus) in expected.items():
        paper = load_corpus_paper(name)
        codes = infer_codes(paper.text)
        assert (codes.eq, codes.lt, codes.minus) == (eq, lt, minus), name
        fixed = repair(paper.text, codes)
        assert len(fixed) == len(paper.text)
        assert "t(261.38) = -2.27, p = .024" in fixed or name != MAUSBACH


def test_repair_reads_chi_from_a_control_code() -> None:
    text = ("fit was not significant, \x072(2, N \x02 326) \x02 0.003, p \x02 .99. "
            "Also b \x02 \x040.12, t(440) \x02 \x042.67, p \x05 .008")
    fixed = repair(text)
    assert "\u03c72(2, N = 326) = 0.003, p = .99" in fixed
    assert "t(440) = -2.67, p < .008" in fixed


def test_clean_text_is_left_alone() -> None:
    text = "t(28) = 2.10, p = .045"
    assert repair(text) == text


# --- extraction styles --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "test", "df1", "df2", "stat", "op", "p"), [
    pytest.param("t(28) = 2.10, p = .045", "t", 28, None, 2.10, "=", 0.045, id="apa-t"),
    pytest.param("[F(1,54)= 58.82, p < .001]", "F", 1, 54, 58.82, "<", 0.001, id="brackets"),
    pytest.param("F(l, 76)\n= 23.95, p <.001", "F", 1, 76, 23.95, "<", 0.001, id="ocr-l-and-linebreak"),
    pytest.param("F[1, 95] = 18.11,\np <.001", "F", 1, 95, 18.11, "<", 0.001, id="square-df"),
    pytest.param("F(2, 70) = 4.48, MSE = 6.61, p <.02", "F", 2, 70, 4.48, "<", 0.02, id="mse-between"),
    pytest.param("\u03c72(1, N = 226) = 6.90, p <.01", "chi2", 1, None, 6.90, "<", 0.01, id="chi-n"),
    pytest.param("chi-square(3) = 7.81, p = .05", "chi2", 3, None, 7.81, "=", 0.05, id="chi-words"),
    pytest.param("r(48) = -.29, p = .04", "r", 48, None, -0.29, "=", 0.04, id="r-df"),
    pytest.param("z = 2.33, p = .02", "z", None, None, 2.33, "=", 0.02, id="z"),
    pytest.param("t(261.38) = -2.27, P-value = 0.024", "t", 261.38, None, -2.27, "=", 0.024, id="welch-pvalue"),
    pytest.param("t(54) = .889, n.s.", "t", 54, None, 0.889, "ns", None, id="ns"),
    pytest.param("t(30) = 2.50, d = 0.45, p \u2264 .05", "t", 30, None, 2.50, "<", 0.05, id="leq-after-d"),
])
def test_extraction_styles(text: str, test: str, df1: float | None, df2: float | None, stat: float, op: str,
                           p: float | None) -> None:
    rep = _one(text)
    assert (rep.test, rep.df1, rep.df2, rep.statistic, rep.p_op) == (test, df1, df2, stat, op)
    assert rep.p_value == pytest.approx(p) if p is not None else rep.p_value is None


def test_results_without_df_are_kept_but_not_checkable() -> None:
    rep = _one("(r = 0.82, p < .001)")
    assert rep.test == "r" and rep.df1 is None and not rep.complete
    assert check(rep).verdict == "not_checkable"


def test_scientific_p() -> None:
    rep = _one("t(100) = 6.50, p = 2.7 \u00d7 10-9")
    assert rep.p_value == pytest.approx(2.7e-9)


# --- recall / precision against the hand-checked lists ------------------------------------

def _key(row: list) -> tuple:
    return tuple(round(v, 4) if isinstance(v, float) else v for v in row)


def test_recall_and_precision_on_apa_corpus_papers(corpus: Path) -> None:
    found_total = hand_total = hits = 0
    for name, rows in HAND.items():
        paper = load_corpus_paper(name)
        found = [_key([r.test, r.df1, r.df2, r.statistic, r.p_op, r.p_value])
                 for r in extract_tests(repair(paper.text)) if r.complete]
        wanted = [_key(r) for r in rows]
        remaining = list(found)
        for w in wanted:
            if w in remaining:
                remaining.remove(w)
                hits += 1
        found_total += len(found)
        hand_total += len(wanted)
    recall, precision = hits / hand_total, hits / found_total
    assert hand_total >= 100
    assert recall >= 0.9, recall
    assert precision >= 0.9, precision


# --- recomputation ------------------------------------------------------------------------

@pytest.mark.parametrize(("test", "stat", "df1", "df2", "expected"), [
    ("t", 2.27, 261.38, None, 2 * stats.t.sf(2.27, 261.38)),
    ("F", 4.10, 6, 48, stats.f.sf(4.10, 6, 48)),
    ("chi2", 0.40, 1, None, stats.chi2.sf(0.40, 1)),
    ("z", -1.96, None, None, 2 * stats.norm.sf(1.96)),
    ("r", -0.29, 48, None, 2 * stats.t.sf(0.29 * (48 / (1 - 0.29**2)) ** 0.5, 48)),
])
def test_recomputed_p_agrees_with_scipy(test: str, stat: float, df1: float, df2: float | None, expected: float) -> None:
    assert abs(p_value(test, stat, df1, df2) - expected) < 1e-6


def test_recomputed_p_is_exactly_scipy_stats_over_a_grid() -> None:
    # p_value calls scipy.special directly (scipy.stats is slow to import); it must equal scipy.stats
    stats_p = {
        "t": lambda x, d1, d2: 2 * stats.t.sf(abs(x), d1),
        "z": lambda x, d1, d2: 2 * stats.norm.sf(abs(x)),
        "F": lambda x, d1, d2: stats.f.sf(x, d1, d2),
        "chi2": lambda x, d1, d2: stats.chi2.sf(x, d1),
    }
    for test, want in stats_p.items():
        for x in (-2.5, -0.0, 0.0, 0.003, 0.43, 1.96, 2.1, 12.5, 58.82, 400.0):
            for d1 in (0.0, 0.5, 1, 2, 28, 261.38, 5000):
                for d2 in (1, 48, 1000):
                    got, exp = p_value(test, x, d1, d2), float(want(x, d1, d2))
                    assert got == exp or (got != got and exp != exp), (test, x, d1, d2, got, exp)


def test_rounding_tolerance_statchecks_own_example() -> None:
    # t(28) = 2.0 gives p = .055, but t = 1.95..2.05 reaches p < .05: consistent (Nuijten et al. 2016)
    assert check(_one("t(28) = 2.0, p<.05")).verdict == "consistent"
    assert check(_one("t(28) = 2.00, p<.05")).verdict == "decision_inconsistent"


def test_verdict_levels() -> None:
    assert check(_one("t(94.95) = -0.84, p = .189")).verdict == "inconsistent"
    assert check(_one("t(40) = 1.20, p = .03")).verdict == "decision_inconsistent"
    assert check(_one("t(40) = 2.50, p = .017")).verdict == "consistent"
    assert check(_one("F(1, 40) = 1.20, ns")).verdict == "consistent"
    assert check(_one("F(1, 40) = 9.20, ns")).verdict == "decision_inconsistent"
    assert check(_one("\u03c72(2, N = 326) = 0.003, p = .99")).verdict == "consistent"  # .9985 truncated


def test_one_sided_when_the_paper_says_so() -> None:
    two = check(_one("t(20) = 1.80, p = .04"))
    one = check(_one("A one-tailed test gave t(20) = 1.80, p = .04"))
    assert two.verdict == "decision_inconsistent" and one.verdict == "consistent"


# --- GRIM and percentages -----------------------------------------------------------------

def test_grim() -> None:
    assert not grim_consistent(3.17, 2, 15)  # k/15 never rounds to 3.17
    assert grim_consistent(3.20, 2, 15)  # 48/15
    (d,) = extract_descriptives("scores (M = 3.17, SD = 1.10, n = 15)")
    assert judge(d)[0] == "inconsistent"
    (d,) = extract_descriptives("age 5.45 \u00b1 1.2 (n = 20)")
    assert judge(d)[0] == "consistent"


def test_percentages() -> None:
    assert smallest_denominator(76.7, 1) == 30
    assert smallest_denominator(50, 0) == 2
    assert not percent_consistent(45.5, 1, 30)
    (d,) = extract_descriptives("23 of 30 (76.7%) chose A")
    assert judge(d)[:2] == ("consistent", 30)
    (d,) = extract_descriptives("14/30 (45.5%) chose B")
    assert judge(d)[0] == "inconsistent"
    (d,) = extract_descriptives("45.5% of the 30 participants")
    assert judge(d)[0] == "inconsistent"


# --- through the pipeline -----------------------------------------------------------------

def test_corpus_scan_has_statistics_block_and_grounded_flag(corpus: Path) -> None:
    scan = scan_corpus_paper(MAUSBACH)
    stats_block = scan["statistics"]
    assert len(stats_block) >= 29
    paper = load_corpus_paper(MAUSBACH)
    assert all(s["quote"] in paper.text.replace("\n", " ") or s["page"] for s in stats_block)
    flags = [f for f in scan["red_flags"] if f.get("kind") == "statistics_inconsistency"]
    assert any("t(94.95)" in f["detail"] and f["evidence"][0]["page"] == 4 for f in flags)
    sig = scan["checklist"]["statistical_methodology"]["significance_tests"]
    assert sig["answer"] is True and "t(" in sig["justification"]


def _pdf(path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 72), "Results", fontsize=14)
    y = 100
    for line in lines:
        page.insert_text((50, y), line, fontsize=10)
        y += 14
    doc.save(path)
    return path


def test_generated_pdf_flags_only_the_bad_result(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "p.pdf", [
        "Participants in the treatment group scored higher, t(38) = 2.70, p = .010.",
        "The interaction was reliable, F(2, 57) = 1.10, p = .004, which we discuss below.",
        "Of the sample, 14 of 30 (45.5%) were women.",
    ])
    paper = load_paper(str(path))
    results = statistics(paper)
    verdicts = {r.test: r.verdict for r in results}
    assert verdicts == {"t": "consistent", "F": "decision_inconsistent", "percent": "inconsistent"}
    f = next(r for r in results if r.test == "F")
    assert f.page == 1 and f.quote.startswith("F(2, 57) = 1.10")
    assert abs(f.recomputed_p - stats.f.sf(1.10, 2, 57)) < 1e-6
