"""Fetch URLs politely: robots.txt, per-host delay and concurrency, redirects, retries with Retry-After,
size cap; a host that keeps failing is paused for the rest of the run.

The engine is asynchronous (httpx's ``AsyncClient`` on the aiohttp transport, measured in
``bench/crawl.py``) and runs on its own event loop thread; callers use plain functions:
:meth:`Fetcher.fetch` for one URL, :meth:`Fetcher.fetch_all` to stream many with bounded concurrency.
``Fetcher.fetch`` returns a :class:`~scraper.models.Page` (status 200, or 304 for a conditional request)
or raises a :class:`~scraper.errors.FetchError` subclass whose ``reason`` is a short stable key. The
transport and the :class:`~scraper.clock.Clock` are injected so tests run against ``httpx.MockTransport``
without waiting.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import email.utils
import functools
import os
import queue
import random
import threading
import zlib
from collections.abc import AsyncIterator, Awaitable, Coroutine, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from scraper.clock import SYSTEM, Clock
from scraper.config import FetchConfig
from scraper.crawl.policy import Failure, counts_against_host, failure
from scraper.errors import (
    BlockedError,
    ContentTypeError,
    DeferredError,
    FetchError,
    ForbiddenURLError,
    HostPausedError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TransportError,
)
from scraper.fetch.addresses import AddressGuard, Resolve, pinned_session_factory, system_resolve
from scraper.fetch.decoding import BodyDecoder, UnsupportedEncoding
from scraper.fetch.politeness import HostGate, TooLongWait
from scraper.fetch.robots import ALLOW_ALL, DISALLOW_ALL, MAX_ROBOTS_BYTES, MAX_ROBOTS_REDIRECTS, Loaded, RobotsCache
from scraper.fetchable import is_html, url_problem
from scraper.models import Page

Expect = Literal["html", "xml", "any"]
T = TypeVar("T")

CAUSE_DEPTH = 5  # links of an exception's chain of causes searched for the operating system's error
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHALLENGE_STATUSES = frozenset({403, 429, 503})  # how bot managers answer a client they challenge
CHALLENGE_MAX_BYTES = 256 * 1024  # of such an answer, this much is read: a bot check's page is small
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
BINARY_TYPES = frozenset({"application/pdf", "application/zip", "application/octet-stream", "application/msword"})
_DONE = object()
CLOSE_GRACE_S = 0.05
POLL_S = 0.1  # how often a waiting scheduler looks at the stop


class Deadline(Protocol):
    """The run's stop (:class:`scraper.crawl.run.Stop`): true once the run takes no new work."""

    def __bool__(self) -> bool: ...

    def remaining(self) -> float | None: ...


class _Never:
    def __bool__(self) -> bool:
        return False

    def remaining(self) -> float | None:
        return None


_NEVER = _Never()


