"""CI integration: the pre-commit hook and the composite GitHub Action's gate step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scanner.gate.hook import main as hook_main
from tests.test_gate import DRAFT, seed_project

ROOT = Path(__file__).resolve().parents[1]


def test_pre_commit_hook_blocks_failing_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    draft, _ = seed_project(tmp_path)
    (tmp_path / "paperscan.toml").write_text("[max_red_flags]\nunsupported_number = 0\n")
    args = ["--evidence", "benchmarks/results", draft.name]
    assert hook_main(args) == 1
    draft.write_text(DRAFT.replace(",\nand Behavioral Coherence: 0.912", "\n"))
    assert hook_main(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["benchmarks", "paper_draft_v3.md", "paperscan.toml"]
    assert hook_main(["--policy", "missing.toml", draft.name]) == 2


def test_pre_commit_hooks_file_is_a_list() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(hooks, list)
    gate = next(h for h in hooks if h["id"] == "paper-scan-policy")
    assert gate["entry"] == "python -m scanner.gate.hook" and gate["language"] == "python"


def test_action_gate_step_runs_and_fails_the_job(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    step = next(s for s in action["runs"]["steps"] if s.get("name") == "Scan and gate")
    draft, _ = seed_project(tmp_path)
    (tmp_path / "paperscan.toml").write_text("[max_red_flags]\nunsupported_number = 0\n")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PAPER": draft.name, "POLICY": "paperscan.toml", "EVIDENCE": "benchmarks/results",
           "SARIF": "out.sarif", "JUNIT": "junit.xml", "OUTPUT": "scan.json",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    proc = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("::error file=paper_draft_v3.md,line=12,")
    assert all((tmp_path / name).is_file() for name in ("out.sarif", "junit.xml", "scan.json", "summary.md"))
