"""Draft numbers against the run registry: the seed's contaminated-numbers case end to end."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scanner.cli import main
from scanner.registry.draftlines import draft_numbers, own_kinds

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENT = """\
import json, sys
with open(sys.argv[1], "w") as fh:
    json.dump(json.loads(sys.argv[2]), fh)
"""


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with an experiment script that writes its argv as JSON results."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exp.py").write_text(EXPERIMENT)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], name: str, values: dict[str, float], code: int = 0) -> str:
    """Record a run through ``scan run`` and return its id (from ``scan registry list --json``)."""
    out = f"{name}.json"
    script = ["exp.py", out, json.dumps(values)] if code == 0 else ["-c", f"import sys; sys.exit({code})"]
    assert main(["run", "--name", name, "--results", out, "--", sys.executable, *script]) == code
    capsys.readouterr()
    assert main(["registry", "list", "--json"]) == 0
    return str(json.loads(capsys.readouterr().out)[-1]["run_id"])


@pytest.fixture
def seed_runs(lab: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The seed's three runs: the scorecard (0.945, 0.864), an ablation that got 0.893, a failed one."""
    return {
        "scorecard": run(capsys, "scorecard", {"mean_alignment": 0.94512, "distribution_alignment": 0.8641}),
        "coherence": run(capsys, "coherence", {"behavioral_coherence": 0.893}),
        "failed": run(capsys, "failed", {}, code=4),
    }


def draft(path: Path, ids: dict[str, str], coherence_note: str = "") -> Path:
    """Section 4.1 of the seed's paper, 0.945 and 0.864 annotated, 0.912 as given."""
    path.write_text(f"""# Personality and alignment through love

## 4.1 Outer Shell evaluation

Mean Alignment: 0.945 <!-- run:{ids['scorecard']} -->
Distribution Alignment: 0.864 <!-- run:{ids['scorecard']} -->
Behavioral Coherence: 0.912{coherence_note}

## Related work

Palisade Research reported resistance in 79 of 100 trials.
""")
    return path


def check(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str]:
    """Exit code and stdout of ``scan registry check``."""
    capsys.readouterr()
    code = main(["registry", "check", *map(str, paths)])
    return code, capsys.readouterr().out


