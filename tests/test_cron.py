"""Cron safety against the real demo server: one crawl at a time, clean stops on SIGTERM and at
--max-duration, and a next run that carries on without fetching anything twice."""

from __future__ import annotations

import json
import os
import pty
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.lock import crawl_lock
from tests.conftest import rows
from tests.site.build import CHALLENGE
from tests.site.demo import write_config
from tests.site.server import serve_site

ARTICLES = 22  # articles on the demo site (tests/site/content.py)
ROBOTS_DISALLOWED = 1  # article URLs its robots.txt forbids: never requested
FULL_AFTER_PAGES = 12  # database pages (4 KiB) a crawl may add before its "disk" is full: a few articles' worth


def slow_config(base_url: str, tmp_path: Path, *, concurrency: int = 2) -> Path:
    config = write_config(base_url, tmp_path)
    text = config.read_text().replace("[fetch]\n", f"[fetch]\nconcurrency = {concurrency}\n", 1)
    config.write_text(text)
    return config


def crawl(config: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "crawl", "--config", str(config), "--db", str(db), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def article_fetches(paths: list[str], db: Path) -> list[str]:
    """The requests for article pages, by the frontier's list of article URLs."""
    articles = {urlsplit(r["url"]).path for r in rows(db, "select url from frontier where kind = 'article'")}
    return [p for p in paths if p in articles]


def test_a_second_crawl_exits_at_once_naming_the_holder(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "a.db"
    with crawl_lock(db):
        result = run("crawl", "--config", demo_config, "--db", db)
    assert result.exit_code == 3
    assert f"crawl, pid {os.getpid()}" in result.output and "another job is writing" in result.output
    assert f"stop it with `kill -TERM {os.getpid()}`." in result.output  # the holder's pid, not a placeholder
    assert site.paths() == []  # it did nothing, not even robots.txt
    after = run("crawl", "--config", demo_config, "--db", db)  # the lock is free again
    assert after.exit_code == 0, after.output


def test_sigterm_stores_what_is_in_flight_and_the_next_run_carries_on(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=0.4) as server:
        config = slow_config(server.base_url, tmp_path)
        first = crawl(config, db)
        deadline = time.monotonic() + 30
        while len([p for p in server.paths() if p.count("/") > 2]) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGTERM)
        out, err = first.communicate(timeout=60)
        assert first.returncode == 4, err
        assert "stopped early (SIGTERM)" in out
        requested = article_fetches(server.paths(), db)
        assert 1 <= len(requested) < ARTICLES  # it stopped well before the end
        stored = {urlsplit(r["url"]).path for r in rows(db, "select url from pages")}
        assert stored == set(requested)  # every fetch in flight was stored
        assert rows(db, "select stopped, exit_code from runs") == [{"stopped": "SIGTERM", "exit_code": 4}]
        assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]

        second = crawl(config, db)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        fetched = article_fetches(server.paths(), db)
        assert len(fetched) == len(set(fetched))  # nothing fetched twice
    states = rows(db, "select state, count(*) as n from frontier where kind = 'article' group by state")
    assert {r["state"] for r in states} <= {"done", "skipped", "gone", "failed"}  # and nothing left over
    assert rows(db, "select url from frontier where state = 'failed'") == [{"url": f"{server.base_url}/{CHALLENGE}"}]
    assert len(set(fetched)) == sum(r["n"] for r in states) - ROBOTS_DISALLOWED
    assert rows(db, "select count(*) as n from articles where status = 'article'")[0]["n"] == ARTICLES


def hanging_crawl(tmp_path: Path, server_url: str, db: Path, server) -> subprocess.Popen[str]:
    """A crawl of a site whose article pages answer in 90 s (timeout_s 60), once one of them is in flight."""
    config = slow_config(server_url, tmp_path)
    text = config.read_text().replace("[extract]\n", "[crawl]\nstop_grace_s = 1\n\n[extract]\n", 1)
    text = text.replace("timeout_s = 10.0", "timeout_s = 60.0")
    config.write_text(text[: text.index('name = "talbote"')].rstrip().removesuffix("[[sources]]"))  # feeds only
    process = crawl(config, db)
    deadline = time.monotonic() + 30
    # robots.txt, the feed and the soft-404 probe are answered (a request is logged when answered); then a
    # request still open is an article page's
    while not (any("scraper-probe-" in p for p in server.paths()) and server.in_flight) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.in_flight, server.paths()
    return process


