"""GRIM for mean ages whose sample size is stated apart from the mean.

Papers give the sample in one sentence and the mean age in the next ("Fifteen students took part.
... (mean = 24.62 years)"). If ages are whole years, the mean of ``n`` of them is ``k / n``, so
24.62 cannot be the mean of fifteen ages (24.60 or 24.67 can). The check is only as good as the
link between the mean and its ``n``, so the link is made conservatively: the count must be stated
in the mean's sentence or the (at most two) sentences of the same paragraph before it, and the
mean is not checked (``not_checkable``) when that stretch states different counts, splits the
sample into groups or conditions, or mentions exclusions between the count and the mean. A mean
already read with its n in one ``M = x, SD = y, n = z`` pattern is left to
:mod:`scanner.statistics.descriptives`. Ages can be recorded with decimals, so every verdict
carries the assumption "ages in whole years".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scanner.evidence import MAX_QUOTE, quote_span, sentence_at
from scanner.models import Evidence
from scanner.paper import Paper
from scanner.statistics.counts import Count, find_counts
from scanner.statistics.descriptives import grim_consistent, smallest_grim_n

ASSUMPTION = "assuming ages in whole years"
_SENTENCES_BEFORE = 2
_REACH = 600  # characters before the mean searched for its count, at most

_VALUE = r"(?P<{}>\d{{1,3}}\.\d{{1,3}})(?![\d.]\d)"
_LINK = (r"(?:\s{1,3}(?:of|was|is|were|=|:|approximately|about|around|at\s+baseline|\((?:in\s+)?years\)|\(SD\)|"
         r"(?:of\s+|for\s+|across\s+)?(?:the\s+|our\s+|all\s+)?(?:participants|subjects|respondents|sample)))")
_EQ = r"[=:\x01-\x08\x0e-\x1b]"  # "=" or the control character a symbol font leaves for it
# Four ways to write a mean age, each a pattern with a literal anchor (searched with Paper.iter_matches
# on Paper.text): "mean age of 24.6", "M age = 24.6", "mean = 24.62 years", "aged 19-30 (M = 24.6".
MEAN_AGE_PATTERNS = (
    re.compile(r"\b(?:mean|average)\s{1,3}age\b" + _LINK + rf"{{0,3}}\s?{_EQ}?\s?" + _VALUE.format("v"), re.I),
    re.compile(rf"\bM\s{{0,2}}_?\s?age\b\s?{_EQ}?\s?" + _VALUE.format("v")),
    re.compile(rf"\b(?:[Mm]ean|M)\s?{_EQ}\s?" + _VALUE.format("v") + r"\s{1,3}years\b(?!\s{1,3}(?:of|in)\b)"),
    re.compile(rf"\(\s?(?:M|[Mm]ean)\s?{_EQ}\s?" + _VALUE.format("v")),
)
_AGE_BEFORE = 80  # characters before a mean in which "age(d)" must be written
_AGE_WORD = re.compile(r"\bage[ds]?\b|\byears?\s+old\b", re.I)
_GROUPS = re.compile(r"\b(?:per|each|every|both)\s+(?:group|condition|cell|arm|sample|site|cohort)s?\b"
                     r"|\b(?:groups?|arms?|cohorts?|assigned|controls)\b|\bcontrol\s+(?:participants|subjects)\b",
                     re.I)
# The mean of one part of the sample ("Women had a mean age of", "21.3 and 22.4 years, respectively").
_PART_MEAN = re.compile(r"\b(?:women|men|males?|females?|boys|girls)\b(?:\s+\w+){0,2}\s+(?:had|have|were|was|with)\s+"
                        r"(?:an?\s+)?(?:mean|average)\b|\b(?:mean|average)\s+ages?\s+(?:of|for)\s+(?:the\s+)?"
                        r"(?:women|men|males?|females?|boys|girls)\b|\brespectively\b", re.I)
_OTHER_UNIT = re.compile(r"\s?(?:months?|mos?\b|weeks?|wks?\b|days?)", re.I)
# Where a paper describes other people's studies, not its own sample.
_NOT_OWN_SAMPLE = ("introduction", "related_work", "discussion", "conclusion")
_EXCLUSION = re.compile(r"\b(?:exclu\w*|remov\w*|dropp\w*|dropout\w*|withdr\w*|discard\w*|lost\s+to|attrition|"
                        r"final\s+sample|analy[sz]ed|retained|incomplete|outliers?|did\s+not\s+(?:complete|finish))\b",
                        re.I)


@dataclass(frozen=True)
class MeanAge:
    """A mean age, the count linked to it (if one could be) and where both are in ``Paper.text``."""

    value: float
    decimals: int
    start: int
    end: int
    text: str
    count: Count | None  # the linked count; None when not_checkable
    reason: str  # why no count is linked ("" when one is)


def _window_start(paper: Paper, offset: int) -> int:
    """Start of the mean's sentence or of up to two sentences before it (same paragraph and section)."""
    start, _ = sentence_at(paper, offset)
    for _ in range(_SENTENCES_BEFORE):
        if start <= 2 or paper.text[start - 2:start] == "\n\n" or offset - start > _REACH:
            break
        before, _ = sentence_at(paper, start - 2)
        if before >= start or offset - before > _REACH:
            break
        start = before
    return start


