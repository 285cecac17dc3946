"""What every detector returns, and the few helpers that build grounded answers.

A detector never writes a quote itself: it finds offsets with a pattern and asks
:mod:`scanner.evidence` for the sentence there, so every quote in a justification is text the
paper really contains. When nothing is found, the justification says what was searched for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from scanner.evidence import cite, sentence_evidence
from scanner.models import Evidence
from scanner.paper import Paper

T = TypeVar("T")


@dataclass
class Answer:
    """A detector's answer to one question."""

    applies: bool
    answer: bool
    justification: str
    evidence: list[Evidence] = field(default_factory=list)


Checklist = dict[str, dict[str, Answer]]
"""The answers of a scan by category and item, as red-flag checks receive them."""


def checklist_item(checklist: Checklist, category: str, item: str) -> Answer | None:
    """The answer to ``category.item``, or None when that item was not answered."""
    return checklist.get(category, {}).get(item)


def find(
    paper: Paper,
    pattern: re.Pattern[str],
    *,
    kinds: tuple[str, ...] = (),
    limit: int = 2,
    body_only: bool = True,
    exclude: re.Pattern[str] | None = None,
) -> list[Evidence]:
    """Evidence for up to ``limit`` distinct sentences matching ``pattern``.

    ``kinds`` restricts the search to sections of those kinds; ``body_only`` skips the
    reference list and the authors' own checklist (never evidence for an answer);
    ``exclude`` drops matches whose sentence matches it (e.g. "upon request").
    """
    def sentence(m: re.Match[str]) -> Evidence | None:
        if kinds:
            sec = paper.section_at(m.start())
            if sec is None or sec.kind not in kinds:
                return None
        return sentence_evidence(paper, m.start())

    return distinct_evidence(paper.iter_matches(pattern, body_only=body_only), sentence, limit=limit, exclude=exclude)


def distinct_evidence(
    matches: Iterable[T],
    evidence_for: Callable[[T], Evidence | None],
    *,
    limit: int,
    exclude: re.Pattern[str] | None = None,
) -> list[Evidence]:
    """The first ``limit`` distinct quotes ``evidence_for`` gives for ``matches`` (lazy: stops early).

    ``matches`` are regex matches or anything else a quote can be made for (e.g. spans);
    ``evidence_for`` returns None to skip one; quotes matching ``exclude`` are dropped.
    """
    found: list[Evidence] = []
    seen: set[str] = set()
    for m in matches:
        ev = evidence_for(m)
        if ev is None or ev.quote in seen or (exclude is not None and exclude.search(ev.quote)):
            continue
        seen.add(ev.quote)
        found.append(ev)
        if len(found) >= limit:
            break
    return found


def count(paper: Paper, pattern: re.Pattern[str], *, body_only: bool = True, at_most: int | None = None) -> int:
    """Number of matches of ``pattern`` in the body (capped at ``at_most``, see :meth:`Paper.count`)."""
    return paper.count(pattern, body_only=body_only, at_most=at_most)


def present(what: str, evidence: list[Evidence]) -> Answer:
    """A yes-answer quoting its evidence."""
    quotes = "; ".join(cite(e) for e in evidence[:2])
    return Answer(True, True, f"{what}: {quotes}.", list(evidence[:2]))


def absent(searched: str, *, context: list[Evidence] | None = None, note: str = "") -> Answer:
    """A no-answer that says what was searched for and not found."""
    text = f"Not found: searched the full text for {searched}; none is present."
    if note:
        text += f" {note}"
    ev = list(context or [])
    if ev:
        text += f" Closest passage: {cite(ev[0])}."
    return Answer(True, False, text, ev[:1])


def not_applicable(reason: str, evidence: list[Evidence] | None = None) -> Answer:
    """applies=false with the reason (and the passage that shows it, if any)."""
    ev = list(evidence or [])
    text = reason if not ev else f"{reason} See {cite(ev[0])}."
    return Answer(False, False, text, ev[:1])


def compile_words(*alternatives: str, flags: int = re.I) -> re.Pattern[str]:
    """A word-bounded alternation pattern.

    An alternative ending in a single digit (``remaining \\d``) is extended to the whole number, so
    that the closing word boundary does not reject "remaining 12"; a space matches any whitespace
    (line breaks included) and an optional space any amount of it.
    """
    alts = [a + r"[\d.,]*" if a.endswith(r"\d") and not a.endswith(r"\\d") else a for a in alternatives]
    # PDF text breaks lines anywhere: a space in a phrase matches any run of whitespace.
    alts = [a.replace(" ?", r"\s*").replace(" ", r"\s+") for a in alts]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])", flags)


def rule(
    paper: Paper,
    *,
    applies: bool,
    not_applicable_reason: str,
    pattern: re.Pattern[str],
    found_what: str,
    searched: str,
    exclude: re.Pattern[str] | None = None,
    kinds: tuple[str, ...] = (),
    na_evidence: list[Evidence] | None = None,
) -> Answer:
    """The common shape: decide applicability, then look for the practice and quote it."""
    if not applies:
        return not_applicable(not_applicable_reason, na_evidence)
    evidence = find(paper, pattern, exclude=exclude, kinds=kinds)
    return present(found_what, evidence) if evidence else absent(searched)
