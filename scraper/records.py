"""Clean records: a page through extraction and normalization, or a text dump through the dump cleaner.

The unit of work of crawl, reextract, extract and clean, and of the Python API. Module-level functions of
picklable arguments, so they run in worker processes.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from scraper.config import NormalizeConfig
from scraper.errors import ExtractError, InputError
from scraper.extract import extract_article
from scraper.extract.dump import clean_dump
from scraper.extract.html import unreadable
from scraper.models import Article, Extracted, Page, SiteRules
from scraper.normalize.article import normalize_article
from scraper.normalize.authors import normalize_authors
from scraper.normalize.dates import needs_language, parse_date
from scraper.normalize.language import choose_language
from scraper.normalize.read_time import resolve_read_time
from scraper.normalize.words import count_words
from scraper.provenance import extractor_version

# An HTML document's start, after a byte-order mark, comments and an XML declaration: what `clean` would read
# as text, tags and scripts and all
HTML_DOCUMENT = re.compile(
    r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def page_record(page: Page, config: NormalizeConfig, rules: SiteRules | None = None) -> Article:
    """Raise :class:`~scraper.errors.ExtractError` when the page holds no article; when it was read, the
    error's ``article`` is the record of what was found (``status`` says what the page is, text empty)."""
    return page_record_and_blocks(page, config, rules)[0]


def page_record_and_blocks(
    page: Page, config: NormalizeConfig, rules: SiteRules | None = None, *, learn: bool = False
) -> tuple[Article, dict[str, str] | None]:
    """:func:`page_record`, and with ``learn`` the page's blocks for site-template learning, read from the
    same parse (on an :class:`~scraper.errors.ExtractError`, in its ``metadata.blocks``)."""
    rules = rules or SiteRules()
    made_by = extractor_version(rules, config)
    try:
        extracted = extract_article(page.body, page.final_url, encoding=page.charset, rules=rules, learn=learn)
    except ExtractError as e:
        if e.metadata is not None:
            e.article = _normalize(e.metadata, page, config, made_by)
        raise
    return _normalize(extracted, page, config, made_by), extracted.blocks


def _normalize(extracted: Extracted, page: Page, config: NormalizeConfig, made_by: str) -> Article:
    # A saved page has no fetch time ("" in its Page): its record says so with null, not an empty string
    return normalize_article(extracted, url=page.url, config=config, fetched_at=page.fetched_at or None,
                             extractor_version=made_by)  # fmt: skip


def dump_record(
    text: str, config: NormalizeConfig, *, where: str = "<stdin>", fetched_at: str | None = None
) -> dict[str, Any]:
    """The clean record of a text dump; ``fetched_at`` (ISO 8601) resolves relative dates ("2 hours ago")."""
    if not text.strip():
        raise InputError(f"{where}: the input is empty; give a text dump of an article")
    if (problem := unreadable(text)) is not None and problem[0] == "binary":
        raise InputError(f"{where}: {problem[1]}, not text; give a text dump of an article")
    if HTML_DOCUMENT.match(text[:4096]):
        raise InputError(
            f"{where}: this is an HTML page, not a text dump; extract it from its markup with `scraper extract "
            "PAGE.html --url URL` (scraper.extract_page in Python)"
        )
    cleaned = clean_dump(text, fetched_at=fetched_at)
    if not cleaned.text:
        raise InputError(f"{where}: no article text left after cleaning; is this a text dump of an article?")
    read_time, read_time_source = resolve_read_time(cleaned.read_time_raw, cleaned.text, config)
    # A dump says nothing of its language; the text tells it, when the date needs it (06/01/2026 in French).
    language = choose_language("", cleaned.text)[0] if needs_language(cleaned.date_raw) else None
    published = parse_date(cleaned.date_raw, fetched_at=fetched_at, language=language) if cleaned.date_raw else None
    return {
        "title": cleaned.title or None,
        "title_source": "text" if cleaned.title else None,
        "authors": list(normalize_authors(cleaned.authors)),
        "published": published,
        "published_source": "text" if published else None,
        "read_time_min": read_time,
        "read_time_source": read_time_source,
        "word_count": count_words(cleaned.text),
        "images": [dataclasses.asdict(i) for i in cleaned.captions],
        "text": cleaned.text,
    }
