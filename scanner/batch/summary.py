"""The batch summaries: ``summary.csv``, ``summary.md`` and a self-contained ``summary.html``.

One row per paper (id, title, year, per-category yes-rate, red-flag count, statistics
inconsistencies, engine) plus the list's checklist coverage: for every item, the share of the
papers it applies to that do it (release code, report variance, ...). The HTML page has a
sortable table and an inline SVG bar chart; it loads nothing from the network.
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.output import write_text_atomic

from .lists import Entry

log = logging.getLogger(__name__)

STATS_KINDS = ("statistics_inconsistency",)
STATS_VERDICTS = ("inconsistent", "decision_inconsistent")


@dataclass
class Row:
    """One paper's line in the summary."""

    id: str
    title: str
    year: int | None
    engine: str
    red_flags: int
    stats_inconsistencies: int
    yes_rate: dict[str, float | None]
    source: str


@dataclass
class Coverage:
    """Per checklist item: papers it applies to and papers answering yes."""

    applies: dict[tuple[str, str], int] = field(default_factory=dict)
    yes: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, checklist: dict[str, dict[str, Any]]) -> None:
        """Count one paper's checklist."""
        for cat, items in checklist.items():
            for item, ans in items.items():
                key = (cat, item)
                self.applies.setdefault(key, 0)
                self.yes.setdefault(key, 0)
                if ans.get("applies"):
                    self.applies[key] += 1
                    self.yes[key] += 1 if ans.get("answer") else 0

    def share(self, key: tuple[str, str]) -> float | None:
        """Share of applicable papers answering yes (None when it applied to none)."""
        n = self.applies.get(key, 0)
        return self.yes.get(key, 0) / n if n else None


def paper_row(name: str, scan: dict[str, Any]) -> Row:
    """The summary row of one scan."""
    rates: dict[str, float | None] = {}
    for cat, items in scan.get("checklist", {}).items():
        applicable = [a for a in items.values() if a.get("applies")]
        rates[cat] = sum(1 for a in applicable if a.get("answer")) / len(applicable) if applicable else None
    flags = scan.get("red_flags", [])
    prov = scan.get("provenance") or {}
    paper = scan.get("paper", {})
    return Row(
        id=name,
        title=paper.get("title", ""),
        year=paper.get("year"),
        engine=prov.get("engine", ""),
        red_flags=len(flags),
        stats_inconsistencies=stats_inconsistencies(scan),
        yes_rate=rates,
        source=prov.get("source", ""),
    )


def stats_inconsistencies(scan: dict[str, Any]) -> int:
    """Recomputed statistics that disagree with the paper (red flags when no statistics block)."""
    results = scan.get("statistics")
    if results is not None:
        return sum(1 for r in results if r.get("verdict") in STATS_VERDICTS)
    return sum(1 for f in scan.get("red_flags", []) if f.get("kind") in STATS_KINDS)


def collect(out_dir: Path, entries: list[Entry]) -> tuple[list[Row], Coverage]:
    """Rows and coverage from the scans on disk (read one at a time: memory stays flat)."""
    rows, coverage = [], Coverage()
    for entry in entries:
        path = out_dir / f"{entry.name}.scan.json"
        try:
            scan = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("%s: scan missing or unreadable, left out of the summary", path)
            continue
        rows.append(paper_row(entry.name, scan))
        coverage.add(scan.get("checklist", {}))
    return rows, coverage


def write_summaries(out_dir: Path, entries: list[Entry], failures: list[dict[str, Any]]) -> None:
    """Write summary.csv, summary.md and summary.html into ``out_dir`` (atomically)."""
    rows, coverage = collect(out_dir, entries)
    cats = _categories(rows)
    write_text_atomic(out_dir / "summary.csv", render_csv(rows, cats, failures))
    write_text_atomic(out_dir / "summary.md", render_md(rows, cats, coverage, failures))
    write_text_atomic(out_dir / "summary.html", render_html(rows, cats, coverage, failures))


def _categories(rows: list[Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row.yes_rate))
    return list(seen)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{round(100 * value)}%"


