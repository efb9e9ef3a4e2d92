"""``scraper extract``: saved HTML files to JSON records, one file or a JSON-lines batch; no database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from pipelines.inputs import read_input
from pipelines.workers import extract_pages
from scraper.config import NormalizeConfig
from scraper.errors import InputError
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
    """A :class:`Page` for a saved HTML file (gzipped or not); the URL defaults to the file's ``file://`` URL."""
    body = read_input(path, "a saved HTML page", "*.html")
    if not body.strip():
        raise InputError(f"{path}: the file is empty; give a saved HTML page")
    if MARKUP_BYTES.search(body) is None and _no_markup(decode_html(body, encoding)):
        raise InputError(f"{path}: has no HTML markup, so it is no saved page; a text dump is cleaned with "
                         f"`scraper clean {path}`")  # fmt: skip
    headers = {"content-type": f"text/html; charset={encoding}"} if encoding else {}
    url = url or path.resolve().as_uri()
    return Page(url, url, 200, headers, body, "")


def extract_file(path: Path, config: NormalizeConfig, *, url: str = "", rules: SiteRules | None = None) -> Article:
    return page_record(file_page(path, url=url), config, rules)


def run_batch(
    lines: TextIO,
    out: TextIO,
    config: NormalizeConfig,
    *,
    base: Path,
    workers: int,
    rules: SiteRules | None = None,
    timeout_s: float = 0.0,
) -> tuple[int, int]:
    """Write one JSON line per input line; return (records, errors). Bad lines become error lines, and so
    does a page whose extraction takes longer than ``timeout_s``."""
    records = errors = 0

    def pages() -> Iterator[tuple[Any, Page, SiteRules]]:
        nonlocal errors
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
                page = file_page(path, url=str(item.get("url") or ""), encoding=item.get("encoding"))
                yield item_id, page, rules or SiteRules()
            except (ValueError, RecursionError, InputError) as e:  # RecursionError: JSON nested too deep
                message = str(e) if isinstance(e, InputError) else f"line {number}: invalid JSON: {e}"
                _write(out, {"id": item_id, "error": message})
                errors += 1

    for item_id, _page, outcome, _blocks, _body in extract_pages(pages(), config, workers=workers, timeout_s=timeout_s):
        if isinstance(outcome, Article):
            _write(out, {"id": item_id, **outcome.to_dict()})
            records += 1
        else:
            record = outcome.article.to_dict() if outcome.article is not None else {}
            _write(out, {"id": item_id, **record, "error": str(outcome), "reason": outcome.reason})
            errors += 1
    return records, errors


def _write(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
