"""Discovery and revalidation against a real server: JSON Feed, Google News sitemaps found through
robots.txt, feeds announced by the home page, listing pagination, duplicates across sources, broken
feeds, and conditional requests for stored articles a sitemap says changed."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import rows
from tests.site.server import Response, SiteServer, serve_site


def article(n: int, extra: str = "") -> str:
    prose = " ".join(
        f"<p>Paragraph {i} of report {n}: the council met on day {n + i} and voted on harbour plan {n}, which "
        "residents have argued about for two years, and the mayor promised a decision before the summer.</p>"
        for i in range(6)
    )
    return (
        f"<!doctype html><html lang='en'><head><title>Story {n}</title></head><body><article>"
        f"<h1>Story number {n} about the harbour</h1>{prose}{extra}</article></body></html>"
    )


def listing(links: list[str], next_page: str = "") -> str:
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    more = f'<a rel="next" href="{next_page}">Older</a>' if next_page else ""
    return f"<!doctype html><html><body><ul>{anchors}</ul>{more}</body></html>"


def news_sitemap(entries: dict[str, str]) -> str:
    urls = "".join(
        f"<url><loc>__BASE__{path}</loc><news:news><news:publication><news:name>Site</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{when}"
        f"</news:publication_date><news:title>Story</news:title></news:news></url>"
        for path, when in entries.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )


def write(root: Path, path: str, text: str) -> None:
    file = root / path.lstrip("/")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


@pytest.fixture
def news_site(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "site"
    write(root, "robots.txt", "User-agent: *\nAllow: /\nSitemap: __BASE__/sitemap-index.xml\n")
    write(root, "sitemap-index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                     'sitemap/0.9"><sitemap><loc>__BASE__/news-sitemap.xml</loc></sitemap>'
                                     "<sitemap><loc>__BASE__/older.xml.gz</loc></sitemap></sitemapindex>")  # fmt: skip
    older = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>' \
            "<loc>__BASE__/a/7/</loc><lastmod>2023-01-01</lastmod></url></urlset>"  # fmt: skip
    (root / "older.xml.gz").write_bytes(gzip.compress(older.encode()))
    write(root, "index.html", '<!doctype html><html><head><link rel="alternate" type="application/feed+json" '
                              'href="/feed.json"></head><body><h1>Site</h1></body></html>')  # fmt: skip
    write(root, "feed.json", '{"version": "https://jsonfeed.org/version/1.1", "title": "Site", '
                             '"items": [{"id": "1", "url": "__BASE__/a/1/?utm_source=feed#top"}]}')  # fmt: skip
    write(root, "atom.xml", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>8</title>'
                            '<link rel="alternate" href="__BASE__/a/8/"/></entry></feed>')  # fmt: skip
    write(root, "news-sitemap.xml", news_sitemap({"/a/2/": "2024-05-01T10:00:00+02:00", "/a/3/": "2024-05-01"}))
    write(root, "list/index.html", listing(["/a/4/"], "/list/2/"))
    write(root, "list/2/index.html", listing(["/a/5/"], "/list/3/"))
    write(root, "list/3/index.html", listing(["/a/6/"]))
    write(root, "broken.xml", "<rss><channel><item><link>__BASE__/a/1/</link></item><item><link>")
    for n in range(1, 9):
        write(root, f"a/{n}/index.html", article(n))
    return root, tmp_path / "config.toml"


def configure(config: Path, base: str, **crawl: object) -> Path:
    settings = "".join(f"{k} = {v}\n" for k, v in crawl.items())
    config.write_text(
        f"[fetch]\nper_host_delay_s = 0.0\nretries = 0\n[extract]\nworkers = 1\n[crawl]\n{settings}"
        f'[[sources]]\nname = "site"\nhome = "{base}/"\nstart_urls = ["{base}/list/"]\nlisting_pages = 2\n'
        f'include = ["/a/"]\n[[sources]]\nname = "other"\n'
        f'feeds = ["{base}/broken.xml", "{base}/feed.json", "{base}/atom.xml"]\n'
    )
    return config


def urls(db: Path) -> list[str]:
    return [r["url"] for r in rows(db, "select url from frontier")]


def article_requests(server: SiteServer) -> list[str]:
    """The articles asked for (not the soft-404 probe, tests/test_status.py)."""
    return [p for p in server.paths() if p.startswith("/a/") and "scraper-probe-" not in p]


def test_every_kind_of_listing_is_read_once(run, news_site, tmp_path) -> None:
    root, config = news_site
    with serve_site(root) as server:
        configure(config, server.base_url)
        result = run("crawl", "--config", config, "--db", tmp_path / "a.db")
        assert result.exit_code == 0, result.output
        paths = server.paths()
    assert "/feed.json" in paths and "/sitemap-index.xml" in paths  # announced by the home page, robots.txt
    assert "/news-sitemap.xml" in paths and "/older.xml.gz" in paths  # the index's sitemaps, one gzipped
    assert "/list/2/" in paths and "/list/3/" not in paths  # two listing pages, not three
    assert sorted(article_requests(server)) == [f"/a/{n}/" for n in (1, 2, 3, 4, 5, 7, 8)]  # each once; not /a/6/
    assert not [u for u in urls(tmp_path / "a.db") if "?" in u or "#" in u]  # tracking parameters dropped
    sources = {
        r["url"].split("/a/")[1]: r["source"]
        for r in rows(tmp_path / "a.db", "select * from frontier where kind = 'article'")
    }
    assert sources["1/"] == "site"  # found by both sources, crawled once, for the first
    assert rows(tmp_path / "a.db", "select count(*) as n from articles")[0]["n"] == 7


def test_a_sitemap_change_asks_again_conditionally(run, news_site, tmp_path) -> None:
    root, config = news_site
    db = tmp_path / "a.db"
    with serve_site(root) as server:
        configure(config, server.base_url)
        assert run("crawl", "--config", config, "--db", db).exit_code == 0
        first = len(server.log)
        write(root, "news-sitemap.xml", news_sitemap({"/a/2/": "2024-05-01T10:00:00+02:00", "/a/3/": "2099-01-01"}))
        assert run("crawl", "--config", config, "--db", db).exit_code == 0
        again = [r for r in server.log[first:] if r.path.startswith("/a/")]
        assert [(r.path, r.status, "if-none-match" in r.headers) for r in again] == [("/a/3/", 304, True)]

        write(root, "a/3/index.html", article(3, "<p>Correction: the vote was on Wednesday.</p>"))
        second = len(server.log)
        assert run("crawl", "--config", config, "--db", db).exit_code == 0  # 2099 is still after our copy
        again = [(r.path, r.status) for r in server.log[second:] if r.path.startswith("/a/")]
    assert again == [("/a/3/", 200)]
    text = rows(db, "select text from articles where url like '%/a/3/'")[0]["text"]
    assert "Correction: the vote was on Wednesday." in text


def test_articles_older_than_revalidate_after_days_are_asked_again(run, news_site, tmp_path) -> None:
    root, config = news_site
    db = tmp_path / "a.db"
    with serve_site(root) as server:
        configure(config, server.base_url, revalidate_after_days=0.00001)  # a second
        assert run("crawl", "--config", config, "--db", db).exit_code == 0
        first = len(server.log)
        time.sleep(2.2)  # timestamps have whole seconds
        result = run("crawl", "--config", config, "--db", db)
        assert result.exit_code == 0
        again = sorted((r.path, r.status) for r in server.log[first:] if r.path.startswith("/a/"))
    assert again == [(f"/a/{n}/", 304) for n in (1, 2, 3, 4, 5, 7, 8)]
    # seven articles and eight listings (not /list/2/: /list/ is unchanged, so nothing after it is new); the
    # broken feed is asked again whole, as a failed listing is
    assert "(15 not modified)" in result.output and "1 failed [unreadable: 1]" in result.output


def test_a_failed_article_waits_for_its_next_try(run, news_site, tmp_path) -> None:
    root, config = news_site
    db = tmp_path / "a.db"
    with serve_site(root, {"/a/5/": Response(500)}) as server:
        configure(config, server.base_url, retry_backoff_s=3600)
        assert run("crawl", "--config", config, "--db", db).exit_code == 0
        assert run("crawl", "--config", config, "--db", db).exit_code == 0  # an hour has not passed
        assert server.paths().count("/a/5/") == 1
        first = rows(db, "select next_try_at, fetched_at from frontier where url like '%/a/5/'")[0]
        wait = datetime.fromisoformat(first["next_try_at"]) - datetime.fromisoformat(first["fetched_at"])
        assert wait == timedelta(hours=1)
        with sqlite3.connect(db) as conn:  # an hour later
            conn.execute("update frontier set next_try_at = '2000-01-01T00:00:00+00:00' where url like '%/a/5/'")
        assert run("crawl", "--config", config, "--db", db).exit_code == 0
        assert server.paths().count("/a/5/") == 2
    entry = rows(db, "select state, attempts, last_status from frontier where url like '%/a/5/'")[0]
    assert entry == {"state": "failed", "attempts": 2, "last_status": 500}


def test_a_wrong_charset_header_does_not_garble_the_article(run, news_site, tmp_path) -> None:
    root, config = news_site
    page = article(4, "<p>Herr Müller grüßt die Bürger.</p>").replace("<head>", "<head><meta charset='utf-8'>")
    latin1 = Response(200, page.encode("utf-8"), {"Content-Type": "text/html; charset=iso-8859-1"})
    with serve_site(root, {"/a/4/": latin1}) as server:
        configure(config, server.base_url)
        assert run("crawl", "--config", config, "--db", tmp_path / "a.db").exit_code == 0
    text = rows(tmp_path / "a.db", "select text from articles where url like '%/a/4/'")[0]["text"]
    assert "Herr Müller grüßt die Bürger." in text


def test_a_broken_feed_or_sitemap_is_a_failure_not_an_empty_listing(run, news_site, tmp_path) -> None:
    """A feed cut off mid-item gives the links before the cut; it, an error page served as a feed and a
    sitemap past the 50,000-URL limit are recorded as what they are, not as good listings."""
    root, config = news_site
    write(root, "maintenance.xml", "<!doctype html><html><body><h1>Down for maintenance</h1></body></html>")
    many = "".join(f"<url><loc>__BASE__/x/{n}/</loc></url>" for n in range(50_003))
    write(root, "huge.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{many}</urlset>')
    db = tmp_path / "a.db"
    with serve_site(root) as server:
        text = configure(config, server.base_url).read_text()
        text = text.replace('include = ["/a/"]\n', f'include = ["/a/"]\nsitemaps = ["{server.base_url}/huge.xml"]\n')
        text = text.replace('feeds = ["', f'feeds = ["{server.base_url}/maintenance.xml", "')
        config.write_text(text)
        result = run("crawl", "--config", config, "--db", db)
    state = {r["url"].rsplit("/", 1)[1]: r for r in rows(db, "select * from frontier where kind != 'article'")}
    assert state["broken.xml"]["state"] == "failed"
    assert state["broken.xml"]["last_error"].startswith(f"unreadable: {server.base_url}/broken.xml: damaged feed: ")
    assert state["maintenance.xml"]["state"] == "failed"
    assert "/maintenance.xml: not a feed: no XML document" in state["maintenance.xml"]["last_error"]
    assert state["feed.json"]["state"] == state["atom.xml"]["state"] == "done"
    assert state["huge.xml"]["state"] == "done"
    assert state["huge.xml"]["last_error"] == "3 entries past the first 50,000 not read"
    assert "huge.xml: 3 entries past the first 50,000 not read" in result.output
    assert "/a/1/" in {
        r["url"].split(server.base_url)[1] for r in rows(db, "select url from frontier")
    }  # before the cut


def test_a_link_that_cannot_be_parsed_or_an_undeclared_prefix_ends_no_run(run, news_site, tmp_path) -> None:
    """A start page and a feed holding a template's placeholder link ("http://[domain]/...", a bracketed host
    that is no IP address, which Python's URL parser refuses) are read for their other links, the articles,
    whose pages hold such links too, are extracted, and a news sitemap whose news: prefix is not declared is
    read as if it were."""
    root, config = news_site
    write(root, "list/index.html", listing(["http://[domain]/a/9/", "/a/4/"]))
    write(root, "atom.xml", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
                            '<link href="http://[domain]/a/8/"/></entry><entry><link href="__BASE__/a/8/"/></entry></feed>')  # fmt: skip
    write(root, "a/4/index.html", article(4, '<p>Read the <a href="http://[domain]/docs">plan</a>.</p>'))
    # and a news sitemap that forgets to declare its news: prefix
    write(root, "news-sitemap.xml", news_sitemap({"/a/2/": "2024-05-01"}).replace(
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"', ""))  # fmt: skip
    db = tmp_path / "a.db"
    with serve_site(root) as server:
        configure(config, server.base_url)
        result = run("crawl", "--config", config, "--db", db)
    assert result.exit_code == 0, result.output
    stored = {r["url"].rstrip("/").rsplit("/", 1)[1] for r in rows(db, "select url from articles")}
    assert {"2", "4", "8"} <= stored


def test_a_start_page_nested_past_any_real_page_is_not_parsed(run, news_site, tmp_path) -> None:
    """Parsing 100,000 nested elements takes lexbor half a minute in the crawl's own thread; such a page
    is recorded as unreadable without being parsed, and the rest of the run goes on."""
    root, config = news_site
    write(root, "list/index.html", "<div>" * 100_000 + '<a href="/a/4/">4</a>' + "</div>" * 100_000)
    db = tmp_path / "a.db"
    with serve_site(root) as server:
        configure(config, server.base_url)
        result = run("crawl", "--config", config, "--db", db)
        base = server.base_url
    assert "elements nested" in result.output and "deep" in result.output
    [start] = rows(db, f"select state, last_error from frontier where url = '{base}/list/'")
    assert start["state"] == "failed" and "more than the 4096 a page needs" in start["last_error"]
    assert rows(db, "select count(*) as n from articles")[0]["n"] == 5  # the feeds' and sitemaps' articles


def test_discovery_takes_half_of_a_short_run_and_runs_take_turns_through_many_sitemaps(run, tmp_path) -> None:
    """A sitemap index of 120 slow child sitemaps and --max-duration 6s: before, every run spent all its
    time re-reading the first children and fetched no article. Discovery now stops at half the run, the
    articles found get the rest, and the next run reads the children this one left first."""
    root = tmp_path / "site"
    write(root, "robots.txt", "User-agent: *\nAllow: /\nSitemap: __BASE__/index.xml\n")
    children = "".join(f"<sitemap><loc>__BASE__/s/{n}.xml</loc></sitemap>" for n in range(120))
    write(
        root,
        "index.xml",
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>',
    )
    for n in range(120):
        write(root, f"a/{n}/index.html", article(n))
    config, db = tmp_path / "config.toml", tmp_path / "a.db"
    with serve_site(root) as server:
        for n in range(120):
            body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{server.base_url}/a/{n}/</loc></url></urlset>'
            server.routes[f"/s/{n}.xml"] = Response(
                200, body.encode(), {"Content-Type": "application/xml"}, delay_s=0.1
            )
        config.write_text(
            f"[fetch]\nper_host_delay_s = 0.0\nretries = 0\n[extract]\nworkers = 1\n"
            f'[[sources]]\nname = "site"\nhome = "{server.base_url}/"\n'
        )
        first = run("crawl", "--config", config, "--db", db, "--max-duration", "6s")
        read_first = [p for p in server.paths() if p.startswith("/s/")]
        stored_first = rows(db, "select count(*) as n from articles")[0]["n"]
        mark = len(server.log)
        run("crawl", "--config", config, "--db", db, "--max-duration", "6s")
        read_second = [r.path for r in server.log[mark:] if r.path.startswith("/s/")]
    assert first.exit_code == 0, first.output
    assert "listings left for the next run (discovery's share of the run)" in first.output
    assert 0 < len(read_first) < 120
    assert stored_first > 0  # articles were fetched in the run's second half
    assert read_second and not set(read_second[:10]) & set(read_first)  # the next run starts where this one stopped


# The crawl's own peak (VmHWM, reset at exec), not ru_maxrss: Linux carries the forking parent's peak into
# the child's ru_maxrss across exec, so a large test process would raise both measurements alike.
PEAK_CRAWL = """
import runpy, sys
sys.argv = ["scraper", "crawl", "--config", sys.argv[1], "--db", sys.argv[2]]
try:
    runpy.run_module("pipelines.cli", run_name="__main__")
