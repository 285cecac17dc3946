"""Reviewer red flags about study design, each located by a grounded quote (offline).

Checks of the form ``(paper, facts, checklist) -> list[RedFlag]``, appended to
:data:`scanner.red_flags.CHECKS`:

* ``small_sample``: a human-participant study stating a tiny n ("n = 9", "twelve participants");
* ``sample_size_unstated``: human participants but no count of them anywhere;
* ``self_citation_validation``: a method called validated/shown to work with only the authors'
  own papers cited for it (author surnames compared with the cited entries);
* ``model_mismatch``: a model named in the main claims that the experiments never use;
* ``sweeping_claim``: a main claim stated without limit ("always", "completely", "on all datasets");
* ``uncorrected_tests``: ten or more reported significance tests and no multiple-comparison correction;
* ``no_limitations``, ``no_ethics_approval``, ``significance_without_test``: read from the
  checklist answers of the detectors (never re-decided here), located where the paper shows the gap.

Details never contain double quotes except around grounded quotes (:func:`scanner.evidence.cite`).
"""

from __future__ import annotations

import re

from scanner import fastscan
from scanner.claims import abstract_span, extract_claims
from scanner.detectors.base import Checklist, checklist_item
from scanner.detectors.facts import Facts
from scanner.detectors.rigor import multiple_comparison_correction
from scanner.evidence import cite, locate, sentence_evidence
from scanner.models import Evidence, RedFlag, Severity
from scanner.paper import Paper, Reference
from scanner.statistics import statistics

SMALL_N = 20
MANY_TESTS = 10  # reported tests with p-values; at 10 tests of true nulls, P(some p < .05) = 0.40 (derived)
_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_PEOPLE = r"(?:participants|subjects|volunteers|users|patients|respondents|children|adults|students)"
_RATERS = r"(?:raters|annotators|workers|crowdworkers|judges|evaluators|experts|coders)"


def _count_of(nouns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:(?P<n1>\d{1,4}|" + "|".join(_WORDS) + r")\s+(?:[a-z-]+\s+){0,2}?" + nouns + r"\b|"
                      r"\b[Nn]\s?=\s?(?P<n2>\d{1,4})\b)", re.I)


SAMPLE = _count_of(_PEOPLE)
ANY_COUNT = _count_of(f"(?:{_PEOPLE}|{_RATERS})")
# Validation of a method or measure (not background findings), with the citation that carries it.
VALIDATED = re.compile(
    r"\b(?:method|measure|scale|approach|instrument|tool|metric|procedure|paradigm|framework|questionnaire|model)s?\b"
    r"[^.]{0,80}\b(?:(?:has|have|had) been (?:validated|shown|proven|demonstrated|established)|validated (?:in|by)|"
    r"shown to be (?:effective|reliable|valid|accurate)|(?:our|the authors') (?:previous|prior|earlier) work|"
    r"as (?:shown|demonstrated) (?:in|by)|we (?:previously|have previously) (?:shown|demonstrated|validated))\b",
    re.I,
)
MODEL = re.compile(
    r"\b(?:GPT-?4o(?:-mini)?|GPT-?4(?:-turbo)?|GPT-?3\.5(?:-turbo)?|ChatGPT|Llama[- ]?[23](?:\.\d)?(?:[- ]\d+B)?|"
    r"Claude(?:[- ]\d(?:\.\d)?)?|Gemini(?:[- ]\d(?:\.\d)?)?|Mistral[- ]7B|Mixtral|Qwen[\d.]*(?:-\d+B)?|"
    r"o1(?:-preview|-mini)?|PaLM(?:[- ]?2)?|Vicuna|DeepSeek[\w.-]*)\b"
)
SIGNIFICANT = re.compile(
    r"\bsignificant(?:ly)? (?:higher|lower|better|worse|more|less|outperform\w*|improv\w+|differen\w+|effects?|margin|"
    r"gains?|increase|decrease|reduc\w+)|\b(?:outperform\w*|improv\w+|differ\w*) (?:\w+ ){0,3}significantly\b", re.I)
SWEEPING = re.compile(
    r"\b(?:always|never|completely|entirely|universally|in (?:all|every) cases?|without exception|guarantee[sd]?|"
    r"for any|(?:on|across|in|for) (?:all|every) (?:\w+ )?(?:tasks?|datasets?|benchmarks?|settings?|domains?|"
    r"languages?|models?|conditions?))\b",
    re.I,
)
_NEGATED = re.compile(r"(?:\bnot|n't)\s+$", re.I)  # "does not always beat" is a hedge, not a sweep
_NOT_PERSON = re.compile(r"association|psycholog|universit|berlin|author|doi|tokens|data|institute|lab\b", re.I)


