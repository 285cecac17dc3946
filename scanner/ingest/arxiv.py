"""The only arXiv client: ids and URLs, Atom metadata, the PDF, the cache, politeness.

``scan 2512.22293`` (or ``arXiv:2512.22293v2``, ``https://arxiv.org/abs/2512.22293``,
``.../pdf/2512.22293v1``, ``hep-th/9901001``) ends up in :func:`load_arxiv`:

1. :func:`parse_arxiv_id` turns what the user typed into an :class:`ArxivId`;
2. the cache (:mod:`scanner.cache`) answers if it holds this id+version, with no request;
3. otherwise the metadata comes from the arXiv API (Atom, parsed by the ``arxiv`` package's
   feed parser) and the PDF from arxiv.org; a truncated, HTML or damaged download is retried
   and never cached;
4. the PDF goes through the normal PDF ingestion and the bibliographic fields of the Paper
   are replaced by the API's (title, authors, year, venue arXiv, id, DOI 10.48550/arXiv.ID).

Every request waits for its slot on :data:`scanner.ratelimit.ARXIV` (one per 3 s, process
wide) and is retried by tenacity (bounded, exponential backoff with jitter, ``Retry-After``
honoured) on timeouts, connection errors, 429, 5xx and rate-limit 403s. The ``arxiv``
package's own ``Client`` is not used for requests: since 4.0 it cannot download PDFs and its
retries have no backoff and ignore ``Retry-After``; we would stack two retry layers.
"""

from __future__ import annotations

import argparse
import email.utils
import logging
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from arxiv import _feed  # the package's Atom parser; its public Client cannot honour Retry-After
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential, wait_random

from scanner import __version__
from scanner.cache import PaperCache
from scanner.errors import FetchError, InputError
from scanner.paper import Paper
from scanner.ratelimit import ARXIV

__all__ = [
    "API_URL",
    "MAX_ATTEMPTS",
    "ArxivClient",
    "ArxivId",
    "ArxivRecord",
    "add_arguments",
    "fetch_arxiv",
    "is_arxiv_source",
    "load_arxiv",
    "parse_arxiv_id",
]

log = logging.getLogger(__name__)

API_URL = "https://export.arxiv.org/api/query"
PDF_URL = "https://arxiv.org/pdf/{id}"
MAX_ATTEMPTS = 5
MAX_RETRY_AFTER = 120.0  # seconds; a longer Retry-After is capped rather than obeyed blindly
USER_AGENT = f"paper-scan/{__version__} (research-paper reviewer; one request per 3 s)"
TIMEOUT = httpx.Timeout(60.0, connect=10.0)

# New style (since 2007-04): YYMM.NNNN or YYMM.NNNNN; old style: archive[.SC]/YYMMNNN.
_ID = (
    r"(?P<base>\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}"
    r"|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3})"
    r"(?:v(?P<version>[1-9]\d*))?"
)
_BARE = re.compile(rf"(?:arxiv:\s*)?{_ID}", re.IGNORECASE)
_URL = re.compile(
    rf"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/{_ID}(?:\.pdf)?/?(?:[?#].*)?",
    re.IGNORECASE,
)
_DOI = re.compile(rf"(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.{_ID}", re.IGNORECASE)
_ARXIV_HOST = re.compile(r"(?:https?://)?(?:[\w-]+\.)?arxiv\.org/", re.IGNORECASE)
# arXiv's withdrawal notices: "This paper has been withdrawn by the author(s) ...", "Withdrawn: ...".
_WITHDRAWN = re.compile(
    r"^\W*withdrawn\b|\b(?:paper|article|submission|manuscript|preprint|version|work)\s+"
    r"(?:has been|have been|is|was|were)\s+withdrawn\b|\bwithdrawn by (?:the )?(?:authors?|arxiv)",
    re.IGNORECASE,
)
_RATE_LIMIT_TEXT = re.compile(r"rate.?limit|too many requests|slow down", re.IGNORECASE)


