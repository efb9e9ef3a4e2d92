"""WARC in and out, against real archives written by warcio here: import (gzip and not, ARC, records that
are no pages, damage), idempotence, export readable by `warcio check`, and the round trip."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.cli import main
from scraper.warc import Damaged, read_archive
from tests.conftest import rows
from tests.site import content
from tests.site.demo import write_config
from tests.site.server import serve_site

PUBLIC = Path(__file__).parent / "site" / "public"
LEDGER = sorted(PUBLIC / article["slug"] for article in content.LEDGER)  # the articles
HOST = "http://ledger.example"
T = TypeVar("T")


def scraper(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *map(str, args)], capture_output=True, text=True)


def url_of(path: Path) -> str:
    return f"{HOST}/{path.relative_to(PUBLIC).as_posix()}"


def archive(path: Path, *, gzipped: bool, pages: list[Path] = LEDGER, extras: bool = True) -> list[int]:
    """A WARC like a crawler writes: warcinfo, then per page a request and its response, plus (``extras``) an
    image, a 404, a revisit and a metadata record. Returns the offsets of the HTML responses."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for page in pages:
            url = url_of(page)
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "ledger.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            offsets.append(out.tell())
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page.read_bytes()),
                                                          length=page.stat().st_size, http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": "2023-03-21T08:00:00Z"}))  # fmt: skip
        if extras:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"{HOST}/logo.png", "response", http_headers=image,
                                                          payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)), length=72))  # fmt: skip
            missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"{HOST}/gone.html", "response", http_headers=missing,
                                                          payload=io.BytesIO(b"<html>not found</html>"), length=22))  # fmt: skip
            revisit = writer.create_revisit_record(url_of(pages[0]), digest="sha1:AAAA", refers_to_uri=url_of(pages[0]),
                                                   refers_to_date="2023-03-21T08:00:00Z")  # fmt: skip
            writer.write_record(revisit)
            cut = pages[1].read_bytes()[:2000]  # a crawler's size limit cut this copy of a page
            writer.write_record(writer.create_warc_record(f"{HOST}/cut.html", "response", payload=io.BytesIO(cut),
                                                          length=len(cut), http_headers=headers,
                                                          warc_headers_dict={"WARC-Truncated": "length"}))  # fmt: skip
            writer.write_record(writer.create_warc_record(url_of(pages[0]), "metadata", payload=io.BytesIO(b"{}"),
                                                          length=2, warc_content_type="application/json"))  # fmt: skip
    return offsets


@pytest.mark.parametrize("gzipped", [True, False])
def test_html_responses_become_stored_pages_and_articles_and_a_second_import_stores_nothing(tmp_path, gzipped):
    warc = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    archive(warc, gzipped=gzipped)
    db = tmp_path / "a.db"
    first = scraper("import-warc", warc, "--source", "ledger", "--db", db)
    assert first.returncode == 0, first.stderr
    n = len(LEDGER)
    assert f"{n + 6 + n} records: {n} pages stored ({n} with an article, 0 without), 0 imported before" in first.stdout
    skipped = f"[http_404: 1, metadata: 1, not_html: 1, request: {n}, revisit: 1, truncated_payload: 1, warcinfo: 1]"
    assert skipped in first.stdout
    pages = rows(db, "select url, source, fetched_at, warc_record_id, warc_file from pages order by url")
    assert [p["url"] for p in pages] == sorted(url_of(p) for p in LEDGER)
    assert all(p["source"] == "ledger" and p["fetched_at"] == "2023-03-21T08:00:00+00:00" for p in pages)
    assert all(p["warc_record_id"].startswith("<urn:uuid:") and p["warc_file"] == str(warc) for p in pages)
    bodies = {r["url"]: gzip.decompress(r["body"]) for r in rows(db, "select url, body from pages")}
    assert bodies == {url_of(p): p.read_bytes() for p in LEDGER}  # compressed by the workers, as the crawl stores it
    assert rows(db, "select count(*) as n from articles where status = 'article'")[0]["n"] == n
    assert {r["state"] for r in rows(db, "select state from frontier")} == {"done"}
    titles = {r["title"] for r in rows(db, "select title from articles")}
    assert "Family bakery chain opens its tenth shop" in titles
    run = rows(db, "select command, pages, stored, exit_code from runs")
    assert run == [{"command": "import-warc", "pages": n, "stored": n, "exit_code": 0}]

    before = rows(db, "select * from articles order by url")
    again = scraper("import-warc", warc, "--source", "ledger", "--db", db)
    assert (
        again.returncode == 0 and f"0 pages stored (0 with an article, 0 without), {n} imported before" in again.stdout
    )
    assert rows(db, "select * from articles order by url") == before
    assert rows(db, "select count(*) as n from article_versions")[0]["n"] == 0


