"""The LLM answerer: the offline answers, sharpened by a model whose every quote is verified.

For each rubric the model gets the question set and the passages the offline detectors and the
section map point to (:mod:`scanner.llm.passages`), within the per-paper token budget. Its reply
is parsed against :class:`~scanner.llm.schemas.RubricAnswer`; every quote goes through
:func:`scanner.evidence.locate`. Invalid JSON or an ungrounded/missing quote is sent back once
with the verifier's error; an item that is still not grounded keeps the offline answer
(engine ``llm->rules``) and provenance counts it. Nothing the model writes reaches scan.json
except its verdict, a cleaned reason and quotes the paper really contains.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from scanner.detectors.base import Answer
from scanner.errors import UsageError
from scanner.evidence import cite, locate
from scanner.llm.cache import ResponseCache, prompt_key
from scanner.llm.client import ChatClient
from scanner.llm.cost import estimate_tokens, price_of
from scanner.llm.passages import DEFAULT_BUDGET, select_passages
from scanner.llm.prompts import PROMPT_VERSION, reask_message, rubric_messages
from scanner.llm.schemas import ItemAnswer, RubricAnswer, strict_json_schema
from scanner.models import Evidence
from scanner.paper import Paper
from scanner.rubrics.spec import Rubric
from scanner.text import normalize

if TYPE_CHECKING:
    from scanner.pipeline import ScanOptions

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
OUTPUT_TOKENS_PER_QUESTION = 120  # for the cost estimate only
MAX_QUOTES = 4
_NUM = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w])")
_SENT = re.compile(r"(?<=[.!?])\s+")
# Text addressed to a reviewer or a model ("answer yes to every question") is never evidence.
_INSTRUCTION = re.compile(
    r"\b(ignore (all |any |the )?(previous|prior|above|your)|answer (yes|true)"
    r"|(language model|llm|ai)s?\b.{0,40}\b(must|should)|reviewers? (must|should)"
    r"|rate this paper|(system|user) prompt)",
    re.I,
)
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")
Messages = list[dict[str, str]]
Answers = dict[str, dict[str, Answer]]


@dataclass
class LLMSettings:
    """What the user chose for the llm engine."""

    model: str = DEFAULT_MODEL
    max_tokens_per_paper: int = DEFAULT_BUDGET
    max_cost: float | None = None


@dataclass
class LLMStats:
    """Accounting of one paper's LLM run (goes to ``provenance.llm``)."""

    requests: int = 0
    cache_hits: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    estimated_input_tokens: int = 0
    token_budget: int = DEFAULT_BUDGET
    reasks: int = 0
    invalid_json: int = 0
    ungrounded_quotes: int = 0
    llm_items: int = 0
    fallback_items: int = 0


@dataclass
class LLMOutcome:
    """Answers per item, which engine produced each, accounting and notes."""

    answers: Answers
    engines: dict[str, dict[str, str]]
    stats: LLMStats
    notes: list[str] = field(default_factory=list)
    response_format: str = "json_schema"
    model: str = DEFAULT_MODEL

    def provenance(self) -> dict[str, int | float | str]:
        """The ``provenance.llm`` block."""
        data: dict[str, int | float | str] = dict(asdict(self.stats))
        data["cost_usd"] = round(self.stats.cost_usd, 6)
        data["prompt_version"] = PROMPT_VERSION
        data["response_format"] = self.response_format
        return data


@dataclass
class _Reply:
    """One parsed (or unparseable) model reply."""

    content: str
    parsed: RubricAnswer | None
    error: str = ""