def test_sigterm_cancels_fetches_that_outlast_the_grace_and_leaves_them_due(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=90) as server:  # far longer than the communicate() below allows
        process = hanging_crawl(tmp_path, server.base_url, db, server)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=45)
    assert process.returncode == 4, err
    assert "stopped early (SIGTERM)" in out and "[stopped: 1]" in out  # the one in flight, deferred
    assert "Traceback" not in err and "destroyed" not in err
    assert rows(db, "select count(*) as n from pages where url like '%/20%'")[0]["n"] == 0
    states = rows(db, "select distinct state from frontier where kind = 'article'")
    assert states == [{"state": "new"}]  # nothing was marked failed: the next run asks again
    assert rows(db, "select stopped, exit_code from runs") == [{"stopped": "SIGTERM", "exit_code": 4}]


def test_a_second_sigterm_ends_at_once_and_the_run_is_recorded(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=90) as server:
        process = hanging_crawl(tmp_path, server.base_url, db, server)
        process.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=45)
    assert process.returncode == 4, err
    assert "Traceback" not in err and "destroyed" not in err and "again: stopping at once" in err
    assert "stopped early (SIGTERM)" in out
    assert rows(db, "select stopped, exit_code from runs") == [{"stopped": "SIGTERM", "exit_code": 4}]
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]


def test_max_duration_ends_the_run_cleanly(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=0.5) as server:
        config = slow_config(server.base_url, tmp_path)
        started = time.monotonic()
        process = crawl(config, db, "--max-duration", "2s")
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert time.monotonic() - started < 15
        assert "stopped early (max-duration)" in out
        assert 0 < len(article_fetches(server.paths(), db)) < ARTICLES
    run_row = rows(db, "select stopped, hosts, statuses from runs")[0]
    assert run_row["stopped"] == "max-duration"
    hosts = json.loads(run_row["hosts"])
    assert list(hosts) == [server.base_url.removeprefix("http://")]
    assert hosts[server.base_url.removeprefix("http://")]["fetched"] == sum(json.loads(run_row["statuses"]).values())


def test_a_bad_duration_is_a_usage_error(run, demo_config, tmp_path) -> None:
    result = run("crawl", "--config", demo_config, "--db", tmp_path / "a.db", "--max-duration", "soon")
    assert result.exit_code == 2
    assert "Invalid value for --max-duration: 'soon' is not a duration" in result.output


def test_sigkill_at_random_moments_then_a_full_run_stores_everything_once(tmp_path) -> None:
    db = tmp_path / "a.db"
    rng = random.Random(20261130)
    kills = 12
    with serve_site(page_delay_s=0.05) as server:
        config = slow_config(server.base_url, tmp_path, concurrency=4)
        for _ in range(kills):  # startup, discovery, fetching, extraction, writing: wherever it is
            process = crawl(config, db)
            time.sleep(rng.uniform(0.3, 3.0))
            process.kill()
            process.communicate(timeout=30)
            if db.exists():  # a kill during startup may come before the database exists
                assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]
        final = crawl(config, db)
        _out, err = final.communicate(timeout=120)
        assert final.returncode == 0, err
        requests = article_fetches(server.paths(), db)
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]
    stored = [urlsplit(r["url"]).path for r in rows(db, "select url from pages")]
    assert len(stored) == len(set(stored)) and set(stored) <= set(requests)  # each stored once
    done = {urlsplit(r["url"]).path for r in rows(db, "select url from frontier where state = 'done'")}
    assert {p for p in done if p in set(requests)} <= set(stored)  # and every article done has its page
    assert rows(db, "select count(*) as n from articles where status = 'article'")[0]["n"] == ARTICLES
    states = rows(db, f"select distinct state from frontier where kind = 'article' and url not like '%{CHALLENGE}'")
    assert {r["state"] for r in states} <= {"done", "skipped", "gone"}  # the bot check is tried again later
    # A page is asked for again only when a kill took it in flight: at most `concurrency` per kill.
    assert len(requests) - len(set(requests)) <= 4 * kills


