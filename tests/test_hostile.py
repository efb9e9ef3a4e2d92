"""Any bytes in, a record or a recorded failure out: the hostile corpus (tests/hostile.py) through
`scraper extract --batch` in a real process, and a page that takes too long, in a real crawl."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.crawl import MAX_ATTEMPTS
from scraper.crawl.run import counted
from scraper.extract.html import nesting_depth
from tests.conftest import rows
from tests.hostile import ARTICLE, BAD_LINES, page, pages
from tests.site.server import Response, SiteServer, serve_site

ROOT = Path(__file__).parent.parent


# A page whose extraction takes far longer than the 0.3 s limit serve_feed's config sets, on any machine.
SLOW = page("<article><h1>Long</h1>" + "".join(f"<p>{n}: {ARTICLE}</p>" for n in range(3000)) + "</article>")
STORY_A, STORY_B = page(f"<article><h1>A</h1>{ARTICLE}</article>"), page(f"<article><h1>B</h1>{ARTICLE}</article>")


def serve_feed(server: SiteServer, tmp_path: Path, pages: dict[str, bytes], settings: str = "") -> None:
    """Serve ``pages`` under their names, listed in that order by a feed, and write a config.toml that
    crawls it with two workers and an extraction limit of 0.3 s (``settings``: more TOML before it)."""
    links = "".join(f"<item><link>{server.base_url}/{name}</link></item>" for name in pages)
    server.routes = {
        "/robots.txt": Response(404),
        "/feed.xml": Response(
            200, f"<rss><channel>{links}</channel></rss>".encode(), {"Content-Type": "application/rss+xml"}
        ),
        **{f"/{name}": Response(200, body, {"Content-Type": "text/html"}) for name, body in pages.items()},
    }
    (tmp_path / "config.toml").write_text(
        f"[fetch]\nper_host_delay_s = 0.0\n{settings}[extract]\nworkers = 2\ntimeout_s = 0.3\n[[sources]]\n"
        f'name = "s"\nfeeds = ["{server.base_url}/feed.xml"]\n',
        encoding="utf-8",
    )


def test_every_hostile_input_gets_a_record_or_an_error_line(tmp_path) -> None:
    corpus = pages()
    for name, body in corpus.items():
        (tmp_path / f"{name}.html").write_bytes(body)
    (tmp_path / "empty.html").write_bytes(b"")
    lines = [json.dumps({"id": n, "url": f"https://news.example/{n}", "html_path": f"{n}.html"}) for n in corpus]
    corpus["unknown-codec"] = corpus["control-article"]  # an unknown encoding is ignored, the bytes sniffed
    lines.append('{"id": "unknown-codec", "html_path": "control-article.html", "encoding": "x-no-such-codec"}')
    (tmp_path / "batch.jsonl").write_text("\n".join([*lines, *BAD_LINES]) + "\n", encoding="utf-8")
    (tmp_path / "config.toml").write_text("[extract]\ntimeout_s = 20\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", "--batch", tmp_path / "batch.jsonl", "--workers", "2",
         "--config", tmp_path / "config.toml"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(corpus) + len(BAD_LINES)
    assert all(("error" in r) != (r.get("status") == "article") for r in out)  # an article, or an error with a reason
    assert [r["id"] for r in out if r.get("reason") == "extract_crash"] == []  # the reason is never a crash
    records = {r["id"]: r for r in out if r.get("id") in corpus}
    assert len(records) == len(corpus)
    errors = [r for r in out if r.get("id") not in corpus]
    assert len(errors) == len(BAD_LINES) and all(r["error"] for r in errors)

    assert "Tuesday" in records["control-article"]["text"] and "Tuesday" in records["unknown-codec"]["text"]
    for name in ("utf16-with-bom", "utf16-without-bom", "utf32", "nul-bytes", "wrong-meta-charset", "jsonld-deep",
                 "placeholder-urls"):  # fmt: skip
        assert "harbour council voted" in records[name].get("text", ""), name
    for name, reason in [("random-bytes", "binary"), ("png", "binary"), ("deep-nesting", "too_deep"),
                         ("deep-inline-nesting", "too_deep")]:  # fmt: skip
        assert records[name].get("reason") == reason, name
    assert "the file is empty" in records["whitespace-only"]["error"]
    for record in records.values():
        if published := record.get("published"):
            day = date.fromisoformat(published[:10])  # a real calendar day
            assert 1990 <= day.year <= datetime.now().year + 1 and (
                len(published) == 10 or datetime.fromisoformat(published)
            )
    absurd = ("date-9999-99-99", "date-0000-00-00", "date-year-10000", "date-offset-99h", "date-epoch-huge")
    assert [records[n]["published"] for n in absurd] == [None] * len(absurd)
    ok, errors = sum(r.get("status") == "article" for r in out), sum("error" in r for r in out)
    assert f"extract: {counted(ok, 'record')}, {counted(errors, 'error')}" in done.stderr


def test_a_page_that_takes_too_long_is_a_failure_tried_again_later_and_the_crawl_goes_on(run, tmp_path) -> None:
    # A page's extraction that runs out of time (or dies with its process) may be the machine's fault, loaded
    # or short of memory: the URL is tried again after its backoff, a new download each time, until it has
    # been fetched MAX_ATTEMPTS times. It was "skipped" for good before.
    db = tmp_path / "a.db"
    with serve_site(tmp_path) as server:
        serve_feed(server, tmp_path, {"a": STORY_A, "slow": SLOW, "b": STORY_B}, "[crawl]\nretry_backoff_s = 3600\n")
        result = run("crawl", "--config", tmp_path / "config.toml", "--db", db)
        assert result.exit_code == 0, result.output
        assert "2 articles stored" in result.stdout and "1 failed [extract_timeout: 1]" in result.stdout
        (failed,) = rows(db, "select * from frontier where url like '%/slow'")
        assert failed["state"] == "failed" and failed["last_error"].startswith("extract_timeout: ")
        assert "[extract] timeout_s" in failed["last_error"]
        wait = datetime.fromisoformat(failed["next_try_at"]) - datetime.fromisoformat(failed["fetched_at"])
        assert wait.total_seconds() == 3600  # its first failure (the fetch was the attempt): not doubled yet
        assert [r["n"] for r in rows(db, "select count(*) as n from pages where url like '%/slow'")] == [1]
        for _ in range(3):  # each time its next try has come
            with sqlite3.connect(db) as conn:
                conn.execute("update frontier set next_try_at = '2000-01-01T00:00:00+00:00' where url like '%/slow'")
            assert run("crawl", "--config", tmp_path / "config.toml", "--db", db).exit_code == 0
        assert server.paths().count("/slow") == MAX_ATTEMPTS  # then left alone
    (failed,) = rows(db, "select state, attempts from frontier where url like '%/slow'")
    assert failed == {"state": "failed", "attempts": MAX_ATTEMPTS}
    # Re-extraction says so too (it counted the page "without an article"), and keeps what is stored.
    stored = rows(db, "select url, text from articles order by url")
    again = run("reextract", "--all", "--config", tmp_path / "config.toml", "--db", db)
    assert "2 unchanged, 0 without an article, 1 failed (extract_timeout: 1)" in again.stdout, again.output
    assert rows(db, "select url, text from articles order by url") == stored
    (logged,) = rows(db, "select failed, reasons from runs where command = 'reextract'")
    assert logged == {"failed": 1, "reasons": '{"extract_timeout": 1}'}


def test_stored_hostile_pages_are_read_safely_when_learning_templates(run, tmp_path) -> None:
    """Pages stored raw ([crawl] extract = false, or a killed run) are read again for the site template at
    the start of the next run, in the crawl's own process: a page nested 100,000 deep would keep the
    parser busy for minutes there, and a binary one is no page."""
    corpus = pages()
    hostile = {"/deep": corpus["deep-nesting"], "/binary": corpus["random-bytes"], "/a": corpus["control-article"]}
    with serve_site(tmp_path) as server:
        base = server.base_url
        feed = "<rss><channel>" + "".join(f"<item><link>{base}{path}</link></item>" for path in hostile)
        server.routes = {"/robots.txt": Response(404), "/feed.xml": Response(200, (feed + "</channel></rss>").encode())}
        server.routes |= {path: Response(200, body, {"Content-Type": "text/html"}) for path, body in hostile.items()}
        config = tmp_path / "config.toml"
        settings = f'[fetch]\nper_host_delay_s = 0.0\n[extract]\nworkers = 1\ntemplate_min_pages = 1\n[[sources]]\nname = "s"\nfeeds = ["{base}/feed.xml"]\n'
        config.write_text("[crawl]\nextract = false\n" + settings, encoding="utf-8")
        assert run("crawl", "--config", config, "--db", tmp_path / "a.db").exit_code == 0
        config.write_text(settings, encoding="utf-8")
        result = run("crawl", "--config", config, "--db", tmp_path / "a.db")
    assert result.exit_code == 0, result.output
    assert "1 article stored" in result.stdout and "too_deep: 1" in result.stdout and "binary: 1" in result.stdout


def test_the_depth_estimate_is_linear_in_the_page_size() -> None:
    """Unclosed tags ("<a<a<a..." and no ">") sent every match of the tag pattern to the end of the page:
    quadratic, minutes for 200 KB, in the crawl's own thread for a listing page. Measured as a ratio of CPU
    times on the same machine (sixteen times the page, about sixteen times the work; 256 when quadratic:
    the bound of 64 leaves a shared machine's noise room either way)."""

    def cpu(size: int) -> float:
        page = "<a" * size
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            nesting_depth(page)
            best = min(best, time.process_time() - started)
        return best

    small, large = cpu(25_000), cpu(400_000)
    assert large < 64 * max(small, 1e-4), (small, large)
    assert nesting_depth("<div><p>x<div class='a'><br/><img src=x></div></div>") == 2


def test_only_a_page_with_enough_start_tags_is_scanned_for_its_depth(monkeypatch) -> None:
    # Each start tag nests at most one level deeper: a page with fewer than MAX_DEPTH of them ("<" not
    # followed by "/") cannot be too deep, however many tags it has in all, and is not scanned (3 ms a page).
    import scraper.extract.html as html

    scanned: list[int] = []
    monkeypatch.setattr(html, "nesting_depth", lambda page: scanned.append(len(page)) or nesting_depth(page))
    flat = "<html><body>" + "<p>line</p>" * (html.MAX_DEPTH - 10) + "</body></html>"
    assert flat.count("<") > html.MAX_DEPTH and html.unreadable(flat) is None and scanned == []
    deep = "<html><body>" + "<div>" * (html.MAX_DEPTH + 10) + "text</body></html>"
    assert html.unreadable(deep) == ("too_deep", f"elements nested {html.MAX_DEPTH + 10} deep, more than the "
                                     f"{html.MAX_DEPTH} a page needs")  # fmt: skip
    assert scanned == [len(deep)]


def test_a_crawl_whose_every_extraction_breaks_exits_1_naming_the_extractions(run, tmp_path) -> None:
    with serve_site(tmp_path) as server:
        serve_feed(server, tmp_path, {"x": SLOW, "y": SLOW})
        result = run("crawl", "--config", tmp_path / "config.toml", "--db", tmp_path / "a.db")
    assert result.exit_code == 1, result.output  # the fetches all came: the feed and the two pages
    assert "3 pages fetched" in result.stdout and "2 failed [extract_timeout: 2]" in result.stdout
    assert "error: 67% of the pages failed (to fetch or to extract), more than [crawl] max_failure_share 50%" in (
        result.stderr
    )


def test_an_import_whose_extraction_broke_tries_the_page_again_on_the_next_import(run, tmp_path) -> None:
    warc = tmp_path / "pages.warc.gz"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for name, body in (("a", STORY_A), ("slow", SLOW)):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{name}", "response",
                                                          payload=io.BytesIO(body), length=len(body),
                                                          http_headers=headers))  # fmt: skip
    config, db = tmp_path / "config.toml", tmp_path / "a.db"
    config.write_text("[extract]\nworkers = 2\ntimeout_s = 0.3\n", encoding="utf-8")
    first = run("import-warc", warc, "--config", config, "--db", db)
    assert first.exit_code == 0, first.output
    assert "2 pages stored (1 with an article, 0 without), 0 imported before" in first.stdout
    assert "1 failed (extract_timeout: 1)" in first.stdout
    assert rows(db, "select url, state from frontier order by url") == [
        {"url": "https://news.example/a", "state": "done"},
        {"url": "https://news.example/slow", "state": "failed"},
    ]
    assert rows(db, "select failed, reasons from runs") == [{"failed": 1, "reasons": '{"extract_timeout": 1}'}]

    config.write_text("[extract]\nworkers = 2\ntimeout_s = 600\n", encoding="utf-8")  # a calmer hour
    again = run("import-warc", warc, "--config", config, "--db", db)
    assert "0 pages stored (1 with an article, 0 without), 1 imported before" in again.stdout, again.output
    assert rows(db, "select url, title from articles order by url") == [
        {"url": "https://news.example/a", "title": "A"},
        {"url": "https://news.example/slow", "title": "Long"},
    ]
    assert {r["state"] for r in rows(db, "select state from frontier")} == {"done"}
