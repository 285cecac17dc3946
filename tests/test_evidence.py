"""Evidence cannot be invented: only text found in the paper (and in its raw extraction) is quoted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scanner.evidence import cite, locate, sentence_evidence
from scanner.output import dump_json
from tests.conftest import SHARED, load_corpus_paper, scan_corpus_paper

NAME = "neurips24ckl-dpo-direct-preference-optimization.pdf"


def test_real_quote_is_located_with_page_and_section(corpus: Path) -> None:
    paper = load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf")
    ev = locate(paper, "a large   corpus of 81.1M  English-language academic papers")
    assert ev is not None
    assert ev.page == 1 and ev.section == "Abstract"
    assert ev.quote == "a large corpus of 81.1M English-language academic papers"


def test_ligature_case_and_hyphenation_are_normalised(corpus: Path) -> None:
    paper = load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf")
    assert locate(paper, "A LARGE CORPUS OF 81.1M ENGLISH-LANGUAGE") is not None
    assert locate(paper, "scienti\ufb01c publications") is not None


@pytest.mark.parametrize(
    "invented",
    [
        "We ran every experiment with five random seeds and report 95% confidence intervals",
        "The code is available at github.com/example/dpo",
        "Behavioral Coherence: 0.912",
    ],
)
def test_invented_quotes_are_rejected(corpus: Path, invented: str) -> None:
    assert locate(load_corpus_paper(NAME), invented) is None


def test_quotes_across_removed_line_numbers_are_elided_not_invented(corpus: Path) -> None:
    paper = load_corpus_paper(NAME)
    for offset in range(2000, len(paper.text) - 2000, 997):
        ev = sentence_evidence(paper, offset)
        if ev is None:
            continue
        for part in ev.quote.split(" ... "):
            assert part.lower().split() == part.lower().split()  # no empty parts
            from scanner.text import normalize

            assert normalize(part) in paper.raw_normalized
        assert '"' not in ev.quote


def test_cite_formats_page_and_section(corpus: Path) -> None:
    ev = locate(load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf"), "a large corpus of 81.1M English")
    assert ev is not None
    assert cite(ev).endswith("(p. 1, section 'Abstract')")


@pytest.mark.parametrize(
    "name",
    [
        "neurips24ckl-dpo-direct-preference-optimization.pdf",
        "psych-apa-stats-mausbach-caregivers-encoded-operators.pdf",
        "hci-chi2023-citesee-user-study.pdf",
    ],
)
def test_check_scan_finds_no_problem(corpus: Path, tmp_path: Path, name: str) -> None:
    """The independent checker (shared/tools/check_scan.py) accepts our scans."""
    scan_path = tmp_path / "scan.json"
    scan_path.write_text(dump_json(scan_corpus_paper(name)))
    schema = Path(__file__).resolve().parents[1] / "schemas" / "scan.schema.json"
    res = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "check_scan.py"), str(scan_path), str(corpus / name),
         "--schema", str(schema)],
        capture_output=True, text=True, check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert " 0 problems" in res.stdout


def test_longest_present_run_equals_the_linear_search() -> None:
    from scanner.evidence import _grounded, _longest_present_run

    for n in range(1, 40):
        for i in range(n):
            for answer in [None, *range(i + 1, n + 1)]:
                def present(a: int, j: int, answer: int | None = answer) -> bool:
                    return answer is not None and j <= answer

                assert _longest_present_run(i, n, present) == answer
    raw = "the model reaches 91.2 accuracy on the test set while the baseline stays at 80.1"
    quote = "the model reaches 91.2 accuracy on unseen data while the baseline stays at 80.1"
    assert _grounded(raw, quote) == "the model reaches 91.2 accuracy on ... while the baseline stays at 80.1"
