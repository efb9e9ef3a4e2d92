"""Writes held back and committed together (scraper/store/batch.py)."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

import pytest
from sqlite_utils import Database

from scraper.errors import Interrupted
from scraper.store.batch import WriteBatch, batched_writes
from scraper.store.db import write_transaction


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "a.db")
    database.enable_wal()
    database.execute("create table notes (n integer primary key)")
    return database


def note(db: Database, n: int) -> None:
    with write_transaction(db):
        db.execute("insert into notes (n) values (?)", [n])


def committed(db: Database) -> list[int]:
    """What another connection sees: only what was committed."""
    other = sqlite3.connect(db.conn.execute("pragma database_list").fetchone()[2])
    try:
        return [n for (n,) in other.execute("select n from notes order by n")]
    finally:
        other.close()


class Ticks:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_batch_commits_when_it_holds_max_writes_and_not_before(db) -> None:
    batch = WriteBatch(db, max_writes=3, max_age_s=60, clock=Ticks())
    batch.add(partial(note, db, 1))
    batch.add(partial(note, db, 2))
    assert committed(db) == [] and len(batch) == 2
    batch.add(partial(note, db, 3))
    assert committed(db) == [1, 2, 3] and len(batch) == 0


def test_a_batch_commits_when_its_oldest_write_has_waited_max_age(db) -> None:
    clock = Ticks()
    batch = WriteBatch(db, max_writes=100, max_age_s=1.0, clock=clock)
    batch.add(partial(note, db, 1))
    clock.now = 0.9
    batch.add(partial(note, db, 2))
    assert committed(db) == []
    clock.now = 1.0
    batch.add(partial(note, db, 3))
    assert committed(db) == [1, 2, 3]
    clock.now = 1.5  # the age counts from the oldest write held, not from the last commit
    batch.add(partial(note, db, 4))
    assert committed(db) == [1, 2, 3]


def test_no_lock_is_held_while_a_batch_fills(db) -> None:
    batch = WriteBatch(db, max_writes=10, clock=Ticks())
    batch.add(partial(note, db, 1))
    other = sqlite3.connect(db.conn.execute("pragma database_list").fetchone()[2], timeout=0, isolation_level=None)
    try:
        other.execute("begin immediate")  # would fail at once (database is locked) if the batch held the lock
        other.execute("insert into notes (n) values (10)")
        other.execute("commit")
    finally:
        other.close()
    batch.flush()
    assert committed(db) == [1, 10]


def test_a_failing_write_keeps_none_of_its_batch(db) -> None:
    batch = WriteBatch(db, max_writes=3, clock=Ticks())
    batch.add(partial(note, db, 1))
    batch.add(partial(note, db, 1))  # the same key again: the insert fails
    with pytest.raises(sqlite3.IntegrityError):
        batch.add(partial(note, db, 2))
    assert committed(db) == [] and len(batch) == 0
    assert not db.conn.in_transaction
    batch.add(partial(note, db, 5))  # the batch goes on with the next writes
    batch.flush()
    assert committed(db) == [5]


def test_the_block_ending_flushes_also_on_a_signal_but_not_when_the_database_failed(db) -> None:
    with batched_writes(db, max_writes=100) as batch:
        batch.add(partial(note, db, 1))
    assert committed(db) == [1]
    with pytest.raises(Interrupted), batched_writes(db, max_writes=100) as batch:
        batch.add(partial(note, db, 2))
        raise Interrupted("SIGTERM again")
    assert committed(db) == [1, 2]
    with pytest.raises(sqlite3.OperationalError), batched_writes(db, max_writes=100) as batch:
        batch.add(partial(note, db, 3))
        raise sqlite3.OperationalError("database or disk is full")
    assert committed(db) == [1, 2]  # left for the next run, as a kill leaves them