@dataclass(frozen=True)
class ArxivId:
    """An arXiv identifier: versionless ``base`` and an optional version number."""

    base: str
    version: int | None = None

    def __str__(self) -> str:
        return self.base if self.version is None else f"{self.base}v{self.version}"


def parse_arxiv_id(text: str) -> ArxivId | None:
    """The arXiv id in ``text`` (bare id, ``arXiv:`` id, abs/pdf URL, arXiv DOI) or None."""
    text = text.strip()
    for pattern in (_BARE, _URL, _DOI):
        m = pattern.fullmatch(text)
        if m:
            version = m.group("version")
            return ArxivId(_canonical_base(m.group("base")), int(version) if version else None)
    return None


def _canonical_base(base: str) -> str:
    if "/" not in base:
        return base
    archive, number = base.split("/")
    name, _, subject = archive.partition(".")
    return f"{name.lower()}{'.' + subject.upper() if subject else ''}/{number}"


def is_arxiv_source(text: str) -> bool:
    """True when ``text`` names an arXiv paper or points at arxiv.org (valid or not)."""
    return parse_arxiv_id(text) is not None or bool(_ARXIV_HOST.match(text.strip()))


@dataclass
class ArxivRecord:
    """The API metadata of one version of a paper (what the cache stores as JSON)."""

    base: str
    version: int
    title: str
    authors: list[str]
    published: str
    updated: str
    comment: str | None = None
    journal_ref: str | None = None
    primary_category: str = ""
    categories: list[str] = field(default_factory=list)

    @property
    def versioned_id(self) -> str:
        """``base`` plus ``vN``."""
        return f"{self.base}v{self.version}"

    @property
    def doi(self) -> str:
        """arXiv's own DataCite DOI (versionless)."""
        return f"10.48550/arXiv.{self.base}"

    @property
    def year(self) -> int | None:
        """Year of the first version (arXiv's ``published``)."""
        return int(self.published[:4]) if self.published[:4].isdigit() else None

    @property
    def withdrawn(self) -> bool:
        """Whether the authors' comment says this version is withdrawn."""
        return bool(self.comment and _WITHDRAWN.search(self.comment))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the cache."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArxivRecord | None:
        """Rebuild a cached record; None when the cache file is from another format."""
        try:
            return cls(**data)
        except TypeError:
            return None


