"""Text normalisation shared by ingestion, evidence lookup and number matching.

Two forms exist on purpose:

* :func:`clean_line` turns one extracted line into the form stored in ``Paper.text``: Unicode
  NFKC (which also expands the ``fi``/``fl`` ligatures), curly single quotes and the minus sign
  folded to ASCII, runs of whitespace collapsed. It never changes case, so quotes keep the
  paper's spelling.
* :func:`normalize` is the comparison form used to decide whether a quote is in a text: the
  clean form, lower-cased, with end-of-line hyphenation joined and all whitespace collapsed to
  one space. It matches ``shared/tools/check_scan.py`` so that whatever the scanner accepts as
  grounded, the independent checker accepts too.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_FOLD_PAIRS = (("\u2019", "'"), ("\u2018", "'"), ("\u2212", "-"), ("\u00a0", " "))
_SPACES = re.compile(r"[ \t\r\f\v\u2000-\u200b\u3000]+")
_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")


def clean_line(line: str) -> str:
    """Return one extracted line in the stored form (NFKC, folded quotes/minus, single spaces)."""
    if line.isascii():  # exact shortcut: ASCII is NFKC-stable and holds no ligature or fold character
        # in ASCII these are all that _SPACES.sub(" ", ...) can change (tested one by one: cheaper
        # than a generator or a regex per line)
        if "  " in line or "\t" in line or "\r" in line or "\f" in line or "\v" in line:
            return _SPACES.sub(" ", line).strip()
        return line.strip()  # single spaces only: _SPACES.sub would give the line back unchanged
    # NFKC already expands the LIGATURES (compatibility characters; a test checks each one)
    return _SPACES.sub(" ", _fold_marks(unicodedata.normalize("NFKC", line))).strip()


def normalize(text: str) -> str:
    """Comparison form: the check_scan.py normalisation (NFKC, hyphenation, case, spaces)."""
    # NFKC already expands the LIGATURES (compatibility characters; a test checks each one)
    text = _fold_marks(_HYPHEN_BREAK.sub(r"\1\2", unicodedata.normalize("NFKC", text)))
    # == re.sub(r"\s+", " ", text).lower().strip(): split() and re's \s both use str.isspace()
    return " ".join(text.split()).lower()


def _fold_marks(text: str) -> str:
    """Curly single quotes, the minus sign and no-break spaces as ASCII (one character each).

    Same as ``text.translate`` with a table of :data:`_FOLD_PAIRS`; ``str.replace`` is C-fast,
    while ``translate`` looks up every character.
    """
    for char, plain in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return text


def search_form(text: str) -> str:
    """Lower-case ``text`` keeping its length, with newlines as spaces (for offset lookups)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two code points
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.replace("\n", " ")
