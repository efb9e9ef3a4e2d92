"""Open the database: create its folder, WAL mode, a busy timeout, pending migrations, and Datasette's
metadata.json (column descriptions) next to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from scraper.errors import StoreError
from scraper.store.descriptions import write_datasette_metadata
from scraper.store.migrations import migrations

BUSY_TIMEOUT_MS = 10_000


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """A migrated database at ``path``; ``create=False`` refuses to make a new file."""
    path = Path(path)
    if not path.exists() and not create:
        raise StoreError(f"{path}: database not found; run `scraper crawl` first or pass --db PATH")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.enable_wal()
        # In WAL mode NORMAL keeps the database consistent through any crash or kill; only an OS crash or
        # power loss can take back the last commits, which the frontier then redoes. FULL costs an fsync
        # per page.
        db.execute("PRAGMA synchronous = NORMAL")
        migrations.apply(db)
        write_datasette_metadata(path)
    except (sqlite3.Error, OSError) as e:
        raise StoreError(f"{path}: cannot open the database ({e}); check the path and its permissions") from e
    return db