class _Transient(Exception):
    """A failure worth retrying; ``retry_after`` is the server's wish in seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _BadDownload(_Transient):
    """The PDF body is truncated, HTML, or cannot be opened."""


class _wait_server_or_backoff(wait_base):
    """``Retry-After`` when the server sent one, exponential backoff with jitter otherwise."""

    def __init__(self) -> None:
        self.backoff = wait_exponential(multiplier=3, max=60) + wait_random(0, 3)

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return exc.retry_after
        return float(self.backoff(retry_state))


def _sleep(seconds: float) -> None:
    time.sleep(seconds)  # looked up at call time so tests can patch this module's clock


def _log_retry(retry_state: RetryCallState) -> None:
    exc = retry_state.outcome.exception() if retry_state.outcome else None
    wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
    log.warning(
        "arXiv request failed (%s), attempt %d of %d; retrying in %.1f s",
        _reason(exc), retry_state.attempt_number, MAX_ATTEMPTS, wait,
    )


def _reason(exc: BaseException | None) -> str:
    if isinstance(exc, _Transient):
        return exc.reason
    return type(exc).__name__ if exc is not None else "unknown error"


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _raise_if_transient(resp: httpx.Response) -> None:
    code = resp.status_code
    rate_limited_403 = code == 403 and (
        "retry-after" in resp.headers or bool(_RATE_LIMIT_TEXT.search(resp.text[:2000]))
    )
    if code == 429 or code >= 500 or rate_limited_403:
        retry_after = _retry_after(resp)
        if retry_after is not None:
            ARXIV.defer(retry_after)  # every worker of this process backs off, not just us
        raise _Transient(f"HTTP {code}", retry_after)


def _check_pdf(resp: httpx.Response) -> None:
    """Raise _BadDownload unless the 200 body is a complete PDF that pymupdf opens."""
    if resp.status_code != 200:
        return
    data = resp.content
    declared = resp.headers.get("content-length", "")
    encoded = "content-encoding" in resp.headers  # the length then counts compressed bytes
    if declared.isdigit() and not encoded and int(declared) != len(data):
        raise _BadDownload(f"truncated download ({len(data)} of {declared} bytes)")
    if not data.startswith(b"%PDF-"):
        kind = resp.headers.get("content-type", "unknown type").split(";")[0]
        raise _BadDownload(f"not a PDF ({kind}, no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise _BadDownload(f"truncated PDF ({len(data)} bytes, no %%EOF trailer)")
    from scanner.ingest.pdf import check_pdf_bytes

    try:
        check_pdf_bytes(data, str(resp.url))
    except InputError as exc:
        raise _BadDownload(f"damaged PDF ({exc.message})") from exc


def _check_feed(resp: httpx.Response) -> None:
    if resp.status_code == 200 and _feed.parse(resp.content).malformed:
        raise _Transient("malformed Atom feed")


def _http_client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}, follow_redirects=True)


class ArxivClient:
    """Polite, retrying HTTP access to the arXiv API and PDFs (use as a context manager)."""

    def __init__(self, client: httpx.Client | None = None, *, attempts: int = MAX_ATTEMPTS) -> None:
        self.client = client or _http_client()
        self.attempts = attempts

    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def get(
        self, url: str, what: str, check: Callable[[httpx.Response], None] | None = None
    ) -> httpx.Response:
        """GET ``url`` after the rate limiter, retrying transient failures; FetchError at the end."""
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=_wait_server_or_backoff(),
            retry=retry_if_exception_type((_Transient, httpx.TransportError)),
            sleep=_sleep,
            before_sleep=_log_retry,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    ARXIV.wait()
                    log.debug("GET %s", url)
                    resp = self.client.get(url)
                    _raise_if_transient(resp)
                    if check:
                        check(resp)
            return resp
        except (_Transient, httpx.TransportError) as exc:
            raise FetchError(
                f"{what}: gave up after {self.attempts} attempts ({_reason(exc)}) at {url}",
                hint="arXiv may be down, rate-limiting or unreachable from here; check your "
                "connection or proxy and try again in a few minutes, or download the PDF and scan the file",
            ) from exc

    def record(self, aid: ArxivId) -> ArxivRecord:
        """The API metadata of ``aid`` (latest version when unversioned)."""
        url = f"{API_URL}?{urlencode({'id_list': str(aid), 'max_results': '1'})}"
        resp = self.get(url, f"arXiv metadata of {aid}", _check_feed)
        if resp.status_code != 200:
            raise _not_found(aid) if resp.status_code in (400, 404) else FetchError(
                f"arXiv metadata of {aid}: HTTP {resp.status_code} at {url}",
                hint="try again later, or download the PDF and scan the file",
            )
        entries = [r for r in _feed.parse(resp.content).results if "/api/errors" not in r.entry_id]
        if not entries:
            raise _not_found(aid)
        return _record_of(entries[0])

    def pdf(self, record: ArxivRecord) -> bytes:
        """The checked PDF bytes of ``record``'s version."""
        url = PDF_URL.format(id=record.versioned_id)
        resp = self.get(url, f"PDF of arXiv {record.versioned_id}", _check_pdf)
        if resp.status_code != 200:
            raise FetchError(
                f"PDF of arXiv {record.versioned_id}: HTTP {resp.status_code} at {url}",
                hint="the version may be withdrawn or not yet available; see https://arxiv.org/abs/"
                + record.versioned_id,
            )
        return resp.content


