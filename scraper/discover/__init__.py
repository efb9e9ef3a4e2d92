"""Find article URLs: feeds, sitemaps and start-page links. Bytes in, URLs out; no I/O."""

from scraper.discover.feeds import Feed, parse_feed
from scraper.discover.links import extract_links, feed_links, next_page
from scraper.discover.sitemaps import Sitemap, parse_sitemap
from scraper.discover.urls import canonicalize_url

__all__ = [
    "Feed",
    "Sitemap",
    "canonicalize_url",
    "extract_links",
    "feed_links",
    "next_page",
    "parse_feed",
    "parse_sitemap",
]
