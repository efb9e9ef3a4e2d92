"""The researchers' side on a crawled demo database: search, read-only query, export, --help examples,
and searching while a crawl writes."""

from __future__ import annotations

import asyncio
import base64
import csv
import gzip
import io
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.output import write_rows
from scraper.provenance import code_digest, code_version
from scraper.store import open_database
from scraper.store.reading import Filters, read_only
from scraper.store.search import search
from tests.conftest import rows
from tests.site.demo import write_config
from tests.site.server import serve_site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("research")
    with serve_site() as server:
        config = write_config(server.base_url, tmp)
        result = CliRunner().invoke(main, ["crawl", "--config", str(config), "--db", str(tmp / "a.db")])
        assert result.exit_code == 0, result.output
    yield tmp / "a.db"


def cli(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_search_ranks_and_highlights(crawled) -> None:
    code, out, _ = cli("search", "taliban", "--db", crawled, "--json")
    assert code == 0
    found = [json.loads(line) for line in out.splitlines()]
    assert "US to press Taliban to stop military offensive" in [f["title"] for f in found]
    assert [f["rank"] for f in found] == sorted(f["rank"] for f in found)  # bm25: lower is better
    assert len(found) > 1 and all("[taliban]" in f["snippet"].lower() or "taliban" in f["title"].lower() for f in found)
    assert rows(crawled, "select count(*) as n from articles where text like '%taliban%' or title like '%taliban%'")[0][
        "n"
    ] == len(found)


def test_search_filters(crawled) -> None:
    def urls(*args: object) -> list[str]:
        code, out, _ = cli("search", *args, "--db", crawled, "--json")
        assert code == 0
        return [json.loads(line)["url"] for line in out.splitlines()]

    everything = urls("the")
    ledger = urls("the", "--source", "ledger")
    assert ledger and set(ledger) < set(everything) and all("/ledger/" in u for u in ledger)
    english = urls("the OR die", "--lang", "en")
    assert english and len(english) < len(urls("the OR die"))  # the German articles say "die", not "the"
    assert set(english) == {
        r["url"] for r in rows(crawled, "select url from articles where language = 'en' and status = 'article'")
    }
    assert len(urls("the", "--limit", "2")) == 2
    first_day = rows(crawled, "select min(substr(published, 1, 10)) as d from articles where source = 'ledger'")[0]["d"]
    code, out, _ = cli("search", "the", "--source", "ledger", "--until", first_day, "--db", crawled, "--json")
    assert code == 0
    until = [json.loads(line)["published"][:10] for line in out.splitlines()]
    assert until and len(until) < len(ledger) and all(day <= first_day for day in until)
    later = urls("the", "--source", "ledger", "--since", first_day)
    assert len(later) == len(ledger)


def test_search_as_csv_and_bad_queries(crawled) -> None:
    code, out, _ = cli("search", "harbour", "--db", crawled, "--csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert table and list(table[0]) == ["rank", "url", "source", "published", "status", "title", "snippet"]
    code, _, err = cli("search", '"harbour', "--db", crawled)
    assert code == 2 and "not a valid full-text query" in err
    code, _, err = cli("search", "harbour (plan", "--db", crawled)
    assert code == 2 and 'to search its words as written, quote them: "harbour" "(plan"' in err
    # a word with punctuation inside it is searched as written, as if quoted: FTS5 would refuse it bare
    for written, quoted in (
        ("harbour's plan", '"harbour\'s" plan'),
        ("U.S. vaccine-makers", '"U.S." "vaccine-makers"'),
    ):
        code, out, err = cli("search", written, "--db", crawled, "--json")
        assert code == 0, err
        assert out == cli("search", quoted, "--db", crawled, "--json")[1]
    found = {json.loads(line)["url"] for line in cli("search", "war-torn", "--db", crawled, "--json")[1].splitlines()}
    assert found == {r["url"] for r in rows(crawled, "select url from articles where text like '%war-torn%'")}
    code, _, err = cli("search", "harbour", "--db", crawled, "--since", "May 1")
    assert code == 2 and "YYYY-MM-DD" in err


def test_query_is_read_only(crawled) -> None:
    code, out, _ = cli("query", "select source, count(*) as n from articles group by source", "--db", crawled, "--json")
    assert code == 0
    counts = {json.loads(line)["source"]: json.loads(line)["n"] for line in out.splitlines()}
    assert counts == {r["source"]: r["n"] for r in rows(crawled, "select source, count(*) n from articles group by 1")}
    before = rows(crawled, "select count(*) as n from articles")
    code, _, err = cli("query", "delete from articles", "--db", crawled)
    assert code == 2 and "read-only" in err
    assert rows(crawled, "select count(*) as n from articles") == before
    # what query_only does not stop: a statement that makes a file, a pragma that sets a value
    made = crawled.parent / "made.db"
    for sql in (f"attach database '{made}' as x", f"vacuum into '{made}'", "pragma journal_mode = delete"):
        code, _, err = cli("query", sql, "--db", crawled)
        assert code == 2 and "read-only" in err, (sql, err)
    assert not made.exists() and rows(crawled, "pragma journal_mode") == [{"journal_mode": "wal"}]
    code, out, _ = cli("query", "pragma table_info(articles)", "--db", crawled, "--json")
    assert code == 0 and json.loads(out.splitlines()[0])["name"] == "url"  # a pragma that reads still does
    code, _, err = cli("query", " ", "--db", crawled)
    assert code == 2 and "no SQL statement given" in err


def test_query_gives_a_blob_as_base64_in_json_and_csv_and_its_size_in_a_table(crawled) -> None:
    sql = "select url, body from pages order by url limit 1"
    stored = sqlite3.connect(crawled).execute(sql).fetchone()[1]
    code, out, err = cli("query", sql, "--db", crawled, "--json")
    assert code == 0, err
    body = json.loads(out)["body"]
    assert body["$base64"] is True and base64.b64decode(body["encoded"]) == stored
    assert gzip.decompress(stored).lstrip().startswith(b"<")  # a stored page: its HTML, gzipped
    code, out, _ = cli("query", sql, "--db", crawled, "--csv")
    assert base64.b64decode(next(csv.DictReader(io.StringIO(out)))["body"]) == stored
    table = io.StringIO()  # what a terminal is shown
    write_rows([("u", stored)], ["url", "body"], table, fmt="table")
    assert f"<{len(stored)} bytes>" in table.getvalue()


def test_query_gives_the_list_columns_as_arrays_in_json_lines(crawled) -> None:
    sql = "select url, authors, tags, images, 'not json' as tags2 from articles order by url"
    code, out, _ = cli("query", sql, "--db", crawled, "--json")
    assert code == 0
    got = [json.loads(line) for line in out.splitlines()]
    stored = rows(crawled, sql)
    assert [(g["authors"], g["tags"], g["images"]) for g in got] == [
        (json.loads(r["authors"]), json.loads(r["tags"]), json.loads(r["images"])) for r in stored
    ]
    assert any(g["images"] and isinstance(g["images"][0], dict) for g in got) and got[0]["tags2"] == "not json"
    code, out, _ = cli("query", "select 'Ann, Bob' as authors", "--db", crawled, "--json")  # not JSON: as it is
    assert json.loads(out) == {"authors": "Ann, Bob"}
    code, out, _ = cli("query", "select authors from articles limit 1", "--db", crawled, "--csv")
    assert out.splitlines()[1].startswith('"[')  # CSV keeps the JSON text, like the database


def test_export_onto_the_database_is_refused_and_the_database_survives(crawled, monkeypatch) -> None:
    before = rows(crawled, "select count(*) as n from articles")
    monkeypatch.chdir(crawled.parent)
    for target in (crawled, crawled.name, f"./{crawled.name}", f"{crawled}-wal"):
        code, _, err = cli("export", "--db", crawled, "-o", target)
        assert code == 2 and "would destroy it" in err, (target, err)
    assert rows(crawled, "select count(*) as n from articles") == before
    assert rows(crawled, "pragma integrity_check") == [{"integrity_check": "ok"}]


def test_export_to_a_folder_or_into_a_missing_folder_says_what_to_pass(crawled, tmp_path) -> None:
    for fmt, target, says in (
        ("jsonl", tmp_path, f"is a folder; pass a file name, e.g. -o {tmp_path / 'articles.jsonl'}"),
        ("warc", tmp_path, f"e.g. -o {tmp_path / 'articles.warc.gz'}"),
        ("csv", tmp_path / "no" / "such" / "x.csv", f"the folder {tmp_path / 'no' / 'such'} does not exist"),
    ):
        code, _, err = cli("export", "--db", crawled, "--format", fmt, "-o", target)
        assert code == 2 and says in err and "Traceback" not in err, (fmt, err)


def test_export_jsonl_csv_and_fields(crawled, tmp_path) -> None:
    total = rows(crawled, "select count(*) as n from articles where status = 'article'")[0]["n"]
    code, out, _ = cli("export", "--db", crawled)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == total and {"url", "title", "text", "published", "status"} <= set(records[0])
    assert {r["status"] for r in records} == {"article"}  # pages without an article stay out unless asked for
    code, out, _ = cli("export", "--db", crawled, "--status", "not_article", "--fields", "url,title,status")
    assert code == 0
    rejected = [json.loads(line) for line in out.splitlines()]
    assert rejected == [{"url": rejected[0]["url"], "title": "Gallery: Monsoon", "status": "not_article"}]
    code, out, _ = cli("export", "--db", crawled, "--status", "any", "--fields", "url")
    assert code == 0 and len(out.splitlines()) == total + 4 == rows(crawled, "select count(*) n from articles")[0]["n"]
    code, _, _ = cli("export", "--db", crawled, "--format", "csv", "--fields", "url,title", "--source", "ledger",
                     "-o", tmp_path / "ledger.csv")  # fmt: skip
    assert code == 0
    table = list(csv.DictReader(io.StringIO((tmp_path / "ledger.csv").read_text(encoding="utf-8"))))
    assert list(table[0]) == ["url", "title"] and all("/ledger/" in r["url"] for r in table)
    assert (
        len(table)
        == rows(crawled, "select count(*) as n from articles where source = 'ledger' and status = 'article'")[0]["n"]
    )
    code, _, err = cli("export", "--db", crawled, "--fields", "url,headline")
    assert code == 2 and "unknown field 'headline'" in err and "title" in err


def test_export_writes_the_format_its_files_extension_names_and_refuses_a_contradiction(crawled, tmp_path) -> None:
    import pyarrow.parquet as pq

    for name in ("a.parquet", "a.csv", "a.jsonl", "a.warc.gz"):
        code, _, err = cli("export", "--db", crawled, "--fields", "url,title", "-o", tmp_path / name)
        assert code == 0, err
        assert err.startswith("export: ") and f"articles written to {tmp_path / name}" in err
    urls = [r["url"] for r in rows(crawled, "select url from articles where status = 'article' order by rowid")]
    assert pq.read_table(tmp_path / "a.parquet").column("url").to_pylist() == urls
    assert [r["url"] for r in csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text("utf-8")))] == urls
    assert [json.loads(line)["url"] for line in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()] == urls
    assert gzip.decompress((tmp_path / "a.warc.gz").read_bytes()).startswith(b"WARC/1.")
    code, _, err = cli("export", "--db", crawled, "--format", "csv", "-o", tmp_path / "b.parquet")
    assert code == 2 and "names parquet but --format is csv" in err and not (tmp_path / "b.parquet").exists()


