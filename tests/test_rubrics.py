"""Rubric discovery: sorted, strict and loud; modules switch on by tags; plugins plug in."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from scanner.errors import RubricError, UsageError
from scanner.resources import modules_dir
from scanner.rubrics import registry
from scanner.rubrics.loader import load_rubrics
from scanner.rubrics.select import select_rubrics

VALID = """\
id: {rid}
version: "1.0"
title: Test
section: core
questions:
  - id: {qid}
    text: Is it so?
    applies_when: always
    guidance: when it is so
    detector: {det}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_builtin_rubrics_cover_the_seed_items_in_order(seed_scan: dict[str, Any]) -> None:
    rubrics = load_rubrics([modules_dir()], known_detectors=registry.detectors())
    assert {r.id: [q.id for q in r.questions] for r in rubrics} == {
        cat: list(items) for cat, items in seed_scan["checklist"].items()
    }
    assert sum(len(r.questions) for r in rubrics) == 64
    assert {r.id for r in rubrics if r.is_module} == {"experimental_rigor", "data_leakage"}


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.yaml", "id: x\nquestions: [unclosed\n")
    with pytest.raises(RubricError, match=str(bad)):
        load_rubrics([tmp_path])


def test_missing_field_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "id: a\ntitle: A\nsection: core\nquestions: []\n")
    with pytest.raises(RubricError, match="a.yaml: invalid rubric at version"):
        load_rubrics([tmp_path])


def test_duplicate_question_id_across_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", VALID.format(rid="a", qid="same", det="code_released"))
    _write(tmp_path, "b.yaml", VALID.format(rid="b", qid="same", det="code_released"))
    with pytest.raises(RubricError, match="duplicate question id 'same'"):
        load_rubrics([tmp_path])


def test_unknown_detector_suggests_the_closest(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", VALID.format(rid="a", qid="q", det="code_relased"))
    with pytest.raises(RubricError, match="did you mean 'code_released'"):
        load_rubrics([tmp_path], known_detectors=registry.detectors())


def test_modules_switch_on_by_tag_or_request() -> None:
    rubrics = load_rubrics([modules_dir()])
    core_only = select_rubrics(rubrics, ["human-subjects"], None)
    assert {r.id for r in core_only if r.is_module} == set()
    by_tag = select_rubrics(rubrics, ["llm-eval"], None)
    assert {r.id for r in by_tag if r.is_module} == {"experimental_rigor", "data_leakage"}
    asked = select_rubrics(rubrics, [], ["data_leakage"])
    assert [r.id for r in asked if r.is_module] == ["data_leakage"]
    assert not [r for r in select_rubrics(rubrics, ["llm-eval"], ["none"]) if r.is_module]
    with pytest.raises(UsageError, match="unknown module"):
        select_rubrics(rubrics, [], ["nope"])


@pytest.fixture()
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A third-party package installed the way pip leaves it: code + a .dist-info with entry points."""
    site = tmp_path / "site"
    pkg = site / "acme_scan_plugin"
    _write(pkg / "rubrics", "acme.yaml", textwrap.dedent("""\
        id: acme_reporting
        version: "0.3"
        title: ACME reporting
        section: core
        questions:
          - id: acme_license_stated
            text: Is a license stated?
            applies_when: always
            guidance: the paper states the license of its artifacts
            detector: acme_license
        """))
    _write(pkg, "__init__.py", textwrap.dedent("""\
        import re
        from pathlib import Path
        from scanner.detectors.base import Answer, absent, find, present
        from scanner.rubrics.registry import detector

        LICENSE = re.compile(r"licen[sc]e", re.I)

        def rubric_dir():
            return Path(__file__).parent / "rubrics"

        @detector("acme_license")
        def acme_license(paper, facts):
            ev = find(paper, LICENSE)
            return present("A license is stated", ev) if ev else absent("a license statement")
        """))
    dist = site / "acme_scan_plugin-0.3.dist-info"
    _write(dist, "METADATA", "Metadata-Version: 2.1\nName: acme-scan-plugin\nVersion: 0.3\n")
    _write(dist, "entry_points.txt", textwrap.dedent("""\
        [scanner.detectors]
        acme = acme_scan_plugin

        [scanner.rubrics]
        acme = acme_scan_plugin:rubric_dir
        """))
    monkeypatch.syspath_prepend(str(site))
    registry.refresh()
    yield site
    sys.modules.pop("acme_scan_plugin", None)
    registry._DETECTORS.pop("acme_license", None)
    registry.refresh()


def test_third_party_rubric_and_detector_answer_in_the_scan(installed_plugin: Path, corpus: Path) -> None:
    from scanner.pipeline import ScanOptions, scan_paper

    scan = scan_paper(str(corpus / "neurips24ckl-meta-album-many-tables.pdf"), ScanOptions()).scan
    item = scan["checklist"]["acme_reporting"]["acme_license_stated"]
    assert item["applies"] is True and item["answer"] is True
    assert "licen" in item["justification"].lower()
    assert scan["provenance"]["rubric_versions"]["acme_reporting"] == "0.3"
