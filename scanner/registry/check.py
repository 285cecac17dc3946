"""Which numbers of a draft no recorded run backs (the check behind ``--registry`` and the hook).

A number is backed when its annotation names a run that succeeded and recorded that value
(rounding-aware, percentages vs fractions: :func:`scanner.numbers.matches`). Annotated numbers
are checked wherever they are; unannotated numbers are checked in the sections that carry
results and claims (:data:`CHECKED_KINDS`) and pass only when some successful run recorded the
value. Each failure is a :class:`Finding` with ``file:line``; :func:`registry_red_flags` turns
them into ``unsupported_number`` red flags for a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.errors import InputError, UsageError
from scanner.evidence import cite, quote_span, sentence_evidence
from scanner.models import Evidence, RedFlag
from scanner.numbers import Number, matches
from scanner.paper import Paper
from scanner.registry.db import Registry, Run
from scanner.registry.draftlines import DraftNumber, draft_numbers, is_latex, own_kinds

CHECKED_KINDS = frozenset({"abstract", "introduction", "results", "experiments", "discussion", "conclusion"})
FLAG_PREFIX = "Number without a recorded run"


@dataclass(frozen=True)
class Finding:
    """A draft number that no run backs, and why."""

    file: str
    line: int
    literal: str
    reason: str
    runs: tuple[str, ...]

    @property
    def where(self) -> str:
        """``file:line``."""
        return f"{self.file}:{self.line}"

    def message(self) -> str:
        """One line for the terminal: ``file:line: 0.912 reason``."""
        return f"{self.where}: {self.literal} {self.reason}"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"file": self.file, "line": self.line, "number": self.literal, "reason": self.reason,
                "runs": list(self.runs)}


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def closest_value(num: Number, run: Run) -> tuple[str, float] | None:
    """The run's recorded value nearest to ``num`` (any of value, x100, /100)."""
    def distance(item: tuple[str, float]) -> float:
        v = item[1]
        return min(abs(c - num.value) / max(abs(num.value), 1e-12) for c in (v, v * 100, v / 100))

    return min(run.results.items(), key=distance, default=None)


def _run_reason(num: Number, run_id: str, run: Run | None) -> str | None:
    """None when ``run`` backs ``num``; else why not."""
    if run is None:
        return f"cites run {run_id}, which is not in the registry"
    if not run.ok:
        return f"cites run {run_id}, which failed (exit {run.exit_code}: {run.note}) and backs no number"
    if any(matches(num, v) for v in run.results.values()):
        return None
    near = closest_value(num, run)
    if near is None:
        return f"cites run {run_id}, which recorded no result values"
    return f"cites run {run_id}, which recorded {_fmt(near[1])} ({near[0]}), not {num.literal}"


def check_number(dn: DraftNumber, runs: dict[str, Run]) -> Finding | None:
    """A Finding when ``dn`` is not backed, else None."""
    if dn.runs:
        reasons = [_run_reason(dn.number, rid, runs.get(rid)) for rid in dn.runs]
        if any(r is None for r in reasons):
            return None
        return Finding(dn.file, dn.line, dn.number.literal, "; ".join(r for r in reasons if r), dn.runs)
    if dn.kind not in CHECKED_KINDS:
        return None
    if any(run.ok and any(matches(dn.number, v) for v in run.results.values()) for run in runs.values()):
        return None
    return Finding(dn.file, dn.line, dn.number.literal,
                   "has no run annotation and no successful recorded run has this value", ())


def check_numbers(numbers: Iterable[DraftNumber], runs: dict[str, Run]) -> list[Finding]:
    """Findings for every unbacked number, in draft order."""
    return [f for dn in numbers if (f := check_number(dn, runs)) is not None]


def load_runs(registry: str | Path) -> dict[str, Run]:
    """Every run of the registry by id."""
    with Registry(registry) as reg:
        return {r.run_id: r for r in reg.runs()}


