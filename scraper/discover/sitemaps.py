"""XML sitemaps, sitemap indexes (gzip accepted) and Google News sitemaps -> page URLs, their last
change (``<lastmod>``, else ``<news:publication_date>``), and child sitemaps. A news sitemap's
``<news:title>`` is not kept: the page's own headline is extracted from the page."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from scraper.discover.xml import local_name, read_xml, text_of

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limits for one sitemap: uncompressed size,
MAX_SITEMAP_URLS = 50_000  # and URLs (or child sitemaps of an index); entries past them are ignored


@dataclass(frozen=True)
class Sitemap:
    urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()  # children of a sitemap index
    # url -> when the page last changed: <lastmod>, else a news sitemap's <news:publication_date>
    changed: dict[str, str] = field(default_factory=dict)
    problem: str = ""  # why the sitemap could not be read (whole); "" for a good one
    cut: int = 0  # entries past MAX_SITEMAP_URLS, not read


def parse_sitemap(data: bytes) -> Sitemap:
    """The page URLs and child sitemaps of a sitemap; a damaged one gives what precedes the damage and
    says what is wrong."""
    cut_off = ""
    if data[:2] == b"\x1f\x8b":
        data, cut_off = _gunzip(data)
        if not data:
            return Sitemap(problem=cut_off)
    root, problem = read_xml(data, ("urlset", "sitemapindex"), "sitemap")
    problem = cut_off or problem
    if root is None:
        return Sitemap(problem=problem)
    urls: list[str] = []
    children: list[str] = []
    changed: dict[str, str] = {}
    cut = 0
    for entry in root.iter():
        kind = local_name(entry)
        if kind not in ("url", "sitemap"):
            continue
        if len(urls) + len(children) >= MAX_SITEMAP_URLS:
            cut += 1
            continue
        own = {local_name(e): text_of(e) for e in entry}  # <loc>, <lastmod>; not <image:loc>
        news = next((e for e in entry if local_name(e) == "news"), None)
        about = {local_name(e): text_of(e) for e in news} if news is not None else {}
        if not (loc := own.get("loc", "")):
            continue
        if kind == "sitemap":
            children.append(loc)
            continue
        urls.append(loc)
        if when := own.get("lastmod") or about.get("publication_date"):
            changed[loc] = when
    return Sitemap(tuple(urls), tuple(children), changed, problem, cut)


def _gunzip(data: bytes) -> tuple[bytes, str]:
    """Decompress at most MAX_SITEMAP_BYTES, so a gzip bomb cannot exhaust memory; and what is wrong with
    the data (the bytes of a stream cut off are what precedes the cut)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, MAX_SITEMAP_BYTES)
    except zlib.error as e:
        return b"", f"not a sitemap: the gzip data is damaged ({e})"
    if decompressor.unconsumed_tail:
        return b"", f"sitemap over the {MAX_SITEMAP_BYTES // 2**20} MB a sitemap may hold, decompressed"
    if not decompressor.eof:
        return out, "damaged sitemap: the gzip data is cut off; read up to the cut"
    return out, ""
