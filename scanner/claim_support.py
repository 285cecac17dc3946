"""Where the body supports a claim, and how strongly (RUBRIC.md's strong / moderate / weak).

A claim is looked up in the body twice: by its numbers (the same number, up to rounding, in a
table, caption or results passage) and, failing that, by its key terms (the results sentence
sharing most of the claim's rarer content words). The place found becomes the claim's
``evidence`` text and a second grounded quote; the grade follows RUBRIC.md:

* strong: the supporting place reports spread (SD, SE, CI, error bars, +/-) or several
  runs/seeds, or the result is replicated across studies;
* moderate: one described experiment shows it;
* weak: the body does not show it (numbers nowhere else, no results passage matches) or the
  claim is speculative ("may", "suggest") without a matching result.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from scanner.evidence import quote_span, sentence_at
from scanner.models import Evidence
from scanner.numbers import Number, result_numbers, same_number
from scanner.paper import Paper

# Spread or repetition near a result: the "strong" rule of RUBRIC.md.
VARIANCE_NEAR = re.compile(
    r"\u00b1|\+/-|\bSDs?\b|\bSEs?\b|\bSEM\b|standard (?:deviation|error)s?|confidence intervals?|\b\d{2}\s?% CI\b|"
    r"\bCIs?\b\s*[\[(=]|error bars?|\bstd\b|(?:averaged|mean|median) (?:over|across) \d+|"
    r"\b\d+ (?:random )?(?:seeds|runs|trials|folds)\b|replicat\w+|bootstrap\w*|credible intervals?",
    re.I,
)
HEDGED = re.compile(
    r"\b(?:may|might|could|suggests?|suggesting|potential(?:ly)?|possibly|seem\w*|likely|appears? to)\b", re.I
)
# Sections whose text restates claims rather than showing the results behind them.
RESTATING = ("abstract", "introduction", "conclusion", "related_work", "references", "checklist", "acknowledgments",
             "limitations")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{3,}")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
STOP = frozenset(
    """also that this these those with from have been were which their there than then into over under between while
    more most less such only both each other when where what will would could should about after before being does
    show shows showed shown find finds found demonstrate demonstrates demonstrated results result paper work study
    studies approach method methods propose proposed present presents using used use based well significantly
    across within without through however overall first second third further thus therefore furthermore
    experiments experiment data model models performance achieve achieves achieved able make made many much very
    even still since upon like same different various several large small high higher lower better best state
    number numbers terms provide provides given often whether because either among they them then""".split()
)


@dataclass(frozen=True)
class Support:
    """The body place backing a claim: where it is, the quote, and the grade it earns."""

    offset: int | None
    where: str
    quote: Evidence | None
    grade: str
    how: str


class BodyIndex:
    """Result numbers and results sentences of the body, computed once per paper."""

    def __init__(self, paper: Paper, abstract: tuple[int, int]) -> None:
        self.paper = paper
        self.abstract = abstract

    def restating(self, offset: int) -> bool:
        """True inside the abstract, introduction, conclusion and other restating sections."""
        if self.abstract[0] <= offset < self.abstract[1]:
            return True
        sec = self.paper.section_at(offset)
        if sec is None:
            return offset < self.abstract[1] + 200 or offset >= self.paper.body_end
        return sec.kind in RESTATING or offset >= self.paper.body_end

    @cached_property
    def numbers(self) -> list[Number]:
        """Result-like numbers of the body outside the abstract (references excluded)."""
        a0, a1 = self.abstract
        return [n for n in result_numbers(self.paper.text[: self.paper.body_end])
                if not (a0 <= n.start < a1) and not self.paper.in_checklist(n.start)]

    @cached_property
    def sentences(self) -> list[tuple[int, int, frozenset[str]]]:
        """(start, end, content words) of every results-like body sentence."""
        out = []
        for start, end in self.paper.body_spans:
            end = min(end, self.paper.body_end)
            pos = start
            for m in list(_SENT.finditer(self.paper.text, start, end)) + [None]:
                stop = m.start() if m else end
                if stop - pos > 30 and not self.restating(pos):
                    out.append((pos, stop, frozenset(content_words(self.paper.text[pos:stop]))))
                pos = m.end() if m else end
        return out

    @cached_property
    def _sentences_with(self) -> dict[str, list[int]]:
        """Content word -> indices of the results sentences that contain it (ascending)."""
        out: dict[str, list[int]] = {}
        for i, (_, _, words) in enumerate(self.sentences):
            for w in words:
                out.setdefault(w, []).append(i)
        return out

    def sharing(self, words: set[str], at_least: int) -> list[tuple[int, int, frozenset[str]]]:
        """The results sentences (in document order) sharing ``at_least`` of ``words``."""
        shared: Counter[int] = Counter()
        for w in words:
            shared.update(self._sentences_with.get(w, ()))
        return [self.sentences[i] for i in sorted(i for i, n in shared.items() if n >= at_least)]

    @cached_property
    def idf(self) -> dict[str, float]:
        """Inverse sentence frequency of each content word of the results sentences."""
        df: Counter[str] = Counter()
        for _, _, words in self.sentences:
            df.update(words)
        n = max(1, len(self.sentences))
        return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def content_words(text: str) -> list[str]:
    """Lower-cased content words (4+ letters, not stop words) of ``text``."""
    return [w.lower().strip("-") for w in _WORD.findall(text) if w.lower() not in STOP]


def where(paper: Paper, offset: int) -> str:
    """'Table 2, section '4 Results', p. 5' for an offset (caption when one is near)."""
    cap = next((c for c in reversed(paper.captions) if c.start <= offset and offset - c.start < 2500
                and paper.page_at(c.start) == paper.page_at(offset)), None)
    sec = paper.section_at(offset)
    parts = []
    if cap:
        parts.append(cap.label)
    if sec:
        parts.append("section '" + re.sub(r"[\"\u201c\u201d]", "", sec.title[:50]) + "'")
    parts.append(f"p. {paper.page_at(offset)}")
    return ", ".join(parts)


def number_hits(index: BodyIndex, number: Number, skip: tuple[int, int]) -> list[int]:
    """Body offsets where ``number`` occurs again (up to rounding), results places first."""
    key = number.literal.rstrip("%").strip()
    hits = [b.start for b in index.numbers if not (skip[0] <= b.start < skip[1])
            and (b.literal.rstrip("%").strip() == key or (abs(b.value - number.value) < 1 and same_number(number, b)))]
    return sorted(hits, key=lambda off: index.restating(off))


def _strength(paper: Paper, offset: int) -> bool:
    """Spread, several runs or replication reported at the supporting place (or its caption)."""
    near = paper.text[max(0, offset - 400) : offset + 400]
    cap = next((c for c in reversed(paper.captions) if c.start <= offset and offset - c.start < 2500), None)
    return bool(VARIANCE_NEAR.search(near) or (cap and VARIANCE_NEAR.search(cap.text)))


def _grounded(paper: Paper, offset: int) -> Evidence | None:
    s, e = sentence_at(paper, offset, limit=160)
    return quote_span(paper, s, e)


def by_numbers(index: BodyIndex, numbers: list[Number], span: tuple[int, int]) -> Support | None:
    """Support from the claim's numbers found again in a results place of the body."""
    paper = index.paper
    found = [(n, hits) for n in numbers if (hits := number_hits(index, n, span))]
    if not found:
        return None
    results = [(n, h[0]) for n, h in found if not index.restating(h[0])]
    n, off = (results or [(found[0][0], found[0][1][0])])[0]
    place = where(paper, off)
    shown = ", ".join(x.literal for x, _ in found[:4])
    if not results:
        return Support(off, place, _grounded(paper, off), "weak",
                       f"The claim's numbers ({shown}) recur only where the paper restates its results, at {place}; "
                       "no table or results passage shows them.")
    strong = _strength(paper, off) and len(found) == len(numbers)
    grade = "strong" if strong else "moderate"
    spread = "with spread or repeated runs reported there" if strong else "reported as point estimates there"
    partial = "" if len(found) == len(numbers) else " (not every number of the claim is found in the body)"
    return Support(off, place, _grounded(paper, off), grade,
                   f"The claim's numbers ({shown}) appear in the body at {place}, {spread}{partial}.")


