"""Links of a start (listing) page, absolute and canonical, in page order."""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from scraper.discover.urls import canonicalize_url


def extract_links(html: str, base_url: str) -> list[str]:
    tree = LexborHTMLParser(html)
    base = tree.css_first("base[href]")
    if base is not None:
        base_url = urljoin(base_url, base.attributes.get("href") or "")
    seen: set[str] = set()
    links: list[str] = []
    for anchor in tree.css("a[href]"):
        url = canonicalize_url(urljoin(base_url, anchor.attributes.get("href") or ""))
        if url and url not in seen:
            seen.add(url)
            links.append(url)
    return links
