"""The paper's main claims, where the body supports them, and its key findings (offline).

Claims are sentences of the abstract, the introduction's contribution list and the conclusion
that assert a result of this paper (result verbs, numbers, "we find/show"), not background
(sentences citing others), plans ("we hope", "will be released") or bare method statements.
Each claim is quoted through :mod:`scanner.evidence` and linked by
:mod:`scanner.claim_support` to the body place that shows it, with RUBRIC.md's grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.claim_support import BodyIndex, content_words, support_for
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
RESULT = re.compile(
    r"\b(?:we (?:find|found|show|showed|demonstrate|observe|observed|confirm)|(?:our|these|the) (?:results|experiments|"
    r"findings|analyses|evaluations?) (?:show|suggest|indicate|reveal|demonstrate|confirm)|outperform\w*|surpass\w*|"
    r"achiev\w+|significant(?:ly)?|state-of-the-art|associated with|correlat\w+|predict(?:s|ed)|"
    r"replicat\w+|preferred|mediat\w+|revealed|(?:we|was|were) (?:detected|identified)|found (?:that|in|no)|"
    r"(?:is|was|were|are) (?:absent|found)|no (?:significant )?(?:effects?|differences?|improvements?))\b",
    re.I,
)
# A first-person finding stated in a results section (the fallback source of claims).
FINDING = re.compile(
    r"\b(?:we (?:find|found|observe\w*|identif\w+|detect\w+|show)|(?:results|analys[ie]s) (?:show|reveal|indicate)|"
    r"outperform\w*|significant(?:ly)? (?:higher|lower|better|worse|more|less|main effect|effect|difference)|"
    r"(?:was|were) preferred|achiev(?:es|ed|ing)|state[- ]of[- ]the[- ]art|"
    r"(?:lower|higher|better|worse|smaller|larger) than)\b",
    re.I,
)
WEAK_RESULT = re.compile(
    r"\b(?:improv\w+|reduc\w+|more (?:often|likely|accurate|effective)|less (?:often|likely)|higher|lower|better|worse|"
    r"comparabl\w+|consistent(?:ly)?|effective|accurate|contains?|compris\w+|consists? of|declin\w+|decreas\w+|"
    r"increas\w+|agree\w*|matches)\b",
    re.I,
)
CITATION = re.compile(r"\([A-Z][^()]{0,80}\b(?:19|20)\d\d[a-z]?\)|\[\d{1,3}(?:[,\u2013\-]\s?\d{1,3})*\]|\bet al\.|"
                      r"\b[A-Z][a-z][\w'-]* \((?:19|20)\d\d[a-z]?[,;)]|^\(?(?:19|20)\d\d[a-z]?\)")
"""Others' work: (Author, 2019), [12], et al., Author (2019), or a sentence left starting at "(2018) report"."""
BACKGROUND = re.compile(
    r"^(?:However|Yet|While|Although|Recent(?:ly)?|Prior|Previous(?:ly)?|Early|Existing|Traditional(?:ly)?|Many|Most|"
    r"Despite)\b|\b(?:has|have) been (?:shown|used|proposed|studied)|little research|few (?:solutions|studies|works)",
    re.I,
)
NON_CLAIM = re.compile(
    r"\b(?:we hope|we plan|plan to|future (?:work|research|studies)|will be (?:released|made|available)|we propose|"
    r"we present|we introduce|we describe|we test|we examine|we investigate|we study|we explore|is organi[sz]ed|"
    r"motivated by|in this (?:paper|work|study|article)|"
    r"this (?:paper|work|study|article) (?:proposes|presents|introduces|describes|examines|investigates))\b",
    re.I,
)
SPECULATIVE = re.compile(r"\b(?:we hope|could be|may lead|might be|would be|we believe|we expect|we want|we plan|"
                         r"future (?:work|research|studies|improvement)|herein lies|remains? (?:open|unclear)|"
                         r"is (?:important|crucial|essential) for)\b", re.I)
