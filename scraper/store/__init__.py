"""SQLite storage through sqlite-utils: schema migrations and the record-level reads and writes."""

from scraper.store.db import open_database, storage_errors

__all__ = ["open_database", "storage_errors"]