def _counts(paper: Paper, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Stated counts of people in the body, not in references nor read off a heading's number."""
    return [m for m in paper.iter_matches(pattern) if not paper.in_references(m.start()) and not _on_heading(paper, m)]


def _on_heading(paper: Paper, m: re.Match[str]) -> bool:
    """True when the count starts on a heading line ("2 Method" above "Participants ...")."""
    sec = paper.section_at(m.start())
    return sec is not None and sec.start <= m.start() < sec.start + len(sec.title)


def _value(m: re.Match[str]) -> int:
    raw = (m.group("n1") or m.group("n2") or "").lower()
    return _WORDS[raw] if raw in _WORDS else int(raw)


def sample_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``small_sample`` for a stated n below :data:`SMALL_N`; ``sample_size_unstated`` when n is never given."""
    if not facts.human_participants:
        return []
    stated = _counts(paper, SAMPLE)
    if not stated and not _counts(paper, ANY_COUNT):
        shown = facts.human_evidence[:1]
        where = f" (participants appear at {cite(shown[0])})" if shown else ""
        return [RedFlag(flag="Number of participants not stated", kind="sample_size_unstated", severity="medium",
                        detail=f"The study involves human participants but never states how many took part{where}.",
                        evidence=shown or None)]
    if not stated:
        return []
    total = max(_value(m) for m in stated)
    tiny = [m for m in stated if 1 < _value(m) < SMALL_N]
    if not tiny or total >= SMALL_N:
        return []
    m = tiny[0]
    ev = sentence_evidence(paper, m.start())
    if ev is None:
        return []
    severity: Severity = "high" if _value(m) < 10 else "medium"
    return [RedFlag(flag=f"Small sample ({m.group(0).strip()})", kind="small_sample", severity=severity,
                    detail=f"The largest participant count the paper states is {m.group(0).strip()}, at {cite(ev)}; "
                           "effects estimated on so few people are imprecise and rarely generalise.",
                    evidence=[ev])]


def _surnames(names: list[str]) -> set[str]:
    out = set()
    for name in names:
        if _NOT_PERSON.search(name):
            continue
        words = [w for w in re.findall(r"[A-Za-z\u00c0-\u024f'-]+", name) if len(w) > 2]
        if 1 < len(words) + (1 if re.search(r"\b[A-Z]\.", name) else 0) <= 5 and words:
            out.add(words[-1].lower())
    return out


def _cited_refs(paper: Paper, start: int, end: int) -> list[Reference]:
    """References cited in ``text[start:end]`` (numeric labels or author-year)."""
    text = paper.text[start:end]
    labels = {x for grp in re.findall(r"\[([\d,\s\u2013-]+)\]", text) for x in re.split(r"[,\s]+", grp) if x.isdigit()}
    refs = [r for r in paper.references if r.label and r.label in labels]
    for r in paper.references:
        if r.year and r.authors and r not in refs:
            last = _surnames(r.authors[:1])
            if last and re.search(r"\b" + re.escape(next(iter(last))) + r"\b[^.;)\]]{0,40}" + str(r.year), text, re.I):
                refs.append(r)
    return refs


def self_citation_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``self_citation_validation``: validation resting only on the authors' own cited papers."""
    own = _surnames(paper.authors)
    if not own or not paper.references:
        return []
    for m in paper.iter_matches(VALIDATED):
        ev = sentence_evidence(paper, m.start())
        if ev is None or paper.in_references(m.start()):
            continue
        at = paper.search_text.find(ev.quote.lower()[:60])
        refs = _cited_refs(paper, at, at + len(ev.quote) + 40) if at >= 0 else []
        if refs and all(_surnames(r.authors) & own for r in refs):
            names = ", ".join(sorted({n for r in refs for n in _surnames(r.authors) & own}))[:80]
            return [RedFlag(flag="Validation rests on self-citation", kind="self_citation_validation",
                            severity="medium", evidence=[ev],
                            detail=f"{cite(ev)} supports the method only with work by the paper's own authors "
                                   f"({names}); no independent validation is cited or reported.")]
    return []


def _norm_model(name: str) -> str:
    return re.sub(r"[\s-]", "", name.lower())


def model_mismatch_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``model_mismatch``: a model named in the main claims that no experiment, table or figure uses."""
    a0, a1 = abstract_span(paper)
    claims = extract_claims(paper)
    claimed = {_norm_model(m.group(0)): m.group(0) for c in claims for m in MODEL.finditer(c.claim)}
    if not claimed:
        return []
    used: set[str] = set()
    for sec in paper.sections:
        if sec.kind not in ("abstract", "introduction", "related_work", "conclusion", "references", "checklist"):
            used.update(_norm_model(m.group(0))
                        for m in fastscan.iter_matches(MODEL, paper.text, paper.folded_text, sec.start, sec.end))
    used.update(_norm_model(m.group(0)) for c in paper.captions for m in MODEL.finditer(c.text))
    missing = [k for k in claimed if not any(k in u or u in k for u in used)]
    if not missing or not used:
        return []
    claim = next(c for c in claims if any(_norm_model(m.group(0)) == missing[0] for m in MODEL.finditer(c.claim)))
    ev = claim.locations[0] if claim.locations else None
    others = ", ".join(sorted(used))[:120]
    return [RedFlag(flag=f"Claim about {claimed[missing[0]]} but experiments use other models", kind="model_mismatch",
                    severity="medium", detail=f"The claim {cite(ev) if ev else 'in the abstract'} names "
                    f"{claimed[missing[0]]}, but the experiments, tables and figures only name other models "
                    f"({others}).",
                    evidence=[ev] if ev else None)]


def sweeping_claim_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``sweeping_claim``: the first main claim worded without limit (one flag per paper, low severity).

    An experiment covers the settings it tested; "always", "completely" or "on all datasets" in a
    main claim asks the reader to take the rest on trust, so a reviewer checks it against the tables.
    """
    for claim in extract_claims(paper):
        m = next((m for m in SWEEPING.finditer(claim.claim) if not _NEGATED.search(claim.claim[: m.start()])), None)
        if m is None or not claim.locations:
            continue
        ev = claim.locations[0]
        return [RedFlag(flag=f"Main claim stated without limit ({m.group(0).lower()})", kind="sweeping_claim",
                        severity="low", detail=f"The claim {cite(ev)} is worded for every case, while the "
                        "experiments cover only the settings they tested; check it against the results tables.",
                        evidence=[ev])]
    return []


def uncorrected_tests_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """``uncorrected_tests``: many reported significance tests, no Bonferroni/Holm/FDR correction anywhere.

    Decided by the ``multiple_comparison_correction`` detector itself, so the flag does not depend
    on whether the experimental-rigor module was selected for the checklist.
    """
    tests = [r for r in statistics(paper) if r.test in ("t", "F", "chi2", "r", "z") and r.p_comparison is not None]
    if len(tests) < MANY_TESTS:
        return []
    correction = multiple_comparison_correction(paper, facts)
    if not correction.applies or correction.answer:
        return []
    ev = next((e for e in map(lambda r: locate(paper, r.quote), tests[:5]) if e is not None and len(e.quote) < 200),
              None)
    example = f", e.g. {cite(ev)}" if ev else ""
    return [RedFlag(flag="Many significance tests without a multiple-comparison correction", kind="uncorrected_tests",
                    severity="low", evidence=[ev] if ev else None,
                    detail=f"The paper reports many tests with p-values (derived count: {len(tests)}){example}, and "
                           "no Bonferroni, Holm or false-discovery-rate correction; with this many tests some "
                           "nominally significant results are expected by chance alone.")]


def checklist_gap_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """No limitations section, no ethics approval, significance claimed without a test."""
    flags = []
    lim = checklist_item(checklist, "limitations_and_scope", "limitations_section_present")
    if lim and lim.applies and not lim.answer:
        flags.append(RedFlag(flag="No limitations section", kind="no_limitations", severity="low",
                             detail="Neither a Limitations section nor a paragraph discussing the study's limitations "
                                    "was found in the body or appendices."))
    irb = checklist_item(checklist, "human_studies", "irb_or_ethics_approval")
    if irb and irb.applies and not irb.answer and facts.human_participants:
        shown = facts.human_evidence[:1]
        where = f", although people take part ({cite(shown[0])})" if shown else ""
        flags.append(RedFlag(flag="No ethics approval or consent statement", kind="no_ethics_approval",
                             severity="medium", detail="No IRB or ethics-committee approval, exemption or informed "
                             f"consent is reported{where}.", evidence=shown or None))
    sig = checklist_item(checklist, "statistical_methodology", "significance_tests")
    if sig and sig.applies and not sig.answer:
        ev = _significance_claim(paper)
        if ev is not None:
            flags.append(RedFlag(flag="Significance claimed without a test", kind="significance_without_test",
                                 severity="medium", detail=f"{cite(ev)} calls a difference significant, but no "
                                 "statistical test or p-value supports any comparison in the paper.", evidence=[ev]))
    return flags


OWN_FINDING = re.compile(r"^\W*(?:Key )?(?:Findings?|Results?)\s?:|\bwe (?:find|found|show|observe)\b|"
                         r"\bour (?:results|findings|experiments|analyses) (?:show|suggest|indicate|reveal)", re.I)
"""The introduction states the paper's own finding ("Finding: ...", "we find that ...")."""


def _significance_claim(paper: Paper) -> Evidence | None:
    """The first sentence calling the paper's own difference significant (not others' work, not appendix)."""
    for m in paper.iter_matches(SIGNIFICANT):
        sec = paper.section_at(m.start())
        kind = sec.kind if sec is not None else None
        if kind in ("related_work", "references", "checklist", "appendix"):
            continue
        ev = sentence_evidence(paper, m.start())
        if ev is None or "significan" not in ev.quote.lower():
            continue
        if kind == "introduction" and not OWN_FINDING.search(ev.quote):
            continue  # the introduction mostly motivates with others' results
        return ev
    return None


CHECKS = [sample_flags, self_citation_flags, model_mismatch_flags, sweeping_claim_flags, uncorrected_tests_flags,
          checklist_gap_flags]


def review_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """All design red flags of this module, in order."""
    return [flag for check in CHECKS for flag in check(paper, facts, checklist)]
