"""Full-text search ranked by bm25, and read-only SQL: ``scraper search``, ``scraper query`` and the API."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from scraper.errors import InputError, StoreError
from scraper.store.reading import Filters

SNIPPET_TOKENS = 16
STATUS_MARGIN = 20  # rows ranked beyond --limit, in case some are records of rejected pages


SEARCH_COLUMNS = ("rank", "url", "source", "published", "status", "title", "snippet")
# A word written with punctuation inside it ("covid-19", "harbour's", "U.S.", "24/7"), which FTS5's query
# syntax cannot take bare; a prefix query's "*" may follow it.
PUNCTUATED = re.compile(r"(\w+(?:[-'’./]\w+)+\.?)(\*?)")


def search(conn: sqlite3.Connection, query: str, filters: Filters, *, limit: int) -> Iterator[tuple[Any, ...]]:
    """Articles matching the FTS5 ``query``, best first (bm25), with the matching passage highlighted.

    In three short queries: the best ``limit`` rowids first, from the full-text index, with the filters
    as a set of rowids from the articles' indexes; then the snippets and the articles' columns for those
    rowids alone, all three in one read transaction so a crawl writing meanwhile cannot tear them apart.
    Each ``+rowid in (...)`` is a filter on one pass over the matches: written without the
    ``+``, FTS5 would run the whole query again for every rowid in the list (for a prefix, every time
    expanding it), and ranking over a join would read each matching article's row. The status filter is
    applied to the best rows alone (nearly every record has a body): a few more are ranked to make up."""
    written = as_written(query)
    where, params = dataclasses.replace(filters, status="any").where()
    status_where, status_params = dataclasses.replace(Filters(), status=filters.status).where("articles")
    chosen = f"and +f.rowid in (select a.rowid from articles a where {where})" if params else ""
    ranked = (
        f"select f.rowid, bm25(articles_fts) as score from articles_fts f "
        f"where articles_fts match ? {chosen} order by score limit ?"
    )
    try:
        conn.execute("begin")
        best = conn.execute(ranked, [written, *params, limit + STATUS_MARGIN]).fetchall()
        if not best:
            return
        ids = ",".join(str(int(rowid)) for rowid, _score in best)
        snippets = dict(
            conn.execute(
                f"select f.rowid, snippet(articles_fts, 1, '[', ']', ' … ', {SNIPPET_TOKENS}) from articles_fts f "
                f"where articles_fts match ? and +f.rowid in ({ids})",
                [written],
            )
        )
        shown = {
            row[0]: (*row[1:], snippets[row[0]])
            for row in conn.execute(
                f"select rowid, url, source, published, status, title from articles where rowid in ({ids}) and "
                + status_where,
                status_params,
            )
        }
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            raise StoreError(f"search: this database has no article index ({e}); is it a scraper database?") from e
        words = " ".join(f'"{word}"' for raw in query.split() if (word := raw.replace('"', "")))
        hint = f"; to search its words as written, quote them: {words}" if words else ""
        raise InputError(
            f"search: {query!r} is not a valid full-text query ({e}); put phrases and words with "
            f"punctuation in double quotes, e.g. '\"new york\" AND harbour'{hint}"
        ) from e
    finally:
        if conn.in_transaction:
            conn.rollback()
    for rowid, score in [(rowid, score) for rowid, score in best if rowid in shown][:limit]:
        yield (round(score, 3), *shown[rowid])


def as_written(query: str) -> str:
    """The FTS5 query with each word that has punctuation inside it, outside double quotes, quoted as the
    phrase it is written as: ``covid-19 vaccine`` searches "covid-19" (the tokens covid and 19 in a row)
    and vaccine. Every other part of the query is FTS5's syntax, as written."""
    parts = query.split('"')
    for i in range(0, len(parts), 2):  # the parts outside quotes
        parts[i] = " ".join(
            f'"{m[1]}"{m[2]}' if (m := PUNCTUATED.fullmatch(token)) else token for token in parts[i].split(" ")
        )
    return '"'.join(parts)


def run_query(conn: sqlite3.Connection, sql: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Columns and rows of a read-only SQL statement."""
    if not sql.strip():
        raise InputError('query: no SQL statement given; e.g. scraper query "select count(*) from articles"')
    try:
        cursor = conn.execute(sql)
    except (sqlite3.ProgrammingError, sqlite3.Warning) as e:  # "You can only execute one statement at a time."
        raise InputError(f"query: one SQL statement at a time ({e}); run each on its own") from e
    except sqlite3.DatabaseError as e:  # OperationalError, and "not authorized" (the authorizer's refusal)
        if any(
            word in str(e)
            for word in ("readonly", "query_only", "attempt to write", "not authorized", "authorization denied")
        ):
            raise InputError(
                "query: the database is opened read-only, so writes are refused (ATTACH, VACUUM INTO and pragmas "
                "that set a value too); change data with `sqlite-utils` or `sqlite3` on a copy, never under a "
                "running crawl"
            ) from e
        raise InputError(f"query: {e}") from e
    columns = [d[0] for d in cursor.description or ()]
    return columns, iter(cursor)
