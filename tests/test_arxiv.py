"""arXiv ingestion: ids, cassette-replayed fetches, retries, cache, rate limit, CLI exit codes.

Cassettes live in fixtures/cassettes/arxiv/ and were authored by hand (arXiv is unreachable
from the development machine; see the README there). PDF bodies are placeholders such as
``@corpus NAME.pdf`` that :class:`CorpusPersister` replaces at replay time with the bytes of
that corpus PDF, so no corpus PDF is ever copied into the project. Sleeps are patched: the
limiter and tenacity run on a fake monotonic clock that only ``sleep`` advances.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import vcr
import yaml
from vcr.persisters.filesystem import FilesystemPersister

import scanner.ingest.arxiv as arxiv_mod
import scanner.ratelimit as ratelimit_mod
from scanner.cache import PaperCache, cache_root
from scanner.cli import main
from scanner.errors import FetchError, InputError
from scanner.ingest import load_paper
from scanner.ingest.arxiv import ArxivClient, ArxivId, fetch_arxiv, parse_arxiv_id
from scanner.ratelimit import ARXIV, RateLimiter

from .conftest import CORPUS, ROOT

CASSETTES = ROOT / "fixtures" / "cassettes" / "arxiv"
STAND_IN = "arxiv-2025-simplifying-adam-bias-correction.pdf"  # body of the 2512.22293 cassette
NEGATIVE_TITLE = (
    "Learning from Negative Examples: Why Warning-Framed Training Data Teaches What It Warns Against"
)


def _corpus_bytes(name: str) -> bytes:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus PDF {name} not found at {CORPUS}")
    return path.read_bytes()


def _substitute(body: bytes) -> bytes:
    """``@corpus NAME`` -> the PDF's bytes; ``@corpus NAME first N bytes`` -> a truncated copy."""
    if not body.startswith(b"@corpus "):
        return body
    words = body.decode().split()
    data = _corpus_bytes(words[1])
    return data[: int(words[3])] if len(words) == 5 and words[2] == "first" else data


class CorpusPersister(FilesystemPersister):
    """Loads hand-authored cassettes and fills PDF placeholders from ../shared/corpus."""

    @classmethod
    def load_cassette(cls, cassette_path: Any, serializer: Any) -> tuple[list[Any], list[Any]]:
        """The cassette's interactions with placeholder bodies replaced."""
        requests, responses = super().load_cassette(cassette_path, serializer)
        for response in responses:
            body = response["body"]["string"]
            body = body if isinstance(body, bytes) else body.encode()
            response["body"]["string"] = _substitute(body)
        return requests, responses

    @staticmethod
    def save_cassette(cassette_path: Any, cassette_dict: Any, serializer: Any) -> None:
        """Never: these cassettes are authored, and must not receive corpus bytes."""
        raise AssertionError(f"refusing to record {cassette_path}: arXiv cassettes are authored by hand")


def _strip_cookies(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() != "set-cookie"}
    return response


@pytest.fixture
def cassette() -> Any:
    """``with cassette(name) as c:`` replays fixtures/cassettes/arxiv/<name>.yaml; all must play."""
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="none",
        match_on=["method", "scheme", "host", "port", "path", "query"],
        filter_headers=["authorization", "cookie", "x-api-key"],
        before_record_response=_strip_cookies,
        decode_compressed_response=True,
    )
    recorder.register_persister(CorpusPersister)

    @contextmanager
    def use(name: str) -> Iterator[Any]:
        with recorder.use_cassette(f"{name}.yaml") as cass:
            yield cass
        assert cass.all_played, f"{name}: unused interactions {cass.play_counts}"

    return use


class FakeClock:
    """Monotonic time that only advances when somebody sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Patch the clock of the limiter and of the retry loop; fresh limiter per test."""
    fake = FakeClock()
    ns = SimpleNamespace(monotonic=fake.monotonic, sleep=fake.sleep, time=time.time)
    monkeypatch.setattr(ratelimit_mod, "time", ns)
    monkeypatch.setattr(arxiv_mod, "time", ns)
    ARXIV.reset()
    return fake


