"""Numbers with no source (the Contaminated Numbers case), as red flags quoting both places.

* ``unsupported_number``: a result number of the abstract or of a conclusion claim that
  occurs nowhere else in the body (tables, captions, results text, appendices), up to rounding.
* ``inconsistent_number``: such a number whose quantity the body states with another value
  ("120 participants" in the abstract, "96 participants" in the method; "n = 100" / "n = 500").
* ``unsupported_number`` for precise statistics of a procedure the paper never describes: an
  agreement coefficient (kappa, alpha) with no annotation/rating procedure, p-values with no
  named test, a correlation r with no correlation analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.claims import CLAIM_VERB, abstract_span, support_of
from scanner.detectors.base import Checklist
from scanner.detectors.facts import Facts
from scanner.evidence import cite, quote_span, sentence_at
from scanner.models import Evidence, RedFlag
from scanner.numbers import Number, result_numbers
from scanner.paper import Paper

MAX_FLAGS = 5

_COUNT_NOUN = re.compile(
    r"\s*(?:[a-z-]+\s)?(participants|subjects|annotators|raters|workers|respondents|students|patients|"
    r"examples|samples|questions|problems|papers|documents|articles|images|videos|prompts|items|trials|"
    r"runs|seeds|tasks|languages|datasets|benchmarks|models|dialogues|conversations|sentences|pairs)\b",
    re.I,
)
_N_EQUALS = re.compile(r"\b[nN]\s*=\s*$")
_PCT_KEY = re.compile(r"([a-z]+(?:\s[a-z]+)?)\s+(?:of|at|to|is|was|reaches|reached)?\s*$", re.I)

_KAPPA = re.compile(
    r"(?:κ|\bkappa\b|krippendorff'?s? (?:α|alpha)|fleiss)[^.\d]{0,25}(?:=|of|was|is)?\s*(0?\.\d{2,3})", re.I
)
_P_VALUE = re.compile(r"(?<![\w-])p\s*(?:<|=|≤|>)\s*(0?\.\d{2,4})")
_R_VALUE = re.compile(r"(?<![\w-])(?:r|ρ|rho)\s*(?:\(\d+\)\s*)?=\s*(-?0?\.\d{2,3})")
_AGREEMENT_PROCEDURE = re.compile(
    r"annotat\w+|raters?\b|rating (?:procedure|guidelines)|coders?\b|coding scheme|labell?ed by|"
    r"evaluators? (?:were|was|received|rated|labell?ed|annotated)|guidelines|adjudicat\w+|disagreements?",
    re.I,
)
_NAMED_TEST = re.compile(
    r"t-tests?|\bt\(\d|anova|\bF\(\d|chi-?square|χ2|χ²|wilcoxon|mann-whitney|permutation test|bootstrap|"
    r"z-test|binomial test|fisher'?s? exact|mcnemar|kruskal|regression|likelihood[- ]ratio|significance test|"
    r"statistical(?:ly)? (?:test|significan)|mixed[- ]effects?|welch|paired test|sign test|u test|"
    r"correlat\w+|pearson|spearman",
    re.I,
)
_CORRELATION = re.compile(r"correlat\w+|pearson|spearman|kendall", re.I)
_TOP_P = re.compile(r"top[-_ ]?p|nucleus", re.I)
# Page-1 furniture and cited background: their numbers are not results of this paper.
_NOT_A_RESULT = re.compile(
    r"\bgrants?\b|\bdoi\b|isbn|https?:|©|copyright|permission to make|proceedings|conference|extended abstracts|"
    r"department|universit|street|straße|drive|correspondence|supported by|funded by|\bACM\b|"
    r"\([A-Z][^()]{0,60}\b(?:19|20)\d\d[a-z]?\)|\[\d{1,3}(?:[,\u2013-]\s?\d{1,3})*\]",
    re.I,
)


@dataclass(frozen=True)
class Stated:
    """A number stated in the abstract or a claim, with the span of its sentence."""

    number: Number
    sentence: tuple[int, int]
    where: str


def stated_numbers(paper: Paper) -> list[Stated]:
    """Result numbers of the abstract and of claim sentences of the first conclusion section."""
    out = []
    a0, a1 = abstract_span(paper)
    for n in result_numbers(paper.text[a0:a1]):
        off = Number(n.literal, n.value, n.decimals, n.percent, n.start + a0, n.end + a0)
        out.append(Stated(off, sentence_at(paper, off.start, limit=160), "abstract"))
    for sec in paper.sections_of("conclusion")[:1]:
        start = sec.start + len(sec.title)
        for n in result_numbers(paper.text[start : min(sec.end, start + 2500)]):
            off = Number(n.literal, n.value, n.decimals, n.percent, n.start + start, n.end + start)
            s, e = sentence_at(paper, off.start, limit=160)
            if CLAIM_VERB.search(paper.text[s:e]):
                out.append(Stated(off, (s, e), "conclusion"))
    return out


def _quantity_key(paper: Paper, num: Number) -> str | None:
    """What a number counts or measures: 'n', a count noun, or the words before a percentage."""
    text = paper.text
    if _N_EQUALS.search(text[max(0, num.start - 6) : num.start]):
        return "n"
    if num.percent:
        m = _PCT_KEY.search(text[max(0, num.start - 30) : num.start])
        return f"%{m.group(1).lower()}" if m else None
    if num.decimals == 0:
        m = _COUNT_NOUN.match(text, num.end)
        return m.group(1).lower() if m else None
    return None


def body_numbers(paper: Paper) -> list[Number]:
    """Result numbers outside the abstract, the references and the checklist (appendices count)."""
    a0, a1 = abstract_span(paper)
    return [n for n in result_numbers(paper.text) if not (a0 <= n.start < a1)
            and not paper.in_checklist(n.start) and not paper.in_references(n.start)]


def number_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``unsupported_number`` and ``inconsistent_number`` flags, then unsupported statistics."""
    body = body_numbers(paper)
    flags: list[RedFlag] = []
    seen: set[str] = set()
    for st in stated_numbers(paper):
        if st.number.literal in seen or len(flags) >= MAX_FLAGS:
            continue
        whole = sentence_at(paper, st.number.start, limit=600)  # a citation may close a long sentence
        if _NOT_A_RESULT.search(paper.text[whole[0] : whole[1]]) or \
                paper.text[st.number.start - 1 : st.number.start] in ("'", "\u2019"):
            continue
        others = [b for b in body if not (st.sentence[0] <= b.start < st.sentence[1])
                  and not (st.number.percent and not b.percent and b.decimals == 0)]  # 96.4% is not 96 items
        if support_of(paper, [st.number], others)[0].body_offsets:
            continue
        seen.add(st.number.literal)
        flags.append(_flag_for(paper, st, others))
    return flags + unsupported_statistics(paper)


