"""LaTeX and Markdown drafts: same Paper model as PDFs, evidence with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.errors import InputError
from scanner.evidence import cite, locate
from scanner.ingest import load_paper
from scanner.ingest.draft import DraftPaper, run_annotations
from scanner.ingest.latex import latex_to_text, strip_comment

MAIN_TEX = r"""\documentclass{article}
\usepackage{amsmath}
% preamble comment
\title{Love-Aligned Agents}
\author{Ada Lovelace \and Alan Turing}
\begin{document}
\maketitle
\begin{abstract}
We evaluate an outer shell and reach a mean alignment of 0.945 % run:abc123
on our benchmark \cite{smith2020}.
\end{abstract}

\section{Introduction}
Prior work~\cite{doe2019} reports 79\% resistance. See Table~\ref{tab:main}.
\input{sections/results}

\section*{Limitations}
Only one seed was run; code will be released upon acceptance.

\begin{thebibliography}{9}
\bibitem{smith2020} J. Smith. A benchmark for alignment. 2020.
\bibitem{doe2019} J. Doe. Shutdown resistance in language models. 2019.
\end{thebibliography}
\end{document}
"""

RESULTS_TEX = r"""\section{Results}\label{sec:results}
\subsection{Outer Shell evaluation}
Mean Alignment: \textbf{0.945}, Distribution Alignment: 0.864, % run:def456
and Behavioral Coherence: 0.912.
\begin{table}[t]
\caption{Outer shell scores.}\label{tab:main}
\begin{tabular}{lc}
Mean & 0.945 \\
\end{tabular}
\end{table}
"""

DRAFT_MD = """---
title: "Alignment through Love"
authors: Rintaro Matsumoto, Claude
---

# Alignment through Love

**Abstract.** We study alignment of an outer shell. Mean alignment reached 0.945. <!-- run:r-001 -->

## 4 Results

### 4.1 Outer Shell evaluation

Mean Alignment: 0.945, Distribution Alignment: 0.864 <!-- run:r-002 -->
and Behavioral Coherence: 0.912 (see Table 2).

<!-- a comment over
two lines with 0.5 -->

## References