@dataclass(frozen=True)
class FetchJob:
    """One URL for :meth:`Fetcher.fetch_all`; ``key`` is the caller's, handed back with the result."""

    url: str
    key: Any = None
    expect: Expect = "html"
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    def __init__(
        self,
        config: FetchConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = SYSTEM,
        robots: Mapping[str, str] | None = None,
        trusted_hosts: Iterable[str] = (),
        resolve: Resolve = system_resolve,
        stop: Deadline | None = None,
        grace_s: float = 5.0,
    ) -> None:
        """``robots`` are robots.txt texts by their URL, fetched earlier and still fresh. ``trusted_hosts``
        (the sources' own endpoints, ``host:port``; a bare host trusts every port) may be private addresses;
        ``resolve`` looks up host names. Once ``stop`` (the run's deadline) is true no request starts, and
        no request waits past its deadline; one in flight then gets ``grace_s`` seconds before it is
        cancelled (:class:`DeferredError`, ``stopped``)."""
        self._config = config
        self._clock = clock
        self._stop: Deadline = stop if stop is not None else _NEVER
        self._grace_s = grace_s
        self._stop_seen: asyncio.Future[None] | None = None  # made on the loop, by _stopped()
        self._watcher: asyncio.Task[None] | None = None  # held: the loop keeps only weak references to tasks
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fetcher", daemon=True)
        self._thread.start()
        self._guard = AddressGuard(
            trusted_hosts=trusted_hosts, allow_networks=config.allow_networks, resolve=resolve, clock=clock
        )
        session = pinned_session_factory(
            self._guard, limit=config.concurrency * 2, keepalive_s=5.0, ssl=httpx.create_ssl_context()
        )
        self._client = httpx.AsyncClient(
            transport=transport or AiohttpTransport(client=session),
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(config.timeout_s),
            follow_redirects=False,
        )
        self._gate = HostGate(config.per_host_delay_s, concurrency=config.per_host_concurrency, clock=clock)
        self.robots = RobotsCache(config.user_agent, self._load_robots, robots)
        self._failures: dict[str, int] = {}  # host -> failures in a row (network errors, 5xx, 429)
        self._blocked: dict[str, int] = {}  # host -> pages in this run that extraction found to be bot checks

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self._aclose())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _aclose(self) -> None:
        # Fetches still running (a caller interrupted at once) are cancelled, not left to be destroyed.
        running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        await self._client.aclose()
        # Closing a connection schedules its last callbacks on the loop: let them run before it stops,
        # or the sockets are only closed (with a ResourceWarning) when garbage-collected.
        await asyncio.sleep(CLOSE_GRACE_S)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the plain-function interface -------------------------------------------------------------
    def fetch(
        self, url: str, *, expect: Expect = "html", etag: str | None = None, last_modified: str | None = None
    ) -> Page:
        """Fetch ``url``, following redirects (each hop checked against robots.txt)."""
        return self._run(
            self._until_stopped(url, self.afetch(url, expect=expect, etag=etag, last_modified=last_modified))
        )

    async def _until_stopped(self, url: str, fetching: Coroutine[Any, Any, Page]) -> Page:
        """``fetching``, unless the run stops first: then it gets the grace, and is cancelled after it
        (:class:`DeferredError`, ``stopped``)."""
        task = asyncio.ensure_future(fetching)
        either: list[asyncio.Future[Any]] = [task, self._stopped()]
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            if not task.done():
                await asyncio.wait({task}, timeout=self._grace_s)
        finally:  # the grace is over, or the caller itself was cancelled
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        if task.cancelled():
            raise DeferredError(url, "the run stopped before it was answered", reason="stopped")
        return task.result()

    def _stopped(self) -> asyncio.Future[None]:
        """A future of the fetcher's loop that is done once ``stop`` is true; one watcher for all fetches."""
        if self._stop_seen is None:
            self._stop_seen = asyncio.get_running_loop().create_future()
            if self._stop is not _NEVER:
                self._watcher = asyncio.get_running_loop().create_task(self._watch_stop(self._stop_seen))
        return self._stop_seen

    async def _watch_stop(self, seen: asyncio.Future[None]) -> None:
        while not self._stop:  # a signal handler or the clock makes it true: neither can wake the loop
            await asyncio.sleep(POLL_S)
        seen.set_result(None)

    def fetch_all(self, jobs: Iterable[FetchJob], *, limit: int) -> Iterator[tuple[FetchJob, Page | Failure]]:
        """Fetch every job, at most ``limit`` in flight (or done and not yet taken) and at most the
        per-host concurrency of them for one host, so a host that makes its requests wait (a long
        ``Crawl-delay``, a ``Retry-After``) holds no other host's slots. Yield each result (a page, or the
        record of why there is none) as it completes. Once the fetcher's ``stop`` is true no new fetch
        starts; the ones in flight get the grace, then are cancelled and reported ``deferred``."""
        results: queue.Queue[object] = queue.Queue()
        room = asyncio.Semaphore(limit)
        pending = iter(jobs)
        cancelled = threading.Event()
        per_host = self._config.per_host_concurrency
        lookahead = max(64, 8 * limit)  # jobs read ahead to find one whose host is free

        async def one(job: FetchJob) -> None:
            try:
                fetching = self.afetch(job.url, expect=job.expect, etag=job.etag, last_modified=job.last_modified)
                outcome: Page | Failure = await self._until_stopped(job.url, fetching)
            except FetchError as e:
                outcome = failure(e)
            except Exception as e:  # a bug or a library's surprise must not lose the URL or hang the caller
                outcome = failure(TransportError(job.url, f"unexpected {type(e).__name__}: {e}"))
            results.put((job, outcome))

        def stopping() -> bool:
            return cancelled.is_set() or bool(self._stop)

        async def run() -> None:
            tasks: set[asyncio.Task[None]] = set()
            busy: dict[str, int] = {}
            queued: dict[str, collections.deque[FetchJob]] = {}
            buffered, exhausted = 0, False
            changed = asyncio.Event()

            def finished(task: asyncio.Task[None], *, host: str) -> None:
                tasks.discard(task)
                busy[host] -= 1
                changed.set()

            def next_job() -> FetchJob | None:
                nonlocal buffered, exhausted
                while not exhausted and buffered < lookahead:
                    if (job := next(pending, None)) is None:
                        exhausted = True
                    else:
                        queued.setdefault(urlsplit(job.url).netloc, collections.deque()).append(job)
                        buffered += 1
                for host, waiting in queued.items():  # the oldest job of a host with a free slot
                    if busy.get(host, 0) < per_host:
                        job = waiting.popleft()
                        if not waiting:
                            del queued[host]
                        buffered -= 1
                        return job
                return None

            try:
                while not stopping():
                    if (job := next_job()) is None:
                        if not tasks and not queued:
                            break  # every job is done
                        changed.clear()
                        await _wait_for(changed.wait(), POLL_S)
                        continue
                    while not stopping() and not await _wait_for(room.acquire(), POLL_S):
                        pass  # released when the caller takes a result
                    if stopping():
                        break
                    host = urlsplit(job.url).netloc
                    busy[host] = busy.get(host, 0) + 1
                    task = asyncio.create_task(one(job))
                    tasks.add(task)
                    task.add_done_callback(functools.partial(finished, host=host))
                if cancelled.is_set():  # nobody takes the results any more
                    for task in tasks:
                        task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)  # each ends within the grace
            finally:
                results.put(_DONE)

        running = asyncio.run_coroutine_threadsafe(run(), self._loop)
        try:
            while (item := results.get()) is not _DONE:
                self._loop.call_soon_threadsafe(room.release)
                yield item  # type: ignore[misc]
            running.result()
        finally:  # the caller stopped taking results, or failed: start nothing more
            cancelled.set()
            if not self._loop.is_closed():
                self._loop.call_soon_threadsafe(room.release)

    def robots_sitemaps(self, url: str) -> list[str]:
        """The sitemaps the host's robots.txt lists."""
        return self._run(self.robots.sitemaps(url))

    def blocked(self, url: str) -> None:
        """The page of ``url`` turned out to be a bot check (extraction says so, after the fetch): the host
        waits as after a 429 (``backoff_s``, doubled for each such page), and is paused for the run after
        ``host_max_failures`` of them. Safe to call from any thread."""
        host = urlsplit(url).netloc

        def note() -> None:
            count = self._blocked[host] = self._blocked.get(host, 0) + 1
            self._gate.defer(host, self._backoff(count - 1))

        self._loop.call_soon_threadsafe(note)

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    # -- the engine, on the event loop -----------------------------------------------------------
    async def afetch(
        self, url: str, *, expect: Expect = "html", etag: str | None = None, last_modified: str | None = None
    ) -> Page:
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        if (problem := url_problem(url)) is not None:
            raise ForbiddenURLError(url, f"the URL {problem}; not fetched")
        host = urlsplit(url).netloc
        if self._failures.get(host, 0) >= self._config.host_max_failures:
            raise HostPausedError(
                url,
                f"{host} failed {self._config.host_max_failures} times in a row; paused for this run "
                "([fetch] host_max_failures)",
            )
        if self._blocked.get(host, 0) >= self._config.host_max_failures:
            raise HostPausedError(
                url,
                f"{host} answered {self._blocked[host]} pages with a bot check; paused for this run "
                "([fetch] host_max_failures)",
            )
        try:
            page = await self._fetch(url, conditional, expect)
        except FetchError as e:
            if counts_against_host(e):
                self._failures[host] = self._failures.get(host, 0) + 1
            raise
        self._failures[host] = 0
        return page

    async def _fetch(self, url: str, conditional: dict[str, str], expect: Expect) -> Page:
        seen = {url}
        current = url
        elapsed = 0.0  # the requests' own time, redirects included; not the waits for the host's turn
        for _ in range(self._config.max_redirects + 1):
            await self._check_target(current)  # before its robots.txt, so a refusal names this URL
            if not await self.robots.allowed(current):
                if self.robots.unavailable(current):
                    raise DeferredError(current, "its host's robots.txt could not be read (5xx or 429); "
                                        "nothing there is fetched in this run", reason="robots_unavailable")  # fmt: skip
                raise RobotsDisallowedError(current, "robots.txt disallows this URL for our user agent")
            status, headers, body, took = await self._request_with_retries(current, conditional)
            elapsed += took
            if status in REDIRECT_STATUSES and "location" in headers:
                target = urljoin(current, headers["location"])
                if target in seen:
                    raise TransportError(url, f"redirect loop at {target}")
                seen.add(target)
                current = target
                continue
            if status == 304:
                return Page(url, current, status, headers, b"", self._clock.now(), elapsed_s=elapsed)
            if status in CHALLENGE_STATUSES and (check := _bot_check(headers, body)):
                raise BlockedError(current, f"the server answered HTTP {status} with a bot check ({check})",
                                   status=status)  # fmt: skip
            if not 200 <= status < 300:
                raise HTTPStatusError(current, status)
            _check_content_type(current, headers.get("content-type", ""), body, expect)
            return Page(url, current, status, headers, body, self._clock.now(), elapsed_s=elapsed)
        raise TransportError(url, f"more than {self._config.max_redirects} redirects ([fetch] max_redirects)")

    async def _request_with_retries(self, url: str, extra: dict[str, str]) -> tuple[int, dict[str, str], bytes, float]:
        """Status, headers, body, and the seconds the last request took (connect to the last byte)."""
        host = urlsplit(url).netloc
        crawl_delay = await self.robots.crawl_delay(url)
        attempt = 0
        while True:
            error: FetchError | None = None
            async with self._slot(url, host, crawl_delay):
                started = self._clock.monotonic()
                try:
                    status, headers, body = await self._request(url, extra)
                except TransportError as e:
                    error = e
                took = self._clock.monotonic() - started
            if error is None and status not in RETRY_STATUSES:
                return status, headers, body, took
            # A Retry-After speaks for the host, not only this URL: its other URLs wait as long, and those
            # the run cannot wait for are deferred to the next run (see _slot).
            retry_after = (
                parse_retry_after(headers.get("retry-after", ""), self._clock.now()) if error is None else None
            )
            if retry_after is not None:
                self._gate.defer(host, retry_after)
            if attempt >= self._config.retries:
                if error is not None:
                    raise error
                return status, headers, body, took
            if retry_after is not None and retry_after > self._config.max_retry_after_s:
                raise HTTPStatusError(url, status)
            self._gate.defer(host, max(self._backoff(attempt), retry_after or 0.0))
            attempt += 1

    @contextlib.asynccontextmanager
    async def _slot(self, url: str, host: str, crawl_delay: float | None) -> AsyncIterator[None]:
        """The host's next slot, unless the run stops first or the host's next allowed start is further
        away than a ``Retry-After`` may be (``[fetch] max_retry_after_s``) or than the run has left: then
        the URL is deferred to the next run and the slot goes to another host."""
        remaining = self._stop.remaining()
        longest = (
            self._config.max_retry_after_s if remaining is None else min(remaining, self._config.max_retry_after_s)
        )
        try:
            async with self._gate.slot(host, delay_s=crawl_delay, max_wait_s=longest):
                if self._stop:
                    raise DeferredError(url, "the run is stopping", reason="stopped")
                yield
        except TooLongWait as e:
            raise DeferredError(
                url,
                f"{host} allows its next request in {e.seconds:.0f}s, more than this run can wait "
                f"({longest:.0f}s: [fetch] max_retry_after_s or the run's deadline); left for the next run",
                reason="host_wait",
            ) from None

    def _backoff(self, attempt: int) -> float:
        return float(self._config.backoff_s * (2**attempt) * random.uniform(0.5, 1.0))

    async def _request(
        self, url: str, extra: dict[str, str], *, cut_at: int | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request, connect to the last byte of the body within ``[fetch] timeout_s``: a server that
        sends a byte now and then holds it no longer than one that sends nothing. With ``cut_at`` the
        body is cut there (robots.txt: its first 500 KiB count); without, one over ``[fetch] max_bytes`` fails."""
        await self._check_target(url)
        try:
            async with asyncio.timeout(self._config.timeout_s):
                return await self._exchange(url, extra, cut_at)
        except TimeoutError as e:
            raise TransportError(url, f"no whole answer within {self._config.timeout_s}s ([fetch] timeout_s)") from e

    async def _exchange(self, url: str, extra: dict[str, str], cut_at: int | None) -> tuple[int, dict[str, str], bytes]:
        try:
            async with self._client.stream("GET", url, headers=extra) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code != 200:
                    if response.status_code not in CHALLENGE_STATUSES:
                        return response.status_code, headers, b""
                    cut_at = min(cut_at or CHALLENGE_MAX_BYTES, CHALLENGE_MAX_BYTES)  # read for a bot check
                declared = headers.get("content-length", "")
                if cut_at is None and declared.isdigit() and int(declared) > self._config.max_bytes:
                    raise TooLargeError(url, f"declared size {declared} bytes exceeds [fetch] max_bytes")
                if response.is_stream_consumed:  # an in-memory response (httpx.MockTransport): already decoded
                    return response.status_code, headers, self._capped(url, response.content, cut_at)
                # Decoded here, never past the cap: a gzip bomb, however many times encoded, stops at it.
                try:
                    decoder = BodyDecoder(headers.get("content-encoding", ""), cut_at or self._config.max_bytes)
                except UnsupportedEncoding as e:
                    raise ContentTypeError(url, f"the body cannot be read: {e}") from None
                chunks: list[bytes] = []
                try:
                    async for raw in response.aiter_raw():
                        chunks.append(decoder.decode(raw))
                        if decoder.overflow:
                            break
                    if not decoder.overflow:
                        chunks.append(decoder.finish())
                except zlib.error as e:
                    encoding = headers.get("content-encoding", "")
                    raise TransportError(url, f"the body's {encoding} data is damaged ({e})") from e
                if decoder.overflow and cut_at is None:
                    raise self._too_large(url)
                return response.status_code, headers, b"".join(chunks)  # under the cap by construction
        except httpx.TimeoutException as e:
            # The aiohttp transport calls every failed connect a timeout, a refused one too.
            if (refused := _connect_failure(e)) is not None:
                raise TransportError(url, f"cannot connect: {os.strerror(refused.errno or 0).lower()}") from e
            raise TransportError(url, f"no whole answer within {self._config.timeout_s}s ([fetch] timeout_s)") from e
        except (TimeoutError, httpx.HTTPError, aiohttp.ClientError, OSError) as e:
            raise TransportError(url, f"{type(e).__name__}: {e}") from e

    def _capped(self, url: str, body: bytes, cut_at: int | None) -> bytes:
        """A body already in memory, cut at ``cut_at`` or refused over the cap."""
        if cut_at is not None:
            return body[:cut_at]
        if len(body) > self._config.max_bytes:
            raise self._too_large(url)
        return body

    def _too_large(self, url: str) -> TooLargeError:
        return TooLargeError(url, f"body exceeds {self._config.max_bytes} bytes ([fetch] max_bytes)")

    async def _check_target(self, url: str) -> None:
        """Every request passes here first (the SSRF guard): an http(s) URL of sane length whose host is
        allowed by :class:`~scraper.fetch.addresses.AddressGuard`."""
        if len(url) > self._config.max_url_length:
            raise ForbiddenURLError(
                url[:200], f"URL longer than {self._config.max_url_length} characters ([fetch] max_url_length)"
            )
        if (problem := url_problem(url)) is not None:
            raise ForbiddenURLError(url, f"the URL {problem}; not fetched")
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        await self._guard.addresses(url, parts.hostname or "", port)

    async def _load_robots(self, robots_url: str) -> Loaded:
        """The host's robots.txt, as RFC 9309 reads it: up to five redirects followed, the first 500 KiB
        parsed, a missing file (4xx) allows everything, an error (5xx, 429) makes the host unavailable
        for this run; a host that does not answer at all fails the request (a network error)."""
        url = robots_url
        for _ in range(MAX_ROBOTS_REDIRECTS + 1):
            try:
                async with self._gate.slot(urlsplit(url).netloc):
                    status, headers, body = await self._request(url, {}, cut_at=MAX_ROBOTS_BYTES)
            except ForbiddenURLError:  # a redirect to an address we may not reach: as if there were none
                return Loaded(ALLOW_ALL)
            if status in REDIRECT_STATUSES and "location" in headers:
                url = urljoin(url, headers["location"])
                continue
            if status == 200:
                return Loaded(body.decode("utf-8", errors="replace"))
            if status == 429 or status >= 500:
                return Loaded(DISALLOW_ALL, unavailable=True)
            return Loaded(ALLOW_ALL)
        return Loaded(ALLOW_ALL)  # more redirects than RFC 9309 asks to follow: as if there were none


async def _wait_for(awaitable: Awaitable[Any], seconds: float) -> bool:
    """Whether ``awaitable`` finished within ``seconds`` (it is cancelled if not)."""
    try:
        await asyncio.wait_for(awaitable, seconds)
    except TimeoutError:
        return False
    return True


def parse_retry_after(value: str, now_iso: str) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.fromisoformat(now_iso)).total_seconds())


def _bot_check(headers: dict[str, str], body: bytes) -> str:
    """The evidence that an HTML answer is a bot check (scraper.extract.classify decides), else ""."""
    if "html" not in headers.get("content-type", "html") or not body:
        return ""
    from scraper.extract.classify import bot_check  # the extraction code, loaded only for such an answer

    return bot_check(body.decode("utf-8", errors="replace"))


def _check_content_type(url: str, header: str, body: bytes, expect: Expect) -> None:
    ctype = header.split(";")[0].strip().lower()
    start = body[:1024].lstrip().lower()
    if expect == "html":
        if is_html(header, body):
            return
        raise ContentTypeError(url, f"expected an HTML page, got content-type {ctype or 'none'!r}")
    if expect == "xml":
        feed_like = "xml" in ctype or "json" in ctype or ctype == "text/plain"
        # A feed served with a wrong type still reads as one ("<?xml", "<rss", "<urlset", a JSON object).
        looks_like = start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf", b"<urlset", b"<sitemapindex", b"{"))
        gzipped = urlsplit(url).path.endswith(".gz") or body[:2] == b"\x1f\x8b"  # sitemap.xml.gz
        if feed_like or looks_like or gzipped:
            return
        raise ContentTypeError(url, f"expected a feed or sitemap (XML or JSON), got content-type {ctype or 'none'!r}")
    if ctype in BINARY_TYPES or ctype.startswith(BINARY_PREFIXES):
        raise ContentTypeError(url, f"expected a text document, got content-type {ctype!r}")


def _connect_failure(error: BaseException) -> OSError | None:
    """The operating system's refusal behind an error (connection refused, host unreachable), if that is
    what it is rather than a timeout; the chain of causes is followed a few links deep."""
    cause = error.__cause__ or error.__context__
    for _ in range(CAUSE_DEPTH):
        if cause is None:
            return None
        if isinstance(cause, OSError) and not isinstance(cause, TimeoutError) and cause.errno is not None:
            return cause
        cause = cause.__cause__ or cause.__context__
    return None
