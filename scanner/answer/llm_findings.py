"""Verify the model's claims, key findings and red flags before any of it reaches scan.json.

The llm engine asks once per paper (abstract, results and conclusion passages) for the paper's
main claims, 2-4 key findings and red flags (:class:`~scanner.llm.schemas.FindingsAnswer`).
Nothing of it is trusted:

* every quote goes through :func:`scanner.evidence.locate` (via
  :func:`scanner.answer.llm.ground_quotes`); a claim needs a grounded ``claim_quote`` and claim
  text that is that quote or a close paraphrase of it (:data:`PARAPHRASE_MIN` of its content
  words), a red flag needs a grounded quote;
* every number the model writes (claim, location, key finding, flag name, detail) must occur in
  the paper's text (:func:`foreign_numbers`, built on :mod:`scanner.numbers`), so the tool never
  reports a number the paper does not contain;
* a key finding must be in the paper's own words (:data:`VOCAB_MIN` of its content words occur
  in the paper), which keeps invented findings out even when they hold no number.

What fails is dropped and listed as a problem (the answerer re-asks once with the problems).
:func:`merge_findings` then puts the verified parts over the offline ones: model claims replace
the offline claims when at least one survives, model key findings when at least two survive,
and model red flags are added to the offline ones, which always stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanner.answer.grounding import clean_text, ground_quotes
from scanner.evidence import cite
from scanner.llm.schemas import ClaimItem, FindingsAnswer, FlagItem
from scanner.models import Claim, Evidence, RedFlag
from scanner.numbers import all_numbers
from scanner.paper import Paper

PARAPHRASE_MIN = 0.7  # share of a claim's content words that its claim_quote must contain
VOCAB_MIN = 0.8  # share of a key finding's content words that the paper must contain
MAX_CLAIMS = 8
MAX_FINDINGS = 4
MAX_FLAGS = 5
_WORD = re.compile(r"[a-z]+")
_LEADING_DOT = re.compile(r"(?<![\w.])\.(\d)")
_STOP = frozenset(
    "that this with from than their there these those which while when where were have been into over "
    "under also only more most such both each other they them then does paper study work our".split()
)


@dataclass(frozen=True)
class PaperFacts:
    """What the verifier checks model text against: the paper's numbers and vocabulary."""

    numbers: frozenset[float]
    vocabulary: frozenset[str]

    @classmethod
    def of(cls, paper: Paper) -> PaperFacts:
        """Numbers and word stems of ``paper.text`` (hidden text is not part of it)."""
        return cls(frozenset(number_values(paper.text)), frozenset(stems(paper.text)))


@dataclass
class VerifiedFindings:
    """The parts of one model reply that passed verification, and what did not."""

    claims: list[Claim] = field(default_factory=list)
    key_findings: list[str] = field(default_factory=list)
    red_flags: list[RedFlag] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ungrounded_quotes: int = 0
    dropped_claims: int = 0
    dropped_key_findings: int = 0
    dropped_red_flags: int = 0
    rejected_numbers: int = 0

    @property
    def score(self) -> tuple[int, int, int]:
        """How much survived (to pick the better of a first answer and its re-ask)."""
        return len(self.claims), len(self.key_findings) >= 2, len(self.red_flags)


def number_values(text: str) -> set[float]:
    """Values of every number literal in ``text`` (``.05`` read as ``0.05``, ``2,000`` as 2000)."""
    return {round(n.value, 9) for n in all_numbers(_LEADING_DOT.sub(r"0.\1", text))}


def foreign_numbers(text: str, known: frozenset[float]) -> list[str]:
    """Number literals of ``text`` whose value is not among the paper's numbers ``known``."""
    fixed = _LEADING_DOT.sub(r"0.\1", text)
    return [n.literal for n in all_numbers(fixed) if round(n.value, 9) not in known]


def stems(text: str) -> set[str]:
    """Content-word stems of ``text`` (words of 4+ letters, cut to 5 letters, stop words out)."""
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in _STOP}


def covered(text: str, vocabulary: set[str] | frozenset[str]) -> float:
    """Share of ``text``'s content-word stems found in ``vocabulary`` (0 for no content words)."""
    own = stems(text)
    return len(own & vocabulary) / len(own) if own else 0.0


def verify_findings(paper: Paper, reply: FindingsAnswer, facts: PaperFacts) -> VerifiedFindings:
    """Grounded claims, key findings and red flags of ``reply``; problems for what was dropped."""
    out = VerifiedFindings()
    seen: set[str] = set()
    for i, item in enumerate(reply.claims[:MAX_CLAIMS], 1):
        claim = _claim(paper, item, facts, out, f"claim {i}")
        if claim is not None and claim.claim not in seen:
            seen.add(claim.claim)
            out.claims.append(claim)
    for i, sentence in enumerate(reply.key_findings[:MAX_FINDINGS], 1):
        text = _finding(sentence, facts, out, f"key finding {i}")
        if text:
            out.key_findings.append(text)
    if len(out.key_findings) < 2:
        out.problems.append(f"only {len(out.key_findings)} key findings passed; write 2-4")
    for i, flag_item in enumerate(reply.red_flags[:MAX_FLAGS], 1):
        flag = _flag(paper, flag_item, facts, out, f"red flag {i}")
        if flag is not None:
            out.red_flags.append(flag)
    return out


