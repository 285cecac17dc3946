"""Claims and evidence: abstract support, causal claims, generalisation, alternatives, proxies."""

from __future__ import annotations

import re

from scanner.detectors.base import Answer, absent, compile_words, find, not_applicable, present
from scanner.detectors.facts import Facts
from scanner.detectors.limitations import BOUNDS as SCOPE_BOUNDS
from scanner.evidence import cite, sentence_evidence
from scanner.numbers import Number
from scanner.paper import Paper
from scanner.rubrics.registry import detector

CAUSAL = compile_words(r"causes?", r"caused", r"leads? to", r"results? in", r"improves?", r"reduces?", r"increases?",
                       r"effect of", r"impact of", r"drives?", r"because of")
CAUSAL_DESIGN = compile_words(r"randomi[sz]ed", r"randomly assigned", r"controlled experiments?", r"ablations?",
                              r"ablating", r"(?:we |experimentally )?manipulated",
                              r"counterbalanced", r"causal (?:inference|effect|analysis)", r"instrumental variable",
                              r"difference-in-differences",
                              r"may (?:cause|reflect|be due)", r"correlational", r"cannot (?:establish|infer) causa\w+",
                              r"observational caveat",
                              r"between[- ]subjects?", r"within[- ]subjects?",
                              r"(?:control|experimental) (?:condition|group)s?", r"lend\w* (?:initial )?support",
                              r"we (?:vary|varied|hold|held) \w+", r"holding \w+ (?:fixed|constant)",
                              r"confounding factors?",
                              r"must confirm", r"order of (?:blocks|conditions|trials) was randomi[sz]ed")
BOUNDS = compile_words(r"may not (?:generali[sz]e|hold|transfer|apply)", r"limited to(?! \d)",
                       r"only (?:tested|evaluated|studied|considered)",
                       r"future work (?:should|could|will)", r"remains? (?:unclear|unknown|untested|open)",
                       r"we (?:do not|did not) (?:test|evaluate|study|consider)",
                       r"generali[sz]\w+ to other", r"beyond the scope", r"restricted to", r"in (?:our|this) setting")
ALTERNATIVES = compile_words(r"alternative (?:explanations?|accounts?|interpretations?)", r"confound\w*",
                             r"another explanation",
                             r"could (?:also )?be (?:explained|due|attributed)",
                             r"may (?:also )?be (?:explained|due|attributed|because)",
                             r"rule out", r"ruled out", r"controlling for", r"control(?:led)? for", r"rival",
                             r"may instead",
                             r"possible (?:explanations?|reasons?)", r"one explanation",
                             r"(?:is|was|are) (?:likely )?due to (?:a combination|the fact|differences)",
                             r"rather than (?:method|model|a) (?:failure|effect)",
                             r"(?:length|position|selection|self-?preference) bias",
                             r"(?:which|this) (?:may|might|could) (?:explain|inflate|reflect)",
                             r"potentially inflat\w+",
                             r"(?:is|are) particularly happy", r"cannot rebut", r"it is possible that")
PROXY = compile_words(r"proxy", r"proxies", r"(?:do|does|did) not directly (?:demonstrate|measure|show|test)",
                      r"as an? (?:index|marker|indicator|measure) of", r"confirming the alignment", r"surrogate",
                      r"approximat\w+ (?:of|for) (?:human|quality|the)", r"does not (?:fully )?capture",
                      r"imperfect (?:measure|metric)", r"correlat\w+ with human", r"as a measure of",
                      r"operationali[sz]")