# Page furniture, tables and captions: never claims.
FURNITURE = re.compile(
    r"@|\bACM\b|ISBN|doi\.org|https?://|\bProceedings\b|[Pp]ermission to make|[Cc]opyright|\bKeywords?\b|"
    r"\b\d{5}\b|(?:\.\s){3}|^(?:Table|Figure|Fig\.)\s?\d|\b(?:Table|Figure)\s\d+[:.]\s|CCS Concepts",
)
LEAD_LABEL = re.compile(  # structured-abstract labels and list bullets before a claim
    r"\s*(?:(?:Objectives?|Background|Methods?|Results?|Conclusions?|Findings|Purpose|Design)\s*:\s*|"
    r"[\u2022\u25cf\u25aa\-\u2013*]\s*|\(?\d{1,2}[.)]\s+|\([a-z]\)\s+)+"
)
CONTRIBUTIONS = re.compile(
    r"(?:our|main|key|primary) (?:contributions?|findings?|results?)(?: (?:are|is|include))?|we make the following|"
    r"in summary|to summari[sz]e|we (?:find|show|demonstrate) that", re.I)
KEYWORDS = re.compile(r"^\s*(?:Keywords|Key words|Index Terms|Author Keywords)\b", re.I | re.M)
ABSTRACT_WORD = re.compile(r"^\s*Abstract\b[\s.:\u2014\u2013-]*", re.I | re.M)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


@dataclass
class NumberSupport:
    """Where a number of the abstract/claim occurs in the body."""

    number: Number
    body_offsets: list[int]


@dataclass
class Candidate:
    """A sentence that may be one of the paper's main claims."""

    start: int
    end: int
    source: str
    score: float


def abstract_span(paper: Paper) -> tuple[int, int]:
    """Span of the abstract: its section, an inline 'Abstract' lead, the block before 'Keywords', else page 1."""
    secs = paper.sections_of("abstract")
    if secs:
        s = secs[0]
        start = s.start + len(s.title) if paper.text.startswith(s.title, s.start) else s.start
        return start, min(s.end, start + 4000)
    end_page1 = paper.page_starts[1] if paper.page_count > 1 else len(paper.text)
    first = next((s.start for s in paper.sections if s.start > 0), end_page1)
    kw = KEYWORDS.search(paper.text, 0, end_page1)
    lead = ABSTRACT_WORD.search(paper.text, 0, end_page1)
    if lead:
        stop = min(kw.start() if kw and kw.start() > lead.end() else len(paper.text), first if first > lead.end() else
                   len(paper.text), lead.end() + 3000)
        return lead.end(), stop
    if kw:
        return _block_before(paper.text, kw.start()), kw.start()
    end = min(first, end_page1)
    block = _first_block(paper.text, 0, end)
    return block if block else (max(0, end - 3000), end)