except SystemExit:
    pass
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) // 1024)
"""


def crawl_peak_mb(tmp_path: Path, children: int) -> int:
    """Peak memory of a crawl whose sitemap index has ``children`` sitemaps of 50,000 URLs each."""
    tmp_path.mkdir()
    with serve_site(tmp_path) as server:
        server.routes["/robots.txt"] = Response(404)
        index = "".join(f"<sitemap><loc>{server.base_url}/s/{n}.xml</loc></sitemap>" for n in range(children))
        xml = {"Content-Type": "application/xml"}
        server.routes["/index.xml"] = Response(200, f"<sitemapindex>{index}</sitemapindex>".encode(), xml)
        for n in range(children):
            urls = "".join(f"<url><loc>{server.base_url}/archive/{n}/{i}/an-article-slug-{i}</loc></url>"
                           for i in range(50_000))  # fmt: skip
            server.routes[f"/s/{n}.xml"] = Response(200, f"<urlset>{urls}</urlset>".encode(), xml)
        config = tmp_path / f"{children}.toml"
        config.write_text(f'[fetch]\nper_host_delay_s = 0.0\nmax_bytes = 10000000\n[[sources]]\nname = "s"\n'
                          f'sitemaps = ["{server.base_url}/index.xml"]\ninclude = ["/news/"]\n')  # fmt: skip
        result = subprocess.run([sys.executable, "-c", PEAK_CRAWL, str(config), str(tmp_path / f"{children}.db")],
                                capture_output=True, text=True, timeout=300, check=True)  # fmt: skip
    return int(result.stdout.split()[-1])


def test_discovery_memory_does_not_grow_with_the_number_of_sitemaps(tmp_path) -> None:
    """URLs go to the frontier listing by listing: 400,000 sitemap URLs cost what 50,000 do. Before,
    a source's URLs were gathered in one list first (50 MB more here, 600 MB for a million)."""
    one, eight = crawl_peak_mb(tmp_path / "one", 1), crawl_peak_mb(tmp_path / "eight", 8)
    assert eight - one < 25, (one, eight)