def check_files(paths: Iterable[str | Path], registry: str | Path) -> list[Finding]:
    """Check draft files read on their own (the pre-commit path), sections from their headings."""
    runs = load_runs(registry)
    found: list[Finding] = []
    for path in paths:
        p = Path(path)
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: cannot read the draft ({exc})", hint="check the draft's path") from exc
        found += check_numbers(draft_numbers(str(path), lines, own_kinds(lines, is_latex(str(p)))), runs)
    return found


def paper_sources(paper: Paper) -> dict[str, list[str]]:
    """Raw lines of a draft's files: the ingester's copy, else the file itself."""
    sources: dict[str, list[str]] | None = getattr(paper, "sources", None)
    if sources:
        return sources
    try:
        return {paper.source: Path(paper.source).read_text(encoding="utf-8").splitlines()}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{paper.source}: cannot read the draft's lines ({exc})") from exc


def paper_kinds(paper: Paper, file: str, lines: list[str]) -> list[str | None]:
    """Section kind of each raw line of ``file`` from the Paper's sections (own headings if unmapped)."""
    offsets = {s.line: s.offset for s in paper.source_lines if s.file == file}
    if not offsets:
        return own_kinds(lines, is_latex(file))
    kinds: list[str | None] = []
    current: str | None = None
    for no in range(1, len(lines) + 1):
        if no in offsets:
            sec = paper.section_at(offsets[no])
            current = sec.kind if sec else None
        kinds.append(current)
    return kinds


def check_paper(paper: Paper, registry: str | Path) -> list[tuple[Finding, int | None]]:
    """Findings for a draft Paper, each with the text offset of its line (None if not mapped)."""
    runs = load_runs(registry)
    out: list[tuple[Finding, int | None]] = []
    for file, lines in paper_sources(paper).items():
        offsets = {s.line: s.offset for s in paper.source_lines if s.file == file}
        numbers = draft_numbers(file, lines, paper_kinds(paper, file, lines))
        out += [(f, offsets.get(f.line)) for f in check_numbers(numbers, runs)]
    return out


def line_evidence(paper: Paper, literal: str, line_offset: int | None) -> Evidence | None:
    """Grounded quote of the draft line holding the number (its sentence when the line is short)."""
    if line_offset is None:
        return None
    end = paper.text.find("\n", line_offset)
    end = end if end >= 0 else len(paper.text)
    ev = quote_span(paper, line_offset, end)
    if ev is None or literal not in ev.quote:
        pos = paper.text.find(literal, line_offset, end)
        ev = sentence_evidence(paper, pos if pos >= 0 else line_offset)
    return ev


def registry_red_flags(paper: Paper, registry: str | Path) -> list[RedFlag]:
    """``unsupported_number`` red flags for every number of the draft no run backs."""
    flags = []
    for finding, offset in check_paper(paper, registry):
        ev = line_evidence(paper, finding.literal, offset)
        quoted = f" In the draft: {cite(ev)}." if ev else ""
        reason = finding.reason.replace('"', "'")
        flags.append(RedFlag(flag=f"{FLAG_PREFIX}: {finding.literal} at {finding.where}",
                             kind="unsupported_number", severity="high",
                             detail=f"{finding.where}: {finding.literal} {reason}.{quoted}",
                             evidence=[ev] if ev else None))
    return flags


def registry_check(registry: str | Path) -> Callable[[Paper], list[RedFlag]]:
    """The extra scan check behind ``scan DRAFT --registry FILE`` (refuses non-draft papers)."""
    load_runs(registry)  # fail before the scan when the registry is missing or unreadable

    def check(paper: Paper) -> list[RedFlag]:
        if not paper.source_lines and not is_latex(paper.source) and not paper.source.lower().endswith(".md"):
            raise UsageError(f"--registry checks Markdown/LaTeX drafts, not {paper.source}",
                             hint="scan the .md or .tex draft, or drop --registry")
        return registry_red_flags(paper, registry)

    return check


def gate(scan: dict[str, Any]) -> int:
    """Exit code of the registry check for a written scan: 1 when any number is unbacked."""
    bad = [f for f in scan.get("red_flags", [])
           if f.get("kind") == "unsupported_number" and str(f.get("flag", "")).startswith(FLAG_PREFIX)]
    return 1 if bad else 0