@pytest.fixture
def request_times(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> list[tuple[float, str]]:
    """(fake time, url) of every HTTP request the arXiv client sends."""
    times: list[tuple[float, str]] = []
    real = arxiv_mod._http_client

    def client() -> httpx.Client:
        c = real()
        c.event_hooks["request"].append(lambda r: times.append((clock.now, str(r.url))))
        return c

    monkeypatch.setattr(arxiv_mod, "_http_client", client)
    return times


def _mock_client(monkeypatch: pytest.MonkeyPatch, handler: Any) -> list[httpx.Request]:
    """Route the arXiv client through httpx.MockTransport; returns the requests seen."""
    seen: list[httpx.Request] = []

    def transport(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)  # type: ignore[no-any-return]  # test handler

    monkeypatch.setattr(
        arxiv_mod, "_http_client", lambda: httpx.Client(transport=httpx.MockTransport(transport))
    )
    return seen


def _no_http(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an HTTP request was made although the paper is cached")

    monkeypatch.setattr(httpx.Client, "send", boom)


# --- ids ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2512.22293", ArxivId("2512.22293"), id="bare"),
        pytest.param("arXiv:2512.22293v2", ArxivId("2512.22293", 2), id="prefix-version"),
        pytest.param("https://arxiv.org/abs/2512.22293", ArxivId("2512.22293"), id="abs-url"),
        pytest.param("https://arxiv.org/pdf/2512.22293v1", ArxivId("2512.22293", 1), id="pdf-url"),
        pytest.param("export.arxiv.org/pdf/2512.22293v1.pdf", ArxivId("2512.22293", 1), id="pdf-suffix"),
        pytest.param("0704.0001", ArxivId("0704.0001"), id="first-new-style"),
        pytest.param("hep-th/9901001", ArxivId("hep-th/9901001"), id="old-style"),
        pytest.param("math.gt/0309136v2", ArxivId("math.GT/0309136", 2), id="old-style-subject"),
        pytest.param("https://doi.org/10.48550/arXiv.2512.22293", ArxivId("2512.22293"), id="doi"),
    ],
)
def test_parse_arxiv_id(text: str, expected: ArxivId) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize("text", ["paper.pdf", "1234.5", "2513.12345", "hep-th/99010", "2512.22293v0", ""])
def test_parse_rejects_non_ids(text: str) -> None:
    assert parse_arxiv_id(text) is None


