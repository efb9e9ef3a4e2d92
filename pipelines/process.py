"""One page through extraction and normalization: the unit of work of crawl, reextract and extract.

A module-level function of picklable arguments, so it runs in worker processes."""

from __future__ import annotations

import dataclasses

from scraper.config import NormalizeConfig
from scraper.errors import ExtractError
from scraper.extract import EXTRACTOR_VERSION, extract_article
from scraper.models import Article, Extracted, Page, SiteRules
from scraper.normalize.article import normalize_article


def process_page(page: Page, config: NormalizeConfig, rules: SiteRules | None = None) -> Article:
    """Raise :class:`~scraper.errors.ExtractError` when the page holds no article; when its body was
    rejected, the error's ``article`` is the record of what was found (``status`` says why, text empty)."""
    try:
        extracted = extract_article(page.body, page.final_url, encoding=page.charset, rules=rules or SiteRules())
    except ExtractError as e:
        if e.metadata is not None:
            e.article = dataclasses.replace(_normalize(e.metadata, page, config), status=e.reason)
        raise
    return _normalize(extracted, page, config)


def _normalize(extracted: Extracted, page: Page, config: NormalizeConfig) -> Article:
    return normalize_article(
        extracted,
        url=page.url,
        config=config,
        fetched_at=page.fetched_at,
        extractor_version=EXTRACTOR_VERSION,
    )
