"""``scraper fetch URL...``: try pages without a crawl. Fetched as the crawl fetches (robots.txt, the
per-host delay, the SSRF guard, the configured user agent), extracted, and printed; with a database, also
stored as a crawl stores them, under a source, so search and reextract see them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

import httpx
from sqlite_utils import Database

from pipelines.crawl import store_extraction, store_failure
from pipelines.templates import site_rules, source_rules
from pipelines.workers import extract_pages
from scraper.clock import utc_now
from scraper.config import Config, endpoint
from scraper.crawl import Failure
from scraper.discover import canonicalize_url
from scraper.errors import ExtractError
from scraper.fetch import Fetcher
from scraper.fetch.addresses import Resolve, system_resolve
from scraper.fetch.fetcher import FetchJob
from scraper.models import Article, Page
from scraper.store import repo


class Fetched(NamedTuple):
    url: str  # as given
    page: Page | None  # None when the fetch failed
    outcome: Article | ExtractError | Failure | None  # None: not extracted (extract=False)


def fetch_urls(
    config: Config,
    urls: Sequence[str],
    *,
    source: str = "",
    db: Database | None = None,
    extract: bool = True,
    transport: httpx.AsyncBaseTransport | None = None,
    resolve: Resolve = system_resolve,
) -> Iterator[Fetched]:
    """Fetch ``urls`` (a result as each completes, one host's in the order given; a failure is a result
    too) and extract each page with ``source``'s CSS rules. With ``db`` each page is stored under ``source`` like a crawled one: the page, the frontier
    entry, the record (a rejected body's too) and the template blocks. The URLs given are trusted as a
    source's own are (they may be on a private network); where they redirect is checked as usual."""
    trusted = {found for url in urls if (found := endpoint(url))}
    robots = repo.fresh_robots(db, now=utc_now(), ttl_s=config.fetch.robots_ttl_s) if db is not None else None
    with Fetcher(config.fetch, transport=transport, robots=robots, trusted_hosts=trusted, resolve=resolve) as fetcher:
        jobs = (FetchJob(canonicalize_url(url) or url, url) for url in urls)
        for job, outcome in fetcher.fetch_all(jobs, limit=config.fetch.concurrency):
            if isinstance(outcome, Failure):
                if db is not None:
                    _remember(db, job.url, source)
                    store_failure(db, job.url, outcome, retry_backoff_s=config.crawl.retry_backoff_s)
                yield Fetched(job.key, None, outcome)
                continue
            if not extract:
                yield Fetched(job.key, outcome, None)
                continue
            rules = source_rules(config, source)
            if db is not None:
                _remember(db, job.url, source)
                repo.save_page(db, outcome, source=source)
                rules = site_rules(db, config, source, outcome)
            learn = db is not None and config.extract.template_min_pages > 0
            for _key, page, extracted, blocks, _body in extract_pages([(job.key, outcome, rules)], config.normalize,
                                                                workers=1, learn=learn,
                                                                timeout_s=config.extract.timeout_s):  # fmt: skip
                if db is not None:
                    store_extraction(db, source, page, extracted, blocks)
                yield Fetched(job.key, page, extracted)
        if db is not None:
            repo.save_robots(db, fetcher.robots.fetched, now=utc_now())


def _remember(db: Database, url: str, source: str) -> None:
    repo.add_urls(db, [url], source=source, kind="article", now=utc_now())
