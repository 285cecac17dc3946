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
