"""cited_papers: every reference entry, its year, and why it is cited (quoted from the body)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from scanner.citations import author_year_pattern, cited_papers, citing_offset, label_pattern
from scanner.ingest.references import parse_entry
from scanner.paper import Paper, Reference, Section
from tests.conftest import load_corpus_paper


@pytest.mark.parametrize(
    ("raw", "authors", "year", "title"),
    [
        ("[5] N. Reimers and I. Gurevych, \u201cSentence-bert: Sentence embeddings using siamese bert-networks,\u201d "
         "in EMNLP, 2019.",
         ["N. Reimers", "I. Gurevych"], 2019, "Sentence-bert: Sentence embeddings using siamese bert-networks"),
        ("Barsalou, L. W. (1999). Perceptual symbol systems. Behavioral and Brain Sciences, 22, 577-609.",
         ["L. W. Barsalou"], 1999, "Perceptual symbol systems"),
        ("Jacob Devlin, Ming-Wei Chang, Kenton Lee, and Kristina Toutanova. 2019. BERT: Pre-training of deep "
         "bidirectional transformers for language understanding. In NAACL.",
         ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"], 2019,
         "BERT: Pre-training of deep bidirectional transformers for language understanding"),
        ("Fisher, R. A. (1935). The design of experiments. Oliver & Boyd, Oxford, England.",
         ["R. A. Fisher"], 1935, "The design of experiments"),
    ],
)
def test_reference_styles_parse(raw: str, authors: list[str], year: int, title: str) -> None:
    assert parse_entry(raw) == (authors, year, title)


@pytest.mark.parametrize(
    ("name", "min_share"),
    [
        ("psych-jpsp2014-oral-approach-avoidance.pdf", 0.9),       # APA author-year
        ("llm-mathpile-pretraining-corpus-contamination.pdf", 0.9),  # ACL author-year
        ("arxiv-1804.07821-crowd-counting-cv.pdf", 0.9),          # numbered [n]
    ],
)
def test_relevance_quotes_the_citing_sentence(corpus: Path, name: str, min_share: float) -> None:
    paper = load_corpus_paper(name)
    cited = cited_papers(paper)
    assert len(cited) == len(paper.references)
    quoted = [c for c in cited if c.relevance.startswith("Cited in the body:")]
    assert len(quoted) >= min_share * len(cited)


def test_uncited_entry_says_so(corpus: Path) -> None:
    cited = cited_papers(load_corpus_paper("neurips24ckl-autosurvey-challenge-llm.pdf"))
    assert cited and all("no citing sentence was located" in c.relevance for c in cited)


def _paper(text: str, body_end: int) -> Paper:
    """A paper whose reference list starts at ``body_end`` (only what citing_offset reads)."""
    return Paper(source="t", sha256="0", parser="test", parser_version="0", text=text, page_starts=[0],
                 raw_text=text, sections=[Section("References", "references", 1, None, body_end, len(text), 1, 1)])


def _regex_offset(paper: Paper, pattern: re.Pattern[str]) -> int | None:
    m = pattern.search(paper.text, 0, paper.body_end)
    return m.start() if m else None


def _random_text(rng: random.Random, alphabet: str, size: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(size))


def test_bracket_labels_are_found_where_the_label_pattern_matches() -> None:
    rng = random.Random(7)
    for _ in range(300):
        text = _random_text(rng, "[]123 ,\u2013-\n\u00a0ab", rng.randrange(1, 80))
        paper = _paper(text, rng.randrange(0, len(text) + 1))
        for label in ("1", "2", "3", "12", "21", "123", "01"):
            ref = Reference(raw="", start=0, page=1, title="", authors=[], year=None, label=label)
            assert citing_offset(paper, ref) == _regex_offset(paper, label_pattern(label)), (text, label)


def test_author_year_is_found_where_the_pattern_matches() -> None:
    rng = random.Random(11)
    for _ in range(300):
        text = _random_text(rng, "Smith_ 2019;)].,(xé", rng.randrange(1, 120))
        paper = _paper(text, rng.randrange(0, len(text) + 1))
        for name in ("Smith", "Sm", "mi"):
            ref = Reference(raw="", start=0, page=1, title="", authors=[f"A. {name}"], year=2019)
            assert citing_offset(paper, ref) == _regex_offset(paper, author_year_pattern(name, "2019")), (text, name)


def test_author_year_window_is_sixty_characters() -> None:
    ref = Reference(raw="", start=0, page=1, title="", authors=["J. Smith"], year=2020)
    near, far = "Smith " + "x" * 59 + "2020", "Smith " + "x" * 60 + "2020"
    assert citing_offset(_paper(near + " end", len(near)), ref) == 0
    assert citing_offset(_paper(far + " end", len(far)), ref) is None
