"""The one clock of a crawl: wall time for what is recorded (``now``), monotonic seconds for deadlines,
pacing and caches (``monotonic``), and waiting (``sleep``). Everything that asks the time takes a
:class:`Clock`; tests pass a :class:`ManualClock`, whose time moves only when something sleeps or the
test advances it, so no test depends on how fast the machine is."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta


class Clock:
    """The system's clock."""

    def now(self) -> str:
        """The current UTC time, ISO 8601 to the second: what records store."""
        return datetime.now(UTC).isoformat(timespec="seconds")

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


SYSTEM = Clock()


def utc_now() -> str:
    return SYSTEM.now()


class ManualClock(Clock):
    """A clock for tests: sleeping advances it at once (the waits are kept in ``sleeps``)."""

    def __init__(self, start: str = "2024-01-01T00:00:00+00:00") -> None:
        self._start = datetime.fromisoformat(start)
        self.elapsed = 0.0
        self.sleeps: list[float] = []

    def now(self) -> str:
        return (self._start + timedelta(seconds=int(self.elapsed))).isoformat(timespec="seconds")

    def monotonic(self) -> float:
        return self.elapsed

    def advance(self, seconds: float) -> None:
        self.elapsed += max(0.0, seconds)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)
