"""Agreement of the offline engine with the reference scans (``make eval``).

Every labelled corpus PDF (``CORPUS/labels/NAME.json`` beside ``CORPUS/NAME.pdf``) is scanned
with all modules on (the labels answer both modules) and each checklist item is compared on the
3-way label ``n/a`` (applies=false) / ``yes`` / ``no``. Printed: a per-item table, per-category
agreement, overall agreement with Cohen's kappa, and claims / cited_papers counts against the
reference. ``--json`` writes the same figures as JSON for CI.

Usage: ``python -m scanner.evaluate --corpus ../shared/corpus [--only NAME] [--json OUT]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.errors import InputError, ScannerError
from scanner.eval_findings import claims_matched, flag_recall, format_findings

log = logging.getLogger(__name__)
LABELS = ("n/a", "yes", "no")


def label_of(item: dict[str, Any]) -> str:
    """The 3-way label of a checklist item: ``n/a``, ``yes`` or ``no``."""
    if not item.get("applies", False):
        return "n/a"
    return "yes" if item.get("answer") else "no"


def cohen_kappa(pairs: Iterable[tuple[str, str]]) -> float:
    """Cohen's kappa of (predicted, reference) label pairs; 1.0 when chance agreement is total."""
    pairs = list(pairs)
    if not pairs:
        return 0.0
    n = len(pairs)
    observed = sum(p == r for p, r in pairs) / n
    pred = Counter(p for p, _ in pairs)
    ref = Counter(r for _, r in pairs)
    expected = sum(pred[k] * ref[k] for k in set(pred) | set(ref)) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


@dataclass
class PaperResult:
    """Comparison of one scan against its reference."""

    name: str
    pairs: dict[tuple[str, str], tuple[str, str]]
    claims: tuple[int, int]
    cited: tuple[int, int]
    cited_years: tuple[int, int]
    seconds: float
    claims_matched: tuple[int, int] = (0, 0)
    flag_recall: dict[str, tuple[int, int]] = field(default_factory=dict)

    def agreement(self) -> float:
        """Share of this paper's items where the 3-way label agrees."""
        return sum(a == b for a, b in self.pairs.values()) / max(1, len(self.pairs))


@dataclass
class Report:
    """All papers' comparisons and the figures derived from them."""

    papers: list[PaperResult] = field(default_factory=list)

    def _pairs(self) -> list[tuple[tuple[str, str], tuple[str, str]]]:
        return [(k, v) for p in self.papers for k, v in p.pairs.items()]

    def overall(self) -> float:
        """Share of items where the 3-way label agrees."""
        pairs = self._pairs()
        return sum(p == r for _, (p, r) in pairs) / len(pairs) if pairs else 0.0

    def kappa(self) -> float:
        """Cohen's kappa over all items."""
        return cohen_kappa(v for _, v in self._pairs())

    def by_category(self) -> dict[str, tuple[float, int]]:
        """Category -> (agreement, number of items compared)."""
        acc: dict[str, list[bool]] = {}
        for (cat, _), (p, r) in self._pairs():
            acc.setdefault(cat, []).append(p == r)
        return {c: (sum(v) / len(v), len(v)) for c, v in acc.items()}

    def by_item(self) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
        """(category, item) -> [(paper, predicted, reference)]."""
        out: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for paper in self.papers:
            for key, (p, r) in paper.pairs.items():
                out.setdefault(key, []).append((paper.name, p, r))
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "overall_agreement": round(self.overall(), 4),
            "kappa": round(self.kappa(), 4),
            "categories": {c: round(a, 4) for c, (a, _) in self.by_category().items()},
            "items": {f"{c}.{i}": round(sum(p == r for _, p, r in v) / len(v), 4)
                      for (c, i), v in self.by_item().items()},
            "papers": [
                {"name": p.name, "agreement": round(p.agreement(), 4), "claims": list(p.claims),
                 "cited_papers": list(p.cited), "cited_years_correct": list(p.cited_years),
                 "claims_matched": list(p.claims_matched),
                 "red_flag_recall": {k: list(v) for k, v in p.flag_recall.items()},
                 "seconds": round(p.seconds, 2)}
                for p in self.papers
            ],
        }


def _norm_title(title: str) -> str:
    return "".join(ch for ch in title.lower() if ch.isalnum())[:40]


def _cited_match(scan: list[dict[str, Any]], ref: list[dict[str, Any]]) -> tuple[int, int]:
    """(reference entries found with the same year, reference entries) by title prefix."""
    years: dict[str, set[int | None]] = {}
    for c in scan:
        years.setdefault(_norm_title(c.get("title", "")), set()).add(c.get("year"))
    keys = list(years)
    hit = 0
    for r in ref:
        t = _norm_title(r.get("title", ""))
        if not t:
            continue
        cand = [k for k in keys if k and (k.startswith(t[:25]) or t.startswith(k[:25]))]
        if any(r.get("year") in years[k] for k in cand):
            hit += 1
    return hit, len(ref)


