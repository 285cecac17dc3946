"""Ingestion: turn what the user named (PDF path, draft, arXiv id/URL) into a Paper.

:func:`load_paper` is the one entry point; it dispatches on the source and leaves the format
details to ``pdf.py`` (the only pymupdf user), ``draft.py`` (LaTeX/Markdown) and ``arxiv.py``.
"""

from __future__ import annotations

from pathlib import Path

from scanner.errors import InputError
from scanner.paper import Paper


def load_paper(source: str) -> Paper:
    """Read ``source`` (a PDF path for now) into a :class:`Paper`."""
    path = Path(source).expanduser()
    from scanner.ingest.draft import DRAFT_SUFFIXES, load_draft

    if path.suffix.lower() in DRAFT_SUFFIXES:  # LaTeX/Markdown drafts (see draft.py)
        return load_draft(path, source=source)
    if path.suffix.lower() == ".pdf" or path.exists():
        from scanner.ingest.pdf import load_pdf

        return load_pdf(path, source=source)
    raise InputError(
        f"{source}: not a file",
        hint="give a path to a PDF",
    )
