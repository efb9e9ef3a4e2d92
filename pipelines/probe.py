"""The soft-404 probe: ask each site once for a page it cannot have, and keep what it answers.

A site that answers a missing page with ``200`` and its not-found page (a *soft 404*) makes every dead link
look like a page. As Heritrix and Nutch do, we ask for one made-up URL per host, shaped like the site's own
article URLs (the parent path of one of them, a random last segment), through the fetcher like any page
(robots.txt, the host's delay), and only for sources that allow it (``probe_not_found``). A ``404``/``410``
answer means the host says what it lacks; a page is extracted and kept as the host's
:class:`~scraper.models.NotFoundPage`, which extraction compares its pages with (scraper.extract.classify).
A probe is asked again after ``PROBE_MAX_AGE_DAYS``: sites change their templates.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from pipelines.limits import PageTimeout, time_limit
from pipelines.templates import source_rules
from scraper.clock import utc_now
from scraper.config import Config
from scraper.errors import ExtractError, FetchError
from scraper.fetch.fetcher import Fetcher
from scraper.records import page_record
from scraper.store import repo

log = logging.getLogger(__name__)
PROBE_MAX_AGE_DAYS = 30


def probe_url(article_url: str) -> str:
    """A URL the site cannot have, beside one of its articles: ``/2024/05/story`` -> ``/2024/05/<random>``."""
    parts = urlsplit(article_url)
    parent = parts.path.rstrip("/").rpartition("/")[0]
    return urlunsplit((parts.scheme, parts.netloc, f"{parent}/scraper-probe-{secrets.token_hex(8)}", "", ""))


def probe_hosts(db: Database, config: Config, fetcher: Fetcher, articles: Iterable[tuple[str, str]]) -> int:
    """Probe each host of the ``(source, url)`` article URLs whose source allows it and whose probe is missing or
    older than ``PROBE_MAX_AGE_DAYS``; return how many hosts were asked."""
    allowed = {s.name for s in config.sources if s.probe_not_found}
    fresh = repo.probed_hosts(db, now=utc_now(), days=PROBE_MAX_AGE_DAYS)
    asked: dict[str, tuple[str, str]] = {}
    for source, url in articles:
        host = urlsplit(url).hostname or ""
        if source in allowed and host and host not in fresh and host not in asked:
            asked[host] = (source, url)
    for host, (source, url) in asked.items():
        _probe(db, config, fetcher, host, source, probe_url(url))
    return len(asked)


def _probe(db: Database, config: Config, fetcher: Fetcher, host: str, source: str, url: str) -> None:
    try:
        page = fetcher.fetch(url, expect="html")
    except FetchError as e:
        if e.status in (404, 410):
            repo.save_not_found(db, host, url=url, status=e.status, title="", text="", now=utc_now())
            log.info("probe: %s answers a missing page with %d", host, e.status, extra={"url": url})
        else:  # not an answer about missing pages (robots.txt, a network error): asked again next run
            log.info("probe: %s gave no answer (%s)", host, e, extra={"url": url})
        return
    try:
        with time_limit(config.extract.timeout_s):
            record = page_record(page, config.normalize, source_rules(config, source))
        title, text = record.title, record.text
    except ExtractError as e:
        title, text = (e.article.title, "") if e.article is not None else ("", "")
    except PageTimeout:
        title, text = "", ""
    repo.save_not_found(db, host, url=url, status=page.status, title=title, text=text, now=utc_now())
    log.info("probe: %s answers a missing page with %d (a soft 404)", host, page.status, extra={"url": url})