def compare(name: str, scan: dict[str, Any], ref: dict[str, Any], seconds: float = 0.0) -> PaperResult:
    """Item-by-item comparison of ``scan`` with the reference ``ref``."""
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for cat, items in ref["checklist"].items():
        for item, ref_item in items.items():
            got = scan["checklist"].get(cat, {}).get(item)
            pairs[(cat, item)] = (label_of(got) if got else "missing", label_of(ref_item))
    return PaperResult(
        name=name,
        pairs=pairs,
        claims=(len(scan.get("claims", [])), len(ref.get("claims", []))),
        cited=(len(scan.get("cited_papers", [])), len(ref.get("cited_papers", []))),
        cited_years=_cited_match(scan.get("cited_papers", []), ref.get("cited_papers", [])),
        seconds=seconds,
        claims_matched=claims_matched(scan, ref),
        flag_recall=flag_recall(scan, ref),
    )


def scan_for_eval(pdf: Path) -> dict[str, Any]:
    """The offline scan of ``pdf`` with every module on (as the labels are)."""
    from scanner.pipeline import ScanOptions, scan_paper

    return scan_paper(str(pdf), ScanOptions(modules=["all"])).scan


def evaluate(corpus: Path, only: list[str] | None = None) -> Report:
    """Scan every labelled PDF of ``corpus`` and compare it with its reference scan."""
    labels = corpus / "labels"
    if not labels.is_dir():
        raise InputError(f"{labels}: no reference scans here",
                         hint="pass --corpus pointing at the shared corpus folder")
    report = Report()
    for ref_path in sorted(labels.glob("*.json")):
        name = ref_path.stem
        if only and not any(o in name for o in only):
            continue
        pdf = corpus / f"{name}.pdf"
        if not pdf.exists():
            log.warning("label %s has no PDF %s", ref_path.name, pdf.name)
            continue
        t0 = time.perf_counter()
        scan = scan_for_eval(pdf)
        report.papers.append(compare(name, scan, json.loads(ref_path.read_text()), time.perf_counter() - t0))
    return report


def _abbrev(name: str) -> str:
    return name[:14]


def format_report(report: Report) -> str:
    """The human-readable tables ``make eval`` prints."""
    lines = []
    names = [p.name for p in report.papers]
    lines.append("Papers: " + ", ".join(f"P{i + 1}={n}" for i, n in enumerate(names)))
    lines.append("Cells: predicted/reference as -=n/a, Y=yes, N=no; '.' = agree")
    short = {"n/a": "-", "yes": "Y", "no": "N", "missing": "?"}
    header = f"{'item':<42} {'agree':>6}  " + " ".join(f"P{i + 1:<3}" for i in range(len(names)))
    lines.append(header)
    current = None
    for (cat, item), rows in report.by_item().items():
        if cat != current:
            current = cat
            lines.append(f"[{cat}]")
        agree = sum(p == r for _, p, r in rows) / len(rows)
        cells = " ".join((" .  " if p == r else f"{short[p]}/{short[r]} ") for _, p, r in rows)
        lines.append(f"  {item:<40} {agree:6.2f}  {cells}")
    lines.append("")
    lines.append("Per category:")
    for cat, (acc, n) in report.by_category().items():
        mark = "" if acc >= 0.70 else "   <-- below 0.70"
        lines.append(f"  {cat:<28} {acc:6.3f}  (n={n}){mark}")
    lines.append("")
    lines.append(f"{'paper':<58} {'agree':>6} {'claims':>9} {'cited':>9} {'cited+yr':>9} {'sec':>6}")
    for p in report.papers:
        lines.append(f"{p.name:<58} {p.agreement():6.3f} {p.claims[0]:>4}/{p.claims[1]:<4} "
                     f"{p.cited[0]:>4}/{p.cited[1]:<4} {p.cited_years[0]:>4}/{p.cited_years[1]:<4} "
                     f"{p.seconds:6.2f}")
    hit = sum(p.cited_years[0] for p in report.papers)
    total = sum(p.cited_years[1] for p in report.papers)
    lines.append("")
    lines += format_findings([(p.name, p.claims_matched, p.flag_recall) for p in report.papers])
    lines.append(f"Cited papers found with correct year: {hit}/{total} = {hit / max(1, total):.3f}")
    lines.append(f"Overall item agreement: {report.overall():.3f}   Cohen's kappa: {report.kappa():.3f}   "
                 f"({len(report._pairs())} items, {len(report.papers)} papers)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI entry: print the agreement report; exit 0 (figures are informative, not a gate)."""
    parser = argparse.ArgumentParser(prog="python -m scanner.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus folder holding labels/")
    parser.add_argument("--only", action="append",
                        help="evaluate only papers whose name contains this (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        report = evaluate(args.corpus, args.only)
    except ScannerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(format_report(report))
    if args.json:
        from scanner.output import dump_json, write_text_atomic

        write_text_atomic(args.json, dump_json(report.as_dict()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
