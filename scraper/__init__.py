"""Crawl news sites into a clean, searchable SQLite corpus.

The library is a set of stages with no orchestration; ``pipelines/`` composes them:

    discover -> fetch -> pages (raw bytes kept) -> extract -> normalize -> articles

The Python API (:mod:`scraper.api`): ``scraper.extract_page(html, url)``, ``scraper.clean_dump(dump)``,
``scraper.Corpus(path)``. They load on first use, so ``import scraper`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Article", "Corpus", "ExtractError", "InputError", "ScraperError", "StoreError", "StoredArticle",
           "clean_dump", "extract_page"]  # fmt: skip

if TYPE_CHECKING:
    from scraper.api import Corpus, StoredArticle, clean_dump, extract_page
    from scraper.errors import ExtractError, InputError, ScraperError, StoreError
    from scraper.models import Article


def __getattr__(name: str) -> Any:
    if name in ("Corpus", "StoredArticle", "clean_dump", "extract_page"):
        from scraper import api

        return getattr(api, name)
    if name in ("ExtractError", "InputError", "ScraperError", "StoreError"):  # what the API raises
        from scraper import errors

        return getattr(errors, name)
    if name == "Article":
        from scraper.models import Article

        return Article
    raise AttributeError(f"module 'scraper' has no attribute {name!r}")
