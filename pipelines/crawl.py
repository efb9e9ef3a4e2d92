"""``scraper crawl``: discover, fetch, store raw pages, extract, store articles.

Fetching runs in threads (I/O-bound, per-host politeness in the fetcher); extraction runs in worker
processes; this module's thread is the only database writer. Every step is its own transaction (the
records extracted are stored in batches, scraper/store/batch.py) and the frontier records where each URL
stands, so a killed run is continued by the next one: URLs already fetched are extracted from their stored
page, not downloaded again. A :class:`Stop` (a signal, the ``--max-duration`` deadline) ends the run
gracefully: no new fetch starts, the ones in flight are stored and extracted.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import closing
from functools import partial

import httpx
from sqlite_utils import Database

from pipelines.probe import probe_hosts
from pipelines.progress import NoProgress, Progress
from pipelines.templates import forget_page_own_blocks, learn_stored_pages, site_rules
from pipelines.workers import extract_pages, trim_heap, worker_count
from scraper.clock import SYSTEM, utc_now
from scraper.config import Config, SourceConfig
from scraper.crawl import MAX_ATTEMPTS, CrawlSummary, Failure, Outcome, State, Stop, failure
from scraper.crawl.policy import TABLE, extraction_outcome, state_after
from scraper.discover import canonicalize_url, extract_links, feed_links, next_page, parse_feed, parse_sitemap
from scraper.discover.sitemaps import MAX_SITEMAP_URLS
from scraper.errors import ExtractError, FetchError, Interrupted
from scraper.extract.article import decode_html
from scraper.extract.html import unreadable
from scraper.fetch import Fetcher
from scraper.fetch.addresses import Resolve, system_resolve
from scraper.fetch.fetcher import Expect, FetchJob
from scraper.models import Article, Page
from scraper.store import repo
from scraper.store.batch import batched_writes

log = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3
DISCOVERY_SHARE = 0.5  # of a run with a deadline (--max-duration): the rest is the articles'


def store_extraction(db: Database, source: str, page: Page, outcome: Article | ExtractError,
                     blocks: Mapping[str, str] | None, *, retry_backoff_s: float = 0.0) -> None:  # fmt: skip
    """Store what extracting a stored page gave: its template blocks, its record (that of a page that is no
    article too, with its status), the URL's state, as :func:`extraction_outcome` names it: after a bot
    check (``BLOCKED``), as after a 429, and after an extraction that broke (``EXTRACT_FAILED``) the URL is
    tried again after ``retry_backoff_s``."""
    if blocks is not None:
        repo.record_blocks(db, page, source=source, blocks=blocks)
    if isinstance(outcome, Article):
        repo.save_article(db, outcome, source=source, now=utc_now())
        log.info("stored: %s (%d words)", page.url, outcome.word_count, extra={"url": page.url, "source": source})
        return
    if outcome.article is not None:  # no article: keep what was found, with what the page is
        repo.save_article(db, outcome.article, source=source, now=utc_now())
    if (stored := extraction_outcome(outcome)) == Outcome.REJECTED:
        repo.mark(db, page.url, state_after(Outcome.REJECTED), error=f"{outcome.reason}: {outcome}")
        log.info("no article: %s", outcome, extra={"url": page.url, "source": source, "reason": outcome.reason})
    else:  # the host refused us (a failure, as a fetch's bot check is), or the extraction broke
        store_failure(db, page.url, Failure(page.url, stored, outcome.reason, str(outcome)),
                      retry_backoff_s=retry_backoff_s, fetched=True)  # fmt: skip


def held(page: Page) -> Page:
    """The page as a write held back in a batch needs it: its addresses, not its body (stored already)."""
    return dataclasses.replace(page, body=b"")


def _page_status(outcome: Article | ExtractError) -> str:
    """What the page is, for the run's counts; "" when extraction could not read it at all."""
    if isinstance(outcome, Article):
        return outcome.status
    return outcome.article.status if outcome.article is not None else ""


def _unique(listings: Iterable[str]) -> list[str]:
    """Listings in order, each once by its canonical form: a home page that announces the configured feed
    with a tracking parameter, or a sitemap robots.txt lists too, is read once."""
    return list(dict.fromkeys(canonicalize_url(url) or url for url in listings))


