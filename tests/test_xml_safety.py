"""Feeds and sitemaps are parsed without expanding entities, without loading DTDs and without the network:
billion laughs, quadratic blow-up, external entities and external DTDs come to nothing, quickly."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.discover import parse_feed, parse_sitemap
from scraper.discover.sitemaps import MAX_SITEMAP_BYTES, MAX_SITEMAP_URLS
from tests.site.server import SiteServer, serve_site

LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))  # lol9 expands to 10^9 "lol"s
BILLION_LAUGHS = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol0 "lol">{LAUGHS}]>'
QUADRATIC = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + "x" * 200_000 + '">]>'


@pytest.fixture
def dtd_server(tmp_path: Path) -> Iterator[SiteServer]:
    (tmp_path / "evil.dtd").write_text('<!ENTITY e "stolen">', encoding="utf-8")
    with serve_site(tmp_path) as server:
        yield server


def rss(*links: str, prolog: str = "") -> bytes:
    items = "".join(f"<item><link>{link}</link></item>" for link in links)
    return f"{prolog}<rss><channel>{items}</channel></rss>".encode()


def urlset(*locs: str, prolog: str = "") -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'{prolog}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def reset_peak() -> None:
    """Start this process's peak memory (VmHWM) afresh (Linux 4.0+), so growth is measured from now."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def peak_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


@pytest.mark.parametrize("prolog, reference", [(BILLION_LAUGHS, "&lol9;"), (QUADRATIC, "&a;" * 5000)])
def test_entity_bombs_are_not_expanded(prolog, reference) -> None:
    reset_peak()
    before = peak_mb()
    links = parse_feed(rss(f"https://news.example/{reference}x", prolog=prolog), "https://news.example/").links
    sitemap = parse_sitemap(urlset(f"https://news.example/{reference}x", prolog=prolog))
    assert peak_mb() - before < 50  # expanded, the billion laughs take gigabytes
    for url in (*links, *sitemap.urls):
        assert "lol" not in url and "xxx" not in url and len(url) < 100


def test_external_entities_and_dtds_are_never_read(dtd_server, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    base = dtd_server.base_url
    prologs = [
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{secret.as_uri()}">]>',
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{base}/evil.dtd">]>',
        f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "{base}/evil.dtd">',
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "{base}/evil.dtd"> %p;]>',
    ]
    for prolog in prologs:
        found = [
            *parse_feed(rss("https://news.example/&e;", prolog=prolog), "https://news.example/").links,
            *parse_sitemap(urlset("https://news.example/&e;", prolog=prolog)).urls,
        ]
        assert found and not [u for u in found if "root" in u or "stolen" in u], prolog
    assert dtd_server.paths() == []  # no DTD or entity was fetched


def test_a_gzip_bomb_sitemap_stops_at_the_size_limit() -> None:
    bomb = gzip.compress(urlset("https://news.example/a") + b" " * (MAX_SITEMAP_BYTES + 1024))
    assert len(bomb) < 200_000
    fine = gzip.compress(urlset("https://news.example/a") + b" " * 1024)
    assert parse_sitemap(fine).urls == ("https://news.example/a",)
    before = peak_mb()
    assert parse_sitemap(bomb).urls == ()
    assert parse_sitemap(bomb).problem == "sitemap over the 50 MB a sitemap may hold, decompressed"
    assert peak_mb() - before < MAX_SITEMAP_BYTES / 2**20 + 30


def test_a_sitemap_gives_at_most_its_limit_of_urls() -> None:
    sitemap = parse_sitemap(urlset(*(f"https://news.example/{n}" for n in range(MAX_SITEMAP_URLS + 10))))
    assert len(sitemap.urls) == MAX_SITEMAP_URLS and sitemap.urls[-1] == f"https://news.example/{MAX_SITEMAP_URLS - 1}"
    assert sitemap.cut == 10 and not sitemap.problem
