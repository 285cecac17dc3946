"""The run registry: every number in a draft traces to a recorded run.

* :mod:`scanner.registry.db` stores runs in SQLite (WAL), each row chained to the previous one
  by SHA-256, so an edited, deleted or reordered row shows.
* :mod:`scanner.registry.runner` is ``scan run``: run a command, record what it read, wrote and
  reported (results flattened from its JSON/CSV), and whether it failed.
* :mod:`scanner.registry.verify` is ``scan registry verify|list|show|check``.
* :mod:`scanner.registry.check` finds the numbers of a Markdown/LaTeX draft that no run backs.
"""

from __future__ import annotations

DEFAULT_REGISTRY = "experiments/registry.sqlite"

__all__ = ["DEFAULT_REGISTRY"]
