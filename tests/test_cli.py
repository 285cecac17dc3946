"""The scan command through its front door: main([...]) with exit codes and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main
from tests.conftest import ROOT

SAMPLE = ROOT / "fixtures" / "papers" / "sample-paper.pdf"


def test_scan_sample_writes_valid_json_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.json"
    report = tmp_path / "s.md"
    assert main([str(SAMPLE), "-o", str(out), "--report", str(report)]) == 0
    scan = json.loads(out.read_text())
    assert scan["paper"]["title"] == "Warm Starts Help Small Transformers Learn Arithmetic"
    assert scan["checklist"]["artifacts"]["code_released"]["answer"] is True
    assert "github.com/example/warm-start" in scan["checklist"]["artifacts"]["code_released"]["justification"]
    assert report.read_text().startswith("# Warm Starts Help Small Transformers Learn Arithmetic")
    assert capsys.readouterr().out == ""


def test_stdout_output_is_pure_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLE), "-o", "-", "-q"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["scan_version"] == 2
    assert captured.err == ""


def test_default_output_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([str(SAMPLE), "-q"]) == 0
    assert (tmp_path / "sample-paper.scan.json").is_file()


def test_out_dir_with_one_paper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """--out-dir is where one paper's scan goes too (it used to be ignored without --list)."""
    monkeypatch.chdir(tmp_path)
    assert main([str(SAMPLE), "--out-dir", "scans/new", "-q"]) == 0
    assert json.loads((tmp_path / "scans" / "new" / "sample-paper.scan.json").read_text())["scan_version"] == 2
    assert not (tmp_path / "sample-paper.scan.json").exists()
    assert main([str(SAMPLE), "--out-dir", "scans", "-o", "x.json"]) == 2
    assert "not both" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_markdown_format(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert main([str(SAMPLE), "--format", "md", "-o", str(out)]) == 0
    assert "## Checklist" in out.read_text()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("edge-corrupted-not-a-pdf.pdf", "not a PDF", id="not-a-pdf"),
        pytest.param("edge-encrypted-user-password-docling-2206.01062-p3.pdf", "encrypted with a user password",
                     id="user-password"),
        pytest.param("edge-scanned-image-only-chinese-book-8p.pdf", "no text layer", id="image-only"),
    ],
)
def test_unreadable_inputs_exit_3_with_one_line(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    out = tmp_path / "x.json"
    assert main([str(corpus / name), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_missing_file_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.pdf")]) == 3
    assert "no such file" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["--format", "xml", str(SAMPLE)]) == 2
    assert main([str(SAMPLE), "--modules", "no_such_module"]) == 2
    assert "unknown module" in capsys.readouterr().err


def test_outputs_get_normal_permissions(tmp_path: Path) -> None:
    out = tmp_path / "perm.json"
    assert main([str(SAMPLE), "-o", str(out), "-q"]) == 0
    assert out.stat().st_mode & 0o044, "scan.json must be readable by others like any file the user writes"
