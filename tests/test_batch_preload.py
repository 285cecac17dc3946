"""The fork server's warm-up (scanner.batch.preload): it scans its draft, warms, and stays quiet."""

from __future__ import annotations

import subprocess
import sys

from scanner.pipeline import ScanOptions, build_scan
from tests.conftest import ROOT


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
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stdout, run.stderr) == (0, "ok\n", "")
