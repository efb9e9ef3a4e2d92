"""Open the database: create its folder, WAL mode, a busy timeout, pending migrations, and Datasette's
metadata.json (column descriptions) next to it; and the one way this project writes to it.

Every write is a :func:`write_transaction`: ``BEGIN IMMEDIATE`` takes the write lock before the first
read, so a writer that finds another one (a ``sqlite3`` shell, ``reextract``, a notebook) waits for it up
to the busy timeout. A deferred ``BEGIN`` that reads and then writes fails at once instead when another
writer committed in between (SQLite cannot wait there without breaking the snapshot it read)."""

from __future__ import annotations

import functools
import math
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from scraper.errors import StoreError
from scraper.store.descriptions import write_datasette_metadata
from scraper.store.migrations import migrations
from scraper.store.reading import check_database_path

BUSY_TIMEOUT_S = 10.0


def open_database(
    path: Path | str, *, create: bool = True, max_size_mb: float = 0.0, busy_timeout_s: float = BUSY_TIMEOUT_S
) -> Database:
    """A migrated database at ``path``; ``create=False`` refuses to make a new file. ``max_size_mb`` caps
    the file's size ([storage] max_size_mb): past it, a write fails as on a full disk. A writer waits up to
    ``busy_timeout_s`` ([storage] busy_timeout_s) for another process's write to finish."""
    path = Path(path)
    check_database_path(path, may_create=create)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {round(busy_timeout_s * 1000)}")
        db.enable_wal()
        # In WAL mode NORMAL keeps the database consistent through any crash or kill; only an OS crash or
        # power loss can take back the last commits, which the frontier then redoes. FULL costs an fsync
        # per page.
        db.execute("PRAGMA synchronous = NORMAL")
        migrations.apply(db)
        if max_size_mb:
            page_size = db.execute("PRAGMA page_size").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {math.ceil(max_size_mb * 2**20 / page_size)}")
        write_datasette_metadata(path)
    except (sqlite3.Error, OSError) as e:
        raise StoreError(f"{path}: cannot open the database ({e}); check the path and its permissions") from e
    return db


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One transaction that holds the write lock from its start (a savepoint inside another one)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()  # a no-op when the error already ended the transaction
        raise
    db.conn.commit()


def upsert(db: Database, table: str, row: Mapping[str, object], *, pk: str) -> None:
    """Insert ``row`` into ``table``, or set its columns on the row that has its ``pk`` already: sqlite-utils'
    ``upsert`` as one prepared statement. (That one reads the table's schema on every call, which cost more
    than the write itself where every page's record is stored: the crawl's writer, an import's driver.)"""
    db.conn.execute(_upsert_sql(table, tuple(row), pk), tuple(row.values()))


@functools.cache
def _upsert_sql(table: str, columns: tuple[str, ...], pk: str) -> str:
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != pk)
    return (
        f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))}) "
        f"on conflict([{pk}]) do " + (f"update set {updates}" if updates else "nothing")
    )


@contextmanager
def storage_errors(path: Path | str) -> Iterator[None]:
    """Turn SQLite's failures to write into a :class:`StoreError` that says what to do. Every write is its
    own transaction, so what was stored before the failure stays stored, and the next run continues."""
    try:
        yield
    except sqlite3.OperationalError as e:
        if "full" in str(e):
            raise StoreError(
                f"{path}: the database or its disk is full ({e}); what was stored so far is intact. Free disk "
                "space or raise [storage] max_size_mb, then run again: it continues where this run stopped"
            ) from e
        if "locked" in str(e) or "busy" in str(e):
            raise StoreError(
                f"{path}: another process kept the database locked for writing longer than [storage] "
                f"busy_timeout_s ({e}); what was stored so far is intact. Close the other writer (an open "
                "transaction in a sqlite3 shell or a notebook) or raise busy_timeout_s, then run again"
            ) from e
        if "readonly" in str(e) or "read-only" in str(e) or "disk I/O" in str(e):
            raise StoreError(f"{path}: cannot write the database ({e}); check the file, its folder and the disk") from e
        raise
