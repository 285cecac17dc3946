"""Claims, their body support and key findings, on corpus papers and generated PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from scanner.claims import abstract_span, extract_claims, key_findings
from scanner.eval_findings import claim_found, claims_matched, flag_recall, rough_kind
from scanner.evidence import locate
from scanner.ingest import load_paper
from scanner.paper import Paper
from tests.conftest import load_corpus_paper

CORPUS_CLAIM_PAPERS = [
    "llm-mathpile-pretraining-corpus-contamination.pdf",
    "psych-apa-stats-mausbach-caregivers-encoded-operators.pdf",
    "neurips24ckl-dpo-direct-preference-optimization.pdf",
    "psych-jpsp2014-oral-approach-avoidance.pdf",
    "cogsci2024-social-explanation-irb.pdf",
]


def grounded(paper: Paper, quote: str) -> bool:
    """Every part of a (possibly elided, ' ... ') quote is in the paper."""
    return all(locate(paper, part) is not None for part in quote.split(" ... "))


def make_pdf(path: Path, blocks: list[tuple[str, int]]) -> Paper:
    """A one-column PDF of (text, font size) blocks, parsed by the real ingester."""
    doc = pymupdf.open()
    page, y = doc.new_page(), 72.0
    for text, size in blocks:
        left = page.insert_textbox(pymupdf.Rect(72, y, 540, y + 400), text, fontsize=size, fontname="helv")
        y += (400 - left if left >= 0 else 400) + 10
        if y > 700:
            page, y = doc.new_page(), 72.0
    doc.save(path)
    return load_paper(str(path))


def metric_paper(tmp_path: Path, results: str) -> Paper:
    """A small paper whose abstract claims 91.7% accuracy; ``results`` is its results section."""
    return make_pdf(tmp_path / "p.pdf", [
        ("Validated Metrics for Testing", 16), ("Alice Smith and Bob Jones", 11), ("Abstract", 12),
        ("Prior metrics are slow and costly to compute for every system. We find that our metric reaches an "
         "accuracy of 91.7% on the benchmark, and it outperforms all baselines by a wide margin.", 10),
        ("1 Introduction", 12), ("Metrics matter for the evaluation of systems and we study them here.", 10),
        ("2 Method", 12), ("We apply the metric to the new benchmark without any changes to its settings.", 10),
        ("3 Results", 12), (results, 10),
        ("4 Conclusion", 12), ("We hope the metric will be used widely in future work.", 10),
    ])


@pytest.mark.parametrize("name", CORPUS_CLAIM_PAPERS)
def test_claims_are_grounded_and_few(name: str) -> None:
    paper = load_corpus_paper(name)
    claims = extract_claims(paper)
    assert 3 <= len(claims) <= 7, [c.claim for c in claims]
    for c in claims:
        assert grounded(paper, c.claim), c.claim
        assert c.locations and all(grounded(paper, ev.quote) for ev in c.locations)
        assert not re.match(r"(?:Results|Method|Conclusions?|Objective|Abstract)\s*:", c.claim), c.claim
        assert not re.search(r"\bwe hope\b|\bwe plan\b", c.claim, re.I), c.claim
        assert '"' not in c.evidence


def test_mathpile_claims_include_the_corpus_size() -> None:
    """The abstract's '9.5 billion tokens' claim is found (the old extractor found no claim at all)."""
    claims = extract_claims(load_corpus_paper("llm-mathpile-pretraining-corpus-contamination.pdf"))
    assert any("9.5 billion tokens" in c.claim for c in claims)


def test_abstract_without_heading() -> None:
    """APA papers: the abstract is the block above 'Keywords'; an inline 'Abstract' lead also counts."""
    rel = load_corpus_paper("psych-jpsp2014-religiousness-self-control.pdf")
    a0, a1 = abstract_span(rel)
    assert rel.text[a0:a1].lstrip().startswith("Religiousness is reliably associated")
    assert "Nezlek" not in rel.text[a0:a1]
    nuijten = load_corpus_paper("psych-meta-nuijten2016-statistical-reporting-errors.pdf")
    b0, b1 = abstract_span(nuijten)
    assert nuijten.text[b0:b1].startswith("This study documents reporting errors")
    assert "Keywords" not in nuijten.text[b0:b1]


def test_structured_abstract_labels_are_stripped() -> None:
    claims = extract_claims(load_corpus_paper("psych-apa-stats-mausbach-caregivers-encoded-operators.pdf"))
    assert any(c.claim.startswith("A significant and positive association was found") for c in claims)


