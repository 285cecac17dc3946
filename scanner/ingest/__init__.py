"""Ingestion: turn what the user named (PDF path, draft, arXiv id/URL) into a Paper.

:func:`load_paper` is the one entry point; it dispatches on the source and leaves the format
details to ``pdf.py`` (the only pymupdf user), ``draft.py`` (LaTeX/Markdown) and ``arxiv.py``.
"""

from __future__ import annotations

from pathlib import Path

from scanner.errors import InputError
from scanner.paper import Paper


def load_paper(source: str, *, offline: bool = False, cache_dir: str | Path | None = None) -> Paper:
    """Read ``source`` (a PDF path, or an arXiv id/URL fetched through the cache) into a Paper.

    ``offline`` and ``cache_dir`` only matter for arXiv sources (see ``arxiv.py``).
    """
    path = Path(source).expanduser()
    from scanner.ingest.draft import DRAFT_SUFFIXES, load_draft

    if path.suffix.lower() in DRAFT_SUFFIXES:  # LaTeX/Markdown drafts (see draft.py)
        return load_draft(path, source=source)
    if not path.exists():
        from scanner.ingest.arxiv import is_arxiv_source, load_arxiv

        if is_arxiv_source(source):
            return load_arxiv(source, offline=offline, cache_dir=cache_dir)
    if path.suffix.lower() == ".pdf" or path.exists():
        from scanner.ingest.pdf import load_pdf

        return load_pdf(path, source=source)
    raise InputError(
        f"{source}: neither an existing file nor an arXiv id or URL",
        hint="give a path to a PDF, or an arXiv id such as 2512.22293 or hep-th/9901001",
    )