def _not_found(aid: ArxivId) -> FetchError:
    return FetchError(
        f"arXiv has no paper {aid}",
        hint=f"check the id at https://arxiv.org/abs/{aid}; "
        "ids look like 2512.22293, 2512.22293v2 or hep-th/9901001",
    )


def _record_of(result: Any) -> ArxivRecord:
    short = result.get_short_id()
    m = re.fullmatch(_ID, short)
    if not m or not m.group("version"):
        raise FetchError(f"arXiv answered with an unexpected entry id {result.entry_id}")
    return ArxivRecord(
        base=m.group("base"),
        version=int(m.group("version")),
        title=" ".join(result.title.split()),
        authors=[a.name for a in result.authors],
        published=result.published.isoformat(),
        updated=result.updated.isoformat(),
        comment=result.comment,
        journal_ref=result.journal_ref,
        primary_category=result.primary_category,
        categories=list(result.categories),
    )


def _withdrawn_error(record: ArxivRecord) -> FetchError:
    if record.version > 1:
        hint = f"scan {record.base}v{record.version - 1} for the last version before it"
    else:
        hint = "there is no earlier version to scan"
    reason = " ".join((record.comment or "").split())
    return FetchError(f"arXiv {record.versioned_id} was withdrawn by its authors ({reason})", hint=hint)


def fetch_arxiv(
    aid: ArxivId, *, offline: bool = False, cache_dir: str | Path | None = None
) -> tuple[ArxivRecord, Path]:
    """Metadata and the path of a complete PDF for ``aid``, from the cache when it has them."""
    cache = PaperCache(cache_dir)
    meta = cache.get_meta(aid.base, aid.version)
    record = ArxivRecord.from_dict(meta) if meta else None
    cached = cache.get_pdf(record.base, record.version) if record else None
    if record and cached:
        log.info("arXiv %s from the cache (%s)", record.versioned_id, cached)
        return record, cached
    if offline:
        raise FetchError(
            f"arXiv {aid} is not in the cache at {cache.root} and --offline forbids downloading",
            hint="run once without --offline to fetch it, or point --cache-dir at a cache that has it",
        )
    with ArxivClient() as client:
        record = record or client.record(aid)
        if record.withdrawn:
            raise _withdrawn_error(record)
        path = cache.get_pdf(record.base, record.version)  # e.g. fetched before under its vN id
        if path is None:
            log.info("fetching arXiv %s: %s", record.versioned_id, record.title)
            path = cache.put_pdf(record.base, record.version, client.pdf(record))
    cache.put_meta(record.base, record.version, record.to_dict(), latest=aid.version is None)
    return record, path


def load_arxiv(source: str, *, offline: bool = False, cache_dir: str | Path | None = None) -> Paper:
    """Fetch (or read from the cache) the arXiv paper ``source`` names and ingest its PDF."""
    aid = parse_arxiv_id(source)
    if aid is None:
        raise InputError(
            f"{source}: not an arXiv id or abs/pdf URL",
            hint="ids look like 2512.22293, arXiv:2512.22293v2 or hep-th/9901001",
        )
    record, path = fetch_arxiv(aid, offline=offline, cache_dir=cache_dir)
    from scanner.ingest.pdf import load_pdf

    paper = load_pdf(path, source=source)
    paper.title = record.title
    paper.authors = list(record.authors)
    paper.year = record.year
    paper.metadata.update(venue="arXiv", arxiv_id=record.versioned_id, doi=record.doi)
    return paper


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--offline`` and ``--cache-dir`` (registered in ``cli.ARGUMENT_PROVIDERS``)."""
    group = parser.add_argument_group("arXiv")
    group.add_argument("--offline", action="store_true",
                       help="never contact arXiv: scan an arXiv id only from the cache, fail otherwise")
    group.add_argument("--cache-dir", metavar="DIR", default=None,
                       help="cache folder for fetched papers (default: $PAPERSCAN_CACHE_DIR, "
                       "else the user cache dir, e.g. ~/.cache/paper-scan)")
