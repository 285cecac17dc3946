"""Artifacts: code, data, environment and reproduction instructions."""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.detectors.base import (
    Answer,
    absent,
    compile_words,
    count,
    distinct_evidence,
    find,
    not_applicable,
    present,
    rule,
)
from scanner.detectors.facts import PUBLIC_BENCHMARK, Facts
from scanner.evidence import cite, quote_span, sentence_evidence
from scanner.models import Evidence
from scanner.paper import Paper
from scanner.rubrics.registry import detector

CODE_HOST = re.compile(
    r"(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|zenodo\.org|osf\.io|codeocean\.com|"
    r"sourceforge\.net|doi\.org/10\.5281)\s*/\s*[\w.\-]+(?:/[\w.\-~%#]+)*",
    re.I,
)
CODE_STATEMENT = compile_words(
    r"code (?:is|are) (?:publicly )?available", r"source code", r"our code", r"code and data",
    r"implementation is available",
    r"code (?:can be found|is released|has been released)", r"open[- ]sourced?", r"publicly release[sd]?",
)
NOT_RELEASED = re.compile(r"upon (?:reasonable )?request|will be (?:made )?(?:publicly )?(?:released|available)|"
                          r"to be released|after (?:publication|acceptance)|in the supplementary|"
                          r"anonymi[sz]ed (?:URL|link|repositor|version|zip|code)", re.I)
"""Not (yet) a public release; an anonymised review link is one, "we share the anonymized data" is not."""
FUTURE_RELEASE = compile_words(
    r"(?:we|I) (?:plan|intend|hope|aim|are planning|expect|would like) to (?:open[- ]source|release|publish|share"
    r"|make (?:\S+ ){0,6}?(?:publicly |freely )?available)",
    r"we will (?:\w+ )?(?:open[- ]source|release|publish|share|make)",
    r"will be (?:made )?(?:publicly |freely |openly )?(?:released|available|open[- ]sourced|shared|published)",
    r"to be released", r"(?:upon|after) (?:publication|acceptance)",
    r"after (?:this|the) paper is (?:made public|published)",
    r"coming soon",
)
"""A release still to come (the artifact is not obtainable from the paper as it stands)."""
AVAILABLE_NOW = compile_words(
    r"(?:is|are) (?:now |already |currently )?(?:publicly |freely |openly )?(?:available|accessible|hosted|released)",
    r"can be (?:found|downloaded|accessed|obtained)", r"(?:we|have) (?:publicly )?released?",
    r"released (?:at|on|under)",
    r"available (?:at|from|on|via|online)", r"data availability",
)
"""Present-tense availability ("our code is available at ...", "we release the corpus")."""
OWN_ARTIFACT = compile_words(r"we", r"our", r"us", r"this (?:study|paper|work|article|dataset|corpus|benchmark|code)",
                             r"the present (?:study|work)", r"data availability")
"""The sentence is about the authors' own artifact (first person, "this dataset", ...)."""
OTHER_WORKS = re.compile(
    r"\b(?:(?:some|other|prior|previous|existing|many|these) (?:\w+ )?(?:works?|papers?|studies|datasets|corpora)|"
    r"papers|journals?|researchers|authors|et al\.)|\(\D{2,60},? \d{4}\)|\[\d+(?:[,\u2013-]\s?\d+)*\]", re.I)
"""The sentence describes other works ("some works have audited publicly available datasets")."""
NOT_AVAILABLE = compile_words(r"not (?:\w+ )?(?:publicly |freely )?available",
                              r"cannot be (?:made )?(?:\w+ )?available", r"unavailable",
                              r"not (?:be )?(?:publicly )?released")
CODE_WORDS = compile_words(r"code(?:base)?", r"scripts?", r"implementations?", r"software", r"toolkit",
                           r"repository", r"library", r"package")
ARTIFACT_NAME = re.compile(
    r"(?i:\bwe\s+(?:introduce|present|release|propose|construct|build|create|curate|collect)\w*)\s+"
    r"(?P<name>[A-Z][\w-]*[A-Z][\w-]*)[^.]{0,80}?(?i:data-?set|corpus|benchmark|collection)")
"""A dataset the paper itself introduces by name ("we introduce MegaCorpus, a corpus of ...")."""
DATA_STATEMENT = compile_words(
    r"data (?:is|are) (?:publicly )?available", r"dataset is (?:publicly )?available", r"we release",
    r"we (?:publicly |openly )?share",
    r"released (?:the|our)",
    r"available at", r"can be downloaded", r"data availability", r"accession", r"publicly available",
)
ENVIRONMENT = compile_words(
    r"requirements\.txt", r"environment\.ya?ml", r"docker\w*", r"conda", r"container", r"python \d\.\d+",
    r"pytorch \d[\d.]*", r"tensorflow \d[\d.]*", r"cuda \d[\d.]*", r"version \d[\d.]+", r"v\d+\.\d+(?:\.\d+)?",
    r"jax \d[\d.]*", r"transformers \d[\d.]*", r"R version", r"lme4", r"SPSS", r"statsmodels",
)
REPRO = compile_words(
    r"to reproduce", r"reproduc\w+ (?:our|the) (?:results|experiments)", r"scripts? (?:to|for)", r"README",
    r"instructions", r"step-by-step", r"run the following", r"command line", r"notebooks?",
)


