"""PDF ingestion on real corpus papers: reading order, furniture, sections, references, front matter."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from scanner.ingest import load_paper
from scanner.text import _FOLD_PAIRS, _SPACES, LIGATURES, clean_line, normalize
from tests.conftest import load_corpus_paper

_FOLD = str.maketrans(dict(_FOLD_PAIRS))  # the folding as one translate() table: the reference form


def kinds(name: str) -> list[str]:
    return [s.kind for s in load_corpus_paper(name).sections]


@pytest.mark.parametrize(
    ("name", "title_start"),
    [
        ("acl2020-s2orc-open-research-corpus.pdf", "S2ORC: The Semantic Scholar Open Research Corpus"),
        ("arxiv-2025-simplifying-adam-bias-correction.pdf", "Simplifying Adam: Bias Correction Debunked"),
        ("hci-chi2023-citesee-user-study.pdf", "CiteSee: Augmenting Citations"),
        ("arxiv-1804.07821-crowd-counting-cv.pdf", "An Aggregated Multicolumn Dilated Convolution Network"),
    ],
)
def test_title_from_first_page_or_metadata(corpus: Path, name: str, title_start: str) -> None:
    assert load_corpus_paper(name).title.lower().startswith(title_start.lower())


def test_sections_of_a_two_column_acl_paper(corpus: Path) -> None:
    paper = load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf")
    titles = [s.title for s in paper.sections]
    assert titles[:3] == ["Abstract", "1 Introduction", "2 Constructing the corpus"]
    expected = {"abstract", "introduction", "related_work", "conclusion", "acknowledgments", "references", "appendix"}
    assert expected <= set(kinds("acl2020-s2orc-open-research-corpus.pdf"))
    sub = next(s for s in paper.sections if s.number == "2.1")
    assert sub.level == 2 and sub.page_start == 3


def test_neurips_checklist_is_its_own_back_matter(corpus: Path) -> None:
    paper = load_corpus_paper("neurips24ckl-citation-bias-peer-review.pdf")
    ks = kinds("neurips24ckl-citation-bias-peer-review.pdf")
    first_ck = ks.index("checklist")
    assert all(k == "checklist" for k in ks[first_ck:])
    assert paper.in_checklist(paper.sections[first_ck].start + 50)
    assert not paper.in_checklist(paper.sections[1].start)


def test_a_results_section_named_checklist_does_not_start_the_checklist(corpus: Path) -> None:
    ks = kinds("llm-gaps-in-safety-net-neurips-checklist-analysis.pdf")
    assert "checklist" not in ks and "references" in ks


def test_two_column_reading_order(corpus: Path) -> None:
    text = load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf").text
    # the abstract (left column) is read before the introduction (right column, same page)
    assert text.index("We introduce S2ORC") < text.index("1 Introduction")


def test_line_numbers_and_running_headers_removed(corpus: Path) -> None:
    paper = load_corpus_paper("neurips24ckl-dpo-direct-preference-optimization.pdf")
    numbered_lines = re.compile(r"^[1-9]\d{1,2}$", re.M)  # review copies number lines 1..~900 in the margin
    assert len(numbered_lines.findall(paper.raw_text)) > 500
    idx = paper.text.index("most successful class of methods")  # lines 40-41 of page 2 in the review copy
    assert not re.search(r"\n\d{1,3}\n", paper.text[idx : idx + 400]), "margin line numbers leaked into the text"
    jpsp = load_corpus_paper("psych-jpsp2014-oral-approach-avoidance.pdf")
    assert "this document is copyrighted by the american psychological association" not in jpsp.text.lower()


def test_hyphenation_and_ligatures_repaired(corpus: Path) -> None:
    paper = load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf")
    assert "\ufb01" not in paper.text and "\ufb02" not in paper.text
    assert "scientific" in paper.text
    assert normalize(paper.text).count("sci- entific") == 0


@pytest.mark.parametrize(
    ("name", "expected", "first_year"),
    [
        ("acl2020-s2orc-open-research-corpus.pdf", 55, 2018),
        ("llm-mathpile-pretraining-corpus-contamination.pdf", 64, 2019),
        ("psych-jpsp2014-oral-approach-avoidance.pdf", 87, None),
        ("neurips24ckl-dpo-direct-preference-optimization.pdf", 11, 2022),
        ("llm-gaps-in-safety-net-neurips-checklist-analysis.pdf", 10, 2021),
    ],
)
def test_reference_lists_split_into_entries(corpus: Path, name: str, expected: int, first_year: int | None) -> None:
    refs = load_corpus_paper(name).references
    assert abs(len(refs) - expected) <= max(2, expected // 20), [r.raw[:60] for r in refs[:5]]
    if first_year:
        assert refs[0].year == first_year
    assert sum(r.year is not None for r in refs) >= 0.95 * len(refs)


def test_reference_fields_parsed(corpus: Path) -> None:
    refs = load_corpus_paper("acl2020-s2orc-open-research-corpus.pdf").references
    devlin = next(r for r in refs if r.raw.startswith("Jacob Devlin"))
    assert devlin.year == 2019 and devlin.authors[0] == "Jacob Devlin"
    assert devlin.title.startswith("BERT: Pre-training of deep bidirectional transformers")
    apa = next(r for r in load_corpus_paper("psych-jpsp2014-oral-approach-avoidance.pdf").references
               if r.raw.startswith("Barsalou"))
    assert (apa.year, apa.title) == (1999, "Perceptual symbol systems")
    mathpile = load_corpus_paper("llm-mathpile-pretraining-corpus-contamination.pdf").references
    proofnet = next(r for r in mathpile if "Proofnet" in r.raw)
    assert proofnet.arxiv_id == "2302.12433"  # printed as "CoRR, abs/2302.12433"


def test_captions_found(corpus: Path) -> None:
    caps = load_corpus_paper("neurips24ckl-meta-album-many-tables.pdf").captions
    assert sum(c.kind == "table" for c in caps) >= 10
    assert all(c.label.split()[0] in ("Table", "Figure") for c in caps)


def test_page_and_section_of_an_offset(corpus: Path) -> None:
    paper = load_corpus_paper("arxiv-2025-simplifying-adam-bias-correction.pdf")
    refs = paper.sections_of("references")[0]
    assert paper.page_at(refs.start) == refs.page_start
    assert paper.section_at(refs.start + 20) == refs


@pytest.mark.parametrize(
    "name",
    [
        "edge-encrypted-owner-only-copy-protected-layoutparser.pdf",
        "edge-nonlatin-chinese-thesis-tongji-2026.pdf",
        "psych-scanned-ocr-grice1983-forest-before-trees.pdf",
    ],
)
def test_readable_edge_cases_load(corpus: Path, name: str) -> None:
    paper = load_paper(str(corpus / name))
    assert len(paper.text) > 1000 and paper.page_count >= 2


def test_long_thesis_loads_every_page(corpus: Path) -> None:
    paper = load_corpus_paper("edge-long-thesis-sharp2017-nli-qa-164p.pdf")
    assert paper.page_count == 164
    assert paper.page_at(len(paper.text) - 1) >= 160
    assert len(paper.references) > 100


def test_author_contributions_are_not_searched_as_evidence(corpus: Path) -> None:
    paper = load_corpus_paper("neurips24ckl-dpo-direct-preference-optimization.pdf")
    contrib = paper.sections_of("contributions")
    assert [s.title for s in contrib] == ["Author Contributions"]
    assert all(not (start <= contrib[0].start < end) for start, end in paper.body_spans)
    assert not any(contrib[0].start <= m.start() < contrib[0].end
                   for m in paper.iter_matches(re.compile("weighted regression")))


def test_chinese_thesis_sections_and_references(corpus: Path) -> None:
    paper = load_corpus_paper("edge-nonlatin-chinese-thesis-tongji-2026.pdf")
    kinds_found = {s.kind for s in paper.sections}
    assert {"introduction", "conclusion", "references"} <= kinds_found
    assert len(paper.references) >= 60 and paper.references[0].label == "1"


def _clean_line_in_full(line: str) -> str:
    """clean_line without its ASCII shortcut: the reference the shortcut must agree with."""
    line = unicodedata.normalize("NFKC", line)
    for lig, plain in LIGATURES.items():
        line = line.replace(lig, plain)
    return _SPACES.sub(" ", line.translate(_FOLD)).strip()


@pytest.mark.parametrize(
    "line",
    ["plain words", "  padded\tand\x0bodd\x0cspaces \r", "a  b", "", " ", "x" * 3, "E = mc^2 (p < .05)", "'quoted' -1",
     "\u2003em\u2002 spaces\u200b", "\u00a0nbsp\u00a0 ", "\ufb01ne \u2018q\u2019 \u2212 1", "a \u3000 b",
     "\uff21 \t x"],
)
def test_clean_line_shortcuts_are_exact(line: str) -> None:
    assert clean_line(line) == _clean_line_in_full(line)


def test_plain_pages_need_no_span_checks(corpus: Path) -> None:
    """When a page is plainly visible throughout, each line's visible text is its raw text."""
    import pymupdf

    from scanner.ingest.hidden import HiddenSpanProbe
    from scanner.ingest.pdf import _EVERYWHERE, _TEXT_FLAGS

    plain_pages = 0
    with pymupdf.open(corpus / "acl2020-s2orc-open-research-corpus.pdf") as doc:
        for page in doc:
            blocks = page.get_text("dict", flags=_TEXT_FLAGS, clip=_EVERYWHERE)["blocks"]
            probe = HiddenSpanProbe(page.rect.width, page.rect.height, blocks)
            if not probe.all_plainly_visible():
                continue
            plain_pages += 1
            for line in (ln for b in blocks for ln in b.get("lines", ())):
                joined = "".join(s["text"] for s in line["spans"])
                assert probe.line_texts(line["spans"]) == (joined, joined)
            assert probe.passages(page.number + 1) == []
    assert plain_pages > 0


