"""Facts about a paper that many detectors need (computed once, lazily, per paper).

These decide applicability: is there a computational experiment, are there human participants,
are pre-trained models evaluated on public benchmarks, ... Each fact keeps the evidence it was
decided on, so that a "does not apply" answer can say why.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from scanner.detectors.base import compile_words, count, distinct_evidence, find
from scanner.evidence import quote_span, sentence_evidence
from scanner.models import Evidence
from scanner.paper import Paper

EXPERIMENT = compile_words(
    r"experiments?", r"we (?:train|fine-?tune|evaluate)\w*", r"accuracy", r"F1", r"BLEU", r"ROUGE",
    r"test set", r"training set", r"benchmarks?", r"baselines?", r"GPUs?", r"epochs?", r"learning rate",
)
COMPUTATIONAL = compile_words(
    r"neural (?:networks?|models?|nets?)", r"deep learning", r"transformers?", r"GPUs?", r"python", r"pytorch",
    r"tensorflow",
    r"matlab", r"language models?", r"LLMs?", r"classifiers?", r"algorithms?", r"fine-?tun\w+",
    r"computational models?",
    r"simulation models?", r"code", r"github", r"pipeline", r"toolkit", r"datasets?", r"grid search", r"EEG", r"ERPs?",
    r"smartphones?", r"mobile phones?", r"(?:test |mobile |software )?application", r"user interfaces?", r"prototype",
)
"""Software, models or signal processing (behavioural studies analysed with t-tests/ANOVAs do not count)."""
# An approval statement about this work's own study means people took part (reviewers studied,
# respondents, ...), even where the paper never calls them participants.
OWN_APPROVAL = compile_words(
    r"(?:study|experiment|research|protocol|survey|project) (?:was|were|has been) (?:\w+ )?(?:reviewed and )?"
    r"(?:approved|deemed exempt) by (?:an?|the|our) (?:\w+ ){0,3}(?:IRB|Institutional Review Board|ethics (?:committee"
    r"|board))",
)
HUMAN_SIGNALS = {
    "recruit": compile_words(r"recruited", r"recruitment", r"were recruited", r"we recruited"),
    "platform": compile_words(r"Mechanical Turk", r"MTurk", r"Prolific", r"Upwork", r"crowdworkers?",
                              r"crowd-?sourc\w+ workers", r"crowd workers"),
    "consent": compile_words(r"informed consent", r"consent form", r"gave consent", r"provided consent"),
    "ethics": compile_words(r"IRB", r"institutional review board", r"ethics committee", r"ethical approval",
                            r"internal review board", r"exempt"),
    "people": compile_words(r"participants", r"subjects", r"annotators", r"raters", r"respondents",
                            r"undergraduates", r"volunteers", r"interviewees", r"human judges", r"evaluators"),
    "study": compile_words(r"user stud(?:y|ies)", r"human evaluation", r"human study", r"lab study",
                           r"interviews?", r"survey respondents", r"human annotators?", r"expert annotators?",
                           r"annotation study", r"were paid", r"compensated", r"per hour"),
}
PRETRAINED = compile_words(
    r"GPT-?[2345]\w*", r"ChatGPT", r"LLaMA[-\s]?\d?\w*", r"Llama[-\s]?\d\w*", r"Claude", r"Gemini", r"Mistral",
    r"Qwen\w*", r"PaLM", r"T5", r"BERT", r"RoBERTa", r"large language models?", r"LLMs?",
    r"pre-?trained (?:language )?models?",
    r"foundation models?", r"DeepSeek\w*", r"Vicuna", r"o1", r"CLIP", r"LLaVA\w*",
)
PUBLIC_BENCHMARK = compile_words(
    r"MMLU\w*", r"GSM8K", r"GSM-8K", r"MATH", r"HumanEval", r"MBPP", r"BIG-?Bench\w*", r"HellaSwag", r"ARC",
    r"TruthfulQA", r"SQuAD", r"GLUE", r"SuperGLUE", r"ImageNet", r"COCO", r"CNN/DailyMail", r"XSum", r"XSUM",
    r"AIME", r"MT-Bench", r"AlpacaEval", r"VQAv2", r"GQA", r"MME", r"MMBench", r"POPE", r"TextVQA", r"ScienceQA",
    r"SEED-?Bench", r"IMDb", r"Anthropic HH", r"TL;DR", r"PubMedQA", r"SciQ", r"SciCite", r"ACL-ARC", r"SciERC",
    r"ChemProt", r"BC5CDR", r"JNLPBA", r"NCBI-disease", r"CIFAR-?10\w*", r"MNIST", r"WikiText\w*", r"Penn Treebank",
    flags=0,
)
"""Named public benchmarks (case-sensitive: "MATH" the benchmark, not "math" the word)."""
EVALUATES_MODELS = compile_words(
    r"capabilit\w+\s+of\s+(?:\w+\s+){0,3}(?:LLMs|models)", r"(?:LLMs?|models)\s+(?:are|were)\s+evaluated",
    r"evaluat\w+\s+(?:\w+\s+){0,3}(?:LLMs|large\s+language\s+models)", r"(?:state-of-the-art|SOTA)\s+(?:results\s+)?on",
)
"""Models are put to the test (capability evaluations, benchmark results)."""
LLM_WORDS = compile_words(r"LLMs?", r"large language models?", r"GPT-?[34]\w*", r"ChatGPT", r"Claude",
                          r"Llama[-\s]?\d\w*",
                          r"LLaMA\w*", r"Qwen\w*", r"Gemini", r"language models?", r"MLLMs?")
TRAINING = compile_words(r"we train\w*", r"fine-?tun\w+", r"trained (?:on|for|with)",
                         r"training (?:set|data|loss|steps?)",
                         r"learning rate", r"epochs?", r"optimizer", r"Adam\w*", r"SGD", r"pre-?train\w* (?:on|a|our)")
CONTAMINATION_WORDS = compile_words(r"contaminat\w+", r"decontaminat\w+", r"test set leak\w*")
TUNING = compile_words(
    r"grid search", r"random search", r"free parameters?", r"best[- ]fitting", r"cross-?validat\w*",
    r"hyper-?parameters?",
    r"(?:we )?(?:fit|fitted|tuned|calibrated) (?:the |these |its |our |all )?(?:\w+ )?(?:free )?parameters",
    r"parameters? (?:that|which) can be tuned", r"iterative(?:ly)? refine\w*",
    r"in (?:initial|preliminary|pilot) experiments",
    r"(?:tuned|tune|tuning) (?:the |this )?(?:\w+ )?(?:parameter|threshold|weights?)",
)
"""Parameters or settings were tuned or fitted to data (so a search and a selection happened)."""
TIME_DIMENSION = compile_words(
    r"longitudinal", r"time[- ]series", r"video frames?", r"frames? of (?:a |the )?video", r"waves? of data",
    r"follow-?up (?:visits?|assessments?)",
    r"temporal (?:split|order|dimension)", r"chronological\w*", r"(?:each|per) (?:year|wave)",
    r"over (?:\w+ )?(?:years|waves)",
)
"""The data has a time dimension (longitudinal waves, time series, video frames)."""
RCT = compile_words(r"randomi[sz]ed controlled trials?", r"RCT")
ASSIGNMENT = compile_words(r"randomly assigned", r"random assignment",
                           r"assigned (?:at random|to (?:one of|the|a) \w+ conditions?)",
                           r"manipulat\w+", r"between-?subjects?", r"within-?subjects?", r"counterbalanc\w+",
                           r"order\s+of\s+(?:the\s+)?\w+\s+(?:was|were)\s+randomi[sz]ed")
PROOF_CLAIM = compile_words(r"we prove", r"Proof of (?:Theorem|Lemma|Proposition|Corollary)",
                            r"we (?:formally )?derive",
                            r"(?:our|this) (?:theoretical )?(?:analysis|theorem|result) (?:shows|establishes|proves)")
SIMULATION = compile_words(r"simulation (?:model|study|studies|experiments?)",
                           r"simulated (?:data|agents?|environments?|paths)",
                           r"agent-based model\w*", r"Monte Carlo simulations?")
THEORY = compile_words(r"theorem", r"lemma", r"proof", r"corollary", r"proposition")
COMPARISON = compile_words(r"outperform\w*", r"compared (?:to|with)", r"baselines?",
                           r"than (?:the )?(?:baseline|prior|previous)",
                           r"improv\w+ over", r"significantly (?:higher|lower|better|worse|more|less)",
                           r"differ\w* (?:between|from)",
                           r"versus", r"vs\.?", r"main effect", r"interaction")
QUANT = compile_words(r"\d+(?:\.\d+)?\s?%", r"accuracy", r"mean", r"average", r"score", r"rate", r"F1", r"correlat\w+",
                      r"p\s?[<=>]")
AGENT = compile_words(r"agents?", r"agentic", r"tool[- ]use", r"tool calls?", r"scaffold\w*", r"ReAct",
                      r"multi-step pipeline",
                      r"retriev\w+-augmented", r"function calling", r"planner", r"environment interactions?")
PROMPTING = compile_words(r"prompts?", r"prompting", r"in-context", r"few-shot", r"zero-shot", r"chain-of-thought",
                          r"system message")


class Facts:
    """Lazily computed properties of one paper, shared by all detectors."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper

    def _n(self, pattern: object) -> int:
        return count(self.paper, pattern)  # type: ignore[arg-type]  # compiled patterns only

    def _has(self, pattern: re.Pattern[str], k: int) -> bool:
        """True when ``pattern`` matches at least ``k`` times (the scan stops at the k-th match)."""
        return count(self.paper, pattern, at_most=k) >= k

    @cached_property
    def regions(self) -> list[tuple[int, str]]:
        """(start, effective kind) of every section (see :func:`region_kinds`)."""
        return region_kinds(self.paper)

    @cached_property
    def region_starts(self) -> list[int]:
        """Start offsets of :attr:`regions`, for bisection."""
        return [s for s, _ in self.regions]

    def kind_at(self, offset: int) -> str:
        """Effective section kind at ``offset`` ("other" before the first heading)."""
        i = bisect.bisect_right(self.region_starts, offset) - 1
        return self.regions[i][1] if i >= 0 else "other"

    def find(self, pattern: re.Pattern[str], **kw: object) -> list[Evidence]:
        """Evidence reported outside the introduction/related work (see :func:`find_reported`)."""
        return find_reported(self, pattern, **kw)  # type: ignore[arg-type]  # keyword pass-through

    @cached_property
    def experiments(self) -> bool:
        """The paper reports empirical experiments or quantitative evaluation."""
        return self._has(EXPERIMENT, 3) or self._has(QUANT, 8)

    @cached_property
    def computational(self) -> bool:
        """The work involves computation or software (code could be released)."""
        return self._has(COMPUTATIONAL, 3)

    @cached_property
    def human_signals(self) -> dict[str, int]:
        """How often each kind of human-participant signal occurs in the body."""
        return {k: self._n(p) for k, p in HUMAN_SIGNALS.items()}

    @cached_property
    def human_participants(self) -> bool:
        """People took part as subjects, respondents, annotators or raters."""
        s = self.human_signals
        strong = sum(1 for k in ("recruit", "platform", "consent", "ethics", "study") if s[k] > 0)
        return (strong >= 2 and s["people"] >= 2) or (strong >= 1 and s["people"] >= 6) or s["people"] >= 25 \
            or self._has(OWN_APPROVAL, 1)

    @cached_property
    def human_evidence(self) -> list[Evidence]:
        """A passage showing human participation (or the closest one)."""
        for key in ("recruit", "platform", "study", "consent", "people"):
            ev = find(self.paper, HUMAN_SIGNALS[key], limit=1)
            if ev:
                return ev
        return []

    @cached_property
    def pretrained_models(self) -> bool:
        """Pre-trained (language) models are used."""
        return self._has(PRETRAINED, 3)

    @cached_property
    def llm(self) -> bool:
        """Large language models are part of the method or evaluation."""
        return self._has(LLM_WORDS, 4)

    @cached_property
    def public_benchmarks(self) -> bool:
        """Existing public benchmarks are used for evaluation (named ones, or several mentions)."""
        return self._has(PUBLIC_BENCHMARK, 1) or self._has(compile_words(r"benchmarks?"), 4)

    @cached_property
    def models_evaluated(self) -> bool:
        """Pre-trained models are themselves evaluated (on benchmarks, or for a capability)."""
        return self.pretrained_models and self.experiments and (
            self._has(PUBLIC_BENCHMARK, 1) or self._has(EVALUATES_MODELS, 2)
            or find(self.paper, EVALUATES_MODELS, kinds=("abstract",), limit=1) != [])

    @cached_property
    def contamination_relevant(self) -> bool:
        """Pre-trained models meet existing benchmarks or knowledge (training cutoff matters)."""
        return self.models_evaluated

    @cached_property
    def overlap_relevant(self) -> bool:
        """Training data may overlap test items: evaluated pre-trained models, or a corpus built for
        training that the paper itself checks against benchmarks."""
        return self.contamination_relevant or (self.pretrained_models and self._has(CONTAMINATION_WORDS, 3))

    @cached_property
    def trains_models(self) -> bool:
        """Models are trained, fine-tuned or tuned."""
        return self._has(TRAINING, 3)

    @cached_property
    def tunes_parameters(self) -> bool:
        """Models are trained, or parameters/settings are tuned or fitted to data."""
        return self.trains_models or self._has(TUNING, 1)

    @cached_property
    def time_dimension(self) -> bool:
        """The data has a time dimension (longitudinal, time series, video) - said of this study's data,
        not of future work in the limitations or conclusion."""
        return bool(find_reported(self, TIME_DIMENSION, skip=("related_work", "limitations", "conclusion"), limit=1))

    @cached_property
    def theory_only(self) -> bool:
        """Mostly theory: theorems and proofs with little experimentation."""
        return self._has(THEORY, 5) and not self.experiments

    @cached_property
    def comparisons(self) -> bool:
        """Comparisons between conditions or systems are claimed."""
        return self._has(COMPARISON, 2)

    @cached_property
    def quantitative(self) -> bool:
        """Quantitative results are reported."""
        return self._has(QUANT, 4)

    @cached_property
    def agentic(self) -> bool:
        """Agents, tool use or a scaffold around a model are part of the method."""
        return self.llm and self._has(AGENT, 4)

    @cached_property
    def prompting(self) -> bool:
        """LLM prompts are part of the method."""
        return self.llm and self._has(PROMPTING, 3)

    @cached_property
    def methodology_tags(self) -> list[str]:
        """Kebab-case methodology tags in RUBRIC.md's vocabulary (they also switch modules on).

        ``llm-eval`` when LLMs are evaluated or prompted as part of the method, ``benchmark-eval``
        with public benchmarks, ``ml-training`` when models are trained, ``human-subjects`` with
        participants (``rct`` when randomised controlled, ``observational`` when nobody is assigned to
        conditions), ``theory`` with a substantial formal part, ``simulation`` for simulation studies.
        """
        tags = []
        if self.llm and self.experiments and (self.models_evaluated or self.prompting):
            tags.append("llm-eval")
        if self.trains_models and self.experiments:
            tags.append("ml-training")
        if self.experiments and self.public_benchmarks:
            tags.append("benchmark-eval")
        if self.human_participants:
            tags.append("human-subjects")
            if self._has(RCT, 1):
                tags.append("rct")
            elif not self._has(ASSIGNMENT, 1) and not (self.trains_models or self.llm):
                tags.append("observational")
        if self._has(SIMULATION, 2):
            tags.append("simulation")
        if self.theory_only or len(find_reported(self, PROOF_CLAIM, skip=("related_work",), limit=2)) >= 2:
            tags.append("theory")
        if not tags:
            tags.append("observational" if self.quantitative else "theory")
        return list(dict.fromkeys(tags))


