"""Live: ``scan --engine llm`` of the sample PDF against a real OpenAI-compatible server.

Opt in with ``pytest -m live`` or ``PAPERSCAN_LIVE=1`` (the conftest hook skips live tests
otherwise), and point it at a server with ``OPENAI_BASE_URL`` and/or ``OPENAI_API_KEY``
(``SCAN_MODEL`` picks the model, default gpt-4o-mini). Whatever the model says, the written scan
must validate, hold 0 ungrounded quotes, and the model-written claims, key findings and red
flags must state only numbers of the paper.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scanner.answer.llm_findings import number_values
from scanner.cli import main
from scanner.resources import scan_schema_path
from tests.conftest import LIVE_LLM_ENV, ROOT
from tests.test_llm_e2e import raw_pdf_text, ungrounded

SAMPLE = ROOT / "fixtures" / "papers" / "sample-paper.pdf"


@pytest.mark.live
def test_live_llm_scan_of_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not (LIVE_LLM_ENV["OPENAI_BASE_URL"] or LIVE_LLM_ENV["OPENAI_API_KEY"]):
        pytest.skip("live LLM test: set OPENAI_BASE_URL and/or OPENAI_API_KEY (and SCAN_MODEL)")
    for name, value in LIVE_LLM_ENV.items():
        if value:
            monkeypatch.setenv(name, value)
    out = tmp_path / "scan.json"
    assert main([str(SAMPLE), "--engine", "llm", "-o", str(out), "-q"]) == 0, capsys.readouterr().err
    scan = json.loads(out.read_text())
    jsonschema.validate(scan, json.loads(scan_schema_path().read_text()))
    assert ungrounded(scan, SAMPLE) == []
    llm = scan["provenance"]["llm"]
    assert llm["requests"] >= 1 and llm["cache_hits"] == 0  # the cache dir is this test's own
    assert llm["estimated_input_tokens"] <= llm["token_budget"]
    assert scan["claims"] and scan["key_findings"]
    model_made = [c["claim"] for c in scan["claims"] if c.get("engine") == "llm"]
    model_made += [f["flag"] + " " + f["detail"] for f in scan["red_flags"] if f.get("engine") == "llm"]
    if llm["key_findings"] == "llm":
        model_made.append(scan["key_findings"])
    assert number_values(" ".join(model_made)) <= number_values(raw_pdf_text(SAMPLE))