def test_plain_page_check_sees_each_reason_to_look_closer() -> None:
    from scanner.ingest.hidden import HiddenSpanProbe

    def probe_of(**span: object) -> HiddenSpanProbe:
        base = {"text": "word", "size": 10.0, "char_flags": 16, "bbox": (10.0, 10.0, 50.0, 20.0), "color": 0}
        return HiddenSpanProbe(100, 100, [{"lines": [{"spans": [base | span]}]}])

    assert probe_of().all_plainly_visible()
    for odd in ({"size": 1.0}, {"char_flags": 0}, {"char_flags": 16 | 64}, {"bbox": (-60.0, 10.0, -5.0, 20.0)},
                {"bbox": (10.0, 120.0, 50.0, 130.0)}, {"color": 0xFFFFFF}):
        assert not probe_of(**odd).all_plainly_visible(), odd


@pytest.mark.parametrize(
    "text",
    ["plain words", "  padded\tand\x0bodd\x0cspaces \r\n", "sci-\n  entific \u2019x\u2019 \u2212 1\u00a0a",
     "\u2003em\u2002 spaces\u200b\u3000\x1c\x1f\x85 end ", "\ufb01ne \u0130stanbul\n\n", "", " \n "],
)
def test_normalize_fast_path_equals_the_regex_form(text: str) -> None:
    reference = unicodedata.normalize("NFKC", text)
    for lig, plain in LIGATURES.items():
        reference = reference.replace(lig, plain)
    reference = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", reference).translate(_FOLD)
    assert normalize(text) == re.sub(r"\s+", " ", reference).lower().strip()


