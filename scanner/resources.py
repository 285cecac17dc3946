"""The one place that finds the data shipped with paper-scan: ``schemas/`` and ``modules/``.

In a wheel they are packaged under ``scanner/_data``; in a source checkout (editable install,
tests) they are the top-level folders next to the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def modules_dir() -> Path:
    """Folder of the built-in rubric YAML files."""
    return _data_dir("modules")


def schemas_dir() -> Path:
    """Folder of the generated JSON Schemas."""
    return _data_dir("schemas")


def scan_schema_path() -> Path:
    """Path of ``scan.schema.json``."""
    return schemas_dir() / "scan.schema.json"
