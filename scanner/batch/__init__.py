"""Batch scanning of reading lists (``scan --list FILE --out-dir DIR``).

:mod:`.lists` parses text/BibTeX/CSV lists, :mod:`.runner` scans them in parallel and resumably,
:mod:`.summary` writes the CSV/Markdown/HTML summaries, :mod:`.executors` holds the local pool
and the Dask executor, :mod:`.cli` the command-line flags, :mod:`.bench` the ``make bench`` figures.
"""

from __future__ import annotations

from .lists import Entry, ReadingList, Unsupported, read_list
from .runner import BatchOptions, BatchReport, run_batch

__all__ = ["BatchOptions", "BatchReport", "Entry", "ReadingList", "Unsupported", "read_list", "run_batch"]
