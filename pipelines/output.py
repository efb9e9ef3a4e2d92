"""Rows out: a table for a terminal, JSON lines or CSV for programs; streamed, row by row."""

from __future__ import annotations

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
            writer.writerow(row)
            count += 1
        return count
    for row in rows:
        out.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value if len(value) <= TABLE_CELL else value[: TABLE_CELL - 1] + "…"
    return value
