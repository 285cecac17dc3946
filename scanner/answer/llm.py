"""The LLM answerer: the offline answers, sharpened by a model whose every quote is verified.

For each rubric the model gets the question set and the passages the offline detectors and the
section map point to (:mod:`scanner.llm.passages`), within the per-paper token budget. Its reply
is parsed against :class:`~scanner.llm.schemas.RubricAnswer`; every quote goes through
:func:`scanner.evidence.locate`. Invalid JSON or an ungrounded/missing quote is sent back once
with the verifier's error; an item that is still not grounded keeps the offline answer
(engine ``llm->rules``) and provenance counts it. Nothing the model writes reaches scan.json
except its verdict, a cleaned reason and quotes the paper really contains.

One more request per paper asks for the paper's claims, key findings and red flags from its
abstract, results and conclusion (:func:`plan_findings`); :mod:`scanner.answer.llm_findings`
verifies them, and whatever fails keeps the offline engine's claims/findings (noted in
provenance). Offline red flags always stay; verified model flags are added.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import ValidationError

from scanner.answer.grounding import clean_text, ground_quotes
from scanner.answer.llm_findings import PaperFacts, VerifiedFindings, merge_findings, verify_findings
from scanner.detectors.base import Answer
from scanner.errors import EngineError, UsageError
from scanner.evidence import cite
from scanner.llm.cache import ResponseCache, prompt_key
from scanner.llm.client import ChatClient
from scanner.llm.cost import estimate_tokens, price_of
from scanner.llm.passages import DEFAULT_BUDGET, findings_passages, select_passages
from scanner.llm.prompts import (
    PROMPT_VERSION,
    findings_messages,
    findings_reask_message,
    reask_message,
    rubric_messages,
)
from scanner.llm.schemas import FindingsAnswer, ItemAnswer, RubricAnswer, strict_json_schema
from scanner.models import Claim, Evidence, RedFlag
from scanner.paper import Paper
from scanner.rubrics.spec import Rubric

if TYPE_CHECKING:
    from scanner.pipeline import ScanOptions

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
OUTPUT_TOKENS_PER_QUESTION = 120  # for the cost estimate only
OUTPUT_TOKENS_FINDINGS = 1_500  # for the cost estimate only
FINDINGS_SHARES = 2  # the findings request gets twice a rubric's share of the token budget
_NUM = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w])")
_SENT = re.compile(r"(?<=[.!?])\s+")
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")
Messages = list[dict[str, str]]
Answers = dict[str, dict[str, Answer]]
Parsed = TypeVar("Parsed", RubricAnswer, FindingsAnswer)
_SCHEMA_NAMES: dict[type, str] = {RubricAnswer: "rubric_answer", FindingsAnswer: "findings_answer"}


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
    claims: str = "llm->rules"  # who wrote the claims: llm, or llm->rules (offline fallback)
    key_findings: str = "llm->rules"
    llm_claims: int = 0
    llm_red_flags: int = 0
    dropped_claims: int = 0
    dropped_key_findings: int = 0
    dropped_red_flags: int = 0
    rejected_numbers: int = 0


@dataclass
class LLMOutcome:
    """Answers per item, which engine produced each, accounting and notes."""

    answers: Answers
    engines: dict[str, dict[str, str]]
    stats: LLMStats
    notes: list[str] = field(default_factory=list)
    response_format: str = "json_schema"
    model: str = DEFAULT_MODEL
    findings: VerifiedFindings | None = None

    def merged_findings(
        self, claims: list[Claim], key_findings: str, red_flags: list[RedFlag]
    ) -> tuple[list[Claim], str, list[RedFlag]]:
        """The offline claims, key findings and red flags with the verified model parts put over them."""
        claims, key_findings, flags, engines = merge_findings(self.findings, claims, key_findings, red_flags)
        self.stats.claims, self.stats.key_findings = engines["claims"], engines["key_findings"]
        self.stats.llm_red_flags = sum(f.engine == "llm" for f in flags)
        if self.findings is not None:
            for part, engine in engines.items():
                if engine != "llm":
                    self.notes.append(f"llm: no {part.replace('_', ' ')} passed verification; offline {part} kept")
        return claims, key_findings, flags

    def provenance(self) -> dict[str, int | float | str]:
        """The ``provenance.llm`` block."""
        data: dict[str, int | float | str] = dict(asdict(self.stats))
        data["cost_usd"] = round(self.stats.cost_usd, 6)
        data["prompt_version"] = PROMPT_VERSION
        data["response_format"] = self.response_format
        return data


@dataclass
class _Reply(Generic[Parsed]):
    """One parsed (or unparseable) model reply."""

    content: str
    parsed: Parsed | None
    error: str = ""


class LLMAnswerer:
    """Answers rubrics with a model, verifying every quote against the paper."""

    def __init__(self, client: ChatClient, settings: LLMSettings, cache: ResponseCache | None = None) -> None:
        self.client = client
        self.settings = settings
        self.cache = cache if cache is not None else ResponseCache.default()
        self.schemas = {kind: strict_json_schema(kind) for kind in _SCHEMA_NAMES}
        self.price = price_of(settings.model)

    def answer(self, paper: Paper, rubrics: list[Rubric], offline: Answers, *, findings: bool = False) -> LLMOutcome:
        """LLM answers for every question of ``rubrics``; offline answers where it cannot quote.

        With ``findings`` the model is also asked, once, for claims, key findings and red flags
        (verified into ``outcome.findings``; see :meth:`LLMOutcome.merged_findings`).
        """
        stats = LLMStats(token_budget=self.settings.max_tokens_per_paper)
        out = LLMOutcome(answers={}, engines={}, stats=stats, model=self.settings.model)
        plans = plan_requests(paper, rubrics, offline, self.settings.max_tokens_per_paper)
        extra = plan_findings(paper, rubrics, self.settings.max_tokens_per_paper) if findings else None
        stats.estimated_input_tokens = sum(estimate_tokens(_text(m)) for m in _all(plans, extra))
        self._check_cost(plans, extra)
        numbers = _paper_numbers(paper)
        for rubric, messages in plans:
            if self._over_cost(stats):
                out.notes.append(f"llm: --max-cost reached; rubric {rubric.id} kept its offline answers")
                self._fallback(out, rubric, offline[rubric.id])
                continue
            self._answer_rubric(out, paper, rubric, messages, offline[rubric.id], numbers)
        if extra is not None and self._over_cost(stats):
            out.notes.append("llm: --max-cost reached; claims, key findings and red flags are the offline ones")
        elif extra is not None:
            self._answer_findings(out, paper, extra)
        out.response_format = self.client.mode
        return out

    def _over_cost(self, stats: LLMStats) -> bool:
        return self.settings.max_cost is not None and stats.cost_usd >= self.settings.max_cost

    def _check_cost(self, plans: list[tuple[Rubric, Messages]], findings: Messages | None) -> None:
        """Refuse to start when the uncached requests are estimated above ``--max-cost``."""
        limit = self.settings.max_cost
        if limit is None:
            return
        todo = [(r, m) for r, m in plans if self.cache.get(self._key(m, RubricAnswer)) is None]
        tokens_out = sum(OUTPUT_TOKENS_PER_QUESTION * len(r.questions) for r, _ in todo)
        msgs = [m for _, m in todo]
        if findings is not None and self.cache.get(self._key(findings, FindingsAnswer)) is None:
            msgs.append(findings)
            tokens_out += OUTPUT_TOKENS_FINDINGS
        tokens_in = sum(estimate_tokens(_text(m)) for m in msgs)
        if not self.price.known:
            log.warning("no price known for model %s: --max-cost counts it as free "
                        "(add it with PAPERSCAN_LLM_PRICES)", self.settings.model)
        estimate = self.price.cost(tokens_in, tokens_out)
        if estimate > limit:
            raise UsageError(
                f"estimated LLM cost ${estimate:.4f} ({tokens_in} input tokens, {len(msgs)} requests) "
                f"exceeds --max-cost ${limit:.4f}",
                hint="raise --max-cost, lower --max-tokens-per-paper or choose a cheaper --model",
            )

    def _key(self, messages: Messages, kind: type[Parsed]) -> str:
        return prompt_key(self.settings.model, messages, _SCHEMA_NAMES[kind])

    def _ask(self, messages: Messages, stats: LLMStats, kind: type[Parsed]) -> _Reply[Parsed]:
        """The model's reply to ``messages`` (from the cache when it has it), parsed as ``kind``."""
        key = self._key(messages, kind)
        cached = self.cache.get(key)
        if cached is not None:
            stats.cache_hits += 1
            content = str(cached["content"])
        else:
            done = self.client.complete(messages, _SCHEMA_NAMES[kind], self.schemas[kind])
            stats.requests += 1
            stats.input_tokens += done.input_tokens
            stats.output_tokens += done.output_tokens
            stats.cost_usd += self.price.cost(done.input_tokens, done.output_tokens)
            content = done.content
        try:
            parsed = kind.model_validate_json(_FENCE.sub("", content))
        except ValidationError as exc:
            stats.invalid_json += 1
            return _Reply(content, None, _first_error(exc))
        if cached is None:
            self.cache.put(key, {"model": self.settings.model, "content": content})
        return _Reply(content, parsed)

    def _reask(
        self, messages: Messages, reply: _Reply[Parsed], problems: list[str], stats: LLMStats, kind: type[Parsed],
        follow_up: Callable[[list[str]], dict[str, str]] = reask_message,
    ) -> tuple[Messages, _Reply[Parsed]]:
        """Send the verifier's ``problems`` back after ``reply``; the extended messages and the new reply."""
        stats.reasks += 1
        follow = [*messages, {"role": "assistant", "content": reply.content}, follow_up(problems)]
        return follow, self._ask(follow, stats, kind)

    def _answer_findings(self, out: LLMOutcome, paper: Paper, messages: Messages) -> None:
        """Ask for claims, key findings and red flags; keep the verified parts in ``out.findings``."""
        try:
            out.findings = self._findings(out.stats, paper, messages)
        except EngineError as exc:  # the checklist is answered: keep it, fall back for this part only
            log.warning("claims/key findings request failed (%s); offline ones kept", exc.one_line())
            out.notes.append("llm: the claims/key findings request failed; offline claims, key findings "
                             "and red flags kept")
            return
        if out.findings is None:
            out.notes.append("llm: claims/key findings reply was not valid JSON twice; offline ones kept")
            return
        for name in ("dropped_claims", "dropped_key_findings", "dropped_red_flags", "rejected_numbers"):
            setattr(out.stats, name, getattr(out.findings, name))
        out.stats.ungrounded_quotes += out.findings.ungrounded_quotes
        out.stats.llm_claims = len(out.findings.claims)

    def _findings(self, stats: LLMStats, paper: Paper, messages: Messages) -> VerifiedFindings | None:
        """The better verified result of the reply and (when it had problems) its one re-ask."""
        reply = self._ask(messages, stats, FindingsAnswer)
        if reply.parsed is None:
            problem = f"the reply is not valid JSON for the schema: {reply.error}"
            messages, reply = self._reask(messages, reply, [problem], stats, FindingsAnswer, findings_reask_message)
        if reply.parsed is None:
            return None
        facts = PaperFacts.of(paper)
        first = verify_findings(paper, reply.parsed, facts)
        if not first.problems:
            return first
        _, again = self._reask(messages, reply, first.problems, stats, FindingsAnswer, findings_reask_message)
        if again.parsed is None:
            return first
        second = verify_findings(paper, again.parsed, facts)
        best = second if second.score >= first.score else first
        # every rejected quote and number of both rounds counts in provenance
        for name in ("ungrounded_quotes", "dropped_claims", "dropped_key_findings", "dropped_red_flags",
                     "rejected_numbers"):
            setattr(best, name, getattr(first, name) + getattr(second, name))
        return best

    def _answer_rubric(self, out: LLMOutcome, paper: Paper, rubric: Rubric, messages: Messages,
                       offline: dict[str, Answer], numbers: set[str]) -> None:
        stats = out.stats
        reply = self._ask(messages, stats, RubricAnswer)
        if reply.parsed is None:
            problem = f"the reply is not valid JSON for the schema: {reply.error}"
            messages, reply = self._reask(messages, reply, [problem], stats, RubricAnswer)
        if reply.parsed is None:
            log.warning("rubric %s: the model's reply is not valid JSON twice (%s); offline answers kept",
                        rubric.id, reply.error)
            out.notes.append(f"llm: rubric {rubric.id} fell back to offline answers (invalid JSON twice)")
            self._fallback(out, rubric, offline)
            return
        verdicts, problems = self._verify(paper, rubric, reply.parsed, numbers, stats)
        if problems:
            _, again = self._reask(messages, reply, problems, stats, RubricAnswer)
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
    share = _passage_share(rubrics, budget)
    return [(r, rubric_messages(r, select_passages(paper, r, offline.get(r.id, {}), share))) for r in rubrics]


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
    text = clean_text(reason, 600)
    keep = [s for s in _SENT.split(text) if all(n in numbers for n in _NUM.findall(s.replace(",", "")))]
    out = " ".join(keep).strip()
    return out if not out or out[-1] in ".!?" else out + "."


