"""Strict answer models the model must fill (separate from the scan.json models).

Every field is required and nullable fields are ``X | None`` so that the generated JSON Schema
is accepted by OpenAI's strict structured outputs (``additionalProperties: false``, all keys
required). Quotes are candidates only: :mod:`scanner.answer.llm` locates each one in the paper.
"""

from __future__ import annotations

from typing import Any, Literal

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


class ClaimItem(StrictAnswer):
    """One main claim of the paper, with the quotes that state and support it."""

    claim: str = Field(description="The claim: a quote or a close paraphrase of claim_quote, without quotation marks.")
    claim_quote: str = Field(description="The sentence of the paper that states the claim, copied exactly.")
    support_quotes: list[str] = Field(
        description="1-3 passages of the results (text or tables) that back the claim, copied exactly."
    )
    where: str = Field(description="The table, figure or section holding the support, e.g. Table 2, Section 4.")
    supported: Literal["strong", "moderate", "weak"] = Field(
        description="strong: multiple runs, variance, CIs or replication; moderate: one well-described "
        "experiment; weak: anecdotal, few examples or evidence the passages do not show."
    )


class FlagItem(StrictAnswer):
    """One red flag a careful reviewer would raise, with the quotes that show where."""

    flag: str = Field(description="Short name of the problem (at most 10 words).")
    kind: Literal[
        "single_run", "small_sample", "unsupported_number", "overclaiming", "missing_baseline",
        "evaluation_mismatch", "self_citation_validation", "other",
    ] = Field(description="The kind of problem.")
    severity: Literal["high", "medium", "low"] = Field(description="How much the problem weakens the paper.")
    detail: str = Field(description="One or two sentences saying what is wrong, without quotation marks.")
    quotes: list[str] = Field(description="1-2 passages copied exactly from the paper data that show the problem.")


class FindingsAnswer(StrictAnswer):
    """The model's claims, key findings and red flags of one paper."""

    claims: list[ClaimItem] = Field(description="The paper's 3-8 main empirical claims.")
    key_findings: list[str] = Field(
        description="2-4 sentences of what the paper found, using only numbers written in the paper."
    )
    red_flags: list[FlagItem] = Field(description="Concrete problems (may be empty).")


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
