"""Strict answer models the model must fill (separate from the scan.json models).

Every field is required and nullable fields are ``X | None`` so that the generated JSON Schema
is accepted by OpenAI's strict structured outputs (``additionalProperties: false``, all keys
required). Quotes are candidates only: :mod:`scanner.answer.llm` locates each one in the paper.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class StrictAnswer(BaseModel):
    """Base of the LLM answer models: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")


class ItemAnswer(StrictAnswer):
    """The model's answer to one checklist question."""

    id: str = Field(description="The question id exactly as given in the prompt.")
    applies: bool = Field(description="Whether the question makes sense for this paper.")
    answer: bool = Field(description="True when the good practice is present (false if it does not apply).")
    reason: str = Field(description="One or two sentences of reasoning, without quotation marks.")
    quotes: list[str] = Field(
        description="Verbatim passages copied from the PAPER data that support the answer (may be empty)."
    )


class RubricAnswer(StrictAnswer):
    """The model's answers to one rubric's question set."""

    answers: list[ItemAnswer] = Field(description="One entry per question id of the rubric.")


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON Schema in the form strict structured outputs accept (no titles/defaults)."""
    schema = model.model_json_schema()
    _strip(schema)
    return schema


def _strip(node: Any) -> None:
    """Drop keys strict mode rejects or ignores; make every object closed and fully required."""
    if isinstance(node, dict):
        for key in ("title", "default"):
            if not isinstance(node.get(key), dict):  # a property *named* title is a dict: keep it
                node.pop(key, None)
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        for value in node.values():
            _strip(value)
    elif isinstance(node, list):
        for value in node:
            _strip(value)