@pytest.mark.parametrize("source", ["no-such-paper", "https://arxiv.org/abs/not-an-id"])
def test_neither_path_nor_id_is_exit_3(source: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([source]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"scan: error: {source}: ")


# --- the front door: scan 2512.22293 ----------------------------------------------------------


def test_scan_id_end_to_end_then_cache_only(
    cassette: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request_times: list[tuple[float, str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    with cassette("fetch_2512.22293"):
        assert main(["2512.22293", "-q"]) == 0
    scan = json.loads((tmp_path / "2512.22293.scan.json").read_text())
    assert scan["paper"] == {
        "title": NEGATIVE_TITLE,
        "authors": ["Tsogt-Ochir Enkhbayar"],
        "year": 2025,
        "venue": "arXiv",
        "arxiv_id": "2512.22293v1",
        "doi": "10.48550/arXiv.2512.22293",
    }
    assert scan["provenance"]["source"] == "2512.22293"
    assert scan["provenance"]["input_sha256"] == hashlib.sha256(_corpus_bytes(STAND_IN)).hexdigest()
    assert [u for _, u in request_times] == [
        "https://export.arxiv.org/api/query?id_list=2512.22293&max_results=1",
        "https://arxiv.org/pdf/2512.22293v1",
    ]
    assert request_times[1][0] - request_times[0][0] >= 3.0

    _no_http(monkeypatch)  # second run: the cache alone, with and without --offline
    assert main(["2512.22293", "-o", "again.json", "-q"]) == 0
    assert main(["arXiv:2512.22293v1", "--offline", "-o", "offline.json", "-q"]) == 0
    for name in ("again.json", "offline.json"):
        assert json.loads((tmp_path / name).read_text())["paper"] == scan["paper"]


def test_cache_dir_flag_wins(cassette: Any, tmp_path: Path) -> None:
    with cassette("fetch_2512.22293"):
        assert main(["2512.22293", "--cache-dir", str(tmp_path / "c"), "-o", str(tmp_path / "o.json")]) == 0
    assert (tmp_path / "c" / "arxiv" / "2512.22293" / "v1.pdf").read_bytes() == _corpus_bytes(STAND_IN)
    assert json.loads((tmp_path / "c" / "arxiv" / "2512.22293" / "latest.json").read_text()) == {"version": 1}
    assert not (Path(os.environ["PAPERSCAN_CACHE_DIR"]) / "arxiv").exists()


def test_offline_without_cache_is_exit_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_http(monkeypatch)
    assert main(["2512.22293", "--offline"]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "arXiv 2512.22293 is not in the cache at" in err and "--offline forbids downloading" in err


# --- fetch variants ---------------------------------------------------------------------------


def test_versioned_id(cassette: Any) -> None:
    with cassette("fetch_2206.10883v3"):
        record, path = fetch_arxiv(ArxivId("2206.10883", 3))
    assert (record.versioned_id, record.year) == ("2206.10883v3", 2022)
    assert record.authors[:2] == ["Zejiang Shen", "Kyle Lo"]
    assert path.name == "v3.pdf"
    assert path.read_bytes() == _corpus_bytes("arxiv-2206.10883-multilexsum-onecolumn.pdf")
    assert not (path.parent / "latest.json").exists()  # a pinned version says nothing about the latest


def test_old_style_id(cassette: Any) -> None:
    with cassette("fetch_hep-th_9711200"):
        paper = load_paper("hep-th/9711200")
    assert paper.title == "The Large N Limit of Superconformal Field Theories and Supergravity"
    assert (paper.authors, paper.year, paper.source) == (["Juan M. Maldacena"], 1997, "hep-th/9711200")
    assert paper.metadata["arxiv_id"] == "hep-th/9711200v3"
    assert paper.metadata["doi"] == "10.48550/arXiv.hep-th/9711200"
    assert PaperCache().get_pdf("hep-th/9711200", 3) == cache_root() / "arxiv" / "hep-th_9711200" / "v3.pdf"


def test_not_found_is_exit_4(cassette: Any, capsys: pytest.CaptureFixture[str]) -> None:
    with cassette("not_found_2512.99999"):
        assert main(["https://arxiv.org/abs/2512.99999"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("scan: error: arXiv has no paper 2512.99999 (check the id at https://arxiv.org/abs/")
    assert err.count("\n") == 1


def test_withdrawn_is_exit_4_and_not_cached(cassette: Any, capsys: pytest.CaptureFixture[str]) -> None:
    with cassette("withdrawn_2401.99999"):
        assert main(["2401.99999"]) == 4
    err = capsys.readouterr().err
    assert "arXiv 2401.99999v2 was withdrawn by its authors" in err
    assert "scan 2401.99999v1 for the last version before it" in err
    assert not (cache_root() / "arxiv" / "2401.99999").exists()


def test_429_then_success_honours_retry_after(
    cassette: Any, clock: FakeClock, request_times: list[tuple[float, str]]
) -> None:
    with cassette("rate_limited_1804.07821"):
        record, path = fetch_arxiv(ArxivId("1804.07821"))
    assert record.title.startswith("An Aggregated Multicolumn Dilated Convolution Network")
    assert path.read_bytes() == _corpus_bytes("arxiv-1804.07821-crowd-counting-cv.pdf")
    assert 7.0 in clock.sleeps  # the cassette's Retry-After: 7
    assert request_times[1][0] - request_times[0][0] >= 7.0
    gaps = [b[0] - a[0] for a, b in pairwise(request_times)]
    assert len(request_times) == 3 and min(gaps) >= 3.0


def test_503_then_success_backs_off_with_jitter(
    cassette: Any, clock: FakeClock, request_times: list[tuple[float, str]]
) -> None:
    with cassette("unavailable_1804.07821"):
        _, path = fetch_arxiv(ArxivId("1804.07821"))
    assert path.read_bytes() == _corpus_bytes("arxiv-1804.07821-crowd-counting-cv.pdf")
    backoff = [s for s in clock.sleeps if s != 3.0]
    assert len(backoff) == 1 and 3.0 <= backoff[0] <= 6.0  # 3 s * 2**0 + jitter in [0, 3]
    assert len(request_times) == 3


def test_truncated_then_good_pdf_caches_only_the_good_one(cassette: Any, clock: FakeClock) -> None:
    with cassette("truncated_1804.07821"):
        _, path = fetch_arxiv(ArxivId("1804.07821"))
    assert path.read_bytes() == _corpus_bytes("arxiv-1804.07821-crowd-counting-cv.pdf")
    assert list(path.parent.glob(".*.tmp")) == []


# --- failure modes with httpx.MockTransport -----------------------------------------------------


def test_unreachable_gives_up_after_bounded_attempts(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    seen = _mock_client(monkeypatch, refuse)
    assert main(["2512.22293"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(seen) == arxiv_mod.MAX_ATTEMPTS == 5
    assert err[-1].startswith(
        "scan: error: arXiv metadata of 2512.22293: gave up after 5 attempts (ConnectError)"
    )
    assert "check your connection or proxy" in err[-1]
    waits = [s for s in clock.sleeps if s != 3.0]
    assert len(waits) == 4 and all(a < b for a, b in pairwise(waits))  # exponential


def _feed_for(request: httpx.Request) -> httpx.Response:
    """The authored Atom answer for 1804.07821 (second interaction of its cassette)."""
    data = yaml.safe_load((CASSETTES / "rate_limited_1804.07821.yaml").read_text())
    return httpx.Response(200, text=data["interactions"][1]["response"]["body"]["string"])


def test_403_rate_limit_is_retried_but_plain_403_is_not(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    first = [httpx.Response(403, headers={"Retry-After": "11"}, text="Forbidden")]
    seen = _mock_client(monkeypatch, lambda r: first.pop() if first else _feed_for(r))
    with ArxivClient() as client:
        assert client.record(ArxivId("1804.07821")).versioned_id == "1804.07821v1"
    assert len(seen) == 2 and 11.0 in clock.sleeps

    seen = _mock_client(monkeypatch, lambda r: httpx.Response(403, text="Access denied"))
    with ArxivClient() as client, pytest.raises(FetchError, match="HTTP 403"):
        client.record(ArxivId("1804.07821"))
    assert len(seen) == 1


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda pdf: httpx.Response(200, headers={"content-type": "text/html"},
                                                text="<html>PDF is being generated</html>"), id="html"),
        pytest.param(lambda pdf: httpx.Response(200, headers={"content-length": str(len(pdf))},
                                                content=pdf[: len(pdf) // 2]), id="short-content-length"),
        pytest.param(lambda pdf: httpx.Response(200, content=pdf[:-4000]), id="no-eof-trailer"),
        pytest.param(lambda pdf: httpx.Response(200, content=b"%PDF-1.5\n garbage \n%%EOF\n"), id="damaged"),
    ],
)
def test_bad_download_is_retried_and_never_cached(bad: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = _corpus_bytes(STAND_IN)
    seen = _mock_client(monkeypatch, lambda r: bad(pdf) if "/pdf/" in r.url.path else _feed_for(r))
    with pytest.raises(FetchError, match=r"PDF of arXiv 1804\.07821v1: gave up after 5 attempts"):
        fetch_arxiv(ArxivId("1804.07821"))
    assert len(seen) == 1 + 5
    assert not (cache_root() / "arxiv" / "1804.07821").exists()


def test_malformed_arxiv_url_is_input_error() -> None:
    with pytest.raises(InputError):
        arxiv_mod.load_arxiv("https://arxiv.org/list/cs.LG/recent")


# --- rate limiter -------------------------------------------------------------------------------


def test_limiter_spaces_calls_and_honours_defer(clock: FakeClock) -> None:
    limiter = RateLimiter(3.0)
    starts = []
    for _ in range(3):
        limiter.wait()
        starts.append(clock.now)
    assert starts == [1000.0, 1003.0, 1006.0]
    limiter.defer(10.0)
    limiter.wait()
    assert clock.now == 1016.0


def test_limiter_gives_concurrent_workers_distinct_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    # A frozen clock: 8 threads released together must each get their own slot, 3 s apart.
    frozen = SimpleNamespace(monotonic=lambda: 1000.0, sleep=lambda s: None)
    monkeypatch.setattr(ratelimit_mod, "time", frozen)
    limiter = RateLimiter(3.0)
    delays: list[float] = []
    gate = threading.Barrier(8)

    def worker() -> None:
        gate.wait()
        delays.append(limiter.wait())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(delays) == [3.0 * i for i in range(8)]


# --- cache ----------------------------------------------------------------------------------------


def test_cache_root_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAPERSCAN_CACHE_DIR", str(tmp_path / "env"))
    assert cache_root(tmp_path / "flag") == tmp_path / "flag"
    assert cache_root() == tmp_path / "env"
    monkeypatch.delenv("PAPERSCAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "paper-scan"


def test_cache_refuses_non_pdf_and_ignores_damaged_entries(tmp_path: Path) -> None:
    cache = PaperCache(tmp_path)
    with pytest.raises(ValueError):
        cache.put_pdf("2512.22293", 1, b"<html>")
    cache.pdf_path("2512.22293", 1).parent.mkdir(parents=True)
    cache.pdf_path("2512.22293", 1).write_bytes(b"<html>")
    assert cache.get_pdf("2512.22293", 1) is None
    assert cache.get_meta("2512.22293", None) is None


def test_cassettes_hold_no_pdf_bytes() -> None:
    names = sorted(p.name for p in CASSETTES.glob("*.yaml"))
    assert len(names) >= 8  # the ones listed in the README table (other areas may add more)
    for name in names:
        assert b"%PDF" not in (CASSETTES / name).read_bytes(), name
    readme = (CASSETTES / "README.md").read_text()
    assert all(name in readme for name in names)


# --- live (opt in: -m live or PAPERSCAN_LIVE=1) ----------------------------------------------------


@pytest.mark.live
def test_live_metadata(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "live" not in (request.config.getoption("markexpr") or "") and os.environ.get("PAPERSCAN_LIVE") != "1":
        pytest.skip("live arXiv test: run with -m live or PAPERSCAN_LIVE=1")
    monkeypatch.setattr(ratelimit_mod, "time", time)
    monkeypatch.setattr(arxiv_mod, "time", time)
    with ArxivClient() as client:
        record = client.record(ArxivId("1804.07821"))
    assert record.title.startswith("An Aggregated Multicolumn Dilated Convolution Network")


@pytest.mark.parametrize(
    ("comment", "withdrawn"),
    [
        pytest.param("This paper has been withdrawn by the author due to an error", True, id="standard"),
        pytest.param("Withdrawn: duplicate of 2401.00001", True, id="leading"),
        pytest.param("This submission has been withdrawn by arXiv administrators", True, id="admin"),
        pytest.param("The claim about Theorem 3 in v1 was withdrawn; 12 pages", False, id="a-claim-withdrawn"),
        pytest.param("12 pages; studies withdrawn participants in clinical trials", False, id="topic"),
        pytest.param(None, False, id="no-comment"),
    ],
)
def test_withdrawn_comment(comment: str | None, withdrawn: bool) -> None:
    record = arxiv_mod.ArxivRecord("2401.00002", 2, "T", ["A"], "2024-01-01", "2024-01-02", comment=comment)
    assert record.withdrawn is withdrawn


def test_unversioned_id_reuses_a_pinned_pdf_already_cached(
    cassette: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with cassette("fetch_2206.10883v3"):
        fetch_arxiv(ArxivId("2206.10883", 3))
    feed = yaml.safe_load((CASSETTES / "fetch_2206.10883v3.yaml").read_text())["interactions"][0]
    seen = _mock_client(monkeypatch, lambda r: httpx.Response(200, text=feed["response"]["body"]["string"]))
    record, path = fetch_arxiv(ArxivId("2206.10883"))
    assert [r.url.path for r in seen] == ["/api/query"]  # metadata only, the PDF came from the cache
    assert record.version == 3 and path.name == "v3.pdf"
