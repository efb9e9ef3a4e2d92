"""The fetcher against a real fault-injecting server on 127.0.0.1; every assertion is on the server's
own request log: what was asked, when, and how many at once."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest

from scraper.config import FetchConfig
from scraper.crawl import Failure, Outcome, Stop, failure
from scraper.crawl.policy import TABLE
from scraper.errors import (
    BlockedError,
    ContentTypeError,
    HostPausedError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TransportError,
)
from scraper.fetch import Fetcher, FetchJob
from tests.site.server import Response, SiteServer, serve_site

PAGE = b"<!doctype html><html><body><p>An article.</p></body></html>"
HTML = {"Content-Type": "text/html; charset=utf-8"}
NO_ROBOTS = Response(404)


def ok(delay_s: float = 0.0) -> Response:
    return Response(200, PAGE, HTML, delay_s)


@pytest.fixture
def faults(tmp_path: Path) -> Iterator[SiteServer]:
    """An empty site: each test gives it the routes it needs."""
    with serve_site(tmp_path) as server:
        server.routes["/robots.txt"] = NO_ROBOTS
        yield server


def fetcher(stop: Stop | None = None, grace_s: float = 5.0, **config: object) -> Fetcher:
    """A fetcher for the test server: 127.0.0.1 is trusted as a configured source's host would be."""
    settings = {"per_host_delay_s": 0.0, "backoff_s": 0.2, "timeout_s": 2.0, **config}
    return Fetcher(FetchConfig(**settings), trusted_hosts={"127.0.0.1"}, stop=stop, grace_s=grace_s)


def gaps(server: SiteServer, path: str) -> list[float]:
    times = [r.at for r in server.requests(path)]
    return [b - a for a, b in pairwise(times)]


def test_robots_disallow_and_crawl_delay(faults) -> None:
    faults.routes.update({"/robots.txt": Response(200, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.5\n"),
                          "/a": ok(), "/b": ok(), "/private/x": ok()})  # fmt: skip
    with fetcher() as f:
        f.fetch(f"{faults.base_url}/a")
        with pytest.raises(RobotsDisallowedError):
            f.fetch(f"{faults.base_url}/private/x")
        f.fetch(f"{faults.base_url}/b")
    assert faults.paths() == ["/robots.txt", "/a", "/b"]  # the disallowed page was never asked for
    a, b = faults.requests("/a")[0].at, faults.requests("/b")[0].at
    assert b - a >= 0.5


def test_retry_after_on_429_is_honoured(faults) -> None:
    faults.routes["/a"] = [Response(429, headers={"Retry-After": "1"}), ok()]
    with fetcher() as f:
        assert f.fetch(f"{faults.base_url}/a").status == 200
    assert [r.status for r in faults.requests("/a")] == [429, 200]
    assert gaps(faults, "/a")[0] >= 1.0


def test_503_then_200_is_retried_with_backoff(faults) -> None:
    faults.routes["/a"] = [Response(503), Response(503), ok()]
    with fetcher(backoff_s=0.3) as f:
        assert f.fetch(f"{faults.base_url}/a").status == 200
    assert [r.status for r in faults.requests("/a")] == [503, 503, 200]
    first, second = gaps(faults, "/a")
    assert first >= 0.15 and second >= 0.3  # 0.3 s doubled each time, jittered down to half at most


def test_a_retry_after_beyond_the_limit_gives_up_without_asking_again(faults) -> None:
    faults.routes["/a"] = Response(503, headers={"Retry-After": "3600"})
    with fetcher(max_retry_after_s=5) as f, pytest.raises(HTTPStatusError):
        f.fetch(f"{faults.base_url}/a")
    assert len(faults.requests("/a")) == 1


def test_endless_redirects_stop(faults) -> None:
    faults.routes.update({"/loop": Response(302, headers={"Location": "/loop2"}),
                          "/loop2": Response(302, headers={"Location": "/loop"}),
                          "/chain": [Response(302, headers={"Location": f"/chain?{i}"}) for i in range(1, 20)]})  # fmt: skip
    with fetcher(max_redirects=3) as f:
        with pytest.raises(TransportError, match="redirect loop"):
            f.fetch(f"{faults.base_url}/loop")
        with pytest.raises(TransportError, match="redirects"):
            f.fetch(f"{faults.base_url}/chain")
    assert faults.paths().count("/loop") == 1 and faults.paths().count("/loop2") == 1
    assert faults.paths().count("/chain") == 4  # the first request and 3 redirects, then it stops


def test_wrong_content_types_are_refused(faults) -> None:
    faults.routes.update({"/paper.pdf": Response(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}),
                          "/feed": Response(200, b"\x89PNG", {"Content-Type": "image/png"})})  # fmt: skip
    with fetcher() as f:
        with pytest.raises(ContentTypeError):
            f.fetch(f"{faults.base_url}/paper.pdf", expect="html")
        with pytest.raises(ContentTypeError):
            f.fetch(f"{faults.base_url}/feed", expect="xml")


