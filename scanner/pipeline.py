"""ingest -> select rubrics -> answer -> claims, flags, citations -> validate -> scan dict.

:func:`scan_paper` is the library entry point every front end (single scan, batch, CI gate)
goes through, so all of them produce the same, validated scan.json.
"""

from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scanner import __version__
from scanner.answer.rules import answer_rubrics
from scanner.citations import cited_papers
from scanner.claims import extract_claims, key_findings
from scanner.detectors.base import Answer
from scanner.detectors.facts import Facts
from scanner.ingest import load_paper
from scanner.integrity import author_checklist, hidden_text
from scanner.models import ChecklistItem, PaperInfo, Provenance, Scan
from scanner.options import ScanOptions as ScanOptions  # re-exported; defined apart for light front ends
from scanner.paper import Paper
from scanner.red_flags import red_flags
from scanner.rubrics.loader import load_rubrics
from scanner.rubrics.registry import detectors, installed_plugins
from scanner.rubrics.select import select_rubrics
from scanner.rubrics.spec import Rubric
from scanner.statistics import statistics
from scanner.validate import validate_scan

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    """A finished scan: the validated JSON-ready dict and the paper it was made from."""

    scan: dict[str, Any]
    paper: Paper


def paper_info(paper: Paper) -> PaperInfo:
    """The bibliographic block as far as the PDF itself tells it."""
    return PaperInfo(
        title=paper.title or paper.metadata.get("title", "") or "untitled",
        authors=paper.authors,
        year=paper.year,
        venue=paper.metadata.get("venue", "unknown"),
        arxiv_id=paper.metadata.get("arxiv_id"),  # set by ingest.arxiv from the arXiv API
        doi=paper.metadata.get("doi"),
    )


def checklist_items(
    answers: dict[str, dict[str, Answer]], engines: dict[str, dict[str, str]] | None = None
) -> dict[str, dict[str, ChecklistItem]]:
    """Answers as scan.json checklist items (evidence kept as the optional extension)."""
    engines = engines or {}  # category -> item -> 'llm' / 'llm->rules'; 'rules' when absent
    return {
        cat: {
            item: ChecklistItem(applies=a.applies, answer=a.answer and a.applies, justification=a.justification,
                                evidence=a.evidence or None, engine=engines.get(cat, {}).get(item, "rules"))
            for item, a in items.items()
        }
        for cat, items in answers.items()
    }


@lru_cache(maxsize=4)
def _all_rubrics(_plugins: frozenset[str] = frozenset()) -> tuple[Rubric, ...]:
    """Every rubric file, loaded once per process and checked against the detectors."""
    return tuple(load_rubrics(known_detectors=detectors()))


def load_active_rubrics(paper_tags: list[str], modules: list[str] | None) -> list[Rubric]:
    """Rubric files checked against the registered detectors, then selected for this paper."""
    return select_rubrics(list(_all_rubrics(installed_plugins())), paper_tags, modules)


def build_scan(paper: Paper, options: ScanOptions) -> dict[str, Any]:
    """Answer every active rubric for ``paper`` and return the validated scan dict."""
    facts = Facts(paper)
    tags = facts.methodology_tags
    rubrics = load_active_rubrics(tags, options.modules)
    answers = answer_rubrics(paper, facts, rubrics, detectors())
    llm = None
    if options.engine == "llm":  # offline answers stay: passage pointers and per-item fallback
        from scanner.answer.llm import answer_for_options

        llm = answer_for_options(paper, rubrics, answers, options)
        answers = llm.answers
    claims = extract_claims(paper)
    findings = key_findings(paper, claims)
    flags = red_flags(paper, facts, answers) + [flag for extra in options.extra_checks for flag in extra(paper)]
    if llm is not None:  # verified model claims/findings over the offline ones; offline flags all stay
        claims, findings, flags = llm.merged_findings(claims, findings, flags)
    scan = Scan(
        paper=options.paper_info or paper_info(paper),
        scan_version=2,
        active_modules=[r.id for r in rubrics if r.is_module],
        methodology_tags=tags,
        key_findings=findings,
        claims=claims,
        checklist=checklist_items(answers, llm.engines if llm else None),
        red_flags=flags,
        cited_papers=cited_papers(paper),
        statistics=statistics(paper) or None,
        hidden_text=hidden_text(paper) or None,
        author_checklist=author_checklist(paper, answers),
        provenance=Provenance(
            tool_version=__version__,
            rubric_versions={r.id: r.version for r in rubrics},
            engine=options.engine,
            model=llm.model if llm else None,
            llm=llm.provenance() if llm else None,
            parser=paper.parser,
            parser_version=paper.parser_version,
            source=paper.source,
            input_sha256=paper.sha256,
            pages=paper.page_count,
            created=_dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
            notes=(options.notes + (llm.notes if llm else [])) or None,
        ),
    )
    data = scan.model_dump(mode="json")
    validate_scan(data, required_items={r.id: [q.id for q in r.questions] for r in rubrics})
    return data


def scan_paper(source: str, options: ScanOptions | None = None) -> ScanResult:
    """Ingest ``source`` and scan it."""
    options = options or ScanOptions()
    paper = load_paper(source, offline=options.offline, cache_dir=options.cache_dir)
    return ScanResult(scan=build_scan(paper, options), paper=paper)
