"""Sections, title, authors, affiliations and captions from placed lines (pure).

Headings are recognised by shape (numbered ``3.1 Setup``, roman ``IV. RESULTS``, lettered
appendix ``B Proofs``, or a known unnumbered name such as *Abstract*, *Limitations*,
*Acknowledgments*) and by typography (bold or larger than the running text). Each heading gets
a canonical ``kind`` so that detectors can ask for "the limitations section" whatever it is
called.
"""

from __future__ import annotations

import re

from scanner.ingest.layout import TextLine
from scanner.ingest.references import parse_references
from scanner.paper import Caption, Paper, Section

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-Z\u4e00-\u9fff][^\n]{1,90})$")
_CHAPTER = re.compile(r"^(?:CHAPTER|Chapter)\s+(?P<num>\d{1,2}|[IVX]{1,5})\b[.:]?\s*(?P<title>[^\n]{0,90})$|"
                      r"^第(?P<cnum>[一二三四五六七八九十\d]{1,3})章\s*(?P<ctitle>[^\n]{0,60})$")
_TOC_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d*$")
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<title>[A-Z][^\n]{1,90})$")
_LETTERED = re.compile(r"^(?:Appendix\s+)?(?P<num>[A-H](?:\.\d{1,2}){0,2})[.:]?\s+(?P<title>[A-Z][^\n]{1,90})$")
_CAPTION = re.compile(r"^(?P<kind>Table|TABLE|Figure|FIGURE|Fig\.)\s*(?P<no>[A-Z]?\d{1,3})\s*(?:[:.|]|$)")
_CAPTION_FIRST = "TF"  # every _CAPTION match starts with one of these (case-sensitive): no regex call for others
_INLINE_ABSTRACT = re.compile(r"^(Abstract|ABSTRACT)\s*[-—.:]\s*\S")

KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("checklist", re.compile(r"checklist\s*$|responsible nlp", re.I)),  # not "Checklist Coverage Analysis"
    ("abstract", re.compile(r"^abstract$|^摘\s*要$", re.I)),
    ("introduction", re.compile(r"^introduction|^motivation|引言|绪论", re.I)),
    ("related_work", re.compile(r"related (?:work|literature|research)|background|prior work|literature review|"
                                r"previous work", re.I)),
    ("limitations", re.compile(r"limitation|threats to validity|caveats", re.I)),
    ("ethics", re.compile(r"ethic|broader impact|societal impact|impact statement", re.I)),
    ("contributions", re.compile(r"author contributions?|contributions? statement|credit author", re.I)),
    ("acknowledgments", re.compile(r"acknowledg|thanks|^致\s*谢$", re.I)),
    ("funding", re.compile(r"^funding|financial support|disclosure|competing interest|conflicts? of interest", re.I)),
    ("references", re.compile(r"^(references|bibliography|works cited|literature cited|reference list|参考文献)$",
                              re.I)),
    ("appendix", re.compile(r"appendix|appendices|supplementa", re.I)),
    ("conclusion", re.compile(r"conclu|summary|future work|closing|结论|总结", re.I)),
    ("discussion", re.compile(r"discussion", re.I)),
    ("results", re.compile(r"result|findings|analysis|performance|comparison", re.I)),
    ("experiments", re.compile(r"experiment|evaluation|setup|empirical|benchmark|study \d|^study", re.I)),
    ("method", re.compile(r"method|approach|model|framework|algorithm|architecture|design|procedure|proposed", re.I)),
    ("data", re.compile(r"data|corpus|participants|materials", re.I)),
]
UNNUMBERED = re.compile(
    r"^(abstract|introduction|related work|background|methods?|materials and methods|experiments?|"
    r"results|results and discussion|discussion|general discussion|limitations|conclusions?|"
    r"acknowledge?ments?|funding|references|bibliography|appendix|appendices|supplementary material|"
    r"broader impacts?|ethics statement|ethical considerations|impact statement|author contributions|"
    r"competing interests|conflicts? of interest|declaration of competing interest|data availability|"
    r"code availability|neurips paper checklist|paper checklist|(?:acl \d{4} )?responsible nlp checklist|"
    r"limitations and future work|"
    r"method|overview|future work|concluding remarks|summary|摘\s*要|参考文献|致\s*谢)[.:]?$",
    re.I,
)


