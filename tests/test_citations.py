"""cited_papers: every reference entry, its year, and why it is cited (quoted from the body)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.citations import cited_papers
from scanner.ingest.references import parse_entry
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
