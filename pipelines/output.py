"""Rows out: a table for a terminal, JSON lines or CSV for programs; streamed, row by row. A BLOB (a stored
page's gzipped body) is ``<N bytes>`` in a table, base64 in CSV and ``{"$base64": true, "encoded": ...}`` in
JSON (Datasette's convention), so a program can tell it from text."""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from tabulate import tabulate

TABLE_CELL = 60  # characters of a cell shown in a terminal table


def write_rows(rows: Iterable[Sequence[Any]], columns: Sequence[str], out: TextIO, *, fmt: str) -> int:
    """Write ``rows`` as ``fmt`` (``table``, ``json`` for JSON lines, ``csv``); return how many."""
    count = 0
    if fmt == "table":
        shown = [[_cell(v) for v in row] for row in rows]
        out.write(tabulate(shown, headers=list(columns), tablefmt="simple") + "\n")
        return len(shown)
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_base64(v) if isinstance(v, bytes) else v for v in row])
            count += 1
        return count
    for row in rows:
        record = {c: {"$base64": True, "encoded": _base64(v)} if isinstance(v, bytes) else v
                  for c, v in zip(columns, row, strict=True)}  # fmt: skip
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _cell(value: Any) -> Any:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):  # counts by reason: "http_404: 1, robots: 2"
        value = ", ".join(f"{key}: {count}" for key, count in value.items())
    if isinstance(value, str):
        value = " ".join(value.split())
        return value if len(value) <= TABLE_CELL else value[: TABLE_CELL - 1] + "…"
    return value