def test_line_number_test_matches_its_regex() -> None:
    """_is_line_number agrees with ^\\d{1,4}$ on every single code point and on short digit runs."""
    from scanner.ingest.layout import _is_line_number

    pattern = re.compile(r"^\d{1,4}$")
    for code in range(0x110000):
        char = chr(code)
        assert _is_line_number(char) == bool(pattern.match(char)), hex(code)
    for text in ["", "1", "12", "123", "1234", "12345", "١٢", "1a", "a1", "1.2", "९९९९"]:
        assert _is_line_number(text) == bool(pattern.match(text)), text


def test_abbreviation_test_on_the_tail_matches_a_full_search() -> None:
    """_sentences looks for _INITIAL_END in the last characters only; a full search agrees."""
    import itertools

    from scanner.ingest.references import _INITIAL_END, _INITIAL_END_TAIL

    pieces = ["A.", "et al.", " et al.", "xet al.", "Eds.", "Ed.", " Vol.", "No.", "pp.", "vs.", "J.", "aJ.", "\n",
              " ", "word.", "Jr.", "St.", "é", "1."]
    for a, b, c in itertools.product(pieces, repeat=3):
        text = a + b + c
        assert bool(_INITIAL_END.search(text[-_INITIAL_END_TAIL:])) == bool(_INITIAL_END.search(text)), text


