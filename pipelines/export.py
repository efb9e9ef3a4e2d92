"""``scraper export``: articles as JSON lines, CSV or Parquet, streamed so memory stays flat."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, TextIO

from pipelines.output import write_rows
from scraper.errors import InputError
from scraper.store.reading import LIST_COLUMNS, Filters

BATCH = 2_000  # rows per Parquet row group (about 8 MB of article text): the writer holds one group in memory


def article_columns(conn: sqlite3.Connection) -> list[str]:
    return [row[1] for row in conn.execute("pragma table_info(articles)")]


def choose_fields(conn: sqlite3.Connection, fields: str) -> list[str]:
    known = article_columns(conn)
    if not fields:
        return known
    chosen = [f.strip() for f in fields.split(",") if f.strip()]
    if unknown := [f for f in chosen if f not in known]:
        raise InputError(f"export: unknown field {unknown[0]!r} in --fields; the fields are: {', '.join(known)}")
    return chosen


def rows(conn: sqlite3.Connection, fields: Sequence[str], filters: Filters) -> Generator[tuple[Any, ...]]:
    where, params = filters.where()
    columns = ", ".join(f'a."{f}"' for f in fields)
    yield from conn.execute(f"select {columns} from articles a where {where} order by a.rowid", params)


def export(conn: sqlite3.Connection, fields: Sequence[str], filters: Filters, *, fmt: str, out: TextIO | Path) -> int:
    """Write the articles; ``out`` is a text stream for ``jsonl``/``csv`` and a file path for ``parquet`` and
    ``warc``."""
    types = {row[1]: row[2].upper() for row in conn.execute("pragma table_info(articles)")}
    if fmt == "warc":
        assert isinstance(out, Path)
        return _warc(conn, fields, filters, out)
    with closing(rows(conn, fields, filters)) as source:  # closed before the connection, even on an error
        if fmt == "parquet":
            assert isinstance(out, Path)
            return _parquet(source, {f: types[f] for f in fields}, out)
        assert not isinstance(out, Path)
        if fmt == "csv":
            return write_rows(source, fields, out, fmt="csv")
        return write_rows(decoded(source, fields), fields, out, fmt="json")


def decoded(source: Iterable[Sequence[Any]], fields: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Rows with their list columns (by name: authors, tags, images) decoded from the JSON text they are
    stored as; a value that is not JSON text (a query's own column of that name) is left as it is."""
    lists = [i for i, name in enumerate(fields) if name in LIST_COLUMNS]
    if not lists:
        yield from (tuple(row) for row in source)
        return
    for row in source:
        values = list(row)
        for i in lists:
            if not values[i]:
                values[i] = []
            elif isinstance(values[i], str):
                with contextlib.suppress(ValueError):
                    values[i] = json.loads(values[i])
        yield tuple(values)


def _parquet(source: Iterator[tuple[Any, ...]], types: dict[str, str], path: Path) -> int:
    """Row groups of BATCH rows; the columns typed from the table's declared SQLite types."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            "export: --format parquet needs pyarrow, which is not installed; "
            "install it with `pip install -e '.[parquet]'` in the project's folder (or `pip install pyarrow`)"
        ) from None
    arrow = {"INTEGER": pa.int64(), "FLOAT": pa.float64(), "REAL": pa.float64(), "BLOB": pa.binary()}
    image = pa.struct([("url", pa.string()), ("caption", pa.string()), ("credit", pa.string())])
    lists = {"authors": pa.list_(pa.string()), "tags": pa.list_(pa.string()), "images": pa.list_(image)}
    schema = pa.schema([(name, lists.get(name) or arrow.get(kind, pa.string())) for name, kind in types.items()])
    source = decoded(source, list(types))
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        while batch := [row for _, row in zip(range(BATCH), source, strict=False)]:
            columns = {name: [row[i] for row in batch] for i, name in enumerate(types)}
            writer.write_table(pa.table(columns, schema=schema))
            count += len(batch)
    return count


def _warc(conn: sqlite3.Connection, fields: Sequence[str], filters: Filters, out: Path) -> int:
    """The chosen articles' stored pages as WARC response records, each with its record (``fields``, lists
    decoded) as a metadata record; written to a temporary file renamed into place, so a failure leaves no
    half archive under the name."""
    from scraper.store.repo import load_page
    from scraper.warc import write_archive

    where, params = filters.where()
    chosen = ", ".join(f'a."{f}" as "article.{f}"' for f in fields)
    query = f"select p.*, {chosen} from articles a join pages p on p.url = a.url where {where} order by a.rowid"

    def items() -> Iterator[tuple[Any, dict[str, Any]]]:
        cursor = conn.execute(query, params)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            (record,) = decoded([[row[f"article.{f}"] for f in fields]], fields)
            yield load_page(row), dict(zip(fields, record, strict=True))

    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("wb") as stream:
            count = write_archive(stream, items(), description=f"scraper export, {len(fields)} fields a record")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return count
