"""Batch start-up: a light parent, a fork server that warms up early and once (scanner.batch)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scanner.batch.lists import read_list
from scanner.batch.runner import BatchOptions, _surely_work
from scanner.pipeline import ScanOptions, build_scan
from tests.conftest import ROOT


def _python(code: str) -> tuple[int, str, str]:
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return run.returncode, run.stdout, run.stderr


def test_warm_up_draft_scans_and_reaches_the_detectors() -> None:
    from scanner.batch.preload import warm_up_paper  # importing it warms this process too: harmless

    scan = build_scan(warm_up_paper(), ScanOptions(modules=["all"]))
    assert scan["paper"]["title"] == "A Small Study of Warm Starts"
    assert scan["statistics"], "the draft's test statistics should reach (and warm) the recomputation"
    assert sum(len(items) for items in scan["checklist"].values()) >= 60


def test_preload_import_warms_freezes_and_logs_nothing() -> None:
    code = ("import gc, scanner.batch.preload as p, scanner.pipeline as pl; "
            "assert gc.get_threshold() == p.GC_THRESHOLD; assert gc.get_freeze_count() > 10_000; "
            "assert pl._all_rubrics.cache_info().currsize == 1; print('ok')")
    assert _python(code) == (0, "ok\n", "")


def test_batch_parent_does_not_import_the_scanner() -> None:
    code = ("import sys, scanner.cli, scanner.batch.runner, scanner.batch.cli; "
            "print(sorted(m for m in ('scanner.pipeline', 'scipy', 'pymupdf', 'jsonschema') if m in sys.modules))")
    assert _python(code) == (0, "[]\n", "")


def test_fork_server_starts_early_only_when_something_surely_needs_scanning(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "list.txt").write_text("a.pdf\n")
    reading = read_list(tmp_path / "list.txt")
    out = tmp_path / "out"
    out.mkdir()
    assert _surely_work(reading, out, BatchOptions(out_dir=out))  # no scan yet
    (out / f"{reading.entries[0].name}.scan.json").write_text("{}")
    assert not _surely_work(reading, out, BatchOptions(out_dir=out))  # maybe fresh: the checks decide
    assert _surely_work(reading, out, BatchOptions(out_dir=out, force=True))
    (tmp_path / "empty.txt").write_text("")
    assert not _surely_work(read_list(tmp_path / "empty.txt"), out, BatchOptions(out_dir=out, force=True))
