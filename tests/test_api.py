"""The Python API as a notebook uses it: the README's example runs as printed on a crawled demo database,
and each function does what its docstring says."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import scraper
from scraper.errors import ExtractError, InputError
from tests.conftest import DATA, SEED_HTML, SEED_TITLE, assert_clean_seed_text, rows
from tests.site.demo import write_config
from tests.site.server import serve_site

README = Path(__file__).parent.parent / "README.md"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder holding data/demo.db, as `make demo` leaves it."""
    folder = tmp_path_factory.mktemp("api")
    with serve_site() as server:
        config = write_config(server.base_url, folder)
        crawl = subprocess.run([sys.executable, "-m", "pipelines.cli", "crawl", "--config", str(config), "-q"],
                               capture_output=True, text=True)  # fmt: skip
        assert crawl.returncode == 0, crawl.stderr
    assert (folder / "data" / "demo.db").is_file()
    yield folder


def readme_python(heading: str, document: Path = README) -> str:
    section = document.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, f"no python example under {heading}"
    return "\n".join(blocks)


def test_the_readme_example_runs_as_printed(demo) -> None:
    """In a fresh interpreter, as a notebook would, from the folder `make demo` leaves data/demo.db in."""
    script = readme_python("## Python API") + "\n" + "\n".join([
        "import json, sys",
        "json.dump({'frame': len(frame), 'columns': list(frame.columns), 'months': len(per_month),",
        "           'utc': str(frame.published_utc.dtype), 'authors': frame.authors.map(type).map(str).unique().tolist(),",
        "           'hits': len(hits), 'title': article.title, 'status': article.status,",
        "           'clean_title': record['title'], 'read_time': record['read_time_min'],",
        "           'clean_text': record['text'], 'text': article.text}, sys.stderr)",
    ])  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(README.parent)}
    result = subprocess.run([sys.executable, "-c", script], cwd=demo, capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr  # a notebook shows every warning the example raises
    seen = json.loads(result.stderr.splitlines()[-1])
    assert (
        seen["frame"]
        == rows(demo / "data/demo.db", "select count(*) as n from articles where status = 'article'")[0]["n"]
    )
    assert seen["columns"] == ["source", "title", "published_utc", "authors", "word_count"]
    assert seen["utc"] == "datetime64[us, UTC]" and seen["months"] >= 2 and seen["authors"] == ["<class 'list'>"]
    assert seen["hits"] >= 1 and seen["status"] == "article" and seen["title"]
    assert seen["clean_title"] == seen["title"] and seen["read_time"] == 3
    assert seen["clean_text"] == seen["text"]  # the chrome around it removed
    assert "Previous Story" not in result.stdout and len(result.stdout.splitlines()) >= 3


def test_the_pandas_recipe_in_the_schema_runs(demo) -> None:
    script = readme_python("## From pandas", README.parent / "docs/schema.md")
    script += "\nprint(df.published_utc.dtype, df.authors.map(type).unique().tolist(), weekly.sum(), len(df))"
    result = subprocess.run([sys.executable, "-c", script], cwd=demo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    *_, weekly, total = result.stdout.split()
    assert result.stdout.startswith("datetime64[us, UTC] [<class 'list'>]"), result.stdout
    dated = rows(demo / "data/demo.db", "select count(*) as n from current_articles where published_utc is not null")
    assert int(weekly) == dated[0]["n"] and int(total) >= int(weekly) > 0


def test_corpus_articles_are_typed_records_chosen_like_the_cli_chooses(demo) -> None:
    db = demo / "data/demo.db"
    with scraper.Corpus(db) as corpus:
        ledger = list(corpus.articles(source="ledger"))
        assert ledger and all(isinstance(a, scraper.StoredArticle) for a in ledger)
        assert {a.source for a in ledger} == {"ledger"} and all(isinstance(a.authors, tuple) for a in ledger)
        expected = rows(db, "select url from articles where source = 'ledger' and status = 'article' order by rowid")
        assert [a.url for a in ledger] == [r["url"] for r in expected]
        late = list(corpus.articles(source="ledger", since="2023-03-17"))
        assert late and all(a.published >= "2023-03-17" for a in late if a.published) and len(late) < len(ledger)
        by = ledger[0].authors[0]
        assert all(by.lower() in (x.lower() for x in a.authors) for a in corpus.articles(author=by.upper()))
        with pytest.raises(InputError, match=r"'legder'.*its sources: lantern, ledger, talbote"):
            list(corpus.articles(source="legder"))
        with pytest.raises(InputError, match="no such day"):
            list(corpus.articles(since="2019-13-01"))
        with pytest.raises(InputError, match="no column 'titel'"):
            corpus.dataframe(columns=["titel"])
        # a notebook's values as they come: a date, a list of statuses, one column named alone
        assert [a.url for a in corpus.articles(source="ledger", since=date(2023, 3, 17))] == [a.url for a in late]
        both = list(corpus.articles(status=["article", "blocked"]))
        assert {a.status for a in both} == {"article", "blocked"}
        assert list(corpus.dataframe(columns="title").columns) == ["title"]
        with pytest.raises(scraper.InputError, match="'sorce' is no filter; the filters are: source, since"):
            list(corpus.articles(sorce="ledger"))
        with pytest.raises(scraper.InputError, match="limit=0"):
            corpus.search("harbour", limit=0)
    with scraper.Corpus(f"~/{os.path.relpath(db, Path.home())}") as corpus:  # a path from the home folder
        assert corpus.path.resolve() == db.resolve() and next(corpus.articles()).url


def test_extract_gives_the_seed_record_from_a_string_or_bytes() -> None:
    html = SEED_HTML.read_bytes()
    from_bytes = scraper.extract_page(html, url="https://asianlite.com/2021/08/10/us-to-press-taliban/")
    from_text = scraper.extract_page(html.decode("utf-8"), url="https://asianlite.com/2021/08/10/us-to-press-taliban/")
    assert from_bytes == from_text and isinstance(from_bytes, scraper.Article)
    assert from_bytes.title == SEED_TITLE and from_bytes.read_time_min == 3
    assert_clean_seed_text(from_bytes.text)


def test_a_notebooks_values_go_in_as_they_come_an_unknown_url_as_none_a_dumps_file_as_bytes() -> None:
    """In a notebook, a row's URL may be None and a dump comes off disk as bytes: both are taken as given."""
    html = SEED_HTML.read_bytes()
    assert scraper.extract_page(html, url=None) == scraper.extract_page(html)
    dump = (DATA / "seed_dump.txt").read_text(encoding="utf-8")
    utf16 = "\ufeff".encode("utf-16-le") + dump.encode("utf-16-le")
    assert scraper.clean_dump(utf16) == scraper.clean_dump(dump.encode("utf-8")) == scraper.clean_dump(dump)
    # a datetime for a fetch time, one CSS selector alone; a time or a selector that is none is refused
    when = datetime(2024, 6, 12, 9, 30, tzinfo=UTC)
    assert scraper.extract_page(html, fetched_at=when).fetched_at == "2024-06-12T09:30:00+00:00"
    assert scraper.extract_page(html, drop="figure").images != scraper.extract_page(html).images
    for refused in ({"fetched_at": "yesterday"}, {"drop": "div["}, {"body": "p >"}):
        with pytest.raises(scraper.InputError, match=r"is not a time|is no CSS selector"):
            scraper.extract_page(html, **refused)
    with pytest.raises(scraper.InputError, match="'garbage' is not a time"):
        scraper.clean_dump(dump, fetched_at="garbage")


def test_extract_returns_a_rejected_pages_metadata_and_raises_on_nothing() -> None:
    teaser = "<html lang=en><head><title>Budget vote delayed | The Ledger</title><meta name=author content='Ann Lee'>"
    teaser += "<meta property='article:published_time' content='2024-05-01T09:00:00+02:00'></head>"
    record = scraper.extract_page(teaser + "<body><h1>Budget vote delayed</h1><p>Subscribe.</p></body></html>")
    assert record.status == "not_article" and record.text == ""
    assert (record.title, record.authors, record.published_utc) == ("Budget vote delayed", ("Ann Lee",),
                                                                     "2024-05-01T07:00:00Z")  # fmt: skip
    with pytest.raises(ExtractError):
        scraper.extract_page(b"")


def test_import_scraper_stays_light() -> None:
    code = "import sys, scraper; scraper.__version__; print('trafilatura' in sys.modules, 'httpx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_the_readme_commands_work_on_the_demo_database_as_printed(demo, tmp_path) -> None:
    """Each command line of the README's querying section, run by a shell from the folder `make demo` leaves
    data/demo.db in, exits 0 and prints (or writes) something."""
    section = README.read_text(encoding="utf-8").split("\n## Querying the database\n", 1)[1].split("\n## ", 1)[0]
    commands = [line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines()]
    assert len(commands) >= 8 and all("data/demo.db" in c or c.startswith("datasette") for c in commands)
    shim = demo / ".venv" / "bin"
    shim.mkdir(parents=True, exist_ok=True)
    (shim / "scraper").write_text(
        f'#!/bin/sh\nPYTHONPATH={README.parent} exec {sys.executable} -m pipelines.cli "$@"\n'
    )
    (shim / "scraper").chmod(0o755)
    for command in commands:
        if command.startswith("datasette") or (command.startswith("sqlite3") and shutil.which("sqlite3") is None):
            continue  # Datasette is checked through its test client (test_research.py)
        result = subprocess.run(["bash", "-c", command], cwd=demo, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stderr)
        written = re.search(r"(?:-o |> )(\S+)", command)
        output = (demo / written.group(1)).read_bytes() if written else result.stdout.encode()
        assert output.strip(), command
