"""GRIM for mean ages whose n is stated in another sentence: counts, linking, verdicts, flags."""

from __future__ import annotations

from typing import Any, cast

import pytest

from scanner.models import StatisticResult
from scanner.paper import Paper, Section
from scanner.statistics import statistics
from scanner.statistics.counts import find_counts, number_word_value
from scanner.statistics.flags import statistics_inconsistencies
from tests.conftest import load_corpus_paper, scan_corpus_paper

HCI = "hci-eeg-mobile-feedback-f-stats.pdf"
RELIGIOUSNESS = "psych-jpsp2014-religiousness-self-control.pdf"
CITESEE = "hci-chi2023-citesee-user-study.pdf"


def _paper(text: str, kind: str = "method") -> Paper:
    """A one-page paper whose whole text is one section of ``kind``."""
    text = "Participants\n" + text
    return Paper(source="t", sha256="0", parser="test", parser_version="0", text=text, page_starts=[0],
                 raw_text=text, sections=[Section("Participants", kind, 1, None, 0, len(text), 1, 1)])


def _ages(text: str, kind: str = "method") -> list[StatisticResult]:
    return [r for r in statistics(_paper(text, kind)) if r.test == "grim"]


# --- counts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("words", "value"), [
    ("Fifteen", 15), ("ninety-nine", 99), ("twenty one", 21), ("eleven", 11),
    ("Three hundred and four", 304), ("two hundred eighty-eight", 288), ("forty-twelve", None), ("dozen", None),
])
def test_number_words(words: str, value: int | None) -> None:
    assert number_word_value(words) == value


@pytest.mark.parametrize(("text", "values"), [
    pytest.param("Fifteen healthy German students (11 male) took part.", [15], id="word-gender-aside"),
    pytest.param("Two hundred eighty-eight adults took part.", [288], id="compound-not-its-tail"),
    pytest.param("Of these, 12 of the 40 participants were right-handed.", [40], id="subset-of"),
    pytest.param("In Study 2 participants were N = 33 adults.", [33], id="label-number"),
    pytest.param("We tested 1,234 students and 57 women.", [1234], id="thousands-gender"),
    pytest.param("A sample of 24 was drawn.", [24], id="sample-of"),
])
def test_counts(text: str, values: list[int]) -> None:
    assert [c.value for c in find_counts(text)] == values


# --- linking and verdicts (synthetic) -------------------------------------------------------------

def test_number_word_count_in_the_sentence_before() -> None:
    bad = _ages("Twelve students took part. Their ages ranged from 19 to 30 (mean = 22.46 years).")
    assert [(r.verdict, r.n, r.mean) for r in bad] == [("inconsistent", 12, 22.46)]
    assert bad[0].note and "assuming ages in whole years" in bad[0].note and "derived" in bad[0].note
    good = _ages("Twelve students took part. Their ages ranged from 19 to 30 (mean = 22.42 years).")  # 269/12
    assert [r.verdict for r in good] == ["consistent"]


@pytest.mark.parametrize("text", [
    pytest.param("Twenty-four students took part, 12 per condition. The mean age was 22.46 years.", id="per-condition"),
    pytest.param("We recruited 20 patients and 20 healthy controls (mean age = 45.37 years).", id="controls"),
    pytest.param("Fifteen adults took part. Two were excluded for noisy data. The mean age was 24.62 years.",
                 id="exclusions"),
    pytest.param("We recruited 15 students. Later 13 participants returned (mean age = 24.62).", id="two-counts"),
    pytest.param("Fifteen students took part. Women had a mean age of 24.62 years.", id="part-of-sample"),
    pytest.param("Fifteen students took part (mean ages 24.62 and 25.11 years, respectively).", id="respectively"),
])
def test_unclear_links_are_not_checked(text: str) -> None:
    assert {r.verdict for r in _ages(text)} <= {"not_checkable"}


def test_large_n_and_other_units_and_other_studies_are_not_flagged() -> None:
    assert [r.verdict for r in _ages("Participants were 460 students. The mean age was 19.35 years.")] == [
        "not_checkable"]
    assert _ages("Fifteen infants took part (mean age = 10.62 months).") == []
    assert _ages("Fifteen students took part (mean age = 24.62 years).", kind="introduction") == []
    assert _ages("Smith et al. tested fifteen students (mean age = 24.62 years).") == []


def test_mean_with_its_own_n_is_left_to_the_descriptives_check() -> None:
    results = _ages("Fifteen students took part. Ages (M = 24.62, SD = 3.1, n = 13) were recorded.")
    assert [(r.n, r.verdict) for r in results] == [(13, "consistent")]


def test_flag_quotes_both_sentences() -> None:
    paper = _paper("Twelve students took part. Their ages ranged from 19 to 30 (mean = 22.46 years).")
    flags = statistics_inconsistencies(paper, cast(Any, None), {})
    assert len(flags) == 1 and flags[0].flag == "Mean impossible for its n (GRIM)"
    assert flags[0].severity == "low" and flags[0].evidence and len(flags[0].evidence) == 2
    assert [e.quote for e in flags[0].evidence] == [
        "Their ages ranged from 19 to 30 (mean = 22.46 years).", "Twelve students took part."]


# --- corpus -------------------------------------------------------------------------------

def test_hci_mean_age_impossible_for_fifteen() -> None:
    results = [r for r in statistics(load_corpus_paper(HCI)) if r.test == "grim"]
    assert [(r.n, r.mean, r.verdict) for r in results] == [(15, 24.62, "inconsistent")]
    flag = next(f for f in scan_corpus_paper(HCI)["red_flags"] if f["flag"] == "Mean impossible for its n (GRIM)")
    assert flag["kind"] == "statistics_inconsistency" and flag["severity"] == "low"
    assert "assuming ages in whole years" in flag["detail"] and "24.60 and 24.67" in flag["detail"]
    assert [e["quote"][:40] for e in flag["evidence"]] == [
        "All of them were right-handed with age r", "Questionnaire Fifteen healthy German stu"]


def test_religiousness_counts_read_whole_and_never_flagged() -> None:
    results = [r for r in statistics(load_corpus_paper(RELIGIOUSNESS)) if r.test == "grim"]
    assert [r.n for r in results] == [460, 582, 327, 971, 210, 288, 304]
    assert {r.verdict for r in results} == {"not_checkable"}


def test_citesee_mean_age_with_several_counts_not_flagged() -> None:
    results = [r for r in statistics(load_corpus_paper(CITESEE)) if r.test == "grim"]
    assert [(r.mean, r.verdict) for r in results] == [(28.3, "not_checkable")]
    assert not any(f["kind"] == "statistics_inconsistency" for f in scan_corpus_paper(CITESEE)["red_flags"])
