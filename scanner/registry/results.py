"""Result files a run writes (JSON or CSV) flattened to ``key -> number`` (pure except reading).

JSON objects and lists become dotted keys (``scorecard.mean_alignment``, ``folds.0.f1``); CSV
rows are keyed by their first column when it is a label (``no_filler.delta``), else by row
index. Only finite numbers are kept (numeric strings included, booleans not); each key is
prefixed with the file's name so two result files never collide.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scanner.errors import UsageError

SUFFIXES = (".json", ".csv")


class ResultsFileError(Exception):
    """A declared results file is missing or unreadable after the run (the run then failed)."""


def check_results_path(path: str) -> None:
    """Refuse (before running anything) a results file the registry cannot read."""
    if Path(path).suffix.lower() not in SUFFIXES:
        raise UsageError(f"--results {path}: only .json and .csv result files are read",
                         hint="write the run's numbers to a .json or .csv file")


def as_number(value: Any) -> float | None:
    """A finite float for numbers and numeric strings; None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().rstrip("%"))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _walk(value: Any, prefix: str) -> Iterator[tuple[str, float]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _walk(sub, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _walk(sub, f"{prefix}.{i}" if prefix else str(i))
    else:
        number = as_number(value)
        if number is not None:
            yield prefix or "value", number


def flatten_json(text: str) -> dict[str, float]:
    """Numbers of a JSON document by dotted path."""
    return dict(_walk(json.loads(text), ""))


def flatten_csv(text: str) -> dict[str, float]:
    """Numbers of a CSV table (with a header row) as ``row_label.column``."""
    out: dict[str, float] = {}
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return out
    header = [h.strip() or f"col{i}" for i, h in enumerate(rows[0])]
    for i, row in enumerate(rows[1:]):
        first = row[0].strip() if row else ""
        label = first if first and as_number(first) is None else str(i)
        for col, cell in zip(header, row, strict=False):
            number = as_number(cell)
            if number is not None:
                out[f"{label}.{col}"] = number
    return out


def read_results(path: str | Path) -> dict[str, float]:
    """Flatten one results file, keys prefixed with its file name."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        values = flatten_csv(text) if p.suffix.lower() == ".csv" else flatten_json(text)
    except FileNotFoundError as exc:
        raise ResultsFileError(f"results file {path} was not written") from exc
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise ResultsFileError(f"results file {path} is unreadable: {exc}") from exc
    if not values:
        raise ResultsFileError(f"results file {path} holds no numbers")
    return {f"{p.name}:{k}": v for k, v in values.items()}


def sha256_path(path: str | Path) -> str:
    """SHA-256 of a file, or of a folder's sorted (relative path, file hash) list."""
    p = Path(path)
    if p.is_dir():
        listing = "\n".join(f"{f.relative_to(p).as_posix()} {sha256_path(f)}"
                            for f in sorted(p.rglob("*")) if f.is_file())
        return hashlib.sha256(listing.encode()).hexdigest()
    digest = hashlib.sha256()
    with p.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
