"""Per-host pacing on the fetcher's event loop: at most ``concurrency`` requests in flight per host; a
request starts at least ``delay_s`` after the previous one started and after the last one ended (a
robots.txt ``Crawl-delay`` can raise the delay, never lower it); different hosts run in parallel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from scraper.clock import SYSTEM, Clock


class TooLongWait(Exception):
    """The host's next allowed start is further away than the caller can wait."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the host's next request is allowed in {seconds:.0f}s")
        self.seconds = seconds


class HostGate:
    def __init__(
        self,
        delay_s: float,
        *,
        concurrency: int = 1,
        clock: Clock = SYSTEM,
    ) -> None:
        self._delay_s = delay_s
        self._concurrency = concurrency
        self._clock = clock
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._next_at: dict[str, float] = {}

    @asynccontextmanager
    async def slot(
        self, host: str, *, delay_s: float | None = None, max_wait_s: float | None = None
    ) -> AsyncIterator[None]:
        """Take one of the host's slots, then wait for the host's next start time; raise
        :class:`TooLongWait` (giving the slot back) when that is more than ``max_wait_s`` away."""
        slots = self._slots.setdefault(host, asyncio.Semaphore(self._concurrency))
        async with slots:
            gap = self._delay_s if delay_s is None else max(self._delay_s, delay_s)
            now = self._clock.monotonic()
            start = max(now, self._next_at.get(host, 0.0))  # concurrent requests queue up `gap` apart
            if max_wait_s is not None and start - now > max_wait_s:
                raise TooLongWait(start - now)
            self._next_at[host] = start + gap
            if (wait := start - now) > 0:
                await self._clock.sleep(wait)
            try:
                yield
            finally:  # and the gap after it ends, so the host sees it whatever the connection took
                self._next_at[host] = max(self._next_at[host], self._clock.monotonic() + gap)

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next start back, e.g. after a ``Retry-After``."""
        self._next_at[host] = max(self._next_at.get(host, 0.0), self._clock.monotonic() + seconds)