def processes_with(marker: str) -> list[int]:
    """Live processes whose command line holds ``marker`` (worker processes are forks: they share it)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_extraction_workers_do_not_outlive_a_killed_crawl(tmp_path) -> None:
    """SIGKILL leaves a crawl no chance to stop its worker processes: they notice and exit by themselves,
    and with them the crawl lock's descriptor they inherited, so the next run is not locked out."""
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=0.05) as server:
        config = slow_config(server.base_url, tmp_path, concurrency=4)
        config.write_text(config.read_text().replace("workers = 1", "workers = 2"))
        process = crawl(config, db)
        deadline = time.monotonic() + 60
        while len(processes_with(str(db))) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(processes_with(str(db))) >= 3  # the crawl and its two workers
        process.kill()
        process.communicate(timeout=30)
        deadline = time.monotonic() + 10
        while processes_with(str(db)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_with(str(db)) == []
        again = crawl(config, db)
        _out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
    assert rows(db, "select count(*) as n from articles where status = 'article'")[0]["n"] == ARTICLES


def test_a_full_database_stops_the_crawl_cleanly_and_the_next_run_continues(tmp_path) -> None:
    """[storage] max_size_mb makes SQLite answer as on a full disk (SQLITE_FULL) part way through the crawl:
    a clear error and exit 1, an intact database that keeps what the runs before stored, and a next run
    with room that completes the corpus."""
    db = tmp_path / "a.db"
    with serve_site() as server:
        config = slow_config(server.base_url, tmp_path)
        earlier = crawl(config, db, "--max-pages", "4")  # an earlier run's records, which must stay
        assert earlier.communicate(timeout=120) and earlier.returncode == 0
        (pages,) = sqlite3.connect(db).execute("pragma page_count").fetchone()
        roomy = config.read_text()
        room_mb = (pages + FULL_AFTER_PAGES) * 4096 / 2**20
        config.write_text(roomy.replace("[storage]\n", f"[storage]\nmax_size_mb = {room_mb}\n"))
        full = crawl(config, db)
        _out, err = full.communicate(timeout=120)
        assert full.returncode == 1 and "database or its disk is full" in err and "max_size_mb" in err, err
        assert "Traceback" not in err
        assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]
        before = rows(db, "select url, text, extracted_at from articles where status = 'article' order by url")
        assert 0 < len(before) < ARTICLES
        first = len(server.log)

        config.write_text(roomy)  # disk space freed
        second = crawl(config, db)
        _out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        again = article_fetches([r.path for r in server.log[first:]], db)
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]
    after = rows(db, "select url, text, extracted_at from articles where status = 'article' order by url")
    assert len(after) == ARTICLES and len({r["url"] for r in after}) == ARTICLES
    assert [r for r in after if r["url"] in {b["url"] for b in before}] == before  # nothing stored was lost
    stored_pages = [r["url"] for r in rows(db, "select url from pages")]
    assert len(stored_pages) == len(set(stored_pages))
    assert len(again) == len(set(again))  # the second run fetched each missing page once


def hold_write_lock(db: Path, *, times: int, hold_s: float) -> None:
    """Another writer, as a sqlite3 shell or a notebook is: take the write lock ``times`` times."""
    other = sqlite3.connect(db, timeout=60, isolation_level=None)
    try:
        for _ in range(times):
            other.execute("begin immediate")
            other.execute("select count(*) from pages").fetchone()
            time.sleep(hold_s)
            other.execute("commit")
            time.sleep(0.02)
    finally:
        other.close()


def wait_for_pages(db: Path, count: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if db.exists() and len(rows(db, "select url from pages")) >= count:
                return
        except sqlite3.OperationalError:  # the crawl is still creating its tables
            pass
        time.sleep(0.05)


def crawl_beside_a_writer(config: Path, db: Path, *, times: int, hold_s: float) -> subprocess.Popen[str]:
    """A crawl that, once it has stored two pages, meets another writer taking the lock ``times`` times."""
    job = crawl(config, db)
    wait_for_pages(db, 2, job)
    hold_write_lock(db, times=times, hold_s=hold_s)
    return job


def test_another_writer_makes_the_crawl_wait_not_die(tmp_path) -> None:
    """A write transaction that starts by reading and then writes fails at once (SQLITE_BUSY) when another
    writer committed in between, whatever the busy timeout: the crawl's writes take the lock first."""
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=0.2) as server:
        job = crawl_beside_a_writer(slow_config(server.base_url, tmp_path), db, times=10, hold_s=0.3)
        out, err = job.communicate(timeout=120)
    assert job.returncode == 0, err
    assert "articles stored" in out
    assert len(rows(db, "select url from articles where status = 'article'")) == ARTICLES
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]


