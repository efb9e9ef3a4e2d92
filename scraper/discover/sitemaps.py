"""XML sitemaps and sitemap indexes (gzip accepted) -> page URLs and child sitemaps."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from scraper.discover.xml import local_name, parse_xml

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for an uncompressed sitemap


@dataclass(frozen=True)
class Sitemap:
    urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()  # children of a sitemap index


def parse_sitemap(data: bytes) -> Sitemap:
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    root = parse_xml(data)
    if root is None:
        return Sitemap()
    urls: list[str] = []
    children: list[str] = []
    for element in root.iter():
        if local_name(element) != "loc" or not (element.text or "").strip():
            continue
        parent = element.getparent()
        kind = local_name(parent) if parent is not None else ""
        (children if kind == "sitemap" else urls).append(element.text.strip())
    return Sitemap(tuple(urls), tuple(children))


def _gunzip(data: bytes) -> bytes:
    """Decompress at most MAX_SITEMAP_BYTES, so a gzip bomb cannot exhaust memory."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, MAX_SITEMAP_BYTES)
    except zlib.error:
        return b""
    return out if not decompressor.unconsumed_tail else b""
