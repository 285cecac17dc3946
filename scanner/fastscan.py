"""Exact, faster regex scans: skip text where a pattern provably cannot match.

Python's ``re`` tries a pattern at every character, so a detector pattern over a whole paper
costs time per character even when it matches nowhere. Most detector patterns are alternations
of phrases (``compile_words``): every match of an alternative contains a fixed piece of literal
text (its *anchor*, e.g. ``funded`` in ``funded\\s+by``) at a bounded distance from the match
start. A plain substring search (``str.find``, fast C code) for each anchor in a case-folded copy
of the text then gives the first position where a match could start, and the regex only has to
run from there.

:func:`iter_matches` yields exactly what ``pattern.finditer(text, start, end)`` yields - the same
matches in the same order (a match at a given start does not depend on where the search began:
``re`` looks behind and at the string start in the whole string). Patterns it cannot analyse
(no anchor in some alternative, an unbounded stretch before an anchor, or a possibly empty match)
are run through a *case-folded twin* instead (:func:`folded_twin`): the same pattern with its
literals folded and compiled without ``IGNORECASE``, searched over the folded text. ``re`` skips
a case-sensitive alternative on its first character, which makes the twin two to three times
faster than the original; it matches wherever the original could (a superset), and every place
it finds is confirmed with the original pattern on the original text, so the matches are still
exactly those of ``finditer``. Patterns with neither (case-sensitive ones, back-references, empty
matches) use ``finditer`` unchanged.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from functools import lru_cache
from re import _casefix, _compiler, _constants, _parser  # type: ignore[attr-defined]  # stdlib internals
from typing import Any

try:
    from _sre import unicode_tolower as _tolower
except ImportError:  # pragma: no cover - CPython always has it
    def _tolower(ch: int) -> int:
        low = chr(ch).lower()
        return ord(low) if len(low) == 1 else ch

_MIN_ANCHOR = 1
_CHECK_EVERY = 64  # failed candidates between density checks
_DENSE = 24  # characters per failed candidate below which a plain regex scan is cheaper
_ZERO_WIDTH = {_constants.ASSERT, _constants.ASSERT_NOT, _constants.AT}
_Anchors = tuple[tuple[str, int], ...]


def _fold_char(ch: int) -> int:
    """One representative per case-insensitive class (simple lower case, plus ``re``'s extra cases)."""
    low: int = _tolower(ch)
    extra: tuple[int, ...] | None = _casefix._EXTRA_CASES.get(low)
    return min((low, *extra)) if extra else low


def fold(text: str) -> str:
    """``text`` case-folded the way ``re.IGNORECASE`` compares characters, keeping its length."""
    table = {ord(c): _fold_char(ord(c)) for c in set(text) if _fold_char(ord(c)) != ord(c)}
    return text.translate(table) if table else text


def _width(item: tuple[Any, Any], state: Any) -> int | None:
    """Maximum width of one parsed item, or None when unbounded."""
    hi = _parser.SubPattern(state, [item]).getwidth()[1]
    return None if hi >= _constants.MAXREPEAT - 1 else int(hi)


def _score(option: _Anchors) -> tuple[int, int]:
    return min(len(lit) for lit, _ in option), -len(option)


def _shift(option: _Anchors | None, pre: int | None) -> _Anchors | None:
    if option is None or pre is None:
        return None
    return tuple((lit, p + pre) for lit, p in option)


def _sequence_anchors(items: list[tuple[Any, Any]], state: Any) -> _Anchors | None:
    """Anchors of a sequence: every match contains one of them, at most ``pre`` characters in.

    Options are a run of literal characters, or the anchors of a group, a repeat done at least
    once, or of every alternative of a branch; the one whose shortest literal is longest wins.
    """
    options: list[_Anchors] = []
    run: list[int] = []
    run_pre: int | None = 0
    pre: int | None = 0

    def close_run() -> None:
        if run and run_pre is not None:
            options.append((("".join(chr(_fold_char(c)) for c in run), run_pre),))
        run.clear()

    for op, av in items:
        if op is _constants.LITERAL:
            if not run:
                run_pre = pre
            run.append(av)
            pre = None if pre is None else pre + 1
            continue
        if op in _ZERO_WIDTH:
            continue  # zero-width: the literal run stays contiguous
        close_run()
        inner: _Anchors | None = None
        if op is _constants.SUBPATTERN:
            inner = _sequence_anchors(list(av[3].data), state)
        elif op is _constants.BRANCH:
            alts = [_sequence_anchors(list(alt.data), state) for alt in av[1]]
            if all(a is not None for a in alts):
                inner = tuple(x for a in alts if a is not None for x in a)
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _sequence_anchors(list(av[2].data), state)
        shifted = _shift(inner, pre)
        if shifted:
            options.append(shifted)
        w = _width((op, av), state)
        pre = None if (pre is None or w is None) else pre + w
    close_run()
    return max(options, key=_score) if options else None


class _NoTwin(Exception):
    """The pattern uses something the folded twin cannot stand for (e.g. a back-reference)."""


def _twin_items(items: list[tuple[Any, Any]], state: Any, ci: bool) -> tuple[list[tuple[Any, Any]], bool]:
    """Items of the twin and whether they match exactly what ``items`` match (else: a superset).

    ``ci`` says whether the original compares these items case-insensitively. Literals are
    folded (exact under ``ci``, wider where the original is case-sensitive); character sets keep
    their case-insensitive test on the folded character; look-arounds are kept only when their
    twin is exact - a wider negative look-around would reject real matches - and dropped
    otherwise, which only widens the twin.
    """
    out: list[tuple[Any, Any]] = []
    exact = True

    def sub(data: list[tuple[Any, Any]], inner_ci: bool) -> Any:
        nonlocal exact
        twin, twin_exact = _twin_items(data, state, inner_ci)
        exact = exact and twin_exact
        return _parser.SubPattern(state, twin)

    for op, av in items:
        if op is _constants.LITERAL:
            out.append((op, _fold_char(av)))
            exact = exact and ci
        elif op is _constants.NOT_LITERAL:
            if not ci:
                raise _NoTwin  # a case-sensitive negation has no folded superset
            out.append((op, _fold_char(av)))
        elif op is _constants.IN:
            if not ci and any(kind is _constants.NEGATE for kind, _ in av):
                raise _NoTwin
            out.append((_constants.SUBPATTERN, (None, re.IGNORECASE, 0, _parser.SubPattern(state, [(op, av)]))))
            exact = exact and ci
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT):
            try:
                inner, inner_exact = _twin_items(list(av[1].data), state, ci)
            except _NoTwin:
                inner, inner_exact = [], False
            if inner_exact:
                out.append((op, (av[0], _parser.SubPattern(state, inner))))
            else:
                exact = False
        elif op is _constants.SUBPATTERN:
            group, add, dele, p = av
            inner_ci = bool((ci or add & re.IGNORECASE) and not dele & re.IGNORECASE)
            out.append((op, (group, add & ~re.IGNORECASE, dele & ~re.IGNORECASE, sub(list(p.data), inner_ci))))
        elif op is _constants.BRANCH:
            out.append((op, (av[0], [sub(list(alt.data), ci) for alt in av[1]])))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            out.append((op, (av[0], av[1], sub(list(av[2].data), ci))))
        elif op is _constants.ATOMIC_GROUP:
            out.append((op, sub(list(av.data), ci)))
        elif op in (_constants.AT, _constants.ANY, _constants.CATEGORY):
            out.append((op, av))
        else:
            raise _NoTwin  # back-references, conditionals: keep the original
    return out, exact


