"""Pydantic model of a rubric file (``modules/*.yaml``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scanner.models import SnakeId


class Question(BaseModel):
    """One checklist question of a rubric."""

    model_config = ConfigDict(extra="forbid")

    id: SnakeId = Field(description="Item id as it appears in scan.json.")
    text: str = Field(description="The question, as a reviewer would ask it.")
    applies_when: str = Field(description="When the question applies (RUBRIC.md).")
    guidance: str = Field(description="When the answer is true (RUBRIC.md).")
    detector: SnakeId | None = Field(default=None, description="Detector name; defaults to the id.")

    @property
    def detector_name(self) -> str:
        """The registered detector answering this question."""
        return self.detector or self.id


class Rubric(BaseModel):
    """A category of the checklist: a versioned set of questions."""

    model_config = ConfigDict(extra="forbid")

    id: SnakeId = Field(description="Category id (key under `checklist`).")
    version: str = Field(description="Rubric version, recorded in provenance.")
    title: str = Field(description="Human-readable category name.")
    section: str = Field(description="'core' (always runs) or 'module' (switched on).")
    activates_on: list[str] = Field(default_factory=list, description="Methodology tags that switch a module on.")
    questions: list[Question] = Field(min_length=1, description="The questions, in report order.")

    @property
    def is_module(self) -> bool:
        """True for optional modules (experimental_rigor, data_leakage, plugins)."""
        return self.section == "module"
