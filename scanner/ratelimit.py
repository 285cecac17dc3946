"""Process-wide politeness: at most one request per interval to a host, across threads.

arXiv's terms of use ask for no more than one request every three seconds. Every arXiv
request in this process (metadata and PDF, single scans and concurrent batch workers) goes
through :data:`ARXIV` first::

    from scanner.ratelimit import ARXIV
    ARXIV.wait()          # blocks until this caller's slot; then send the request

The limiter hands out *slots* on the monotonic clock under a lock and sleeps outside it, so
waiting threads do not hold each other up more than the interval requires and a wall-clock
jump (NTP, DST) can neither burst requests nor stall them. A server's ``Retry-After`` pushes
the next slot for everybody (:meth:`RateLimiter.defer`).
"""

from __future__ import annotations

import logging
import threading
import time

__all__ = ["ARXIV", "ARXIV_INTERVAL", "RateLimiter"]

log = logging.getLogger(__name__)

ARXIV_INTERVAL = 3.0


class RateLimiter:
    """Spaces calls to :meth:`wait` at least ``interval`` seconds apart (thread-safe)."""

    def __init__(self, interval: float, *, name: str = "") -> None:
        self.interval = interval
        self.name = name
        self._lock = threading.Lock()
        self._next: float | None = None  # monotonic time of the next free slot

    def wait(self) -> float:
        """Block until the caller may send one request; returns the seconds slept."""
        with self._lock:
            now = time.monotonic()
            slot = now if self._next is None else max(now, self._next)
            self._next = slot + self.interval
        delay = slot - now
        if delay > 0:
            log.debug("waiting %.1f s before the next %s request", delay, self.name or "rate-limited")
            time.sleep(delay)
        return delay

    def defer(self, seconds: float) -> None:
        """No slot before ``seconds`` from now (a server asked us to back off)."""
        with self._lock:
            until = time.monotonic() + max(0.0, seconds)
            if self._next is None or until > self._next:
                self._next = until

    def reset(self) -> None:
        """Forget the last request (the next :meth:`wait` returns at once)."""
        with self._lock:
            self._next = None


ARXIV = RateLimiter(ARXIV_INTERVAL, name="arXiv")
"""The one limiter for every request to arxiv.org / export.arxiv.org in this process."""
