"""What extraction knows about a page's site: the source's CSS rules from the config and the template
learned from the site's stored pages (see scraper/extract/template.py). Used by crawl and reextract."""

from __future__ import annotations

import logging

from sqlite_utils import Database

from pipelines.limits import PageTimeout, time_limit
from scraper.config import Config
from scraper.extract.article import decode_html
from scraper.extract.html import template_blocks, unreadable
from scraper.models import Page, SiteRules
from scraper.store import repo
from scraper.store.batch import WriteBatch

log = logging.getLogger(__name__)


def source_rules(config: Config, source: str) -> SiteRules:
    """The ``drop`` and ``body`` CSS rules of a configured source (none for an unknown one)."""
    for configured in config.sources:
        if configured.name == source:
            return SiteRules(drop=configured.drop, body=configured.body)
    return SiteRules()


def site_rules(db: Database, config: Config, source: str, page: Page, pending: WriteBatch | None = None) -> SiteRules:
    """The source's CSS rules plus the template learned so far from the site's stored pages. With ``pending``
    writes held back (records and their blocks, added ``about`` their
    :func:`~scraper.store.repo.template_site`), a site whose pages
    held back would bring it to the pages a template needs ([extract] template_min_pages) has them stored
    first: its template starts from every page extracted before, as if each record were committed at once.
    (Later, a block that joins the template may do so a batch late.)"""
    rules = source_rules(config, source)
    site = repo.template_site(source, page)
    least = config.extract.template_min_pages
    template = repo.site_template(db, *site, min_pages=least, share=config.extract.template_share)
    if not template and pending and least > 0 and (held := pending.held(site)):
        learned = repo.learned_pages(db, *site)
        if learned < least <= learned + held:
            pending.flush()
            return site_rules(db, config, source, page)
    return SiteRules(drop=rules.drop, body=rules.body, template=template, not_found=repo.not_found_page(db, site[1]))


def page_blocks(page: Page) -> dict[str, str] | None:
    """The page's blocks for template learning, or None for a page that is no HTML document."""
    if page.status != 200 or not page.body:
        return None
    html = decode_html(page.body, page.charset)
    return None if unreadable(html) else template_blocks(html)


def forget_page_own_blocks(db: Database, config: Config) -> int:
    """After a run that counted pages' blocks: forget the blocks on one page only of the sites that have
    twice the pages a template needs ([extract] template_min_pages): most of what the counts hold (92% of
    their rows on 2,000 imported pages, 15 KB a page of the database). There the template needs a block on
    half the site's pages, five or more: a count lost delays a block by one page."""
    least = config.extract.template_min_pages
    forgotten = repo.forget_single_page_blocks(db, min_site_pages=2 * least) if least > 0 else 0
    if forgotten:
        log.info("template counts: forgot %d blocks on one page only of their site", forgotten)
    return forgotten


def learn_stored_pages(db: Database, config: Config) -> int:
    """Count the blocks of stored pages that were stored before templates existed; return how many."""
    if config.extract.template_min_pages <= 0:
        return 0
    learned = 0
    for source, page in repo.iter_pages(db, repo.unlearned_pages(db)):
        try:
            with time_limit(config.extract.timeout_s):
                blocks = page_blocks(page)
        except PageTimeout:  # counted as a page without blocks, so the next run does not try it again
            log.warning("%s: reading its blocks took over [extract] timeout_s; counted without them", page.url)
            blocks = {}
        if blocks is not None:
            repo.record_blocks(db, page, source=source, blocks=blocks)
            learned += 1
    return learned