def _flag_for(paper: Paper, st: Stated, body: list[Number]) -> RedFlag:
    ev = quote_span(paper, *st.sentence)
    where = cite(ev) if ev else f"the {st.where} (p. {paper.page_at(st.number.start)})"
    key = _quantity_key(paper, st.number)
    other = next((b for b in body if key and _quantity_key(paper, b) == key and b.value != st.number.value), None)
    if other is not None:
        oev = quote_span(paper, *sentence_at(paper, other.start, limit=160))
        there = cite(oev) if oev else f"p. {paper.page_at(other.start)}"
        return RedFlag(
            flag=f"{st.number.literal} in the {st.where} but {other.literal} in the body",
            kind="inconsistent_number", severity="high",
            detail=f"The {st.where} states {st.number.literal} in {where}, but the body states {other.literal} "
                   f"for the same quantity in {there}.",
            evidence=[e for e in (ev, oev) if e] or None,
        )
    return RedFlag(
        flag=f"{st.where.capitalize()} number {st.number.literal} has no source in the body",
        kind="unsupported_number", severity="high",
        detail=f"The {st.where} states {st.number.literal} in {where}, but that number appears nowhere else "
               "in the body, tables or appendices.",
        evidence=[ev] if ev else None,
    )


def unsupported_statistics(paper: Paper) -> list[RedFlag]:
    """Precise kappa / p / r values for procedures the paper does not describe."""
    flags = []
    checks = [
        (_KAPPA, _AGREEMENT_PROCEDURE, "an agreement coefficient",
         "no annotation or rating procedure (who rated, with which guidelines, how disagreements were resolved)"),
        (_P_VALUE, _NAMED_TEST, "p-values", "no statistical test is named anywhere (t-test, ANOVA, chi-square, ...)"),
        (_R_VALUE, _CORRELATION, "a correlation coefficient", "no correlation analysis is described"),
    ]
    for stat, procedure, what, missing in checks:
        # Only the first hit and whether any procedure match lies elsewhere matter: both scans stop early.
        first = next((m for m in paper.iter_matches(stat)
                      if not _TOP_P.search(paper.text[max(0, m.start() - 12) : m.start()])), None)
        if first is None:
            continue
        s, e = sentence_at(paper, first.start(), limit=160)
        if any(not (s <= m.start() < e) for m in paper.iter_matches(procedure)):
            continue
        ev = quote_span(paper, s, e)
        flags.append(_stat_flag(paper, first, ev, what, missing))
    return flags


def _stat_flag(paper: Paper, m: re.Match[str], ev: Evidence | None, what: str, missing: str) -> RedFlag:
    where = cite(ev) if ev else f"p. {paper.page_at(m.start())}"
    return RedFlag(
        flag=f"{what[0].upper()}{what[1:]} reported for a procedure the paper does not describe",
        kind="unsupported_number", severity="medium",
        detail=f"The paper reports {what} ({m.group(1)}) in {where}, but outside that sentence {missing}.",
        evidence=[ev] if ev else None,
    )