def _block_before(text: str, stop: int) -> int:
    """Start of the run of full-width lines that ends at ``stop`` (the abstract above 'Keywords')."""
    lines = text[:stop].rstrip("\n").split("\n")
    width = sorted(len(x) for x in lines[-12:])[len(lines[-12:]) // 2] if lines else 0
    pos = stop
    for i, line in enumerate(reversed(lines)):
        if i > 0 and (len(line) < 0.75 * width or i > 40):
            break
        pos -= len(line) + 1
    return max(0, pos)


def _first_block(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first run of at least five long lines (a page-1 abstract without any label)."""
    pos, run_start, run = start, None, 0
    for line in text[start:end].split("\n"):
        if len(line) >= 60:
            run_start = pos if run == 0 else run_start
            run += 1
        else:
            if run >= 5 and run_start is not None:
                return run_start, pos
            run = 0
        pos += len(line) + 1
        if run >= 5 and run_start is not None and pos - run_start > 1800:
            return run_start, pos
    return None


def _sentences(paper: Paper, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for m in _SENT.finditer(paper.text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [(a, b) for a, b in spans if b - a > 30]


def _shifted(numbers: list[Number], base: int) -> list[Number]:
    return [Number(n.literal, n.value, n.decimals, n.percent, n.start + base, n.end + base) for n in numbers]


def body_index(paper: Paper) -> BodyIndex:
    """The paper's body index (numbers, results sentences), built once per paper."""
    return paper.memo("claims.body_index", lambda: BodyIndex(paper, abstract_span(paper)))


def body_number_index(paper: Paper) -> list[Number]:
    """Result-like numbers of the body (outside the abstract, references, checklist)."""
    return body_index(paper).numbers


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


def _abstract_numbers(paper: Paper) -> list[NumberSupport]:
    a0, a1 = abstract_span(paper)
    numbers = _shifted(result_numbers(paper.text[a0:a1]), a0)
    return support_of(paper, numbers, body_number_index(paper))


def abstract_support(paper: Paper) -> tuple[int, int, Evidence | None]:
    """(numbers found in the body, numbers in the abstract, an example of a supported one)."""
    support = _abstract_numbers(paper)
    ok = [s for s in support if s.body_offsets]
    example = None
    if ok:
        s, e = sentence_at(paper, ok[0].body_offsets[0], limit=MAX_QUOTE // 2)
        example = quote_span(paper, s, e)
    return len(ok), len(support), example


def unsupported_abstract_numbers(paper: Paper) -> list[Number]:
    """Numbers of the abstract that occur nowhere in the body."""
    return [s.number for s in _abstract_numbers(paper) if not s.body_offsets]


def _score(text: str, source: str) -> float:
    """How much a sentence reads like a main empirical claim of this paper (<= 0: not one)."""
    if SPECULATIVE.search(text) or FURNITURE.search(text) or "?" in text or len(text) < 40:
        return -1.0
    nums = len(result_numbers(text))
    words = len(text.split())
    if nums > 4 and nums * 3 > words:  # a table row read as prose
        return -1.0
    signal = 2.0 if RESULT.search(text) else 1.0 if WEAK_RESULT.search(text) else 0.0
    if not nums and not signal:  # no number and no result wording: background or a method statement
        return -1.0
    score = min(nums, 3) * 1.0 + signal
    if CITATION.search(text):
        score -= 3.0
    if BACKGROUND.search(text):
        score -= 3.0
    if text[:1].islower():  # a sentence split in the middle: a fragment
        score -= 1.0
    if NON_CLAIM.search(text) and not RESULT.search(text):
        score -= 1.5 if nums else 2.5
    return score + {"abstract": 1.0, "contributions": 0.5, "results": -2.0}.get(source, 0.0)


def _conclusion_spans(paper: Paper) -> list[tuple[int, int]]:
    closing = re.compile(r"general discussion|^discussion$|summary", re.I)
    closings = [s for s in paper.sections_of("discussion") if closing.search(s.title)]
    secs = paper.sections_of("conclusion") or closings[-1:]
    if not secs:
        return []
    first = secs[0]
    end = first.end
    for sec in paper.sections:  # "5 Conclusion" may be a bare heading over "5.1 Summary", "5.2 Future work"
        if sec.start == end and sec.kind == "conclusion":
            end = sec.end
    start = first.start + len(first.title)
    return [(start, min(end, start + 3000))]


def _contribution_spans(paper: Paper) -> list[tuple[int, int]]:
    out = []
    for sec in paper.sections_of("introduction")[:1]:
        m = CONTRIBUTIONS.search(paper.text, sec.start, sec.end)
        if m:
            out.append((m.start(), min(sec.end, m.start() + 2000)))
    return out


def _results_spans(paper: Paper) -> list[tuple[int, int]]:
    """Results sections (a fallback source: first-person findings stated with numbers)."""
    skip = ("abstract", "introduction", "conclusion", "related_work", "references", "checklist", "acknowledgments",
            "limitations", "method", "appendix")
    return [(s.start + len(s.title), s.end) for s in paper.sections
            if s.start < paper.body_end and s.kind not in skip][:30]


def candidates(paper: Paper) -> list[Candidate]:
    """Scored claim sentences of the abstract, contribution list, conclusion and results."""
    out = []
    sources = [("abstract", abstract_span(paper))] + [("contributions", s) for s in _contribution_spans(paper)]
    sources += [("conclusion", s) for s in _conclusion_spans(paper)]
    sources += [("results", s) for s in _results_spans(paper)]
    for source, (a, b) in sources:
        for i, (s, e) in enumerate(_sentences(paper, a, b)):
            lead = LEAD_LABEL.match(paper.text, s, e)
            s = lead.end() if lead else s
            if e - s > 600 or (source == "results" and not (FINDING.search(paper.text, s, e)
                                                             and result_numbers(paper.text[s:e]))):
                continue
            score = _score(paper.text[s:e], source)
            ev = quote_span(paper, s, e) if score >= 1.0 else None
            if ev is None or len(ev.quote) < 0.6 * min(e - s, MAX_QUOTE):  # ungroundable or cut short at a quote mark
                continue
            out.append(Candidate(s, e, source, score - (1.5 if i == 0 and source == "abstract" else 0.0)))
    return out


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def select(cands: list[Candidate], paper: Paper, *, limit: int) -> list[Candidate]:
    """The best distinct candidates (a restatement of a chosen claim is dropped), in reading order."""
    chosen: list[tuple[Candidate, set[str]]] = []
    for c in sorted(cands, key=lambda c: -c.score):
        if len(chosen) >= limit or c.score < (1.5 if len(chosen) >= 3 else 1.0):
            break
        words = set(content_words(paper.text[c.start : c.end]))
        overlapping = any(c.start < o.end and o.start < c.end for o, _ in chosen)
        if overlapping or any(_overlap(words, w) > 0.6 for _, w in chosen):
            continue
        chosen.append((c, words))
    return sorted((c for c, _ in chosen), key=lambda c: c.start)


def extract_claims(paper: Paper, *, limit: int = 7) -> list[Claim]:
    """The paper's main empirical claims (up to ``limit``) with their support in the body."""
    return list(paper.memo(("claims.extract_claims", limit), lambda: _extract_claims(paper, limit)))


def _extract_claims(paper: Paper, limit: int) -> tuple[Claim, ...]:
    index = body_index(paper)
    claims: list[Claim] = []
    for c in select(candidates(paper), paper, limit=limit):
        ev = quote_span(paper, c.start, c.end)
        if ev is None:
            continue
        numbers = _shifted(result_numbers(paper.text[c.start : c.end]), c.start)
        sup = support_for(index, (c.start, c.end), numbers)
        locations = [ev] + ([sup.quote] if sup.quote and sup.quote.quote != ev.quote else [])
        claims.append(Claim(claim=ev.quote, evidence=sup.how, supported=sup.grade,  # type: ignore[arg-type]
                            locations=locations))
    return tuple(claims)


def key_findings(paper: Paper, claims: list[Claim]) -> str:
    """2-4 sentences of what the paper found, in its own words and numbers."""
    numeric = [c.claim for c in claims if result_numbers(c.claim)]
    picked = numeric[:3] + [c.claim for c in claims if c.claim not in numeric][: max(0, 2 - len(numeric[:3]))]
    if picked:
        return " ".join(_sentence(p) for p in picked[:4])
    a0, a1 = abstract_span(paper)
    sents = _sentences(paper, a0, a1)
    if sents:
        return " ".join(_sentence(paper.text[s:e]) for s, e in sents[-2:])
    return "The paper's findings could not be located: no abstract or conclusion was recognised."


def _sentence(text: str) -> str:
    text = re.sub(r"[\"\u201c\u201d]", "", " ".join(text.split()))
    return text if text.endswith((".", "!", "?")) else text + "."
