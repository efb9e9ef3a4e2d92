"""``scraper extract``: saved HTML files to JSON records, one file, several or a JSON-lines batch; no database."""

from __future__ import annotations

import collections
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from pipelines.inputs import read_input, unpacked
from pipelines.workers import extract_pages
from scraper.config import NormalizeConfig
from scraper.errors import ExtractError, InputError
from scraper.extract.article import decode_html
from scraper.extract.html import unreadable
from scraper.models import Article, Page, SiteRules
from scraper.records import page_record

MARKUP = re.compile(r"<[a-zA-Z!/?]")  # a tag's start
MARKUP_BYTES = re.compile(MARKUP.pattern.encode())  # the same in an ASCII-compatible encoding: most pages


def _no_markup(text: str) -> bool:
    """Whether a readable text holds no tag: a text dump, not a page (binary data has a reason of its own)."""
    return MARKUP.search(text) is None and unreadable(text) is None


def file_page(path: Path, *, url: str = "", encoding: str | None = None) -> Page:
    """A :class:`Page` for a saved HTML file (gzipped or not), or for standard input when ``path`` is ``-``;
    the URL defaults to the file's ``file://`` URL (none for standard input)."""
    if str(path) == "-":
        body = unpacked(sys.stdin.buffer.read(), "-", "a saved HTML page")
    else:
        body = read_input(path, "a saved HTML page", "*.html")
        url = url or path.resolve().as_uri()
    if not body.strip():
        raise InputError(f"{path}: the {'input' if str(path) == '-' else 'file'} is empty; give a saved HTML page")
    if MARKUP_BYTES.search(body) is None and _no_markup(decode_html(body, encoding)):
        raise InputError(f"{path}: has no HTML markup, so it is no saved page; a text dump is cleaned with "
                         f"`scraper clean {path}`")  # fmt: skip
    headers = {"content-type": f"text/html; charset={encoding}"} if encoding else {}
    return Page(url, url, 200, headers, body, "")


def extract_file(path: Path, config: NormalizeConfig, *, url: str = "", rules: SiteRules | None = None) -> Article:
    """The record of a saved page (``-``: standard input). A file of binary data is a usage error here (a
    batch records it, with the reason ``binary``, and goes on)."""
    try:
        return page_record(file_page(path, url=url), config, rules)
    except ExtractError as e:
        if e.reason == "binary":
            raise InputError(f"{path}: {e.detail}, not an HTML page (a PDF, an image?); give a saved HTML page") from e
        raise


def extract_many(
    items: Iterable[tuple[Any, Page | InputError]],
    out: TextIO,
    config: NormalizeConfig,
    *,
    workers: int,
    rules: SiteRules | None = None,
    timeout_s: float = 0.0,
) -> tuple[int, int]:
    """Write a JSON line for each item, in input order: ``{"id", ...record}``, or ``{"id", "error",
    "reason"}`` for a page without an article (with the metadata found) or one whose extraction broke; an
    ``(id, error)`` item, a page that could not be read, is an ``{"id", "error"}`` line. Return (records,
    errors)."""
    records = errors = 0
    # What is read and not written yet, in order: None for a page in flight, or a page that could not be
    # read (written once the pages before it are; at once when none is in flight, so errors never pile up).
    unread: collections.deque[tuple[Any, InputError] | None] = collections.deque()

    def pages() -> Iterator[tuple[Any, Page, SiteRules]]:
        nonlocal errors
        for item_id, page in items:
            if isinstance(page, InputError) and not unread:
                _write(out, {"id": item_id, "error": str(page)})
                errors += 1
            elif isinstance(page, InputError):
                unread.append((item_id, page))
            else:
                unread.append(None)
                yield item_id, page, rules or SiteRules()

    def errors_up_to_a_page() -> None:
        nonlocal errors
        while unread and (item := unread[0]) is not None:
            _write(out, {"id": item[0], "error": str(item[1])})
            unread.popleft()
            errors += 1

    for item_id, _page, outcome, _blocks, _body in extract_pages(pages(), config, workers=workers, timeout_s=timeout_s):
        unread.popleft()  # this page's place: the errors before it were written with the page before it
        if isinstance(outcome, Article):
            _write(out, {"id": item_id, **outcome.to_dict()})
            records += 1
        else:
            record = outcome.article.to_dict() if outcome.article is not None else {}
            _write(out, {"id": item_id, **record, "error": str(outcome), "reason": outcome.reason})
            errors += 1
        errors_up_to_a_page()
    return records, errors


def batch_pages(lines: TextIO, base: Path) -> Iterator[tuple[Any, Page | InputError]]:
    """Each batch line's page (``html_path`` relative to ``base``), or what is wrong with the line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item_id: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise InputError(f"line {number}: expected a JSON object with id, url and html_path")
            item_id = item.get("id")
            if not item.get("html_path"):
                raise InputError(f"line {number}: missing 'html_path'")
            path = base / str(item["html_path"])
            yield item_id, file_page(path, url=str(item.get("url") or ""), encoding=item.get("encoding"))
        except (ValueError, RecursionError, InputError) as e:  # RecursionError: JSON nested too deep
            yield item_id, e if isinstance(e, InputError) else InputError(f"line {number}: invalid JSON: {e}")


def file_pages(paths: Iterable[Path]) -> Iterator[tuple[Any, Page | InputError]]:
    """Each saved page, its path as its id, or why it cannot be read."""
    for path in paths:
        try:
            yield str(path), file_page(path)
        except InputError as e:
            yield str(path), e


def _write(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
