"""Atomic writes: a scan or report is either complete on disk or not there at all."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from scanner.errors import OutputError, ScannerError


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_bytes_atomic(path: Path, data: bytes, *, error: type[ScannerError] = OutputError) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, fsync and a rename.

    A crash or kill at any moment leaves either the old file or the complete new one, never a
    half-written file; ``error`` is the ScannerError raised when the folder is not writable.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise error(f"{path}: cannot write ({exc.strerror})", hint="choose a writable folder") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def dump_json(data: dict[str, Any]) -> str:
    """The canonical JSON text of a scan (UTF-8, indented, trailing newline)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def emit(text: str, out: str | Path) -> None:
    """Write ``text`` to ``out``; ``-`` means standard output."""
    if str(out) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text_atomic(Path(out), text)