def test_a_response_whose_url_cannot_be_parsed_is_skipped_and_a_target_that_cannot_is_the_requested_url(tmp_path):
    """ "http://[domain]/..." (a template's placeholder: a bracketed host that is no IP address) as the record's
    URL is no page to store: counted and skipped, the other records imported, exit 0. As the target of a
    redirect whose requested URL is known, the page is stored under the requested one."""
    warc = tmp_path / "odd.warc.gz"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for target, page, extra in (
            ("http://[domain]/story.html", LEDGER[0], {}),
            (url_of(LEDGER[1]), LEDGER[1], {}),
            ("http://[domain]/moved.html", LEDGER[2], {"Scraper-Requested-URI": url_of(LEDGER[2])}),
        ):
            writer.write_record(writer.create_warc_record(target, "response", payload=io.BytesIO(page.read_bytes()),
                                                          length=page.stat().st_size, http_headers=headers,
                                                          warc_headers_dict=extra))  # fmt: skip
    db = tmp_path / "a.db"
    result = scraper("import-warc", warc, "--db", db)
    assert result.returncode == 0, result.stderr
    assert "3 records: 2 pages stored (2 with an article, 0 without)" in result.stdout
    assert "[not_http_url: 1]" in result.stdout
    pages = rows(db, "select url, final_url from pages order by url")
    assert pages == [{"url": url_of(p), "final_url": url_of(p)} for p in sorted(LEDGER[1:3], key=url_of)]