def test_seed_case_fails_on_0912_alone(
    lab: Path, seed_runs: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paper = draft(lab / "paper_draft_v3.md", seed_runs)
    code, out = check(capsys, paper)
    assert code == 1
    assert out.splitlines() == [
        f"{paper}:7: 0.912 has no run annotation and no successful recorded run has this value"]


def test_0912_annotated_with_the_0893_run_says_recorded_0893(
    lab: Path, seed_runs: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paper = draft(lab / "paper.md", seed_runs, f" <!-- run:{seed_runs['coherence']} -->")
    code, out = check(capsys, paper)
    assert code == 1
    assert out.splitlines() == [f"{paper}:7: 0.912 cites run {seed_runs['coherence']}, which recorded 0.893 "
                                "(coherence.json:behavioral_coherence), not 0.912"]


def test_missing_and_failed_runs_back_nothing(
    lab: Path, seed_runs: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paper = draft(lab / "paper.md", seed_runs, f" <!-- run:{seed_runs['failed']} -->")
    assert f"cites run {seed_runs['failed']}, which failed (exit 4" in check(capsys, paper)[1]
    paper = draft(lab / "paper.md", seed_runs, " <!-- run:20990101-000000-abcdef -->")
    assert "cites run 20990101-000000-abcdef, which is not in the registry" in check(capsys, paper)[1]


def test_backed_draft_passes_and_edited_registry_fails_verify(
    lab: Path, seed_runs: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paper = draft(lab / "paper.md", seed_runs, " <!-- run:nope -->").read_text()
    unannotated = "Distribution alignment stays at 86.4% across folds.\n"  # recorded by the scorecard run
    (lab / "paper.md").write_text(paper.replace("Behavioral Coherence: 0.912 <!-- run:nope -->\n", unannotated))
    assert check(capsys, lab / "paper.md") == (0, "")
    conn = sqlite3.connect("experiments/registry.sqlite")
    with conn:  # forge the ablation's value by hand so that 0.912 would look backed
        conn.execute("UPDATE runs SET results = replace(results, '0.893', '0.912') WHERE run_id = ?",
                     (seed_runs["coherence"],))
    conn.close()
    capsys.readouterr()
    assert main(["registry", "verify"]) == 1
    assert f"row 2 (run {seed_runs['coherence']}) was edited" in capsys.readouterr().out


def test_latex_annotations_percentages_and_blocks(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rid = run(capsys, "ablation", {"no_filler": -0.3234, "no_hedge": -0.1367, "acc": 0.9451})
    tex = lab / "results.tex"
    tex.write_text(f"""\\section{{Results}}
Accuracy reaches 94.5\\% on the holdout. % run:{rid}
Filler injection: $\\Delta=-0.323$, hedge injection: $\\Delta=-0.156$ % run:{rid}
% run:{rid}
\\begin{{tabular}}{{lr}}
No filler & -0.323 \\\\
\\end{{tabular}}
See Table~\\ref{{tab:12}} and \\cite{{smith2020}}; width 0.45\\linewidth.

Timing controller: $\\Delta=-0.089$.
""")
    code, out = check(capsys, tex)
    assert code == 1
    assert out.splitlines() == [
        f"{tex}:3: -0.156 cites run {rid}, which recorded -0.1367 (ablation.json:no_hedge), not -0.156",
        f"{tex}:10: -0.089 has no run annotation and no successful recorded run has this value",
    ]


def test_numbers_outside_result_sections_and_markup_are_ignored() -> None:
    lines = ["# Method", "We train for 300 steps.", "## Results", "See [x](http://a.b/12345) and `0.77`.",
             "```", "0.66", "```", "| model | acc |", "|---|---|", "| ours | 0.81 |", "## 4.2 Ablations",
             "# Appendix", "**Abstract.** We reach 0.93."]
    found = [(n.line, n.number.literal, n.kind) for n in draft_numbers("d.md", lines, own_kinds(lines, False))]
    assert found == [(2, "300", "method"), (10, "0.81", "results"), (13, "0.93", "abstract")]


def test_scan_draft_with_registry_flags_and_exits_1(
    lab: Path, seed_runs: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paper = draft(lab / "paper.md", seed_runs, f" <!-- run:{seed_runs['coherence']} -->")
    code = main([str(paper), "--registry", "experiments/registry.sqlite", "-o", "paper.scan.json", "-q"])
    assert code == 1, capsys.readouterr().err
    scan = json.loads((lab / "paper.scan.json").read_text())
    mine = [f for f in scan["red_flags"] if f["flag"].startswith("Number without a recorded run")]
    assert [(f["kind"], f["flag"]) for f in mine] == [
        ("unsupported_number", "Number without a recorded run: 0.912 at paper.md:7")]
    assert "recorded 0.893" in mine[0]["detail"]
    assert mine[0]["evidence"] == [{"quote": "Behavioral Coherence: 0.912", "section": "4.1 Outer Shell evaluation",
                                    "file": "paper.md", "line": 7}]
    assert main([str(paper), "-o", "plain.scan.json", "-q"]) == 0  # without --registry: no gate


def test_pre_commit_hook_blocks_the_draft_and_prints_the_number(
    lab: Path, seed_runs: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "paper-scan-registry")
    (lab / "paper").mkdir()
    paper = draft(lab / "paper" / "draft.md", seed_runs)
    assert re.search(hook["files"], "paper/draft.md") and not re.search(hook["files"], "README.md")
    entry = hook["entry"].split()
    assert entry[0] == "scan"
    cmd = [sys.executable, "-m", "scanner", *entry[1:], "paper/draft.md"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ("paper/draft.md:7: 0.912 has no run annotation and no successful recorded run "
                           "has this value\n")
    assert "1 number(s) without a recorded run" in done.stderr
    paper.write_text(paper.read_text().replace("0.912", f"0.945 <!-- run:{seed_runs['scorecard']} -->"))
    assert subprocess.run(cmd, capture_output=True, timeout=120).returncode == 0


def test_scan_latex_project_maps_input_files(lab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rid = run(capsys, "scorecard", {"mean_alignment": 0.94512})
    (lab / "sec").mkdir()
    (lab / "main.tex").write_text(f"""\\documentclass{{article}}
\\begin{{document}}
\\begin{{abstract}}
We reach a mean alignment of 0.945 on the holdout. % run:{rid}
\\end{{abstract}}
\\input{{sec/results}}
\\end{{document}}
""")
    (lab / "sec" / "results.tex").write_text(f"""\\section{{Results}}
Mean Alignment reaches 0.945 % run:{rid}
and Behavioral Coherence reaches 0.912 in our runs.
""")
    assert main(["main.tex", "--registry", "experiments/registry.sqlite", "-o", "main.scan.json", "-q"]) == 1
    flags = json.loads((lab / "main.scan.json").read_text())["red_flags"]
    mine = [f for f in flags if f["flag"].startswith("Number without a recorded run")]
    assert [f["flag"] for f in mine] == ["Number without a recorded run: 0.912 at sec/results.tex:3"]
    assert mine[0]["evidence"][0]["file"] == "sec/results.tex" and mine[0]["evidence"][0]["line"] == 3
