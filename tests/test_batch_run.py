"""Batch runs through the front door: mixed lists, failures, summaries, resume after a kill."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import vcr
from vcr.persisters.filesystem import FilesystemPersister

from scanner.batch import BatchOptions, run_batch
from scanner.cli import main
from tests.conftest import CORPUS, ROOT, scan_corpus_paper

SMALL = "arxiv-2025-simplifying-adam-bias-correction.pdf"  # small and quick to scan
SMALL2 = "neurips24ckl-autosurvey-challenge-llm.pdf"
CASSETTES = ROOT / "fixtures" / "cassettes" / "arxiv"


class CorpusPersister(FilesystemPersister):
    """Replays the hand-written arXiv cassettes: ``@corpus NAME.pdf`` bodies become corpus bytes."""

    @classmethod
    def load_cassette(cls, cassette_path: Any, serializer: Any) -> Any:
        requests, responses = super().load_cassette(cassette_path, serializer)
        for resp in responses:
            body = resp["body"]["string"]
            text = body.decode() if isinstance(body, bytes) else body
            if text.startswith("@corpus "):
                resp["body"]["string"] = (CORPUS / text.split()[1]).read_bytes()
        return requests, responses

    @staticmethod
    def save_cassette(cassette_path: Any, cassette_dict: Any, serializer: Any) -> None:
        raise AssertionError("recording is disabled: the arXiv cassettes are authored by hand")


@pytest.fixture(autouse=True)
def _fresh_scanner_logger() -> None:
    """main() points the scanner logger at the stderr of the test that called it; reset it."""
    import logging

    logging.getLogger("scanner").handlers.clear()


def _replay(name: str) -> Any:
    recorder = vcr.VCR(record_mode="none", cassette_library_dir=str(CASSETTES))
    recorder.register_persister(CorpusPersister)
    return recorder.use_cassette(name, allow_playback_repeats=False)


def _broken_pdf(path: Path) -> Path:
    """A real PDF cut in half: header present, body and xref gone."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "This document is about to be truncated. " * 3)
    data = doc.tobytes()
    path.write_bytes(data[:40] + b"\x00garbage" * 20)
    return path


def _strip_time(scan: dict[str, Any]) -> dict[str, Any]:
    scan = json.loads(json.dumps(scan))
    scan["provenance"].pop("created")
    return scan


