"""Discovery parsers: feeds, sitemaps, links and URL canonicalization (bytes in, URLs out)."""

from __future__ import annotations

import gzip

from scraper.discover import (
    Feed,
    Sitemap,
    canonicalize_url,
    extract_links,
    feed_links,
    next_page,
    parse_feed,
    parse_sitemap,
)


def test_rss_and_atom_links() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>A</title><link>https://news.test/a</link></item>
      <item><title>B</title><guid>https://news.test/b</guid></item></channel></rss>"""
    assert parse_feed(rss, "https://news.test/feed") == Feed(("https://news.test/a", "https://news.test/b"))
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>C</title>
      <link rel="enclosure" href="/c.mp3"/><link rel="alternate" href="/c"/></entry></feed>"""
    assert parse_feed(atom, "https://news.test/atom") == Feed(("https://news.test/c",))


def test_a_broken_feed_gives_what_precedes_the_damage_and_says_what_is_wrong() -> None:
    cut = parse_feed(b"<rss><channel><item><link>https://x.test/a</link></item><item><link>", "https://x.test/")
    assert cut.links == ("https://x.test/a",)
    assert cut.problem.startswith("damaged feed: ") and "line 1" in cut.problem
    assert parse_feed(b"not xml at all", "https://x.test/").problem.startswith("not a feed: no XML document")
    html = parse_feed(b"<html><body><p>Maintenance</p></body></html>", "https://x.test/")
    assert html == Feed(problem="not a feed: the document's root element is <html>")
    assert parse_feed(b'{"items": 3}', "https://x.test/").problem.startswith("not a feed: JSON without")
    assert parse_feed(b"{", "https://x.test/").problem.startswith("not a feed: the JSON does not parse")


def test_an_empty_feed_is_a_good_feed() -> None:
    assert parse_feed(b"<rss><channel><title>Quiet</title></channel></rss>", "https://x.test/") == Feed()
    assert parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "https://x.test/") == Feed()


def test_a_sitemap_that_is_not_one_says_so() -> None:
    assert parse_sitemap(b"<html><body>Not found</body></html>").problem == (
        "not a sitemap: the document's root element is <html>"
    )
    assert parse_sitemap(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff").problem.startswith(
        "not a sitemap: the gzip data is damaged"
    )
    entries = "".join(f"<url><loc>https://x.test/{n * 7919 % 100_003}</loc></url>" for n in range(2000))
    whole = gzip.compress(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.test/a'
                          f"</loc></url>{entries}</urlset>".encode())  # fmt: skip
    cut = parse_sitemap(whole[: len(whole) // 2])
    assert cut.urls[0] == "https://x.test/a" and cut.problem.startswith("damaged sitemap: the gzip data is cut off")
    assert parse_sitemap(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>') == Sitemap()


def test_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
      <rss><channel><item><link>https://x.test/&b;</link></item></channel></rss>"""
    links = parse_feed(bomb, "https://x.test/").links
    assert all("aaaaa" not in link for link in links)


def test_sitemap_index_and_gzip() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://news.test/s1.xml.gz</loc></sitemap></sitemapindex>"""
    assert parse_sitemap(index).sitemaps == ("https://news.test/s1.xml.gz",)
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://news.test/a</loc><lastmod>2024-01-01</lastmod></url></urlset>"""
    assert parse_sitemap(gzip.compress(urlset)).urls == ("https://news.test/a",)


def test_links_are_absolute_canonical_and_unique() -> None:
    html = '<a href="/a?utm_source=x#top">A</a><a href="/a">again</a><a href="mailto:x@y">m</a><a href="b">B</a>'
    assert extract_links(html, "https://News.test/section/") == ["https://news.test/a", "https://news.test/section/b"]


def test_a_link_that_cannot_be_parsed_is_no_link_and_no_error() -> None:
    """A template's placeholder left in a page ("http://[domain]/", a bracketed host that is no IP address)
    is no link: the listing's other links are read, and nothing raises."""
    html = (
        '<head><base href="http://[base]/"><link rel="alternate" type="application/rss+xml" href="http://[feed]/rss">'
        '</head><a href="http://[domain]/x">x</a><a href="/a">A</a><a rel="next" href="https://[::1/2">Older</a>'
    )
    assert extract_links(html, "https://news.test/") == ["https://news.test/a"]
    assert next_page(html, "https://news.test/") is None
    assert feed_links(html, "https://news.test/") == []
    rss = b"<rss><channel><item><link>http://[domain]/x</link></item><item><link>/b</link></item></channel></rss>"
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://[x]/"/></entry><entry><link href="/b"/>'
    )
    atom += b"</entry></feed>"
    json_feed = b'{"items": [{"url": "http://[x]/"}, {"url": "/b"}]}'
    for feed in (rss, atom, json_feed):
        assert parse_feed(feed, "https://news.test/feed").links == ("https://news.test/b",)


def test_prefixes_a_feed_or_sitemap_forgets_to_declare_are_read_and_undecodable_text_is_no_error() -> None:
    """A Google News sitemap without ``xmlns:news`` and a feed using ``media:``/``dc:`` without declaring them
    (common publisher bugs: the recovering parser keeps the prefix in the element's name) are read as if
    declared; text or a namespace the parser kept but cannot decode (a lone surrogate, "&#xD800;") is no
    error."""
    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.test/a</loc>'
        b"<news:news><news:publication_date>2024-05-01</news:publication_date></news:news></url>"
        b"<url><loc>https://news.test/b</loc></url></urlset>"
    )
    read = parse_sitemap(sitemap)
    assert read.urls == ("https://news.test/a", "https://news.test/b") and read.changed == {
        "https://news.test/a": "2024-05-01"
    }
    rss = (
        b'<rss version="2.0"><channel><item><media:content url="https://cdn.test/x.jpg"/><dc:creator>Ann</dc:creator>'
        b"<link>https://news.test/a</link></item><item><link>https://news.test/b</link></item></channel></rss>"
    )
    assert parse_feed(rss, "https://news.test/feed").links == ("https://news.test/a", "https://news.test/b")
    for damaged in (
        b'<feed xmlns="http://www.w3.org/&#xD800;2005/Atom"><entry><link href="https://news.test/a"/></entry></feed>',
        b"<rss><channel><item><link>https://news.test/&#xD800;a</link></item></channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://news.test/&#xD800;a"/></entry></feed>',
    ):
        parse_feed(damaged, "https://news.test/feed")  # no exception: a record of what was read, or a problem
    assert parse_sitemap(b"<urlset><url><loc>https://news.test/&#xD800;a</loc></url></urlset>").urls == ()


def test_canonicalize() -> None:
    assert canonicalize_url("HTTPS://News.Test:443/a/?b=2&a=1&utm_campaign=x#frag") == "https://news.test/a/?a=1&b=2"
    assert canonicalize_url("ftp://news.test/a") is None
    assert canonicalize_url("not a url") is None
