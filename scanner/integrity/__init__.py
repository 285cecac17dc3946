"""Integrity checks no reviewer has: hidden prompts, author checklists the paper contradicts,
numbers with no source.

* :mod:`scanner.integrity.hidden` - hidden passages (found at ingestion) as scan.json entries
  and ``hidden_text`` red flags when they address an AI or give instructions.
* :mod:`scanner.integrity.checklist` - the authors' NeurIPS / ACL checklist parsed, mapped onto
  our items, ``checklist_contradiction`` and ``checklist_unfilled`` flags.
* :mod:`scanner.integrity.numbers` - ``unsupported_number`` and ``inconsistent_number`` flags.
* :mod:`scanner.integrity.derived` - ``derived_metric_mismatch``: an F1 that is no harmonic mean of
  the precision and recall reported with it.
* :mod:`scanner.integrity.hygiene` - draft hygiene: unresolved references, citations beyond the
  reference list, figures/tables referenced but missing, template and draft leftovers.

Every check here has the red-flag signature ``(paper, facts, checklist) -> list[RedFlag]``.
"""

from __future__ import annotations

from scanner.integrity.checklist import author_checklist, checklist_flags
from scanner.integrity.derived import derived_metric_flags
from scanner.integrity.hidden import hidden_text, hidden_text_flags
from scanner.integrity.hygiene import hygiene_flags
from scanner.integrity.numbers import number_flags

__all__ = ["author_checklist", "checklist_flags", "derived_metric_flags", "hidden_text", "hidden_text_flags",
           "hygiene_flags", "number_flags"]
