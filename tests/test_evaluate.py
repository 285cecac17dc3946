"""make eval: label mapping, kappa, comparison and the CLI on a real labelled corpus paper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.evaluate import cohen_kappa, compare, label_of, main


def test_label_of_three_way() -> None:
    assert label_of({"applies": False, "answer": False}) == "n/a"
    assert label_of({"applies": True, "answer": True}) == "yes"
    assert label_of({"applies": True, "answer": False}) == "no"


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa([("yes", "yes"), ("no", "no")]) == 1.0
    # observed 0.5, expected 0.5 -> kappa 0
    assert cohen_kappa([("yes", "yes"), ("yes", "no"), ("no", "yes"), ("no", "no")]) == pytest.approx(0.0)
    assert cohen_kappa([("yes", "no"), ("no", "yes")]) < 0


def test_reference_agrees_with_itself(corpus: Path) -> None:
    ref = json.loads((corpus / "labels" / "hci-eeg-mobile-feedback-f-stats.json").read_text())
    result = compare("hci", ref, ref)
    assert result.agreement() == 1.0
    assert len(result.pairs) == 64


def test_eval_cli_on_one_paper(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "eval.json"
    assert main(["--corpus", str(corpus), "--only", "hci-eeg", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Overall item agreement" in printed and "Cohen's kappa" in printed
    data = json.loads(out.read_text())
    assert data["papers"][0]["name"] == "hci-eeg-mobile-feedback-f-stats"
    assert data["overall_agreement"] >= 0.7  # measured 0.83 when written


def test_eval_missing_labels_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(tmp_path)]) == 3
    assert "no reference scans" in capsys.readouterr().err
