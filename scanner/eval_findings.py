"""Claims and red flags of a scan against a reference scan (the ``make eval`` findings part).

* Claim matching: a reference claim is *found* when some scan claim shares one of its numbers
  (up to rounding) or enough of its key terms (at least three, and 40% of the smaller side).
* Red-flag recall by rough kind: reference flags carry no ``kind``, so both sides are mapped
  onto rough kinds (single runs, sample size, statistics, numbers, ethics, ...) by their
  ``kind`` or, failing that, by keywords of their text; a reference flag is *recalled* when
  the scan raised any flag of the same rough kind.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.claim_support import content_words
from scanner.numbers import result_numbers, same_number

ROUGH_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("hidden_text", re.compile(r"hidden text|invisible", re.I)),
    ("checklist", re.compile(r"checklist", re.I)),
    ("statistics", re.compile(r"p-values? (?:inconsistent|do(?:es)? not match)|recomputed|GRIM|degrees of freedom|"
                              r"t statistic|F statistic|chi-square statistics", re.I)),
    ("ethics", re.compile(r"ethic|IRB|consent", re.I)),
    ("code_data", re.compile(r"\bcode\b.*(?:released|absent|missing)|not (?:actually )?released|no data or code",
                             re.I)),
    ("self_citation", re.compile(r"self-(?:citation|evaluation)|circular|own (?:\w+ )?baseline", re.I)),
    ("model_mismatch", re.compile(r"different model|is not the .* model|other models", re.I)),
    ("single_run", re.compile(r"single runs?|no variance|without (?:spread|variance)|no spread|point estimates|"
                              r"error bars|one seed|single (?:random )?seed", re.I)),
    ("sample_size", re.compile(r"small (?:\w+ )?samples?|sample size|tiny|underpowered|few participants|"
                               r"only \d+ (?:participants|submissions|items)", re.I)),
    ("significance", re.compile(r"significan\w* (?:claimed|asserted)|without a test|no (?:statistical|significance) "
                                r"tests?|not tested", re.I)),
    ("limitations", re.compile(r"limitations", re.I)),
    ("numbers", re.compile(r"numbers?|counts?\b|do(?:es)? not reconcile|inconsistent|unreported|missing", re.I)),
    ("overclaim", re.compile(r"overstat|overgenerali|over-generali|causal|beyond the data|universal|not measured",
                             re.I)),
]
SCAN_KINDS = {
    "single_run": "single_run", "small_sample": "sample_size", "sample_size_unstated": "sample_size",
    "sample_size_unjustified": "sample_size", "statistics_inconsistency": "statistics",
    "unsupported_number": "numbers", "inconsistent_number": "numbers",
    "derived_metric_mismatch": "numbers", "no_ethics_approval": "ethics",
    "code_not_released": "code_data", "no_limitations": "limitations", "significance_without_test": "significance",
    "self_citation_validation": "self_citation", "model_mismatch": "model_mismatch",
    "sweeping_claim": "overclaim", "uncorrected_tests": "statistics",
    "checklist_contradiction": "checklist", "checklist_unfilled": "checklist", "hidden_text": "hidden_text",
    "unresolved_reference": "numbers", "citation_out_of_range": "numbers", "missing_figure": "numbers",
    "missing_table": "numbers", "template_leftover": "other",
}


def rough_kind(flag: dict[str, Any]) -> str:
    """The rough kind of a red flag: from its ``kind`` when known, else from its words."""
    kind = flag.get("kind")
    if kind in SCAN_KINDS:
        return SCAN_KINDS[kind]
    text = f"{flag.get('flag', '')} {flag.get('detail', '')}"
    title = flag.get("flag", "")
    for name, pattern in ROUGH_KINDS:  # the short flag name decides first, then the detail
        if pattern.search(title):
            return name
    return next((name for name, pattern in ROUGH_KINDS if pattern.search(text)), "other")


def claim_found(ref: str, scan_claims: list[str]) -> bool:
    """True when a scan claim shares a number or enough key terms with the reference claim."""
    ref_nums = [n for n in result_numbers(ref) if n.value not in (0, 1)]
    ref_terms = set(content_words(ref))
    for claim in scan_claims:
        if any(same_number(a, b) for a in ref_nums for b in result_numbers(claim)):
            return True
        terms = set(content_words(claim))
        shared = len(ref_terms & terms)
        if shared >= 3 and shared >= 0.4 * min(len(ref_terms), len(terms)):
            return True
    return False


def claims_matched(scan: dict[str, Any], ref: dict[str, Any]) -> tuple[int, int]:
    """(reference claims found among the scan's claims, reference claims)."""
    mine = [c.get("claim", "") for c in scan.get("claims", [])]
    refs = [c.get("claim", "") for c in ref.get("claims", [])]
    return sum(claim_found(r, mine) for r in refs), len(refs)


def flag_recall(scan: dict[str, Any], ref: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Rough kind -> (reference flags of that kind recalled, reference flags of that kind)."""
    raised = {rough_kind(f) for f in scan.get("red_flags", [])}
    out: dict[str, tuple[int, int]] = {}
    for flag in ref.get("red_flags", []):
        kind = rough_kind(flag)
        hit, total = out.get(kind, (0, 0))
        out[kind] = (hit + (kind in raised and kind != "other"), total + 1)
    return out


def format_findings(per_paper: list[tuple[str, tuple[int, int], dict[str, tuple[int, int]]]]) -> list[str]:
    """Report lines: claims matched per paper and red-flag recall by rough kind."""
    lines = ["", "Claims matched (reference claims sharing numbers or key terms with a scan claim):"]
    for name, (hit, total), _ in per_paper:
        lines.append(f"  {name:<58} {hit:>3}/{total:<3}")
    hit = sum(c[0] for _, c, _ in per_paper)
    total = sum(c[1] for _, c, _ in per_paper)
    lines.append(f"Claims matched overall: {hit}/{total} = {hit / max(1, total):.3f}")
    kinds: dict[str, list[int]] = {}
    for _, _, recall in per_paper:
        for kind, (h, t) in recall.items():
            acc = kinds.setdefault(kind, [0, 0])
            acc[0] += h
            acc[1] += t
    lines.append("Red-flag recall by rough kind (reference flags of a kind the scan also raised):")
    for kind, (h, t) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"  {kind:<16} {h:>3}/{t:<3}")
    h = sum(v[0] for k, v in kinds.items() if k != "other")
    t = sum(v[1] for k, v in kinds.items() if k != "other")
    lines.append(f"Red-flag recall (kinds other than 'other'): {h}/{t} = {h / max(1, t):.3f}")
    return lines
