"""Numbers that must trace to runs: every result number of a draft must be in a result file.

``--evidence DIR`` names a folder of result files (``.json``, ``.jsonl``, ``.csv``, searched
recursively). Every number in the draft's abstract, results sections and claims must be a
rounding of some recorded value (:func:`scanner.numbers.matches`: 0.945 matches 0.94512); the
others become red flags of kind ``unsupported_number`` located at ``file:line``. Section and
table/figure numbers, years, citation labels and numbers inside URLs are not results.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.claims import extract_claims
from scanner.errors import UsageError
from scanner.evidence import cite, quote_span, sentence_at
from scanner.models import RedFlag
from scanner.numbers import Number, matches, parse_number, result_numbers
from scanner.paper import Paper
from scanner.text import normalize

RESULT_SUFFIXES = (".json", ".jsonl", ".csv")
SCOPE_KINDS = ("abstract", "results", "conclusion", "discussion")
_SETUP_TITLE = re.compile(r"setup|setting|implementation|detail|hyperparam|protocol|dataset|data", re.I)
_URLISH = re.compile(r"://|www\.|/|@")


@dataclass(frozen=True)
class RecordedValue:
    """A number found in a result file."""

    value: float
    file: str


def _numbers_in(obj: Any) -> Iterator[float]:
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        if math.isfinite(obj):
            yield float(obj)
    elif isinstance(obj, str):
        num = parse_number(obj)
        if num is not None:
            yield num.value
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _numbers_in(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _numbers_in(v)


def _read_file(path: Path) -> list[float]:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        if path.suffix == ".json":
            return list(_numbers_in(json.loads(text)))
        if path.suffix == ".jsonl":
            return [v for line in text.splitlines() if line.strip() for v in _numbers_in(json.loads(line))]
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: invalid JSON in a result file (line {exc.lineno}: {exc.msg})",
            hint="fix the file or move it out of the --evidence folder",
        ) from exc
    return [v for row in csv.reader(text.splitlines()) for v in _numbers_in(row)]


def load_evidence(folder: str | Path) -> list[RecordedValue]:
    """Every number in the result files under ``folder`` (UsageError if there are none)."""
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(
            f"{root}: --evidence must be a folder of result files", hint="e.g. --evidence results/"
        )
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() in RESULT_SUFFIXES and p.is_file())
    if not files:
        raise UsageError(
            f"{root}: no .json, .jsonl or .csv result files found",
            hint="point --evidence at the folder your experiments write their results to",
        )
    return [RecordedValue(v, p.relative_to(root).as_posix()) for p in files for v in _read_file(p)]


def _effective_kind(paper: Paper, index: int) -> str:
    """A section's kind, or for an unnamed subsection the kind of the section it belongs to."""
    kind, level = paper.sections[index].kind, paper.sections[index].level
    for parent in reversed(paper.sections[:index]):
        if kind != "other":
            break
        if parent.level < level:
            kind, level = parent.kind, parent.level
    return kind


def traced_spans(paper: Paper) -> list[tuple[int, int]]:
    """Spans whose numbers must trace: abstract, results-like sections, and the main claims."""
    spans = []
    for i, sec in enumerate(paper.sections):
        kind = _effective_kind(paper, i)
        if kind in SCOPE_KINDS or (kind == "experiments" and not _SETUP_TITLE.search(sec.title)):
            spans.append((sec.start + len(sec.title), sec.end))
    for claim in extract_claims(paper):
        for ev in claim.locations or []:
            at = paper.search_text.find(normalize(ev.quote))
            if at >= 0:
                spans.append((at, at + len(ev.quote)))
    return spans


def _heading_spans(paper: Paper) -> list[tuple[int, int]]:
    return [(s.start, s.start + len(s.title)) for s in paper.sections]


def _in_url(text: str, num: Number) -> bool:
    left = text.rfind(" ", 0, num.start) + 1
    right = text.find(" ", num.end)
    return bool(_URLISH.search(text[left : right if right >= 0 else len(text)]))


def claimed_numbers(paper: Paper) -> list[Number]:
    """Result-like numbers of the traced spans, once each, in document order."""
    heads = _heading_spans(paper)
    seen: dict[int, Number] = {}
    for start, end in traced_spans(paper):
        for n in result_numbers(paper.text[start:end]):
            at = Number(n.literal, n.value, n.decimals, n.percent, n.start + start, n.end + start)
            if any(a <= at.start < b for a, b in heads) or _in_url(paper.text, at):
                continue
            if paper.in_references(at.start) or paper.in_checklist(at.start):
                continue
            seen.setdefault(at.start, at)
    return [seen[k] for k in sorted(seen)]


def untraced_numbers(paper: Paper, values: list[RecordedValue]) -> list[Number]:
    """The claimed numbers that match no recorded value."""
    return [n for n in claimed_numbers(paper) if not any(matches(n, v.value) for v in values)]


def unsupported_number_flags(paper: Paper, values: list[RecordedValue], folder: str) -> list[RedFlag]:
    """One ``unsupported_number`` red flag per untraced number, located at file:line (or page)."""
    flags = []
    for num in untraced_numbers(paper, values):
        s, e = sentence_at(paper, num.start, limit=110)
        src = paper.source_line_at(num.start)
        if src is not None:  # quote from the number's own line, so the evidence points at it
            s = max(s, src.offset)
        ev = quote_span(paper, s, e)
        where = f"{src.file}:{src.line}" if src else f"p. {paper.page_at(num.start)}"
        said = f" in {cite(ev)}" if ev else ""
        flags.append(
            RedFlag(
                flag=f"Number {num.literal} traces to no result file",
                kind="unsupported_number",
                severity="high",
                detail=f"{where} states {num.literal}{said}, but no value in the result files under {folder} "
                "rounds to it: rerun the experiment that produced it and save its output, or remove it.",
                evidence=[ev] if ev else None,
            )
        )
    return flags


def evidence_check(folder: str) -> Callable[[Paper], list[RedFlag]]:
    """A ScanOptions extra check: load ``folder`` now (errors before the scan), flag untraced numbers."""
    values = load_evidence(folder)

    def check(paper: Paper) -> list[RedFlag]:
        return unsupported_number_flags(paper, values, folder)

    return check