def kind_of(title: str, *, after_references: bool) -> str:
    """Canonical kind of a heading title."""
    bare = re.sub(r"^[\dA-Z]{1,3}(\.\d+)*\.?\s+", "", title.strip()) if title[:1].isdigit() else title.strip()
    for kind, pattern in KINDS:
        if pattern.search(bare):
            if after_references and kind not in ("checklist", "limitations", "appendix", "ethics", "references",
                                                 "contributions"):
                return "appendix"
            return kind
    return "appendix" if after_references else "other"


def _heading(line: TextLine, body: float, after_refs: bool) -> tuple[str | None, int] | None:
    """(number, level) if ``line`` looks like a section heading, else None."""
    text = line.text.strip()
    if len(text) > 100 or len(text) < 3:
        return None
    emphasised = line.bold or line.size >= body + 0.6
    if not (emphasised or line.block_start or text.isupper()):
        return None  # exact shortcut: each heading shape below needs one of these three
    caption = text[:1] in _CAPTION_FIRST and _CAPTION.match(text)
    if caption or (text.count(".") >= 4 and _TOC_LEADER.search(text)):  # a leader has 4+ dots
        return None
    chapter = _CHAPTER.match(text)
    if chapter and (emphasised or (line.block_start and not text.startswith("Chapter"))):
        return chapter.group("num") or chapter.group("cnum"), 1
    if UNNUMBERED.match(text) and (emphasised or line.block_start or text.isupper()):
        return None, 1
    if not emphasised or text.endswith((",", ";")) or len(text.split()) > 14:
        return None
    for pattern in (_NUMBERED, _ROMAN) + ((_LETTERED,) if after_refs else ()):
        m = pattern.match(text)
        if m and not re.search(r"\d{3,}|[=<>%]", m.group("title")):
            num = m.group("num")
            return num, num.count(".") + 1
    return None


def find_sections(paper: Paper, lines: list[TextLine], body: float) -> list[Section]:
    """Sections of the paper in document order, each ending where the next heading starts."""
    found: list[tuple[TextLine, str | None, int]] = []
    after_refs = False
    for ln in lines:
        inline_abstract = ln.text[:1] == "A" and _INLINE_ABSTRACT.match(ln.text)  # it starts with "A"
        if inline_abstract and not any(kind_of(f[0].text, after_references=False) == "abstract" for f in found):
            found.append((TextLine(ln.offset, "Abstract", ln.page, ln.size, True, True, ln.x0), None, 1))
            continue
        head = _heading(ln, body, after_refs)
        if head is None:
            continue
        if found and found[-1][0].text.strip() == ln.text.strip() and ln.offset - found[-1][0].offset < 40:
            continue  # the same heading twice in a row (template artefact)
        found.append((ln, head[0], head[1]))
        if kind_of(ln.text, after_references=False) == "references":
            after_refs = True
    sections = []
    seen_refs = in_checklist = False
    for i, (ln, number, level) in enumerate(found):
        end = found[i + 1][0].offset if i + 1 < len(found) else len(paper.text)
        kind = "checklist" if in_checklist else kind_of(ln.text, after_references=seen_refs)
        seen_refs = seen_refs or kind == "references"
        in_checklist = in_checklist or kind == "checklist"
        sections.append(
            Section(
                title=ln.text.strip(),
                kind=kind,
                level=level,
                number=number,
                start=ln.offset,
                end=end,
                page_start=ln.page,
                page_end=paper.page_at(max(ln.offset, end - 1)),
            )
        )
    return sections