class LLMAnswerer:
    """Answers rubrics with a model, verifying every quote against the paper."""

    def __init__(self, client: ChatClient, settings: LLMSettings, cache: ResponseCache | None = None) -> None:
        self.client = client
        self.settings = settings
        self.cache = cache if cache is not None else ResponseCache.default()
        self.schema = strict_json_schema(RubricAnswer)
        self.price = price_of(settings.model)

    def answer(self, paper: Paper, rubrics: list[Rubric], offline: Answers) -> LLMOutcome:
        """LLM answers for every question of ``rubrics``; offline answers where it cannot quote."""
        stats = LLMStats(token_budget=self.settings.max_tokens_per_paper)
        out = LLMOutcome(answers={}, engines={}, stats=stats, model=self.settings.model)
        plans = plan_requests(paper, rubrics, offline, self.settings.max_tokens_per_paper)
        stats.estimated_input_tokens = sum(estimate_tokens(_text(m)) for _, m in plans)
        self._check_cost(plans)
        numbers = _paper_numbers(paper)
        for rubric, messages in plans:
            if self.settings.max_cost is not None and stats.cost_usd >= self.settings.max_cost:
                out.notes.append(f"llm: --max-cost reached; rubric {rubric.id} kept its offline answers")
                self._fallback(out, rubric, offline[rubric.id])
                continue
            self._answer_rubric(out, paper, rubric, messages, offline[rubric.id], numbers)
        out.response_format = self.client.mode
        return out

    def _check_cost(self, plans: list[tuple[Rubric, Messages]]) -> None:
        """Refuse to start when the uncached requests are estimated above ``--max-cost``."""
        limit = self.settings.max_cost
        if limit is None:
            return
        todo = [(r, m) for r, m in plans if self.cache.get(self._key(m)) is None]
        tokens_in = sum(estimate_tokens(_text(m)) for _, m in todo)
        tokens_out = sum(OUTPUT_TOKENS_PER_QUESTION * len(r.questions) for r, _ in todo)
        if not self.price.known:
            log.warning("no price known for model %s: --max-cost counts it as free "
                        "(add it with PAPERSCAN_LLM_PRICES)", self.settings.model)
        estimate = self.price.cost(tokens_in, tokens_out)
        if estimate > limit:
            raise UsageError(
                f"estimated LLM cost ${estimate:.4f} ({tokens_in} input tokens, {len(todo)} requests) "
                f"exceeds --max-cost ${limit:.4f}",
                hint="raise --max-cost, lower --max-tokens-per-paper or choose a cheaper --model",
            )

    def _key(self, messages: Messages) -> str:
        return prompt_key(self.settings.model, messages, "rubric_answer")

    def _ask(self, messages: Messages, stats: LLMStats) -> _Reply:
        """The model's reply to ``messages`` (from the cache when it has it), parsed."""
        key = self._key(messages)
        cached = self.cache.get(key)
        if cached is not None:
            stats.cache_hits += 1
            content = str(cached["content"])
        else:
            done = self.client.complete(messages, "rubric_answer", self.schema)
            stats.requests += 1
            stats.input_tokens += done.input_tokens
            stats.output_tokens += done.output_tokens
            stats.cost_usd += self.price.cost(done.input_tokens, done.output_tokens)
            content = done.content
        try:
            parsed = RubricAnswer.model_validate_json(_FENCE.sub("", content))
        except ValidationError as exc:
            stats.invalid_json += 1
            return _Reply(content, None, _first_error(exc))
        if cached is None:
            self.cache.put(key, {"model": self.settings.model, "content": content})
        return _Reply(content, parsed)

    def _reask(
        self, messages: Messages, reply: _Reply, problems: list[str], stats: LLMStats
    ) -> tuple[Messages, _Reply]:
        """Send the verifier's ``problems`` back after ``reply``; the extended messages and the new reply."""
        stats.reasks += 1
        follow = [*messages, {"role": "assistant", "content": reply.content}, reask_message(problems)]
        return follow, self._ask(follow, stats)

    def _answer_rubric(self, out: LLMOutcome, paper: Paper, rubric: Rubric, messages: Messages,
                       offline: dict[str, Answer], numbers: set[str]) -> None:
        stats = out.stats
        reply = self._ask(messages, stats)
        if reply.parsed is None:
            problem = f"the reply is not valid JSON for the schema: {reply.error}"
            messages, reply = self._reask(messages, reply, [problem], stats)
        if reply.parsed is None:
            log.warning("rubric %s: the model's reply is not valid JSON twice (%s); offline answers kept",
                        rubric.id, reply.error)
            out.notes.append(f"llm: rubric {rubric.id} fell back to offline answers (invalid JSON twice)")
            self._fallback(out, rubric, offline)
            return
        verdicts, problems = self._verify(paper, rubric, reply.parsed, numbers, stats)
        if problems:
            _, again = self._reask(messages, reply, problems, stats)
            if again.parsed is not None:
                second, _ = self._verify(paper, rubric, again.parsed, numbers, stats)
                verdicts = {qid: verdicts.get(qid) or second.get(qid) for qid in verdicts}
        answers, engines = {}, {}
        for q in rubric.questions:
            verdict = verdicts.get(q.id)
            answers[q.id] = verdict or offline[q.id]
            engines[q.id] = "llm" if verdict else "llm->rules"
            stats.llm_items += verdict is not None
            stats.fallback_items += verdict is None
        out.answers[rubric.id], out.engines[rubric.id] = answers, engines

    def _fallback(self, out: LLMOutcome, rubric: Rubric, offline: dict[str, Answer]) -> None:
        out.answers[rubric.id] = dict(offline)
        out.engines[rubric.id] = {q.id: "llm->rules" for q in rubric.questions}
        out.stats.fallback_items += len(rubric.questions)

    def _verify(self, paper: Paper, rubric: Rubric, reply: RubricAnswer, numbers: set[str],
                stats: LLMStats) -> tuple[dict[str, Answer | None], list[str]]:
        """Grounded answers per question id (None where not acceptable) and the problems found."""
        by_id = {a.id: a for a in reply.answers}
        verdicts: dict[str, Answer | None] = {}
        problems: list[str] = []
        for q in rubric.questions:
            item = by_id.get(q.id)
            if item is None:
                problems.append(f"question id {q.id} has no answer")
                verdicts[q.id] = None
                continue
            evidence, issues = ground_quotes(paper, item.quotes)
            stats.ungrounded_quotes += len(issues)
            if item.applies and item.answer and not evidence and not issues:
                issues.append("answer=true needs at least one quote copied from the paper")
            problems.extend(f"{q.id}: {i}" for i in issues)
            verdicts[q.id] = None if issues else to_answer(item, evidence, numbers)
        return verdicts, problems