def link_quotes(paper: Paper, limit: int = 2) -> list[Evidence]:
    """The repository links themselves as evidence (a URL is always quotable verbatim)."""
    out = []
    for m in paper.iter_matches(CODE_HOST):
        ev = quote_span(paper, m.start(), m.end())
        if ev is not None and " ... " not in ev.quote:
            out.append(ev)
        if len(out) >= limit:
            break
    return out


def artifact_names(paper: Paper) -> list[str]:
    """Names of datasets this paper introduces (memoised per paper), longest first."""
    def compute() -> list[str]:
        names = {m["name"].rstrip("-") for m in paper.iter_matches(ARTIFACT_NAME)}
        return sorted((n for n in names if len(n) >= 4), key=len, reverse=True)
    return paper.memo(("artifact_names", ARTIFACT_NAME), compute)


def about_data(paper: Paper, text: str) -> bool:
    """The sentence speaks of data (or of a dataset the paper introduces by name)."""
    folded = text.casefold()
    return bool(DATA_WORDS.search(text)) or any(n.casefold() in folded for n in artifact_names(paper))


def about_code(paper: Paper, text: str) -> bool:
    """The sentence speaks of code, scripts or an implementation."""
    return bool(CODE_WORDS.search(text))


def own_statement(text: str) -> bool:
    """The sentence speaks of the authors' own artifact: first person or a link, else at least not of
    other works (an unattributed "All code and data are publicly available" is the authors')."""
    return bool(OWN_ARTIFACT.search(text) or CODE_HOST.search(text)) or not OTHER_WORKS.search(text)


def available_now(text: str) -> bool:
    """Present-tense availability outside any promise or refusal in the same sentence
    ("30 are currently available, the remaining 10 will be released" is available now)."""
    rest = NOT_AVAILABLE.sub(" ", FUTURE_RELEASE.sub(" ", text))
    return bool(AVAILABLE_NOW.search(rest)) and not NOT_RELEASED.search(rest)


def still_to_come(paper: Paper, about: Callable[[Paper, str], bool]) -> list[Evidence]:
    """Statements that the artifact is still to be released, unless the paper also says it is out now."""
    def on_topic(m: re.Match[str]) -> Evidence | None:
        ev = sentence_evidence(paper, m.start())
        return ev if ev is not None and about(paper, ev.quote) else None

    def out_now(m: re.Match[str]) -> Evidence | None:
        ev = on_topic(m)
        return ev if ev is not None and own_statement(ev.quote) and available_now(ev.quote) else None

    promised = distinct_evidence(paper.iter_matches(FUTURE_RELEASE), on_topic, limit=2)
    if not promised or distinct_evidence(paper.iter_matches(AVAILABLE_NOW), out_now, limit=1):
        return []
    return promised


def _promised(what: str, promised: list[Evidence], links: list[Evidence]) -> Answer:
    """A no-answer quoting both sides: the statement that the release is still to come, and the link."""
    text = f"The paper says the {what} is still to be released: {cite(promised[0])}"
    if links:
        text += f"; the repository link it prints ({cite(links[0])}) does not make it available"
    text += "; no statement says it is available now, so it is not a release."
    return Answer(True, False, text, [promised[0], *links[:1]])


@detector("code_released")
def code_released(paper: Paper, facts: Facts) -> Answer:
    """A link to the authors' code; 'upon request' and 'will be released' do not count.

    A statement that the code is still to come ("we plan to open-source the scripts") outweighs a
    bare link unless the paper also says the code is available now.
    """
    if not facts.computational:
        return not_applicable("No computational experiments or software are reported.")
    links = find(paper, CODE_HOST, limit=3)
    good = [e for e in links if not NOT_RELEASED.search(e.quote)]
    if good:
        promised = still_to_come(paper, about_code)
        shown = link_quotes(paper) or good
        return _promised("code", promised, shown) if promised else present("Code link given", shown)
    stated = find(paper, CODE_STATEMENT, limit=3)
    promised = [e for e in stated + links if NOT_RELEASED.search(e.quote)]
    if promised:
        return Answer(True, False, f"Code is only promised or on request, which is not a release: "
                      f"{cite(promised[0])}.", promised[:1])
    return absent("a code repository link (GitHub, GitLab, Zenodo, Hugging Face, OSF) or a code-availability statement")


