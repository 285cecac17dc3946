"""Response cache keyed by (model, prompt hash), so that a re-scan costs nothing.

Entries are small JSON files under ``<user cache dir>/paper-scan/llm/`` (``PAPERSCAN_CACHE_DIR``
replaces ``<user cache dir>/paper-scan``). Only responses that passed validation are stored;
a corrupt entry is treated as a miss and overwritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from scanner.output import write_text_atomic

log = logging.getLogger(__name__)


def cache_root() -> Path:
    """The paper-scan cache folder (``PAPERSCAN_CACHE_DIR`` overrides the platform default)."""
    override = os.environ.get("PAPERSCAN_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("paper-scan"))


def prompt_key(model: str, messages: list[dict[str, str]], schema_name: str) -> str:
    """SHA-256 of the model name, the answer schema and the exact messages."""
    blob = json.dumps({"model": model, "schema": schema_name, "messages": messages}, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass
class ResponseCache:
    """Reads and writes cached model responses (content plus token usage)."""

    folder: Path

    @classmethod
    def default(cls) -> ResponseCache:
        """The cache in the user cache dir."""
        return cls(cache_root() / "llm")

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry for ``key`` or None."""
        path = self._path(key)
        try:
            entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.debug("ignoring unreadable cache entry %s", path)
            return None
        return entry if isinstance(entry.get("content"), str) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store ``entry`` under ``key`` (best effort: a read-only cache only costs money)."""
        try:
            write_text_atomic(self._path(key), json.dumps(entry, sort_keys=True))
        except Exception as exc:  # noqa: BLE001 - OutputError or OSError: caching is optional
            log.warning("could not write the LLM cache at %s (%s)", self.folder, exc)
