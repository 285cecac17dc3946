"""The authors' own checklist: parsed, mapped onto our items, and checked against the body.

Two templates are read from the checklist section (``Paper.sections`` kind ``checklist``):

* NeurIPS Paper Checklist: numbered questions with ``Question:``, ``Answer: [Yes]/[No]/[NA]/
  [TODO]`` and ``Justification:``. Only tokens right after ``Answer:`` count, so the template's
  instruction lines ("You should answer [Yes], [No], or [NA]") are never taken as answers.
* ACL Responsible NLP checklist: ``A1. Did you ...?`` lines followed by a section pointer,
  "Left blank." or "Not applicable."

An answer of Yes whose mapped items our scan answered "not found" (from the body: the checklist
itself is never evidence) becomes a ``checklist_contradiction`` flag quoting both sides; [TODO]
or blank answers become one ``checklist_unfilled`` flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scanner.detectors.base import Answer, Checklist
from scanner.detectors.facts import Facts
from scanner.evidence import cite, quote_span
from scanner.models import AuthorAnswer, AuthorChecklist, Evidence, RedFlag
from scanner.paper import Paper

Template = Literal["neurips", "acl"]
Token = Literal["yes", "no", "na", "todo", "blank"]
Verdict = Literal["agrees", "contradicted", "not_checked"]

# Question title/text -> our items; the first matching rule wins (IRB before human subjects).
ITEM_MAP: list[tuple[re.Pattern[str], list[str]]] = [
    (re.compile(r"\bIRB\b|ethics review|institutional review", re.I), ["human_studies.irb_or_ethics_approval"]),
    (re.compile(r"limitation", re.I), ["limitations_and_scope.limitations_section_present"]),
    (re.compile(r"^claims$|main claims", re.I), ["claims_and_evidence.abstract_claims_supported"]),
    (re.compile(r"open access|code and data|data and code", re.I),
     ["artifacts.code_released", "artifacts.data_released"]),
    (re.compile(r"reproducib", re.I), ["artifacts.reproduction_instructions"]),
    (re.compile(r"statistical significance|error bars|multiple runs|descriptive statistics", re.I),
     ["statistical_methodology.confidence_intervals_or_error_bars", "statistical_methodology.variance_reported"]),
    (re.compile(r"experimental setting|hyperparameter", re.I), ["setup_transparency.hyperparameters_reported"]),
    (re.compile(r"compute|computational budget|gpu hours", re.I), ["cost_and_practicality.compute_budget_stated"]),
    (re.compile(r"crowdsourc|human subjects|recruit", re.I), ["data_integrity.recruitment_methods_described"]),
]

_TOKEN: dict[str, Token] = {"yes": "yes", "no": "no", "na": "na", "n/a": "na", "todo": "todo"}
_QUESTION = re.compile(r"(?:^|\n)Question:\s*", re.I)
_ANSWER = re.compile(r"Answer:\s*\[\s*(Yes|No|NA|N/A|TODO)\s*\]", re.I)
_JUSTIFICATION = re.compile(r"Justification:\s*", re.I)
_END = re.compile(r"\n(?:Guidelines:|\d{1,2}\.\s+[A-Z])")
_TITLE = re.compile(r"(?:^|\n)(\d{1,2})\.\s+([^\n]{2,90})\n(?:[^\n]*\n){0,1}$")
_ACL_Q = re.compile(r"(?m)^\W{0,3}\s*([A-E]\d{1,2})\.\s+(Did you[^?]{5,400}\?)\s*([^\n]*)")


@dataclass
class ParsedAnswer:
    """One parsed checklist question with offsets into ``Paper.text``."""

    number: str
    question: str
    answer: Token
    items: list[str]
    answer_span: tuple[int, int] | None
    justification_span: tuple[int, int] | None


def map_items(title: str) -> list[str]:
    """Our item ids (``category.item``) for a checklist question title or text."""
    for pattern, items in ITEM_MAP:
        if pattern.search(title):
            return list(items)
    return []


def parse_checklist(paper: Paper) -> tuple[Template, list[ParsedAnswer]] | None:
    """(template, answers) of the paper's own checklist, or None when it has none."""
    span = paper.checklist_span
    if span is None:
        return None
    neurips = _parse_neurips(paper, *span)
    if neurips:
        return "neurips", neurips
    acl = _parse_acl(paper, *span)
    return ("acl", acl) if acl else None


def _parse_neurips(paper: Paper, start: int, end: int) -> list[ParsedAnswer]:
    text = paper.text
    qs = [m for m in _QUESTION.finditer(text, start, end)]
    out = []
    for i, q in enumerate(qs):
        stop = qs[i + 1].start() if i + 1 < len(qs) else end
        head = text[max(start, q.start() - 200) : q.start() + 1]
        title = _TITLE.search(head)
        number, name = (title.group(1), title.group(2).strip()) if title else (str(i + 1), "")
        body_end = _END.search(text, q.end(), stop)
        question = text[q.end() : body_end.start() if body_end else stop].split("Answer:")[0]
        ans = _ANSWER.search(text, q.end(), stop)
        answer: Token = _TOKEN[ans.group(1).lower()] if ans else "blank"
        just = _JUSTIFICATION.search(text, ans.end() if ans else q.end(), stop)
        jspan = None
        if just:
            jend = _END.search(text, just.end(), stop)
            jspan = (just.end(), jend.start() if jend else stop)
        name = name or " ".join(question.split())[:90]
        out.append(ParsedAnswer(number, name, answer, map_items(name), ans.span() if ans else None, jspan))
    return out