def test_a_url_listed_by_two_sources_is_each_ones(run, news_site, tmp_path) -> None:
    """ "other" lists /a/1/ in its JSON feed, and so does "site" (its home page announces that feed). Before,
    the frontier had one owner per URL: "other" claimed it, and a crawl of "site" alone never fetched it,
    nor did `search --source site` find it."""
    root, config = news_site
    db = tmp_path / "a.db"
    with serve_site(root) as server:
        text = configure(config, server.base_url).read_text()
        first, second = text.index("[[sources]]"), text.rindex("[[sources]]")
        text = text[:first] + text[second:] + text[first:second]  # "other" first: it claims /a/1/
        base = server.base_url  # and it reads its Atom feed (/a/8/) first: its one page is /a/8/
        text = text.replace(f'feeds = ["{base}/broken.xml", ', f'feeds = ["{base}/atom.xml", "{base}/broken.xml", ')
        config.write_text(text)
        assert run("crawl", "--config", config, "--db", db, "--source", "other", "--max-pages", "1").exit_code == 0
        before = article_requests(server)
        assert run("crawl", "--config", config, "--db", db, "--source", "site").exit_code == 0
        later = article_requests(server)[len(before) :]
    assert "/a/1/" not in before and "/a/1/" in later  # fetched by the crawl of the other source that lists it
    [row] = rows(db, "select source from articles where url like '%/a/1/'")
    assert row["source"] == "site"  # stored under the source whose run fetched it
    assert rows(db, "select source from frontier_sources where url like '%/a/1/' order by source") == [
        {"source": "other"},
        {"source": "site"},
    ]
    found = run("search", "harbour", "--db", db, "--source", "other", "--json", "--limit", "50")
    assert "/a/1/" in found.output  # listed by "other" as well: its researchers find it


