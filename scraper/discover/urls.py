"""URL canonicalization with courlan: lower-case scheme and host, default port, sorted query, tracking
parameters dropped, fragment removed."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import courlan


def canonicalize_url(url: str) -> str | None:
    """The canonical form of an http(s) URL, or None when ``url`` is not one."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    try:
        normalized = courlan.normalize_url(url)
    except ValueError:
        return None
    return urlunsplit(urlsplit(normalized)._replace(fragment=""))
