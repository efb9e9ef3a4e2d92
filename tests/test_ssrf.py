"""The SSRF guard: links, redirects, feeds and sitemaps that lead to private, loopback, link-local or
metadata addresses are refused after name resolution; only a configured source's own host (here the test
server on 127.0.0.1) or a network in [fetch] allow_networks may be one.

Nothing here opens a connection to anything but 127.0.0.1: host names resolve through a fake resolver,
and the transport is a tripwire that dials 127.0.0.1 only and records every other request, so a refused
address is never dialled even if the guard under test is broken."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import httpx
import pytest
from httpx_aiohttp import AiohttpTransport

from pipelines.crawl import run_crawl
from scraper.clock import ManualClock
from scraper.config import FetchConfig, parse_config
from scraper.errors import ConfigError, ForbiddenURLError
from scraper.fetch import Fetcher
from scraper.fetch.addresses import AddressGuard, PinnedResolver
from scraper.store import open_database
from tests.conftest import rows
from tests.site.server import Response, SiteServer, serve_site

NAMES = {
    "metadata.test": ["169.254.169.254"],  # a cloud's instance metadata service
    "intranet.test": ["10.1.2.3"],
    "router.test": ["192.168.0.1"],
    "mixed.test": ["93.184.216.34", "172.16.0.9"],  # one public address does not make the other one safe
    "v6.test": ["fd12:3456::1"],
    "2130706433": ["127.0.0.1"],  # 127.0.0.1 written as one number, as getaddrinfo reads it
    "news.test": ["127.0.0.1"],
}

FORBIDDEN = [
    "http://10.0.0.1/admin",
    "http://172.16.5.4/",
    "http://172.31.255.254/",
    "http://192.168.1.1/",
    "http://127.0.0.2:{port}/",  # loopback, but not the source's own host
    "http://[::1]:{port}/",
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0:{port}/",
    "http://[::ffff:10.0.0.1]/",  # IPv4-mapped IPv6
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://2130706433:{port}/",
    "http://metadata.test/latest/meta-data/",
    "http://intranet.test/",
    "http://router.test/",
    "http://mixed.test/",
    "http://v6.test/",
]
NOT_HTTP = ["file:///etc/passwd", "gopher://127.0.0.1:{port}/_GET", "ftp://127.0.0.1/", "dict://127.0.0.1:11211/"]


async def fake_resolve(host: str, port: int) -> list[str]:
    if host in NAMES:
        return NAMES[host]
    raise socket.gaierror(socket.EAI_NONAME, f"{host}: no such test name")


class Tripwire(httpx.AsyncBaseTransport):
    """Dials 127.0.0.1 only; every other request is recorded and fails without a connection."""

    def __init__(self) -> None:
        self.inner = AiohttpTransport()
        self.stopped: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "127.0.0.1":
            self.stopped.append(str(request.url))
            raise httpx.ConnectError(f"tripwire: {request.url} would have been dialled")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    with serve_site(tmp_path_factory.mktemp("empty")) as server:
        yield server


@pytest.fixture
def server(site: SiteServer) -> SiteServer:
    """The module's server with no routes but a missing robots.txt, and an empty request log."""
    site.routes = {"/robots.txt": Response(404)}
    site.log.clear()
    return site


def guarded_fetcher(tripwire: Tripwire, **config: object) -> Fetcher:
    return Fetcher(FetchConfig(per_host_delay_s=0.0, retries=0, **config), transport=tripwire,  # type: ignore[arg-type]
                   trusted_hosts={"127.0.0.1"}, resolve=fake_resolve)  # fmt: skip


@pytest.mark.parametrize("target", FORBIDDEN + NOT_HTTP)
def test_a_redirect_to_a_forbidden_address_or_scheme_is_refused(server, target) -> None:
    target = target.format(port=server.base_url.rsplit(":", 1)[1])
    server.routes["/go"] = Response(302, headers={"Location": target})
    tripwire = Tripwire()
    with guarded_fetcher(tripwire) as fetcher, pytest.raises(ForbiddenURLError) as refused:
        fetcher.fetch(f"{server.base_url}/go")
    assert refused.value.reason == "forbidden" and refused.value.url == target
    assert tripwire.stopped == []  # refused by the guard, not by the tripwire
    assert server.paths() == ["/robots.txt", "/go"]


