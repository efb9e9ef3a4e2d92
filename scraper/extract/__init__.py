"""Article extraction: metadata off the page, chrome stripped with selectolax, text by trafilatura."""

from scraper.extract.article import extract_article

__all__ = ["extract_article"]
