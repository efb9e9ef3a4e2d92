"""Discovery parsers: feeds, sitemaps, links and URL canonicalization (bytes in, URLs out)."""

from __future__ import annotations

import gzip

from scraper.discover import canonicalize_url, extract_links, parse_feed, parse_sitemap


def test_rss_and_atom_links() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>A</title><link>https://news.test/a</link></item>
      <item><title>B</title><guid>https://news.test/b</guid></item></channel></rss>"""
    assert parse_feed(rss, "https://news.test/feed") == ["https://news.test/a", "https://news.test/b"]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>C</title>
      <link rel="enclosure" href="/c.mp3"/><link rel="alternate" href="/c"/></entry></feed>"""
    assert parse_feed(atom, "https://news.test/atom") == ["https://news.test/c"]


def test_broken_feed_gives_nothing_rather_than_an_error() -> None:
    assert parse_feed(b"<rss><channel><item><link>", "https://x.test/") == []
    assert parse_feed(b"not xml at all", "https://x.test/") == []


def test_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
      <rss><channel><item><link>https://x.test/&b;</link></item></channel></rss>"""
    links = parse_feed(bomb, "https://x.test/")
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


def test_canonicalize() -> None:
    assert canonicalize_url("HTTPS://News.Test:443/a/?b=2&a=1&utm_campaign=x#frag") == "https://news.test/a/?a=1&b=2"
    assert canonicalize_url("ftp://news.test/a") is None
    assert canonicalize_url("not a url") is None
