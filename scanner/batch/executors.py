"""Where batch work runs: a local process pool (default) or a Dask cluster (``--executor dask``).

Both expose :meth:`submit` returning a future with ``add_done_callback``, so the runner keeps
a bounded window of papers in flight whatever the engine. Dask was chosen over Ray because its
``distributed`` package is pure Python (about 35 MB installed with dask, tornado, msgpack,
cloudpickle, measured in this project's venv), its ``LocalCluster`` runs the same code on one
machine (what the tests use), and pointing at a cluster is one address
(``--dask-scheduler tcp://host:8786`` or ``DASK_SCHEDULER_ADDRESS``).
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import logging
import multiprocessing
import os
from collections.abc import Callable
from typing import Any, Protocol

from scanner.errors import UsageError

log = logging.getLogger(__name__)

EXECUTORS = ("local", "dask")
# A worker process is replaced after this many papers, so a slow leak cannot grow without bound.
TASKS_PER_CHILD = 200
# What the local pool's fork server imports (and so warms up, see .preload) before its first fork.
FORK_SERVER_PRELOAD = ["scanner.batch.preload"]


class Future(Protocol):
    """The part of a future the runner uses (concurrent.futures and dask futures both fit)."""

    def result(self, timeout: float | None = None) -> Any:
        """The return value, or raise the task's exception."""
        ...

    def add_done_callback(self, fn: Callable[[Any], object]) -> None:
        """Call ``fn(future)`` once the future is done (possibly from another thread)."""
        ...


class Executor(Protocol):
    """A place to run ``fn(*args)`` for many papers."""

    workers: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Start ``fn(*args)``; return its future."""
        ...

    def close(self) -> None:
        """Release workers (cancel what has not started)."""
        ...


def default_jobs() -> int:
    """Cores this process may use (affinity-aware), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def start_fork_server() -> None:
    """Start the local pool's fork server now; it imports and warms up (~1 s) in the background.

    Without this the server starts at the pool's first submit, after the batch has read its list
    and checked which scans are fresh; started first, that work overlaps its warm-up. Starting it
    again (or the pool starting it) is a no-op while it runs.
    """
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(FORK_SERVER_PRELOAD)
    forkserver.ensure_running()


class LocalExecutor:
    """A process pool on this machine; workers start from a preloaded fork server."""

    def __init__(self, jobs: int) -> None:
        self.workers = jobs
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        ctx = multiprocessing.get_context("forkserver")
        # import and warm up the scanner once in the server, not once per worker (see .preload)
        ctx.set_forkserver_preload(FORK_SERVER_PRELOAD)
        from .worker import ignore_sigint

        return cf.ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=ignore_sigint,
                                      max_tasks_per_child=TASKS_PER_CHILD)

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        """Run ``fn(*args)`` in a worker process; a crashed pool is replaced first."""
        try:
            return self._pool.submit(fn, *args)
        except cf.process.BrokenProcessPool:
            log.warning("a worker process died; starting a new pool")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Stop the pool; queued work is cancelled."""
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """A Dask ``distributed`` client: a LocalCluster by default, or a running scheduler."""

    def __init__(self, jobs: int, address: str | None = None) -> None:
        try:
            # imported as Any: distributed ships no complete type hints
            distributed: Any = importlib.import_module("distributed")
        except ImportError as exc:
            raise UsageError(
                "--executor dask needs dask.distributed",
                hint="pip install 'paper-scan[dask]' or pip install 'dask[distributed]'",
            ) from exc
        address = address or os.environ.get("DASK_SCHEDULER_ADDRESS")
        self._cluster: Any = None
        if address:
            self._client: Any = distributed.Client(address)
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.WARNING,
            )
            self._client = distributed.Client(self._cluster)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on a Dask worker (never cached: ``pure=False``)."""
        return self._client.submit(fn, *args, pure=False)

    def close(self) -> None:
        """Disconnect; a LocalCluster we started is shut down."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(kind: str, jobs: int, address: str | None = None) -> Executor:
    """The executor named by ``--executor`` with ``jobs`` local workers."""
    if kind == "local":
        return LocalExecutor(jobs)
    if kind == "dask":
        return DaskExecutor(jobs, address)
    raise UsageError(f"unknown executor {kind!r}", hint=f"choose one of {', '.join(EXECUTORS)}")
