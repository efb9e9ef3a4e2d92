"""Reading a corpus without writing to it: a read-only connection, and which articles a filter chooses.

Shared by ``scraper search``, ``query``, ``export``, ``status`` and the Python API (:mod:`scraper.api`).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scraper.errors import InputError, StoreError
from scraper.models import SHOWN, PageStatus
from scraper.store.membership import listed_by

log = logging.getLogger(__name__)
LIST_COLUMNS = ("authors", "tags", "images")  # articles columns stored as JSON text: lists when read out
CANNOT_SHARE = {"SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN", "SQLITE_READONLY"}  # no -shm file can be made
# What every reader counts on: the articles' columns the filters and views read, and the tables beside them
READ_COLUMNS = ("url", "source", "status", "text", "title", "published_utc", "language", "authors")
READ_TABLES = ("articles_fts", "frontier", "frontier_sources", "pages")
# The pragmas a read-only connection may give an argument: they read (a pragma with a value may set one)
READING_PRAGMAS = frozenset({"table_info", "table_xinfo", "table_list", "index_info", "index_xinfo", "index_list",
                             "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check"})  # fmt: skip


DEFAULT_STATUS = ",".join(SHOWN)


def check_statuses(value: str) -> list[str]:
    """The statuses a comma-separated ``--status`` names; an unknown one is an error that lists them."""
    statuses = [s.strip() for s in value.split(",") if s.strip()]
    known = [str(s) for s in PageStatus]
    unknown = [s for s in statuses if s not in known]
    if unknown or not statuses:
        raise InputError(f"status {value!r}: {', '.join(unknown) or 'no status'} is none of {', '.join(known)}; "
                         "give one or more of them, comma-separated, or 'any'")  # fmt: skip
    return statuses


@dataclass(frozen=True)
class Filters:
    """Which articles: by source, publication day range (``until`` inclusive), language, author, and status
    (comma-separated :class:`~scraper.models.PageStatus` values, by default articles and paywalled ones;
    ``any``: the records of pages that are no article too)."""

    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    language: str = ""
    status: str = DEFAULT_STATUS
    author: str = ""  # one of the article's authors, case-insensitive

    def where(self, alias: str = "a") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.sources:  # stored under one of them, or listed by one of them too
            listed, listed_params = listed_by(self.sources, f"{alias}.url")
            clauses.append(f"({alias}.source in ({','.join('?' * len(self.sources))}) or {listed})")
            params += [*self.sources, *listed_params]
        if self.since:
            clauses.append(f"{alias}.published >= ?")
            params.append(self.since)
        if self.until:  # a day: everything published on it too ("2024-05-01T23:00:00+02:00" < "2024-05-02")
            clauses.append(f"{alias}.published < date(?, '+1 day')")
            params.append(self.until)
        if self.language:
            clauses.append(f"{alias}.language = ?")
            params.append(self.language)
        if self.author:
            # casefold(): a Python function on every read-only connection (SQLite's nocase folds ASCII only)
            clauses.append(f"exists (select 1 from json_each({alias}.authors) where casefold(value) = ?)")
            params.append(self.author.casefold())
        if self.status != "any":
            statuses = check_statuses(self.status)
            clauses.append(f"{alias}.status in ({','.join('?' * len(statuses))})")
            params += statuses
        return (" and ".join(clauses) or "1"), params


def check_day(name: str, day: str) -> str:
    """``day`` if it is a real YYYY-MM-DD day; else an error naming the option (``--since``) and the fix."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise InputError(f"{name} {day!r}: write a day as YYYY-MM-DD, e.g. {name} 2024-05-01")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise InputError(f"{name} {day!r}: there is no such day; write a day as YYYY-MM-DD") from None
    return day


def check_database_path(path: Path, *, may_create: bool = False) -> None:
    """Refuse a database path that is a folder, or that holds no file when none may be made there."""
    if not path.exists() and not may_create:
        raise StoreError(f"{path}: database not found; run `scraper crawl` first or pass --db PATH")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; pass --db with the database file in it (e.g. {path}/articles.db)")


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: the database opened read-only, and ``query_only`` on top.

    A WAL database is read through its shared-memory file, which a reader creates when it is missing; in a
    folder the reader may not write to, it cannot, and SQLite answers "attempt to write a readonly database"
    to every read. Then the file is opened as immutable (no locks, no shared memory), with a warning: fine
    for a copy or a finished crawl, but changes a crawl makes meanwhile are not seen."""
    check_database_path(path)
    conn = _connect(path, "mode=ro")
    try:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as e:
        conn.close()
        if getattr(e, "sqlite_errorname", "") not in CANNOT_SHARE:
            raise StoreError(f"{path}: cannot read it as a database ({e}); pass --db with a database that "
                             "`scraper crawl` made") from e  # fmt: skip
        log.warning("%s: its folder is not writable, so the database is read as immutable: changes a running "
                    "crawl makes meanwhile are not seen (copy the file to read a live crawl)", path)  # fmt: skip
        conn = _connect(path, "immutable=1")
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    if "articles" not in tables:
        conn.close()
        raise StoreError(f"{path}: an SQLite database, but not one `scraper crawl` made (it has no articles "
                         "table); pass --db with the crawl's database")  # fmt: skip
    # A database our migrations made is ours, though a crawl may be making it right now (its migrations run one
    # by one); one without them is checked for what every read counts on.
    ours = (
        "_sqlite_migrations" in tables
        and conn.execute("select 1 from _sqlite_migrations where migration_set = 'scraper' limit 1").fetchone()
    )
    columns = {row[1] for row in conn.execute("pragma table_info(articles)")}
    if not ours and (missing := sorted(set(READ_COLUMNS) - columns) or sorted(set(READ_TABLES) - tables)):
        conn.close()
        raise StoreError(f"{path}: its articles table is not one `scraper crawl` made (no {missing[0]}: another "
                         "tool's, or an older version's, which the next crawl or reextract on it migrates); pass "
                         "--db with the crawl's database")  # fmt: skip
    return conn


def _connect(path: Path, options: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)
    conn.execute("pragma query_only = 1")
    conn.execute("pragma busy_timeout = 10000")
    conn.set_authorizer(_reads_only)
    conn.create_function("casefold", 1, _casefold, deterministic=True)
    return conn


def _casefold(value: str | None) -> str | None:
    """SQL ``casefold(x)``: Python's case folding of a text, in every script ("Jürgen" = "JÜRGEN")."""
    return value.casefold() if isinstance(value, str) else value


def _reads_only(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    """SQLite's authorizer for a read-only connection: what ``query_only`` does not stop is refused too.
    ATTACH (and VACUUM INTO, which attaches its target) would create the file it names; a pragma given a
    value may set one (``journal_mode=delete`` fails only once it tries to write)."""
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg2 is not None and (arg1 or "").lower() not in READING_PRAGMAS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def check_sources(conn: sqlite3.Connection, sources: tuple[str, ...]) -> None:
    """Refuse a ``--source`` the database has never stored or listed anything of (a typo filters everything
    out silently otherwise)."""
    if not sources:
        return
    known = {row[0] for row in conn.execute("select distinct source from articles")}
    known |= {row[0] for row in conn.execute("select distinct source from frontier_sources")}
    if unknown := [name for name in sources if name not in known]:
        names = ", ".join(sorted(known)) or "none yet"
        raise InputError(f"--source {unknown[0]!r}: the database has no articles from it; its sources: {names}")
