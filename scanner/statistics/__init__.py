"""Statistics that check themselves: find reported tests, recompute them, GRIM and percentages.

repair (symbol-font damage, same length) -> extract (t/F/χ²/r/z + p; means with n; percentages
with denominators) -> recompute (scipy.special tail functions, the values scipy.stats gives;
rounding-aware, statcheck's verdicts) -> analyze (grounded quotes, the ``statistics`` block of
scan.json) -> flags (red flags).
"""

from __future__ import annotations

from scanner.statistics.analyze import flagged, statistics
from scanner.statistics.recompute import p_value

__all__ = ["flagged", "p_value", "statistics"]
