"""`scraper fetch URL...`: one page tried the way a crawl would fetch it, in a real process against the
demo site on 127.0.0.1; with --save stored as a crawl stores it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_TITLE, rows
from tests.site.demo import write_config

SEED_PATH = "/2021/08/10/us-to-press-taliban-to-stop-military-offensive/"
LEDGER_PATH = "/ledger/business/2023/03/16/bakery-chain-expands.html"


def scraper(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).parent.parent
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_one_url_prints_its_record_without_a_config_or_database(site, tmp_path) -> None:
    result = scraper("fetch", site.base_url + SEED_PATH, cwd=tmp_path)  # no config.toml there: the defaults
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == SEED_TITLE and record["read_time_min"] == 3 and record["status"] == "article"
    assert list(tmp_path.iterdir()) == []  # nothing written
    assert site.paths()[:2] == ["/robots.txt", SEED_PATH]  # robots.txt asked first


def test_several_urls_give_a_line_each_and_a_refused_one_says_why(site, tmp_path) -> None:
    urls = [site.base_url + LEDGER_PATH, site.base_url + "/private/report.html", site.base_url + "/nope.html"]
    result = scraper("fetch", *urls, cwd=tmp_path)
    assert result.returncode == 1  # some URL gave no record
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["url"] for line in lines] == urls
    assert lines[0]["title"] == "Family bakery chain opens its tenth shop" and "error" not in lines[0]
    assert lines[1]["reason"] == "robots" and "robots.txt disallows" in lines[1]["error"]
    assert lines[2]["reason"] == "http_404"
    assert "/private/report.html" not in site.paths()  # never requested
    assert "fetch: 1 record, 2 errors" in result.stderr


def test_html_prints_the_raw_page(site, tmp_path) -> None:
    result = scraper("fetch", site.base_url + LEDGER_PATH, "--html", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("<!doctype html>")
    assert "<title>Family bakery chain opens its tenth shop | The Metro Ledger</title>" in result.stdout


def test_save_stores_the_page_as_a_crawl_would_and_search_finds_it(site, tmp_path) -> None:
    config = write_config(site.base_url, tmp_path)
    db = tmp_path / "a.db"
    url = site.base_url + LEDGER_PATH
    refused = scraper("fetch", url, "--save", "--config", config, "--db", db)
    assert refused.returncode == 2 and "--source NAME" in refused.stderr and not db.exists()
    saved = scraper("fetch", url, "--save", "--source", "ledger", "--config", config, "--db", db)
    assert saved.returncode == 0, saved.stderr
    assert rows(db, "select source, state, kind from frontier") == [{"source": "ledger", "state": "done",
                                                                      "kind": "article"}]  # fmt: skip
    assert [r["url"] for r in rows(db, "select url from pages")] == [url]
    assert rows(db, "select title, status from articles") == [{"title": json.loads(saved.stdout)["title"],
                                                               "status": "article"}]  # fmt: skip
    found = scraper("search", "bakery", "--db", db, "--json")
    assert [json.loads(line)["url"] for line in found.stdout.splitlines()] == [url]
    with sqlite3.connect(db) as conn:  # as if saved a day earlier (the two runs may share a second)
        conn.execute("update articles set fetched_at = '2026-01-01T00:00:00+00:00'")
    again = scraper("fetch", url, "--save", "--source", "ledger", "--config", config, "--db", db)
    assert again.returncode == 0  # fetched again: the earlier record (its fetched_at) is kept as a version
    versions = rows(db, "select text, fetched_at from article_versions")
    assert versions == [{"text": r["text"], "fetched_at": "2026-01-01T00:00:00+00:00"}
                        for r in rows(db, "select text from articles")]  # fmt: skip
    crawled = scraper("crawl", "--config", config, "--db", db, "--source", "ledger")  # the crawl knows it
    assert crawled.returncode == 0 and rows(db, f"select count(*) as n from pages where url = '{url}'")[0]["n"] == 1


def test_the_starter_configs_placeholder_contact_is_refused(site, tmp_path) -> None:
    assert scraper("init", tmp_path).returncode == 0
    result = scraper("fetch", site.base_url + SEED_PATH, cwd=tmp_path)
    assert result.returncode == 2 and "CONTACT" in result.stderr and site.paths() == []
