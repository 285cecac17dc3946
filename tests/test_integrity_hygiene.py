"""Draft-hygiene red flags: the DPO re-typeset positives, corpus negatives, generated look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.detectors.facts import Facts
from scanner.eval_findings import rough_kind
from scanner.evidence import locate
from scanner.integrity.hygiene import (
    cited_numbers,
    hygiene_flags,
    missing_numbers,
    numbered_reference_count,
    out_of_range_citations,
)
from scanner.models import RedFlag
from scanner.paper import Paper
from tests.conftest import load_corpus_paper, scan_corpus_paper
from tests.test_claims import make_pdf

DPO = "neurips24ckl-dpo-direct-preference-optimization.pdf"
REFERENCES = [("References", 12), ("[1] A. Smith. A first study of widgets. In Proc. WID, 2019.", 10),
              ("[2] B. Jones. Second thoughts on widgets. J. Widgets, 2020.", 10),
              ("[3] C. Lee. Widgets at scale. arXiv preprint, 2021.", 10)]


def flags_by_kind(paper: Paper) -> dict[str, RedFlag]:
    """The hygiene flags of ``paper`` by kind."""
    return {f.kind or "": f for f in hygiene_flags(paper, Facts(paper), {})}


def first_quote(flag: RedFlag) -> str:
    """The first grounded quote of ``flag`` (which must have one)."""
    assert flag.evidence, flag
    return flag.evidence[0].quote


def paper_of(tmp_path: Path, body: str, *, refs: bool = True) -> Paper:
    """A short generated paper whose results section is ``body`` (plus a numbered reference list)."""
    blocks = [("Widgets Revisited", 16), ("Alice Smith", 11), ("Abstract", 12),
              ("We study widgets and report how they behave on two benchmarks.", 10),
              ("1 Introduction", 12), ("Widgets are common and we study them here in some detail.", 10),
              ("2 Results", 12), (body, 10)]
    return make_pdf(tmp_path / "p.pdf", blocks + (REFERENCES if refs else []))


# -- the DPO re-typeset: every check fires ---------------------------------------------------------


def test_dpo_raises_every_hygiene_flag() -> None:
    flags = flags_by_kind(load_corpus_paper(DPO))
    assert set(flags) == {"unresolved_reference", "citation_out_of_range", "missing_figure", "template_leftover"}
    assert "(? ? ? ? )" in first_quote(flags["unresolved_reference"])
    assert "numbered [1] to [11]" in flags["citation_out_of_range"].detail
    assert "up to [48]" in flags["citation_out_of_range"].detail
    assert "Figure 2, 3" in flags["missing_figure"].detail
    quotes = " ".join(e.quote for e in flags["missing_figure"].evidence or [])
    assert "Figure 2 shows the reward-KL frontier" in quotes and "Figure 3 shows that DPO converges" in quotes
    assert first_quote(flags["template_leftover"]) == "Formatting Instructions For NeurIPS 2024"
    assert [flags[k].severity for k in sorted(flags)] == ["medium", "medium", "low", "medium"]


def test_dpo_flag_quotes_are_grounded_and_in_the_scan() -> None:
    paper = load_corpus_paper(DPO)
    for flag in hygiene_flags(paper, Facts(paper), {}):
        for ev in flag.evidence or []:
            assert locate(paper, ev.quote.split(" ... ")[0]) is not None, ev.quote
        assert flag.detail.count('"') % 2 == 0
    kinds = {f["kind"] for f in scan_corpus_paper(DPO)["red_flags"]}
    assert {"unresolved_reference", "citation_out_of_range", "missing_figure", "template_leftover"} <= kinds


def test_hygiene_kinds_map_to_numbers_for_the_findings_eval() -> None:
    for kind in ("unresolved_reference", "citation_out_of_range", "missing_figure", "missing_table"):
        assert rough_kind({"kind": kind, "flag": "x"}) == "numbers"
    assert rough_kind({"kind": "template_leftover", "flag": "Template or draft text left in the paper"}) == "other"


# -- corpus negatives ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "neurips25ckl-unfilled-todo-brc-anomaly-detection.pdf",  # [TODO] answers: the checklist flag's job
    "llm-mathpile-pretraining-corpus-contamination.pdf",  # quotes "lorem ipsum" as a filter rule
    "arxiv-papermage-emnlp2023-demo.pdf",  # a spurious "Table 97" caption
    "psych-jpsp2014-oral-approach-avoidance.pdf",  # a title with "(?)" in the reference list
    "edge-long-thesis-sharp2017-nli-qa-164p.pdf",  # chapter-numbered figures
    "edge-nonlatin-chinese-thesis-tongji-2026.pdf",  # reference labels that are not 1..N
    "neurips24ckl-meta-album-many-tables.pdf",
    "neurips25ckl-epic-mllm-consistency-distillation.pdf",
    "hci-eeg-mobile-feedback-f-stats.pdf",  # no captions detected at all
])
def test_clean_corpus_papers_raise_no_hygiene_flag(name: str) -> None:
    assert flags_by_kind(load_corpus_paper(name)) == {}


def test_reference_numbering_is_trusted_only_when_consecutive() -> None:
    assert numbered_reference_count(load_corpus_paper("neurips24ckl-meta-album-many-tables.pdf")) == 84
    assert numbered_reference_count(load_corpus_paper("edge-nonlatin-chinese-thesis-tongji-2026.pdf")) is None
    assert numbered_reference_count(load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf")) is None


# -- generated papers: each check and its look-alikes ----------------------------------------------


def test_unresolved_marks_in_a_generated_paper(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "As Figure ?? shows, the widgets break early. We follow the protocol of [?] and "
                               "details are in Section ?? of the appendix.")
    flag = flags_by_kind(paper)["unresolved_reference"]
    assert "derived count 3" in flag.detail and "Figure ??" in first_quote(flag)


def test_question_marks_in_prose_quotes_and_code_are_not_unresolved(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "Do widgets break early? We asked participants, who answered \u201cwhy not (?)\u201d "
                               "most often. In code, x = a ?? b picks the first defined value.")
    assert "unresolved_reference" not in flags_by_kind(paper)


def test_citations_beyond_a_numbered_list(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "Widgets were studied before [1, 7]. Later work [9-12] scaled them up, and a "
                               "survey [15] summarises the field.")
    found = out_of_range_citations(paper)
    assert found is not None and found[0] == 3 and len(found[1]) == 3
    assert "up to [15]" in flags_by_kind(paper)["citation_out_of_range"].detail


def test_brackets_that_are_not_citations_or_off_by_one(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "Scores lie in [0, 1] with a CI of [0.06, 0.40]. The entry x[12] of the matrix is "
                               "large, and a survey [4] covers it. We sweep the rate in [10, 100].")
    assert "citation_out_of_range" not in flags_by_kind(paper)
    assert cited_numbers("9-11") == [9, 11]


def test_citations_without_a_numbered_list_are_not_checked(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "Widgets were studied before [7]. Later work [9] and [12] scaled them.", refs=False)
    assert out_of_range_citations(paper) is None


def test_a_gap_in_the_figure_numbers_is_flagged(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "Figure 1 shows the setup. Figure 2 shows the widget failure rate over time. "
                               "Figure 3 shows the summary.\nFigure 1: The setup.\nFigure 3: The summary.")
    assert list(missing_numbers(paper, "figure")) == [2]
    flag = flags_by_kind(paper)["missing_figure"]
    assert "Figure 2" in flag.detail and "Figure 2 shows the widget" in first_quote(flag)


def test_figures_past_the_last_caption_or_of_other_papers_are_not_flagged(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "Figure 1 shows the setup, unlike Figure 2 of [2]. Figure 3 shows the summary and "
                               "Figure 4 the details.\nFigure 1: The setup.\nFigure 3: The summary.")
    assert missing_numbers(paper, "figure") == {}
    assert "missing_figure" not in flags_by_kind(paper)


def test_template_leftovers_in_a_generated_paper(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "TODO: rerun with more seeds. Lorem ipsum dolor sit amet, the widgets held up.")
    flag = flags_by_kind(paper)["template_leftover"]
    assert flag.severity == "low" and "2 found" in flag.detail


def test_leftover_look_alikes_are_not_flagged(tmp_path: Path) -> None:
    paper = paper_of(tmp_path, "We drop lines containing \u201clorem ipsum\u201d from the corpus. The prompt reads "
                               "<insert the question here>. Names were anonymised as University XXX for review.\n"
                               "# TODO handle empty inputs")
    assert "template_leftover" not in flags_by_kind(paper)
