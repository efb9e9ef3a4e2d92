"""``scraper search`` and ``scraper query``: full-text search ranked by bm25, and read-only SQL."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.errors import InputError, StoreError
from scraper.store.membership import listed_by

SNIPPET_TOKENS = 16
STATUS_MARGIN = 20  # rows ranked beyond --limit, in case some are records of rejected pages


@dataclass(frozen=True)
class Filters:
    """Which articles: by source, publication day range (``until`` inclusive), language, author, and status
    (``ok``: records with a body; ``any``: the records of rejected pages too)."""

    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    language: str = ""
    status: str = "ok"
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
            clauses.append(f"exists (select 1 from json_each({alias}.authors) where value = ? collate nocase)")
            params.append(self.author)
        if self.status != "any":
            clauses.append(f"{alias}.status = ?")
            params.append(self.status)
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

    In three short queries: the best ``limit`` rowids first, from the full-text index, with the filters
    as a set of rowids from the articles' indexes; then the snippets and the articles' columns for those
    rowids alone, all three in one read transaction so a crawl writing meanwhile cannot tear them apart.
    Each ``+rowid in (...)`` is a filter on one pass over the matches: written without the
    ``+``, FTS5 would run the whole query again for every rowid in the list (for a prefix, every time
    expanding it), and ranking over a join would read each matching article's row. The status filter is
    applied to the best rows alone (nearly every record has a body): a few more are ranked to make up."""
    where, params = dataclasses.replace(filters, status="any").where()
    chosen = f"and +f.rowid in (select a.rowid from articles a where {where})" if params else ""
    ranked = (
        f"select f.rowid, bm25(articles_fts) as score from articles_fts f "
        f"where articles_fts match ? {chosen} order by score limit ?"
    )
    try:
        conn.execute("begin")
        best = conn.execute(ranked, [query, *params, limit + STATUS_MARGIN]).fetchall()
        if not best:
            return
        ids = ",".join(str(int(rowid)) for rowid, _score in best)
        snippets = dict(
            conn.execute(
                f"select f.rowid, snippet(articles_fts, 1, '[', ']', ' … ', {SNIPPET_TOKENS}) from articles_fts f "
                f"where articles_fts match ? and +f.rowid in ({ids})",
                [query],
            )
        )
        shown = {
            row[0]: (*row[1:], snippets[row[0]])
            for row in conn.execute(
                f"select rowid, url, source, published, title from articles where rowid in ({ids})"
                + (" and status = ?" if filters.status != "any" else ""),
                [filters.status] if filters.status != "any" else [],
            )
        }
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            raise StoreError(f"search: this database has no article index ({e}); is it a scraper database?") from e
        raise InputError(
            f"search: {query!r} is not a valid full-text query ({e}); put phrases and words with "
            "punctuation in double quotes, e.g. '\"new york\" AND harbour'"
        ) from e
    finally:
        if conn.in_transaction:
            conn.rollback()
    for rowid, score in [(rowid, score) for rowid, score in best if rowid in shown][:limit]:
        yield (round(score, 3), *shown[rowid])


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


def run_query(conn: sqlite3.Connection, sql: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Columns and rows of a read-only SQL statement."""
    try:
        cursor = conn.execute(sql)
    except (sqlite3.ProgrammingError, sqlite3.Warning) as e:  # "You can only execute one statement at a time."
        raise InputError(f"query: one SQL statement at a time ({e}); run each on its own") from e
    except sqlite3.OperationalError as e:
        if "readonly" in str(e) or "query_only" in str(e) or "attempt to write" in str(e):
            raise InputError(
                "query: the database is opened read-only, so writes are refused; change data with "
                "`sqlite-utils` or `sqlite3` on a copy, never under a running crawl"
            ) from e
        raise InputError(f"query: {e}") from e
    columns = [d[0] for d in cursor.description or ()]
    return columns, iter(cursor)
