"""Policy files (TOML): what a paper must satisfy before it leaves the building.

::

    categories = ["artifacts"]              # every applicable item of these must be true
    statistics_inconsistencies = 0          # allowed statistics_inconsistency flags (default 0)

    [require]                               # item id -> must be answered true
    "artifacts.code_released" = true

    [max_red_flags]                         # by red-flag kind; "*" counts every kind
    unsupported_number = 0

    [max_red_flags_by_severity]             # high / medium / low
    high = 2

    [[waive]]                               # an item or a flag kind, with a reason and an expiry
    item = "artifacts.code_released"        # or: flag = "unsupported_number" (match = "0.912")
    reason = "code goes public with the camera-ready"
    expires = 2027-03-01

:func:`load_policy` checks everything it can before the scan runs (unknown keys and item ids,
bad limits, waivers without reason or expiry) and raises :class:`~scanner.errors.PolicyError`
(exit 2). :mod:`scanner.gate.evaluate` applies a policy to a finished scan.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.errors import PolicyError

SEVERITIES = ("high", "medium", "low")
STATISTICS_KIND = "statistics_inconsistency"
_KIND = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = (
    "require",
    "categories",
    "max_red_flags",
    "max_red_flags_by_severity",
    "statistics_inconsistencies",
    "waive",
)
_WAIVER_KEYS = ("item", "flag", "match", "reason", "expires")


@dataclass(frozen=True)
class Waiver:
    """Exempts one checklist item, or red flags of one kind (optionally matching), until ``expires``."""

    reason: str
    expires: _dt.date
    item: str | None = None
    flag: str | None = None
    match: str | None = None

    @property
    def target(self) -> str:
        """What is waived, for messages: ``item artifacts.code_released`` or ``flag unsupported_number``."""
        if self.item:
            return f"item {self.item}"
        return f"flag {self.flag}" + (f" matching '{self.match}'" if self.match else "")

    def expired(self, today: _dt.date) -> bool:
        """True from the day after ``expires`` on."""
        return today > self.expires


@dataclass(frozen=True)
class Policy:
    """A parsed, validated policy."""

    path: str
    require: dict[str, bool] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    max_red_flags: dict[str, int] = field(default_factory=dict)
    max_by_severity: dict[str, int] = field(default_factory=dict)
    statistics_inconsistencies: int = 0
    waivers: list[Waiver] = field(default_factory=list)

    def limits(self) -> dict[str, int]:
        """Red-flag limits by kind ("*" = all kinds), the statistics default included."""
        limits = dict(self.max_red_flags)
        limits.setdefault(STATISTICS_KIND, self.statistics_inconsistencies)
        return limits


def known_items() -> dict[str, list[str]]:
    """Category -> item ids of every rubric (core and optional modules)."""
    from scanner.rubrics.loader import load_rubrics

    return {r.id: [q.id for q in r.questions] for r in load_rubrics()}


def default_policy() -> Policy:
    """The policy used when only outputs or --evidence are asked for: no statistics inconsistency."""
    return Policy(path="(default policy)")


def load_policy(path: str | Path, *, items: dict[str, list[str]] | None = None) -> Policy:
    """Read and validate the policy at ``path`` (PolicyError naming the problem and the file)."""
    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PolicyError(f"{where}: no such policy file", hint="check the --policy path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{where}: cannot read policy ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{where}: invalid TOML: {exc}") from exc
    return parse_policy(data, where, items=items if items is not None else known_items())


def parse_policy(data: dict[str, Any], where: str, *, items: dict[str, list[str]]) -> Policy:
    """Validate a decoded policy document against the known categories and item ids."""
    _check_keys(data, _TOP_KEYS, where, "top-level key")
    ids = {f"{cat}.{item}" for cat, its in items.items() for item in its}
    require = _table(data, "require", where)
    for key, value in require.items():
        _check_id(key, ids, where, "[require]")
        if not isinstance(value, bool):
            raise PolicyError(f"{where}: [require] {key} must be true or false, not {value!r}")
    categories = data.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise PolicyError(f'{where}: categories must be a list of category ids, e.g. ["artifacts"]')
    for cat in categories:
        _check_id(cat, set(items), where, "categories")
    max_flags = _limits(_table(data, "max_red_flags", where), where, "max_red_flags")
    for kind in max_flags:
        if kind != "*" and not _KIND.match(kind):
            raise PolicyError(f'{where}: [max_red_flags] {kind!r} is not a red-flag kind (snake_case) or "*"')
    severity = _limits(_table(data, "max_red_flags_by_severity", where), where, "max_red_flags_by_severity")
    _check_keys(severity, SEVERITIES, where, "severity in [max_red_flags_by_severity]")
    stats = data.get("statistics_inconsistencies", 0)
    if isinstance(stats, bool) or not isinstance(stats, int) or stats < 0:
        raise PolicyError(f"{where}: statistics_inconsistencies must be a whole number >= 0")
    if (
        STATISTICS_KIND in max_flags
        and "statistics_inconsistencies" in data
        and max_flags[STATISTICS_KIND] != stats
    ):
        raise PolicyError(
            f"{where}: statistics_inconsistencies and [max_red_flags] {STATISTICS_KIND} disagree",
            hint="set only one of them",
        )
    waivers = [_waiver(w, i, where, ids) for i, w in enumerate(_array(data, "waive", where), start=1)]
    return Policy(
        path=where,
        require=require,
        categories=list(categories),
        max_red_flags=max_flags,
        max_by_severity=severity,
        statistics_inconsistencies=max_flags.get(STATISTICS_KIND, stats),
        waivers=waivers,
    )


def _check_keys(data: dict[str, Any], allowed: tuple[str, ...], where: str, what: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            raise PolicyError(f"{where}: unknown {what} {key!r}", hint=hint)


def _check_id(key: str, ids: set[str], where: str, what: str) -> None:
    if key not in ids:
        close = difflib.get_close_matches(key, sorted(ids), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "ids are category.item as in scan.json's checklist"
        raise PolicyError(f"{where}: {what}: unknown item id {key!r}", hint=hint)


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: [{key}] must be a table")
    return value


def _array(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PolicyError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


def _limits(table: dict[str, Any], where: str, name: str) -> dict[str, int]:
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PolicyError(f"{where}: [{name}] {key} must be a whole number >= 0, not {value!r}")
    return dict(table)


def _waiver(raw: dict[str, Any], index: int, where: str, ids: set[str]) -> Waiver:
    here = f"{where}: waiver #{index}"
    _check_keys(raw, _WAIVER_KEYS, here, "key")
    item, flag, match = raw.get("item"), raw.get("flag"), raw.get("match")
    if (item is None) == (flag is None):
        raise PolicyError(f"{here} must name exactly one of item or flag")
    if item is not None:
        _check_id(str(item), ids, here, "item")
        if match is not None:
            raise PolicyError(f"{here}: match only applies to flag waivers")
    if flag is not None and (not isinstance(flag, str) or not _KIND.match(flag)):
        raise PolicyError(f"{here}: flag must be a red-flag kind such as unsupported_number")
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise PolicyError(f"{here} needs a reason", hint='add reason = "why this is acceptable for now"')
    expires = raw.get("expires")
    if isinstance(expires, _dt.datetime):
        expires = expires.date()
    if not isinstance(expires, _dt.date):
        raise PolicyError(
            f"{here} needs an expiry date", hint="add expires = 2027-03-01 (a TOML date, unquoted)"
        )
    return Waiver(
        reason=reason.strip(),
        expires=expires,
        item=item,
        flag=flag,
        match=str(match) if match is not None else None,
    )