@detector("abstract_claims_supported")
def abstract_claims_supported(paper: Paper, facts: Facts) -> Answer:
    """Abstract claims backed by results in the body (numbers found in the body)."""
    from scanner.claims import abstract_support

    supported, total, example = abstract_support(paper)
    if total == 0:
        results = paper.sections_of("results", "experiments", "discussion")
        if results:
            return Answer(True, True, f"The abstract states no numeric claims; the body reports results in section "
                          f"'{results[0].title[:60]}'.", [])
        return absent("numeric claims in the abstract and a results section in the body")
    own = _own_unsupported(paper) if supported < total else []
    if not own:
        ev = [example] if example else []
        what = "Every number stated in the abstract also appears in the body" if supported == total else \
            "Every number of the paper's own results stated in the abstract also appears in the body " \
            "(years and numbers quoted from cited work are not the paper's claims)"
        return Answer(True, True, what + (f", e.g. {cite(example)}." if example else "."), ev)
    return Answer(True, False, "Some numbers stated in the abstract do not appear anywhere in the body, e.g. "
                  f"{own[0].literal} (see red flags).", [])


CITED_SENTENCE = re.compile(r"\((?:see |e\.g\., )?[A-Z][\w'\u2019-]+(?: et al\.)?(?:,| &| and)[^()]{0,80}?\d{4}[a-z]?\)"
                            r"|\[\d+(?:\s?[,\u2013-]\s?\d+)*\]")
"""A citation in a sentence: what it reports is someone else's finding."""


def _own_unsupported(paper: Paper) -> list[Number]:
    """Abstract numbers missing from the body that are the paper's own: not a year, not in a sentence
    that reports cited work ("A meta-analysis of 173 studies ... (Malle, 2006)")."""
    from scanner.claims import unsupported_abstract_numbers

    out = []
    for n in unsupported_abstract_numbers(paper):
        if n.decimals == 0 and not n.percent and 1900 <= n.value <= 2099:
            continue
        ev = sentence_evidence(paper, n.start)
        if ev is not None and CITED_SENTENCE.search(ev.quote):
            continue
        out.append(n)
    return out


@detector("causal_claims_justified")
def causal_claims_justified(paper: Paper, facts: Facts) -> Answer:
    """Causal language backed by a controlled design, or hedged."""
    if not (facts.experiments or facts.human_participants):
        return not_applicable("The paper reports no empirical work, so it makes no causal claims about results.")
    claims = find(paper, CAUSAL, kinds=("abstract", "conclusion", "discussion", "results"), limit=1)
    design = facts.find(CAUSAL_DESIGN, limit=2)
    if design:
        return present("The design supports causal claims or they are hedged", design)
    return absent("randomization, controlled manipulation, ablation or hedged causal language", context=claims)


@detector("generalization_bounded")
def generalization_bounded(paper: Paper, facts: Facts) -> Answer:
    """Claims limited to tested settings, or where they may not hold is said."""
    if not (facts.experiments or facts.human_participants):
        return not_applicable("The paper reports no empirical work.")
    evidence = facts.find(SCOPE_BOUNDS, skip=("related_work",), limit=2)
    return present("Claims are bounded to the tested settings", evidence) if evidence else \
        absent("statements limiting claims to the tested settings or saying where they may not hold")


@detector("alternative_explanations_discussed")
def alternative_explanations_discussed(paper: Paper, facts: Facts) -> Answer:
    """Confounds or rival explanations of the results considered."""
    if not (facts.experiments or facts.human_participants):
        return not_applicable("The paper reports no empirical work.")
    evidence = facts.find(ALTERNATIVES, limit=2)
    return present("Alternative explanations are considered", evidence) if evidence else \
        absent("confounds or rival explanations of the results")


@detector("proxy_outcome_distinction")
def proxy_outcome_distinction(paper: Paper, facts: Facts) -> Answer:
    """Proxy gap discussed when the outcome is a proxy."""
    evidence = find(paper, PROXY, limit=2)
    if evidence:
        return present("The proxy nature of the measure is discussed", evidence)
    if not (facts.experiments or facts.human_participants):
        return not_applicable("No measured outcome stands in for a broader construct.")
    return absent("a discussion of the measured outcome as a proxy for the claimed construct")
