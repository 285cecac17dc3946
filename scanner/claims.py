"""The paper's main claims, where the body supports them, and its key findings (offline).

Claims are sentences of the abstract (then the conclusion) that assert a result. A claim's
support is found by looking up its numbers in the body (tables, captions, results text): the
places where they occur become the claim's ``evidence``; ``supported`` follows RUBRIC.md
(strong = variance/CI or replication near the result, moderate = one described experiment,
weak = the body does not show the numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.evidence import MAX_QUOTE, quote_span, sentence_at
from scanner.models import Claim, Evidence
from scanner.numbers import Number, result_numbers, same_number
from scanner.paper import Paper

CLAIM_VERB = re.compile(
    r"\b(show|shows|showed|demonstrate\w*|outperform\w*|achiev\w+|improv\w+|reduc\w+|increas\w+|find|found|"
    r"finds|reveal\w*|yield\w*|surpass\w*|match\w*|obtain\w*|reach\w*|boost\w*|enabl\w+|results? in|"
    r"leads? to|significantly|state-of-the-art|predict\w*|associated with|correlat\w+)\b",
    re.I,
)
VARIANCE_NEAR = re.compile(r"\u00b1|\bSD\b|standard deviation|confidence interval|\bCI\b|error bars?|std|seeds|runs", re.I)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass
class NumberSupport:
    """Where a number of the abstract/claim occurs in the body."""

    number: Number
    body_offsets: list[int]


def abstract_span(paper: Paper) -> tuple[int, int]:
    """Span of the abstract: its section, else page-1 text before the first heading."""
    secs = paper.sections_of("abstract")
    if secs:
        s = secs[0]
        start = s.start + len(s.title) if paper.text.startswith(s.title, s.start) else s.start
        return start, min(s.end, start + 4000)
    end_page1 = paper.page_starts[1] if paper.page_count > 1 else len(paper.text)
    first = next((s.start for s in paper.sections if s.start > 0), end_page1)
    end = min(first, end_page1)
    return max(0, end - 3000), end


def _sentences(paper: Paper, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for m in _SENT.finditer(paper.text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [(a, b) for a, b in spans if b - a > 30]


def body_number_index(paper: Paper) -> list[Number]:
    """Result-like numbers of the body (outside the abstract, references, checklist)."""
    a0, a1 = abstract_span(paper)
    nums = []
    for n in result_numbers(paper.text[: paper.body_end]):
        if not (a0 <= n.start < a1):
            nums.append(n)
    return nums


def support_of(paper: Paper, numbers: list[Number], body: list[Number]) -> list[NumberSupport]:
    """For each number, the body offsets where the same number (up to rounding) occurs."""
    by_literal: dict[str, list[Number]] = {}
    for b in body:
        by_literal.setdefault(b.literal.rstrip("%").strip(), []).append(b)
    out = []
    for n in numbers:
        hits = [b.start for b in by_literal.get(n.literal.rstrip("%").strip(), [])]
        if not hits:
            hits = [b.start for b in body if abs(b.value - n.value) < 1 and same_number(n, b)][:3]
        out.append(NumberSupport(n, hits))
    return out


def abstract_support(paper: Paper) -> tuple[int, int, Evidence | None]:
    """(numbers found in the body, numbers in the abstract, an example of a supported one)."""
    a0, a1 = abstract_span(paper)
    numbers = [Number(n.literal, n.value, n.decimals, n.percent, n.start + a0, n.end + a0)
               for n in result_numbers(paper.text[a0:a1])]
    support = support_of(paper, numbers, body_number_index(paper))
    ok = [s for s in support if s.body_offsets]
    example = None
    if ok:
        s, e = sentence_at(paper, ok[0].body_offsets[0], limit=MAX_QUOTE // 2)
        example = quote_span(paper, s, e)
    return len(ok), len(support), example


def unsupported_abstract_numbers(paper: Paper) -> list[Number]:
    """Numbers of the abstract that occur nowhere in the body."""
    a0, a1 = abstract_span(paper)
    numbers = [Number(n.literal, n.value, n.decimals, n.percent, n.start + a0, n.end + a0)
               for n in result_numbers(paper.text[a0:a1])]
    return [s.number for s in support_of(paper, numbers, body_number_index(paper)) if not s.body_offsets]


def _where(paper: Paper, offset: int) -> str:
    cap = next((c for c in reversed(paper.captions) if c.start <= offset and offset - c.start < 2500
                and paper.page_at(c.start) == paper.page_at(offset)), None)
    sec = paper.section_at(offset)
    parts = []
    if cap:
        parts.append(cap.label)
    if sec:
        parts.append(f"section '{sec.title[:50]}'")
    parts.append(f"p. {paper.page_at(offset)}")
    return ", ".join(parts)


def extract_claims(paper: Paper, *, limit: int = 6) -> list[Claim]:
    """The paper's main empirical claims with their support in the body."""
    a0, a1 = abstract_span(paper)
    spans = _sentences(paper, a0, a1)
    for sec in paper.sections_of("conclusion")[:1]:
        start = sec.start + len(sec.title)
        spans += _sentences(paper, start, min(sec.end, start + 2500))
    body = body_number_index(paper)
    claims: list[Claim] = []
    for s, e in spans:
        text = paper.text[s:e]
        if not CLAIM_VERB.search(text) or len(claims) >= limit:
            continue
        ev = quote_span(paper, s, min(e, s + 300))
        if ev is None:
            continue
        nums = [Number(n.literal, n.value, n.decimals, n.percent, n.start + s, n.end + s) for n in result_numbers(text)]
        support = support_of(paper, nums, body)
        claims.append(_claim(paper, ev, support))
    return claims


def _claim(paper: Paper, ev: Evidence, support: list[NumberSupport]) -> Claim:
    found = [s for s in support if s.body_offsets]
    locations = [ev]
    if not support:
        evidence = "The claim states no numbers; its support is the paper's results sections as a whole."
        grade = "moderate" if paper.sections_of("results", "experiments") else "weak"
    elif not found:
        evidence = "None of the claim's numbers appear in the body of the paper."
        grade = "weak"
    else:
        places = sorted({_where(paper, off) for s in found for off in s.body_offsets[:1]})
        evidence = f"Numbers of the claim appear in the body at {'; '.join(places[:3])}."
        off = found[0].body_offsets[0]
        s0, e0 = sentence_at(paper, off, limit=120)
        body_ev = quote_span(paper, s0, e0)
        if body_ev:
            locations.append(body_ev)
        near = paper.text[max(0, off - 400) : off + 400]
        grade = "strong" if VARIANCE_NEAR.search(near) else "moderate"
        if len(found) < len(support):
            grade = "moderate" if grade == "strong" else grade
    return Claim(claim=ev.quote, evidence=evidence, supported=grade, locations=locations)  # type: ignore[arg-type]


def key_findings(paper: Paper, claims: list[Claim]) -> str:
    """2-4 sentences of what the paper found, in its own words and numbers."""
    picked = [c.claim for c in claims if any(ch.isdigit() for ch in c.claim)][:3]
    picked += [c.claim for c in claims if c.claim not in picked][: max(0, 2 - len(picked))]
    if picked:
        return " ".join(p if p.endswith(".") else p + "." for p in picked[:4])
    a0, a1 = abstract_span(paper)
    sents = _sentences(paper, a0, a1)
    if sents:
        return " ".join(paper.text[s:e].replace("\n", " ") for s, e in sents[-2:])
    return "The paper's findings could not be located: no abstract or conclusion was recognised."
