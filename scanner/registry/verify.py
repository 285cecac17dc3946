"""Walk the registry's hash chain and name every row that was edited, deleted or reordered.

* **edited**: a row's content no longer hashes to its stored ``row_hash`` (or cannot be read);
* **reordered**: a row links to a row that is stored elsewhere than right before it;
* **deleted**: a row links to a hash no stored row has, the sequence numbers have a gap, or
  rows after the last stored one were handed out and are gone;
* **output changed**: a file a run declared as output no longer has the recorded SHA-256
  (only the last run that wrote a path is checked: a later run may overwrite an output).

Deleting the *last* rows together with SQLite's sequence counter cannot be seen from inside
the file; pin the head hash (``scan registry verify --json`` prints it) in git and pass it
back with ``--pinned HASH`` to cover that (and a chain whose hashes were all recomputed).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from scanner.registry.db import GENESIS, Registry, Run, content_hash, row_to_run
from scanner.registry.results import sha256_path

TAMPERING = ("edited", "deleted", "reordered", "output_changed")


@dataclass(frozen=True)
class Problem:
    """One thing verify found: what kind, which row, and a sentence saying it."""

    kind: str
    seq: int | None
    run_id: str | None
    message: str

    @property
    def tampering(self) -> bool:
        """True for problems that fail verification (a missing output file only warns)."""
        return self.kind in TAMPERING


def _label(row: sqlite3.Row) -> str:
    return f"row {row['seq']} (run {row['run_id']})"


def _edited(row: sqlite3.Row) -> Problem | None:
    try:
        run = row_to_run(row)
        ok = content_hash(run, run.prev_hash) == run.row_hash
        why = "its content no longer matches its recorded hash"
    except (ValueError, TypeError) as exc:
        ok, why = False, f"it cannot be decoded ({exc})"
    if ok:
        return None
    return Problem("edited", row["seq"], row["run_id"], f"{_label(row)} was edited: {why}")


def _link(rows: list[sqlite3.Row], i: int, where: dict[str, int]) -> Problem | None:
    row = rows[i]
    expected = rows[i - 1]["row_hash"] if i else GENESIS
    if row["prev_hash"] == expected:
        if i and row["seq"] != rows[i - 1]["seq"] + 1:
            gap = f"{rows[i - 1]['seq'] + 1}..{row['seq'] - 1}"
            return Problem("deleted", row["seq"], row["run_id"], f"rows {gap} before {_label(row)} are gone")
        return None
    j = where.get(row["prev_hash"])
    if j is not None or row["prev_hash"] == GENESIS:
        after = _label(rows[j]) if j is not None else "the start of the registry"
        return Problem("reordered", row["seq"], row["run_id"],
                       f"{_label(row)} was reordered: it was recorded right after {after}")
    before = f"{_label(rows[i - 1])} and " if i else "the start of the registry and "
    return Problem("deleted", row["seq"], row["run_id"],
                   f"a row between {before}{_label(row)} was deleted or rewritten (its link matches no row)")


def _outputs(runs: list[Run]) -> list[Problem]:
    latest: dict[Path, tuple[Run, str, str]] = {}
    for run in runs:
        for name, digest in run.outputs.items():
            path = Path(name) if Path(name).is_absolute() else Path(run.cwd) / name
            latest[path.resolve()] = (run, name, digest)
    problems = []
    for path, (run, name, digest) in latest.items():
        if not path.exists():
            problems.append(Problem("output_missing", run.seq, run.run_id,
                                    f"output {name} of run {run.run_id} is missing (not checked)"))
        elif sha256_path(path) != digest:
            problems.append(Problem("output_changed", run.seq, run.run_id,
                                    f"output {name} of run {run.run_id} changed since the run (SHA-256)"))
    return problems


def verify(reg: Registry, *, pinned: str | None = None) -> list[Problem]:
    """Every problem of the registry, in row order, then output files.

    ``pinned`` is a head hash kept outside the file (e.g. in git): it must still be in the chain,
    which catches a rewritten chain and deleted last rows that the file alone cannot show.
    """
    rows = reg.raw_rows()
    where = {row["row_hash"]: i for i, row in enumerate(rows)}
    problems: list[Problem] = []
    if pinned and pinned not in where:
        problems.append(Problem("deleted", None, None, f"pinned head {pinned[:16]}... is not in the chain: "
                                "rows were deleted or the chain was rewritten"))
    for i, row in enumerate(rows):
        problems += [p for p in (_edited(row), _link(rows, i, where)) if p is not None]
    last = rows[-1]["seq"] if rows else 0
    if reg.highest_seq() > last:
        after = _label(rows[-1]) if rows else "the start of the registry"
        problems.append(Problem("deleted", None, None,
                                f"row(s) {last + 1}..{reg.highest_seq()} after {after} were deleted"))
    decodable = []
    for row in rows:
        try:
            decodable.append(row_to_run(row))
        except (ValueError, TypeError):
            continue
    return problems + _outputs(decodable)


def head(reg: Registry) -> str:
    """Hash of the last row (GENESIS for an empty registry): pin it to detect tail deletion."""
    rows = reg.raw_rows()
    return str(rows[-1]["row_hash"]) if rows else GENESIS
