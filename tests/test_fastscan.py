"""scanner.fastscan must yield exactly what re.finditer yields, for every pattern the scanner uses."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys

import pytest

import scanner
from scanner import fastscan
from tests.conftest import load_corpus_paper


def _scanner_patterns() -> list[re.Pattern[str]]:
    for info in pkgutil.walk_packages(scanner.__path__, "scanner."):
        if not info.name.endswith("__main__"):
            try:
                importlib.import_module(info.name)
            except ImportError:  # optional extras (LLM client, executors) may be missing
                continue
    found = {
        id(obj): obj
        for name, mod in list(sys.modules.items())
        if name.startswith("scanner")
        for obj in vars(mod).values()
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str)
    }
    return list(found.values())


def _same(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> None:
    end = len(text) if end is None else end
    want = [(m.span(), m.groups()) for m in pattern.finditer(text, start, end)]
    got = [(m.span(), m.groups()) for m in fastscan.iter_matches(pattern, text, fastscan.fold(text), start, end)]
    assert got == want, pattern.pattern[:120]


def test_every_scanner_pattern_matches_like_finditer_on_a_corpus_paper() -> None:
    paper = load_corpus_paper("psych-apa-stats-mausbach-caregivers-encoded-operators.pdf")
    text = paper.text
    patterns = _scanner_patterns()
    anchored = [p for p in patterns if fastscan.anchors(p) is not None]
    assert len(patterns) > 100 and len(anchored) > 50  # the fast path is really exercised
    for pattern in patterns:
        _same(pattern, text)
        _same(pattern, text, len(text) // 3, len(text) // 2)  # spans: lookbehind sees before start


def test_case_folding_follows_re_ignorecase() -> None:
    # long s and dotless i match s and i under re.I; Kelvin sign matches k; dotted I folds to i
    text = "Caſe ſtudy, \u212aey fındings, \u0130nternal and SEED 42 with seeds, x-seed, seedless."
    folded = fastscan.fold(text)
    assert len(folded) == len(text)
    for pattern in (
        re.compile(r"(?<![\w-])(?:case|key|findings|internal|seeds?)(?![\w])", re.I),
        re.compile(r"seed\s+\d+|study", re.I),
        re.compile(r"SEED"),
    ):
        assert fastscan.anchors(pattern) is not None
        _same(pattern, text)
        _same(pattern, text, 5, 40)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"(?<![\w-])(?:funded\s+by|grants?)(?![\w])", (("funded", 0), ("grant", 0))),
        (r"supported\s+(?:in\s+part\s+)?by", (("supported", 0),)),
        (r"\d+(?:\.\d+)?\s?%", None),  # nothing literal at a bounded distance from the start
        (r"a*", None),  # may match empty
    ],
)
def test_anchor_analysis(source: str, expected: object) -> None:
    assert fastscan.anchors(re.compile(source, re.I)) == expected


def test_dense_candidates_fall_back_to_finditer_with_the_same_matches() -> None:
    text = "a" * 5000 + " ab " + "a" * 3000 + " ab"
    _same(re.compile(r"(?<![\w])ab\b"), text)
    _same(re.compile(r"a{3}b"), text)


@pytest.mark.parametrize(
    "source",
    [
        r"(?<![\w-])(?:\d+\s+(?:random\s+)?seeds|grid\s+of\s+hyper-?parameters)(?![\w-])",  # unanchored
        r"(?<![\w-])(?:GPT-?[34][\w.-]*|(?-i:gpt-[34][\w.-]+)|\w+-\d+[BM]\b)",  # a case-sensitive scope
        r"blind(?:ed|ing)?(?!\s+spots?)|[^\W\d]\w*\s?=\s?\d",  # negative look-ahead, negated class
        r"(?-i:[^A-Z])x\d+|(?-i:[A-Z]{2})\d",  # case-sensitive negation: no twin, plain finditer
    ],
)
def test_folded_twin_finds_exactly_the_finditer_matches(source: str) -> None:
    text = (
        "We used 5 random seeds and 3 SEEDS; a grid of hyperparameters. GPT-4 and gpt-3.5-turbo, "
        "Llama-7B. Blinded raters, blind spots, BLINDING. ab = 3, Q=7; qx12 Qx9 AB1 ab2. Caſe ſeeds "
        "\u212aelvin 10 seeds, 10\u00a0seeds."
    ) * 3
    pattern = re.compile(source, re.I)
    assert fastscan.anchors(pattern) is None  # the twin (or finditer) path is what runs
    _same(pattern, text)
    _same(pattern, text, 17, len(text) - 9)


def test_twin_exists_for_unanchored_ignorecase_patterns_only() -> None:
    assert fastscan.folded_twin(re.compile(r"(?<![\w-])(?:\d+\s+seeds|grid\s+search)", re.I)) is not None
    assert fastscan.folded_twin(re.compile(r"\d+\s+seeds")) is None  # case-sensitive: re is fast already
    assert fastscan.folded_twin(re.compile(r"(\w+) \1", re.I)) is None  # back-reference
    assert fastscan.folded_twin(re.compile(r"(?-i:[^A-Z])x", re.I)) is None  # case-sensitive negation


def test_first_character_guard_keeps_matches_and_groups() -> None:
    from scanner.statistics.descriptives import _MEAN_SD, _PERCENT
    from scanner.statistics.extract import STAT
    from scanner.statistics.repair import repair

    text = repair(load_corpus_paper("psych-meta-nuijten2016-statistical-reporting-errors.pdf").text)
    text += " t(28) = 2.10, p = .045; F(1, 54) = 58.82; \u03c72(2, N = 326) = 0.003; "
    text += "M = 3.25, SD = 1.1, n = 40; 12 of 40 (30.0%)"
    for pattern in (STAT, _MEAN_SD, _PERCENT):
        guard = fastscan.guarded(pattern)
        assert guard is not pattern  # these alternations start with groups and \b: guarded
        want = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert want and [(m.span(), m.groupdict()) for m in guard.finditer(text)] == want
    assert fastscan.guarded(re.compile(r"abc\d")).pattern == r"abc\d"  # re has a literal prefix
    assert fastscan.guarded(re.compile(r".+ed")).pattern == r".+ed"  # first character unlistable
    assert fastscan.guarded(re.compile(r"x?")).pattern == "x?"  # may match empty
