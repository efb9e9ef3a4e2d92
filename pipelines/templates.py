"""What extraction knows about a page's site: the source's CSS rules from the config and the template
learned from the site's stored pages (see scraper/extract/template.py). Used by crawl and reextract."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlite_utils import Database

from scraper.config import Config
from scraper.extract.article import decode_html
from scraper.extract.html import template_blocks
from scraper.models import Page, SiteRules
from scraper.store import repo


def source_rules(config: Config, source: str) -> SiteRules:
    """The ``drop`` and ``body`` CSS rules of a configured source (none for an unknown one)."""
    for configured in config.sources:
        if configured.name == source:
            return SiteRules(drop=configured.drop, body=configured.body)
    return SiteRules()


def site_rules(db: Database, config: Config, source: str, page: Page) -> SiteRules:
    """The source's CSS rules plus the template learned so far from the site's stored pages."""
    rules = source_rules(config, source)
    host = urlsplit(page.final_url or page.url).hostname or ""
    template = repo.site_template(
        db, source, host, min_pages=config.extract.template_min_pages, share=config.extract.template_share
    )
    return SiteRules(drop=rules.drop, body=rules.body, template=template)


def page_blocks(page: Page) -> dict[str, str] | None:
    """The page's blocks for template learning, or None for a page that is no HTML document."""
    if page.status != 200 or not page.body:
        return None
    return template_blocks(decode_html(page.body, page.charset))


def learn_stored_pages(db: Database, config: Config) -> int:
    """Count the blocks of stored pages that were stored before templates existed; return how many."""
    if config.extract.template_min_pages <= 0:
        return 0
    learned = 0
    for source, page in repo.iter_pages(db, repo.unlearned_pages(db)):
        if (blocks := page_blocks(page)) is not None:
            repo.record_blocks(db, page, source=source, blocks=blocks)
            learned += 1
    return learned
