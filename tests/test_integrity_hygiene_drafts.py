"""Draft hygiene on LaTeX and Markdown sources: undefined labels and keys, broken links, todo notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.ingest import load_paper
from scanner.integrity.hygiene import hygiene_flags
from scanner.integrity.hygiene_drafts import draft_unresolved_flags, todo_spans
from scanner.models import RedFlag
from scanner.paper import Paper
from tests.conftest import load_corpus_paper
from tests.test_drafts import write_md, write_tex
from tests.test_gate import DRAFT as GATE_DRAFT

MAIN = r"""\documentclass{article}
\usepackage{todonotes}
\newcommand{\figref}[1]{Figure~\ref{fig:#1}}
\begin{document}
\section{Introduction}\label{sec:intro}
We build on prior work~\cite{Known2020, nokey} and show the gains in Figure~\ref{fig:missing}.
% TODO: rewrite this paragraph before submission
\todo{check this number against the logs}
See Section~\ref{sec:intro} and \cref{sec:results,tab:gone} for the details of the setup.
\input{sections/results}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""

RESULTS = r"""\section{Results}\label{sec:results}
Our method wins on all benchmarks \citep[p.~3]{known2020} and on the held-out set.
\begin{figure}\caption{Accuracy per task.}\label{fig:acc}\end{figure}
The accuracy is shown in Figure~\ref{fig:acc} and in \autoref{fig:absent}.
"""

BIB = "@article{known2020, title={A known result}, author={A. Author}, year={2020}}\n"


def write_draft(root: Path, main: str = MAIN, results: str = RESULTS, bib: str | None = BIB) -> Path:
    """A LaTeX draft (main.tex + sections/results.tex + refs.bib) under ``root``."""
    (root / "sections").mkdir(parents=True, exist_ok=True)
    (root / "sections" / "results.tex").write_text(results)
    if bib is not None:
        (root / "refs.bib").write_text(bib)
    path = root / "main.tex"
    path.write_text(main)
    return path


def flags_of(path: Path) -> dict[str, RedFlag]:
    """The hygiene flags of the draft at ``path``, by title."""
    paper = load_paper(str(path))
    return {f.flag: f for f in hygiene_flags(paper, Facts(paper), {})}


def places(flag: RedFlag) -> list[tuple[str | None, int | None]]:
    """file:line of each piece of evidence."""
    return [(e.file, e.line) for e in flag.evidence or []]


def assert_grounded(path: Path, flag: RedFlag) -> None:
    """Every quote of ``flag`` is found in the draft, at the same file:line."""
    paper = load_paper(str(path))
    for ev in flag.evidence or []:
        found = locate(paper, ev.quote)
        assert found is not None and (found.file, found.line) == (ev.file, ev.line), ev
    assert flag.detail.count('"') == 2 * len(flag.evidence or [])


def test_undefined_labels_are_listed_with_their_places(tmp_path: Path) -> None:
    path = write_draft(tmp_path)
    flag = flags_of(path)["References to undefined labels"]
    assert flag.kind == "unresolved_reference"
    assert "fig:missing, tab:gone, fig:absent (derived count: 3 key(s) at 3 place(s))" in flag.detail
    assert places(flag) == [("main.tex", 6), ("main.tex", 9)]
    assert flag.evidence and flag.evidence[0].quote.startswith("We build on prior work")
    assert_grounded(path, flag)


def test_undefined_citation_keys_compare_without_case(tmp_path: Path) -> None:
    path = write_draft(tmp_path)
    flag = flags_of(path)["Citations of undefined keys"]
    assert "nokey (derived count: 1 key(s) at 1 place(s))" in flag.detail and "known2020" not in flag.detail
    assert places(flag) == [("main.tex", 6)]
    assert_grounded(path, flag)


def test_todo_note_fires_and_a_todo_comment_does_not(tmp_path: Path) -> None:
    path = write_draft(tmp_path)
    flag = flags_of(path)["Template or draft text left in the paper"]
    assert "1 found (derived count; todo note)" in flag.detail
    assert places(flag) == [("main.tex", 8)]
    assert flag.evidence and flag.evidence[0].quote.startswith("check this number against the logs")
    assert_grounded(path, flag)
    no_note = MAIN.replace("\\todo{check this number against the logs}\n", "\n")
    assert "Template or draft text left in the paper" not in flags_of(write_draft(tmp_path / "b", no_note))


def test_todo_in_the_text_is_located_on_its_own_line(tmp_path: Path) -> None:
    main = MAIN.replace("\\todo{check this number against the logs}", "TODO: rerun the last seed.")
    flag = flags_of(write_draft(tmp_path, main))["Template or draft text left in the paper"]
    assert places(flag) == [("main.tex", 8)] and "(derived count; TODO)" in flag.detail


def test_defined_everything_is_clean(tmp_path: Path) -> None:
    main = (MAIN.replace("nokey", "known2020").replace("fig:missing", "fig:acc").replace(",tab:gone", "")
            .replace("\\todo{check this number against the logs}", "We checked every number."))
    results = RESULTS.replace("\\autoref{fig:absent}", "\\figref{acc}")
    path = write_draft(tmp_path, main, results)
    assert flags_of(path) == {}
    assert load_paper(str(path)).marks.labels >= {"sec:intro", "sec:results", "fig:acc"}


def test_label_made_by_a_macro_matches_its_references(tmp_path: Path) -> None:
    main = MAIN.replace("\\begin{document}", "\\newcommand{\\fig}[1]{\\label{fig:#1}}\n\\begin{document}")
    flag = flags_of(write_draft(tmp_path, main))["References to undefined labels"]
    assert "tab:gone (derived count: 1 key(s) at 1 place(s))" in flag.detail


def test_labels_of_an_external_document_are_not_checked(tmp_path: Path) -> None:
    main = MAIN.replace("\\begin{document}", "\\externaldocument{supplement}\n\\begin{document}")
    assert "References to undefined labels" not in flags_of(write_draft(tmp_path, main))


def test_missing_bib_file_is_said_once(tmp_path: Path) -> None:
    path = write_draft(tmp_path, bib=None)
    flags = flags_of(path)
    assert "Citations of undefined keys" not in flags
    flag = flags["Bibliography file not found"]
    assert flag.kind == "unresolved_reference"
    assert "names the bibliography refs (main.tex:12)" in flag.detail
    assert "Known2020, nokey (derived count: 2 key(s) at 3 place(s))" in flag.detail
    assert places(flag) == [("main.tex", 6), ("sections/results.tex", 2)]


def test_bbl_or_bibitems_define_keys_without_a_bib_file(tmp_path: Path) -> None:
    bbl = "\\begin{thebibliography}{1}\n\\bibitem{KNOWN2020} A. Author. A known result. 2020.\n" \
          "\\bibitem[Nok(2021)]{nokey} N. Key. Another result. 2021.\n\\end{thebibliography}\n"
    (tmp_path / "main.bbl").write_text(bbl)
    main = MAIN.replace("\\bibliography{refs}", "\\input{main.bbl}")
    assert not {"Citations of undefined keys", "Bibliography file not found"} & set(
        flags_of(write_draft(tmp_path, main, bib=None)))


def test_no_bibliography_named_means_citations_are_not_checked(tmp_path: Path) -> None:
    main = MAIN.replace("\\bibliography{refs}\n", "")
    flags = flags_of(write_draft(tmp_path, main))
    assert not {"Citations of undefined keys", "Bibliography file not found"} & set(flags)


def test_addbibresource_in_the_preamble_and_a_broken_entry(tmp_path: Path) -> None:
    main = MAIN.replace("\\bibliography{refs}\n", "").replace("\\begin{document}",
                                                               "\\addbibresource{refs.bib}\n\\begin{document}")
    bib = BIB + "@misc{nokey, title={unterminated,\n@misc{other, title={x}}\n"
    assert "Citations of undefined keys" not in flags_of(write_draft(tmp_path, main, bib=bib))


def test_references_in_comments_and_verbatim_do_not_count(tmp_path: Path) -> None:
    results = RESULTS.replace("\\autoref{fig:absent}", "Table 2 % \\ref{tab:commented}") + \
        "\\begin{verbatim}\n\\ref{tab:verbatim} \\cite{nokey2}\n\\end{verbatim}\n"
    flag = flags_of(write_draft(tmp_path, results=results))["References to undefined labels"]
    assert "fig:missing, tab:gone (derived count: 2 key(s)" in flag.detail


MD = """# A Draft

## 1 Introduction

See [the results](#2-results), [setup](#setup), [again](#introduction) and [gone](#4-discussion).
We follow [prior work][smith] and [the docs][] and [other][missingref]; citations [3][4] are fine.
Code spans are not links: `[code][notalink]` and `[x](#nowhere)`.

## 2 Results

Setup {#setup}
--------------

More results <!-- a [comment](#hidden) --> follow in [the next section](#2-results-1).

## 2 Results

[smith]: https://example.org
[The  Docs]: https://example.org/docs
"""


def test_markdown_broken_anchor_and_undefined_reference_link(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text(MD)
    flags = flags_of(path)
    anchors = flags["Links to missing sections"]
    assert "4-discussion (derived count: 1 key(s) at 1 place(s))" in anchors.detail
    assert places(anchors) == [("draft.md", 5)]
    links = flags["Reference-style links without a definition"]
    assert "missingref (derived count: 1 key(s) at 1 place(s))" in links.detail
    assert places(links) == [("draft.md", 6)]
    for flag in (anchors, links):
        assert flag.kind == "unresolved_reference"
        assert_grounded(path, flag)


def test_markdown_with_working_links_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text(MD.replace(" and [gone](#4-discussion)", "").replace(" and [other][missingref]", ""))
    assert flags_of(path) == {}


def test_existing_draft_fixtures_stay_clean(tmp_path: Path) -> None:
    gate = tmp_path / "gate" / "paper_draft_v3.md"
    for folder in ("gate", "md"):
        (tmp_path / folder).mkdir()
    gate.write_text(GATE_DRAFT)
    for path in (write_tex(tmp_path / "tex"), write_md(tmp_path / "md"), gate):
        paper = load_paper(str(path))
        assert hygiene_flags(paper, Facts(paper), {}) == [], path


def test_gate_fails_on_unresolved_reference_with_an_annotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    clean = MAIN.replace("nokey", "known2020").replace("Figure~\\ref{fig:missing}", "the figures")
    clean = clean.replace(" and \\cref{sec:results,tab:gone}", "")
    results = RESULTS.replace(" and in \\autoref{fig:absent}", "")
    draft = write_draft(tmp_path, clean.replace("\\todo{check this number against the logs}\n", ""), results)
    (tmp_path / "p.toml").write_text("[max_red_flags]\nunresolved_reference = 0\n")
    args = [draft.name, "--policy", "p.toml", "--annotations", "github", "-o", "out.json"]
    assert main(args) == 0, capsys.readouterr().err
    capsys.readouterr()
    draft.write_text(clean.replace("the figures", "Figure~\\ref{fig:missing}"))
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out.startswith("::error file=main.tex,line=6,title=paper-scan max_red_flags/unresolved_reference::"), out
    assert "fig:missing" in out
    assert "red flags of kind unresolved_reference: 1 found, at most 0 allowed" in err


# -- real corpus text ------------------------------------------------------------------------------

CORPUS_PAPERS = ["neurips24ckl-dpo-direct-preference-optimization.pdf", "acl2020-s2orc-open-research-corpus.pdf"]


def plain_sentences(paper: Paper, count: int) -> list[str]:
    """The first ``count`` body sentences of a corpus paper that need no LaTeX escaping."""
    found = re.findall(r"(?<=[.] )[A-Z][A-Za-z0-9 ,()-]{60,200}[.]", paper.text)
    return found[:count]


@pytest.mark.parametrize("name", CORPUS_PAPERS)
def test_corpus_pdfs_get_no_draft_flags(name: str) -> None:
    paper = load_corpus_paper(name)
    assert draft_unresolved_flags(paper) == [] and todo_spans(paper) == []


@pytest.mark.parametrize("name", CORPUS_PAPERS)
def test_corpus_text_in_a_draft(name: str, tmp_path: Path) -> None:
    first, second = plain_sentences(load_corpus_paper(name), 2)
    main = (f"\\documentclass{{article}}\n\\begin{{document}}\n\\section{{Introduction}}\\label{{sec:intro}}\n"
            f"{first} See Section~\\ref{{sec:intro}}.\n{second} See Figure~\\ref{{fig:overview}}.\n"
            "\\end{document}\n")
    path = tmp_path / "main.tex"
    path.write_text(main)
    flag = flags_of(path)["References to undefined labels"]
    assert "fig:overview (derived count: 1 key(s) at 1 place(s))" in flag.detail
    assert places(flag) == [("main.tex", 5)] and flag.evidence and flag.evidence[0].quote.startswith(second[:20])
    path.write_text(main.replace("fig:overview", "sec:intro"))
    assert flags_of(path) == {}
