"""Is the scan already in the output folder still good? (the resume rule of a batch run)

A scan is reused when it parses, was made by this tool version and answer engine, from the same
input bytes (SHA-256; arXiv entries: the same id), with exactly the rubrics and rubric versions
the current rubric set would select for the paper's recorded methodology tags and ``--modules``.
Anything else (older tool, edited rubric, changed PDF, half-written or foreign file) is redone.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner import __version__
from scanner.options import ScanOptions

from .lists import Entry

if TYPE_CHECKING:
    from scanner.rubrics.spec import Rubric

log = logging.getLogger(__name__)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Freshness:
    """Decides whether an existing ``<name>.scan.json`` can be kept for an entry."""

    def __init__(self, options: ScanOptions) -> None:
        # Imported here, not at the top: the rubric stack (detectors and all) costs ~0.5 s that a
        # --force run, which never checks freshness, need not pay in the batch parent.
        from scanner.rubrics.loader import load_rubrics
        from scanner.rubrics.registry import detectors

        self.options = options
        self._rubrics: list[Rubric] = load_rubrics(known_detectors=detectors())

    def expected_rubrics(self, tags: list[str]) -> dict[str, str]:
        """Rubric id -> version a scan of a paper with ``tags`` would use now."""
        from scanner.rubrics.select import select_rubrics

        chosen = select_rubrics(self._rubrics, tags, self.options.modules)
        return {r.id: r.version for r in chosen}

    def is_fresh(self, entry: Entry, scan_path: Path) -> bool:
        """True when ``scan_path`` exists and matches the entry's input, tool and rubrics."""
        scan = _load(scan_path)
        prov = (scan or {}).get("provenance") or {}
        if not scan or prov.get("tool_version") != __version__ or prov.get("engine") != self.options.engine:
            return False
        if prov.get("rubric_versions") != self.expected_rubrics(list(scan.get("methodology_tags") or [])):
            return False
        if entry.kind == "arxiv":
            return bool(prov.get("source") == entry.source)
        try:
            return bool(prov.get("input_sha256") == file_sha256(Path(entry.source)))
        except OSError:
            return False


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
