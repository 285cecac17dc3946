"""The Markdown report of a scan: paper, claims, checklist tables, red flags."""

from __future__ import annotations

from typing import Any


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _mark(item: dict[str, Any]) -> str:
    if not item["applies"]:
        return "n/a"
    return "yes" if item["answer"] else "**no**"


def render_markdown(scan: dict[str, Any]) -> str:
    """A readable Markdown report of ``scan``."""
    p = scan["paper"]
    lines = [f"# {p['title']}", ""]
    meta = [", ".join(p["authors"][:8]) or "authors unknown", str(p.get("year") or "year unknown"), p.get("venue", "")]
    if p.get("arxiv_id"):
        meta.append(f"arXiv:{p['arxiv_id']}")
    lines += [" · ".join(m for m in meta if m), ""]
    prov = scan.get("provenance") or {}
    if prov:
        lines += [f"_Scanned by paper-scan {prov.get('tool_version')} ({prov.get('engine')} engine"
                  + (f", model {prov['model']}" if prov.get("model") else "")
                  + f"), input sha256 {prov.get('input_sha256', '')[:12]}…_", ""]
    lines += ["## Key findings", "", scan["key_findings"], ""]
    lines += ["## Claims", "", "| claim | support | evidence |", "|---|---|---|"]
    for c in scan["claims"]:
        lines.append(f"| {_cell(c['claim'])} | {c['supported']} | {_cell(c['evidence'])} |")
    lines += ["", "## Checklist", ""]
    for cat, items in scan["checklist"].items():
        applicable = [i for i in items.values() if i["applies"]]
        yes = sum(1 for i in applicable if i["answer"])
        lines += [f"### {cat.replace('_', ' ').capitalize()} ({yes}/{len(applicable)} applicable items met)", "",
                  "| item | answer | justification |", "|---|---|---|"]
        for item_id, item in items.items():
            lines.append(f"| {item_id} | {_mark(item)} | {_cell(item['justification'])} |")
        lines.append("")
    lines += ["## Red flags", ""]
    if not scan["red_flags"]:
        lines.append("None raised.")
    for f in scan["red_flags"]:
        sev = f" ({f['severity']})" if f.get("severity") else ""
        lines.append(f"- **{_cell(f['flag'])}**{sev}: {_cell(f['detail'])}")
    lines += ["", f"## References ({len(scan['cited_papers'])} parsed)", ""]
    for c in scan["cited_papers"][:200]:
        lines.append(f"- {_cell(c['title'])} ({c.get('year') or 'n.d.'})")
    return "\n".join(lines) + "\n"
