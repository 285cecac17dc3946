"""Detector registry: name -> function. Built-ins register by decorator; plugins by entry point.

A detector is ``fn(paper, facts) -> Answer``. Installed packages contribute detectors through
the ``scanner.detectors`` entry-point group; each entry point names a module, imported when the
registry is first built (never at import time of :mod:`scanner`).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, TypeVar

from scanner.errors import RubricError
from scanner.rubrics.loader import RUBRIC_GROUP

if TYPE_CHECKING:
    from scanner.detectors.base import Answer
    from scanner.detectors.facts import Facts
    from scanner.paper import Paper

log = logging.getLogger(__name__)
DETECTOR_GROUP = "scanner.detectors"
Detector = Callable[["Paper", "Facts"], "Answer"]
F = TypeVar("F", bound=Callable[..., object])

_DETECTORS: dict[str, Detector] = {}
_LOADED = False


def detector(name: str) -> Callable[[F], F]:
    """Register the decorated function as the detector ``name``."""

    def register(fn: F) -> F:
        if name in _DETECTORS and _DETECTORS[name] is not fn:
            raise RubricError(f"detector {name!r} registered twice ({fn.__module__} and {_DETECTORS[name].__module__})")
        _DETECTORS[name] = fn  # type: ignore[assignment]  # F is a Detector by contract
        return fn

    return register


def refresh() -> None:
    """Forget loaded plugins so the next :func:`detectors` call discovers them again."""
    global _LOADED
    _LOADED = False
    installed_plugins.cache_clear()


@lru_cache(maxsize=1)
def installed_plugins() -> frozenset[str]:
    """Names of installed rubric/detector plugins, read once per process (``refresh`` re-reads).

    Reading entry points costs ~10 ms, too much to repeat for every paper of a batch.
    """
    return frozenset(
        f"{ep.group}:{ep.name}" for grp in (RUBRIC_GROUP, DETECTOR_GROUP) for ep in entry_points(group=grp)
    )


def detectors() -> dict[str, Detector]:
    """All detectors: built-ins from :mod:`scanner.detectors` and installed plugins."""
    global _LOADED
    if not _LOADED:
        import scanner.detectors as builtin

        for mod in sorted(pkgutil.iter_modules(builtin.__path__), key=lambda m: m.name):
            importlib.import_module(f"{builtin.__name__}.{mod.name}")
        for ep in sorted(entry_points(group=DETECTOR_GROUP), key=lambda e: e.name):
            try:
                ep.load()
            except Exception as exc:
                raise RubricError(f"detector plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
        _LOADED = True
    return dict(_DETECTORS)
