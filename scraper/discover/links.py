"""Links of a listing page: article candidates, its next page, and the feeds it announces."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.discover.urls import canonicalize_url, join_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")


def extract_links(html: str, base_url: str) -> list[str]:
    """Absolute canonical ``<a href>`` targets, in page order, each once."""
    tree, base_url = _parse(html, base_url)
    seen: set[str] = set()
    links: list[str] = []
    for anchor in tree.css("a[href]"):
        url = canonicalize_url(join_url(base_url, anchor.attributes.get("href") or ""))
        if url and url not in seen:
            seen.add(url)
            links.append(url)
    return links


def next_page(html: str, base_url: str) -> str | None:
    """The listing's next page (``<link rel=next>`` or ``<a rel=next>``), if it names one."""
    tree, base_url = _parse(html, base_url)
    for node in tree.css("link[rel~=next i][href], a[rel~=next i][href]"):
        if url := canonicalize_url(join_url(base_url, node.attributes.get("href") or "")):
            return url
    return None


def feed_links(html: str, base_url: str) -> list[str]:
    """The feeds a page announces: ``<link rel=alternate type=application/rss+xml href=...>`` and kin."""
    tree, base_url = _parse(html, base_url)
    feeds: list[str] = []
    for node in tree.css("link[rel~=alternate i][href][type]"):
        kind = (node.attributes.get("type") or "").split(";")[0].strip().lower()
        url = canonicalize_url(join_url(base_url, node.attributes.get("href") or ""))
        if kind in FEED_TYPES and url and url not in feeds:
            feeds.append(url)
    return feeds


def document_base(tree: LexborHTMLParser, url: str) -> str:
    """The URL the page's relative links resolve against: its ``<base href>`` made absolute, else its own."""
    base = tree.css_first("base[href]")
    return (join_url(url, base.attributes.get("href") or "") or url) if base is not None else url


def _parse(html: str, base_url: str) -> tuple[LexborHTMLParser, str]:
    tree = LexborHTMLParser(html)
    return tree, document_base(tree, base_url)
