"""Batch progress: a rich bar on a terminal (done/failed, rate, ETA), plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

log = logging.getLogger("scanner.batch")


class Progress:
    """Reports each finished paper; use as a context manager around the run."""

    def __init__(self, total: int, *, rich: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self._t0 = time.monotonic()
        use_rich = sys.stderr.isatty() if rich is None else rich
        self._bar: Any = None
        self._task: Any = None
        if use_rich and total:
            self._bar = _rich_progress()

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("scanning", total=self.total, failed=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, name: str, ok: bool, seconds: float, reason: str | None = None) -> None:
        """One paper finished (``ok``) or failed with ``reason``."""
        self.done += 1
        self.failed += 0 if ok else 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failed=self.failed)
            if not ok:
                self._bar.console.print(f"[red]failed[/red] {name}: {reason}", markup=True, highlight=False)
            return
        if ok:
            log.info("[%d/%d] %s ok (%.1f s)", self.done, self.total, name, seconds)
        else:
            log.warning("[%d/%d] %s FAILED: %s", self.done, self.total, name, reason)

    @property
    def rate(self) -> float:
        """Papers per second since the start."""
        return self.done / max(time.monotonic() - self._t0, 1e-9)


def _rich_progress() -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Papers per second (rich's own speed estimate)."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("-- papers/s" if speed is None else f"{speed:.2f} papers/s", style="cyan")

    return RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[red]{task.fields[failed]} failed"),
        RateColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
