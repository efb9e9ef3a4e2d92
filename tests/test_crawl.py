"""End-to-end `scraper crawl` and `scraper reextract` against the demo site on a real local server."""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime, timedelta

from scraper.store import open_database
from tests.conftest import SEED_TITLE, assert_clean_seed_text, rows
from tests.site.content import LANTERN, LEDGER, TALBOTE
from tests.site.demo import write_config
from tests.site.server import serve_site

ARTICLES = len(LANTERN) + len(LEDGER) + len(TALBOTE)
SEED_PATH = "/2021/08/10/us-to-press-taliban-to-stop-military-offensive/"


def test_crawl_stores_clean_articles_and_obeys_robots(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "demo.db"
    result = run("crawl", "--config", demo_config, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"crawl: {ARTICLES + 7} pages fetched")
    assert f"{ARTICLES} articles stored, 5 skipped, 2 failed" in result.stdout
    assert "robots: 1" in result.stdout and "http_404: 1" in result.stdout and "content_type: 1" in result.stdout
    # the pages that are no article, though listed as articles: each counted by what it is
    for status in ("blocked", "consent_wall", "soft_404", "not_article"):
        assert f"{status}: 1" in result.stdout

    assert not [p for p in site.paths() if p.startswith("/private/")]
    assert all(r.headers["user-agent"].startswith("scraper-demo/") for r in site.log)

    seed = rows(db, f"select * from articles where url = '{site.base_url}{SEED_PATH}'")[0]
    assert seed["title"] == SEED_TITLE
    assert seed["published"] == "2021-08-10T09:12:44+00:00" and seed["read_time_min"] == 3
    assert_clean_seed_text(seed["text"])
    assert json.loads(seed["images"])[0]["caption"] == "US B-52 Bomber strike Taliban"
    assert seed["extractor_version"].startswith("scraper-") and seed["extracted_at"] and seed["fetched_at"]

    pages = rows(db, "select url, status, length(body) as size from pages")
    (stored,) = rows(db, f"select body from pages where url = '{site.base_url}{SEED_PATH}'")
    assert SEED_TITLE.encode() in gzip.decompress(stored["body"])  # a gzip stream any reader opens
    assert len(pages) == ARTICLES + 4  # the gallery, bot check, consent wall and soft 404 too, for re-extraction
    hits = rows(db, "select title from articles_fts where articles_fts match 'Khalilzad'")
    assert [h["title"] for h in hits] == [SEED_TITLE]
    run_row = rows(db, "select * from runs")[0]
    assert run_row["stored"] == ARTICLES and run_row["exit_code"] == 0
    counts = {"article": ARTICLES, "blocked": 1, "consent_wall": 1, "not_article": 1, "soft_404": 1}
    assert json.loads(run_row["page_statuses"]) == counts
    host = json.loads(run_row["hosts"])[site.base_url.split("//")[1]]
    assert {k: host[k] for k in counts} == counts and host["failed"] == 2  # the 404 and the bot check
    statuses = rows(db, "select url, status, status_evidence, text from articles where status != 'article'")
    assert {r["url"].removeprefix(site.base_url): (r["status"], r["text"]) for r in statuses} == {
        "/2022/06/01/photo-gallery-monsoon/": ("not_article", ""),
        "/ledger/world/2023/03/21/summit-talks-collapse.html": ("blocked", ""),
        "/2022/06/05/monsoon-relief-fund/": ("consent_wall", ""),
        "/talbote/2023/05/02/schuetzenfest-abgesagt": ("soft_404", ""),
    }
    assert all(r["status_evidence"] for r in statuses)
    blocked = rows(db, "select * from frontier where url like '%summit-talks-collapse%'")[0]
    assert blocked["state"] == "failed" and blocked["next_try_at"]  # tried again later, as after a 429
    # one fetch, one attempt (the extraction's verdict is no second one), and the first wait not doubled
    waited = datetime.fromisoformat(blocked["next_try_at"]) - datetime.fromisoformat(blocked["fetched_at"])
    assert blocked["attempts"] == 1 and waited == timedelta(seconds=3600)
    probe = rows(db, "select url, status from not_found_pages")
    assert len(probe) == 1 and "/scraper-probe-" in probe[0]["url"]  # the host was asked once for a made-up URL


def test_second_crawl_downloads_nothing_again(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "demo.db"
    assert run("crawl", "--config", demo_config, "--db", db).exit_code == 0
    first = len(site.log)
    before = rows(db, "select * from articles order by url")
    result = run("crawl", "--config", demo_config, "--db", db)
    assert result.exit_code == 0
    second = site.log[first:]
    # robots.txt is kept for [fetch] robots_ttl_s; the listings are revalidated and unchanged.
    assert sorted(r.path for r in second) == ["/feed.xml", "/ledger/sitemap.xml", "/talbote/"]
    assert all(r.status == 304 for r in second)
    assert "0 articles stored" in result.stdout and "(3 not modified)" in result.stdout
    assert rows(db, "select * from articles order by url") == before


def test_killed_run_resumes_from_stored_pages(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "demo.db"
    assert run("crawl", "--config", demo_config, "--db", db, "--max-pages", "5").exit_code == 0
    # Simulate a kill after pages were stored but before their articles were: drop two articles and
    # put their URLs back to the state a kill leaves them in.
    with open_database(db) as conn:
        urls = [r["url"] for r in conn.query("select url from articles order by url limit 2")]
        for url in urls:
            conn.execute("delete from articles where url = ?", [url])
            conn.execute("update frontier set state = 'fetched' where url = ?", [url])
    result = run("crawl", "--config", demo_config, "--db", db)
    assert result.exit_code == 0
    assert rows(db, "select count(*) as n from articles where status = 'article'")[0]["n"] == ARTICLES
    refetched = [r.path for r in site.log if r.path in {u.split(site.base_url)[1] for u in urls}]
    assert len(refetched) == 2  # downloaded once, by the first run only


def test_reextract_twice_gives_identical_rows_offline(run, tmp_path) -> None:
    db = tmp_path / "demo.db"
    with serve_site() as server:
        config = write_config(server.base_url, tmp_path)
        assert run("crawl", "--config", config, "--db", db).exit_code == 0
    # The server is stopped: re-extraction must not need the network.
    with open_database(db) as conn:
        conn.execute("update articles set text = 'stale', extracted_at = 'old'")
    frontier = "select url, state, next_try_at from frontier where url like '%summit-talks%' or url like '%gallery%'"
    crawled = rows(db, frontier)
    first = run("reextract", "--all", "--db", db, "--workers", "2")
    assert first.exit_code == 0, first.stderr
    assert f"{ARTICLES} articles updated" in first.stdout
    after_first = rows(db, "select * from articles order by url")
    second = run("reextract", "--all", "--db", db, "--workers", "1")
    assert f"0 articles updated, {ARTICLES} unchanged" in second.stdout
    assert rows(db, "select * from articles order by url") == after_first
    assert all(r["text"] != "stale" for r in after_first)
    # the stored bot check stays failed, due again after its backoff; the gallery page stays skipped
    assert rows(db, frontier) == crawled and {r["state"] for r in crawled} == {"failed", "skipped"}


def test_unreachable_host_exits_1_with_a_message(run, tmp_path) -> None:
    import socket

    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "c.toml"
    config.write_text(
        f'[fetch]\nretries = 0\ntimeout_s = 2.0\n[[sources]]\nname = "down"\nfeeds = ["http://127.0.0.1:{port}/feed.xml"]\n'
    )
    result = run("crawl", "--config", config, "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    assert "1 failed" in result.stdout and "transport: 1" in result.stdout
    assert "max_failure_share" in result.stderr


def test_missing_config_is_a_usage_error(run, tmp_path) -> None:
    result = run("crawl", "--config", tmp_path / "missing.toml", "--db", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "missing.toml" in result.stderr and "not found" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_invalid_config_leaves_the_database_untouched(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "demo.db"
    assert run("crawl", "--config", demo_config, "--db", db).exit_code == 0
    before = rows(db, "select * from articles order by url")
    bad = tmp_path / "bad.toml"
    bad.write_text(demo_config.read_text() + "\n[fetch2]\nx = 1\n")
    result = run("crawl", "--config", bad, "--db", db)
    assert result.exit_code == 2 and "unknown section [fetch2]" in result.stderr
    assert rows(db, "select * from articles order by url") == before


def test_unknown_source_is_a_usage_error(run, demo_config, tmp_path) -> None:
    result = run("crawl", "--config", demo_config, "--db", tmp_path / "x.db", "--source", "nope")
    assert result.exit_code == 2
    assert "no source named 'nope'" in result.stderr and "lantern" in result.stderr


def test_reextract_without_a_database_is_an_error(run, tmp_path) -> None:
    result = run("reextract", "--all", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "none.db" in result.stderr and "not found" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_robots_txt_is_fetched_again_after_its_ttl(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "demo.db"
    assert run("crawl", "--config", demo_config, "--db", db).exit_code == 0
    config = demo_config.read_text().replace("[fetch]\n", "[fetch]\nrobots_ttl_s = 0\n", 1)
    demo_config.write_text(config)
    assert run("crawl", "--config", demo_config, "--db", db).exit_code == 0
    assert site.paths().count("/robots.txt") == 2


def test_a_malformed_or_credentialed_known_feed_is_refused_and_the_run_goes_on(run, site, tmp_path) -> None:
    # A home page announced these in an earlier run (or an older version stored them): each run asks
    # the frontier for the source's known feeds, and one bad URL there must not end every run.
    config = tmp_path / "home.toml"
    config.write_text(f"[fetch]\nper_host_delay_s = 0\n\n[[sources]]\nname = 'lantern'\nhome = '{site.base_url}/'\n")
    db = tmp_path / "a.db"
    with open_database(db) as database:
        database["frontier"].insert_all(
            [{"url": url, "source": "lantern", "kind": "feed", "state": "done", "attempts": 0}
             for url in ("http://[::1/x.xml", f"http://user:pw@{site.base_url.removeprefix('http://')}/feed.xml")]
        )  # fmt: skip
    result = run("crawl", "--config", config, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "forbidden: 2" in result.stdout and "articles stored" in result.stdout
    assert not [r for r in site.log if "authorization" in r.headers]  # the credentials were never sent
    refused = rows(db, "select url, state, last_error from frontier where kind = 'feed' and state = 'skipped'")
    assert len(refused) == 2 and all("not fetched" in r["last_error"] for r in refused)


def test_logs_carry_timestamps_and_json_lines_carry_the_url(run, site, demo_config, tmp_path) -> None:
    result = run("crawl", "--config", demo_config, "--db", tmp_path / "j.db", "-v", "--log-format", "json")
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert events and all({"ts", "level", "event"} <= set(e) and e["ts"].endswith("Z") for e in events)
    stored = [e for e in events if e["event"].startswith("stored: ")]
    assert len(stored) == ARTICLES and all(e["url"] in e["event"] and e["source"] for e in stored)
    fetched = [re.fullmatch(r"fetched: (\S+) \((\d+), (\d+) bytes, (\d+) ms\)", e["event"]) for e in events
               if e["event"].startswith("fetched: ")]  # fmt: skip
    assert len(fetched) >= ARTICLES and all(fetched)  # status, size and the request's own time, per page
    assert {m[2] for m in fetched if m} == {"200"} and all(int(m[3]) > 0 for m in fetched if m)
    failed = [e for e in events if e["level"] == "warning" and "reason" in e]
    assert {e["reason"] for e in failed} >= {"http_404"}
    talbote = next(e["event"] for e in events if e["event"].startswith("source talbote: "))
    found, left_out = map(int, re.findall(r"(\d+) (?:article URLs found|of them left out)", talbote))
    assert left_out > 0 and found > left_out  # the start page's other links, counted, not hidden
    summary = json.loads(result.stdout)  # the run's summary: one JSON object
    assert (summary["stored"], summary["exit_code"], summary["reasons"]["http_404"]) == (ARTICLES, 0, 1)

    text = run("crawl", "--config", demo_config, "--db", tmp_path / "t.db", "-v")
    assert text.exit_code == 0
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO ", text.stderr)


def test_max_pages_is_shared_by_the_sources_and_the_summary_says_what_it_left(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "a.db"
    result = run("crawl", "--config", demo_config, "--db", db, "--max-pages", "6")
    assert result.exit_code == 0, result.output
    per_source = rows(db, "select source, count(*) as n from pages where url in (select url from frontier "
                          "where kind = 'article') group by source order by source")  # fmt: skip
    assert per_source == [{"source": s, "n": 2} for s in ("lantern", "ledger", "talbote")]  # not 6 of the first
    due = rows(db, "select count(*) as n from frontier where kind = 'article' and state = 'new'")[0]["n"]
    assert (
        due > 0
        and f"stopped at the page limit (max_pages) with {due} article URLs due left for the next run" in result.stdout
    )
    assert rows(db, "select stopped, exit_code from runs") == [{"stopped": "max-pages", "exit_code": 0}]
    rest = run("crawl", "--config", demo_config, "--db", db)
    assert rest.exit_code == 0 and "max-pages" not in rest.stdout and "stopped" not in rest.stdout


def test_status_names_a_sources_listing_that_failed(run, site, demo_config, tmp_path) -> None:
    """A feed that is gone or a host that is down gives no article URL: without its listing's failure the
    source would look merely quiet in `status`."""
    import socket

    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    config = demo_config.read_text() + (
        f'\n[[sources]]\nname = "moved"\nfeeds = ["{site.base_url}/moved-feed.xml"]\n'
        f'\n[[sources]]\nname = "down"\nfeeds = ["http://127.0.0.1:{dead}/feed.xml"]\n'
    )
    demo_config.write_text(config)
    assert run("crawl", "--config", demo_config, "--db", tmp_path / "a.db").exit_code in (0, 1)
    result = run("status", "--db", tmp_path / "a.db", "--json")
    status = {row["source"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert status["moved"]["listing_failures"] == {"feed http_404": 1} and status["moved"]["article_urls"] == 0
    assert status["down"]["listing_failures"] == {"feed transport": 1}
    assert all(not status[name]["listing_failures"] for name in ("lantern", "ledger", "talbote"))


def test_reextract_of_a_url_never_stored_says_so(run, tmp_path) -> None:
    db = tmp_path / "demo.db"
    with serve_site() as server:
        assert run("crawl", "--config", write_config(server.base_url, tmp_path), "--db", db).exit_code == 0
    result = run("reextract", "--url", "http://nope.example/a.html", "--db", db)
    assert result.exit_code == 2 and "--url http://nope.example/a.html: no stored page of it" in result.stderr


def test_an_exclude_added_later_stops_the_urls_found_before_and_taking_it_out_brings_them_back(
    run, site, demo_config, tmp_path
) -> None:
    db = tmp_path / "a.db"
    assert run("crawl", "--config", demo_config, "--db", db, "--max-pages", "1").exit_code == 0
    world = {r["url"] for r in rows(db, "select url from frontier where url like '%/ledger/world/%' and state = 'new'")}
    assert world  # found by the sitemap, not fetched yet
    plain = demo_config.read_text()
    ledger = 'sitemaps = ["' + site.base_url + '/ledger/sitemap.xml"]'
    demo_config.write_text(plain.replace(ledger, ledger + '\nexclude = ["/world/"]'))
    fetched = len(site.log)
    assert run("crawl", "--config", demo_config, "--db", db).exit_code in (0, 1)
    assert not [r.path for r in site.log[fetched:] if "/ledger/world/" in r.path]  # the section is left alone
    left = rows(db, "select url, state, last_error from frontier where url like '%/ledger/world/%'")
    assert {r["url"] for r in left if r["state"] == "skipped" and r["last_error"].startswith("excluded:")} == world
    status = {r["source"]: r for r in map(json.loads, run("status", "--db", db, "--json").stdout.splitlines())}
    assert status["ledger"]["failures"]["excluded"] == len(world)
    demo_config.write_text(plain)  # taken out again: the section is crawled at the next run
    fetched = len(site.log)
    assert run("crawl", "--config", demo_config, "--db", db).exit_code in (0, 1)
    assert {site.base_url + r.path for r in site.log[fetched:] if "/ledger/world/" in r.path} == world


def test_a_sitemap_taken_out_of_a_source_is_read_no_more(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "a.db"
    assert run("crawl", "--config", demo_config, "--db", db).exit_code in (0, 1)
    sitemap = 'sitemaps = ["' + site.base_url + '/ledger/sitemap.xml"]'
    demo_config.write_text(demo_config.read_text().replace(sitemap, f'start_urls = ["{site.base_url}/ledger/"]'))
    for _ in range(2):  # the run that reads the changed settings in full, and the next
        fetched = len(site.log)
        assert run("crawl", "--config", demo_config, "--db", db).exit_code in (0, 1)
        assert "/ledger/sitemap.xml" not in [r.path for r in site.log[fetched:]]
    assert not rows(db, "select url from frontier where kind = 'sitemap'")


def test_a_source_whose_rules_were_all_taken_out_gets_back_what_they_left_out(tmp_path) -> None:
    from pipelines.crawl import apply_url_rules
    from scraper.config import SourceConfig
    from scraper.crawl import State
    from scraper.store import open_database, repo

    db = open_database(tmp_path / "a.db")
    urls = ["https://news.example/world/1", "https://news.example/local/2"]
    repo.add_urls(db, urls, source="news", kind="article", now="2024-05-01T00:00:00+00:00")
    apply_url_rules(db, [SourceConfig(name="news", feeds=("https://news.example/feed",), exclude=("/world/",))])
    states = "select url, state from frontier order by url"
    assert [r["state"] for r in db.query(states)] == [State.NEW, State.SKIPPED]  # local/2 new, world/1 out
    apply_url_rules(db, [SourceConfig(name="news", feeds=("https://news.example/feed",))])  # no rule at all
    assert [r["state"] for r in db.query(states)] == [State.NEW, State.NEW]


def test_a_stored_page_reads_back_whoever_gzipped_it_and_a_damaged_one_names_its_page() -> None:
    import pytest

    from scraper.errors import StoreError
    from scraper.store.repo import _inflate, stored_body

    page = b"<html><body><p>Stored once.</p></body></html>" * 50
    assert _inflate("https://a.test/1", stored_body(page)) == page
    assert _inflate("https://a.test/1", gzip.compress(page, compresslevel=1, mtime=0)) == page  # stored by zlib
    for damaged in (stored_body(page)[:-6], stored_body(page) + b"\0", b"<html>"):
        with pytest.raises(StoreError, match=r"https://a\.test/1: its stored page is damaged"):
            _inflate("https://a.test/1", damaged)
