"""Participant counts as papers write them: ``15 students``, ``N = 15``, ``Fifteen healthy adults``.

Pure functions over a short stretch of text (a sentence or two), used to link a mean age to the
number of people it averages (:mod:`scanner.statistics.mean_age`). Number words are read up to
``nine hundred and ninety-nine``; a compound is read whole, so ``Three hundred and four adults``
is 304 and never the ``four`` at its end. Counts of a subgroup written beside the total (``11
male``, ``57 women``, ``12 of the participants``) are not counts of the sample and are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_VALUES = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 10 for i, w in enumerate(_TEENS)} | {
    w: 10 * (i + 2) for i, w in enumerate(_TENS)}

_UNIT = "(?:" + "|".join(_UNITS) + ")"
_BELOW_100 = rf"(?:(?:{'|'.join(_TENS)})(?:[-\s]{_UNIT})?|{'|'.join(_TEENS)}|{_UNIT})"
NUMBER_WORDS = rf"(?:{_UNIT}\s+hundred(?:\s+and)?(?:\s+{_BELOW_100}\b)?|{_BELOW_100})"
_DIGITS = r"(?<![\d.,])(?<!\d\s)\d{1,3}(?:,\d{3})*(?![.,]?\d|\s\d)"
PEOPLE = (r"(?:participants|subjects|volunteers|students|undergraduates|adults|adolescents|children|infants|"
          r"patients|respondents|individuals|people|persons|users|caregivers|workers|employees|listeners)")
# Words between a number and its noun that make it a part of the sample, not the sample.
_SUBGROUP = re.compile(r"\b(?:of|male|female|men|women|boys|girls|more|additional|other|remaining|hundred|thousand|"
                       rf"million|{'|'.join(_VALUES)})\b", re.I)
# The tail of a longer number ("two hundred and four", "eighty-eight") is not a number of its own.
_COMPOUND_BEFORE = re.compile(r"(?:(?:hundred|thousand)(?:\s+and)?\s+|-)$", re.I)
# A label's number ("Study 2 participants", "Table 3 subjects") is not a count.
_LABEL_BEFORE = re.compile(r"(?:study|experiment|exp\.|table|figure|fig\.|section|wave|phase|session|day|week|"
                           r"group|condition|sample|year)\s*$", re.I)
COUNT = re.compile(
    rf"\b(?P<word>{NUMBER_WORDS})\b(?P<between>(?:\s+[A-Za-z][\w'-]*){{0,3}}?)\s+{PEOPLE}\b"
    rf"|{_DIGITS}(?P<between2>(?:\s+[A-Za-z][\w'-]*){{0,3}}?)\s+{PEOPLE}\b"
    rf"|\b[Nn]\s?=\s?(?P<n>{_DIGITS})"
    rf"|\bsample(?:\s+size)?\s+(?:of|was|=)\s+(?P<sample>{_DIGITS})",
    re.I,
)


@dataclass(frozen=True)
class Count:
    """A stated number of people: its value and where it is (offsets into the searched text)."""

    value: int
    start: int
    end: int
    text: str
    noun: bool  # "15 students" (True) or "N = 15" (False): two noun counts may be two groups


def number_word_value(words: str) -> int | None:
    """``Fifteen`` -> 15, ``ninety-nine`` -> 99, ``Three hundred and four`` -> 304; None if not a number."""
    hundreds, part = 0, 0
    tokens = [t for t in re.split(r"[-\s]+", words.lower()) if t and t != "and"]
    for token in tokens:
        value = _VALUES.get(token)
        if token == "hundred" and 0 < part < 10 and not hundreds:
            hundreds, part = part * 100, 0
        elif value is not None and (part == 0 or (value < 10 and part >= 20 and part % 10 == 0)):
            part += value
        else:
            return None  # not a number word, or not in the order numbers are written ("forty-twelve")
    return hundreds + part if tokens else None


def _value(m: re.Match[str]) -> int | None:
    if m.group("word"):
        return number_word_value(m.group("word"))
    digits = m.group("n") or m.group("sample") or re.match(r"[\d,]+", m.group(0))
    literal = digits if isinstance(digits, str) else digits.group(0) if digits else ""
    return int(literal.replace(",", "")) if literal else None


def find_counts(text: str, start: int = 0, end: int | None = None) -> list[Count]:
    """The counts of people stated in ``text[start:end]`` (offsets into ``text``)."""
    out = []
    for m in COUNT.finditer(text, start, len(text) if end is None else end):
        between = m.group("between") or m.group("between2") or ""
        before = text[max(0, m.start() - 16):m.start()]
        if _SUBGROUP.search(between) or _LABEL_BEFORE.search(before) or (
                m.group("word") and _COMPOUND_BEFORE.search(before)):
            continue
        value = _value(m)
        if value:
            out.append(Count(value, m.start(), m.end(), m.group(0), not (m.group("n") or m.group("sample"))))
    return out