def test_export_parquet(crawled, tmp_path) -> None:
    import pyarrow.parquet as pq

    code, _, _ = cli("export", "--db", crawled, "--format", "parquet", "-o", tmp_path / "a.parquet", "--fields",
                     "url,word_count,title")  # fmt: skip
    assert code == 0
    table = pq.read_table(tmp_path / "a.parquet")
    assert [(f.name, str(f.type)) for f in table.schema] == [
        ("url", "string"),
        ("word_count", "int64"),
        ("title", "string"),
    ]
    stored = rows(crawled, "select url, word_count, title from articles where status = 'article' order by rowid")
    assert table.to_pylist() == stored and stored
    code, _, _ = cli("export", "--db", crawled, "--format", "parquet", "-o", tmp_path / "b.parquet", "--fields",
                     "authors,tags,images")  # fmt: skip
    assert code == 0
    lists = pq.read_table(tmp_path / "b.parquet")
    assert [str(f.type) for f in lists.schema][:2] == ["list<element: string>", "list<element: string>"]
    assert str(lists.schema.field("images").type).startswith("list<element: struct<url: string, caption")
    stored = rows(crawled, "select authors, tags, images from articles where status = 'article' order by rowid")
    assert lists.to_pylist() == [{k: json.loads(v) for k, v in r.items()} for r in stored]


