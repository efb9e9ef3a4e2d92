"""``normalize_article``: an :class:`Extracted` record plus page context in, a clean :class:`Article` out."""

from __future__ import annotations

import re

from scraper.config import NormalizeConfig
from scraper.models import Article, Extracted
from scraper.normalize.authors import normalize_authors
from scraper.normalize.dates import parse_date
from scraper.normalize.read_time import estimate_read_time, parse_read_time

WORD = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def count_words(text: str) -> int:
    """Words, counting each Chinese, Japanese or Korean character as one."""
    cjk = len(CJK.findall(text))
    return len(WORD.findall(CJK.sub(" ", text))) + cjk


def normalize_article(
    extracted: Extracted,
    *,
    url: str,
    config: NormalizeConfig,
    fetched_at: str | None = None,
    extractor_version: str = "",
) -> Article:
    language = extracted.language or None
    words = count_words(extracted.text)
    stated = parse_read_time(extracted.read_time_raw) if extracted.read_time_raw else None
    if stated is not None:
        read_time, read_time_source = stated, "page"
    else:
        cjk_share = len(CJK.findall(extracted.text)) / max(1, words)
        per_minute = config.chars_per_minute if cjk_share > 0.5 else config.words_per_minute
        read_time, read_time_source = estimate_read_time(words, per_minute), "estimate"
    published = parse_date(extracted.published_raw, fetched_at=fetched_at, language=language)
    updated = parse_date(extracted.updated_raw, fetched_at=fetched_at, language=language)
    return Article(
        url=url,
        canonical_url=extracted.canonical_url or url,
        title=extracted.title,
        authors=normalize_authors(extracted.authors),
        published=published,
        published_source=extracted.published_source if published else None,
        updated=updated,
        read_time_min=read_time,
        read_time_source=read_time_source,
        word_count=words,
        language=language,
        description=extracted.description or None,
        text=extracted.text,
        image_url=extracted.image_url or None,
        site_name=extracted.site_name or None,
        images=extracted.images,
        fetched_at=fetched_at,
        extractor_version=extractor_version,
    )
