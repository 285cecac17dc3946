"""The run registry file: one SQLite table of runs, each row chained to the one before it.

A row holds what a run did (command, git commit and dirty flag, SHA-256 of its declared inputs
and outputs, the result values it wrote, times, exit code, status), the hash of the previous
row and the hash of its own content including that previous hash. Editing a value breaks the
row's own hash; deleting or reordering rows breaks the links; :mod:`scanner.registry.verify`
names which. The file is opened in WAL mode and every append takes ``BEGIN IMMEDIATE``, so
concurrent ``scan run`` processes queue up instead of forking the chain.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from types import TracebackType
from typing import Any

from scanner.errors import InputError

GENESIS = "0" * 64
BUSY_TIMEOUT_S = 60.0
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    command TEXT NOT NULL,
    cwd TEXT NOT NULL,
    git_commit TEXT,
    git_dirty INTEGER,
    inputs TEXT NOT NULL,
    outputs TEXT NOT NULL,
    results TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT NOT NULL,
    exit_code INTEGER NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    row_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_JSON_COLUMNS = ("command", "inputs", "outputs", "results")


@dataclass(frozen=True)
class RunRecord:
    """What a finished run reports, before it is chained into the registry."""

    run_id: str
    name: str
    command: list[str]
    cwd: str
    git_commit: str | None
    git_dirty: bool | None
    inputs: dict[str, str]
    outputs: dict[str, str]
    results: dict[str, float]
    started: str
    ended: str
    exit_code: int
    status: str
    note: str = ""


@dataclass(frozen=True)
class Run(RunRecord):
    """A row of the registry: a record plus its position and chain hashes."""

    seq: int = 0
    prev_hash: str = GENESIS
    row_hash: str = ""

    @property
    def ok(self) -> bool:
        """True when the run succeeded, so its results may back a number."""
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict of the row (for ``--json`` output)."""
        return asdict(self)


def content_hash(record: RunRecord, prev_hash: str) -> str:
    """SHA-256 of a record's content and the previous row's hash (canonical JSON)."""
    data = {k: v for k, v in asdict(record).items() if k not in ("seq", "prev_hash", "row_hash")}
    data["prev_hash"] = prev_hash
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def row_to_run(row: sqlite3.Row) -> Run:
    """Decode one stored row; raises ValueError/TypeError when a column was damaged."""
    values = dict(row)
    names = {f.name for f in fields(Run)}
    if set(values) != names:
        raise ValueError(f"unexpected columns {sorted(set(values) ^ names)}")
    for col in _JSON_COLUMNS:
        values[col] = json.loads(values[col])
    values["git_dirty"] = None if values["git_dirty"] is None else bool(values["git_dirty"])
    return Run(**values)


class Registry:
    """An open registry file; use as a context manager."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise InputError(f"{self.path}: no run registry here",
                             hint="record a run first with: scan run -- COMMAND, or pass --registry PATH")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            self.conn.execute("PRAGMA journal_mode=WAL")
            if create:
                self.conn.executescript(_SCHEMA)
            self._check_schema()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: not a readable run registry ({exc})",
                             hint="point --registry at the registry.sqlite that scan run wrote") from exc

    def _check_schema(self) -> None:
        query = "SELECT name FROM sqlite_master WHERE type='table' AND name='runs'"
        found = self.conn.execute(query).fetchone()
        if found is None:
            raise InputError(f"{self.path}: SQLite file without a runs table",
                             hint="point --registry at the registry that scan run wrote")

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def append(self, record: RunRecord) -> Run:
        """Chain ``record`` after the last row, atomically with respect to other writers."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            last = self.conn.execute("SELECT row_hash FROM runs ORDER BY seq DESC LIMIT 1").fetchone()
            prev = last["row_hash"] if last else GENESIS
            row_hash = content_hash(record, prev)
            values = asdict(record)
            for col in _JSON_COLUMNS:
                values[col] = json.dumps(values[col], sort_keys=True)
            values["git_dirty"] = None if record.git_dirty is None else int(record.git_dirty)
            values.update(prev_hash=prev, row_hash=row_hash)
            cols = ", ".join(values)
            marks = ", ".join(f":{k}" for k in values)
            cur = self.conn.execute(f"INSERT INTO runs ({cols}) VALUES ({marks})", values)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return Run(**asdict(record), seq=int(cur.lastrowid or 0), prev_hash=prev, row_hash=row_hash)

    def raw_rows(self) -> list[sqlite3.Row]:
        """Every stored row, undecoded, in storage order (what verify walks)."""
        return list(self.conn.execute("SELECT * FROM runs ORDER BY seq").fetchall())

    def runs(self) -> list[Run]:
        """Every row in storage order (by sequence number)."""
        try:
            return [row_to_run(r) for r in self.raw_rows()]
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            raise InputError(f"{self.path}: unreadable run row ({exc})",
                             hint="run scan registry verify to see which row was damaged") from exc

    def get(self, run_id: str) -> Run | None:
        """The run with this id, or None."""
        row = self.conn.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        try:
            return row_to_run(row) if row else None
        except (ValueError, TypeError) as exc:
            raise InputError(f"{self.path}: run {run_id} is damaged ({exc})",
                             hint="run scan registry verify") from exc

    def highest_seq(self) -> int:
        """The highest sequence number ever handed out (survives deletion of the last rows)."""
        row = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'runs'").fetchone()
        return int(row["seq"]) if row else 0
