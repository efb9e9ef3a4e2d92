"""One page through extraction and normalization: the unit of work of crawl, reextract and extract.

A module-level function of picklable arguments, so it runs in worker processes."""

from __future__ import annotations

from scraper.config import NormalizeConfig
from scraper.extract import EXTRACTOR_VERSION, extract_article
from scraper.models import Article, Page, SiteRules
from scraper.normalize.article import normalize_article


def process_page(page: Page, config: NormalizeConfig, rules: SiteRules | None = None) -> Article:
    """Raise :class:`~scraper.errors.ExtractError` when the page holds no article."""
    extracted = extract_article(page.body, page.final_url, encoding=page.charset, rules=rules or SiteRules())
    return normalize_article(
        extracted,
        url=page.url,
        config=config,
        fetched_at=page.fetched_at,
        extractor_version=EXTRACTOR_VERSION,
    )
