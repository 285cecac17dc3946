"""Pydantic models of scan.json v2: the single source of ``schemas/scan.schema.json``.

The required core follows ``seeds/scan.example.json`` exactly; everything the scanner adds
(evidence locations, red-flag kinds, provenance, statistics, hidden text, the authors' own
checklist) is optional, so any v2 scan written by another tool still validates.
Regenerate the schema with ``make schemas``; ``tests/test_schema.py`` fails on drift.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, StringConstraints, model_serializer

SnakeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Support = Literal["strong", "moderate", "weak"]
Severity = Literal["high", "medium", "low"]


class Strict(BaseModel):
    """Base for every scan.json model: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")

    @model_serializer(mode="wrap")
    def _drop_unset_optionals(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        """Omit optional extensions that are None; required nullable fields stay (as null)."""
        data: dict[str, object] = handler(self)
        fields = type(self).model_fields
        return {k: v for k, v in data.items() if v is not None or (k in fields and fields[k].is_required())}


class Evidence(Strict):
    """A verbatim quote located in the paper; only :mod:`scanner.evidence` creates these."""

    quote: str = Field(description="Verbatim text of the paper (whitespace normalised).")
    page: int | None = Field(default=None, description="1-based PDF page of the quote's start.")
    section: str | None = Field(default=None, description="Title of the section holding the quote.")
    file: str | None = Field(default=None, description="Source file for LaTeX/Markdown drafts.")
    line: int | None = Field(default=None, description="1-based line in `file` for drafts.")


class PaperInfo(Strict):
    """Bibliographic block of the scanned paper."""

    title: str = Field(description="Paper title.")
    authors: list[str] = Field(description="Author names in order.")
    year: int | None = Field(description="Publication year, null when unknown.")
    venue: str = Field(description="Venue, 'arXiv' for preprints, 'unknown' when not found.")
    arxiv_id: str | None = Field(default=None, description="arXiv identifier, with version if known.")
    doi: str | None = Field(default=None, description="DOI (10.48550/arXiv.ID for arXiv papers).")


class Claim(Strict):
    """One of the paper's main empirical claims and how well the body supports it."""

    claim: str = Field(description="The claim, quoted or closely paraphrased from the paper.")
    evidence: str = Field(description="Where the body supports it (table, figure, section).")
    supported: Support = Field(description="strong / moderate / weak per RUBRIC.md.")
    locations: list[Evidence] | None = Field(
        default=None, description="Grounded quotes of the claim and of its support in the body."
    )
    engine: str | None = Field(
        default=None, description="'llm' when a model wrote the claim (verified); absent for the rules."
    )


class ChecklistItem(Strict):
    """One answered checklist question."""

    applies: bool = Field(description="Whether the question makes sense for this paper.")
    answer: bool = Field(description="True when the good practice is present (false if not applies).")
    justification: str = Field(description="Where the answer comes from, quoting the paper.")
    evidence: list[Evidence] | None = Field(
        default=None, description="Grounded quotes behind the answer (page, section)."
    )
    engine: str | None = Field(
        default=None, description="What produced this answer: 'rules', 'llm' or 'llm->rules' (fallback)."
    )


class RedFlag(Strict):
    """A concrete problem a careful reviewer would raise."""

    flag: str = Field(description="Short name of the problem.")
    detail: str = Field(description="What and where, pointing to the place in the paper.")
    kind: SnakeId | None = Field(
        default=None, description="Stable id, e.g. single_run, statistics_inconsistency, hidden_text."
    )
    severity: Severity | None = Field(default=None, description="high / medium / low.")
    evidence: list[Evidence] | None = Field(default=None, description="Grounded quotes of the problem.")
    engine: str | None = Field(
        default=None, description="'llm' when a model raised the flag (verified); absent for the rules."
    )


class CitedPaper(Strict):
    """One entry of the paper's reference list."""

    title: str = Field(description="Title of the cited work.")
    authors: list[str] = Field(description="Author names as printed.")
    year: int | None = Field(description="Year of the cited work, null when the entry has none.")
    arxiv_id: str | None = Field(default=None, description="arXiv id when the entry gives one.")
    doi: str | None = Field(default=None, description="DOI when the entry gives one.")
    relevance: str = Field(description="Why the paper cites it, from the citing sentence.")


class Provenance(Strict):
    """What produced this scan, so that a scan can always be traced and reproduced."""

    tool: str = Field(default="paper-scan", description="Name of the producing tool.")
    tool_version: str = Field(description="Version of paper-scan.")
    rubric_versions: dict[str, str] = Field(description="Rubric id -> rubric version used.")
    engine: str = Field(description="Answer engine: 'offline' or 'llm'.")
    model: str | None = Field(default=None, description="LLM model name when the llm engine ran.")
    parser: str = Field(description="Text extraction: 'pymupdf', 'latex' or 'markdown'.")
    parser_version: str = Field(description="Version of the parser library (or of paper-scan).")
    source: str = Field(description="What the user asked to scan: a path, an arXiv id or URL.")
    input_sha256: str = Field(description="SHA-256 of the scanned input bytes.")
    pages: int = Field(description="Number of pages (lines for drafts) in the input.")
    created: str = Field(description="UTC timestamp of the scan, ISO 8601.")
    llm: dict[str, int | float | str] | None = Field(
        default=None, description="LLM accounting: tokens, cost, cache hits, ungrounded quotes."
    )
    notes: list[str] | None = Field(default=None, description="Fallbacks and other notes of the run.")


class StatisticResult(Strict):
    """One reported statistical result, recomputed where possible (t/F/chi2/r/z, GRIM, percent)."""

    quote: str = Field(description="Verbatim text of the result in the paper (grounded, whitespace normalised).")
    page: int | None = Field(default=None, description="1-based PDF page of the result.")
    section: str | None = Field(default=None, description="Title of the section holding the result.")
    test: Literal["t", "F", "chi2", "r", "z", "grim", "percent"] = Field(
        description="Kind of result: a test statistic, a mean checked by GRIM, or a percentage."
    )
    reported: str = Field(
        description="The result as read after repairing extraction damage, e.g. t(28) = 2.10, p = .045."
    )
    statistic: float | None = Field(default=None, description="Reported test statistic (t, F, chi2, r or z).")
    df1: float | None = Field(default=None, description="Degrees of freedom (first df of F).")
    df2: float | None = Field(default=None, description="Second degrees of freedom of F.")
    n: int | None = Field(default=None, description="Stated sample size or denominator, when given.")
    p_comparison: Literal["=", "<", ">", "ns"] | None = Field(default=None, description="How p is reported.")
    p_reported: float | None = Field(default=None, description="Reported p-value (null for ns).")
    recomputed_p: float | None = Field(
        default=None,
        description="p recomputed with scipy.stats from the statistic and df as written (two-sided for t/r/z).",
    )
    mean: float | None = Field(default=None, description="Reported mean (GRIM).")
    percent: float | None = Field(default=None, description="Reported percentage.")
    smallest_n: int | None = Field(
        default=None, description="Smallest denominator that can produce the reported percentage or mean."
    )
    verdict: Literal["consistent", "inconsistent", "decision_inconsistent", "not_checkable"] = Field(
        description="statcheck-style verdict; decision_inconsistent when significance at .05 flips."
    )
    note: str | None = Field(default=None, description="Why the verdict was reached, when not obvious.")


class HiddenText(Strict):
    """A passage a reader cannot see but a text extractor (and an LLM) does."""

    page: int = Field(description="1-based PDF page holding the passage.")
    text: str = Field(description="The hidden text as extracted (not part of the paper's text).")
    reasons: list[str] = Field(description="Why it is invisible: tiny font, white on white, off the page, ...")
    flagged: bool = Field(description="True when it addresses an AI/LLM/reviewer or gives instructions.")
    extractable: bool | None = Field(
        default=None, description="False when a plain page.get_text() does not return it (off the page)."
    )


class AuthorAnswer(Strict):
    """One question of the authors' own checklist (NeurIPS Paper Checklist, ACL Responsible NLP)."""

    number: str = Field(description="Question number or label as printed (e.g. '7', 'A1').")
    question: str = Field(description="Question title or text as printed.")
    answer: Literal["yes", "no", "na", "todo", "blank"] = Field(description="The authors' answer.")
    items: list[str] = Field(description="Our checklist items ('category.item') the question maps onto.")
    justification: Evidence | None = Field(default=None, description="The authors' justification, quoted.")
    verdict: Literal["agrees", "contradicted", "not_checked"] | None = Field(
        default=None, description="contradicted: answered Yes but our scan found no evidence in the body."
    )


class AuthorChecklist(Strict):
    """The authors' own checklist, parsed."""

    kind: Literal["neurips", "acl"] = Field(description="Which checklist template.")
    answers: list[AuthorAnswer] = Field(description="Parsed questions in order.")
    unfilled: int = Field(description="Answers still [TODO] or left blank.")


class Scan(Strict):
    """A complete scan.json (version 2)."""

    paper: PaperInfo = Field(description="The scanned paper.")
    scan_version: Literal[2] = Field(description="Format version; always 2.")
    active_modules: list[SnakeId] = Field(description="Optional rubric modules that ran.")
    methodology_tags: list[str] = Field(description="Kebab-case methodology tags.")
    key_findings: str = Field(description="2-4 sentences of what the paper found, in its numbers.")
    claims: list[Claim] = Field(description="Main empirical claims and their support.")
    checklist: dict[SnakeId, dict[SnakeId, ChecklistItem]] = Field(
        description="Category -> item id -> answer; every active rubric's items are present."
    )
    red_flags: list[RedFlag] = Field(description="Concrete problems with their location.")
    cited_papers: list[CitedPaper] = Field(description="The parsed reference list.")
    provenance: Provenance | None = Field(default=None, description="What produced this scan.")
    statistics: list[StatisticResult] | None = Field(
        default=None, description="Reported statistical results found in the paper, each recomputed and judged."
    )
    hidden_text: list[HiddenText] | None = Field(
        default=None, description="Text invisible to a reader (white, tiny, off-page, covered); kept out of answers."
    )
    author_checklist: AuthorChecklist | None = Field(
        default=None, description="The authors' own checklist answers, mapped onto our items and checked."
    )
