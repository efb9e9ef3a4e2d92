"""Many pages' writes in one transaction: one commit for a batch of records instead of three for each.

A crawl's writer spends most of a record's write on its commits (the WAL frames of every page the
transaction touched, written again for the next record). :class:`WriteBatch` holds writes back in memory
and runs them together in one transaction once it holds ``max_writes`` of them or the oldest has waited
``max_age_s``, and when it is closed. It holds no lock while it fills: the crawl may wait on the network in
between, and another writer (a notebook, ``reextract``) must not wait for that.

What a kill costs: the writes held back, never a part of one (each batch commits whole or not at all). They
are the ones the next run redoes from what was committed, so only writes that can be redone belong in a
batch: a record extracted from a page already stored (the page stays ``fetched`` and is extracted again),
not the page itself (that would be downloaded again).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from scraper.clock import SYSTEM
from scraper.errors import StoreError
from scraper.store.db import write_transaction

MAX_WRITES = 16  # records a commit: most of the commits saved, and little memory held (a record is ~0.2 MB)
MAX_AGE_S = 1.0  # and a slow crawl still commits every second: a kill costs at most that much work


class WriteBatch:
    """Writes (functions of no argument that write through :func:`write_transaction`) run in batches."""

    def __init__(
        self,
        db: Database,
        *,
        max_writes: int = MAX_WRITES,
        max_age_s: float = MAX_AGE_S,
        clock: Callable[[], float] = SYSTEM.monotonic,
    ) -> None:
        self.db = db
        self.max_writes = max_writes
        self.max_age_s = max_age_s
        self.clock = clock
        self._writes: list[Callable[[], object]] = []
        self._oldest = 0.0
        self._about: Counter[Hashable] = Counter()

    def __len__(self) -> int:
        return len(self._writes)

    def add(self, write: Callable[[], object], *, about: Hashable = None) -> None:
        """Hold ``write`` back; run the batch when it is full or its oldest write has waited long enough.
        ``about`` names what the write adds to (a site's template), for :meth:`held`."""
        if not self._writes:
            self._oldest = self.clock()
        self._writes.append(write)
        if about is not None:
            self._about[about] += 1
        if len(self._writes) >= self.max_writes or self.clock() - self._oldest >= self.max_age_s:
            self.flush()

    def held(self, about: Hashable) -> int:
        """How many of the writes held back were added ``about`` this."""
        return self._about[about]

    def flush(self) -> None:
        """Run the writes held back, in the order they came, in one transaction. When one fails, none is
        kept (they are the next run's) and the error propagates."""
        writes, self._writes = self._writes, []
        self._about.clear()
        if not writes:
            return
        with write_transaction(self.db):
            for write in writes:
                write()


@contextmanager
def batched_writes(db: Database, *, max_writes: int = MAX_WRITES, max_age_s: float = MAX_AGE_S) -> Iterator[WriteBatch]:
    """A :class:`WriteBatch` that is flushed when the block ends, also when a signal or another error ends
    it, but not when the database itself failed (a full disk, a lock held too long): then the writes held
    back are left for the next run, like a kill's."""
    batch = WriteBatch(db, max_writes=max_writes, max_age_s=max_age_s)
    try:
        yield batch
    except (sqlite3.Error, StoreError):
        raise
    except BaseException:
        batch.flush()
        raise
    batch.flush()
