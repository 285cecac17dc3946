"""Schema validation of a scan before it is written; errors as JSON path + message.

Two validators of the same JSON Schema (2020-12, ``schemas/scan.schema.json``): ``jsonschema_rs``
(compiled, ~0.2 ms per scan) gives the verdict on every scan, and ``jsonschema`` (~15 ms per
scan, imported only when needed) words the errors of a scan that fails. A test mutates the seed
scan a thousand ways and checks that both give the same verdict every time.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from scanner.errors import OutputError
from scanner.resources import scan_schema_path

if TYPE_CHECKING:
    import jsonschema


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(scan_schema_path().read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def verdict_validator() -> jsonschema_rs.Draft202012Validator:
    """The compiled validator that decides whether a scan is valid."""
    return jsonschema_rs.Draft202012Validator(_schema())


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # only needed to word the errors of an invalid scan (~60 ms to import)

    return jsonschema.Draft202012Validator(_schema())


def schema_errors(scan: dict[str, Any]) -> list[str]:
    """Every schema violation of ``scan`` as ``path: message`` (empty when it validates)."""
    if verdict_validator().is_valid(scan):
        return []
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message[:200]}"
        for err in sorted(_validator().iter_errors(scan), key=lambda e: list(map(str, e.absolute_path)))
    ] or ["(root): rejected by jsonschema_rs but not by jsonschema (please report this)"]


def validate_scan(scan: dict[str, Any], *, required_items: dict[str, list[str]] | None = None) -> None:
    """Raise OutputError unless ``scan`` validates and holds every active rubric's items."""
    problems = schema_errors(scan)
    for cat, items in (required_items or {}).items():
        have = scan.get("checklist", {}).get(cat, {})
        problems += [f"checklist/{cat}/{item}: missing" for item in items if item not in have]
    if problems:
        raise OutputError(f"the scan failed validation ({len(problems)} problems), first: {problems[0]}",
                          hint="this is a bug in paper-scan; please report it with the input")