def find_captions(lines: list[TextLine]) -> list[Caption]:
    """Table and figure captions with the text of their block (first ~300 characters)."""
    caps = []
    for i, ln in enumerate(lines):
        m = _CAPTION.match(ln.text) if ln.text[:1] in _CAPTION_FIRST else None
        if not m:
            continue
        text = ln.text
        for nxt in lines[i + 1 : i + 6]:
            if nxt.block_start or len(text) > 300:
                break
            text += " " + nxt.text
        kind = "table" if m.group("kind").lower().startswith("tab") else "figure"
        label = f"{'Table' if kind == 'table' else 'Figure'} {m.group('no')}"
        caps.append(Caption(kind=kind, label=label, text=text[:400], start=ln.offset, page=ln.page))
    return caps


_AFFIL = re.compile(
    r"universit|institut|college|school|department|dept\.|laborator|\blab\b|research|inc\.|corp|"
    r"google|microsoft|meta |openai|deepmind|allen|centre|center|academy|@|\.edu|\.com|hospital|"
    r"faculty|ltd|gmbh|foundation|\b[A-Z]{2,}\b,",
    re.I,
)
_YEAR_STAMP = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")


def front_matter(paper: Paper, lines: list[TextLine], body: float) -> None:
    """Title, authors, affiliations and year from page 1 and the PDF metadata."""
    first = [ln for ln in lines if ln.page == 1]
    head_end = next((s.start for s in paper.sections if s.page_start == 1), None)
    top = [ln for ln in first if head_end is None or ln.offset < head_end][:40]
    meta_title = paper.metadata.get("title", "").strip()
    if _plausible_title(meta_title):
        paper.title = meta_title
    elif top:
        biggest = max(ln.size for ln in top[:15] if not ln.text.lower().startswith("arxiv:"))
        title_lines = []
        for ln in top:
            if ln.text.lower().startswith("arxiv:"):
                continue
            if ln.size == biggest:
                title_lines.append(ln.text)
            elif title_lines:
                break
        paper.title = " ".join(title_lines)[:300]
    after_title = [ln for ln in top if ln.text not in paper.title and ln.size < max((x.size for x in top), default=0)]
    authors: list[str] = []
    affils: list[str] = []
    for ln in after_title[:16]:
        text = ln.text.strip()
        if _AFFIL.search(text):
            affils.append(text)
        elif len(text.split()) <= 24 and not text.endswith(".") and len(authors) < 40:
            authors += _split_names(text)
    meta_author = paper.metadata.get("author", "").strip()
    if not authors and meta_author:
        authors = _split_names(meta_author)
    paper.authors = authors[:40]
    paper.affiliations = affils
    years = [int(y) for y in _YEAR_STAMP.findall(paper.text[: (paper.page_starts + [len(paper.text)])[1]])]
    paper.year = max(years) if years else _metadata_year(paper.metadata)


def _plausible_title(title: str) -> bool:
    low = title.lower()
    return len(title.split()) >= 3 and not low.endswith((".pdf", ".dvi", ".doc", ".docx", ".tex")) and \
        "microsoft word" not in low and not low.startswith("untitled")


def _split_names(text: str) -> list[str]:
    text = re.sub(r"[\d∗*†‡§¶,]+(?=\s|$)", ",", text)
    parts = re.split(r",|\band\b|&|·|;", text)
    names = []
    for p in parts:
        p = p.strip(" ∗*†‡§¶0123456789")
        if 1 < len(p.split()) <= 5 and all(w[:1].isupper() for w in p.split() if w[:1].isalpha()):
            names.append(p)
    return names


def _metadata_year(meta: dict[str, str]) -> int | None:
    m = re.search(r"(19|20)\d\d", meta.get("creationDate", ""))
    return int(m.group(0)) if m else None


def build_paper(paper: Paper, lines: list[TextLine], body: float) -> None:
    """Fill sections, captions, front matter and references of a freshly laid-out paper."""
    paper.sections = find_sections(paper, lines, body)
    paper.captions = find_captions(lines)
    front_matter(paper, lines, body)
    spans = [(s.start, s.end) for s in paper.sections_of("references")]
    if len(spans) == 1:  # the usual case, without a generator per line
        (start, end), = spans
        paper.references = parse_references(paper, [ln for ln in lines if start < ln.offset < end])
    elif spans:
        paper.references = parse_references(
            paper, [ln for ln in lines if any(start < ln.offset < end for start, end in spans)]
        )