def test_feeds_must_be_xml_or_json_but_a_mislabelled_feed_still_reads(faults) -> None:
    rss = b'<?xml version="1.0"?><rss><channel><item><link>/a</link></item></channel></rss>'
    faults.routes.update({"/login": Response(200, PAGE, HTML), "/rss": Response(200, rss, HTML),
                          "/atom": Response(200, rss, {"Content-Type": "application/atom+xml"})})  # fmt: skip
    with fetcher() as f:
        with pytest.raises(ContentTypeError, match="expected a feed or sitemap"):
            f.fetch(f"{faults.base_url}/login", expect="xml")
        assert f.fetch(f"{faults.base_url}/rss", expect="xml").body == rss
        assert f.fetch(f"{faults.base_url}/atom", expect="xml").body == rss


def test_oversized_and_gzip_bomb_bodies_are_cut_off(faults) -> None:
    bomb = gzip.compress(b"<p>" + b"A" * 20_000_000)  # 20 MB of text in about 20 KB
    faults.routes.update({"/big": Response(200, b"x" * 200_000, HTML),
                          "/bomb": Response(200, bomb, {**HTML, "Content-Encoding": "gzip"})})  # fmt: skip
    with fetcher(max_bytes=100_000) as f:
        with pytest.raises(TooLargeError):
            f.fetch(f"{faults.base_url}/big")
        with pytest.raises(TooLargeError):
            f.fetch(f"{faults.base_url}/bomb")
    assert len(bomb) < 100_000  # the bomb itself is small: the cap is on the decompressed size


def double_gzip_bomb(megabytes: int) -> bytes:
    """``megabytes`` of HTML gzipped twice, made without holding it: under a kilobyte on the wire."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"A" * 1_000_000
    once = inner.compress(b"<p>") + b"".join(inner.compress(chunk) for _ in range(megabytes)) + inner.flush()
    return gzip.compress(once, compresslevel=9)


PEAK_SCRIPT = """
import sys
from scraper.config import FetchConfig
from scraper.errors import TooLargeError
from scraper.fetch import Fetcher
def peak_kb():  # this process's own peak: ru_maxrss would carry the forking test process's across exec
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
before = peak_kb()
with Fetcher(FetchConfig(per_host_delay_s=0, retries=0, max_bytes=1_000_000), trusted_hosts={"127.0.0.1"}) as f:
    try:
        f.fetch(sys.argv[1])
        print("fetched")
    except TooLargeError:
        print("too_large")
