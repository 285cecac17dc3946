"""Reading lists: plain text, BibTeX and CSV parse into unique entries; the rest is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.batch.lists import arxiv_id, read_list
from scanner.cli import main
from scanner.errors import UsageError


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2512.22293", "2512.22293", id="new-id"),
        pytest.param("arXiv:2206.10883v3", "2206.10883v3", id="prefixed-versioned"),
        pytest.param("hep-th/9711200", "hep-th/9711200", id="old-style"),
        pytest.param("https://arxiv.org/abs/1706.03762v5", "1706.03762v5", id="abs-url"),
        pytest.param("https://arxiv.org/pdf/1706.03762.pdf", "1706.03762", id="pdf-url"),
        pytest.param("10.48550/arXiv.2305.18290", "2305.18290", id="arxiv-doi"),
        pytest.param("https://doi.org/10.48550/arXiv.2305.18290", "2305.18290", id="arxiv-doi-url"),
        pytest.param("10.1145/3292500.3330701", None, id="other-doi"),
        pytest.param("papers/2512.22293.pdf", None, id="path"),
    ],
)
def test_arxiv_id_forms(text: str, expected: str | None) -> None:
    assert arxiv_id(text) == expected


def test_text_list_comments_duplicates_paths_and_unsupported(tmp_path: Path) -> None:
    _write(tmp_path / "lists" / "papers" / "a.pdf", "x")
    _write(tmp_path / "lists" / "other" / "a.pdf", "y")
    lst = _write(tmp_path / "lists" / "reading.txt", "\n".join([
        "# my reading list",
        "",
        "papers/a.pdf   # relative to the list file",
        "2512.22293",
        "arXiv:2512.22293",  # same paper again
        "https://arxiv.org/abs/2206.10883v3",
        "other/a.pdf",  # same stem, different file: gets its own name
        "papers/a.pdf",  # duplicate path
        "10.1145/3292500.3330701",
        "https://example.org/paper.pdf",
    ]) + "\n")
    rl = read_list(lst)
    assert [(e.name, e.kind) for e in rl.entries] == [
        ("a", "path"), ("2512.22293", "arxiv"), ("2206.10883v3", "arxiv"), ("a-2", "path"),
    ]
    assert rl.entries[0].source == str(tmp_path / "lists" / "papers" / "a.pdf")
    assert rl.entries[0].origin == "reading.txt:3"
    assert rl.duplicates == 2
    assert [(u.origin, u.reason.split(":")[0]) for u in rl.unsupported] == [
        ("reading.txt:9", "DOI without an arXiv twin"),
        ("reading.txt:10", "only arXiv URLs can be fetched"),
    ]


def test_symlinks_to_one_pdf_stay_separate_entries(tmp_path: Path) -> None:
    target = _write(tmp_path / "real.pdf", "x")
    (tmp_path / "copy1.pdf").symlink_to(target)
    (tmp_path / "copy2.pdf").symlink_to(target)
    lst = _write(tmp_path / "l.txt", "copy1.pdf\ncopy2.pdf\n")
    assert [e.name for e in read_list(lst).entries] == ["copy1", "copy2"]


BIB = r"""
@article{rafailov2023dpo,
  title = {Direct Preference Optimization},
  eprint = {2305.18290},
  archivePrefix = {arXiv},
}
@misc{doi_twin, title = {Same paper by DOI}, doi = {10.48550/arXiv.2305.18290}}
@inproceedings{vaswani, title = {Attention}, url = {https://arxiv.org/abs/1706.03762v5}}
@article{local, title = {Local copy}, file = {Full Text:pdfs/local paper.pdf:application/pdf}}
@article{journal, title = {Journal only}, doi = {10.1037/a0035781}}
@book{nothing, title = {No source at all}}
@article{broken, title = {Unclosed
"""


def test_bibtex_list(tmp_path: Path) -> None:
    _write(tmp_path / "pdfs" / "local paper.pdf", "x")
    rl = read_list(_write(tmp_path / "refs.bib", BIB))
    assert [(e.origin, e.source) for e in rl.entries] == [
        ("refs.bib:rafailov2023dpo", "2305.18290"),
        ("refs.bib:vaswani", "1706.03762v5"),
        ("refs.bib:local", str(tmp_path / "pdfs" / "local paper.pdf")),
    ]
    assert rl.entries[2].name == "local_paper"
    assert rl.duplicates == 1  # the 10.48550 DOI names the same arXiv paper as the eprint
    reasons = {u.origin: u.reason for u in rl.unsupported}
    assert reasons["refs.bib:journal"].startswith("DOI without an arXiv twin")
    assert reasons["refs.bib:nothing"].startswith("no arXiv eprint/URL/DOI or file path")
    assert any(r.startswith("BibTeX syntax error") for r in reasons.values())
    assert len(rl.unsupported) == 3


def test_csv_list_with_id_and_path_columns(tmp_path: Path) -> None:
    _write(tmp_path / "x.pdf", "x")
    lst = _write(tmp_path / "l.csv", "ID,Path,notes\n2512.22293,,first\n,x.pdf,second\n,,empty row\n"
                 "arXiv:2512.22293,,dup\n10.1000/xyz,,unsupported\n")
    rl = read_list(lst)
    assert [(e.origin, e.kind, e.source) for e in rl.entries] == [
        ("l.csv:2", "arxiv", "2512.22293"), ("l.csv:3", "path", str(tmp_path / "x.pdf")),
    ]
    assert rl.duplicates == 1
    assert [u.origin for u in rl.unsupported] == ["l.csv:6"]


def test_csv_without_id_or_path_column_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no 'id' or 'path' column"):
        read_list(_write(tmp_path / "l.csv", "title,year\nX,2020\n"))


def test_cli_missing_list_and_missing_out_dir_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list", str(tmp_path / "nope.txt"), "--out-dir", str(tmp_path / "o")]) == 2
    assert "reading list not found" in capsys.readouterr().err
    lst = _write(tmp_path / "l.txt", "2512.22293\n")
    assert main(["--list", str(lst)]) == 2
    assert "--list needs --out-dir DIR" in capsys.readouterr().err
    assert main(["--list", str(lst), "--out-dir", str(tmp_path / "o"), "--jobs", "0"]) == 2
    assert not (tmp_path / "o").exists()
