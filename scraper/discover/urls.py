"""URLs found in pages: made absolute, their hosts, and canonicalized with courlan (lower-case scheme and
host, default port, sorted query, tracking parameters dropped, fragment removed). A page's links are its
author's text: one Python cannot parse (a bracketed host that is no IP address, "http://[domain]/", a
template's placeholder left in the page) is no link, never an error."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan

from scraper.fetchable import url_problem


def join_url(base: str, href: str) -> str:
    """``href`` made absolute against ``base``, or "" when either is no URL that can be parsed."""
    try:
        joined = urljoin(base, href)
        urlsplit(joined)
    except ValueError:
        return ""
    return joined


def url_host(url: str) -> str:
    """The host of ``url``, lower-case, or "" when it has none or cannot be parsed."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def canonicalize_url(url: str) -> str | None:
    """The canonical form of a fetchable http(s) URL, or None when ``url`` is not one."""
    url = url.strip()
    if url_problem(url) is not None:
        return None
    try:
        normalized = courlan.normalize_url(url)
    except ValueError:
        return None
    return urlunsplit(urlsplit(normalized)._replace(fragment=""))
