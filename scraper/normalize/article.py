"""``normalize_article``: an :class:`Extracted` record plus page context in, a clean :class:`Article` out."""

from __future__ import annotations

from scraper.config import NormalizeConfig
from scraper.models import Article, Extracted
from scraper.normalize.authors import normalize_authors
from scraper.normalize.dates import parse_date, utc_form
from scraper.normalize.language import choose_language
from scraper.normalize.read_time import resolve_read_time
from scraper.normalize.words import count_words


def normalize_article(
    extracted: Extracted,
    *,
    url: str,
    config: NormalizeConfig,
    fetched_at: str | None = None,
    extractor_version: str = "",
) -> Article:
    words = count_words(extracted.text)
    language, language_source = choose_language(extracted.language, extracted.text)
    read_time, read_time_source = resolve_read_time(extracted.read_time_raw, extracted.text, config)
    locale = extracted.locale if language_source == "markup" else language  # a lying markup's locale too
    published = parse_date(extracted.published_raw, fetched_at=fetched_at, language=locale)
    updated = parse_date(extracted.updated_raw, fetched_at=fetched_at, language=locale)
    return Article(
        url=url,
        canonical_url=extracted.canonical_url or url,
        title=extracted.title,
        authors=normalize_authors(extracted.authors),
        published=published,
        published_source=extracted.published_source if published else None,
        published_utc=utc_form(published),
        updated=updated,
        read_time_min=read_time,
        read_time_source=read_time_source,
        word_count=words,
        language=language,
        language_source=language_source,
        description=extracted.description or None,
        text=extracted.text,
        image_url=extracted.image_url or None,
        site_name=extracted.site_name or None,
        section=extracted.section or None,
        tags=extracted.tags,
        images=extracted.images,
        fetched_at=fetched_at,
        extractor_version=extractor_version,
        status=extracted.status,
        status_evidence=extracted.status_evidence,
    )
