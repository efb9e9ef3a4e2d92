"""Article extraction: metadata off the page, chrome stripped with selectolax, text by trafilatura."""

from scraper.extract.article import EXTRACTOR_VERSION, extract_article

__all__ = ["EXTRACTOR_VERSION", "extract_article"]
