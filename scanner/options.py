"""What the user asked of a scan (:class:`ScanOptions`), importable without the scanner itself.

Kept apart from :mod:`scanner.pipeline` (which re-exports it) so that front ends that only pass
options along, such as the batch parent process, do not import the whole scanner (~0.6 s).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.models import PaperInfo, RedFlag
    from scanner.paper import Paper


@dataclass
class ScanOptions:
    """What the user asked for, as far as the scan itself is concerned."""

    modules: list[str] | None = None
    engine: str = "offline"
    model: str | None = None  # --engine llm: model name (default in scanner.answer.llm)
    max_tokens_per_paper: int = 40_000  # --engine llm: input-token budget per paper
    max_cost: float | None = None  # --engine llm: refuse to start above this estimate (USD)
    paper_info: PaperInfo | None = None
    notes: list[str] = field(default_factory=list)
    # Red-flag checks that depend on the user's flags (e.g. --registry): paper -> flags.
    extra_checks: list[Callable[[Paper], list[RedFlag]]] = field(default_factory=list)
    offline: bool = False  # arXiv sources: use only the cache
    cache_dir: str | None = None  # arXiv sources: cache folder (default: see scanner.cache)
