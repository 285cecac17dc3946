"""Token counting and prices: what a scan will cost before it starts, and what it cost after.

No tokenizer is bundled (tiktoken downloads its tables at first use, which an offline scanner
cannot rely on), so input tokens are *estimated* at :data:`CHARS_PER_TOKEN` characters per
token, which is close for English prose under the GPT-4o/Llama tokenizers. Real counts come from
the ``usage`` block of each response and are what provenance records.

Prices are US dollars per million tokens (input, output). Override or extend the table with
``PAPERSCAN_LLM_PRICES`` pointing to a JSON file ``{"model": [input, output], ...}``; a model that
is in no table costs 0 (local servers such as Ollama or vLLM).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import UsageError

CHARS_PER_TOKEN = 4.0
PRICES_ENV = "PAPERSCAN_LLM_PRICES"

# USD per 1M tokens (input, output), list prices of the providers' public pages.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
}


def estimate_tokens(text: str) -> int:
    """Estimated tokens of ``text`` (ceil of characters / :data:`CHARS_PER_TOKEN`)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


@dataclass(frozen=True)
class Price:
    """USD per million input and output tokens of one model."""

    input_per_m: float
    output_per_m: float
    known: bool = True

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        """Dollars for the given token counts."""
        return (input_tokens * self.input_per_m + output_tokens * self.output_per_m) / 1_000_000


def price_table() -> dict[str, tuple[float, float]]:
    """Built-in prices updated by the JSON file named in ``PAPERSCAN_LLM_PRICES``."""
    table = dict(PRICES)
    path = os.environ.get(PRICES_ENV)
    if not path:
        return table
    try:
        extra = json.loads(Path(path).read_text(encoding="utf-8"))
        table.update({str(k): (float(v[0]), float(v[1])) for k, v in extra.items()})
    except (OSError, ValueError, TypeError, IndexError, AttributeError) as exc:
        raise UsageError(
            f"{PRICES_ENV}={path}: not a readable price table ({exc})",
            hint='write JSON like {"my-model": [0.15, 0.60]} (USD per 1M input, output tokens)',
        ) from exc
    return table


def price_of(model: str) -> Price:
    """The price of ``model``; dated variants (``gpt-4o-mini-2024-07-18``) use their family's."""
    table = price_table()
    name = model.split("/")[-1]  # OpenRouter-style "openai/gpt-4o-mini"
    for key in sorted(table, key=len, reverse=True):
        if name == key or name.startswith(key + "-"):
            return Price(*table[key])
    return Price(0.0, 0.0, known=False)
