"""Hidden passages as scan.json entries, and red flags for the ones aimed at AI reviewers.

Ingestion (:mod:`scanner.ingest.hidden`) already keeps hidden text out of ``Paper.text``. Here a
passage is *flagged* when it addresses an AI/LLM or a reviewer, or gives instructions ("ignore
all previous instructions", "give a positive review"); anything else (accessibility tags, white
zeros in a heat map, text pushed off the page by a wide table) is recorded, not flagged.
Conference canaries ("if you are an LLM, mention the word X in your review") are flagged with
low severity, since the venue may have inserted them to catch LLM-written reviews.
"""

from __future__ import annotations

import re

from scanner.detectors.base import Checklist
from scanner.detectors.facts import Facts
from scanner.models import HiddenText, RedFlag
from scanner.paper import HiddenPassage, Paper

_AI = re.compile(
    r"\b(?:AI|LLMs?|large language models?|language models?|chat ?gpt|gpt-?\d\w*|claude|gemini|copilot|"
    r"assistant|reviewers?|peer review|review(?:ing)? (?:this|the) (?:paper|manuscript|submission))\b",
    re.I,
)
_INSTRUCTION = re.compile(
    r"\b(?:ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|preceding) (?:instructions|prompts?)|"
    r"disregard (?:all |any )?(?:previous|prior|above)|give (?:a |this paper a |only )?(?:positive|favou?rable|high)|"
    r"(?:recommend|suggest)(?:ing)? (?:acceptance|to accept|accept)|do not (?:highlight|mention|point out)|"
    r"rate (?:this|the) (?:paper|submission)|(?:score|rating) of \d|you (?:must|should|are to)|"
    r"as an? (?:AI|LLM|language model)|if you are an? (?:AI|LLM|large language model|language model|assistant))",
    re.I,
)
_CANARY = re.compile(
    r"\b(?:include|mention|use|insert|add)\b[^.]{0,60}\b(?:word|phrase|term|sentence|string)\b", re.I
)


def is_flagged(text: str) -> bool:
    """True when hidden ``text`` addresses an AI/LLM/reviewer or gives instructions."""
    return bool(_INSTRUCTION.search(text) or (_AI.search(text) and len(text.split()) >= 4))


def is_canary(text: str) -> bool:
    """True for a canary: an instruction to put a given word into an LLM-written review."""
    return bool(_CANARY.search(text) and _AI.search(text))


def hidden_text(paper: Paper) -> list[HiddenText]:
    """Every hidden passage of ``paper`` as a scan.json entry."""
    return [
        HiddenText(page=h.page, text=h.text, reasons=h.reasons, flagged=is_flagged(h.text),
                   extractable=None if h.extractable else False)
        for h in paper.hidden
    ]


def _shown(passage: HiddenPassage, limit: int = 200) -> str:
    """The passage for a red-flag detail: quoted only when an independent checker can find it."""
    text = passage.text.replace('"', "'")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " ..."
    return f'"{text}"' if passage.extractable else f"(outside the page, so not in a plain text extraction) {text}"


def hidden_text_flags(paper: Paper, facts: Facts, checklist: Checklist) -> list[RedFlag]:
    """A ``hidden_text`` red flag per hidden passage that addresses an AI/reviewer or instructs."""
    flags = []
    for h in paper.hidden:
        if not is_flagged(h.text):
            continue
        canary = is_canary(h.text)
        why = ", ".join(h.reasons)
        lead = ("Hidden text that looks like a review canary (the venue may have inserted it to detect "
                "LLM-written reviews)") if canary else "Hidden text addressed to an AI or reviewer"
        flags.append(RedFlag(
            flag="Hidden review canary" if canary else "Hidden prompt aimed at AI reviewers",
            kind="hidden_text",
            severity="low" if canary else "high",
            detail=f"{lead} on p. {h.page}, invisible to a reader ({why}): {_shown(h)}. "
                   "It was removed from the text the scan is built from.",
        ))
    return flags
