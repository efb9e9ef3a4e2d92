"""XML sitemaps, sitemap indexes (gzip accepted) and Google News sitemaps -> page URLs, their last
change (``<lastmod>``, else ``<news:publication_date>``), and child sitemaps. A news sitemap's
``<news:title>`` is not kept: the page's own headline is extracted from the page."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from scraper.discover.xml import local_name, parse_xml

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limits for one sitemap: uncompressed size,
MAX_SITEMAP_URLS = 50_000  # and URLs (or child sitemaps of an index); entries past them are ignored


@dataclass(frozen=True)
class Sitemap:
    urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()  # children of a sitemap index
    # url -> when the page last changed: <lastmod>, else a news sitemap's <news:publication_date>
    changed: dict[str, str] = field(default_factory=dict)


def parse_sitemap(data: bytes) -> Sitemap:
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    root = parse_xml(data)
    if root is None:
        return Sitemap()
    urls: list[str] = []
    children: list[str] = []
    changed: dict[str, str] = {}
    for entry in root.iter():
        kind = local_name(entry)
        if kind not in ("url", "sitemap") or len(urls) + len(children) >= MAX_SITEMAP_URLS:
            continue
        own = {local_name(e): (e.text or "").strip() for e in entry}  # <loc>, <lastmod>; not <image:loc>
        news = next((e for e in entry if local_name(e) == "news"), None)
        about = {local_name(e): (e.text or "").strip() for e in news} if news is not None else {}
        if not (loc := own.get("loc", "")):
            continue
        if kind == "sitemap":
            children.append(loc)
            continue
        urls.append(loc)
        if when := own.get("lastmod") or about.get("publication_date"):
            changed[loc] = when
    return Sitemap(tuple(urls), tuple(children), changed)


def _gunzip(data: bytes) -> bytes:
    """Decompress at most MAX_SITEMAP_BYTES, so a gzip bomb cannot exhaust memory."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, MAX_SITEMAP_BYTES)
    except zlib.error:
        return b""
    return out if not decompressor.unconsumed_tail else b""