def by_terms(index: BodyIndex, text: str) -> Support | None:
    """Support from the results sentence sharing most of the claim's rarer content words."""
    words = set(content_words(text))
    if len(words) < 3 or not index.sentences:
        return None
    idf = index.idf
    best, best_score, best_shared = None, 0.0, 0
    for s, e, sent_words in index.sharing(words, 3):
        shared = words & sent_words
        score = sum(idf.get(w, 0.0) for w in shared)
        if score > best_score:
            best, best_score, best_shared = (s, e), score, len(shared)
    needed = sum(sorted((idf.get(w, 2.0) for w in words), reverse=True)[:3]) * 0.6
    if best is None or best_score < needed or best_shared < min(3, len(words)):
        return None
    paper = index.paper
    off = best[0]
    place = where(paper, off)
    ev = quote_span(paper, best[0], min(best[1], best[0] + 200))
    grade = "strong" if _strength(paper, off) else "moderate"
    return Support(off, place, ev, grade, f"The body reports this at {place}"
                   + (", with spread or repeated runs." if grade == "strong" else ", without spread or repeated runs."))


def support_for(index: BodyIndex, span: tuple[int, int], numbers: list[Number]) -> Support:
    """The best support of the claim at ``span`` (its numbers first, then its key terms)."""
    text = index.paper.text[span[0] : span[1]]
    sup = by_numbers(index, numbers, span) if numbers else None
    if sup is None or sup.grade == "weak":
        terms = by_terms(index, text)
        if terms is not None and numbers and sup is None:  # the numbers themselves are nowhere else
            terms = Support(terms.offset, terms.where, terms.quote, "weak",
                            "The claim's numbers appear nowhere else in the body; the closest passage is at "
                            f"{terms.where}.")
        sup = terms or sup
    if sup is not None:
        if sup.grade != "weak" and HEDGED.search(text) and not numbers:
            return Support(sup.offset, sup.where, sup.quote, "weak", sup.how + " The claim itself is speculative.")
        return sup
    if numbers:
        how = "None of the claim's numbers appear in a table or results passage of the body."
    else:
        how = "No results passage of the body shows this; it rests on the paper's discussion."
    return Support(None, "", None, "weak", how)
