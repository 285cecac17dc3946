"""Shared fixtures: the corpus beside the checkout, tmp working dirs, cached scans."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERSCAN_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
LABELS = CORPUS / "labels"
SEED = SHARED / "seeds" / "scan.example.json"


def _need_shared() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the corpus is missing at {CORPUS}")
        pytest.skip(f"corpus not found at {CORPUS}")


# Read before the autouse fixture below removes them from every test's environment: live tests
# (tests/test_llm_live.py) put them back for a real OpenAI-compatible server.
LIVE_LLM_ENV = {k: os.environ.get(k) for k in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SCAN_MODEL")}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked live (real arXiv/LLM services) are skipped unless ``-m live`` or PAPERSCAN_LIVE=1."""
    if "live" in (config.getoption("markexpr") or "") or os.environ.get("PAPERSCAN_LIVE") == "1":
        return
    skip = pytest.mark.skip(reason="live test: run with -m live or PAPERSCAN_LIVE=1")
    for item in items:
        if item.get_closest_marker("live"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder (fails under CI when missing, skips elsewhere)."""
    _need_shared()
    return CORPUS


@pytest.fixture(scope="session")
def manifest(corpus: Path) -> list[dict[str, Any]]:
    """MANIFEST.json records."""
    return json.loads((corpus / "MANIFEST.json").read_text())


@pytest.fixture(scope="session")
def seed_scan() -> dict[str, Any]:
    """The seed example scan.json."""
    _need_shared()
    return json.loads(SEED.read_text())


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real cache or config dirs; never read real API keys."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PAPERSCAN_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("SCAN_ENGINE", raising=False)
    monkeypatch.delenv("SCAN_MODEL", raising=False)


_PAPERS: dict[str, Any] = {}
_SCANS: dict[str, dict[str, Any]] = {}


def load_corpus_paper(name: str) -> Any:
    """A corpus PDF parsed once per test session."""
    _need_shared()
    if name not in _PAPERS:
        from scanner.ingest import load_paper

        _PAPERS[name] = load_paper(str(CORPUS / name))
    return _PAPERS[name]


def scan_corpus_paper(name: str) -> dict[str, Any]:
    """The offline scan of a corpus PDF, computed once per test session."""
    if name not in _SCANS:
        from scanner.pipeline import ScanOptions, build_scan

        _SCANS[name] = build_scan(load_corpus_paper(name), ScanOptions())
    return _SCANS[name]
