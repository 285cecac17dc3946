"""Replay of the hand-authored LLM cassettes (fixtures/cassettes/llm): vcrpy and a local server.

Both match a request by :func:`request_key` (rubric id or task, response_format type, user turns), so
the trimmed request bodies in the cassettes match the scanner's full prompts. Rubric ``*`` in a
cassette is the replay server's repeatable default.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import vcr
import yaml

from tests.conftest import ROOT

CASSETTES = ROOT / "fixtures" / "cassettes" / "llm"
_RUBRIC = re.compile(r"(?:RUBRIC ID|TASK): (\S+)")  # TASK: the claims/key findings/red flags request


def request_key(body: bytes | str | None) -> tuple[str, str, int]:
    """(rubric id or task, response_format type, number of user turns) of a chat-completions request."""
    data = json.loads(body or "{}")
    users = [m["content"] for m in data.get("messages", []) if m.get("role") == "user"]
    m = _RUBRIC.search(users[0]) if users else None
    fmt = (data.get("response_format") or {}).get("type", "plain")
    return (m.group(1) if m else "?", fmt, len(users))


def _match_key(r1: Any, r2: Any) -> None:
    assert request_key(r1.body) == request_key(r2.body)


def cassette_vcr() -> vcr.VCR:
    """A VCR that only replays (record_mode none), filters auth and matches on the request key."""
    v = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="none",
        filter_headers=["authorization", "api-key", "openai-organization", "cookie"],
        match_on=["method", "path", "llm_key"],
    )
    v.register_matcher("llm_key", _match_key)
    return v


class ReplayServer:
    """An OpenAI-compatible /v1/chat/completions on 127.0.0.1 answering from one cassette."""

    def __init__(self, name: str | None = None, responder: Callable[[dict[str, Any]], str] | None = None) -> None:
        doc = yaml.safe_load(cassette_path(name).read_text(encoding="utf-8")) if name else {"interactions": []}
        self.pending = [(request_key(i["request"]["body"]), i["response"]) for i in doc["interactions"]]
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()

    def respond(self, body: bytes) -> dict[str, Any]:
        """The next unplayed interaction for this request, else the rubric-``*`` default."""
        if self.responder is not None:
            content = self.responder(json.loads(body))
            reply = {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test",
                     "choices": [{"index": 0, "finish_reason": "stop",
                                  "message": {"role": "assistant", "content": content}}]}
            return {"status": {"code": 200}, "headers": {}, "body": {"string": json.dumps(reply)}}
        key = request_key(body)
        with self._lock:
            for i, (k, resp) in enumerate(self.pending):
                if k == key:
                    del self.pending[i]
                    return resp
            for k, resp in self.pending:
                if k[0] == "*" and k[1:] == key[1:]:
                    return resp
        return {"status": {"code": 404}, "headers": {}, "body": {"string": '{"error": {"message": "no cassette"}}'}}

    @contextmanager
    def running(self) -> Iterator[str]:
        """Serve in a thread; yields the base URL (``http://127.0.0.1:PORT/v1``)."""
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                replay.requests.append(json.loads(body))
                replay.headers.append({k.lower(): v for k, v in self.headers.items()})
                resp = replay.respond(body)
                payload = resp["body"]["string"].encode("utf-8")
                self.send_response(resp["status"]["code"])
                for name, values in resp["headers"].items():
                    if name.lower() != "content-length":
                        self.send_header(name, values[0])
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/v1"
        finally:
            server.shutdown()
            server.server_close()


def cassette_path(name: str) -> Path:
    """Path of a cassette by name."""
    return CASSETTES / f"{name}.yaml"
