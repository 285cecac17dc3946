"""Which rubrics run for a paper: core always, modules by methodology tags or by request."""

from __future__ import annotations

from collections.abc import Iterable

from scanner.errors import UsageError
from scanner.rubrics.spec import Rubric


def select_rubrics(rubrics: list[Rubric], tags: Iterable[str], requested: Iterable[str] | None) -> list[Rubric]:
    """Core rubrics plus modules switched on by ``tags`` or named in ``requested``.

    ``requested`` may hold module ids, ``all`` or ``none``; an unknown id is a usage error.
    """
    modules = {r.id for r in rubrics if r.is_module}
    wanted = set(requested or ())
    unknown = wanted - modules - {"all", "none", "auto"}
    if unknown:
        raise UsageError(f"unknown module(s): {', '.join(sorted(unknown))}",
                         hint=f"choose from {', '.join(sorted(modules))}")
    tagset = set(tags)
    chosen = []
    for r in rubrics:
        if not r.is_module:
            chosen.append(r)
        elif "none" in wanted:
            continue
        elif "all" in wanted or r.id in wanted or (("auto" in wanted or not wanted) and tagset & set(r.activates_on)):
            chosen.append(r)
    return chosen