def test_claim_numbers_with_spread_in_results_are_strong(tmp_path: Path) -> None:
    paper = metric_paper(tmp_path, "The metric reaches 91.7 \u00b1 0.4 accuracy over 5 seeds on the benchmark, "
                                   "above every baseline we tried.")
    claim = next(c for c in extract_claims(paper) if "91.7" in c.claim)
    assert claim.supported == "strong", claim
    assert "3 Results" in claim.evidence
    assert claim.locations and len(claim.locations) == 2 and "0.4" in claim.locations[1].quote


def test_claim_numbers_without_spread_are_moderate(tmp_path: Path) -> None:
    paper = metric_paper(tmp_path, "The metric reaches 91.7 accuracy on the benchmark, above every baseline we tried.")
    claim = next(c for c in extract_claims(paper) if "91.7" in c.claim)
    assert claim.supported == "moderate", claim


def test_claim_numbers_missing_from_body_are_weak(tmp_path: Path) -> None:
    paper = metric_paper(tmp_path, "The metric is accurate on the benchmark and above every baseline we tried.")
    claim = next(c for c in extract_claims(paper) if "91.7" in c.claim)
    assert claim.supported == "weak", claim
    assert all("hope" not in c.claim for c in extract_claims(paper))  # plans are never claims


def test_key_findings_quote_the_papers_numbers() -> None:
    paper = load_corpus_paper("neurips24ckl-citation-bias-peer-review.pdf")
    findings = key_findings(paper, extract_claims(paper))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", findings) if s]
    assert 2 <= len(sentences) <= 6
    assert "0.23" in findings
    assert '"' not in findings


def test_claim_matching_metric() -> None:
    assert claim_found("DPO wins 61% of comparisons against PPO.", ["We find a win rate of 61.0% for DPO."])
    assert not claim_found("DPO wins 61% of comparisons against PPO.", ["Our corpus has 9.5 billion tokens."])
    ref = {"claims": [{"claim": "Accuracy is 91.7%."}, {"claim": "Speed doubles on GPUs."}],
           "red_flags": [{"flag": "Single runs, no variance", "detail": "All tables report single numbers."}]}
    scan = {"claims": [{"claim": "We reach 91.7% accuracy."}], "red_flags": [{"flag": "x", "detail": "y",
                                                                              "kind": "single_run"}]}
    assert claims_matched(scan, ref) == (1, 2)
    assert flag_recall(scan, ref) == {"single_run": (1, 1)}
    assert rough_kind({"flag": "No ethics approval or consent statement", "detail": ""}) == "ethics"


def test_claims_are_computed_once_per_paper_and_handed_out_as_fresh_lists() -> None:
    paper = load_corpus_paper("arxiv-1804.07821-crowd-counting-cv.pdf")
    first, second = extract_claims(paper), extract_claims(paper)
    assert first and first == second and first is not second  # callers may extend their own list
    assert all(a is b for a, b in zip(first, second, strict=True))  # but the work was done once


def test_background_sentences_are_not_claims_and_conclusion_subsections_count() -> None:
    """A sentence with neither a number nor result wording is background, even in the abstract; a
    bare "5. Conclusion" heading over "5.1 Summary" still yields the summary's claims."""
    paper = load_corpus_paper("arxiv-1804.07821-crowd-counting-cv.pdf")
    claims = [" ".join(c.claim.split()) for c in extract_claims(paper)]
    assert not any(c.startswith("Counting is a common problem") for c in claims)
    assert not any(c.startswith("Modern approaches to the counting problem") for c in claims)
    assert any("outperforming these approaches completely" in c for c in claims)  # from 5.1 Summary
    assert any("outperforms the state-of-the-art" in c for c in claims)  # the abstract's own claim stays


def test_sentences_about_cited_work_are_not_claims() -> None:
    """'Author (1981)' and sentences split after 'et al.' ('(2018) report ...') describe others' work."""
    from scanner.claims import _score

    own = "Our detector achieves an F1 of 0.89 on the held-out corpus of 9,500 papers."
    assert _score(own, "abstract") > 1.0
    assert _score("It is also in essential agreement with more recent statements of Navon (1981a, 1981b).",
                  "conclusion") < 1.0
    cited = "(2018) report GROBID as the best of ten tools, achieving an F1 of 0.89 on 9,500 papers."
    assert _score(cited, "conclusion") <= _score(cited.replace("(2018) report", "We find"), "conclusion") - 3.0
    assert _score("Counting is a common problem in computer vision, for example of pedestrians in a crowd.",
                  "abstract") < 0
