"""The llm engine's claims, key findings and red flags: grounded or dropped, never an invented number.

Model traffic is replayed from the hand-authored cassettes ``findings-*`` in
fixtures/cassettes/llm (vcrpy, record mode none); see ``author.py`` there for the exchanges.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from scanner.answer.llm import LLMAnswerer, LLMOutcome, LLMSettings, plan_findings
from scanner.answer.llm_findings import PaperFacts, covered, foreign_numbers, merge_red_flags, number_values
from scanner.claims import extract_claims, key_findings
from scanner.detectors.facts import Facts
from scanner.errors import UsageError
from scanner.ingest import load_paper
from scanner.llm.client import ChatClient
from scanner.llm.prompts import FINDINGS_SYSTEM_PROMPT, FINDINGS_TASK
from scanner.models import Claim, RedFlag
from scanner.paper import Paper
from scanner.red_flags import red_flags
from scanner.rubrics.registry import detectors
from scanner.text import normalize
from tests.conftest import ROOT
from tests.llm_replay import cassette_vcr, request_key

SAMPLE = ROOT / "fixtures" / "papers" / "sample-paper.pdf"
BASE = "http://llm.test/v1"
INVENTED = ("13.4", "16.2", "7 seeds", "double the accuracy", "multiplication", "Only one random seed")


@pytest.fixture(scope="module")
def sample() -> Paper:
    return load_paper(str(SAMPLE))


def offline_parts(paper: Paper) -> tuple[list[Claim], str, list[RedFlag]]:
    """The offline engine's claims, key findings and red flags of ``paper``."""
    from scanner.answer.rules import answer_rubrics
    from scanner.pipeline import load_active_rubrics

    facts = Facts(paper)
    rubrics = load_active_rubrics(facts.methodology_tags, None)
    claims = extract_claims(paper)
    answers = answer_rubrics(paper, facts, rubrics, detectors())
    return claims, key_findings(paper, claims), red_flags(paper, facts, answers)


def ask(paper: Paper, cassette: str, **settings: Any) -> LLMOutcome:
    """Only the claims/key findings/red flags request (no rubric), replaying ``cassette``."""
    client = ChatClient("gpt-4o-mini", api_key="sk-test", base_url=BASE, sleep=lambda s: None, attempts=2)
    answerer = LLMAnswerer(client, LLMSettings(model="gpt-4o-mini", **settings))
    with cassette_vcr().use_cassette(f"{cassette}.yaml") as cass:
        outcome = answerer.answer(paper, [], {}, findings=True)
        assert cass.all_played, f"unused interactions in {cassette}"
    return outcome


def written_text(claims: list[Claim], findings: str, flags: list[RedFlag]) -> str:
    parts = [findings, *(c.claim + " " + c.evidence for c in claims), *(f.flag + " " + f.detail for f in flags)]
    return " ".join(parts)


def assert_grounded(paper: Paper, claims: list[Claim], flags: list[RedFlag]) -> None:
    """Every quote of the claims and flags is in the raw PDF text."""
    quotes = [e.quote for c in claims for e in c.locations or []] + [e.quote for f in flags for e in f.evidence or []]
    assert quotes
    for q in quotes:
        assert all(normalize(part) in paper.raw_normalized for part in q.split(" ... ")), q


def test_prompt_is_one_delimited_request_within_the_budget(sample: Paper) -> None:
    msgs = plan_findings(sample, [], 40_000)
    assert msgs[0] == {"role": "system", "content": FINDINGS_SYSTEM_PROMPT}
    user = msgs[1]["content"]
    assert request_key(json.dumps({"messages": msgs})) == (FINDINGS_TASK, "plain", 1)
    assert user.count("<paper_data>") == 1 and user.index("<paper_data>") < user.index("Warm starts improve")
    for section in ("Abstract", "3 Results", "5 Conclusion"):
        assert f'section {section}"' in user
    assert "Attention is all you need" not in user  # no reference list