def _link(paper: Paper, text: str, start: int, value_end: int) -> tuple[Count | None, str]:
    """The single count the mean averages over, or None and the reason it cannot be told."""
    lo = _window_start(paper, start)
    _, hi = sentence_at(paper, start)
    counts = find_counts(text, lo, max(hi, value_end))
    if not counts:
        return None, ""
    values = sorted({c.value for c in counts})
    if len(values) > 1 or sum(c.noun for c in counts) > 1:
        return None, "several participant counts are stated near the mean (" + ", ".join(map(str, values)) + ")"
    if _GROUPS.search(text, lo, max(hi, value_end)):
        return None, "the sample is split into groups or conditions near the mean"
    if _PART_MEAN.search(text, sentence_at(paper, start)[0], hi):
        return None, "the mean is of a part of the sample or one of several means"
    if _EXCLUSION.search(text, counts[0].start, max(hi, value_end)):
        return None, "exclusions are mentioned between the count and the mean"
    return counts[0], ""


def _is_own_age(paper: Paper, text: str, m: re.Match[str]) -> bool:
    """True for a mean age in years of the paper's own sample (not in the introduction, not cited)."""
    lo, hi = sentence_at(paper, m.start())
    section = paper.section_at(m.start())
    if (section is not None and section.kind in _NOT_OWN_SAMPLE) or "et al." in text[lo:hi]:
        return False
    if _OTHER_UNIT.match(text, m.end()):
        return False
    return bool(_AGE_WORD.search(text, max(lo, m.start() - _AGE_BEFORE), m.end())
                or _AGE_WORD.match(text, m.end() + 1, m.end() + 12))


def _matches(paper: Paper) -> list[re.Match[str]]:
    """Mean-age matches in the body, in text order, overlapping ones dropped (first pattern wins)."""
    found: list[re.Match[str]] = []
    for pattern in MEAN_AGE_PATTERNS:
        found += [m for m in paper.iter_matches(pattern) if not any(
            f.start() < m.end() and m.start() < f.end() for f in found)]
    return sorted(found, key=lambda m: m.start())


def _find(paper: Paper, text: str, taken: list[tuple[int, int]]) -> list[MeanAge]:
    out = []
    for m in _matches(paper):
        literal = m.group("v")
        start, end = m.span()
        if any(s < end and start < e for s, e in taken):
            continue  # a mean already read with its n ("M = x, SD = y, n = z") is checked there
        if not _is_own_age(paper, text, m):
            continue
        count, reason = _link(paper, text, start, end)
        if count is None and not reason:
            continue  # no count stated nearby: nothing to check, nothing to report
        decimals = len(literal.split(".")[1])
        out.append(MeanAge(float(literal), decimals, start, end, m.group(0), count, reason))
    return out


def mean_ages(paper: Paper, text: str, taken: list[tuple[int, int]]) -> list[MeanAge]:
    """Mean ages with a count stated nearby, in ``text`` (the same-length repaired ``Paper.text``).

    ``taken`` are spans already checked as ``M, SD, n`` descriptives (skipped here).
    Computed once per paper.
    """
    return paper.memo("mean_ages", lambda: _find(paper, text, taken))


def quote_sentence(paper: Paper, offset: int) -> Evidence | None:
    """Grounded quote of the sentence at ``offset``; a long one from a word start shortly before it."""
    lo, hi = sentence_at(paper, offset)
    if hi - lo > MAX_QUOTE:
        cut = paper.text.find(" ", max(lo, offset - MAX_QUOTE // 3), offset)
        lo = cut + 1 if cut >= 0 else offset
        hi = min(hi, lo + MAX_QUOTE)
    return quote_span(paper, lo, hi)


def judge_mean_age(age: MeanAge) -> tuple[str, int | None, str]:
    """Verdict, smallest n that fits and a note (numbers not in the paper labelled as derived)."""
    if age.count is None:
        return "not_checkable", None, age.reason
    n = age.count.value
    if n >= 10**age.decimals:
        return "not_checkable", None, f"n = {n} too large for GRIM at {age.decimals} decimal(s)"
    smallest = smallest_grim_n(age.value, age.decimals)
    if grim_consistent(age.value, age.decimals, n):
        return "consistent", smallest, f"possible for n = {n} ({ASSUMPTION})"
    below = math.floor(age.value * n)
    near = f"{below / n:.{age.decimals}f} and {(below + 1) / n:.{age.decimals}f}"
    fits = f"; smallest n it fits: {smallest}" if smallest is not None else ""
    return "inconsistent", smallest, (
        f"{ASSUMPTION}, no mean of n = {n} ages (the count as stated) rounds to {age.value:.{age.decimals}f} "
        f"(derived: nearest possible means {near}{fits})")
