"""The fast schema pre-check never passes a document jsonschema rejects (scanner.schemacheck)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from scanner.resources import scan_schema_path
from scanner.schemacheck import compile_schema
from scanner.validate import schema_errors

# One wrong value per node, cycled over the nodes: every JSON type meets every kind of slot.
_WRONG: list[Any] = [None, "x", 1, 1.5, True, [], {}, [1], {"a": 1}, "No such VALUE"]


def _scan_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(scan_schema_path().read_text(encoding="utf-8"))
    return schema


def _mutants(doc: Any) -> Iterator[Any]:
    """Copies of ``doc`` with one change each: a value replaced, a key dropped or added."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, child in children:
            walk(child, (*path, key))

    walk(doc, ())
    for n, path in enumerate(paths):
        for change in ("replace", "drop", "add"):
            mutant = copy.deepcopy(doc)
            parent = mutant
            for key in path[:-1]:
                parent = parent[key]
            if change == "replace" and path:
                parent[path[-1]] = _WRONG[n % len(_WRONG)]
            elif change == "drop" and path and isinstance(parent, dict):
                del parent[path[-1]]
            elif change == "add" and isinstance(node := parent[path[-1]] if path else mutant, dict):
                node["zz_unknown"] = 1
            else:
                continue
            yield mutant


def test_the_scan_schema_is_fully_supported() -> None:
    assert compile_schema(_scan_schema()) is not None, "a new schema keyword: teach scanner.schemacheck"


def test_precheck_agrees_with_jsonschema_on_mutated_seed(seed_scan: dict[str, Any]) -> None:
    schema = _scan_schema()
    check = compile_schema(schema)
    assert check is not None
    validator = jsonschema.Draft202012Validator(schema)
    seed = dict(seed_scan, provenance=_provenance())
    assert check(seed) and validator.is_valid(seed)
    tried = 0
    for mutant in _mutants(seed):
        tried += 1
        if check(mutant):  # the one property that matters: a "yes" is always jsonschema's "yes"
            assert validator.is_valid(mutant), json.dumps(mutant)[:300]
        else:
            assert not validator.is_valid(mutant), json.dumps(mutant)[:300]  # not merely stricter here
    assert tried > 500


def _provenance() -> dict[str, Any]:
    return {"tool_version": "1", "rubric_versions": {"core": "1"}, "engine": "offline", "parser": "p",
            "parser_version": "1", "source": "s", "input_sha256": "0" * 64, "pages": 1, "created": "c",
            "llm": {"calls": 1, "cost": 0.5, "model": "m"}, "notes": None}


_SMALL = {
    "$defs": {"Node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
                       "additionalProperties": False}},
    "type": "object",
    "properties": {"tree": {"$ref": "#/$defs/Node"}, "v": {"const": 2}, "name": {"pattern": "^[a-z]+$"}},
    "patternProperties": {"^x_": {"type": "integer"}},
    "additionalProperties": {"type": "string"},
    "required": ["v"],
}


@pytest.mark.parametrize(
    ("doc", "valid"),
    [
        pytest.param({"v": 2, "tree": {"kids": [{"kids": []}]}}, True, id="recursive-ref"),
        pytest.param({"v": 2, "tree": {"kids": [{"kids": [], "bad": 1}]}}, False, id="deep-extra-key"),
        pytest.param({"v": 2, "x_n": 3, "other": "s"}, True, id="pattern-and-additional"),
        pytest.param({"v": 2, "x_n": "3"}, False, id="pattern-property-type"),
        pytest.param({"v": 2, "other": 3}, False, id="additional-type"),
        pytest.param({"v": True}, False, id="const-bool-is-not-int"),
        pytest.param({"v": 2, "name": "Abc"}, False, id="pattern"),
        pytest.param({"v": 2, "name": 5}, True, id="pattern-ignores-non-strings"),
        pytest.param({}, False, id="required"),
    ],
)
def test_keywords_match_jsonschema(doc: dict[str, Any], valid: bool) -> None:
    check = compile_schema(_SMALL)
    assert check is not None
    assert check(doc) is valid
    assert jsonschema.Draft202012Validator(_SMALL).is_valid(doc) is valid


@pytest.mark.parametrize("schema", [{"minimum": 1}, {"$ref": "other.json#/x"}, {"type": "object", "oneOf": []},
                                    {"enum": [1.5]}, {"type": "tuple"}])
def test_unsupported_schemas_are_left_to_jsonschema(schema: dict[str, Any]) -> None:
    assert compile_schema(schema) is None


def test_schema_errors_still_come_from_jsonschema(seed_scan: dict[str, Any]) -> None:
    bad = copy.deepcopy(seed_scan)
    bad["scan_version"] = 3
    assert schema_errors(bad) == ["scan_version: 2 was expected"]
