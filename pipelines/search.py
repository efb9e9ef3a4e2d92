"""``scraper search`` and ``scraper query``: full-text search ranked by bm25, and read-only SQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.errors import InputError, StoreError

SNIPPET_TOKENS = 16


@dataclass(frozen=True)
class Filters:
    """Which articles: by source, publication day range (``until`` inclusive), language."""

    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    language: str = ""

    def where(self, alias: str = "a") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.sources:
            clauses.append(f"{alias}.source in ({','.join('?' * len(self.sources))})")
            params += self.sources
        if self.since:
            clauses.append(f"{alias}.published >= ?")
            params.append(self.since)
        if self.until:  # a day: everything published on it too ("2024-05-01T23:00:00+02:00" < "2024-05-02")
            clauses.append(f"{alias}.published < date(?, '+1 day')")
            params.append(self.until)
        if self.language:
            clauses.append(f"{alias}.language = ?")
            params.append(self.language)
        return (" and ".join(clauses) or "1"), params


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: the database opened read-only, and ``query_only`` on top."""
    if not path.exists():
        raise StoreError(f"{path}: database not found; run `scraper crawl` first or pass --db PATH")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("pragma query_only = 1")
    conn.execute("pragma busy_timeout = 10000")
    return conn


SEARCH_COLUMNS = ("rank", "url", "source", "published", "title", "snippet")


def search(conn: sqlite3.Connection, query: str, filters: Filters, *, limit: int) -> Iterator[tuple[Any, ...]]:
    """Articles matching the FTS5 ``query``, best first (bm25), with the matching passage highlighted.

    In two queries: the best ``limit`` rowids first, from the full-text index alone unless a filter needs
    the articles' columns (then ``cross join`` keeps the planner from starting at a filter's index), then
    titles and snippets for those rowids alone."""
    where, params = filters.where()
    joined = "cross join articles a on a.rowid = f.rowid" if params else ""  # the filters' columns, if any
    ranked = (
        f"select f.rowid, bm25(articles_fts) as score from articles_fts f {joined} "
        f"where articles_fts match ? and {where} order by score limit ?"
    )
    try:
        best = conn.execute(ranked, [query, *params, limit]).fetchall()
        if not best:
            return
        ids = ",".join(str(int(rowid)) for rowid, _score in best)
        shown = {
            row[0]: row[1:]
            for row in conn.execute(
                "select f.rowid, a.url, a.source, a.published, a.title, "
                f"snippet(articles_fts, 1, '[', ']', ' … ', {SNIPPET_TOKENS}) "
                f"from articles_fts f cross join articles a on a.rowid = f.rowid "
                f"where articles_fts match ? and f.rowid in ({ids})",
                [query],
            )
        }
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            raise StoreError(f"search: this database has no article index ({e}); is it a scraper database?") from e
        raise InputError(
            f"search: {query!r} is not a valid full-text query ({e}); put phrases and words with "
            "punctuation in double quotes, e.g. '\"new york\" AND harbour'"
        ) from e
    for rowid, score in best:
        yield (round(score, 3), *shown[rowid])


def run_query(conn: sqlite3.Connection, sql: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Columns and rows of a read-only SQL statement."""
    try:
        cursor = conn.execute(sql)
    except sqlite3.OperationalError as e:
        if "readonly" in str(e) or "query_only" in str(e) or "attempt to write" in str(e):
            raise InputError(
                "query: the database is opened read-only, so writes are refused; change data with "
                "`sqlite-utils` or `sqlite3` on a copy, never under a running crawl"
            ) from e
        raise InputError(f"query: {e}") from e
    columns = [d[0] for d in cursor.description or ()]
    return columns, iter(cursor)
