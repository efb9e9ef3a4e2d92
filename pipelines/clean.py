"""``scraper clean``: a dirty text dump of a page (like a naive scraper keeps) to a clean record."""

from __future__ import annotations

import collections
import contextlib
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from pipelines.inputs import read_input, unpacked
from scraper.config import NormalizeConfig
from scraper.errors import InputError
from scraper.extract.article import decode_html
from scraper.records import dump_record

WINDOW = 64  # dumps in flight per worker: input is read as the output is written, never all at once


def read_dump(path: Path) -> str:
    """A dump file's text, or a clear error. The bytes decide the encoding, as for a page: a byte-order mark
    (Windows editors save "Unicode" text as UTF-16), else UTF-8 when the bytes are valid UTF-8, else
    Windows-1252 (an old scraper's Latin-1 dump); undecodable bytes become U+FFFD. A gzipped dump is read as
    the text it holds."""
    return decode_html(read_input(path, "a text dump", "*.txt"))


def read_stdin() -> str:
    """Standard input's text, its encoding read from its bytes as a file's is (and gunzipped when gzipped)."""
    return decode_html(unpacked(sys.stdin.buffer.read(), "-", "a text dump"))


class DumpItem(NamedTuple):
    key: Any  # the output line's "id"
    text: str
    where: str  # for messages: the file, or the batch line
    fetched_at: str | None = None
    error: str = ""  # the item could not be read: this is its output line's error


def clean_item(item: DumpItem, config: NormalizeConfig) -> dict[str, Any]:
    """One output line: ``{"id", ...record}`` or ``{"id", "error"}``; a module-level function, so it runs in
    worker processes."""
    if item.error:
        return {"id": item.key, "error": item.error}
    try:
        return {"id": item.key, **dump_record(item.text, config, where=item.where, fetched_at=item.fetched_at)}
    except InputError as e:
        return {"id": item.key, "error": str(e)}


def file_item(path: Path, fetched_at: str | None) -> DumpItem:
    try:
        return DumpItem(str(path), read_dump(path), str(path), fetched_at)
    except InputError as e:
        return DumpItem(str(path), "", str(path), fetched_at, error=str(e))


def batch_items(lines: TextIO, base: Path, fetched_at: str | None) -> Iterator[DumpItem]:
    """An item for each JSON line ``{"id", "text" | "path", "fetched_at"?}`` (a path relative to ``base``)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            item = json.loads(line)
        except (ValueError, RecursionError) as e:
            yield DumpItem(None, "", where, error=f"{where}: invalid JSON ({e}); expected an object with id and text")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text", item.get("path")), str):
            yield DumpItem(None, "", where, error=f"{where}: expected a JSON object with id and text (or path)")
            continue
        when = item["fetched_at"] if isinstance(item.get("fetched_at"), str) else fetched_at
        if "text" in item:
            yield DumpItem(item.get("id"), item["text"], where, when)
            continue
        try:
            yield DumpItem(item.get("id"), read_dump(base / item["path"]), f"{where}: {item['path']}", when)
        except InputError as e:
            yield DumpItem(item.get("id"), "", where, when, error=f"{where}: {e}")


def clean_many(items: Iterable[DumpItem], out: TextIO, config: NormalizeConfig, *, workers: int) -> tuple[int, int]:
    """Write one JSON line per item, in input order, cleaning in ``workers`` processes; (records, errors)."""
    records = errors = 0
    work = functools.partial(clean_item, config=config)
    with contextlib.ExitStack() as stack:
        if workers > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            results: Iterable[dict[str, Any]] = _in_order(pool, work, items, window=workers * WINDOW)
        else:
            results = map(work, items)
        for result in results:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            if "error" in result:
                errors += 1
            else:
                records += 1
    out.flush()
    return records, errors


def _in_order(
    pool: ProcessPoolExecutor, work: Callable[[Any], dict[str, Any]], items: Iterable[Any], *, window: int
) -> Iterator[dict[str, Any]]:
    """``pool.map`` with at most ``window`` items read ahead (``map`` reads its whole input first)."""
    pending: collections.deque[Future[dict[str, Any]]] = collections.deque()
    for item in items:
        pending.append(pool.submit(work, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
