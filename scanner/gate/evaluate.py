"""Apply a :class:`~scanner.gate.policy.Policy` to a finished scan: one check per rule, with reasons.

Every rule of the policy becomes a :class:`Check` (passed or failed) holding the concrete
:class:`Offence` s behind a failure, each with the place in the paper (``file:line`` for drafts,
page for PDFs). Waived offences are kept, marked with their waiver, and do not fail a check;
an expired waiver is a failed check of its own.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from scanner.gate.policy import STATISTICS_KIND, Policy, Waiver


@dataclass(frozen=True)
class Location:
    """Where an offence is: a draft file and line, or a page of the PDF."""

    file: str | None = None
    line: int | None = None
    page: int | None = None
    quote: str | None = None

    def label(self) -> str:
        """``file:line``, ``p. N`` or empty."""
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return f"p. {self.page}" if self.page else ""


@dataclass
class Offence:
    """One concrete reason a check fails (an item answered false, one red flag, ...)."""

    message: str
    location: Location | None = None
    waiver: Waiver | None = None


@dataclass
class Check:
    """The outcome of one policy rule."""

    rule: str
    title: str
    passed: bool
    message: str
    offences: list[Offence] = field(default_factory=list)
    severity: str = "error"


@dataclass
class GateResult:
    """All checks of a policy against one scan."""

    policy: Policy
    source: str
    checks: list[Check]

    @property
    def passed(self) -> bool:
        """True when no check failed."""
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        """The failed checks, in policy order."""
        return [c for c in self.checks if not c.passed]


def _location(evidence: list[dict[str, Any]] | None) -> Location | None:
    if not evidence:
        return None
    ev = evidence[0]
    return Location(file=ev.get("file"), line=ev.get("line"), page=ev.get("page"), quote=ev.get("quote"))


def _item_waiver(policy: Policy, item: str, today: _dt.date) -> Waiver | None:
    return next((w for w in policy.waivers if w.item == item and not w.expired(today)), None)


def _flag_waiver(policy: Policy, flag: dict[str, Any], today: _dt.date) -> Waiver | None:
    text = f"{flag.get('flag', '')} {flag.get('detail', '')}"
    for w in policy.waivers:
        if (
            w.flag
            and w.flag == flag.get("kind")
            and not w.expired(today)
            and (not w.match or w.match in text)
        ):
            return w
    return None


def _item_check(
    rule: str, title: str, items: list[str], scan: dict[str, Any], policy: Policy, today: _dt.date
) -> Check:
    offences, notes = [], []
    for item in items:
        cat, _, name = item.partition(".")
        answer = scan["checklist"].get(cat, {}).get(name)
        if answer is None:
            offences.append(
                Offence(
                    f"{item} was not answered: the '{cat}' module did not run (add --modules {cat})",
                    waiver=_item_waiver(policy, item, today),
                )
            )
        elif not answer["applies"]:
            notes.append(f"{item} does not apply")
        elif not answer["answer"]:
            offences.append(
                Offence(
                    f"{item} is false: {answer['justification']}",
                    _location(answer.get("evidence")),
                    _item_waiver(policy, item, today),
                )
            )
    failing = [o for o in offences if o.waiver is None]
    waived = len(offences) - len(failing)
    msg = (
        "; ".join(o.message for o in failing)
        if failing
        else "satisfied" + (f" ({waived} waived)" if waived else "")
    )
    if notes and not failing:
        msg += f" ({'; '.join(notes)})"
    return Check(rule=rule, title=title, passed=not failing, message=msg, offences=offences)


def _flag_check(
    rule: str, title: str, flags: list[dict[str, Any]], limit: int, policy: Policy, today: _dt.date
) -> Check:
    offences = [
        Offence(f"{f['flag']}: {f['detail']}", _location(f.get("evidence")), _flag_waiver(policy, f, today))
        for f in flags
    ]
    counted = sum(1 for o in offences if o.waiver is None)
    passed = counted <= limit
    msg = f"{counted} found, at most {limit} allowed"
    if len(offences) > counted:
        msg += f" ({len(offences) - counted} waived)"
    return Check(rule=rule, title=title, passed=passed, message=msg, offences=offences)


def evaluate(policy: Policy, scan: dict[str, Any], *, today: _dt.date | None = None) -> GateResult:
    """Check ``scan`` against ``policy`` (``today`` decides which waivers have expired)."""
    today = today or _dt.date.today()
    checks: list[Check] = []
    for item, wanted in policy.require.items():
        if wanted:
            checks.append(_item_check(f"require/{item}", f"{item} must be true", [item], scan, policy, today))
    for cat in policy.categories:
        items = [f"{cat}.{name}" for name in scan["checklist"].get(cat, {})] or [f"{cat}.*"]
        if items == [f"{cat}.*"]:
            checks.append(
                Check(
                    rule=f"category/{cat}",
                    title=f"category {cat} must pass",
                    passed=False,
                    message=f"the '{cat}' category was not scanned (add --modules {cat})",
                )
            )
            continue
        checks.append(_item_check(f"category/{cat}", f"category {cat} must pass", items, scan, policy, today))
    flags = scan.get("red_flags", [])
    for kind, limit in policy.limits().items():
        chosen = flags if kind == "*" else [f for f in flags if f.get("kind") == kind]
        title = "red flags of any kind" if kind == "*" else f"red flags of kind {kind}"
        if kind == STATISTICS_KIND:
            title = "statistics inconsistencies"
        checks.append(_flag_check(f"max_red_flags/{kind}", title, chosen, limit, policy, today))
    for sev, limit in policy.max_by_severity.items():
        chosen = [f for f in flags if f.get("severity") == sev]
        checks.append(
            _flag_check(
                f"max_red_flags_by_severity/{sev}", f"{sev}-severity red flags", chosen, limit, policy, today
            )
        )
    for w in policy.waivers:
        if w.expired(today):
            checks.append(
                Check(
                    rule=f"waiver/{w.item or w.flag}",
                    title=f"waiver of {w.target}",
                    passed=False,
                    message=f"waiver of {w.target} expired on {w.expires.isoformat()} ({w.reason}); "
                    "fix the problem or renew the waiver",
                )
            )
    return GateResult(policy=policy, source=scan.get("provenance", {}).get("source", ""), checks=checks)
