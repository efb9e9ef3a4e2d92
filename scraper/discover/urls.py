"""URL canonicalization with courlan: lower-case scheme and host, default port, sorted query, tracking
parameters dropped, fragment removed."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import courlan

from scraper.fetchable import url_problem


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