def test_a_writer_that_keeps_the_lock_past_the_busy_timeout_ends_the_run_with_a_message(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=0.2) as server:
        config = slow_config(server.base_url, tmp_path)
        config.write_text(config.read_text().replace("[storage]\n", "[storage]\nbusy_timeout_s = 0.3\n"))
        job = crawl_beside_a_writer(config, db, times=1, hold_s=4.0)
        _out, err = job.communicate(timeout=120)
        assert job.returncode == 1, err
        assert "kept the database locked for writing longer than [storage] busy_timeout_s" in err
        assert "Traceback" not in err
        assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]
        again = crawl(config, db)  # nobody else writes now: the next run completes the corpus
        _out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert len(rows(db, "select url from articles where status = 'article'")) == ARTICLES


def test_reextract_takes_the_lock_by_the_databases_real_path(run, site, demo_config, tmp_path) -> None:
    db = tmp_path / "a.db"
    assert run("crawl", "--config", demo_config, "--db", db, "--max-pages", "3").exit_code == 0
    link = tmp_path / "link.db"
    link.symlink_to(db)
    with crawl_lock(link, "crawl"):  # a crawl that was given the database by another name
        result = run("reextract", "--all", "--db", db)
    assert result.exit_code == 3
    assert f"crawl, pid {os.getpid()}" in result.output and "this reextract exits" in result.output
    assert run("reextract", "--all", "--db", db).exit_code == 0


def test_a_progress_bar_on_a_terminal_and_plain_lines_otherwise(site, demo_config, tmp_path) -> None:
    main_fd, terminal = pty.openpty()
    command = [sys.executable, "-m", "pipelines.cli", "crawl", "--config", str(demo_config)]
    process = subprocess.Popen([*command, "--db", str(tmp_path / "a.db")], stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    drawn = b""
    while chunk := _read(main_fd):
        drawn += chunk
    process.wait(timeout=60)
    os.close(main_fd)
    assert process.returncode == 0
    assert b"articles  [" in drawn and b"29/29" in drawn  # the bar, up to every due article URL
    warnings = [m.start() for m in re.finditer(rb"\d{4}-\d\d-\d\dT[\d:.]+Z WARNING ", drawn)]
    assert warnings  # the demo site has a page that is gone
    for at in warnings:  # each warning on a line of its own, never glued to the bar's text
        line_start = max(drawn.rfind(b"\n", 0, at), drawn.rfind(b"\x1b[K", 0, at) + len(b"\x1b[K"))
        assert b"articles  [" not in drawn[line_start:at], drawn[at - 60 : at + 40]
    assert b"articles  [" in drawn[warnings[-1] :]  # and the bar drawn again below it
    piped = subprocess.run([*command, "--db", str(tmp_path / "b.db")], capture_output=True, check=True)
    assert b"articles  [" not in piped.stderr


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError:  # the terminal closed: the crawl is over
        return b""


def test_ctrl_c_reaches_every_process_and_the_warning_is_printed_once(tmp_path) -> None:
    """Ctrl-C on a terminal sends SIGINT to the whole foreground process group: the crawl and its workers.
    The crawl stops cleanly and says so once; the workers ignore it (the crawl decides)."""
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=0.05) as server:
        config = slow_config(server.base_url, tmp_path, concurrency=4)
        config.write_text(config.read_text().replace("workers = 1", "workers = 2"))
        process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "crawl", "--config", str(config), "--db", str(db)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(processes_with(str(db))) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(processes_with(str(db))) >= 3  # the crawl and its two workers
        os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        out, err = process.communicate(timeout=60)
    assert process.returncode == 4, err
    assert err.count("SIGINT: finishing the pages in flight") == 1, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "stopped early (SIGINT)" in out
