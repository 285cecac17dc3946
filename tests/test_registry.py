"""Run registry: ``scan run`` records, ``scan registry verify/list/show`` reads and detects tampering."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.registry.results import flatten_csv, flatten_json

REG = "experiments/registry.sqlite"
EXPERIMENT = """\
import json, sys
values = json.loads(sys.argv[2])
with open(sys.argv[1], "w") as fh:
    json.dump(values, fh)
"""


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with an experiment script that writes its argv as JSON results."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exp.py").write_text(EXPERIMENT)
    return tmp_path


def record(out: str, values: dict[str, object], *extra: str) -> int:
    """``scan run`` of the experiment writing ``values`` to ``out``."""
    return main(["run", "--name", Path(out).stem, "--outputs", out, "--results", out, *extra, "--",
                 sys.executable, "exp.py", out, json.dumps(values)])


def runs(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """``scan registry list --json``."""
    capsys.readouterr()
    assert main(["registry", "list", "--json"]) == 0
    data: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return data


def verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and stdout of ``scan registry verify``."""
    capsys.readouterr()
    code = main(["registry", "verify"])
    return code, capsys.readouterr().out


def test_run_records_results_hashes_and_status(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (lab / "data.txt").write_text("holdout split\n")
    assert record("scorecard.json", {"mean_alignment": 0.94512, "folds": [{"f1": 0.8}]}, "--inputs", "data.txt") == 0
    assert "ok, 2 result values" in capsys.readouterr().err
    assert main(["run", "--name", "crash", "--", sys.executable, "-c", "import sys; sys.exit(3)"]) == 3
    [ok, failed] = runs(capsys)
    assert ok["status"] == "ok" and ok["exit_code"] == 0 and ok["name"] == "scorecard"
    assert ok["results"] == {"scorecard.json:mean_alignment": 0.94512, "scorecard.json:folds.0.f1": 0.8}
    assert ok["inputs"] == {"data.txt": hashlib.sha256(b"holdout split\n").hexdigest()}
    assert ok["outputs"] == {"scorecard.json": hashlib.sha256((lab / "scorecard.json").read_bytes()).hexdigest()}
    assert ok["git_commit"] is None and ok["git_dirty"] is None  # not a git checkout
    assert failed["status"] == "failed" and failed["exit_code"] == 3 and failed["results"] == {}
    assert failed["prev_hash"] == ok["row_hash"]
    assert verify(capsys)[0] == 0


def test_failed_run_keeps_no_results_even_when_it_wrote_them(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--results", "r.json", "--", sys.executable, "-c",
                 "import json, sys; json.dump({'acc': 0.912}, open('r.json', 'w')); sys.exit(2)"])
    assert code == 2
    [run] = runs(capsys)
    assert run["status"] == "failed" and run["results"] == {} and "exited with 2" in str(run["note"])


