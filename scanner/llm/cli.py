"""The llm engine's flags: ``--engine``, ``--model``, ``--max-tokens-per-paper``, ``--max-cost``.

Registered in :data:`scanner.cli.ARGUMENT_PROVIDERS`; :func:`apply_options` copies them onto
:class:`~scanner.pipeline.ScanOptions`. ``SCAN_ENGINE`` and ``SCAN_MODEL`` give the defaults.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from scanner.errors import UsageError
from scanner.llm.passages import DEFAULT_BUDGET

if TYPE_CHECKING:
    from scanner.pipeline import ScanOptions

ENGINES = ("offline", "llm")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the engine flags to ``parser``."""
    group = parser.add_argument_group("answer engine")
    group.add_argument("--engine", choices=ENGINES, default=None,
                       help="offline: rules only (default); llm: an OpenAI-compatible model whose every "
                       "quote is verified (env SCAN_ENGINE; server OPENAI_BASE_URL, key OPENAI_API_KEY)")
    group.add_argument("--model", default=None,
                       help="model name for --engine llm (env SCAN_MODEL; default gpt-4o-mini)")
    group.add_argument("--max-tokens-per-paper", type=int, default=DEFAULT_BUDGET, metavar="N",
                       help="input-token budget of the llm engine per paper (default %(default)s)")
    group.add_argument("--max-cost", type=float, default=None, metavar="USD",
                       help="refuse to start when the estimated LLM cost of the paper exceeds USD")


def apply_options(args: argparse.Namespace, options: ScanOptions) -> None:
    """Copy the engine flags (or their environment defaults) onto ``options``."""
    engine = getattr(args, "engine", None) or os.environ.get("SCAN_ENGINE") or "offline"
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (from SCAN_ENGINE)", hint="use offline or llm")
    budget = getattr(args, "max_tokens_per_paper", DEFAULT_BUDGET)
    if budget <= 0:
        raise UsageError(f"--max-tokens-per-paper must be positive, not {budget}")
    max_cost = getattr(args, "max_cost", None)
    if max_cost is not None and max_cost < 0:
        raise UsageError(f"--max-cost must not be negative, not {max_cost}")
    options.engine = engine
    options.model = getattr(args, "model", None) or os.environ.get("SCAN_MODEL") or None
    options.max_tokens_per_paper = budget
    options.max_cost = max_cost