def test_grounded_claims_findings_and_flags_are_used(sample: Paper) -> None:
    outcome = ask(sample, "findings-grounded")
    claims0, findings0, flags0 = offline_parts(sample)
    claims, findings, flags = outcome.merged_findings(claims0, findings0, flags0)
    assert [c.supported for c in claims] == ["strong", "moderate", "strong"]
    assert all(c.engine == "llm" and len(c.locations or []) == 2 for c in claims)
    assert claims[2].claim == "Warm starts improve arithmetic accuracy by 13.3 points in our setting."
    assert findings.startswith("Warm-starting from a copy-task checkpoint raised three-digit addition accuracy")
    assert findings.count(". ") == 2
    # offline flags all stay, first and unchanged; the model's duplicate of unsupported_number is dropped
    assert flags[: len(flags0)] == flags0
    assert [(f.kind, f.engine) for f in flags[len(flags0):]] == [("overclaiming", "llm")]
    assert flags[-1].detail.endswith("(p. 2, section '4 Limitations').")
    assert_grounded(sample, claims, flags)
    stats = outcome.stats
    assert (stats.claims, stats.key_findings, stats.llm_claims, stats.llm_red_flags) == ("llm", "llm", 3, 1)
    assert (stats.requests, stats.reasks, stats.ungrounded_quotes, stats.rejected_numbers) == (1, 0, 0, 0)
    assert outcome.notes == []


def test_fabricated_claims_numbers_and_flags_are_rejected(sample: Paper) -> None:
    outcome = ask(sample, "findings-fabricated")
    claims0, findings0, flags0 = offline_parts(sample)
    claims, findings, flags = outcome.merged_findings(claims0, findings0, flags0)
    assert [c.claim for c in claims] == [
        "Warm-starting a small transformer from a copy-task checkpoint improves three-digit addition accuracy "
        "from 71.2% to 84.5%, averaged over 5 seeds."
    ]
    assert findings == findings0  # one key finding survived: fewer than 2, the offline ones stay
    assert flags == flags0  # both model flags dropped: a quote not in the paper, a number not in the paper
    text = written_text(claims, findings, flags)
    assert not [bad for bad in INVENTED if bad in text]
    stats = outcome.stats
    assert stats.reasks == 1 and stats.requests == 2
    # per round: the invented claim quote and the invented flag quote; 13.4, 16.2 and 7
    assert (stats.ungrounded_quotes, stats.rejected_numbers) == (4, 6)
    assert (stats.dropped_claims, stats.dropped_key_findings, stats.dropped_red_flags) == (6, 2, 4)
    assert (stats.claims, stats.key_findings) == ("llm", "llm->rules")
    assert outcome.notes == ["llm: no key findings passed verification; offline key_findings kept"]


def test_reask_sends_the_verifier_problems_and_a_fixed_reply_wins(sample: Paper) -> None:
    sent: list[dict[str, Any]] = []
    vcr = cassette_vcr()
    client = ChatClient("gpt-4o-mini", api_key="sk-test", base_url=BASE, attempts=1)
    original = client._client.chat.completions.create

    def spy(**kwargs: Any) -> Any:
        sent.append(kwargs)
        return original(**kwargs)

    client._client.chat.completions.create = spy  # type: ignore[method-assign]  # records the prompts sent
    with vcr.use_cassette("findings-fabricated-then-fixed.yaml"):
        outcome = LLMAnswerer(client, LLMSettings()).answer(sample, [], {}, findings=True)
    reask = sent[1]["messages"][-1]["content"]
    assert "claim 2 claim_quote: quote not found in the paper: Warm starts also double" in reask
    assert "claim 3 writes numbers the paper does not contain: 13.4" in reask
    assert "claim 4 is not the claim_quote or a close paraphrase" in reask
    assert "key finding 1 writes numbers the paper does not contain: 16.2" in reask
    assert outcome.findings is not None and len(outcome.findings.claims) == 3
    assert len(outcome.findings.key_findings) == 3 and len(outcome.findings.red_flags) == 1