def test_missing_results_file_fails_the_run(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--results", "never.json", "--", sys.executable, "-c", "pass"]) == 1
    assert "never.json was not written" in capsys.readouterr().err
    assert runs(capsys)[0]["status"] == "failed"


def test_usage_and_input_errors_record_nothing(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", sys.executable, "-c", "pass"]) == 2  # no "--"
    assert "needs the command after --" in capsys.readouterr().err
    assert main(["run", "--results", "r.txt", "--", "true"]) == 2
    assert main(["run", "--inputs", "nope.csv", "--", "true"]) == 3
    assert "declared input nope.csv does not exist" in capsys.readouterr().err
    assert not (lab / REG).exists()
    assert main(["registry", "list"]) == 3  # no registry yet: one line saying what to do
    assert "record a run first with: scan run" in capsys.readouterr().err


def test_unknown_command_is_recorded_as_failed(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--", "no-such-command-xyz"]) == 127
    [run] = runs(capsys)
    assert run["status"] == "failed" and "command not found" in str(run["note"])


def test_git_commit_and_dirty_flag(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git = ["git", "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "exp.py"], check=True)
    subprocess.run([*git, "commit", "-qm", "exp"], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    assert record("a.json", {"x": 0.5}) == 0
    (lab / "exp.py").write_text(EXPERIMENT + "# edited\n")
    assert record("b.json", {"x": 0.6}) == 0
    first, second = runs(capsys)
    assert (first["git_commit"], first["git_dirty"]) == (head, False)
    assert (second["git_commit"], second["git_dirty"]) == (head, True)


def test_show_prints_one_run(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record("a.json", {"acc": 0.945})
    run_id = str(runs(capsys)[0]["run_id"])
    assert main(["registry", "show", run_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"] == {"a.json:acc": 0.945}
    assert main(["registry", "show", run_id]) == 0
    assert "  a.json:acc: 0.945" in capsys.readouterr().out
    assert main(["registry", "show", "nope"]) == 2


def _three_runs(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    for i, value in enumerate((0.945, 0.893, 0.5)):
        assert record(f"r{i}.json", {"score": value}) == 0
    return runs(capsys)


def _sql(statement: str, *params: object) -> None:
    conn = sqlite3.connect(REG)
    with conn:
        conn.execute(statement, params)
    conn.close()


def test_hand_edited_value_is_named(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _three_runs(capsys)
    _sql("UPDATE runs SET results = replace(results, '0.893', '0.912') WHERE seq = 2")
    code, out = verify(capsys)
    assert code == 1
    assert out.strip() == (f"TAMPERED: row 2 (run {rows[1]['run_id']}) was edited: "
                           "its content no longer matches its recorded hash")


def test_deleted_row_is_named(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _three_runs(capsys)
    _sql("DELETE FROM runs WHERE seq = 2")
    code, out = verify(capsys)
    assert code == 1
    assert out.strip() == (f"TAMPERED: a row between row 1 (run {rows[0]['run_id']}) and row 3 "
                           f"(run {rows[2]['run_id']}) was deleted or rewritten (its link matches no row)")


def test_reordered_rows_are_named(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _three_runs(capsys)
    _sql("UPDATE runs SET seq = 10 WHERE seq = 2")
    _sql("UPDATE runs SET seq = 2 WHERE seq = 3")
    _sql("UPDATE runs SET seq = 3 WHERE seq = 10")
    code, out = verify(capsys)
    assert code == 1
    assert f"row 2 (run {rows[2]['run_id']}) was reordered: it was recorded right after row 3" in out


def test_deleted_last_row_is_named(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _three_runs(capsys)
    _sql("DELETE FROM runs WHERE seq = 3")
    code, out = verify(capsys)
    assert code == 1 and "TAMPERED: row(s) 3..3 after row 2" in out


def test_pinned_head_catches_a_rewritten_tail(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _three_runs(capsys)
    pinned = str(rows[2]["row_hash"])
    assert main(["registry", "verify", "--pinned", pinned]) == 0
    _sql("DELETE FROM runs WHERE seq = 3")
    _sql("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'runs'")  # hide the deletion inside the file
    assert verify(capsys) == (0, "")
    capsys.readouterr()
    assert main(["registry", "verify", "--pinned", pinned]) == 1
    assert f"TAMPERED: pinned head {pinned[:16]}... is not in the chain" in capsys.readouterr().out


def test_changed_output_file_is_named_but_overwrite_by_later_run_is_not(
    lab: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert record("out.json", {"score": 0.1}) == 0
    assert record("out.json", {"score": 0.2}) == 0  # a later run rewrites the output: not tampering
    assert verify(capsys) == (0, "")
    (lab / "out.json").write_text('{"score": 0.99}')
    code, out = verify(capsys)
    second = runs(capsys)[1]["run_id"]
    assert code == 1 and out.strip() == f"TAMPERED: output out.json of run {second} changed since the run (SHA-256)"


def test_not_a_registry_is_an_input_error(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (lab / "junk.sqlite").write_text("not sqlite at all, just text " * 20)
    assert main(["registry", "--registry", "junk.sqlite", "verify"]) == 3
    assert "not a readable run registry" in capsys.readouterr().err
    assert main(["run", "--registry", "junk.sqlite", "--", sys.executable, "-c", "open('ran', 'w')"]) == 3
    assert not (lab / "ran").exists()  # refused before running, so no unrecorded run


def test_concurrent_runs_form_one_chain(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    procs = [subprocess.Popen([sys.executable, "-m", "scanner", "run", "--results", f"c{i}.json", "--",
                               sys.executable, "exp.py", f"c{i}.json", json.dumps({"v": i})],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for i in range(6)]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read() if p.stderr else ""
    rows = runs(capsys)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert sorted(next(iter(r["results"].values())) for r in rows) == [0, 1, 2, 3, 4, 5]  # type: ignore[union-attr]
    assert verify(capsys)[0] == 0


def test_flatten_json_and_csv() -> None:
    assert flatten_json('{"a": {"b": 1, "ok": true, "s": "0.5", "name": "x"}, "l": [2.5, null]}') == {
        "a.b": 1.0, "a.s": 0.5, "l.0": 2.5}
    csv_text = "variant,delta,n\nno_filler,-0.3234,500\nno_hedge,-0.1367,500\n"
    assert flatten_csv(csv_text) == {"no_filler.delta": -0.3234, "no_filler.n": 500.0,
                                     "no_hedge.delta": -0.1367, "no_hedge.n": 500.0}
    assert flatten_csv("x,y\n1,2\n") == {"0.x": 1.0, "0.y": 2.0}
