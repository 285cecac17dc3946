"""The schema is generated from the models, and the seed example validates against both."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from scanner import models
from scanner.resources import scan_schema_path
from scanner.schemagen import render


def test_committed_schema_matches_models() -> None:
    assert scan_schema_path().read_text(encoding="utf-8") == render(), "schema drift: run `make schemas`"


def test_schema_is_valid_2020_12() -> None:
    schema = json.loads(scan_schema_path().read_text())
    assert schema["$schema"].endswith("2020-12/schema")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_seed_validates_against_models_and_schema(seed_scan: dict[str, Any]) -> None:
    models.Scan.model_validate(seed_scan)
    jsonschema.Draft202012Validator(json.loads(scan_schema_path().read_text())).validate(seed_scan)


def test_unknown_keys_are_rejected(seed_scan: dict[str, Any]) -> None:
    bad = json.loads(json.dumps(seed_scan))
    bad["checklist"]["artifacts"]["code_released"]["confidence"] = 0.9
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json.loads(scan_schema_path().read_text()))


def test_optional_extensions_round_trip_and_nullable_year_stays() -> None:
    cited = models.CitedPaper(title="T", authors=[], year=None, relevance="r")
    assert cited.model_dump(mode="json") == {"title": "T", "authors": [], "year": None, "relevance": "r"}