def apply_url_rules(db: Database, sources: Sequence[SourceConfig]) -> None:
    """The sources' include/exclude as they are now, on the URLs found before: one that no source listing it
    accepts any more is skipped (not fetched; its stored article stays), and one they left out before and
    one of them takes now is new again (an exclude added for a section stops it at the next run, and taking
    it out brings the section back)."""
    rules = {source.name: source for source in sources}
    changes: list[tuple[str, State, str | None]] = []
    ruled = any(source.include or source.exclude for source in sources)  # else only those left out before
    for url, state, error, listing in repo.ruled_urls(db, rules, undone=ruled):
        accepted = any(rules[name].accepts(url) for name in listing)
        excluded = state == State.SKIPPED and error.startswith(f"{repo.EXCLUDED}:")
        if not accepted and not excluded:
            changes.append(
                (url, State.SKIPPED, f"{repo.EXCLUDED}: left out by the include/exclude of {', '.join(listing)}")
            )
        elif accepted and excluded:
            changes.append((url, State.NEW, None))
    if changed := repo.set_states(db, changes):
        log.info("include/exclude: %d article URLs found before changed state", changed)


def store_failure(db: Database, url: str, failed: Failure, *, retry_backoff_s: float, fetched: bool = False) -> None:
    """Record a fetch that gave no page, or a page the host refused us or whose extraction broke, in the
    frontier, as the policy's table says. ``fetched``: the page was fetched, and its fetch counted as the
    attempt (a bot check that extraction found is not a second attempt, nor a doubled wait)."""
    rule = TABLE[failed.outcome]
    if rule.state is None:  # not the URL's fault (its host is paused): left as it was for the next run
        return
    backoff = retry_backoff_s if rule.backoff else None
    repo.mark(db, url, rule.state, status=failed.status, error=failed.error, now=utc_now(),
              attempt=rule.attempt and not fetched, counted=fetched, retry_after_s=backoff)  # fmt: skip
    log.warning("%s: %s", rule.state, failed.detail, extra={"url": url, "reason": failed.reason})


def run_crawl(
    config: Config,
    db: Database,
    *,
    sources: tuple[SourceConfig, ...],
    max_pages: int = 0,
    transport: httpx.AsyncBaseTransport | None = None,
    resolve: Resolve = system_resolve,
    stop: Stop | None = None,
    progress: Progress | None = None,
) -> CrawlSummary:
    """Crawl ``sources``. ``transport`` and ``resolve`` (host name lookup) are for tests."""
    started = SYSTEM.monotonic()
    stop = stop if stop is not None else Stop()
    progress = progress or NoProgress()
    summary = CrawlSummary()
    robots = repo.fresh_robots(db, now=utc_now(), ttl_s=config.fetch.robots_ttl_s)
    trusted = {endpoint for source in config.sources for endpoint in source.endpoints()}  # may be private
    fetching = Fetcher(
        config.fetch,
        transport=transport,
        robots=robots,
        trusted_hosts=trusted,
        resolve=resolve,
        stop=stop,
        grace_s=config.crawl.stop_grace_s,
    )
    try:
        with fetching as fetcher:
            crawl = _Crawl(config, db, fetcher, summary, stop, progress)
            # Discovery takes at most DISCOVERY_SHARE of a run with a deadline, shared by the sources (what
            # one leaves unused goes to the next), so that every run fetches articles too.
            discovery = stop.part(DISCOVERY_SHARE)
            for n, source in enumerate(sources):
                if stop:
                    break
                crawl.discover(source, discovery.part(1 / (len(sources) - n)))
            learn_stored_pages(db, config)
            if config.crawl.revalidate_after_days:
                repo.mark_stale(db, [s.name for s in sources], now=utc_now(), days=config.crawl.revalidate_after_days)
            names = [s.name for s in sources]
            apply_url_rules(db, sources)
            due = repo.due_articles(db, names, max_attempts=MAX_ATTEMPTS, now=utc_now(), limit=max_pages)
            if max_pages and len(due) == max_pages:
                summary.pages_left = repo.count_due(db, names, max_attempts=MAX_ATTEMPTS, now=utc_now()) - len(due)
            if not config.crawl.extract:  # raw pages only: those stored before are left for `scraper reextract`
                due = [e for e in due if e.state != State.FETCHED]
            if config.crawl.extract:
                probe_hosts(db, config, fetcher, ((e.source, e.url) for e in due))
            progress.start(len(due))
            # Closed here, before the fetcher, even when a write fails (a full disk): the fetches stop at once.
            with closing(crawl.pages(due)) as pages:
                if config.crawl.extract:
                    crawl.extract(pages)
                else:
                    for _page in pages:
                        progress.advance()
            repo.save_robots(db, fetcher.robots.fetched, now=utc_now())
    except Interrupted:  # a second signal: what is stored stays, the rest is the next run's
        log.warning("%s again: stopping at once; the fetches in flight are left for the next run", stop.reason)
    summary.stopped = stop.reason or ("max-pages" if summary.pages_left else "")
    summary.seconds = SYSTEM.monotonic() - started
    return summary


