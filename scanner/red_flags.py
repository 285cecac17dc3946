"""Red flags from the offline checks: concrete, located problems.

Each check is a function ``(paper, facts, checklist) -> list[RedFlag]`` listed in
:data:`CHECKS`; integrity and statistics checks add their own functions to this list.
"""

from __future__ import annotations

from collections.abc import Callable

from scanner.detectors.artifacts import withholding_reason
from scanner.detectors.base import Checklist, checklist_item
from scanner.detectors.facts import Facts
from scanner.evidence import cite
from scanner.integrity import checklist_flags, derived_metric_flags, hidden_text_flags, hygiene_flags, number_flags
from scanner.models import RedFlag
from scanner.paper import Paper
from scanner.review_flags import review_flags
from scanner.statistics.flags import statistics_inconsistencies

Check = Callable[[Paper, Facts, Checklist], list[RedFlag]]


def no_variance(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """Quantitative results with neither variance nor intervals: likely single runs."""
    var = checklist_item(checklist, "statistical_methodology", "variance_reported")
    ci = checklist_item(checklist, "statistical_methodology", "confidence_intervals_or_error_bars")
    if var and ci and var.applies and not var.answer and not ci.answer:
        return [RedFlag(flag="No variance or multiple runs", kind="single_run", severity="medium",
                        detail="Results are reported as point estimates: no standard deviation, standard error, "
                               "confidence interval or spread across runs was found anywhere in the paper.")]
    return []


def code_promised(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """Code promised ("will be released", "upon request") but not given."""
    code = checklist_item(checklist, "artifacts", "code_released")
    if code and code.applies and not code.answer and code.evidence:
        return [RedFlag(flag="Code promised but not released", kind="code_not_released", severity="low",
                        detail=f"The paper promises code without providing it: {cite(code.evidence[0])}.",
                        evidence=code.evidence[:1])]
    return []


def nothing_released(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """An empirical paper that releases neither code nor data (a promise is :func:`code_promised`'s flag).

    Fires also when the data are withheld for a stated reason (IRB, privacy): a reviewer still notes
    that the results cannot be checked, and the flag quotes the reason.
    """
    code = checklist_item(checklist, "artifacts", "code_released")
    data = checklist_item(checklist, "artifacts", "data_released")
    if not (code and data and code.applies and data.applies) or code.answer or data.answer:
        return []
    if code_promised(paper, facts, checklist):
        return []
    detail = ("Searched the full text for a code repository link or code-availability statement and for a data link, "
              "DOI, accession number or data-availability statement: neither code nor data is released, so the "
              "results cannot be rerun or checked independently.")
    reason = withholding_reason(paper)
    if reason is not None:
        detail += f" The paper gives its reason for withholding the data: {cite(reason)}."
    return [RedFlag(flag="Neither code nor data released", kind="code_not_released", severity="low", detail=detail,
                    evidence=[reason] if reason is not None else [])]


def no_sample_size(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """Human-participant studies that never justify n."""
    n = checklist_item(checklist, "statistical_methodology", "sample_size_justified")
    if facts.human_participants and n and n.applies and not n.answer:
        return [RedFlag(flag="Sample size not justified", kind="sample_size_unjustified", severity="low",
                        detail="The study has human participants but no power analysis or other justification of its "
                               "sample size was found.")]
    return []


CHECKS: list[Check] = [number_flags, derived_metric_flags, no_variance, code_promised, nothing_released,
                       no_sample_size, statistics_inconsistencies, hidden_text_flags, checklist_flags, hygiene_flags,
                       review_flags]


def red_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """All red flags from :data:`CHECKS`, in order."""
    out: list[RedFlag] = []
    for check in CHECKS:
        out.extend(check(paper, facts, checklist))
    return out