def test_export_jsonl_gives_arrays(crawled) -> None:
    code, out, _ = cli("export", "--db", crawled, "--fields", "url,authors,tags,images")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(isinstance(r[k], list) for r in records for k in ("authors", "tags", "images"))
    assert any(r["authors"] for r in records) and any(r["images"] for r in records)


def test_export_parquet_without_pyarrow_says_how_to_get_it(crawled, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    code, _, err = cli("export", "--db", crawled, "--format", "parquet", "-o", tmp_path / "a.parquet")
    assert code == 2 and "needs pyarrow" in err and ".[parquet]" in err
    assert not (tmp_path / "a.parquet").exists()


def test_every_command_has_help_with_an_example() -> None:
    for name in main.commands:
        code, out, _ = cli(name, "--help")
        assert code == 0 and "Example" in out, name
    code, out, _ = cli("--help")  # every command with its whole one-line purpose, on an 80-column terminal
    listed = out.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(main.commands)
    assert all(line.rstrip().endswith(".") and len(line) <= 80 for line in listed), listed


def test_searching_during_a_crawl_never_fails(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site(page_delay_s=0.1) as server:
        config = write_config(server.base_url, tmp_path)
        crawl = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "crawl", "--config", str(config),
                                  "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        searches, seen = 0, 0
        while crawl.poll() is None:
            if db.exists() and rows(db, "select count(*) as n from sqlite_master where name = 'articles_fts'")[0]["n"]:
                conn = read_only(db)
                try:
                    found = list(search(conn, "the", Filters(), limit=50))
                finally:
                    conn.close()
                assert len(found) >= seen  # the crawl only adds articles
                seen = len(found)
                searches += 1
            time.sleep(0.01)
        assert crawl.wait() == 0
    assert searches > 20 and seen > 0


def test_dry_run_predicts_the_real_run_which_keeps_the_old_versions(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site() as server:
        config = write_config(server.base_url, tmp_path)
        assert CliRunner().invoke(main, ["crawl", "--config", str(config), "--db", str(db)]).exit_code == 0
    # A change to the extraction: the German source's subheadings are now chrome.
    text = config.read_text().replace('name = "talbote"\n', 'name = "talbote"\ndrop = ["h2", "h3"]\n')
    config.write_text(text)
    before = rows(db, "select * from articles order by url")

    code, out, _ = cli("reextract", "--all", "--dry-run", "--config", config, "--db", db)
    assert code == 0 and "would change" in out
    assert rows(db, "select * from articles order by url") == before  # a dry run writes nothing
    assert rows(db, "select count(*) as n from article_versions")[0]["n"] == 0
    predicted = int(out.split("articles would change")[0].rsplit(",", 1)[-1])
    fields = dict(item.split(": ") for item in out.split("[", 1)[1].split("]", 1)[0].split(", "))
    assert predicted > 0 and "text" in fields

    code, out, _ = cli("reextract", "--all", "--config", config, "--db", db)
    assert code == 0 and f"{predicted} articles updated" in out
    after = {r["url"]: r for r in rows(db, "select * from articles")}
    old = {r["url"]: r for r in before}
    changed = {u for u in after if any(after[u][k] != old[u][k] for k in after[u] if k != "extractor_version")}
    assert len(changed) == predicted
    for name, count in fields.items():  # every field changed in exactly as many records as predicted
        assert sum(after[u][name] != old[u][name] for u in changed) == int(count), name
    versions = rows(db, "select * from article_versions order by url")
    assert {v["url"] for v in versions} == changed and all(v["version"] == 1 for v in versions)
    assert all(v["text"] == old[v["url"]]["text"] for v in versions)  # the previous records, kept whole
    assert all(v["extractor_version"] for v in versions)
    code, out, _ = cli("reextract", "--all", "--dry-run", "--config", config, "--db", db)
    assert "0 articles would change" in out  # and the real run is idempotent


WIRE = (
    "The central bank raised its main interest rate by a quarter point on Tuesday, the third increase this year, "
    "saying inflation in services had not eased as quickly as it had hoped. Economists had expected the move after "
    "figures last week showed prices rising faster than wages in most regions. The bank's governor told reporters "
    "that further increases were possible if energy costs kept climbing through the winter, and that households "
    "with variable mortgages would feel the change within weeks. Shares in the largest lenders rose in early "
    "trading while the currency gained against the dollar. Opposition politicians said the decision would hurt "
    "small businesses already struggling with higher costs, and called on the government to extend its support. "
)
OTHER = (
    "A new footbridge over the river opened to walkers and cyclists on Saturday after three years of building work "
    "and a long argument about its cost. The council said the bridge would cut the trip between the two halves of "
    "the old town to a few minutes and take traffic off the road bridge, which carries heavy lorries to the port. "
    "Residents who had campaigned for a crossing since the ferry closed gathered for the opening, and the mayor "
    "thanked the engineers who finished the deck in time for the summer festival. Local shops reported busy trade. "
)


def outlet(name: str, headline: str, text: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>{headline} | {name}</title></head><body>"
        f"<header><a href='/'>{name}</a><nav><a href='/a'>World</a> <a href='/b'>Business</a></nav></header>"
        f"<article><h1>{headline}</h1><p class='byline'>By Staff</p>"
        + "".join(f"<p>{sentence.strip()}.</p>" for sentence in text.split(". ") if sentence.strip())
        + f"</article><footer>© {name}</footer></body></html>"
    )


def test_wire_copies_across_outlets_share_a_cluster(run, tmp_path) -> None:
    root = tmp_path / "site"
    copy = WIRE.replace("on Tuesday", "on Tuesday morning") + "More follows."
    pages = {
        "/daily/rates/": outlet("The Daily", "Central bank raises rates again", WIRE),
        "/herald/rates/": outlet("The Herald", "Rates up for the third time this year", copy),
        "/daily/bridge/": outlet("The Daily", "Footbridge opens", OTHER),
    }
    for path, html in pages.items():
        (root / path.strip("/")).mkdir(parents=True)
        (root / path.strip("/") / "index.html").write_text(html)
    with serve_site(root) as server:
        (root / "daily").joinpath("list.html").write_text(
            "".join(f"<a href='{p}'>x</a>" for p in pages if "daily" in p)
        )
        (root / "herald").joinpath("list.html").write_text("<a href='/herald/rates/'>x</a>")
        config = tmp_path / "config.toml"
        config.write_text(
            f"[fetch]\nper_host_delay_s = 0.0\n[extract]\nworkers = 1\n"
            f'[[sources]]\nname = "daily"\nstart_urls = ["{server.base_url}/daily/list.html"]\ninclude = ["/daily/.+/"]\n'
            f'[[sources]]\nname = "herald"\nstart_urls = ["{server.base_url}/herald/list.html"]\ninclude = ["/herald/.+/"]\n'
        )
        assert run("crawl", "--config", config, "--db", tmp_path / "a.db").exit_code == 0
    cluster = {
        r["url"].split("/", 3)[3]: r["cluster"] for r in rows(tmp_path / "a.db", "select url, cluster from articles")
    }
    assert len(cluster) == 3
    assert cluster["daily/rates/"] == cluster["herald/rates/"] != cluster["daily/bridge/"]


def test_every_table_and_column_is_described_for_datasette(tmp_path) -> None:
    from scraper.store import open_database

    db = open_database(tmp_path / "articles.db")
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    tables = metadata["databases"]["articles"]["tables"]
    names = [t for t in [*db.table_names(), *db.view_names()] if not t.startswith("articles_fts")]
    assert names and set(names) == set(tables)
    for name in names:
        columns = [row[1] for row in db.execute(f"pragma table_info({name})").fetchall()]
        assert set(columns) == set(tables[name]["columns"]), name
        assert all(tables[name]["columns"].values()) and tables[name]["description"]
    db.close()


def test_typos_and_impossible_days_are_refused_not_silently_empty(crawled) -> None:
    code, _, err = cli("search", "the", "--source", "ledgr", "--db", crawled)
    assert code == 2 and "'ledgr'" in err and "ledger" in err  # names the typo and the sources there are
    code, _, err = cli("export", "--source", "ledgr", "--db", crawled)
    assert code == 2 and "'ledgr'" in err
    code, _, err = cli("search", "the", "--since", "2019-13-01", "--db", crawled)
    assert code == 2 and "no such day" in err
    code, _, err = cli("reextract", "--source", "ledgr", "--db", crawled, "--dry-run")
    assert code == 2 and "'ledgr'" in err and "ledger" in err


def test_one_statement_at_a_time(crawled) -> None:
    code, out, err = cli("query", "select 1; select 2", "--db", crawled)
    assert code == 2 and "one SQL statement at a time" in err and "Traceback" not in out + err


def test_filter_by_author(crawled) -> None:
    people = rows(crawled, "select value as name, count(*) as n from articles, json_each(articles.authors) "
                           "where status = 'article' group by value order by n desc limit 1")  # fmt: skip
    assert people, "the demo site's articles name their authors"
    name, n = people[0]["name"], people[0]["n"]
    code, out, _ = cli("export", "--author", name.upper(), "--fields", "url,authors", "--db", crawled)
    assert code == 0
    found = [json.loads(line) for line in out.splitlines()]
    assert len(found) == n and all(name in f["authors"] for f in found)  # arrays, not JSON text


def test_status_per_source(crawled) -> None:
    code, out, _ = cli("status", "--db", crawled, "--json")
    assert code == 0
    status = {r["source"]: r for r in map(json.loads, out.splitlines())}
    sources = {r["source"] for r in rows(crawled, "select distinct source from frontier_sources")}
    assert set(status) == sources and len(sources) > 1
    for name, r in status.items():
        stored = rows(crawled, f"select count(*) n from articles where source = '{name}' and status = 'article'")[0][
            "n"
        ]
        assert r["stored"] == stored and r["due"] == 0  # a finished crawl leaves nothing due
        assert r["article_urls"] >= r["stored"] + r["failed"] + r["skipped"] + r["gone"]
        assert sum(r["failures"].values()) == r["failed"] + r["skipped"] + r["gone"]
    assert any(r["failures"].get("http_404") for r in status.values())  # the demo site's one missing page
    assert all(r["last_fetched"] for r in status.values() if r["stored"])


def _read_only_folder_command(folder: Path, mounted: Path, *args: object) -> list[str]:
    """A scraper command that sees ``folder`` at ``mounted`` through a read-only bind mount (as root, whom
    file modes do not stop), or ``folder`` made unwritable (as anyone else)."""
    scraper = [sys.executable, "-m", "pipelines.cli", *[str(a) for a in args]]
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return scraper
    quoted = " ".join(shlex.quote(a) for a in scraper)
    return ["unshare", "-m", "sh", "-c",
            f"mount --bind {folder} {mounted} && mount -o remount,bind,ro {mounted} && exec {quoted}"]  # fmt: skip


def test_a_database_in_a_folder_the_reader_cannot_write_is_read_with_a_note(crawled, tmp_path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    shutil.copy(crawled, folder / "a.db")  # a finished crawl: no -wal or -shm file beside it
    mounted = tmp_path / "mnt"
    mounted.mkdir()
    if os.geteuid() == 0 and shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to mount a read-only folder as root")
    where = mounted if os.geteuid() == 0 else folder
    expected = rows(crawled, "select count(*) as n from articles where status = 'article'")[0]["n"]
    commands = {
        "query": ("query", "select count(*) as n from articles where status = 'article'", "--json"),
        "search": ("search", "taliban", "--json"),
        "export": ("export", "--fields", "url"),
        "status": ("status", "--json"),
    }
    try:
        for name, args in commands.items():
            command = _read_only_folder_command(folder, mounted, *args, "--db", where / "a.db")
            result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": "."})
            if "unshare" in command and "Operation not permitted" in result.stderr:
                pytest.skip("this machine does not allow mount namespaces")
            assert result.returncode == 0, (name, result.stderr)
            assert "read as immutable" in result.stderr and "Traceback" not in result.stderr, name
            lines = [json.loads(line) for line in result.stdout.splitlines()]
            assert lines, name
            if name == "query":
                assert lines == [{"n": expected}]
            if name == "export":
                assert len(lines) == expected
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == ["a.db"]  # nothing written beside it


def test_a_language_the_markup_does_not_give_comes_from_the_text(crawled) -> None:
    languages = rows(crawled, "select source, language, language_source, count(*) as n from articles "
                              "where status = 'article' group by 1, 2, 3 order by 1")  # fmt: skip
    assert [(r["source"], r["language"], r["language_source"]) for r in languages] == [
        ("lantern", "en", "markup"),  # <html lang="en">
        ("ledger", "en", "markup"),
        ("talbote", "de", "text"),  # a German site with no language in its markup
    ]


def test_datasette_lists_the_articles_first_hides_the_crawls_tables_and_truncates_text(crawled, tmp_path) -> None:
    """In a real Datasette (its test client), serving the folder as `datasette data/` does."""
    from datasette.app import Datasette

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(crawled, folder / "articles.db")
    from scraper.store import open_database

    open_database(folder / "articles.db").close()  # writes metadata.json and settings.json, as every open does

    async def browse() -> tuple[dict, str, list[dict]]:
        datasette = Datasette([str(folder / "articles.db")], config_dir=folder)
        database = (await datasette.client.get("/articles.json")).json()
        listing = (await datasette.client.get("/articles/articles")).text
        newest = (await datasette.client.get("/articles/articles.json?_shape=array&_size=5")).json()
        return database, listing, newest

    database, listing, newest = asyncio.run(browse())
    shown = [t["name"] for t in database["tables"] if not t["hidden"]]
    assert shown == ["articles", "runs"] and [v["name"] for v in database["views"]] == ["current_articles"]
    assert {"frontier", "pages", "site_templates", "template_pages", "_sqlite_migrations"} <= {
        t["name"] for t in database["tables"] if t["hidden"]
    }
    longest = max(rows(crawled, "select text from articles"), key=lambda r: len(r["text"]))["text"]
    assert len(longest) > 1000 and longest[:200] in listing.replace("&#39;", "'") and longest[-200:] not in listing
    dates = [a["published_utc"] for a in newest]
    assert dates == sorted(dates, reverse=True) and dates[0] == rows(crawled, "select max(published_utc) as m "
                                                                             "from articles")[0]["m"]  # fmt: skip


def test_the_version_names_the_code_and_the_sources_rules_and_reextract_is_a_run(tmp_path) -> None:
    db = tmp_path / "a.db"
    with serve_site() as server:
        config = write_config(server.base_url, tmp_path)
        assert CliRunner().invoke(main, ["crawl", "--config", str(config), "--db", str(db)]).exit_code == 0
    made_by = {r["extractor_version"] for r in rows(db, "select extractor_version from articles")}
    assert made_by == {code_version()} and rows(db, "select extractor_version from runs") == [{"extractor_version":
                                                                                               code_version()}]  # fmt: skip
    rule = 'name = "talbote"\ndrop = [".story-text p:last-child"]\n'  # a source's last paragraphs are chrome now
    config.write_text(config.read_text().replace('name = "talbote"\n', rule))
    last = {r["text"].rsplit("\n\n", 1)[-1] for r in rows(db, "select text from articles where source = 'talbote'")}
    before = rows(db, "select * from articles order by url")

    code, out, _ = cli("reextract", "--source", "talbote", "--dry-run", "--diff", "--config", config, "--db", db)
    assert code == 0 and rows(db, "select * from articles order by url") == before
    assert re.search(r"^--- \S+talbote\S+ \(stored\)\n\+\+\+ \S+ \(re-extracted\)\n@@ ", out, re.M), out
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed and set(removed) - {""} <= last  # the paragraph and the blank line before it
    assert re.search(r"^  extractor_version: '[^']+' -> '[^']+\+rules\.[0-9a-f]{8}'$", out, re.M)
    assert rows(db, "select count(*) as n from runs")[0]["n"] == 1  # a dry run is no run

    code, out, _ = cli("reextract", "--source", "talbote", "--config", config, "--db", db)
    assert code == 0
    versions = {r["source"]: r["v"] for r in rows(db, "select source, group_concat(distinct extractor_version) as v "
                                                      "from articles group by source")}  # fmt: skip
    assert versions["lantern"] == versions["ledger"] == code_version() and "+rules." in versions["talbote"]
    run = rows(db, "select * from runs order by id desc limit 1")[0]
    pages = rows(db, "select count(*) as n from pages where source = 'talbote' and status = 200")[0]["n"]
    assert (run["command"], run["pages"], json.loads(run["selection"])) == (
        "reextract",
        pages,
        {"sources": ["talbote"]},
    )
    assert run["stored"] + run["unchanged"] + run["skipped"] == pages and run["stored"] > 0 and run["exit_code"] == 0

    # A new extractor that makes the same records: the version is the new one's, but no version is kept
    assert cli("reextract", "--all", "--config", config, "--db", db)[0] == 0  # the other sources' templates
    with open_database(db) as conn:
        conn.execute("update articles set extractor_version = 'scraper-0.0.9+trafilatura-0.1'")
    kept = rows(db, "select count(*) as n from article_versions")[0]["n"]
    code, out, _ = cli("reextract", "--all", "--config", config, "--db", db)
    assert code == 0 and "0 articles updated" in out
    assert rows(db, "select count(*) as n from article_versions")[0]["n"] == kept
    assert "scraper-0.0.9" not in {r["extractor_version"] for r in rows(db, "select extractor_version from articles")}


def test_the_code_version_changes_with_the_code_that_makes_records(tmp_path) -> None:
    import scraper

    package = Path(scraper.__file__).parent
    copy = tmp_path / "scraper"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_digest(copy) == code_digest(package)
    fetcher = copy / "fetch" / "fetcher.py"
    fetcher.write_text(fetcher.read_text() + "\n# fetching makes no record\n")
    assert code_digest(copy) == code_digest(package)
    dates = copy / "extract" / "dates.py"
    dates.write_text(dates.read_text() + "\n# a rule changed\n")
    assert code_digest(copy) != code_digest(package)


def test_a_file_that_is_no_scraper_database_gets_a_clear_error(tmp_path) -> None:
    import scraper
    from scraper.errors import StoreError

    text = tmp_path / "notes.db"
    text.write_text("not a database at all " * 100)
    foreign = tmp_path / "other.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("create table things (x)")
    lookalike = tmp_path / "cms.db"  # another tool's articles table
    with closing(sqlite3.connect(lookalike)) as conn:
        conn.execute("create table articles (id integer primary key, title text, body text)")
    folder = tmp_path / "data"  # --db data, where data/articles.db was meant
    folder.mkdir()
    cases = ((text, "cannot read it as a database"), (foreign, "has no articles table"), (folder, "is a folder"),
             (lookalike, "its articles table is not one `scraper crawl` made"))  # fmt: skip
    for db, says in cases:
        writers = [["crawl"], ["reextract", "--all"]] if db == folder else []
        for command in (["query", "select 1"], ["status"], ["search", "x"], ["export"], *writers):
            code, _, err = cli(*command, "--db", db)
            assert code == 1 and says in err and "Traceback" not in err, (db, command, err)
        with pytest.raises(StoreError, match=says):
            scraper.Corpus(db)


def test_the_search_index_follows_a_changed_text_and_only_that(tmp_path) -> None:
    """The full-text index is updated when a title or text changes (m020), and is left alone when only
    other columns change (the cluster, the extractor's version)."""
    db = open_database(tmp_path / "a.db")
    db.execute(
        "insert into articles (url, title, text, status) values ('u', 'Harbour vote', 'the ferry plan', 'article')"
    )
    changes = "select total_changes()"
    before = db.execute(changes).fetchone()[0]
    db.execute("update articles set cluster = 7, extractor_version = 'x' where url = 'u'")
    assert db.execute(changes).fetchone()[0] - before == 1  # the row itself; the trigger wrote nothing
    db.execute("update articles set text = 'the tram plan' where url = 'u'")
    db.execute("insert into articles_fts (articles_fts) values ('integrity-check')")  # raises when out of step
    found = [row[1] for row in search(db.conn, "tram", Filters(status="any"), limit=5)]
    assert found == ["u"] and not list(search(db.conn, "ferry", Filters(status="any"), limit=5))


def test_the_author_filter_folds_case_in_every_script(tmp_path) -> None:
    db = open_database(tmp_path / "a.db")
    for url, authors in (("u1", '["Jürgen Müller"]'), ("u2", '["Ана Иванова"]'), ("u3", '["Ann Lee"]')):
        db.execute("insert into articles (url, source, title, text, status, authors) values (?, 's', 't', 'x', "
                   "'article', ?)", [url, authors])  # fmt: skip
    db.conn.commit()
    db.close()
    for name, url in (("JÜRGEN MÜLLER", "u1"), ("ана иванова", "u2"), ("ann LEE", "u3")):
        code, out, err = cli("export", "--author", name, "--fields", "url", "--db", tmp_path / "a.db")
        assert code == 0 and [json.loads(line)["url"] for line in out.splitlines()] == [url], (name, err)
