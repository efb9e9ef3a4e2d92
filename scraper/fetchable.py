"""Which URLs may be fetched at all, and which answers are HTML pages: one rule for the config, discovery,
the fetcher and WARC import. (A module of its own so that loading the config does not load the discovery
and fetch stacks.)"""

from __future__ import annotations

from urllib.parse import urlsplit

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def is_html(content_type: str, body: bytes) -> bool:
    """Whether an answer is an HTML page: its content type says so, or it has none and the body starts as
    an HTML (or XHTML) document does."""
    ctype = content_type.split(";")[0].strip().lower()
    looks_html = body[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml"))
    return ctype in HTML_TYPES or (not ctype and looks_html)


def url_problem(url: str) -> str | None:
    """What keeps ``url`` from being fetched ("has no host", ...), or None for a fetchable http(s) URL.
    A URL with a user name or password is refused: a listing that carries credentials would send them
    to whichever host its links lead to."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as e:
        return f"is not a valid URL ({e})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"is not an http(s) URL (scheme {parts.scheme or 'none'!r})"
    if not parts.hostname:
        return "has no host"
    if parts.username is not None or parts.password is not None:
        return "has a user name or password in it, which are never sent"
    return None
