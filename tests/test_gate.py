"""Policy gate: policy parsing, each rule, waivers and expiry, and the CLI exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from scanner.cli import main
from scanner.errors import PolicyError
from scanner.gate.evaluate import evaluate
from scanner.gate.policy import load_policy

TODAY = dt.date(2026, 6, 1)

DRAFT = """# AI Personality and Alignment through Love

## Abstract

We align an outer shell with a preference dataset and evaluate it on our own scorecard.

## 4 Results

### 4.1 Outer Shell evaluation

The outer shell reached Mean Alignment: 0.945, Distribution Alignment: 0.864,
and Behavioral Coherence: 0.912 on the scorecard (Table 1), see Section 4.1 and [12].

## 5 Conclusion

In 2025 the shell improved alignment while keeping coherent behaviour.
"""

POLICY_FROM_ISSUE = """
[require]
"artifacts.code_released" = true
"statistical_methodology.variance_reported" = true

[max_red_flags]            # by red-flag kind; "*" for all kinds
unsupported_number = 0
statistics_inconsistency = 0

[[waive]]
item = "artifacts.code_released"
reason = "code goes public with the camera-ready"
expires = 2027-03-01
"""


def scan_with(items: dict[str, dict[str, tuple[bool, bool]]], flags: list[dict[str, Any]]) -> dict[str, Any]:
    """A minimal scan dict: category -> item -> (applies, answer), plus red flags."""
    return {
        "checklist": {
            cat: {item: {"applies": a, "answer": b, "justification": f"{item} justification",
                         "evidence": [{"quote": "a located quote", "file": "d.md", "line": 3}]}
                  for item, (a, b) in its.items()}
            for cat, its in items.items()
        },
        "red_flags": flags,
        "provenance": {"source": "d.md"},
    }


def flag(kind: str, severity: str = "high", detail: str = "somewhere") -> dict[str, Any]:
    """A red flag dict."""
    return {"flag": f"a {kind}", "kind": kind, "severity": severity, "detail": detail}


def policy_file(tmp_path: Path, text: str) -> Path:
    """Write a policy file."""
    path = tmp_path / "paperscan.toml"
    path.write_text(text)
    return path


def seed_project(root: Path, *, with_0912: bool = True) -> tuple[Path, Path]:
    """The Contaminated Numbers case: draft + benchmarks/results/scorecard.json."""
    results = root / "benchmarks" / "results"
    results.mkdir(parents=True)
    (results / "scorecard.json").write_text(json.dumps(
        {"mean_alignment": 0.94512, "distribution_alignment": 0.8638, "runs": [{"seed": 1}]}))
    draft = root / "paper_draft_v3.md"
    draft.write_text(DRAFT if with_0912 else DRAFT.replace(",\nand Behavioral Coherence: 0.912", "\n"))
    return draft, results


def test_issue_policy_form_parses(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, POLICY_FROM_ISSUE))
    assert policy.require == {"artifacts.code_released": True, "statistical_methodology.variance_reported": True}
    assert policy.limits() == {"unsupported_number": 0, "statistics_inconsistency": 0}
    assert [(w.item, w.expires) for w in policy.waivers] == [("artifacts.code_released", dt.date(2027, 3, 1))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('[require]\n"artifacts.code_relased" = true\n', "did you mean 'artifacts.code_released'",
                     id="unknown-item"),
        pytest.param('categories = ["artefacts"]\n', "unknown item id 'artefacts'", id="unknown-category"),
        pytest.param("[max_red_flag]\nx = 1\n", "did you mean 'max_red_flags'", id="unknown-table"),
        pytest.param("[max_red_flags]\nsingle_run = -1\n", "whole number", id="negative-limit"),
        pytest.param("[max_red_flags_by_severity]\ncritical = 0\n", "unknown severity", id="bad-severity"),
        pytest.param('[[waive]]\nitem = "artifacts.code_released"\nexpires = 2027-01-01\n', "needs a reason",
                     id="waiver-no-reason"),
        pytest.param('[[waive]]\nflag = "single_run"\nreason = "x"\nexpires = "soon"\n', "needs an expiry date",
                     id="waiver-no-date"),
        pytest.param('[[waive]]\nitem = "nope.nope"\nreason = "x"\nexpires = 2027-01-01\n', "unknown item id",
                     id="waiver-unknown-item"),
        pytest.param("[require\n", "invalid TOML", id="bad-toml"),
    ],
)
def test_bad_policies_are_policy_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message) as err:
        load_policy(policy_file(tmp_path, text))
    assert err.value.exit_code == 2


def test_required_items_and_not_applicable(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, '[require]\n"artifacts.code_released" = true\n'
                                               '"artifacts.data_released" = true\n'))
    scan = scan_with({"artifacts": {"code_released": (True, False), "data_released": (False, False)}}, [])
    result = evaluate(policy, scan, today=TODAY)
    assert [(c.rule, c.passed) for c in result.checks][:2] == [("require/artifacts.code_released", False),
                                                               ("require/artifacts.data_released", True)]
    assert "code_released is false" in result.checks[0].message
    assert "does not apply" in result.checks[1].message
    assert not result.passed


def test_categories_must_pass_and_missing_module(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, 'categories = ["artifacts", "contamination"]\n'))
    ok = scan_with({"artifacts": {"code_released": (True, True), "data_released": (False, False)}}, [])
    result = evaluate(policy, ok, today=TODAY)
    assert [c.passed for c in result.checks] == [True, False, True]
    assert "--modules contamination" in result.checks[1].message
    bad = scan_with({"artifacts": {"code_released": (True, True), "data_released": (True, False)}}, [])
    assert "data_released is false" in evaluate(policy, bad, today=TODAY).checks[0].message


def test_flag_limits_by_kind_star_and_severity(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, '[max_red_flags]\nsingle_run = 1\n"*" = 2\n'
                                               "[max_red_flags_by_severity]\nhigh = 0\n"))
    flags = [flag("single_run", "medium"), flag("single_run", "low"), flag("code_not_released", "high")]
    result = evaluate(policy, scan_with({}, flags), today=TODAY)
    got = {c.rule: (c.passed, c.message) for c in result.checks}
    assert got["max_red_flags/single_run"] == (False, "2 found, at most 1 allowed")
    assert got["max_red_flags/*"] == (False, "3 found, at most 2 allowed")
    assert got["max_red_flags_by_severity/high"] == (False, "1 found, at most 0 allowed")
    assert got["max_red_flags/statistics_inconsistency"] == (True, "0 found, at most 0 allowed")


def test_statistics_inconsistencies_fail_by_default_and_can_be_allowed(tmp_path: Path) -> None:
    scan = scan_with({}, [flag("statistics_inconsistency")])
    assert not evaluate(load_policy(policy_file(tmp_path, "")), scan, today=TODAY).passed
    assert evaluate(load_policy(policy_file(tmp_path, "statistics_inconsistencies = 1\n")), scan, today=TODAY).passed


def test_waivers_and_expiry(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, POLICY_FROM_ISSUE))
    scan = scan_with({"artifacts": {"code_released": (True, False)},
                      "statistical_methodology": {"variance_reported": (True, True)}}, [])
    before = evaluate(policy, scan, today=dt.date(2027, 3, 1))
    assert before.passed and "1 waived" in before.checks[0].message
    after = evaluate(policy, scan, today=dt.date(2027, 3, 2))
    assert [c.rule for c in after.failures] == ["require/artifacts.code_released", "waiver/artifacts.code_released"]
    assert "expired on 2027-03-01" in after.failures[1].message


def test_flag_waiver_with_match(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, '[max_red_flags]\nunsupported_number = 0\n[[waive]]\n'
                                               'flag = "unsupported_number"\nmatch = "0.912"\n'
                                               'reason = "rerun scheduled"\nexpires = 2030-01-01\n'))
    waived = [flag("unsupported_number", detail="states 0.912")]
    assert evaluate(policy, scan_with({}, waived), today=TODAY).passed
    other = waived + [flag("unsupported_number", detail="states 0.5")]
    assert not evaluate(policy, scan_with({}, other), today=TODAY).passed


def test_contaminated_numbers_fail_on_0912_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    draft, results = seed_project(tmp_path)
    policy = policy_file(tmp_path, "[max_red_flags]\nunsupported_number = 0\n")
    args = [str(draft.name), "--policy", str(policy), "--evidence", str(results.relative_to(tmp_path)),
            "--annotations", "github", "-o", "out.json"]
    assert main(args) == 1
    scan = json.loads((tmp_path / "out.json").read_text())
    unsupported = [f for f in scan["red_flags"] if f["kind"] == "unsupported_number"]
    assert [f["flag"] for f in unsupported] == ["Number 0.912 traces to no result file"]
    assert unsupported[0]["evidence"][0]["file"] == "paper_draft_v3.md"
    assert unsupported[0]["evidence"][0]["line"] == 12
    out, err = capsys.readouterr()
    assert out.startswith("::error file=paper_draft_v3.md,line=12,title=paper-scan max_red_flags/unsupported_number::")
    assert "0.912" in out and "0.945 traces" not in out and "0.864 traces" not in out
    assert "policy failed: red flags of kind unsupported_number: 1 found, at most 0 allowed" in err

    draft.write_text(DRAFT.replace(",\nand Behavioral Coherence: 0.912", "\n"))
    assert main(args) == 0
    assert not [f for f in json.loads((tmp_path / "out.json").read_text())["red_flags"]
                if f["kind"] == "unsupported_number"]


def test_bad_policy_exits_2_before_scanning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft, _ = seed_project(tmp_path)
    policy = policy_file(tmp_path, '[require]\n"artifacts.github" = true\n')
    out = tmp_path / "out.json"
    assert main([str(draft), "--policy", str(policy), "-o", str(out)]) == 2
    assert "unknown item id 'artifacts.github'" in capsys.readouterr().err
    assert not out.exists()


def test_bad_evidence_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft, results = seed_project(tmp_path)
    (results / "broken.jsonl").write_text('{"a": 1}\n{oops\n')
    assert main([str(draft), "--evidence", str(results), "-o", str(tmp_path / "o.json")]) == 2
    assert "broken.jsonl: invalid JSON in a result file (line 1" in capsys.readouterr().err
    assert main([str(draft), "--evidence", str(tmp_path / "none"), "-o", str(tmp_path / "o.json")]) == 2
