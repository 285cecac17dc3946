"""Numbers with no source: generated papers with the Contaminated Numbers patterns, and the corpus."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from scanner.ingest import load_paper
from scanner.integrity.numbers import number_flags
from scanner.paper import Paper
from tests.conftest import load_corpus_paper


def _paper(tmp_path: Path, sections: list[tuple[str, list[str]]]) -> Paper:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72.0
    for title, lines in sections:
        page.insert_text((72, y), title, fontsize=12, fontname="hebo")
        y += 20
        for line in lines:
            page.insert_text((72, y), line, fontsize=9)
            y += 14
        y += 10
    doc.save(tmp_path / "p.pdf")
    return load_paper(str(tmp_path / "p.pdf"))


ABSTRACT = ("Abstract", [
    "We presented shutdown scenarios to 120 participants and three language models.",
    "Resistance rates reached 96.4% for the largest model, far above the baseline.",
])


def _flags(paper: Paper) -> list[tuple[str, str]]:
    return [(f.kind or "", f.flag) for f in number_flags(paper, None, {})]  # type: ignore[arg-type]


def test_contaminated_numbers_are_flagged(tmp_path: Path) -> None:
    paper = _paper(tmp_path, [
        ABSTRACT,
        ("1 Introduction", ["Shutdown resistance has been reported for several frontier models in prior work."]),
        ("2 Method", ["We recruited 96 participants online; each saw ten scenarios in random order.",
                      "Classification by two independent evaluators (Cohen's kappa = 0.91)."]),
        ("3 Results", ["The largest model resisted in most scenarios, the smallest in few (p < 0.001)."]),
    ])
    kinds = _flags(paper)
    assert ("inconsistent_number", "120 in the abstract but 96 in the body") in kinds
    assert ("unsupported_number", "Abstract number 96.4% has no source in the body") in kinds
    stats = [f for k, f in kinds if f.endswith("does not describe")]
    assert stats == ["An agreement coefficient reported for a procedure the paper does not describe",
                     "P-values reported for a procedure the paper does not describe"]
    flag = next(f for f in number_flags(paper, None, {}) if f.kind == "inconsistent_number")  # type: ignore[arg-type]
    assert len(flag.evidence or []) == 2  # both places quoted


def test_supported_numbers_and_described_procedures_raise_nothing(tmp_path: Path) -> None:
    paper = _paper(tmp_path, [
        ABSTRACT,
        ("2 Method", ["We recruited 120 participants online; each saw ten scenarios in random order.",
                      "Two annotators labelled every response following written guidelines.",
                      "Disagreements were adjudicated by a third annotator. Agreement was high (kappa = 0.91).",
                      "Rates were compared with a two-sided binomial test."]),
        ("3 Results", ["The largest model resisted in 96.4% of scenarios (p < 0.001)."]),
    ])
    assert _flags(paper) == []


def test_corpus_front_matter_numbers_are_not_flagged(corpus: Path) -> None:
    """Grant numbers, postal codes, DOIs and ISBNs on page 1 are not results."""
    for name in ("psych-apa-stats-mausbach-caregivers-encoded-operators.pdf", "hci-chi2023-citesee-user-study.pdf",
                 "hci-eeg-mobile-feedback-f-stats.pdf", "psych-jpsp2014-religiousness-self-control.pdf"):
        assert _flags(load_corpus_paper(name)) == [], name


def test_corpus_numbers_found_in_an_appendix_after_the_references_count(corpus: Path) -> None:
    """Multi-LexSum repeats its 9,280 summaries in the datasheet appended after the references."""
    assert _flags(load_corpus_paper("arxiv-2206.10883-multilexsum-onecolumn.pdf")) == []


def test_result_numbers_equal_the_plain_definition_on_a_table_heavy_paper() -> None:
    from scanner.numbers import all_numbers, is_result_like, result_numbers

    text = load_corpus_paper("neurips24ckl-meta-album-many-tables.pdf").text
    text += " 1,024.5% −0.35 (3, 4) 2019 12th 42 percent [12] 0.945"
    for min_digits in (1, 2, 3):
        plain = [n for n in all_numbers(text)
                 if sum(c.isdigit() for c in n.literal) >= min_digits and is_result_like(text, n)]
        assert len(plain) > 500 and result_numbers(text, min_digits=min_digits) == plain