DATA_WORDS = re.compile(r"\b(?:data(?:sets?)?|corpus|corpora|responses|annotations|judgments|ratings|recordings|benchm"
                        r"ark)\b", re.I)
CREATES_DATA = compile_words(
    r"we (?:construct|build|create|collect|introduce|present|release|curate)\w*\s(?:\S+\s){0,6}?(?:dataset|corpus|benc"
    r"hmark|collection)",
)
"""The paper makes its own data (which must then be released for a true answer)."""
CITED_DATASET = re.compile(
    r"\b[A-Z][\w-]*\d*(?: [a-z]+)? (?:data(?:set)?|corpus|benchmark)s? (?:\[\d+\]|\([A-Z][\w-]+(?: et al\.)?,? \d{4}\))"
    r"|\b(?:evaluat\w+|test\w*|trained|fine-?tuned|results?|performance|recovery|accuracy)\s+(?:\w+\s+){0,3}on\s+(?:the\s+)?"
    r"[A-Z][\w]*(?:-[\w]+)*\d*\s+\([A-Z][\w-]+(?:\s+et\s+al\.)?,?\s+\d{4}\)")
"""An existing dataset named with its citation ("UCSD crowd data [5]", "evaluation on S2-VL (Shen et al., 2022)")."""


@detector("data_released")
def data_released(paper: Paper, facts: Facts) -> Answer:
    """Data obtainable via link/DOI/accession, or only named public benchmarks.

    A repository link counts for data only when its sentence speaks of data; promises ("will be
    made available") do not count. A paper that creates no data and no participant responses and
    evaluates on named public benchmarks has its data released by construction.
    """
    if not (facts.experiments or facts.quantitative):
        return not_applicable("The paper neither uses nor creates data.")
    evidence = [e for e in facts.find(DATA_STATEMENT, limit=6, skip=("related_work",))
                if about_data(paper, e.quote) and own_statement(e.quote) and available_now(e.quote)]
    links = [e for e in find(paper, CODE_HOST, limit=3) if not NOT_RELEASED.search(e.quote) and " ... " not in e.quote
             and about_data(paper, CODE_HOST.sub(" ", e.quote))]
    promised = still_to_come(paper, about_data)
    if promised:
        return _promised("data", promised, link_quotes(paper, limit=1))
    if evidence or links:
        return present("Data access is given", (evidence + links)[:2])
    creates = facts.human_participants or count(paper, CREATES_DATA, at_most=1) >= 1
    if not creates and facts.public_benchmarks:
        bench = find(paper, PUBLIC_BENCHMARK, limit=2) or facts.find(CITED_DATASET, limit=2)
        if bench:
            return present("The data are named public benchmarks, obtainable by name", bench)
    if not creates:
        cited = facts.find(CITED_DATASET, limit=2)
        if cited:
            return present("The data are existing datasets named with their source", cited)
    return absent("a data link, DOI, accession number or data-availability statement")


WITHHELD = re.compile(
    r"\b(?:(?:do|does|did) not have (?:the )?permissions?|cannot (?:be )?(?:release|share|made|publish)|"
    r"(?:unable|not able|not permitted) to (?:release|share|publish)|not (?:be )?(?:publicly )?(?:released|shared)|"
    r"restricted access)", re.I)
WITHHOLD_REASON = compile_words(r"IRB", r"privacy", r"confidential\w*", r"sensitive", r"proprietary", r"permissions?",
                                r"consent", r"licen[sc]e", r"ethic\w*", r"anonymity")


def withholding_reason(paper: Paper) -> Evidence | None:
    """The authors' own reason for withholding their data (IRB, privacy, licence), if they give one.

    The authors' checklist is searched too: that is where such reasons are often given.
    """
    def reason(m: re.Match[str]) -> Evidence | None:
        ev = sentence_evidence(paper, m.start())
        ok = ev is not None and WITHHOLD_REASON.search(ev.quote) and about_data(paper, ev.quote) \
            and own_statement(ev.quote)
        return ev if ok else None

    found = distinct_evidence(paper.iter_matches(WITHHELD, body_only=False), reason, limit=1)
    return found[0] if found else None


@detector("environment_specified")
def environment_specified(paper: Paper, facts: Facts) -> Answer:
    """Library versions, requirements file or container."""
    return rule(paper, applies=facts.computational and facts.experiments,
                not_applicable_reason="No computational experiments are reported.",
                pattern=ENVIRONMENT, found_what="Software environment details are given",
                searched="library versions, a requirements file, a container or framework versions")


@detector("reproduction_instructions")
def reproduction_instructions(paper: Paper, facts: Facts) -> Answer:
    """Scripts or instructions to rerun the experiments."""
    return rule(paper, applies=facts.computational and facts.experiments,
                not_applicable_reason="No computational experiments are reported.",
                pattern=REPRO, found_what="Reproduction material is described",
                searched="reproduction instructions, scripts, notebooks or a README")