def test_mixed_list_scans_records_failures_writes_summaries_exit_6(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from scanner.ratelimit import ARXIV

    monkeypatch.setattr(ARXIV, "interval", 0.0)  # replayed requests need no politeness delay
    out = tmp_path / "out"
    lst = tmp_path / "list.txt"
    lst.write_text("\n".join([
        str(corpus / SMALL), str(corpus / SMALL2), str(corpus / SMALL),  # duplicate
        "2512.22293",  # arXiv id replayed from its cassette
        str(_broken_pdf(tmp_path / "broken.pdf")), str(tmp_path / "missing.pdf"),
        "10.1145/3292500.3330701",  # DOI without an arXiv twin
    ]) + "\n")
    with _replay("fetch_2512.22293.yaml") as cassette:
        code = main(["--list", str(lst), "--out-dir", str(out), "--jobs", "2"])
    assert code == 6
    assert cassette.play_count == 2  # metadata + PDF, fetched once in the parent
    assert sorted(p.name for p in out.iterdir()) == sorted([
        f"{Path(SMALL).stem}.scan.json", f"{Path(SMALL2).stem}.scan.json", "2512.22293.scan.json",
        "failures.jsonl", "summary.csv", "summary.md", "summary.html",
    ])
    # a batch scan is the single scan of the same input
    batch = json.loads((out / f"{Path(SMALL).stem}.scan.json").read_text())
    assert _strip_time(batch) == _strip_time(scan_corpus_paper(SMALL))
    arx = json.loads((out / "2512.22293.scan.json").read_text())
    assert arx["provenance"]["source"] == "2512.22293" and arx["paper"]["venue"] == "arXiv"

    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    by_source = {f["source"]: f for f in failures}
    assert set(by_source) == {str(tmp_path / "broken.pdf"), str(tmp_path / "missing.pdf"), "10.1145/3292500.3330701"}
    missing = by_source[str(tmp_path / "missing.pdf")]
    assert missing["reason"].endswith("no such file (check the path, or give an arXiv id)")
    assert missing["exit_code"] == 3
    assert "damaged PDF" in by_source[str(tmp_path / "broken.pdf")]["reason"]
    assert by_source["10.1145/3292500.3330701"]["error"] == "Unsupported"

    rows = list(csv.DictReader((out / "summary.csv").open()))
    assert [(r["id"], r["status"]) for r in rows][:3] == [
        (Path(SMALL).stem, "ok"), (Path(SMALL2).stem, "ok"), ("2512.22293", "ok")]
    assert sorted(r["status"] for r in rows[3:]) == ["failed"] * 3
    ok = rows[0]
    assert ok["title"] == batch["paper"]["title"] and ok["engine"] == "offline"
    assert int(ok["red_flags"]) == len(batch["red_flags"])
    applicable = [a for a in batch["checklist"]["artifacts"].values() if a["applies"]]
    assert float(ok["yes_rate_artifacts"]) == pytest.approx(
        sum(a["answer"] for a in applicable) / len(applicable), abs=1e-3)

    md = (out / "summary.md").read_text()
    assert "3 papers scanned, 3 failed or unsupported." in md and "## Checklist coverage" in md
    assert "| artifacts | code_released |" in md
    page = (out / "summary.html").read_text()
    assert "<svg" in page and 'class="sortable"' in page and "<script>" in page
    assert "src=" not in page and "href=" not in page  # self-contained: nothing loaded from outside
    err = capsys.readouterr().err  # not a terminal: plain progress lines, one per paper
    assert "scan: 6 entries: 5 to scan, 0 up to date, 1 unsupported, 1 duplicates dropped\n" in err
    assert err.count(" ok (") == 3 and err.count(" FAILED: ") == 2 and "[5/5] " in err


def test_rerun_skips_fresh_scans_and_redoes_stale_ones(corpus: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes((corpus / SMALL).read_bytes())
    (tmp_path / "q.pdf").symlink_to(corpus / SMALL2)
    lst = tmp_path / "l.txt"
    lst.write_text("p.pdf\nq.pdf\n")
    opts = BatchOptions(out_dir=tmp_path / "out", jobs=1, progress=False)
    first = run_batch(lst, opts)
    assert (first.scanned, first.skipped, first.exit_code) == (2, 0, 0)
    p_scan, q_scan = tmp_path / "out" / "p.scan.json", tmp_path / "out" / "q.scan.json"
    before = q_scan.stat().st_mtime_ns

    again = run_batch(lst, opts)
    assert (again.scanned, again.skipped) == (0, 2)

    stale = json.loads(p_scan.read_text())
    stale["provenance"]["rubric_versions"]["artifacts"] = "0.9"  # made with an older rubric
    p_scan.write_text(json.dumps(stale))
    third = run_batch(lst, opts)
    assert (third.scanned, third.skipped) == (1, 1)
    assert json.loads(p_scan.read_text())["provenance"]["rubric_versions"]["artifacts"] != "0.9"

    pdf.write_bytes((corpus / SMALL2).read_bytes())  # the input changed
    assert (run_batch(lst, opts).scanned, q_scan.stat().st_mtime_ns) == (1, before)

    forced = run_batch(lst, BatchOptions(out_dir=tmp_path / "out", jobs=1, force=True, progress=False))
    assert (forced.scanned, forced.skipped) == (2, 0)
    assert q_scan.stat().st_mtime_ns != before


def _scans(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.scan.json")}


def test_killed_run_resumes_without_redoing_finished_papers(corpus: Path, tmp_path: Path) -> None:
    links = tmp_path / "links"
    links.mkdir()
    names = [f"copy{i:02d}" for i in range(10)]
    for name in names:
        (links / f"{name}.pdf").symlink_to(corpus / SMALL)
    lst = tmp_path / "l.txt"
    lst.write_text("".join(f"links/{n}.pdf\n" for n in names))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "scanner", "--list", str(lst), "--out-dir", str(out),
                             "--jobs", "1"], env=env, cwd=tmp_path, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(_scans(out) if out.exists() else {}) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the run, its fork server and its workers, mid-flight
    proc.wait()
    proc.stderr.close()  # type: ignore[union-attr]  # Popen(stderr=PIPE) sets it
    finished = _scans(out)
    assert 3 <= len(finished) < len(names), "the run should have been killed halfway"
    for name in finished:  # whatever was written is complete
        assert json.loads((out / name).read_text())["scan_version"] == 2

    report = run_batch(lst, BatchOptions(out_dir=out, jobs=2, progress=False))
    assert report.exit_code == 0
    assert report.skipped == len(finished) and report.scanned == len(names) - len(finished)
    after = _scans(out)
    assert {k: after[k] for k in finished} == finished  # finished scans were not redone
    assert sorted(after) == sorted(f"{n}.scan.json" for n in names)
    assert not list(out.glob(".*")), "no partial files are left behind"
    assert (out / "failures.jsonl").read_text() == ""


def test_dask_local_cluster_gives_the_same_scans(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    lst = tmp_path / "l.txt"
    lst.write_text(f"{corpus / SMALL}\n{corpus / 'missing.pdf'}\n")
    report = run_batch(lst, BatchOptions(out_dir=tmp_path / "out", jobs=1, executor="dask", progress=False))
    assert (report.scanned, len(report.failed), report.exit_code) == (1, 1, 6)
    batch = json.loads((tmp_path / "out" / f"{Path(SMALL).stem}.scan.json").read_text())
    assert _strip_time(batch) == _strip_time(scan_corpus_paper(SMALL))
    assert report.failed[0]["error"] == "InputError"
