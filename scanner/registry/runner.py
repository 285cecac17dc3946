"""``scan run``: run an experiment command and record it in the run registry.

::

    scan run [--name NAME] [--inputs FILE...] [--outputs FILE...] [--results FILE]
             [--registry PATH] -- COMMAND...

The command's stdin/stdout/stderr pass through and its exit code is ours. The run is recorded
whatever happens; it counts as ``ok`` only when the command exited 0, every declared output
exists and every results file holds numbers. A failed run keeps no result values, so nothing
it printed can ever back a number in a draft. The child sees its id as ``PAPERSCAN_RUN_ID``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import secrets
import subprocess
import sys
from pathlib import Path

from scanner.errors import EXIT_POLICY_FAILED, InputError, UsageError
from scanner.registry import DEFAULT_REGISTRY
from scanner.registry.db import Registry, Run, RunRecord
from scanner.registry.results import ResultsFileError, check_results_path, read_results, sha256_path

EXIT_NOT_FOUND = 127
USAGE = "usage: scan run [options] -- COMMAND..."


def new_run_id() -> str:
    """A sortable, collision-safe id: UTC time plus 6 random hex digits."""
    now = _dt.datetime.now(_dt.UTC)
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def utc_now() -> str:
    """Current UTC time, ISO 8601 with milliseconds."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def build_parser() -> argparse.ArgumentParser:
    """Parser for the options before ``--``."""
    parser = argparse.ArgumentParser(prog="scan run", usage="scan run [options] -- COMMAND...",
                                     description="Run an experiment and record it in the registry.")
    parser.add_argument("--name", help="a name for the run (default: the command's first word)")
    parser.add_argument("--inputs", nargs="+", default=[], metavar="FILE",
                        help="files the run reads (hashed)")
    parser.add_argument("--outputs", nargs="+", default=[], metavar="FILE",
                        help="files the run writes (hashed)")
    parser.add_argument("--results", action="append", default=[], metavar="FILE",
                        help="JSON/CSV file the run writes its numbers to (repeatable)")
    parser.add_argument("--registry", default=DEFAULT_REGISTRY,
                        help=f"registry file (default {DEFAULT_REGISTRY})")
    return parser


def _split(argv: list[str]) -> tuple[list[str], list[str]]:
    if "--" not in argv:
        raise UsageError("scan run needs the command after --", hint=USAGE)
    i = argv.index("--")
    command = argv[i + 1 :]
    if not command:
        raise UsageError("no command after --", hint=USAGE)
    return argv[:i], command


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_state(cwd: Path, registry: Path) -> tuple[str | None, bool | None]:
    """HEAD commit and whether tracked files differ from it (the registry itself excluded)."""
    commit = _git(cwd, "rev-parse", "HEAD")
    top = _git(cwd, "rev-parse", "--show-toplevel")
    status = _git(cwd, "status", "--porcelain", "--untracked-files=no")
    if commit is None or top is None or status is None:
        return None, None
    ignore = {str(registry.resolve()) + s for s in ("", "-wal", "-shm")}
    changed = [ln[3:] for ln in status.splitlines() if ln.strip()]
    dirty = any(str((Path(top.strip()) / p).resolve()) not in ignore for p in changed)
    return commit.strip(), dirty


def _hash_inputs(paths: list[str]) -> dict[str, str]:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"declared input {missing[0]} does not exist", hint="fix --inputs; nothing was run")
    return {p: sha256_path(p) for p in paths}


def _execute(command: list[str], run_id: str) -> tuple[int, str]:
    env = {**os.environ, "PAPERSCAN_RUN_ID": run_id}
    try:
        return subprocess.run(command, env=env).returncode, ""
    except FileNotFoundError:
        return EXIT_NOT_FOUND, f"command not found: {command[0]}"
    except PermissionError:
        return 126, f"command not executable: {command[0]}"
    except KeyboardInterrupt:
        return 130, "interrupted"


def _collect(outputs: list[str], results: list[str]) -> tuple[dict[str, str], dict[str, float], str]:
    """Output hashes and result values of a finished command; a note says why it failed."""
    missing = [p for p in outputs if not Path(p).exists()]
    hashes = {p: sha256_path(p) for p in outputs if p not in missing}
    if missing:
        return hashes, {}, f"declared output {missing[0]} was not written"
    values: dict[str, float] = {}
    try:
        for path in results:
            values.update(read_results(path))
    except ResultsFileError as exc:
        return hashes, {}, str(exc)
    return hashes, values, ""


def record_run(args: argparse.Namespace, command: list[str]) -> Run:
    """Run ``command`` and append its record to the registry (also when it fails)."""
    for path in args.results:
        check_results_path(path)
    registry = Path(args.registry)
    inputs = _hash_inputs(args.inputs)
    Registry(registry, create=True).close()  # a registry we cannot write must stop us before the run
    cwd = Path.cwd()
    commit, dirty = git_state(cwd, registry)
    run_id, started = new_run_id(), utc_now()
    code, note = _execute(command, run_id)
    ended = utc_now()
    outputs, values, collect_note = _collect(args.outputs, args.results)
    if code != 0:
        note = note or f"command exited with {code}"
        values = {}
    else:
        note = collect_note
    record = RunRecord(run_id=run_id, name=args.name or Path(command[0]).name, command=command,
                       cwd=str(cwd), git_commit=commit, git_dirty=dirty, inputs=inputs, outputs=outputs,
                       results=values, started=started, ended=ended, exit_code=code,
                       status="failed" if note else "ok", note=note)
    with Registry(registry, create=True) as reg:
        return reg.append(record)


def main(argv: list[str]) -> int:
    """Entry point of ``scan run``; returns the command's exit code (1 if it failed otherwise)."""
    options, command = _split(argv)
    try:
        args = build_parser().parse_args(options)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    run = record_run(args, command)
    if run.ok:
        print(f"scan: run {run.run_id} recorded in {args.registry}: ok, {len(run.results)} result values",
              file=sys.stderr)
        return 0
    print(f"scan: run {run.run_id} recorded in {args.registry} as failed: {run.note}", file=sys.stderr)
    return run.exit_code or EXIT_POLICY_FAILED