def render_csv(rows: list[Row], cats: list[str], failures: list[dict[str, Any]]) -> str:
    """One line per paper; failed entries have status ``failed`` and their reason."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "status",
            "title",
            "year",
            *[f"yes_rate_{c}" for c in cats],
            "red_flags",
            "stats_inconsistencies",
            "engine",
            "source",
            "reason",
        ]
    )
    for r in rows:
        rates = ["" if r.yes_rate.get(c) is None else f"{r.yes_rate[c]:.3f}" for c in cats]
        writer.writerow(
            [
                r.id,
                "ok",
                r.title,
                r.year or "",
                *rates,
                r.red_flags,
                r.stats_inconsistencies,
                r.engine,
                r.source,
                "",
            ]
        )
    for f in failures:
        writer.writerow(
            [f["id"] or "", "failed", "", "", *[""] * len(cats), "", "", "", f["source"], f["reason"]]
        )
    return buf.getvalue()


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _coverage_lines(coverage: Coverage) -> list[tuple[str, str, float, int, int]]:
    out = []
    for key in sorted(coverage.applies):
        share = coverage.share(key)
        if share is not None:
            out.append((key[0], key[1], share, coverage.yes[key], coverage.applies[key]))
    return out


def render_md(rows: list[Row], cats: list[str], coverage: Coverage, failures: list[dict[str, Any]]) -> str:
    """Totals, checklist coverage across the list, the per-paper table and the failures."""
    lines = [
        "# Batch summary",
        "",
        f"{len(rows)} papers scanned, {len(failures)} failed or unsupported.",
        "",
        "## Checklist coverage",
        "",
        "Share of the papers an item applies to that do it.",
        "",
        "| category | item | yes | papers |",
        "| --- | --- | ---: | ---: |",
    ]
    for cat, item, share, yes, n in _coverage_lines(coverage):
        lines.append(f"| {cat} | {item} | {_pct(share)} | {yes}/{n} |")
    lines += [
        "",
        "## Papers",
        "",
        "| " + " | ".join(["id", "title", "year", *cats, "red flags", "stats", "engine"]) + " |",
        "|" + " --- |" * (6 + len(cats)),
    ]
    for r in rows:
        cells = [
            r.id,
            r.title,
            r.year or "",
            *[_pct(r.yes_rate.get(c)) for c in cats],
            r.red_flags,
            r.stats_inconsistencies,
            r.engine,
        ]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    if failures:
        lines += ["", "## Failed", "", "| entry | source | reason |", "| --- | --- | --- |"]
        lines += [
            f"| {_md_cell(f['id'] or f['origin'])} | {_md_cell(f['source'])} | {_md_cell(f['reason'])} |"
            for f in failures
        ]
    return "\n".join(lines) + "\n"


_CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 6px}th{background:#eee;cursor:pointer;user-select:none}
th:after{content:" \\2195";color:#999}td.n{text-align:right}.bar{fill:#3a7bd5}text{font-size:12px}"""
_JS = """
document.querySelectorAll("table.sortable th").forEach(function (th, i) {
  th.onclick = function () {
    var b = th.closest("table").tBodies[0], rows = Array.from(b.rows), asc = th.dataset.asc !== "1";
    th.dataset.asc = asc ? "1" : "0";
    function key(r) { var c = r.cells[i]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; }
    rows.sort(function (x, y) {
      var a = key(x), c = key(y), p = parseFloat(a), q = parseFloat(c);
      var r = (!isNaN(p) && !isNaN(q)) ? p - q : a.localeCompare(c);
      return asc ? r : -r;
    });
    rows.forEach(function (r) { b.appendChild(r); });
  };
});
"""


def _svg_chart(coverage: Coverage) -> str:
    """Horizontal bars: share of applicable papers answering yes, per checklist item."""
    data = _coverage_lines(coverage)
    label_w, bar_w, h = 330, 360, 18
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 80}" '
        f'height="{h * len(data) + 10}" role="img" aria-label="checklist coverage">'
    ]
    for i, (cat, item, share, yes, n) in enumerate(data):
        y = i * h + 4
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{html.escape(cat)} / '
            f"{html.escape(item)}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{h - 4}" fill="#eee"/>')
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y}" width="{share * bar_w:.1f}" height="{h - 4}"/>'
        )
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 12}">{_pct(share)} ({yes}/{n})</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _td(value: object, sort: float | int | None = None) -> str:
    attr = "" if sort is None else f' data-v="{sort}" class="n"'
    return f"<td{attr}>{html.escape(str(value))}</td>"


def render_html(rows: list[Row], cats: list[str], coverage: Coverage, failures: list[dict[str, Any]]) -> str:
    """A single HTML file: coverage chart, sortable paper table, failures; no external resources."""
    head = "".join(
        f"<th>{html.escape(h)}</th>" for h in ["id", "title", "year", *cats, "red flags", "stats", "engine"]
    )
    body = []
    for r in rows:
        rates = "".join(
            _td(_pct(r.yes_rate.get(c)), -1 if r.yes_rate.get(c) is None else r.yes_rate[c]) for c in cats
        )
        body.append(
            f"<tr>{_td(r.id)}{_td(r.title)}{_td(r.year or '', r.year or 0)}{rates}"
            f"{_td(r.red_flags, r.red_flags)}{_td(r.stats_inconsistencies, r.stats_inconsistencies)}"
            f"{_td(r.engine)}</tr>"
        )
    fails = "".join(
        f"<tr>{_td(f['id'] or f['origin'])}{_td(f['source'])}{_td(f['reason'])}</tr>" for f in failures
    )
    fail_html = (
        (
            f'<h2>Failed ({len(failures)})</h2><table class="sortable"><thead><tr><th>entry</th>'
            f"<th>source</th><th>reason</th></tr></thead><tbody>{fails}</tbody></table>"
        )
        if failures
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Batch summary</title>'
        f"<style>{_CSS}</style></head><body><h1>Batch summary</h1>"
        f"<p>{len(rows)} papers scanned, {len(failures)} failed or unsupported.</p>"
        f"<h2>Checklist coverage</h2><p>Share of the papers an item applies to that do it.</p>"
        f'{_svg_chart(coverage)}<h2>Papers</h2><table class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{fail_html}<script>{_JS}</script></body></html>\n"
    )
