"""The one place that imports ``openai``: chat completions against any OpenAI-compatible server.

Retries are one layer only: the SDK's own retries are switched off (``max_retries=0``) and
tenacity retries transient failures (429, 408/409, 5xx, timeouts, connection errors) a bounded
number of times, honouring ``Retry-After``/``retry-after-ms``. A server that rejects
``response_format={"type": "json_schema"}`` is asked again in JSON mode (then plain), and the
mode is remembered for the rest of the run. The API key is read from the environment and never
logged.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
from tenacity import RetryCallState, Retrying, before_sleep_log, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from scanner.errors import EngineError
from scanner.llm.cost import estimate_tokens

log = logging.getLogger(__name__)

MODES = ("json_schema", "json_object", "plain")
MAX_RETRY_AFTER = 60.0
DEFAULT_ATTEMPTS = 4
DEFAULT_TIMEOUT = 120.0
_TRANSIENT_STATUS = {408, 409, 429}
Messages = list[dict[str, str]]
JsonSchema = dict[str, Any]
_FORMAT_WORDS = ("response_format", "json_schema", "json schema", "structured", "json_object")
_SCHEMA_HINT = "Reply with one JSON object, and nothing else, that matches this JSON Schema:\n"


@dataclass
class Completion:
    """One model reply with its token usage (estimated when the server reports none)."""

    content: str
    input_tokens: int
    output_tokens: int
    mode: str


def _transient(exc: BaseException) -> bool:
    """Worth another attempt: rate limits, server errors, timeouts, dropped connections."""
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``retry-after``), capped."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    try:
        if headers.get("retry-after-ms"):
            return min(float(headers["retry-after-ms"]) / 1000, MAX_RETRY_AFTER)
        value = headers.get("retry-after")
        if not value:
            return None
        if value.strip().replace(".", "", 1).isdigit():
            return min(float(value), MAX_RETRY_AFTER)
        when = email.utils.parsedate_to_datetime(value)
        return min(max(when.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER)
    except (TypeError, ValueError):
        return None


def _sleep(seconds: float) -> None:
    """``time.sleep`` looked up at call time (tests patch it)."""
    time.sleep(seconds)


class _WaitRetryAfter:
    """Wait what ``Retry-After`` says, else exponential backoff with jitter."""

    def __init__(self) -> None:
        self._backoff = wait_exponential_jitter(initial=1, max=20)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc)
        return asked if asked is not None else float(self._backoff(state))


def _rejects_format(exc: openai.BadRequestError) -> bool:
    """A 400 that says the server does not support the requested ``response_format``."""
    text = f"{exc.message} {exc.body}".lower()
    return any(word in text for word in _FORMAT_WORDS)


class ChatClient:
    """Chat completions with structured output, bounded retries and mode fallback."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        attempts: int = DEFAULT_ATTEMPTS,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.model = model
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if "OPENAI_BASE_URL" not in os.environ and base_url is None:
                raise EngineError(
                    "the llm engine needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)",
                    hint="export OPENAI_API_KEY=... or OPENAI_BASE_URL=http://localhost:11434/v1, "
                    "or use --engine offline",
                )
            key = "not-needed"  # local servers (Ollama, vLLM, llama.cpp) ignore the key
        self._client = openai.OpenAI(api_key=key, base_url=self.base_url, timeout=timeout, max_retries=0)
        self.attempts = attempts
        self.sleep = sleep or _sleep
        self.mode = MODES[0]

    def complete(self, messages: Messages, schema_name: str, schema: JsonSchema) -> Completion:
        """The model's reply to ``messages``; raises :class:`EngineError` when it never answers."""
        while True:
            try:
                return self._with_retries(messages, schema_name, schema)
            except openai.BadRequestError as exc:
                if not _rejects_format(exc) or self.mode == MODES[-1]:
                    raise EngineError(f"{self._where()}: request rejected: {exc.message}") from exc
                nxt = MODES[MODES.index(self.mode) + 1]
                log.warning("%s rejects response_format %s; switching to %s", self._where(), self.mode, nxt)
                self.mode = nxt

    def _where(self) -> str:
        return f"model {self.model} at {self.base_url}"

    def _with_retries(self, messages: Messages, schema_name: str, schema: JsonSchema) -> Completion:
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=_WaitRetryAfter(),
            retry=retry_if_exception(_transient),
            before_sleep=before_sleep_log(log, logging.WARNING),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            return retrying(self._once, messages, schema_name, schema)
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise EngineError(
                f"{self._where()}: not authorised ({exc.status_code})",
                hint="check OPENAI_API_KEY for this server",
            ) from exc
        except openai.NotFoundError as exc:
            raise EngineError(
                f"{self._where()}: model or endpoint not found (404)",
                hint="check --model/SCAN_MODEL and that OPENAI_BASE_URL ends in /v1",
            ) from exc
        except openai.BadRequestError:
            raise
        except openai.APIError as exc:
            raise EngineError(
                f"{self._where()} never answered after {self.attempts} attempts "
                f"({type(exc).__name__}: {exc.message})",
                hint="check that the server is up and OPENAI_BASE_URL is right, retry later, "
                "or use --engine offline",
            ) from exc

    def _once(self, messages: Messages, schema_name: str, schema: JsonSchema) -> Completion:
        """One request in the current mode."""
        kwargs: dict[str, Any] = {}
        sent = messages
        if self.mode == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema, "strict": True},
            }
        else:
            sent = [dict(m) for m in messages]
            sent[0]["content"] += "\n\n" + _SCHEMA_HINT + json.dumps(schema)
            if self.mode == "json_object":
                kwargs["response_format"] = {"type": "json_object"}
        resp = self._client.chat.completions.create(model=self.model, messages=sent, temperature=0, **kwargs)  # type: ignore[arg-type]  # plain dict messages are the wire format
        content = (resp.choices[0].message.content or "") if resp.choices else ""
        usage = resp.usage
        prompt = "".join(m["content"] for m in sent)
        return Completion(
            content=content,
            input_tokens=usage.prompt_tokens if usage else estimate_tokens(prompt),
            output_tokens=usage.completion_tokens if usage else estimate_tokens(content),
            mode=self.mode,
        )