def _numbers_ok(text: str, facts: PaperFacts, out: VerifiedFindings, label: str) -> bool:
    bad = foreign_numbers(text, facts.numbers)
    if bad:
        out.rejected_numbers += 1
        out.problems.append(f"{label} writes numbers the paper does not contain: {', '.join(bad[:5])}")
    return not bad


def _grounded(paper: Paper, quotes: list[str], out: VerifiedFindings, label: str) -> list[Evidence]:
    evidence, issues = ground_quotes(paper, quotes)
    out.ungrounded_quotes += len(issues)
    out.problems.extend(f"{label}: {issue}" for issue in issues)
    return evidence


def _claim(paper: Paper, item: ClaimItem, facts: PaperFacts, out: VerifiedFindings, label: str) -> Claim | None:
    """A verified claim, or None (counted and explained in ``out``)."""
    stated = _grounded(paper, [item.claim_quote], out, f"{label} claim_quote")
    text = clean_text(item.claim, 400)
    ok = bool(stated) and _numbers_ok(text, facts, out, label)
    if ok and covered(text, stems(stated[0].quote)) < PARAPHRASE_MIN:
        out.problems.append(f"{label} is not the claim_quote or a close paraphrase of it in the same words")
        ok = False
    if not ok:
        out.dropped_claims += 1
        return None
    backing = _grounded(paper, item.support_quotes[:3], out, f"{label} support")
    support = [e for e in backing if e.quote != stated[0].quote]
    where = clean_text(item.where, 80)
    if where and foreign_numbers(where, facts.numbers):
        where = ""  # a location with an invented table number is left out, the quotes say where
    if support:
        cites = "; ".join(cite(e) for e in support[:2])
        evidence = f"{where + ': ' if where else ''}{cites}."
        grade = item.supported
    else:
        evidence = "The model pointed to no passage of the body that could be found to back this claim."
        grade = "weak"
    return Claim(claim=text, evidence=evidence, supported=grade, locations=[stated[0], *support[:2]], engine="llm")


def _finding(sentence: str, facts: PaperFacts, out: VerifiedFindings, label: str) -> str:
    """The cleaned key-finding sentence, or "" when it states foreign numbers or words."""
    text = clean_text(sentence, 400)
    if not text or not _numbers_ok(text, facts, out, label):
        out.dropped_key_findings += 1
        return ""
    if covered(text, facts.vocabulary) < VOCAB_MIN:
        out.problems.append(f"{label} is not in the paper's own words")
        out.dropped_key_findings += 1
        return ""
    return text


def _flag(paper: Paper, item: FlagItem, facts: PaperFacts, out: VerifiedFindings, label: str) -> RedFlag | None:
    """A verified red flag pointing to grounded quotes, or None."""
    evidence = _grounded(paper, item.quotes[:2], out, label)
    name, detail = clean_text(item.flag, 100).rstrip("."), clean_text(item.detail, 500)
    if not evidence:
        out.problems.append(f"{label} has no quote found in the paper")
    if not evidence or not name or not _numbers_ok(f"{name} {detail}", facts, out, label):
        out.dropped_red_flags += 1
        return None
    kind = "reviewer_concern" if item.kind == "other" else item.kind
    return RedFlag(flag=name, detail=f"{detail} See {cite(evidence[0])}.".lstrip(), kind=kind,
                   severity=item.severity, evidence=evidence, engine="llm")


def merge_red_flags(offline: list[RedFlag], model: list[RedFlag]) -> list[RedFlag]:
    """All offline flags, then the model's flags that repeat none of them (same kind or quote)."""
    kinds = {f.kind for f in offline if f.kind}
    quotes = [e.quote for f in offline for e in f.evidence or []]
    out = list(offline)
    for flag in model:
        mine = [e.quote for e in flag.evidence or []]
        if flag.kind in kinds or any(a in b or b in a for a in mine for b in quotes):
            continue
        out.append(flag)
    return out


def merge_findings(
    found: VerifiedFindings | None, claims: list[Claim], key_findings: str, red_flags: list[RedFlag]
) -> tuple[list[Claim], str, list[RedFlag], dict[str, str]]:
    """Verified model parts over the offline ones; also which engine made claims and findings."""
    if found is None:
        return claims, key_findings, red_flags, {"claims": "llm->rules", "key_findings": "llm->rules"}
    engines = {"claims": "llm" if found.claims else "llm->rules",
               "key_findings": "llm" if len(found.key_findings) >= 2 else "llm->rules"}
    if found.claims:
        claims = found.claims
    if len(found.key_findings) >= 2:
        key_findings = " ".join(s if s[-1] in ".!?" else s + "." for s in found.key_findings)
    return claims, key_findings, merge_red_flags(red_flags, found.red_flags), engines