def test_a_feed_the_home_page_announces_in_another_form_is_read_once(run, news_site, tmp_path) -> None:
    root, config = news_site
    with serve_site(root) as server:  # the home page announces /feed.json; the config has it with a tracker
        config.write_text(f'[fetch]\nper_host_delay_s = 0.0\n[[sources]]\nname = "site"\nhome = "{server.base_url}/"\n'
                          f'feeds = ["{server.base_url}/feed.json?utm_source=newsletter"]\n')  # fmt: skip
        assert run("crawl", "--config", config, "--db", tmp_path / "a.db").exit_code == 0
        assert [p for p in server.paths() if p.startswith("/feed.json")] == ["/feed.json"]


def test_links_the_old_rules_left_out_come_back_when_the_rules_change(run, news_site, tmp_path) -> None:
    root, config = news_site
    db = tmp_path / "a.db"
    with serve_site(root) as server:

        def crawl(include: str) -> str:
            config.write_text(f'[fetch]\nper_host_delay_s = 0.0\n[[sources]]\nname = "other"\n'
                              f'feeds = ["{server.base_url}/atom.xml", "{server.base_url}/feed.json"]\n'
                              f'include = ["{include}"]\n')  # fmt: skip
            result = run("crawl", "--config", config, "--db", db, "-v")
            assert result.exit_code == 0, result.output
            return result.stderr

        first = crawl("/a/8/")
        assert "2 article URLs found, 1 of them left out by include/exclude, 1 new" in first
        unchanged = crawl("/a/8/")  # same rules: the feeds answer 304, nothing to read
        assert [r.status for r in server.log if r.path in ("/atom.xml", "/feed.json")][-2:] == [304, 304]
        assert "0 article URLs found" in unchanged
        widened = crawl("/a/")  # the feeds have not changed, but the rules have: read them in full
        assert [r.status for r in server.log if r.path in ("/atom.xml", "/feed.json")][-2:] == [200, 200]
        assert "2 article URLs found, 0 of them left out by include/exclude, 1 new" in widened
    assert sorted(r["url"].split("/a/")[1] for r in rows(db, "select url from articles")) == ["1/", "8/"]