class _Crawl:
    def __init__(
        self, config: Config, db: Database, fetcher: Fetcher, summary: CrawlSummary, stop: Stop, progress: Progress
    ) -> None:
        self.progress = progress
        self.config = config
        self.db = db
        self.fetcher = fetcher
        self.summary = summary
        self.stop = stop
        self.discovering = stop  # the stop of the discovery under way (see discover)
        self.found = Counter[str]()  # the source under discovery's article URLs: found, new, changed
        self.in_full = False  # whether the source under discovery asks for its listings unconditionally
        self.listing_failed = False  # whether one of its listings failed this run

    # -- discovery --------------------------------------------------------------------------------
    def discover(self, source: SourceConfig, until: Stop) -> None:
        """Read the source's listings and add the article URLs they give to the frontier, listing by
        listing (memory holds one listing's URLs, not a source's million), until ``until``: the listings
        it leaves are counted, and read first by the next run."""
        self.discovering = until
        self.found = Counter[str]()
        digest = source.discovery_digest()
        # Rules that changed since the listings were last read in full: ask for each listing in full, as
        # "not modified" would hide the links the old include/exclude left out.
        self.in_full = repo.discovery_digest(self.db, source.name) != digest
        self.listing_failed = False
        feeds = list(source.feeds)
        sitemaps = list(source.sitemaps)
        if source.home:  # autodiscovery: the feeds the home page announces, the sitemaps robots.txt lists
            if (page := self._fetch_listing(source, source.home, "home", "html")) is not None:
                feeds += feed_links(self._html_listing(page), source.home)
            feeds += repo.listing_urls(self.db, source.name, kind="feed")  # announced in an earlier run
            sitemaps += self.fetcher.robots_sitemaps(source.home)
        feeds = _unique(feeds)
        for n, url in enumerate(feeds):
            if self._out_of_time(feeds, n):
                break
            if (page := self._fetch_listing(source, url, "feed", "xml")) is not None:
                feed = parse_feed(page.body, url)
                self._listed(page, feed.problem)
                self._add_articles(source, self._bounded(list(feed.links), url))
        # The sitemaps known from earlier runs too (an index that did not change, 304, says nothing of its
        # children, which are asked for conditionally all the same), the least recently read first: runs
        # too short to read them all take turns instead of reading the same first ones every time.
        # After a change of the source's settings all is read in full from its roots, and the sitemaps that
        # read does not reach (one taken out of the config, a child its index no longer names) are forgotten.
        visited: set[str] = set()
        known = [] if self.in_full else repo.listing_urls(self.db, source.name, kind="sitemap")
        sitemaps = _unique([*sitemaps, *known])
        for n, url in enumerate(sitemaps):
            if self._out_of_time(sitemaps, n, visited):
                break
            self._read_sitemap(source, url, visited, depth=0)
        for n, url in enumerate(source.start_urls):
            if self._out_of_time(source.start_urls, n):
                break
            self._read_start_pages(source, url)
        self.found["changed"] = repo.mark_changed_stale(self.db)
        if not until and not self.listing_failed:  # every listing was read: the next run may ask conditionally
            if self.in_full:
                repo.forget_listings(self.db, source.name, kind="sitemap", keep=visited)
            repo.save_discovery_digest(self.db, source.name, digest, now=utc_now())
        log.info("source %s: %d article URLs found, %d of them left out by include/exclude, %d new, %d changed since "
                 "fetched", source.name, self.found["found"], self.found["filtered"], self.found["new"],
                 self.found["changed"], extra={"source": source.name})  # fmt: skip

    def _add_articles(
        self, source: SourceConfig, links: Iterable[str], changed: Mapping[str, str] | None = None
    ) -> None:
        """Add one listing's article links to the frontier (those the source accepts), and note the stored
        ones it says changed."""
        longest = self.config.fetch.max_url_length
        usable = dict.fromkeys(c for u in links if (c := canonicalize_url(u)) and len(c) <= longest)  # in order
        urls = [c for c in usable if source.accepts(c)]
        self.found["found"] += len(usable)
        self.found["filtered"] += len(usable) - len(urls)
        self.found["new"] += repo.add_urls(self.db, urls, source=source.name, kind="article",
                                           now=utc_now())  # fmt: skip
        if changed:
            repo.note_changes(self.db, {c: when for u, when in changed.items() if (c := canonicalize_url(u))})

    def _read_start_pages(self, source: SourceConfig, url: str) -> None:
        """Links of a start page and of its next pages (``rel=next``), up to the source's listing_pages."""
        page: str | None = url
        for _ in range(source.listing_pages):
            if (
                page is None
                or self.discovering
                or (fetched := self._fetch_listing(source, page, "start", "html")) is None
            ):
                break  # an unchanged (304) page: the pages after it have nothing new either
            if not (html := self._html_listing(fetched)):
                break
            self._add_articles(source, self._bounded(extract_links(html, page), page))
            page = next_page(html, page)

    def _bounded(self, links: list[str], where: str) -> list[str]:
        """The first ``[crawl] max_links_per_page`` links of a listing page or feed."""
        limit = self.config.crawl.max_links_per_page
        if len(links) > limit:
            log.warning("%s: %d links, following the first %d ([crawl] max_links_per_page)", where, len(links), limit)
        return links[:limit]

    def _read_sitemap(self, source: SourceConfig, url: str, visited: set[str], *, depth: int) -> None:
        if url in visited or self.discovering:
            return
        visited.add(url)
        page = self._fetch_listing(source, url, "sitemap", "xml")
        if page is None:
            return
        sitemap = parse_sitemap(page.body)
        cut = f"{sitemap.cut:,} entries past the first {MAX_SITEMAP_URLS:,} not read" if sitemap.cut else ""
        if cut:
            log.warning("%s: %s (the sitemaps.org limit of one sitemap)", url, cut)
        self._listed(page, sitemap.problem, note=cut)
        self._add_articles(source, sitemap.urls, sitemap.changed)
        if depth < MAX_SITEMAP_DEPTH:
            # Known from now on, read or not: the next run asks for those this one has no time for.
            children = [c for child in sitemap.sitemaps if (c := canonicalize_url(child))]
            repo.add_urls(self.db, children, source=source.name, kind="sitemap", now=utc_now())
            children = repo.least_recently_read(self.db, children)
            for n, child in enumerate(children):
                if self._out_of_time(children, n, visited):
                    break
                self._read_sitemap(source, child, visited, depth=depth + 1)

    def _out_of_time(self, listings: Sequence[str], at: int, read: AbstractSet[str] = frozenset()) -> bool:
        """Whether discovery has used its share of the run; the listings from ``at`` on that it had still
        to read (not in ``read``) are then counted as left for the next run."""
        if not self.discovering:
            return False
        self.summary.listings_left += sum(1 for url in listings[at:] if url not in read)
        return True

    def _fetch_listing(self, source: SourceConfig, url: str, kind: str, expect: Expect) -> Page | None:
        """A feed, sitemap or start page, to read and then mark with :meth:`_listed`; None when it is
        unchanged (304) or failed, both marked here."""
        canonical = canonicalize_url(url) or url
        # Asked for conditionally only by a source that read it before with its present rules: "unchanged"
        # says nothing to a source that never saw its links (a feed that another source lists too).
        first_time = repo.add_urls(self.db, [canonical], source=source.name, kind=kind, now=utc_now()) > 0
        entry = None if first_time or self.in_full else repo.get_entry(self.db, canonical)
        try:
            page = self.fetcher.fetch(
                url,
                expect=expect,
                etag=entry.etag if entry else None,
                last_modified=entry.last_modified if entry else None,
            )
        except FetchError as e:
            self._failed(canonical, failure(e))
            self.listing_failed = True
            return None
        if page.status == 304:
            repo.mark(self.db, canonical, state_after(Outcome.NOT_MODIFIED), status=304, now=page.fetched_at)
            self.summary.record(url, Outcome.NOT_MODIFIED, status=304)
            return None
        return page

    def _html_listing(self, page: Page) -> str:
        """The text of a home or start page, marked read; "" (marked failed) for one that no parser should
        read: empty, binary, or nested past what a page needs (lexbor's time grows with the depth squared)."""
        html = decode_html(page.body)
        if (problem := unreadable(html)) is not None:
            self._listed(page, problem[1])
            return ""
        self._listed(page)
        return html

    def _listed(self, page: Page, problem: str = "", *, note: str = "") -> None:
        """Mark a listing that was read: done, or, when it could not be read whole (not a feed, damaged),
        failed and tried again after its backoff, without its validators (a 304 must not make it done)."""
        canonical = canonicalize_url(page.url) or page.url
        if problem:
            failed = Failure(page.url, Outcome.UNREADABLE, "unreadable", f"{page.url}: {problem}", page.status)
            self._failed(canonical, failed)
            return
        repo.mark(self.db, canonical, state_after(Outcome.LISTED), status=page.status, now=page.fetched_at,
                  error=note or None, etag=page.headers.get("etag"),
                  last_modified=page.headers.get("last-modified"))  # fmt: skip
        self.summary.record(page.url, Outcome.LISTED, status=page.status)

    # -- articles ---------------------------------------------------------------------------------
    def extract(self, pages: Iterator[tuple[tuple[str, str], Page]]) -> None:
        """Extract and store each page's article, in worker processes. Each page is extracted with its
        site's template as learned from the pages extracted so far; the workers read each page's blocks
        too, and they count towards the template from then on."""
        config, db, summary = self.config, self.db, self.summary
        learn = config.extract.template_min_pages > 0
        workers = worker_count(config.extract.workers)
        backoff = config.crawl.retry_backoff_s
        with batched_writes(db) as batch:  # a record lost to a kill is extracted again from its stored page
            items = ((key, page, site_rules(db, config, key[0], page, batch)) for key, page in pages)
            for (source_name, _url), page, outcome, blocks, _body in extract_pages(
                items, config.normalize, workers=workers, learn=learn, timeout_s=config.extract.timeout_s
            ):
                batch.add(
                    partial(store_extraction, db, source_name, held(page), outcome, blocks, retry_backoff_s=backoff),
                    about=repo.template_site(source_name, page) if blocks is not None else None,
                )
                if not batch:  # just committed: what the pages and records held is free. Given back, the
                    trim_heap()  # crawl process's peak is 10 MB lower (DEV pages, 1,000; tree 312 -> 301 MB)
                stored = extraction_outcome(outcome)
                if stored == Outcome.BLOCKED:
                    self.fetcher.blocked(page.final_url or page.url)
                summary.record(page.url, stored, reason=outcome.reason if isinstance(outcome, ExtractError) else "",
                               page_status=_page_status(outcome), extraction=True)  # fmt: skip
                self.progress.advance()
        forget_page_own_blocks(db, config)

    def pages(self, due: list[repo.FrontierEntry]) -> Generator[tuple[tuple[str, str], Page], None, None]:
        """Pages to extract: stored ones first (a previous run fetched them), then fresh downloads."""
        stored = [e for e in due if e.state == State.FETCHED]
        for source, page in repo.iter_pages(self.db, [e.url for e in stored]):
            yield (source, page.url), page
        # A stored article due again (stale) is asked for conditionally: unchanged, it costs a 304.
        jobs = (
            FetchJob(e.url, e, "html", *((e.etag, e.last_modified) if e.state == State.STALE else (None, None)))
            for e in due
            if e.state != State.FETCHED
        )
        # At most `concurrency` fetches in flight; none starts once the run is asked to stop.
        for job, outcome in self.fetcher.fetch_all(jobs, limit=self.config.fetch.concurrency):
            entry = job.key
            if isinstance(outcome, Failure):
                self._failed(entry.url, outcome)
                self.progress.advance()
            elif outcome.status == 304:
                repo.mark(self.db, entry.url, state_after(Outcome.NOT_MODIFIED), status=304, now=outcome.fetched_at)
                self.summary.record(entry.url, Outcome.NOT_MODIFIED, status=304)
                self.progress.advance()
            else:
                repo.save_page(self.db, outcome, source=entry.source)
                self.summary.record(entry.url, Outcome.FETCHED, status=outcome.status)
                log.info("fetched: %s (%d, %d bytes, %.0f ms)", entry.url, outcome.status, len(outcome.body),
                         outcome.elapsed_s * 1000, extra={"url": entry.url, "source": entry.source})  # fmt: skip
                yield (entry.source, entry.url), outcome

    def _failed(self, url: str, failed: Failure) -> None:
        self.summary.record(url, failed.outcome, status=failed.status, reason=failed.reason)
        store_failure(self.db, url, failed, retry_backoff_s=self.config.crawl.retry_backoff_s)