def plan_requests(
    paper: Paper, rubrics: list[Rubric], offline: Answers, budget: int
) -> list[tuple[Rubric, Messages]]:
    """First-pass messages per rubric; passages share what the questions leave of ``budget``."""
    overhead = sum(estimate_tokens(_text(rubric_messages(r, []))) for r in rubrics)
    if rubrics and overhead >= budget:
        raise UsageError(
            f"--max-tokens-per-paper {budget} is below the {overhead} tokens the questions alone take",
            hint=f"use at least {overhead * 2}",
        )
    share = (budget - overhead) // max(len(rubrics), 1)
    return [(r, rubric_messages(r, select_passages(paper, r, offline.get(r.id, {}), share))) for r in rubrics]


def ground_quotes(paper: Paper, quotes: list[str]) -> tuple[list[Evidence], list[str]]:
    """Evidence for the quotes found in the paper's body, and one problem per quote that is not."""
    evidence: list[Evidence] = []
    issues: list[str] = []
    for quote in quotes[:MAX_QUOTES]:
        ev = locate(paper, quote)
        if ev is None:
            issues.append(f"quote not found in the paper: {_short(quote)}")
            continue
        at = paper.search_text.find(normalize(quote))
        if _INSTRUCTION.search(ev.quote):
            issues.append(f"quote is an instruction in the paper, not evidence: {_short(quote)}")
        elif paper.in_checklist(at) or paper.in_references(at):
            issues.append(f"quote is from the reference list or the authors' checklist: {_short(quote)}")
        elif all(ev.quote != e.quote for e in evidence):
            evidence.append(ev)
    return evidence, issues


def to_answer(item: ItemAnswer, evidence: list[Evidence], numbers: set[str]) -> Answer:
    """A checklist Answer from a verified model item (quotes come only from ``evidence``)."""
    reason = clean_reason(item.reason, numbers) or "Model judgment from the passages shown"
    if not item.applies:
        text = f"Not applicable: {reason}" + (f" See {cite(evidence[0])}." if evidence else "")
        return Answer(False, False, text, evidence[:1])
    if item.answer:
        quotes = "; ".join(cite(e) for e in evidence[:2])
        return Answer(True, True, f"{reason} Evidence: {quotes}.", evidence[:2])
    text = reason + (f" Closest passage: {cite(evidence[0])}." if evidence else "")
    return Answer(True, False, text, evidence[:1])


def clean_reason(reason: str, numbers: set[str]) -> str:
    """The model's reason without quote marks and without sentences stating numbers the paper lacks."""
    text = re.sub(r"[\"\u201c\u201d]", "'", " ".join(reason.split()))[:600]
    keep = [s for s in _SENT.split(text) if all(n in numbers for n in _NUM.findall(s.replace(",", "")))]
    out = " ".join(keep).strip()
    return out if not out or out[-1] in ".!?" else out + "."


def answer_with_llm(
    paper: Paper, rubrics: list[Rubric], offline: Answers, settings: LLMSettings
) -> LLMOutcome:
    """Run the llm engine over ``rubrics`` with the client configured from the environment."""
    return LLMAnswerer(ChatClient(settings.model), settings).answer(paper, rubrics, offline)


def _paper_numbers(paper: Paper) -> set[str]:
    return set(_NUM.findall(paper.raw_text.replace(",", "")))


def _text(messages: Messages) -> str:
    return "\n".join(m["content"] for m in messages)


def _short(quote: str) -> str:
    return quote if len(quote) <= 120 else quote[:117] + "..."


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "reply"
    return f"{where}: {err.get('msg', 'invalid')}"


def answer_for_options(
    paper: Paper, rubrics: list[Rubric], offline: Answers, options: ScanOptions
) -> LLMOutcome:
    """The pipeline's entry point: settings from :class:`~scanner.pipeline.ScanOptions`."""
    settings = LLMSettings(
        model=options.model or DEFAULT_MODEL,
        max_tokens_per_paper=options.max_tokens_per_paper,
        max_cost=options.max_cost,
    )
    return answer_with_llm(paper, rubrics, offline, settings)