def test_reference_patterns_keep_their_matches() -> None:
    """The guarded year pattern and the DOI pre-test find what the plain patterns find."""
    from scanner.ingest.references import _DOI, _YEAR

    plain_year = re.compile(r"(?<![\d/.])(1[89]\d\d|20[0-3]\d)[a-z]?(?![\d/])")
    samples = ["Smith, J. (2019a). Title. In Proc. 2020.", "vol. 1999/2000, 2021b", "x.2019 /2018 2039 1899 18999",
               "doi:10.1145/3292500.3330701.", "DOI 10.18653/v1/2020.acl-main.447", "no year here"]
    for text in samples:
        assert _YEAR.findall(text) == plain_year.findall(text)
        assert ("10." in text) or _DOI.search(text) is None


def test_clean_line_agrees_with_its_reference_on_every_code_point() -> None:
    """NFKC leaves no ligature to replace, and folding by replace() equals translate(_FOLD)."""
    for lig, plain in LIGATURES.items():
        assert unicodedata.normalize("NFKC", lig) == plain
    for code in range(0x80, 0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates: never in extracted text
        line = f"a{chr(code)}b {chr(code)}\u2019"
        assert clean_line(line) == _clean_line_in_full(line), hex(code)


def test_caption_and_inline_abstract_shapes_start_with_their_first_letters() -> None:
    """The first-character tests in structure.py hold for every alternative of the patterns."""
    from scanner.ingest.structure import _CAPTION, _CAPTION_FIRST, _INLINE_ABSTRACT

    for text in ["Table 1: x", "TABLE 2.", "Figure 3 |", "FIGURE 4", "Fig. 5:", "Fig.6"]:
        assert _CAPTION.match(text) and text[0] in _CAPTION_FIRST
    for text in ["Abstract - We", "ABSTRACT: we", "Abstract. Here"]:
        assert _INLINE_ABSTRACT.match(text) and text[0] == "A"
    assert {alt[0] for alt in _CAPTION.pattern.split("(?P<kind>")[1].split(")")[0].split("|")} == set(_CAPTION_FIRST)


@pytest.mark.parametrize(("title", "kind"), [("2 Related Literature", "related_work"),
                                             ("Related Research", "related_work"),
                                             ("2 Related Work", "related_work"),
                                             ("4 Related Experiments", "experiments")])
def test_related_literature_headings_are_related_work(title: str, kind: str) -> None:
    from scanner.ingest.structure import kind_of

    assert kind_of(title, after_references=False) == kind
