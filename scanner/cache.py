"""The on-disk cache of fetched papers, keyed by arXiv id and version.

Location (first that is set): ``--cache-dir``, ``$PAPERSCAN_CACHE_DIR``, the platform's user
cache dir (``$XDG_CACHE_HOME/paper-scan`` or ``~/.cache/paper-scan`` on Linux,
``~/Library/Caches/paper-scan`` on macOS). Layout::

    arxiv/<id>/v<N>.pdf       the PDF, only ever written complete and checked
    arxiv/<id>/v<N>.json      the API metadata of that version
    arxiv/<id>/latest.json    which version an unversioned id resolved to

``<id>`` is the versionless id with ``/`` replaced by ``_`` (old-style ``hep-th/9901001``).
Every write goes through a temp file and a rename, so a crash never leaves a half file that
a later run would trust.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from scanner.errors import FetchError
from scanner.output import write_bytes_atomic as _write_atomic

__all__ = ["CACHE_ENV", "PaperCache", "cache_root"]

CACHE_ENV = "PAPERSCAN_CACHE_DIR"
_APP = "paper-scan"


def cache_root(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: ``override``, else ``$PAPERSCAN_CACHE_DIR``, else the user cache dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Atomic write for the cache; an unwritable cache folder is a FetchError naming the fix."""
    try:
        _write_atomic(path, data, error=FetchError)
    except FetchError as exc:
        raise FetchError(f"cache folder {path.parent} is not writable",
                         hint=f"set {CACHE_ENV} or --cache-dir to a writable folder") from exc


class PaperCache:
    """PDFs and metadata of arXiv papers under :func:`cache_root`."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = cache_root(root)

    def _folder(self, base_id: str) -> Path:
        return self.root / "arxiv" / base_id.replace("/", "_")

    def pdf_path(self, base_id: str, version: int) -> Path:
        """Where the PDF of ``base_id`` version ``version`` lives (it may not exist yet)."""
        return self._folder(base_id) / f"v{version}.pdf"

    def get_pdf(self, base_id: str, version: int) -> Path | None:
        """The cached PDF, or None when it is missing or not a PDF."""
        path = self.pdf_path(base_id, version)
        try:
            with path.open("rb") as fh:
                head = fh.read(5)
        except OSError:
            return None
        return path if head == b"%PDF-" else None

    def put_pdf(self, base_id: str, version: int, data: bytes) -> Path:
        """Store a complete, checked PDF; returns its path."""
        if not data.startswith(b"%PDF-"):
            raise ValueError("refusing to cache bytes that are not a PDF")
        path = self.pdf_path(base_id, version)
        write_bytes_atomic(path, data)
        return path

    def get_meta(self, base_id: str, version: int | None) -> dict[str, Any] | None:
        """Cached metadata of a version (``None``: the version an unversioned id resolved to)."""
        if version is None:
            latest = self._read_json(self._folder(base_id) / "latest.json")
            if latest is None or not isinstance(latest.get("version"), int):
                return None
            version = latest["version"]
        return self._read_json(self._folder(base_id) / f"v{version}.json")

    def put_meta(self, base_id: str, version: int, meta: dict[str, Any], *, latest: bool) -> None:
        """Store a version's metadata; ``latest`` also records it for the unversioned id."""
        folder = self._folder(base_id)
        write_bytes_atomic(folder / f"v{version}.json", json.dumps(meta, indent=1).encode())
        if latest:
            write_bytes_atomic(folder / "latest.json", json.dumps({"version": version}).encode())

    @staticmethod
    def _read_json(path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None