@lru_cache(maxsize=1024)
def folded_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-folded twin of an ``IGNORECASE`` pattern, or None (see the module docstring)."""
    if not isinstance(pattern.pattern, str) or not pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        if parsed.getwidth()[0] == 0:
            return None
        items, _ = _twin_items(list(parsed.data), parsed.state, True)
        parsed.state.flags &= ~re.IGNORECASE
        twin: re.Pattern[str] = _compiler.compile(_parser.SubPattern(parsed.state, items), parsed.state.flags)
    except _NoTwin:
        return None
    except Exception:  # pragma: no cover - defensive: the original pattern still works
        return None
    return twin


def _twin_matches(
    pattern: re.Pattern[str], twin: re.Pattern[str], text: str, folded: str, pos: int, end: int
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos, end)``, trying the pattern only where its twin matches."""
    search, match = twin.search, pattern.match
    while True:
        candidate = search(folded, pos, end)
        if candidate is None:
            return
        at = candidate.start()
        m = match(text, at, end)
        if m is None:
            pos = at + 1
            continue
        yield m
        pos = m.end()


def _plain_matches(pattern: re.Pattern[str], text: str, folded: str, pos: int, end: int) -> Iterator[re.Match[str]]:
    """The fallback: the twin when there is one, else ``finditer`` (first-character guarded)."""
    twin = folded_twin(pattern)
    if twin is None:
        return guarded(pattern).finditer(text, pos, end)
    return _twin_matches(pattern, twin, text, folded, pos, end)


class _NoFirst(Exception):
    """Some match can start with a character that cannot be listed (e.g. ``\\w``-negations, ``.``)."""