1. Palisade Research. Shutdown resistance. 2025.
"""


def write_tex(root: Path) -> Path:
    """A two-file LaTeX draft under ``root``; returns the main file."""
    (root / "sections").mkdir(parents=True, exist_ok=True)
    (root / "sections" / "results.tex").write_text(RESULTS_TEX)
    main_tex = root / "main.tex"
    main_tex.write_text(MAIN_TEX)
    return main_tex


def write_md(root: Path) -> Path:
    """A Markdown draft under ``root``."""
    path = root / "paper_draft_v3.md"
    path.write_text(DRAFT_MD)
    return path


def test_latex_includes_sections_and_file_line_evidence(tmp_path: Path) -> None:
    paper = load_paper(str(write_tex(tmp_path)))
    assert isinstance(paper, DraftPaper) and paper.parser == "latex"
    assert paper.title == "Love-Aligned Agents"
    assert paper.authors == ["Ada Lovelace", "Alan Turing"]
    assert [(s.title, s.kind, s.number) for s in paper.sections] == [
        ("Abstract", "abstract", None),
        ("Introduction", "introduction", "1"),
        ("Results", "results", "2"),
        ("Outer Shell evaluation", "experiments", "2.1"),
        ("Limitations", "limitations", None),
        ("References", "references", None),
    ]
    ev = locate(paper, "Behavioral Coherence: 0.912")
    assert ev is not None and (ev.file, ev.line, ev.page) == ("sections/results.tex", 4, None)
    assert cite(ev) == "\"Behavioral Coherence: 0.912\" (sections/results.tex:4, section 'Outer Shell evaluation')"
    ev = locate(paper, "reach a mean alignment of 0.945 on our benchmark")
    assert ev is not None and (ev.file, ev.line) == ("main.tex", 9)
    assert "run:abc123" not in paper.text and "preamble comment" not in paper.text
    assert [c.label for c in paper.captions] == ["Table 1"]
    assert [(r.label, r.year) for r in paper.references] == [("1", 2020), ("2", 2019)]
    # one "page" per source line read (25 in main.tex + 10 in the included file)
    assert paper.page_count == len(MAIN_TEX.splitlines()) + len(RESULTS_TEX.splitlines())


def test_annotations_stay_reachable(tmp_path: Path) -> None:
    paper = load_paper(str(write_tex(tmp_path)))
    notes = run_annotations(paper)
    assert [(n.run_id, n.file, n.line) for n in notes] == [("abc123", "main.tex", 9),
                                                          ("def456", "sections/results.tex", 3)]
    assert paper.text[notes[1].offset :].startswith("Mean Alignment: 0.945")
    assert isinstance(paper, DraftPaper)
    assert paper.sources["sections/results.tex"][2].endswith("% run:def456")


def test_markdown_headings_comments_and_evidence(tmp_path: Path) -> None:
    paper = load_paper(str(write_md(tmp_path)))
    assert paper.parser == "markdown" and paper.title == "Alignment through Love"
    assert [(s.title, s.kind, s.level, s.number) for s in paper.sections] == [
        ("Abstract", "abstract", 2, None),
        ("4 Results", "results", 2, "4"),
        ("4.1 Outer Shell evaluation", "experiments", 3, "4.1"),
        ("References", "references", 2, None),
    ]
    assert "0.5" not in paper.text and "run:" not in paper.text
    ev = locate(paper, "Behavioral Coherence: 0.912")
    assert ev is not None and (ev.file, ev.line) == ("paper_draft_v3.md", 15)
    assert [(n.run_id, n.line) for n in run_annotations(paper)] == [("r-001", 8), ("r-002", 14)]
    assert [r.year for r in paper.references] == [2025]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r"95\% CI, $\kappa = 0.91$ \cite{a, b}", "95% CI, κ = 0.91 [a, b]", id="math-cite"),
        pytest.param(r"\emph{\textbf{bold}} -- see~\ref{sec:4.1}", "bold – see sec", id="nested-ref"),
        pytest.param(r"0.945 & $\pm 0.01$ \\ \hline", "0.945 | ± 0.01", id="table-row"),
        pytest.param(r"\href{https://github.com/a/b}{code} and \url{https://x.org}",
                     "code (https://github.com/a/b) and https://x.org", id="links"),
    ],
)
def test_inline_latex(latex: str, text: str) -> None:
    assert " ".join(latex_to_text(latex).split()) == text


def test_comment_stripping_keeps_escaped_percent() -> None:
    assert strip_comment(r"79\% of runs % run:x1") == r"79\% of runs "
    assert strip_comment(r"a \\% comment") == "a \\\\"


def test_missing_include_and_cycle_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text("\\begin{document}\n\\input{nowhere}\n\\end{document}\n")
    with pytest.raises(InputError, match="nowhere"):
        load_paper(str(tmp_path / "main.tex"))
    (tmp_path / "a.tex").write_text("\\input{b}\n")
    (tmp_path / "b.tex").write_text("Some text.\n\\input{a}\n")
    with pytest.raises(InputError, match="cycle"):
        load_paper(str(tmp_path / "a.tex"))


def test_cli_scans_drafts_into_valid_scan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "draft.scan.json"
    assert main([str(write_tex(tmp_path)), "-o", str(out), "-q"]) == 0
    scan = json.loads(out.read_text())
    assert scan["provenance"]["parser"] == "latex"
    assert scan["paper"]["title"] == "Love-Aligned Agents"
    located = [e for item in scan["checklist"].values() for a in item.values() for e in a.get("evidence") or []]
    assert located and all(e["file"] and e["line"] and "page" not in e for e in located)
    missing = tmp_path / "missing.md"
    assert main([str(missing), "-o", str(tmp_path / "x.json")]) == 3
    assert "missing.md: no such file" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