def plan_findings(paper: Paper, rubrics: list[Rubric], budget: int) -> Messages:
    """The claims/key findings/red flags request, with :data:`FINDINGS_SHARES` shares of passages."""
    return findings_messages(findings_passages(paper, FINDINGS_SHARES * _passage_share(rubrics, budget)))


def _passage_share(rubrics: list[Rubric], budget: int) -> int:
    """Passage tokens per rubric request once all prompts' fixed text is paid for."""
    overhead = sum(estimate_tokens(_text(rubric_messages(r, []))) for r in rubrics)
    overhead += estimate_tokens(_text(findings_messages([])))
    if overhead >= budget:
        raise UsageError(
            f"--max-tokens-per-paper {budget} is below the {overhead} tokens the questions alone take",
            hint=f"use at least {overhead * 2}",
        )
    return (budget - overhead) // (len(rubrics) + FINDINGS_SHARES)


def answer_with_llm(
    paper: Paper, rubrics: list[Rubric], offline: Answers, settings: LLMSettings
) -> LLMOutcome:
    """Run the llm engine over ``rubrics`` with the client configured from the environment."""
    return LLMAnswerer(ChatClient(settings.model), settings).answer(paper, rubrics, offline, findings=True)


def _paper_numbers(paper: Paper) -> set[str]:
    return set(_NUM.findall(paper.raw_text.replace(",", "")))


def _all(plans: list[tuple[Rubric, Messages]], findings: Messages | None) -> list[Messages]:
    return [m for _, m in plans] + ([findings] if findings is not None else [])


def _text(messages: Messages) -> str:
    return "\n".join(m["content"] for m in messages)


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