def _first_items(items: list[tuple[Any, Any]]) -> tuple[list[tuple[Any, Any]], bool]:
    """Set items (as in ``[...]``) one of which every match of ``items`` starts with, and whether
    ``items`` can match the empty string (then what follows can supply the first character)."""
    found: list[tuple[Any, Any]] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _constants.LITERAL:
            return found + [(op, av)], False
        if op is _constants.IN:
            if any(kind is _constants.NEGATE for kind, _ in av):
                raise _NoFirst
            return found + list(av), False
        if op is _constants.SUBPATTERN:
            inner, empty = _first_items(list(av[3].data))
        elif op is _constants.BRANCH:
            inner, empty = [], False
            for alt in av[1]:
                alt_first, alt_empty = _first_items(list(alt.data))
                inner += alt_first
                empty = empty or alt_empty
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            inner, empty = _first_items(list(av[2].data))
            empty = empty or av[0] == 0
        else:
            raise _NoFirst
        found += inner
        if not empty:
            return found, False
    return found, True


@lru_cache(maxsize=1024)
def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters its matches can start with.

    Same matches and groups, found faster: where a case-sensitive alternation starts with a group
    or ``\\b``, ``re`` tries every alternative at every position; the look-ahead rejects most
    positions with one set test (3-7x faster on the statistics patterns). Patterns that are
    case-insensitive, can match empty, may start with an unlistable character, or that ``re``
    already scans for by a literal prefix or first-character set are returned as they are.
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return pattern
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        if _compiler._get_literal_prefix(parsed, parsed.state.flags)[0] or _compiler._get_charset_prefix(
                parsed, parsed.state.flags):
            return pattern  # re already skips ahead to a literal prefix or a first-character set
        first, empty = _first_items(list(parsed.data))
        if empty or not first:
            return pattern
        look = (_constants.ASSERT, (1, _parser.SubPattern(parsed.state, [(_constants.IN, first)])))
        guard: re.Pattern[str] = _compiler.compile(
            _parser.SubPattern(parsed.state, [look, *parsed.data]), parsed.state.flags)
    except _NoFirst:
        return pattern
    except Exception:  # pragma: no cover - defensive: the original pattern still works
        return pattern
    return guard


@lru_cache(maxsize=1024)
def anchors(pattern: re.Pattern[str]) -> _Anchors | None:
    """(folded literal, most characters before it in a match) per alternative, or None."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.VERBOSE:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        if parsed.getwidth()[0] == 0:
            return None  # empty matches have their own finditer rules
        found = _sequence_anchors(list(parsed.data), parsed.state)
    except Exception:  # pragma: no cover - defensive: no anchors, plain finditer
        return None
    return found if found is not None and _score(found)[0] >= _MIN_ANCHOR else None


def iter_matches(
    pattern: re.Pattern[str], text: str, folded: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """Exactly ``pattern.finditer(text, start, end)``, trying the pattern only where it can start.

    ``folded`` is :func:`fold` of ``text`` (computed once per text by the caller). A match that
    starts at ``s`` has one of its anchors at ``s + d`` with ``0 <= d <= pre``, so only positions
    within ``pre`` characters before an anchor are tried. When candidates turn out dense (more
    than one per :data:`_DENSE` characters) the rest is left to ``finditer`` from the same place.
    """
    end = len(text) if end is None else end
    found = anchors(pattern)
    if found is None:
        yield from _plain_matches(pattern, text, folded, start, end)
        return
    # Only the largest ``pre`` per literal can give the earliest start; a heap of
    # (earliest start, literal, pre, anchor position) keyed on start, refreshed lazily.
    widest: dict[str, int] = {}
    for lit, pre in found:
        if pre > widest.get(lit, -1):
            widest[lit] = pre
    heap: list[tuple[int, str, int, int]] = []
    for lit, pre in widest.items():
        q = folded.find(lit, start, end)
        if q >= 0:
            heap.append((q - pre, lit, pre, q))
    heapq.heapify(heap)
    pos = start
    tries, mark = 0, start
    while heap:
        key, lit, pre, q = heap[0]
        if q < pos:  # an anchor before ``pos`` belongs to no later match: find the next one
            q = folded.find(lit, pos, end)
            if q < 0:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (q - pre, lit, pre, q))
            continue
        best = key if key > pos else pos
        m = pattern.match(text, best, end)
        if m is not None:
            yield m
            pos = m.end()
            continue
        pos = best + 1
        tries += 1
        if tries >= _CHECK_EVERY:
            if (pos - mark) < tries * _DENSE:
                yield from _plain_matches(pattern, text, folded, pos, end)
                return
            tries, mark = 0, pos
