"""The offline answerer: run each question's detector over the paper."""

from __future__ import annotations

import logging

from scanner.detectors.base import Answer
from scanner.detectors.facts import Facts
from scanner.errors import RubricError
from scanner.paper import Paper
from scanner.rubrics.registry import Detector
from scanner.rubrics.spec import Rubric

log = logging.getLogger(__name__)


def answer_rubrics(
    paper: Paper, facts: Facts, rubrics: list[Rubric], detectors: dict[str, Detector]
) -> dict[str, dict[str, Answer]]:
    """Category -> item -> Answer for every question of ``rubrics``."""
    out: dict[str, dict[str, Answer]] = {}
    for rubric in rubrics:
        answers: dict[str, Answer] = {}
        for q in rubric.questions:
            fn = detectors.get(q.detector_name)
            if fn is None:
                raise RubricError(f"rubric {rubric.id!r}: question {q.id!r} names unknown detector {q.detector_name!r}")
            answer = fn(paper, facts)
            if not answer.applies and answer.answer:
                answer = Answer(False, False, answer.justification, answer.evidence)
            answers[q.id] = answer
        out[rubric.id] = answers
    return out
