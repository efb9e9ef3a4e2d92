"""``scraper reextract``: re-run extraction and normalization over the stored raw pages, offline.

Deterministic and idempotent: an unchanged record keeps its row; a page that no longer yields an article
keeps its previous record (nothing stored is lost) and is reported."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from pipelines.templates import learn_stored_pages, site_rules
from pipelines.workers import extract_pages
from scraper.config import Config
from scraper.errors import ExtractError
from scraper.fetch.fetcher import utc_now
from scraper.store import repo


@dataclass
class ReextractSummary:
    pages: int = 0
    updated: int = 0
    unchanged: int = 0
    no_article: int = 0

    def line(self) -> str:
        return (
            f"reextract: {self.pages} pages, {self.updated} articles updated, {self.unchanged} unchanged, "
            f"{self.no_article} without an article"
        )


def run_reextract(db: Database, config: Config, *, workers: int) -> ReextractSummary:
    """Extract every stored page again, with its source's CSS rules and its site's template as learned
    from all stored pages."""
    summary = ReextractSummary()
    learn_stored_pages(db, config)
    items = (
        (source, page, site_rules(db, config, source, page))
        for source, page in repo.iter_pages(db)
        if page.status == 200 and page.body
    )
    for source, _page, outcome, _blocks in extract_pages(items, config.normalize, workers=workers):
        summary.pages += 1
        if isinstance(outcome, ExtractError):
            summary.no_article += 1
            continue
        if repo.save_article(db, outcome, source=source, now=utc_now()):
            summary.updated += 1
        else:
            summary.unchanged += 1
    return summary
