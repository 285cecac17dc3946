"""jsonschema validation of a scan before it is written; errors as JSON path + message."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from scanner.errors import OutputError
from scanner.resources import scan_schema_path
from scanner.schemacheck import Check, compile_schema

if TYPE_CHECKING:
    import jsonschema


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(scan_schema_path().read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # only needed when the pre-check does not pass a scan (~60 ms to import)

    return jsonschema.Draft202012Validator(_schema())


@lru_cache(maxsize=1)
def _precheck() -> Check | None:
    return compile_schema(_schema())


def schema_errors(scan: dict[str, Any]) -> list[str]:
    """Every schema violation of ``scan`` as ``path: message`` (jsonschema's verdict)."""
    precheck = _precheck()
    if precheck is not None and precheck(scan):
        return []  # the pre-check only passes documents jsonschema passes (see scanner.schemacheck)
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message[:200]}"
        for err in sorted(_validator().iter_errors(scan), key=lambda e: list(map(str, e.absolute_path)))
    ]


def validate_scan(scan: dict[str, Any], *, required_items: dict[str, list[str]] | None = None) -> None:
    """Raise OutputError unless ``scan`` validates and holds every active rubric's items."""
    problems = schema_errors(scan)
    for cat, items in (required_items or {}).items():
        have = scan.get("checklist", {}).get(cat, {})
        problems += [f"checklist/{cat}/{item}: missing" for item in items if item not in have]
    if problems:
        raise OutputError(f"the scan failed validation ({len(problems)} problems), first: {problems[0]}",
                          hint="this is a bug in paper-scan; please report it with the input")
