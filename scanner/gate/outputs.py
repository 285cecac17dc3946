"""Gate results for CI: GitHub annotations, SARIF 2.1.0, JUnit XML and a Markdown summary (pure).

File paths in annotations and SARIF are relative to the current folder (the repository root in
CI), so GitHub can attach them to the draft's lines; for PDFs the path is the PDF and the page
goes into the message.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scanner import __version__
from scanner.gate.evaluate import Check, GateResult, Location, Offence

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_path(source: str, location: Location | None) -> str | None:
    """The path CI knows the offending file by (relative to the current folder when possible)."""
    if not source or source.startswith(("http://", "https://")):
        return None
    base = Path(source)
    target = base.parent / location.file if location and location.file else base
    try:
        rel = os.path.relpath(target)
    except ValueError:  # another drive on Windows
        rel = str(target)
    return Path(rel).as_posix()


def _entries(result: GateResult) -> Iterator[tuple[Check, Offence | None]]:
    """(check, offence) pairs worth reporting: failures, and waived offences as notes."""
    for check in result.checks:
        failing = [o for o in check.offences if o.waiver is None]
        if not check.passed:
            yield from ((check, o) for o in failing) if failing else [(check, None)]
        yield from ((check, o) for o in check.offences if o.waiver is not None)


def _text(check: Check, offence: Offence | None) -> str:
    if offence is None:
        return f"{check.title}: {check.message}"
    where = offence.location.label() if offence.location and not offence.location.file else ""
    text = f"{check.title}: {offence.message}" + (f" ({where})" if where else "")
    if offence.waiver:
        text += f" [waived until {offence.waiver.expires.isoformat()}: {offence.waiver.reason}]"
    return text


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_annotations(result: GateResult) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...::message``), one per line."""
    lines = []
    for check, offence in _entries(result):
        loc = offence.location if offence else None
        props = []
        path = artifact_path(result.source, loc)
        if path:
            props.append(f"file={_escape_prop(path)}")
            if loc and loc.file and loc.line:
                props.append(f"line={loc.line}")
        props.append(f"title={_escape_prop('paper-scan ' + check.rule)}")
        level = "notice" if offence and offence.waiver else "error"
        lines.append(f"::{level} {','.join(props)}::{_escape_data(_text(check, offence))}")
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(result: GateResult) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one rule per policy rule, one result per failure or waived offence."""
    rules = [
        {
            "id": c.rule,
            "name": c.rule.replace("/", "_").replace(".", "_"),
            "shortDescription": {"text": c.title},
            "defaultConfiguration": {"level": "error"},
        }
        for c in result.checks
    ]
    index = {c.rule: i for i, c in enumerate(result.checks)}
    results = []
    for check, offence in _entries(result):
        loc = offence.location if offence else None
        item: dict[str, Any] = {
            "ruleId": check.rule,
            "ruleIndex": index[check.rule],
            "level": "error",
            "message": {"text": _text(check, offence)},
        }
        path = artifact_path(result.source, loc)
        if path:
            physical: dict[str, Any] = {"artifactLocation": {"uri": path}}
            if loc and loc.file and loc.line:
                physical["region"] = {"startLine": loc.line}
            item["locations"] = [{"physicalLocation": physical}]
        if offence and offence.waiver:
            item["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{offence.waiver.reason} (until {offence.waiver.expires})",
                }
            ]
        results.append(item)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "paper-scan", "version": __version__, "rules": rules}},
                "invocations": [{"executionSuccessful": True, "exitCode": 0 if result.passed else 1}],
                "results": results,
            }
        ],
    }


def sarif_text(result: GateResult) -> str:
    """:func:`sarif` as indented JSON."""
    return json.dumps(sarif(result), indent=2, ensure_ascii=False) + "\n"


def junit_xml(result: GateResult) -> str:
    """JUnit XML: one testcase per policy rule, a <failure> listing its offences when it fails."""
    failures = len(result.failures)
    suites = ET.Element(
        "testsuites",
        name="paper-scan policy",
        tests=str(len(result.checks)),
        failures=str(failures),
        errors="0",
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"policy {result.policy.path}",
        tests=str(len(result.checks)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for check in result.checks:
        case = ET.SubElement(
            suite, "testcase", classname=f"paper-scan.{result.source or 'paper'}", name=check.rule
        )
        lines = [
            _text(check, o) + (f" at {o.location.label()}" if o.location and o.location.file else "")
            for o in check.offences
        ]
        if not check.passed:
            fail = ET.SubElement(case, "failure", message=check.message[:500], type="policy")
            fail.text = "\n".join(lines) or check.message
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")[:300]


def markdown_summary(result: GateResult) -> str:
    """A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``."""
    verdict = "passed" if result.passed else "failed"
    mark = "\u2705" if result.passed else "\u274c"
    out = [
        f"## {mark} paper-scan policy {verdict}",
        "",
        f"`{result.source}` against `{result.policy.path}`: {len(result.checks) - len(result.failures)} of "
        f"{len(result.checks)} rules pass.",
        "",
        "| Rule | Result | Details |",
        "| --- | --- | --- |",
    ]
    for c in result.checks:
        out.append(f"| `{c.rule}` | {'pass' if c.passed else '**fail**'} | {_cell(c.message)} |")
    failing = [(c, o) for c, o in _entries(result) if not (o and o.waiver)]
    if failing:
        out += ["", "### What to fix", ""]
        for c, o in failing:
            where = f" (`{o.location.label()}`)" if o and o.location and o.location.label() else ""
            out.append(f"- {_cell(_text(c, o))}{where}")
    waived = [(c, o) for c, o in _entries(result) if o and o.waiver]
    if waived:
        out += ["", "### Waived", ""]
        out += [f"- {_cell(_text(c, o))}" for c, o in waived]
    return "\n".join(out) + "\n"