def _acl_answer(rest: str) -> Token:
    low = rest.strip().lower()
    if not low or low.startswith("left blank"):
        return "blank"
    if low.startswith(("not applicable", "n/a", "no.", "no ")) or low == "no":
        return "na" if low.startswith(("not applicable", "n/a")) else "no"
    return "yes"


def _parse_acl(paper: Paper, start: int, end: int) -> list[ParsedAnswer]:
    out = []
    for m in _ACL_Q.finditer(paper.text, start, end):
        question = " ".join(m.group(2).split())
        rest_span = (m.start(3), m.end(3)) if m.group(3).strip() else None
        answer = _acl_answer(m.group(3))
        out.append(ParsedAnswer(m.group(1), question, answer, map_items(question), rest_span, rest_span))
    return out


def _lookup(checklist: Checklist, item: str) -> Answer | None:
    cat, _, key = item.partition(".")
    return checklist.get(cat, {}).get(key)


def verdict(parsed: ParsedAnswer, checklist: Checklist) -> Verdict:
    """agrees / contradicted / not_checked for an author's answer against our scan."""
    answers = [_lookup(checklist, i) for i in parsed.items]
    if parsed.answer != "yes" or not answers or any(a is None or not a.applies for a in answers):
        return "not_checked"
    return "agrees" if any(a.answer for a in answers if a) else "contradicted"


def _justification(paper: Paper, parsed: ParsedAnswer) -> Evidence | None:
    span = parsed.justification_span or parsed.answer_span
    return quote_span(paper, *span) if span else None


def author_checklist(paper: Paper, checklist: Checklist) -> AuthorChecklist | None:
    """The authors' checklist as the scan.json ``author_checklist`` block, or None."""
    parsed = parse_checklist(paper)
    if parsed is None:
        return None
    kind, answers = parsed
    return AuthorChecklist(
        kind=kind,
        answers=[
            AuthorAnswer(number=p.number, question=p.question, answer=p.answer, items=p.items,
                         justification=_justification(paper, p), verdict=verdict(p, checklist))
            for p in answers
        ],
        unfilled=sum(p.answer in ("todo", "blank") for p in answers),
    )


def checklist_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``checklist_contradiction`` per Yes our scan cannot support; ``checklist_unfilled`` once."""
    parsed = parse_checklist(paper)
    if parsed is None:
        return []
    flags = [_contradiction(paper, p, checklist) for p in parsed[1] if verdict(p, checklist) == "contradicted"]
    unfilled = [p for p in parsed[1] if p.answer in ("todo", "blank")]
    if unfilled:
        flags.append(_unfilled(paper, unfilled, len(parsed[1])))
    return flags


def _contradiction(paper: Paper, parsed: ParsedAnswer, checklist: Checklist) -> RedFlag:
    just = _justification(paper, parsed)
    ours = [a for a in (_lookup(checklist, i) for i in parsed.items) if a is not None]
    theirs = cite(just) if just else f"p. {paper.page_at(parsed.answer_span[0]) if parsed.answer_span else '?'}"
    found = " ".join(a.justification for a in ours[:2])
    evidence = ([just] if just else []) + [e for a in ours for e in a.evidence][:2]
    return RedFlag(
        flag=f"Checklist says Yes to '{parsed.question[:60]}' but the paper does not show it",
        kind="checklist_contradiction",
        severity="medium",
        detail=f"In their checklist (question {parsed.number}) the authors answer Yes, justifying: {theirs}. "
               f"The scan of the body (the checklist itself does not count) disagrees for "
               f"{', '.join(parsed.items)}: {found}",
        evidence=evidence or None,
    )


def _unfilled(paper: Paper, unfilled: list[ParsedAnswer], total: int) -> RedFlag:
    first = unfilled[0]
    ev = quote_span(paper, *first.answer_span) if first.answer_span else None
    where = cite(ev) if ev else f"question {first.number}"
    share = "most" if 2 * len(unfilled) >= total else "some"
    return RedFlag(
        flag="Author checklist left unfilled",
        kind="checklist_unfilled",
        severity="medium" if share == "most" else "low",
        detail=f"{len(unfilled)} of the {total} questions of the authors' checklist are unanswered ([TODO] or blank), "
               f"e.g. question {first.number} ({first.question[:60]}): {where}."
               + (" The checklist was submitted as the unfilled template." if share == "most" else ""),
        evidence=[ev] if ev else None,
    )