def small_warc(*, gzipped: bool, ends: list[int] | None = None) -> bytes:
    """Three responses, each followed by a metadata record; ``ends`` gets each record's end offset."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    for page in LEDGER[:3]:
        writer.write_record(writer.create_warc_record(url_of(page), "response", payload=io.BytesIO(page.read_bytes()),
                                                      length=page.stat().st_size, http_headers=headers))  # fmt: skip
        if ends is not None:
            ends.append(out.tell())
        writer.write_record(writer.create_warc_record(url_of(page), "metadata", payload=io.BytesIO(b'{"a": 1}'),
                                                      length=8, warc_content_type="application/json"))  # fmt: skip
        if ends is not None:
            ends.append(out.tell())
    return out.getvalue()


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_file_cut_anywhere_gives_its_records_then_says_where_it_is_damaged(tmp_path, gzipped):
    """Whatever byte a download or a disk cut the file at, reading it gives the records before the cut and
    then a Damaged report at the record it cut, never another error and never silence (a cut inside a gzip
    member left warcio a stream without a length; one inside a record's headers, a record without one)."""
    ends: list[int] = []
    data = small_warc(gzipped=gzipped, ends=ends)
    path = tmp_path / "cut.warc"
    for cut in sorted({*range(1, len(data), max(1, len(data) // 400)), *(end + 40 for end in ends[:-1])}):
        path.write_bytes(data[:cut])
        whole = sum(1 for end in ends if end <= cut)
        read = 0
        with pytest.raises(Damaged) if cut not in ends else suppress(Damaged) as damaged:
            for _record in read_archive(path):
                read += 1
        assert read == whole, (cut, read, whole)
        assert cut in ends or damaged is None or damaged.value.offset == ([0, *ends][whole])


def test_a_record_the_damage_left_without_its_url_stops_the_import_there(tmp_path):
    data = small_warc(gzipped=False)
    target = f"WARC-Target-URI: {url_of(LEDGER[1])}\r\n".encode()
    assert target in data
    warc = tmp_path / "damaged.warc"
    warc.write_bytes(data.replace(target, b"", 1))
    db = tmp_path / "a.db"
    result = scraper("import-warc", warc, "--db", db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "stopped at byte" in result.stdout
    assert [r["url"] for r in rows(db, "select url from pages")] == [url_of(LEDGER[0])]


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_truncated_file_imports_what_precedes_the_damage_and_says_where(tmp_path, gzipped):
    whole = tmp_path / ("whole.warc.gz" if gzipped else "whole.warc")
    offsets = archive(whole, gzipped=gzipped, extras=False)
    cut = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    cut.write_bytes(whole.read_bytes()[: offsets[3] + 200])  # inside the fourth page's response
    db = tmp_path / "a.db"
    result = scraper("import-warc", cut, "--source", "ledger", "--db", db)
    assert result.returncode == 1
    assert f"{cut} stopped at byte {offsets[3]:,} (the file ends inside this record (truncated?))" in result.stdout
    assert rows(db, "select count(*) as n from pages")[0]["n"] == 3  # the three before it, whole
    assert rows(db, "select count(*) as n from articles")[0]["n"] == 3
    assert rows(db, "select exit_code, failed from runs") == [{"exit_code": 1, "failed": 1}]
    rest = scraper("import-warc", whole, "--source", "ledger", "--db", db)  # the whole file later: the rest
    assert rest.returncode == 0 and f"{len(LEDGER) - 3} pages stored" in rest.stdout


def test_a_record_with_a_wrong_content_length_stops_the_import_there(tmp_path):
    warc = tmp_path / "crawl.warc"
    offsets = archive(warc, gzipped=False, extras=False)
    data = warc.read_bytes()
    header_end = data.index(b"\r\n\r\n", offsets[2])
    length_at = data.rindex(b"Content-Length: ", offsets[2], header_end) + len(b"Content-Length: ")
    length_end = data.index(b"\r\n", length_at)
    wrong = str(int(data[length_at:length_end]) + 40).encode()  # the third response claims 40 bytes more
    warc.write_bytes(data[:length_at] + wrong + data[length_end:])
    db = tmp_path / "a.db"
    result = scraper("import-warc", warc, "--db", db)
    assert result.returncode == 1
    assert f"stopped at byte {offsets[2]:,} (the record's Content-Length does not match its content)" in result.stdout
    assert rows(db, "select count(*) as n from pages")[0]["n"] == 2 and "Record not followed" not in result.stderr


def test_an_arc_file_is_read_too(tmp_path):
    page = LEDGER[0].read_bytes()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    version = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://crawl.arc 0.0.0.0 20230321080000 text/plain %d\n" % len(version) + version + b"\n"
    record = f"{url_of(LEDGER[0])} 127.0.0.1 20230321080000 text/html {len(http)}\n".encode() + http + b"\n"
    arc = tmp_path / "crawl.arc.gz"
    arc.write_bytes(gzip.compress(header) + gzip.compress(record))
    db = tmp_path / "a.db"
    result = scraper("import-warc", arc, "--source", "ledger", "--db", db)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "1 page stored (1 with an article, 0 without)" in result.stdout
    assert rows(db, "select fetched_at from pages") == [{"fetched_at": "2023-03-21T08:00:00+00:00"}]


def test_export_is_a_valid_warc_and_importing_it_gives_the_same_articles(tmp_path):
    original, copy = tmp_path / "original.db", tmp_path / "copy.db"
    with serve_site() as server:
        config = write_config(server.base_url, tmp_path)
        assert scraper("crawl", "--config", config, "--db", original, "-q").returncode == 0
    # every source's pages into one archive; imported without --source, each page goes under the source its
    # exported record names (and the templates are learned per source, as the crawl learned them)
    warc = tmp_path / "all.warc.gz"
    exported = scraper("export", "-o", warc, "--db", original)
    assert exported.returncode == 0, exported.stderr
    checked = subprocess.run([Path(sys.executable).parent / "warcio", "check", str(warc)], capture_output=True)
    assert checked.returncode == 0, checked.stdout
    imported = scraper("import-warc", warc, "--config", config, "--db", copy)
    assert imported.returncode == 0, imported.stderr
    for db in (original, copy):  # both with the templates learned from all their stored pages
        assert scraper("reextract", "--all", "--config", config, "--db", db).returncode == 0
    local = "select * from articles where status = 'article' order by url"
    made, remade = rows(original, local), rows(copy, local)
    assert len(made) == len(remade) > 20
    for a, b in zip(made, remade, strict=True):
        differs = {k for k in a if a[k] != b[k]} - {"extracted_at", "cluster"}  # local row ids and times
        assert not differs, (a["url"], {k: (a[k], b[k]) for k in differs})

    def groups(db: Path) -> set[frozenset[str]]:
        clusters: dict[int, set[str]] = {}
        for r in rows(db, local):
            clusters.setdefault(r["cluster"], set()).add(r["url"])
        return {frozenset(urls) for urls in clusters.values()}

    assert groups(original) == groups(copy)  # the same near-duplicate clusters
    metadata = [json.loads(line) for line in _metadata_records(warc)]
    assert {(m["url"], m["source"]) for m in metadata} == {(r["url"], r["source"]) for r in made}
    ledger = tmp_path / "ledger.warc.gz"  # --source decides over the record's, for a source's own archive
    assert scraper("export", "-o", ledger, "--source", "ledger", "--db", original).returncode == 0
    assert scraper("import-warc", ledger, "--source", "harbour", "--db", tmp_path / "named.db").returncode == 0
    assert {r["source"] for r in rows(tmp_path / "named.db", "select source from pages")} == {"harbour"}


def _metadata_records(path: Path) -> list[str]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        return [r.content_stream().read().decode() for r in ArchiveIterator(stream) if r.rec_type == "metadata"]


MANY = [page for page in LEDGER for _ in range(12)]  # 84 responses, 7 distinct bodies


def many_pages_warc(warc: Path, copies: int = 1) -> Path:
    """A WARC of MANY's responses (``copies`` times over), each under its own URL."""
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, page in enumerate(MANY * copies):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = page.read_bytes()
            writer.write_record(writer.create_warc_record(f"{HOST}/story/{n}.html", "response", length=len(body),
                                                          payload=io.BytesIO(body), http_headers=headers))  # fmt: skip
    return warc


def test_a_killed_import_leaves_the_database_whole_and_the_next_one_carries_on(tmp_path):
    many = MANY
    warc = many_pages_warc(tmp_path / "many.warc.gz")
    db = tmp_path / "a.db"
    command = [sys.executable, "-m", "pipelines.cli", "import-warc", str(warc), "--db", str(db), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and _count(db, "select count(*) from pages") >= 10:  # records follow in batches
            break
        time.sleep(0.05)
    process.kill()  # SIGKILL: no chance to clean up
    process.wait()
    stored = _count(db, "select count(*) from pages")
    assert 10 <= stored < len(many)  # cut short part way
    assert _count(db, "select count(*) from pages where warc_record_id is null") == 0
    assert _count(db, "select count(*) from articles") == stored  # a page is stored with its record
    carried = scraper("import-warc", warc, "--db", db)
    assert carried.returncode == 0, carried.stderr
    assert f"{len(many) - stored} pages stored" in carried.stdout
    assert _count(db, "select count(*) from pages") == len(many)
    assert _count(db, "select count(*) from articles") == len(many)
    assert _count(db, "select count(*) from frontier where state != 'done'") == 0
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]


def _count(db: Path, sql: str) -> int:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        try:
            return int(conn.execute(sql).fetchone()[0])
        except sqlite3.OperationalError:  # the tables are being made
            return 0


def test_a_missing_file_or_a_folder_is_a_usage_error_that_says_what_to_give(tmp_path):
    for path, says in (
        (tmp_path / "none.warc.gz", "no such file"),
        (tmp_path, "is a folder; give the WARC or ARC files in it"),
    ):
        result = scraper("import-warc", path, "--db", tmp_path / "a.db")
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr


def test_a_database_in_a_folder_that_does_not_exist_is_refused_and_no_folder_is_made(tmp_path):
    warc = tmp_path / "a.warc.gz"
    archive(warc, gzipped=True)
    result = scraper("import-warc", warc, "--db", tmp_path / "typo" / "deeper" / "a.db")
    assert result.returncode == 2 and f"the folder {tmp_path / 'typo' / 'deeper'} does not exist" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_a_file_that_is_no_archive_says_so(tmp_path):
    for name, data in (
        ("notes.warc", b"# Notes\n\nNot an archive at all.\n" * 20),
        ("page.warc.gz", gzip.compress(b"<html>")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        result = scraper("import-warc", path, "--db", tmp_path / "a.db")
        assert result.returncode == 2 and f"{path}: not a WARC or ARC file" in result.stderr, result.stderr
        assert not (tmp_path / "a.db").exists()  # refused before anything is written


def test_sigterm_stops_an_import_and_a_reextract_after_the_pages_in_flight_and_the_next_run_carries_on(
    tmp_path, monkeypatch
):
    """The signal comes from inside the run (a record read, a page taken), so the test does not race it."""
    import pipelines.import_warc
    from scraper.store import repo

    warc, db = many_pages_warc(tmp_path / "many.warc.gz"), tmp_path / "a.db"
    reading = pipelines.import_warc.read_archive
    monkeypatch.setattr(pipelines.import_warc, "read_archive", lambda path: _signalled_at(20, reading(path)))
    stopped = CliRunner().invoke(main, ["import-warc", str(warc), "--db", str(db), "--workers", "1"])
    assert stopped.exit_code == 4, stopped.output
    assert "21 pages stored" in stopped.stdout and "stopped by SIGTERM, the next run carries on" in stopped.stdout
    assert _count(db, "select count(*) from articles") == _count(db, "select count(*) from pages") == 21
    monkeypatch.undo()
    carried = CliRunner().invoke(main, ["import-warc", str(warc), "--db", str(db), "--workers", "1"])
    assert carried.exit_code == 0 and f"{len(MANY) - 21} pages stored" in carried.stdout
    assert _count(db, "select count(*) from articles") == len(MANY)

    pages = repo.iter_pages
    monkeypatch.setattr(repo, "iter_pages", lambda *a, **k: _signalled_at(10, pages(*a, **k)))
    again = CliRunner().invoke(main, ["reextract", "--all", "--db", str(db), "--workers", "1"])
    assert again.exit_code == 4 and "reextract: 11 pages" in again.stdout and "stopped by SIGTERM" in again.stdout
    assert [r["exit_code"] for r in rows(db, "select exit_code from runs order by rowid")] == [4, 0, 4]


def _signalled_at(n: int, items: Iterator[T]) -> Iterator[T]:
    """``items``, with a SIGTERM to this process as the ``n``-th is handed out (counting from 0)."""
    for index, item in enumerate(items):
        if index == n:
            os.kill(os.getpid(), signal.SIGTERM)
        yield item


def test_import_and_reextract_draw_a_progress_bar_on_a_terminal_and_only_there(tmp_path):
    import pty

    warc, db = many_pages_warc(tmp_path / "many.warc.gz"), tmp_path / "a.db"
    for args, bar in ((["import-warc", warc], b"importing  ["), (["reextract", "--all"], b"pages  [")):
        main_fd, terminal = pty.openpty()
        command = [sys.executable, "-m", "pipelines.cli", *map(str, args), "--db", str(db), "--workers", "1"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=terminal)
        os.close(terminal)
        drawn = b""
        while chunk := _read_terminal(main_fd):
            drawn += chunk
        assert process.wait(timeout=120) == 0 and bar in drawn, drawn[-300:]
        os.close(main_fd)
        done = f"{len(MANY)}/{len(MANY)}" if args[0] == "reextract" else "100%"  # pages counted; bytes as a share
        assert done.encode() in drawn, drawn[-300:]
    piped = scraper("reextract", "--all", "--db", db, "--workers", "1")
    assert piped.returncode == 0 and "[" not in piped.stderr


def _read_terminal(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError:  # the terminal closed: the command is over
        return b""


def test_with_log_format_json_the_summary_of_import_and_reextract_is_the_runs_row_as_json(tmp_path):
    warc, db = tmp_path / "a.warc.gz", tmp_path / "a.db"
    archive(warc, gzipped=True)
    for args in (["import-warc", warc], ["reextract", "--all"], ["reextract", "--all", "--dry-run"]):
        result = CliRunner().invoke(main, [*map(str, args), "--db", str(db), "--log-format", "json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["command"] == args[0] and summary["pages"] == len(LEDGER)
        assert summary.get("dry_run", False) == ("--dry-run" in args)
    assert [r["command"] for r in rows(db, "select command from runs")] == ["import-warc", "reextract"]