print((peak_kb() - before) // 1024)
"""


def test_a_body_encoded_twice_stops_at_the_cap_without_inflating_it(faults) -> None:
    """``Content-Encoding: gzip, gzip``: 400 MB in under a kilobyte. Inflated whole (as httpx's decoders
    do, one chunk at a time) it took 765 MB of memory before the cap of 1 MB was checked."""
    bomb = double_gzip_bomb(400)
    assert len(bomb) < 1_000
    faults.routes["/bomb"] = Response(200, bomb, {**HTML, "Content-Encoding": "gzip, gzip"})
    result = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, f"{faults.base_url}/bomb"], capture_output=True,
                            text=True, timeout=120, check=True)  # fmt: skip
    verdict, grown_mb = result.stdout.split()
    assert verdict == "too_large"
    assert int(grown_mb) < 50, result.stdout


def test_bodies_in_each_encoding_we_ask_for_are_read_and_others_refused(faults) -> None:
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    faults.routes.update({
        "/twice": Response(200, gzip.compress(gzip.compress(PAGE)), {**HTML, "Content-Encoding": "gzip, gzip"}),
        "/zlib": Response(200, zlib.compress(PAGE), {**HTML, "Content-Encoding": "deflate"}),
        "/raw": Response(200, raw_deflate.compress(PAGE) + raw_deflate.flush(), {**HTML, "Content-Encoding": "deflate"}),
        "/br": Response(200, b"\x1b\x03", {**HTML, "Content-Encoding": "br"}),
        "/damaged": Response(200, gzip.compress(PAGE)[:-12] + b"\xff" * 12, {**HTML, "Content-Encoding": "gzip"}),
    })  # fmt: skip
    with fetcher(retries=0) as f:
        for path in ("/twice", "/zlib", "/raw"):
            assert f.fetch(f"{faults.base_url}{path}").body == PAGE, path
        with pytest.raises(ContentTypeError, match="Content-Encoding 'br'"):
            f.fetch(f"{faults.base_url}/br")
        with pytest.raises(TransportError, match="the body's gzip data is damaged"):
            f.fetch(f"{faults.base_url}/damaged")


def test_a_slow_answer_times_out(faults) -> None:
    faults.routes["/slow"] = ok(delay_s=1.5)
    with fetcher(timeout_s=0.5, retries=0) as f, pytest.raises(TransportError, match=r"no whole answer within 0\.5s"):
        f.fetch(f"{faults.base_url}/slow")


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_failing_host_is_paused_for_the_rest_of_the_run(faults, status) -> None:
    for page in ("/a", "/b", "/c", "/d"):
        faults.routes[page] = Response(status)  # a host that keeps answering 429 is as stuck as one with 5xx
    with fetcher(retries=0, host_max_failures=2) as f:
        for page in ("/a", "/b"):
            with pytest.raises(HTTPStatusError):
                f.fetch(f"{faults.base_url}{page}")
        for page in ("/c", "/d"):
            with pytest.raises(HostPausedError):
                f.fetch(f"{faults.base_url}{page}")
    assert faults.paths() == ["/robots.txt", "/a", "/b"]


def test_a_host_that_answers_with_bot_checks_waits_and_is_paused(faults) -> None:
    """Extraction finds a bot check after the fetch (a 200 page): the host waits as after a 429, backoff_s
    doubled per such page, and is paused after host_max_failures of them, even between good answers."""
    for page in ("/a", "/b", "/c"):
        faults.routes[page] = ok()
    with fetcher(retries=0, host_max_failures=2, backoff_s=0.3) as f:
        f.fetch(f"{faults.base_url}/a")
        f.blocked(f"{faults.base_url}/a")  # the first: the host's next request waits backoff_s (0.15-0.3 s)
        f.fetch(f"{faults.base_url}/b")
        f.blocked(f"{faults.base_url}/b")
        with pytest.raises(HostPausedError, match="answered 2 pages with a bot check"):
            f.fetch(f"{faults.base_url}/c")
    assert faults.paths() == ["/robots.txt", "/a", "/b"]
    (a,), (b,) = faults.requests("/a"), faults.requests("/b")
    assert b.at - a.at >= 0.15


def test_a_bot_check_with_an_error_status_is_blocked_and_counts_against_the_host(faults) -> None:
    """Cloudflare answers a client it challenges with 403 and its "Just a moment..." page: the URL fails as
    ``blocked`` (tried again later, as after a 429), the host is paused after host_max_failures of them; a
    plain 403 stays an http_403."""
    challenge = (Path(__file__).parent / "data" / "status" / "cloudflare-challenge.html").read_bytes()
    for page in ("/a", "/b", "/c"):
        faults.routes[page] = Response(403, challenge, HTML)
    faults.routes["/plain"] = Response(403, b"<html><body><h1>Forbidden</h1></body></html>", HTML)
    with fetcher(retries=0, host_max_failures=2) as f:
        with pytest.raises(HTTPStatusError):
            f.fetch(f"{faults.base_url}/plain")
        for page in ("/a", "/b"):
            with pytest.raises(BlockedError, match="HTTP 403 with a bot check \\(Cloudflare challenge markup\\)") as e:
                f.fetch(f"{faults.base_url}{page}")
            assert failure(e.value).outcome == Outcome.BLOCKED
        with pytest.raises(HostPausedError):
            f.fetch(f"{faults.base_url}/c")
    assert TABLE[Outcome.BLOCKED].backoff and TABLE[Outcome.BLOCKED].host_failure


def test_per_host_concurrency_and_delay_with_hosts_in_parallel(tmp_path) -> None:
    with serve_site(tmp_path / "one") as one, serve_site(tmp_path / "two") as two:
        for server in (one, two):
            server.routes.update({"/robots.txt": NO_ROBOTS, **{f"/{i}": ok(delay_s=0.4) for i in range(4)}})
        urls = [f"{server.base_url}/{i}" for i in range(4) for server in (one, two)]
        started = time.monotonic()
        with fetcher(per_host_concurrency=2, per_host_delay_s=0.1) as f, ThreadPoolExecutor(8) as pool:
            list(pool.map(f.fetch, urls))
        elapsed = time.monotonic() - started
    for server in (one, two):
        assert server.max_in_flight == 2  # never more than two at once on one host
        starts = sorted(r.at for r in server.log if r.path != "/robots.txt")
        # 0.1 s apart as sent; a new connection's setup may shift an arrival by a few milliseconds
        assert all(b - a >= 0.08 for a, b in pairwise(starts)), [round(b - a, 3) for a, b in pairwise(starts)]
    assert elapsed < 2.5  # 8 pages of 0.4 s: two hosts at once, two requests each (sequential: 3.2 s)


def test_fetch_all_streams_results_within_its_limit_and_stops_starting_new_ones(faults) -> None:
    for i in range(12):
        faults.routes[f"/{i}"] = ok(delay_s=0.2)
    jobs = [FetchJob(f"{faults.base_url}/{i}", key=i) for i in range(12)]
    taken: list[int] = []
    stop = Stop()
    with fetcher(stop, per_host_concurrency=8) as f:
        for job, page in f.fetch_all(jobs, limit=3):
            if isinstance(page, Failure):  # in flight at the stop, and not answered within the grace
                assert page.outcome == Outcome.DEFERRED
                continue
            assert page.status == 200 and job.url.endswith(f"/{job.key}")
            taken.append(job.key)
            if len(taken) >= 5:
                stop.request("SIGTERM")
        stop.reason = ""
        # a caller that stops iterating early does not leave the fetcher stuck
        first = next(iter(f.fetch_all(jobs[:4], limit=2)))
        assert first[1].status == 200
    assert faults.max_in_flight <= 3
    asked = [p for p in faults.paths() if p != "/robots.txt"]
    assert 5 <= len(taken) <= 5 + 3 and len(asked) <= len(taken) + 3 + 2  # in flight at the stop, then 2


def test_a_trickling_answer_is_cut_off_at_the_request_deadline(faults) -> None:
    # A byte every 0.3 s keeps every socket read short: only a deadline on the whole request ends it
    # before the body's 118 bytes (35 s) have come.
    faults.routes["/trickle"] = Response(200, PAGE * 2, HTML, trickle_s=0.3)
    with fetcher(timeout_s=1.0, retries=0) as f, pytest.raises(TransportError, match=r"no whole answer within 1\.0s"):
        f.fetch(f"{faults.base_url}/trickle")


def test_at_the_stop_fetches_in_flight_get_the_grace_then_are_deferred(faults) -> None:
    faults.routes["/quick"] = ok()
    faults.routes["/slow"] = ok(delay_s=30)  # answers long after the grace (and within timeout_s)
    stop = Stop()
    jobs = [FetchJob(f"{faults.base_url}/quick", key="quick"), FetchJob(f"{faults.base_url}/slow", key="slow")]
    outcomes = {}
    with fetcher(stop, grace_s=0.2, timeout_s=60, per_host_concurrency=2) as f:
        for job, outcome in f.fetch_all(jobs, limit=2):
            outcomes[job.key] = outcome
            stop.request("SIGTERM")
    assert outcomes["quick"].status == 200
    slow = outcomes["slow"]
    assert isinstance(slow, Failure) and (slow.outcome, slow.reason) == (Outcome.DEFERRED, "stopped")


def test_a_host_that_asks_for_a_long_wait_gives_its_slot_to_the_next_host(tmp_path) -> None:
    # One fetch slot for the whole run. The first host's Crawl-delay would hold it for an hour per page;
    # its later pages are left for the next run and the second host is crawled.
    with serve_site(tmp_path / "slow") as slow, serve_site(tmp_path / "fine") as fine:
        slow.routes.update({"/robots.txt": Response(200, b"User-agent: *\nCrawl-delay: 3600\n"),
                            **{f"/{i}": ok() for i in range(3)}})  # fmt: skip
        fine.routes.update({"/robots.txt": NO_ROBOTS, **{f"/{i}": ok() for i in range(3)}})
        jobs = [FetchJob(f"{server.base_url}/{i}", key=(name, i))
                for name, server in (("slow", slow), ("fine", fine)) for i in range(3)]  # fmt: skip
        with fetcher(max_retry_after_s=120) as f:
            outcomes = dict(f.fetch_all(jobs, limit=1))
    by_key = {job.key: outcome for job, outcome in outcomes.items()}
    assert all(by_key[("fine", i)].status == 200 for i in range(3))
    assert by_key[("slow", 0)].status == 200
    for i in (1, 2):
        left = by_key[("slow", i)]
        assert isinstance(left, Failure) and (left.outcome, left.reason) == (Outcome.DEFERRED, "host_wait")
    assert slow.paths() == ["/robots.txt", "/0"]


def test_a_429_with_a_long_retry_after_pauses_its_host_for_the_run(faults) -> None:
    """Retry-After speaks for the host: after "come back in an hour" its other URLs are not asked a
    second later but left for the next run, and the throttled URL itself is not asked again."""
    faults.routes.update({"/0": Response(429, headers={"Retry-After": "3600"}), **{f"/{i}": ok() for i in (1, 2)}})
    jobs = [FetchJob(f"{faults.base_url}/{i}", key=i) for i in range(3)]
    with fetcher(max_retry_after_s=120) as f:
        outcomes = {job.key: outcome for job, outcome in f.fetch_all(jobs, limit=1)}
    assert isinstance(outcomes[0], Failure) and outcomes[0].outcome == Outcome.THROTTLED
    for i in (1, 2):
        assert isinstance(outcomes[i], Failure) and (outcomes[i].outcome, outcomes[i].reason) == (
            Outcome.DEFERRED,
            "host_wait",
        )
    assert faults.paths() == ["/robots.txt", "/0"]


def test_a_retry_after_past_the_runs_deadline_defers_the_url(faults) -> None:
    faults.routes["/busy"] = Response(503, headers={"Retry-After": "60"})  # under max_retry_after_s
    with fetcher(Stop.after(3), max_retry_after_s=120) as f:
        [(_job, outcome)] = list(f.fetch_all([FetchJob(f"{faults.base_url}/busy")], limit=1))
    assert isinstance(outcome, Failure) and (outcome.outcome, outcome.reason) == (Outcome.DEFERRED, "host_wait")
    assert [r.status for r in faults.requests("/busy")] == [503]  # asked once, not again a minute later
