"""code_released / data_released and the release red flags: a promise of a later release outweighs
a bare link, a data statement counts only when it is about the authors' own data, and a paper that
releases nothing gets one flag (the promise flag or the nothing-released flag, never both).

Real corpus text for both sides, plus generated papers for the edge cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.detectors.artifacts import code_released, data_released, withholding_reason
from scanner.detectors.base import Answer
from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.paper import Paper
from tests.conftest import load_corpus_paper, scan_corpus_paper
from tests.test_claims import make_pdf

MATHPILE = "llm-mathpile-pretraining-corpus-contamination.pdf"


def _run(item: str, paper: Paper) -> Answer:
    detector = code_released if item == "code_released" else data_released
    a = detector(paper, Facts(paper))
    for ev in a.evidence:
        assert locate(paper, ev.quote) is not None, ev.quote
    assert a.justification.count('"') % 2 == 0
    return a


@pytest.mark.parametrize("item", ["code_released", "data_released"])
def test_a_planned_release_outweighs_the_printed_link(item: str) -> None:
    a = _run(item, load_corpus_paper(MATHPILE))
    assert a.applies and not a.answer, a.justification
    assert "plan to open-source" in a.justification  # the promise ...
    assert "github.com/GAIR-NLP/MathPile" in a.justification  # ... and the link it outweighs
    assert "publicly available pre-training datasets" not in a.justification  # other works' data


@pytest.mark.parametrize(("item", "name", "quoted"), [
    # 30 of 40 datasets "are currently available"; the promise covers only the remaining 10
    pytest.param("data_released", "neurips24ckl-meta-album-many-tables.pdf", "", id="partly-available-now"),
    # "The PDF extraction code will be released", but "we release a (Python) script" with the link
    pytest.param("code_released", "arxiv-2206.10883-multilexsum-onecolumn.pdf", "github.com", id="code-out-now"),
    # "we publicly share the anonymized data" on OSF: anonymised data, not an anonymised review link
    pytest.param("data_released", "psych-meta-nuijten2016-statistical-reporting-errors.pdf", "osf.io/gdr4q",
                 id="anonymized-data-shared"),
    pytest.param("code_released", "cogsci2024-social-explanation-irb.pdf", "github.com", id="plain-code-link"),
])
def test_a_release_available_now_still_counts(item: str, name: str, quoted: str) -> None:
    a = _run(item, load_corpus_paper(name))
    assert a.answer, a.justification
    assert quoted in a.justification


def _paper(tmp_path: Path, method: str, conclusion: str) -> Paper:
    return make_pdf(tmp_path / f"art{len(method)}.pdf", [
        ("A Neural Parser for Tables", 16), ("Alice Smith and Bob Jones", 11), ("Abstract", 12),
        ("We train a neural network on a new dataset of tables and evaluate it against baselines.", 10),
        ("1 Introduction", 12), ("Tables are hard to parse with neural models and we study them here.", 10),
        ("2 Method", 12), (method, 10),
        ("3 Experiments", 12), ("We train the model for 10 epochs on 2 GPUs and report accuracy and F1.", 10),
        ("4 Conclusion", 12), (conclusion, 10),
    ])


def test_a_later_promise_outweighs_a_link_on_another_page(tmp_path: Path) -> None:
    paper = _paper(tmp_path, "Project page: github.com/example/tableparser with the model in Python.",
                   "We will release the code and the dataset after publication.")
    for item in ("code_released", "data_released"):
        a = _run(item, paper)
        assert not a.answer and "will release" in a.justification, a.justification


def test_a_link_said_to_be_available_now_counts_despite_a_promise(tmp_path: Path) -> None:
    paper = _paper(tmp_path, "Our code and dataset are available at github.com/example/tableparser today.",
                   "We will release a larger version of the dataset after publication.")
    for item in ("code_released", "data_released"):
        assert _run(item, paper).answer, item


def test_other_works_public_data_is_not_a_release(tmp_path: Path) -> None:
    paper = _paper(tmp_path, "Some works have used publicly available datasets of tables (Lee et al., 2020).",
                   "Tables remain hard, and we hope this parser helps future work on them.")
    a = _run("data_released", paper)
    assert "Lee et al." not in a.justification, a.justification


def _release_flags(scan: dict[str, object]) -> list[dict[str, str]]:
    flags = scan["red_flags"]
    assert isinstance(flags, list)
    return [f for f in flags if f["kind"] == "code_not_released"]


def test_nothing_released_flag_quotes_the_withholding_reason() -> None:
    flags = _release_flags(scan_corpus_paper("neurips24ckl-citation-bias-peer-review.pdf"))
    assert [f["flag"] for f in flags] == ["Neither code nor data released"]
    assert flags[0]["severity"] == "low" and "IRB" in flags[0]["detail"]


@pytest.mark.parametrize(("name", "expected"), [
    pytest.param(MATHPILE, ["Code promised but not released"], id="promise-flag-only-no-double"),
    pytest.param("cogsci2024-social-explanation-irb.pdf", [], id="code-released"),
    pytest.param("psych-jpsp2014-oral-approach-avoidance.pdf", [], id="code-not-applicable"),
    pytest.param("hci-eeg-mobile-feedback-f-stats.pdf", ["Neither code nor data released"], id="no-reason-given"),
])
def test_one_release_flag_at_most(name: str, expected: list[str]) -> None:
    flags = _release_flags(scan_corpus_paper(name))
    assert [f["flag"] for f in flags] == expected
    assert all("IRB" not in f["detail"] for f in flags if name != MATHPILE)


def test_withholding_reason_needs_the_authors_own_refusal(tmp_path: Path) -> None:
    own = _paper(tmp_path, "Our interview data cannot be shared because of privacy agreements with participants.",
                 "We hope this parser helps future work on tables.")
    assert withholding_reason(own) is not None
    others = _paper(tmp_path, "Some studies note that data cannot be shared for privacy (Lee et al., 2020).",
                    "We hope this parser helps future work on tables.")
    assert withholding_reason(others) is None
