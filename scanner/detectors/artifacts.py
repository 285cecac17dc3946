"""Artifacts: code, data, environment and reproduction instructions."""

from __future__ import annotations

import re

from scanner.detectors.base import Answer, absent, compile_words, count, find, not_applicable, present, rule
from scanner.detectors.facts import PUBLIC_BENCHMARK, Facts
from scanner.evidence import cite, quote_span
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
                          r"to be released|after (?:publication|acceptance)|in the supplementary|anonymi[sz]ed", re.I)
DATA_STATEMENT = compile_words(
    r"data (?:is|are) (?:publicly )?available", r"dataset is (?:publicly )?available", r"we release",
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


@detector("code_released")
def code_released(paper: Paper, facts: Facts) -> Answer:
    """A link to the authors' code; 'upon request' and 'will be released' do not count."""
    if not facts.computational:
        return not_applicable("No computational experiments or software are reported.")
    links = find(paper, CODE_HOST, limit=3)
    good = [e for e in links if not NOT_RELEASED.search(e.quote)]
    if good:
        return present("Code link given", link_quotes(paper) or good)
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
    evidence = [e for e in facts.find(DATA_STATEMENT, limit=4, skip=("related_work",))
                if not NOT_RELEASED.search(e.quote) and DATA_WORDS.search(e.quote)]
    links = [e for e in find(paper, CODE_HOST, limit=3) if not NOT_RELEASED.search(e.quote) and " ... " not in e.quote
             and DATA_WORDS.search(CODE_HOST.sub(" ", e.quote))]
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