@pytest.mark.parametrize("target", FORBIDDEN)
def test_a_forbidden_address_asked_for_directly_is_refused(server, target) -> None:
    tripwire = Tripwire()
    with guarded_fetcher(tripwire) as fetcher, pytest.raises(ForbiddenURLError, match="allow_networks"):
        fetcher.fetch(target.format(port=server.base_url.rsplit(":", 1)[1]))
    assert tripwire.stopped == [] and server.paths() == []


def test_feeds_and_sitemaps_cannot_point_the_crawl_inward(server, tmp_path) -> None:
    base = server.base_url
    story = "<p>" + "The harbour council voted on the new ferry plan after a long debate. " * 20 + "</p>"
    server.routes["/a/1/"] = Response(200, f"<html><body><article><h1>Harbour</h1>{story}</article></body></html>"
                                           .encode(), {"Content-Type": "text/html"})  # fmt: skip
    links = [f"{base}/a/1/", "http://10.0.0.1/a/2/", "http://metadata.test/latest/meta-data/iam/", "file:///etc/hosts"]
    server.routes["/feed.xml"] = Response(200, ("<rss><channel>" + "".join(
        f"<item><link>{link}</link></item>" for link in links) + "</channel></rss>").encode(),
        {"Content-Type": "application/rss+xml"})  # fmt: skip
    server.routes["/sitemap.xml"] = Response(200, (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://192.168.0.1/a/3/</loc></url>'
        b"<url><loc>http://[::1]/a/4/</loc></url></urlset>"), {"Content-Type": "application/xml"})  # fmt: skip
    config = parse_config({"fetch": {"per_host_delay_s": 0.0, "retries": 0}, "extract": {"workers": 1},
                           "sources": [{"name": "site", "feeds": [f"{base}/feed.xml"],
                                        "sitemaps": [f"{base}/sitemap.xml"]}]})  # fmt: skip
    tripwire = Tripwire()
    with open_database(tmp_path / "a.db") as db:
        summary = run_crawl(config, db, sources=config.sources, transport=tripwire, resolve=fake_resolve)
    assert tripwire.stopped == []
    assert summary.stored == 1 and summary.reasons["forbidden"] == 4 and summary.failed == 0
    refused = rows(tmp_path / "a.db", "select url, state, last_error from frontier where url not like 'http://127.%'")
    assert sorted(r["url"] for r in refused) == ["http://10.0.0.1/a/2/", "http://192.168.0.1/a/3/",
                                                 "http://[::1]/a/4/", "http://metadata.test/latest/meta-data/iam/"]  # fmt: skip
    assert all(r["state"] == "skipped" and r["last_error"].startswith("forbidden: ") for r in refused)


def test_a_source_host_that_is_a_private_name_is_reached_at_the_checked_address(server) -> None:
    """news.test (a configured source) resolves to 127.0.0.1; the connection goes to the address the guard
    checked, through the production transport's pinned resolver, with the name in the Host header."""
    server.routes["/a"] = Response(200, b"<html><body><p>hi</p></body></html>", {"Content-Type": "text/html"})
    port = server.base_url.rsplit(":", 1)[1]
    with Fetcher(FetchConfig(per_host_delay_s=0.0), trusted_hosts={"news.test"}, resolve=fake_resolve) as fetcher:
        assert fetcher.fetch(f"http://news.test:{port}/a").status == 200
    assert server.requests("/a")[0].headers["host"] == f"news.test:{port}"