INTRO_KINDS = ("introduction", "related_work", "abstract")
"""Sections where practices are announced or cited from others, not reported (skipped by default)."""


def region_kinds(paper: Paper) -> list[tuple[int, str]]:
    """(start, effective kind) per section: an untyped subsection inherits its parent's kind."""
    out: list[tuple[int, str]] = []
    parent = "other"
    for sec in paper.sections:
        if sec.level <= 1 or sec.kind != "other":
            kind = sec.kind
            if sec.level <= 1:
                parent = sec.kind
        else:
            kind = parent
        out.append((sec.start, kind))
    return out


def _clause_evidence(paper: Paper, m: re.Match[str]) -> Evidence | None:
    """A quote for a match whose sentence runs across elements (figure text, footnotes, page breaks)
    and would only quote with an ellipsis: the match with some context on its line, the match
    itself, or the part of the match on one line - the first that quotes without an ellipsis."""
    text = paper.text
    start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 80, 0)
    end_nl = text.find("\n", m.end())
    end = min(end_nl if end_nl >= 0 else len(text), m.end() + 80)
    last_line = text.rfind("\n", m.start(), m.end()) + 1 or m.start()
    first_end = text.find("\n", m.start(), m.end())
    spans = [(start, end), (m.start(), m.end()), (last_line, end), (start, first_end if first_end >= 0 else m.end())]
    for a, b in spans:
        if b - a < 12:
            continue
        ev = quote_span(paper, a, b)
        if ev is not None and " ... " not in ev.quote:
            return ev
    return None


def find_reported(
    facts: Facts,
    pattern: re.Pattern[str],
    *,
    skip: tuple[str, ...] = INTRO_KINDS,
    kinds: tuple[str, ...] = (),
    limit: int = 2,
    exclude: re.Pattern[str] | None = None,
) -> list[Evidence]:
    """Like :func:`find`, but judged by the effective section kind and skipping ``skip`` kinds.

    Practices are *reported* in methods, results, discussion and appendices; the introduction and
    related work mostly announce them or describe other papers, so they are skipped by default.
    """
    paper = facts.paper
    starts = facts.region_starts
    def reported(m: re.Match[str]) -> Evidence | None:
        i = bisect.bisect_right(starts, m.start()) - 1
        kind = facts.regions[i][1] if i >= 0 else "other"
        if kind in skip or (kinds and kind not in kinds):
            return None
        ev = sentence_evidence(paper, m.start())
        if ev is not None and " ... " in ev.quote:
            ev = _clause_evidence(paper, m)
        return None if ev is None or " ... " in ev.quote else ev

    # lazy: scanning stops once ``limit`` quotes are found
    return distinct_evidence(paper.iter_matches(pattern), reported, limit=limit, exclude=exclude)
