"""Every readable corpus PDF scans to a schema-valid scan.json whose every quote check_scan.py finds."""

from __future__ import annotations

import contextlib
import io
import runpy
import sys
from pathlib import Path
from typing import Any

import pytest

from scanner.output import dump_json
from tests.conftest import CORPUS, ROOT, SHARED, scan_corpus_paper

UNREADABLE = ("edge-corrupted-not-a-pdf.pdf", "edge-encrypted-user-password-docling-2206.01062-p3.pdf",
              "edge-scanned-image-only-chinese-book-8p.pdf")
READABLE = sorted(p.name for p in CORPUS.glob("*.pdf") if p.name not in UNREADABLE) if CORPUS.is_dir() else []


def _check_scan(scan_path: Path, pdf: Path) -> tuple[int, str]:
    """Run shared/tools/check_scan.py in-process (same code, no interpreter start-up per paper)."""
    tool: dict[str, Any] = runpy.run_path(str(SHARED / "tools" / "check_scan.py"), run_name="check_scan")
    out = io.StringIO()
    argv = sys.argv
    sys.argv = ["check_scan.py", str(scan_path), str(pdf), "--schema", str(ROOT / "schemas" / "scan.schema.json")]
    try:
        with contextlib.redirect_stdout(out):
            code = tool["main"]()
    finally:
        sys.argv = argv
    return code, out.getvalue()


@pytest.mark.parametrize("name", READABLE)
def test_corpus_paper_scans_grounded_and_valid(corpus: Path, tmp_path: Path, name: str) -> None:
    scan = scan_corpus_paper(name)
    path = tmp_path / "scan.json"
    path.write_text(dump_json(scan))
    code, report = _check_scan(path, corpus / name)
    assert code == 0, report
    assert " 0 problems" in report
    categories = set(scan["checklist"])
    assert {"artifacts", "statistical_methodology", "human_studies", "cost_and_practicality"} <= categories
    assert scan["provenance"]["input_sha256"] and scan["provenance"]["pages"] >= 1


def test_corpus_is_complete(corpus: Path) -> None:
    assert len(READABLE) >= 25, "the shared corpus is incomplete"
