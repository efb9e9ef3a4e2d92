"""Every error the library raises derives from :class:`ScraperError`.

    ScraperError
    ├── ConfigError          config file missing, unreadable, unknown key, wrong type
    ├── FetchError           a URL could not be fetched; ``reason`` is a short stable key
    │   ├── RobotsDisallowedError   robots.txt forbids the URL for our user agent
    │   ├── HTTPStatusError          the final response had a non-2xx status
    │   ├── BlockedError             the server answered with a bot check (403, 429, 503 and a challenge page)
    │   ├── ContentTypeError         the body is not what the caller asked for (e.g. a PDF)
    │   ├── TooLargeError            the body exceeded ``[fetch] max_bytes``
    │   ├── TransportError           DNS, connection, timeout, too many redirects
    │   ├── ForbiddenURLError        not http(s), too long, or its host is a private address (SSRF guard)
    │   └── HostPausedError          the host failed too often in a row; not asked again this run
    ├── ExtractError         a page yielded no article (``reason`` says why)
    ├── InputError           a file or batch line given on the command line is unusable
    ├── StoreError           the database cannot be opened or written
    └── LockHeldError        another crawl or reextract is writing to the same database

Messages name the thing, the place and the fix. Only the CLI catches the base class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.models import Article, Extracted


class ScraperError(Exception):
    """Base class of every error raised by the scraper library."""


class ConfigError(ScraperError):
    pass


class InputError(ScraperError):
    pass


class StoreError(ScraperError):
    pass


class LockHeldError(ScraperError):
    pass


# Extraction that broke, whatever the page: it ran out of time, or raised, or its process died. A crawl tries
# the page again later (scraper.crawl.policy), since a loaded machine or a short one's memory may be the cause.
EXTRACT_TIMEOUT, EXTRACT_CRASH = "extract_timeout", "extract_crash"
EXTRACTION_BROKE = frozenset({EXTRACT_TIMEOUT, EXTRACT_CRASH})


class ExtractError(ScraperError):
    """``reason`` is a short stable key. When the page was read but its body rejected (``no_article``,
    ``too_short``), ``metadata`` holds what extraction found anyway (title, dates, authors: an empty text),
    and ``article`` its normalized record once :func:`scraper.records.page_record` made it."""

    def __init__(
        self,
        url: str,
        reason: str,
        detail: str = "",
        metadata: Extracted | None = None,
        article: Article | None = None,
    ) -> None:
        self.url = url
        self.reason = reason
        self.detail = detail
        self.metadata = metadata
        self.article = article
        super().__init__(f"{url or '<input>'}: {detail or reason}")

    def __reduce__(self) -> tuple[type[ExtractError], tuple[object, ...]]:  # crosses process boundaries
        return type(self), (self.url, self.reason, self.detail, self.metadata, self.article)


class Interrupted(KeyboardInterrupt):
    """A second SIGTERM or SIGINT: the crawl ends at once (every write is its own transaction). A
    ``KeyboardInterrupt``, so no ``except Exception`` on the way swallows it."""


class FetchError(ScraperError):
    reason = "fetch"

    def __init__(self, url: str, detail: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(f"{url}: {detail}")


class RobotsDisallowedError(FetchError):
    reason = "robots"


class HTTPStatusError(FetchError):
    reason = "http_status"

    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, f"server answered HTTP {status}", status=status)
        self.reason = f"http_{status}"


class BlockedError(FetchError):
    reason = "blocked"


class ContentTypeError(FetchError):
    reason = "content_type"


class TooLargeError(FetchError):
    reason = "too_large"


class TransportError(FetchError):
    reason = "transport"


class ForbiddenURLError(FetchError):
    reason = "forbidden"


class HostPausedError(FetchError):
    reason = "host_paused"


class DeferredError(FetchError):
    """Not asked in this run, through no fault of the URL: the run is stopping (``stopped``), or its host
    asks for a wait the run cannot give (``host_wait``). The URL stays due for the next run."""

    def __init__(self, url: str, detail: str, *, reason: str) -> None:
        super().__init__(url, detail)
        self.reason = reason