def test_allow_networks_lets_an_internal_network_through_and_no_other() -> None:
    guard = AddressGuard(allow_networks=["10.0.0.0/8"], resolve=fake_resolve)
    assert asyncio.run(guard.addresses("http://intranet.test/", "intranet.test", 80)) == ["10.1.2.3"]
    with pytest.raises(ForbiddenURLError):
        asyncio.run(guard.addresses("http://router.test/", "router.test", 80))
    with pytest.raises(ConfigError, match=r"allow_networks.*'10\.0\.0\.0/33'.*CIDR"):
        parse_config({"fetch": {"allow_networks": ["10.0.0.0/33"]}})


def test_the_connection_goes_to_the_address_that_was_checked() -> None:
    """DNS rebinding: a name that answers a public address to the check and a private one a moment
    later is dialled at the checked address; once the check expires, the new answer is checked."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    clock = ManualClock()

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    guard = AddressGuard(resolve=rebinding, clock=clock)
    resolver = PinnedResolver(guard)

    async def scenario() -> None:
        await guard.addresses("http://flip.test/", "flip.test", 80)
        assert [r["host"] for r in await resolver.resolve("flip.test", 80)] == ["93.184.216.34"]
        clock.advance(3600)
        with pytest.raises(ForbiddenURLError, match=r"flip\.test resolves to 127\.0\.0\.1"):
            await resolver.resolve("flip.test", 80)

    asyncio.run(scenario())


def test_a_sources_exemption_is_its_host_and_port_only(server) -> None:
    """The source is news.test on the server's port: the same host's other ports (an admin port, another
    service) are no source's, and are refused like any private address."""
    server.routes["/a"] = Response(200, b"<html><body><p>hi</p></body></html>", {"Content-Type": "text/html"})
    port = int(server.base_url.rsplit(":", 1)[1])
    with serve_site() as other:  # another service on the same machine
        other_port = int(other.base_url.rsplit(":", 1)[1])
        trusted = {f"news.test:{port}"}
        with Fetcher(FetchConfig(per_host_delay_s=0.0), trusted_hosts=trusted, resolve=fake_resolve) as fetcher:
            assert fetcher.fetch(f"http://news.test:{port}/a").status == 200
            with pytest.raises(ForbiddenURLError, match="not a public address"):
                fetcher.fetch(f"http://news.test:{other_port}/")
        assert other.paths() == []


def test_a_sources_name_that_re_points_at_another_inner_address_is_refused() -> None:
    """A configured source's name is trusted with the private addresses of its first answer in the run; a
    later answer with another private address (DNS rebinding towards an inner service) is refused."""
    answers = iter([["10.1.2.3"], ["10.9.9.9"], ["10.1.2.3"]])
    clock = ManualClock()

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    guard = AddressGuard(trusted_hosts={"intranet.test:80"}, resolve=rebinding, clock=clock)

    async def scenario() -> None:
        assert await guard.addresses("http://intranet.test/", "intranet.test", 80) == ["10.1.2.3"]
        clock.advance(3600)
        with pytest.raises(ForbiddenURLError, match=r"10\.9\.9\.9.*answered otherwise earlier"):
            await guard.addresses("http://intranet.test/", "intranet.test", 80)
        assert await guard.addresses("http://intranet.test/", "intranet.test", 80) == ["10.1.2.3"]

    asyncio.run(scenario())


def test_a_sources_endpoints_are_its_urls_hosts_and_ports() -> None:
    [source] = parse_config({"sources": [{"name": "a", "feeds": ["http://News.Test/feed", "https://news.test/x"],
                                          "sitemaps": ["http://[fd00::1]:8080/s.xml"]}]}).sources  # fmt: skip
    assert source.endpoints() == {"news.test:80", "news.test:443", "[fd00::1]:8080"}


def test_overlong_urls_are_refused(server) -> None:
    tripwire = Tripwire()
    with guarded_fetcher(tripwire, max_url_length=100) as fetcher, pytest.raises(ForbiddenURLError, match="max_url"):
        fetcher.fetch(f"{server.base_url}/{'a' * 200}")
    assert server.paths() == []
