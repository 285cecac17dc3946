"""Generate ``schemas/scan.schema.json`` from :mod:`scanner.models` (``make schemas``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from scanner.models import Scan

SCHEMA_ID = "https://paper-scan.invalid/schemas/scan.schema.json"


def scan_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of scan.json v2."""
    schema = Scan.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def render() -> str:
    """The schema file's exact text."""
    return json.dumps(scan_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema into the folder given (default ``schemas/``)."""
    folder = Path((argv or sys.argv[1:] or ["schemas"])[0])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scan.schema.json").write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