@pytest.mark.parametrize(
    ("cassette", "note"),
    [
        pytest.param("findings-malformed", "not valid JSON twice", id="findings-malformed"),
        pytest.param("findings-server-error", "request failed", id="findings-server-error"),
    ],
)
def test_model_failure_keeps_the_offline_parts(sample: Paper, cassette: str, note: str) -> None:
    outcome = ask(sample, cassette)
    claims0, findings0, flags0 = offline_parts(sample)
    assert outcome.findings is None
    assert outcome.merged_findings(claims0, findings0, flags0) == (claims0, findings0, flags0)
    assert (outcome.stats.claims, outcome.stats.key_findings) == ("llm->rules", "llm->rules")
    assert len(outcome.notes) == 1 and note in outcome.notes[0]


def test_max_cost_counts_the_findings_request(sample: Paper) -> None:
    client = ChatClient("gpt-4o-mini", api_key="sk-test", base_url=BASE)
    answerer = LLMAnswerer(client, LLMSettings(max_cost=0.0000001))
    with pytest.raises(UsageError, match=r"1 requests\) exceeds --max-cost"):
        answerer.answer(sample, [], {}, findings=True)
    assert answerer.answer(sample, [], {}).findings is None  # without findings: nothing to ask, nothing paid


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        pytest.param("accuracy rose from 71.2% to 84.5%", [], id="percent-as-written"),
        pytest.param("p < 0.001 over 2000 problems", [], id="leading-dot-and-thousands"),
        pytest.param("t(4) = 9.12 on 5 seeds", [], id="statistic"),
        pytest.param("a gain of 13.4 points (84.5 - 71.2 = 13.3)", ["13.4"], id="miscomputed"),
        pytest.param("accuracy 0.845", ["0.845"], id="rescaled"),
        pytest.param("on 7 seeds", ["7"], id="small-integer"),
    ],
)
def test_numbers_must_occur_in_the_paper(sample: Paper, text: str, foreign: list[str]) -> None:
    assert foreign_numbers(text, PaperFacts.of(sample).numbers) == foreign


def test_number_values_read_paper_forms() -> None:
    assert number_values("p < .05, n = 2,000, 45% and −0.3") == {0.05, 2000.0, 45.0, -0.3}


def test_key_finding_words_must_be_the_papers(sample: Paper) -> None:
    vocab = PaperFacts.of(sample).vocabulary
    assert covered("The warm start fails on problems with carries across all three digits.", vocab) == 1.0
    assert covered("The method cures cancer in mice.", vocab) < 0.5
    assert covered("", vocab) == 0.0


def test_merge_keeps_offline_flags_and_drops_repeats(sample: Paper) -> None:
    from scanner.evidence import locate

    ev = locate(sample, "The effect holds on a held-out test set of 2,000 problems.")
    other = locate(sample, "We only tested three-digit addition with one model size")
    assert ev is not None and other is not None
    offline = [RedFlag(flag="a", detail="d", kind="unsupported_number", evidence=[ev])]
    model = [
        RedFlag(flag="same quote", detail="d", kind="small_sample", evidence=[ev], engine="llm"),
        RedFlag(flag="same kind", detail="d", kind="unsupported_number", evidence=[other], engine="llm"),
        RedFlag(flag="new", detail="d", kind="overclaiming", evidence=[other], engine="llm"),
    ]
    assert [f.flag for f in merge_red_flags(offline, model)] == ["a", "new"]


def test_findings_schema_is_strict() -> None:
    from scanner.llm.schemas import FindingsAnswer, strict_json_schema

    schema = strict_json_schema(FindingsAnswer)
    for obj in [schema, *schema["$defs"].values()]:
        assert obj["additionalProperties"] is False and sorted(obj["required"]) == sorted(obj["properties"])
    assert re.search(r'"enum": \["strong", "moderate", "weak"\]', str(schema).replace("'", '"'))
