"""Scan validation: jsonschema_rs decides, jsonschema words the errors; both agree (scanner.validate)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import jsonschema_rs

from scanner.resources import scan_schema_path
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


def test_both_validators_give_the_same_verdict_on_a_mutated_seed(seed_scan: dict[str, Any]) -> None:
    schema = _scan_schema()
    fast = jsonschema_rs.Draft202012Validator(schema)
    reference = jsonschema.Draft202012Validator(schema)
    seed = dict(seed_scan, provenance=_provenance())
    assert fast.is_valid(seed) and reference.is_valid(seed) and schema_errors(seed) == []
    tried = rejected = 0
    for mutant in _mutants(seed):
        tried += 1
        verdict = fast.is_valid(mutant)
        assert verdict == reference.is_valid(mutant), json.dumps(mutant)[:300]
        rejected += not verdict
    assert tried > 500 and 100 < rejected < tried  # both kinds of verdict were exercised


def _provenance() -> dict[str, Any]:
    return {"tool_version": "1", "rubric_versions": {"core": "1"}, "engine": "offline", "parser": "p",
            "parser_version": "1", "source": "s", "input_sha256": "0" * 64, "pages": 1, "created": "c",
            "llm": {"calls": 1, "cost": 0.5, "model": "m"}, "notes": None}


def test_schema_errors_still_come_from_jsonschema(seed_scan: dict[str, Any]) -> None:
    bad = copy.deepcopy(seed_scan)
    bad["scan_version"] = 3
    assert schema_errors(bad) == ["scan_version: 2 was expected"]
