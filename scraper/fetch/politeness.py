"""Per-host pacing: one request at a time per host, at least ``delay_s`` apart; hosts run in parallel."""

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
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._delay_s = delay_s
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next_at: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, *, delay_s: float | None = None) -> Iterator[None]:
        """Hold the host's only slot; wait until its delay since the previous request has passed."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._next_at.get(host, 0.0) - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                gap = self._delay_s if delay_s is None else max(self._delay_s, delay_s)
                self._next_at[host] = self._clock() + gap

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next slot back, e.g. after a ``Retry-After``."""
        with self._guard:
            self._next_at[host] = max(self._next_at.get(host, 0.0), self._clock() + seconds)
