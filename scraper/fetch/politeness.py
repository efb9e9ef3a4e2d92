"""Per-host pacing: at most ``concurrency`` requests in flight per host; a request starts at least
``delay_s`` after the previous one started and after the last one ended (a robots.txt ``Crawl-delay``
can raise the delay, never lower it); different hosts run in parallel."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostGate:
    def __init__(
        self,
        delay_s: float,
        *,
        concurrency: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._delay_s = delay_s
        self._concurrency = concurrency
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_at: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, *, delay_s: float | None = None) -> Iterator[None]:
        """Take one of the host's slots, then wait for the host's next start time."""
        with self._guard:
            slots = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        with slots:
            gap = self._delay_s if delay_s is None else max(self._delay_s, delay_s)
            with self._guard:  # reserve a start time: concurrent requests queue up `gap` apart
                start = max(self._clock(), self._next_at.get(host, 0.0))
                self._next_at[host] = start + gap
            if (wait := start - self._clock()) > 0:
                self._sleep(wait)
            try:
                yield
            finally:  # and the gap after it ends, so the host sees it whatever the connection took
                with self._guard:
                    self._next_at[host] = max(self._next_at[host], self._clock() + gap)

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next start back, e.g. after a ``Retry-After``."""
        with self._guard:
            self._next_at[host] = max(self._next_at.get(host, 0.0), self._clock() + seconds)
