"""The fetcher against httpx.MockTransport: robots.txt, retries with Retry-After, guards, redirects."""

from __future__ import annotations

import socket
from collections.abc import Callable

import httpx
import pytest

from scraper.clock import ManualClock
from scraper.config import FetchConfig
from scraper.crawl import Failure, Outcome, failure
from scraper.errors import (
    ContentTypeError,
    DeferredError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TransportError,
)
from scraper.fetch import Fetcher, FetchJob

HTML = b"<!doctype html><html><body><p>hello</p></body></html>"
NOW = "2024-01-01T00:00:00+00:00"


def make(handler: Callable[[httpx.Request], httpx.Response], clock: ManualClock | None = None, **config) -> Fetcher:
    clock = clock or ManualClock(NOW)
    settings = {"per_host_delay_s": 0.0, "backoff_s": 0.5, **config}
    return Fetcher(
        FetchConfig(**settings),
        transport=httpx.MockTransport(handler),
        clock=clock,
        resolve=public,
    )


async def public(host: str, port: int) -> list[str]:
    """Every test host resolves to a public address (never dialled: the transport is a mock)."""
    return ["93.184.216.34"]


def without_robots(pages: Callable[[httpx.Request], httpx.Response]) -> Callable[[httpx.Request], httpx.Response]:
    """A site with no robots.txt (404: everything allowed) serving ``pages``."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404) if request.url.path == "/robots.txt" else pages(request)

    return handler


def html(status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers={"content-type": "text/html", **headers}, content=HTML)


def test_robots_disallow_is_obeyed_and_the_page_never_requested() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
        return html()

    with make(handler) as fetcher:
        with pytest.raises(RobotsDisallowedError):
            fetcher.fetch("http://news.test/private/a")
        assert fetcher.fetch("http://news.test/public/a").status == 200
    assert seen == ["/robots.txt", "/public/a"]


RULES = "User-agent: *\nDisallow: /private/\n"


@pytest.mark.parametrize(
    ("answers", "settings"),
    [
        ({"/robots.txt": httpx.Response(301, headers={"location": "/a"}),
          "/a": httpx.Response(302, headers={"location": "https://cdn.news.test/robots.txt"}),
          "https://cdn.news.test/robots.txt": httpx.Response(200, text=RULES)}, {}),
        # over [fetch] max_bytes: the first 500 KiB are read, as RFC 9309 asks, not the whole file ignored
        ({"/robots.txt": httpx.Response(200, text=RULES + "# padding\n" * 20_000)}, {"max_bytes": 100_000}),
    ],
    ids=["redirected twice, to another host", "larger than max_bytes"],
)  # fmt: skip
def test_robots_txt_is_read_as_rfc_9309_says(answers, settings) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        return answers.get(url) or answers.get(request.url.path) or html()

    with make(handler, **settings) as fetcher:
        with pytest.raises(RobotsDisallowedError):
            fetcher.fetch("http://news.test/private/a")
        assert fetcher.fetch("http://news.test/public/a").status == 200


@pytest.mark.parametrize("status", [503, 429])
def test_an_unavailable_robots_txt_defers_the_host_for_this_run_only(status) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status) if request.url.path == "/robots.txt" else html()

    with make(handler, retries=0) as fetcher:
        with pytest.raises(DeferredError) as info:
            fetcher.fetch("http://news.test/a")
        assert info.value.reason == "robots_unavailable"
        assert failure(info.value).outcome == Outcome.DEFERRED  # the URL stays due
        assert fetcher.robots.fetched == {}  # and nothing is kept: the next run asks again


def test_retry_after_is_honoured_on_429_then_success() -> None:
    clock = ManualClock(NOW)
    answers = iter([httpx.Response(429, headers={"retry-after": "7"}), html()])

    @without_robots
    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers)

    with make(handler, clock) as fetcher:
        assert fetcher.fetch("http://news.test/a").status == 200
    assert sum(clock.sleeps) >= 7


def test_503_is_retried_with_backoff_then_gives_up() -> None:
    calls = []

    @without_robots
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503)

    clock = ManualClock(NOW)
    with make(handler, clock, retries=2) as fetcher, pytest.raises(HTTPStatusError) as info:
        fetcher.fetch("http://news.test/a")
    assert info.value.status == 503 and len(calls) == 3
    assert len(clock.sleeps) == 2 and clock.sleeps[1] > clock.sleeps[0] * 0.9


def test_retry_after_beyond_the_limit_gives_up_instead_of_hammering() -> None:
    calls = []

    @without_robots
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(429, headers={"retry-after": "3600"})

    with make(handler, max_retry_after_s=60) as fetcher, pytest.raises(HTTPStatusError):
        fetcher.fetch("http://news.test/a")
    assert len(calls) == 1


def test_per_host_delay_and_crawl_delay() -> None:
    clock = ManualClock(NOW)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 5\n")
        return html()

    with make(handler, clock, per_host_delay_s=2.0) as fetcher:
        fetcher.fetch("http://news.test/a")
        fetcher.fetch("http://news.test/b")
        fetcher.fetch("http://news.test/c")
    assert [round(s) for s in clock.sleeps] == [2, 5, 5]  # after robots.txt, then the Crawl-delay


def test_size_cap() -> None:
    @without_robots
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 5000)

    with make(handler, max_bytes=1000) as fetcher, pytest.raises(TooLargeError):
        fetcher.fetch("http://news.test/a")


def test_pdf_behind_an_article_link_is_refused_by_content_type() -> None:
    @without_robots
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/pdf"}, content=b"%PDF-1.4")

    with make(handler) as fetcher, pytest.raises(ContentTypeError, match="application/pdf"):
        fetcher.fetch("http://news.test/report")


def test_redirects_are_followed_and_loops_stopped() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/robots.txt":
            return httpx.Response(404)
        if path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        if path in ("/loop-a", "/loop-b"):
            return httpx.Response(302, headers={"location": "/loop-b" if path == "/loop-a" else "/loop-a"})
        return html()

    with make(handler) as fetcher:
        page = fetcher.fetch("http://news.test/old")
        assert (page.url, page.final_url) == ("http://news.test/old", "http://news.test/new")
        with pytest.raises(TransportError, match="redirect loop"):
            fetcher.fetch("http://news.test/loop-a")


def test_conditional_request_returns_304_page() -> None:
    @without_robots
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return html(etag='"v1"')

    with make(handler) as fetcher:
        assert fetcher.fetch("http://news.test/feed", expect="xml", etag='"v1"').status == 304


def test_unreachable_host_is_a_transport_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with make(handler, retries=1) as fetcher, pytest.raises(TransportError, match="ConnectError"):
        fetcher.fetch("http://down.test/a")


def test_fetch_all_reports_an_unexpected_error_as_a_failure_of_that_url() -> None:
    @without_robots
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/b":
            raise RuntimeError("a transport bug")
        return html()

    jobs = [FetchJob(f"http://news.test/{p}", key=p) for p in "abc"]
    with make(handler) as fetcher:
        outcomes = {job.key: outcome for job, outcome in fetcher.fetch_all(jobs, limit=2)}
    assert set(outcomes) == {"a", "b", "c"}
    failed = outcomes["b"]
    assert isinstance(failed, Failure) and failed.outcome == Outcome.NETWORK and "RuntimeError" in failed.detail
    assert outcomes["a"].status == outcomes["c"].status == 200


def test_a_refused_connection_is_not_called_a_timeout() -> None:
    """The real transport on a closed port of 127.0.0.1: the answer is at once, and says what happened."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    config = FetchConfig(allow_networks=("127.0.0.0/8",), retries=0, per_host_delay_s=0.0, timeout_s=30.0)
    with Fetcher(config) as fetcher, pytest.raises(TransportError, match="cannot connect: connection refused"):
        fetcher.fetch(f"http://127.0.0.1:{port}/story")
