"""--engine ray on a local Ray with 2 CPUs: the same records as the local engine, a failing task retried,
and a clear message where Ray is not installed."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import rows
from tests.site.demo import write_config
from tests.site.server import serve_site
from tests.test_warc import archive

pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")
ROOT = Path(__file__).parent.parent


def scraper(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *map(str, args)], capture_output=True, text=True)


def articles(db: Path) -> list[dict]:
    found = rows(db, "select * from articles order by url")
    return [{k: v for k, v in r.items() if k != "extracted_at"} for r in found]


def test_reextract_and_import_on_ray_give_the_records_the_local_engine_gives(tmp_path) -> None:
    crawled = tmp_path / "crawled.db"
    with serve_site() as server:
        config = write_config(server.base_url, tmp_path)
        assert scraper("crawl", "--config", config, "--db", crawled, "-q").returncode == 0
    for name in ("local.db", "ray.db"):
        shutil.copy(crawled, tmp_path / name)
        with closing(sqlite3.connect(tmp_path / name)) as conn, conn:
            conn.execute("update articles set text = 'stale'")
    local = scraper("reextract", "--all", "--config", config, "--db", tmp_path / "local.db", "--workers", "2")
    on_ray = scraper("reextract", "--all", "--config", config, "--db", tmp_path / "ray.db", "--engine", "ray",
                     "--workers", "2")  # fmt: skip
    assert on_ray.returncode == 0 and local.returncode == 0, on_ray.stderr
    assert on_ray.stdout == local.stdout and "22 articles updated" in on_ray.stdout
    assert on_ray.stderr == ""  # Ray's own logs stay in its session folder
    assert articles(tmp_path / "ray.db") == articles(tmp_path / "local.db")

    warc = tmp_path / "ledger.warc.gz"
    archive(warc, gzipped=True)
    for engine, db in (("local", "import-local.db"), ("ray", "import-ray.db")):
        imported = scraper("import-warc", warc, "--source", "ledger", "--db", tmp_path / db, "--engine", engine)
        assert imported.returncode == 0, imported.stderr
    assert articles(tmp_path / "import-ray.db") == articles(tmp_path / "import-local.db")
    stored = "select url, final_url, status, headers, body, fetched_at, warc_record_id from pages order by url"
    assert rows(tmp_path / "import-ray.db", stored) == rows(tmp_path / "import-local.db", stored)


def test_a_task_whose_worker_dies_is_retried_and_every_page_comes_back_in_order(tmp_path) -> None:
    script = textwrap.dedent(f"""
        import json, os, sys
        from pathlib import Path
        from pipelines.ray_engine import RayEngine
        from pipelines.workers import extract_batch
        from scraper.config import NormalizeConfig
        from scraper.models import Page, SiteRules

        marker = Path({str(tmp_path / "died")!r})

        def dies_once(pairs, *options):
            if len(pairs) and pairs[0][0].url.endswith("/4") and not marker.exists():
                marker.write_text("x")
                os._exit(1)  # the worker process dies under the task, as on a kill or out of memory
            return extract_batch(pairs, *options)

        body = "<html lang=en><body><article><h1>Story {{n}}</h1>" + "<p>The council met on day {{n}} and voted on the harbour plan after a long debate.</p>" * 8 + "</article></body></html>"
        items = [(n, Page(f"https://news.example/{{n}}", f"https://news.example/{{n}}", 200, {{}},
                          body.format(n=n).encode(), "2024-05-01T00:00:00+00:00"), SiteRules()) for n in range(12)]
        engine = RayEngine(cpus=2, batch_pages=2)
        got = [(e.key, e.outcome.title) for e in engine.extract(items, NormalizeConfig(), work=dies_once)]
        print(json.dumps({{"got": got, "died": marker.exists()}}))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["died"] and outcome["got"] == [[n, f"Story {n}"] for n in range(12)]


def test_a_page_that_kills_every_try_of_its_task_is_a_recorded_failure_and_its_batch_is_extracted() -> None:
    # Ray retries a task whose worker died, for a worker lost to its node; a page that kills every worker
    # (out of memory, a crash in a C library) ended the run when the retries ran out.
    script = textwrap.dedent("""
        import json, os
        from pipelines.ray_engine import RayEngine
        from pipelines.workers import extract_batch
        from scraper.config import NormalizeConfig
        from scraper.models import Page, SiteRules

        def dies_on_4(pairs, *options):
            if any(page.url.endswith("/4") for page, _rules in pairs):
                os._exit(1)
            return extract_batch(pairs, *options)

        body = "<html lang=en><body><article><h1>Story {n}</h1>" + "<p>The council met on day {n} and voted on the harbour plan after a long debate.</p>" * 8 + "</article></body></html>"
        items = [(n, Page(f"https://news.example/{n}", f"https://news.example/{n}", 200, {},
                          body.format(n=n).encode(), "2024-05-01T00:00:00+00:00"), SiteRules()) for n in range(8)]
        engine = RayEngine(cpus=2, batch_pages=2)
        got = [(e.key, getattr(e.outcome, "title", None) or e.outcome.reason)
               for e in engine.extract(items, NormalizeConfig(), work=dies_on_4)]
        print(json.dumps(got))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads(result.stdout.splitlines()[-1])
    assert got == [[n, "extract_crash" if n == 4 else f"Story {n}"] for n in range(8)]


def test_a_slow_batch_at_the_head_leaves_no_worker_idle(tmp_path) -> None:
    # The first batch cannot finish before the last one has run: an engine that waited for the oldest batch
    # before sending more would never send the last (the first gives up after a minute and says so).
    script = textwrap.dedent(f"""
        import json, time
        from pathlib import Path
        from pipelines.ray_engine import RayEngine
        from pipelines.workers import extract_batch
        from scraper.config import NormalizeConfig
        from scraper.models import Page, SiteRules

        last_ran = Path({str(tmp_path / "last-ran")!r})
        gave_up = Path({str(tmp_path / "gave-up")!r})

        def first_waits_for_last(pairs, *options):
            url = pairs[0][0].url
            if url.endswith("/11"):
                last_ran.write_text("x")
            if url.endswith("/0"):
                deadline = time.monotonic() + 60
                while not last_ran.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                if not last_ran.exists():
                    gave_up.write_text("x")
            return extract_batch(pairs, *options)

        body = "<html lang=en><body><article><h1>Story {{n}}</h1>" + "<p>The council met on day {{n}} and voted on the harbour plan after a long debate.</p>" * 8 + "</article></body></html>"
        items = [(n, Page(f"https://news.example/{{n}}", f"https://news.example/{{n}}", 200, {{}},
                          body.format(n=n).encode(), "2024-05-01T00:00:00+00:00"), SiteRules()) for n in range(12)]
        engine = RayEngine(cpus=2, batch_pages=1)
        got = [e.key for e in engine.extract(items, NormalizeConfig(), work=first_waits_for_last)]
        print(json.dumps({{"got": got, "gave_up": gave_up.exists()}}))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome == {"got": list(range(12)), "gave_up": False}


def test_without_ray_the_flag_says_how_to_install_it(tmp_path) -> None:
    code = "import sys; sys.modules['ray'] = None; from pipelines.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", code, "reextract", "--all", "--engine", "ray", "--db",
                             str(tmp_path / "none.db")], capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert result.returncode == 2 and "pip install -e '.[ray]'" in result.stderr
    assert not (tmp_path / "none.db").exists()


def _ray_processes() -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"ray::" in command or b"raylet" in command or b"gcs_server" in command:
                found.add(int(entry.name))
    return found


def test_sigterm_stops_the_run_and_the_local_ray_it_started(tmp_path) -> None:
    import signal
    import time

    from tests.test_warc import many_pages_warc

    warc = many_pages_warc(tmp_path / "many.warc.gz", copies=4)  # batches of records commit during the run
    db = tmp_path / "a.db"
    assert scraper("import-warc", warc, "--db", db, "--workers", "2").returncode == 0
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("update articles set text = 'stale'")
    before = _ray_processes()
    process = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "reextract", "--all", "--db", str(db),
                                "--engine", "ray", "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:  # until the first records come back
        if rows(db, "select count(*) as n from articles where text != 'stale'")[0]["n"] > 0:
            break
        time.sleep(0.1)
    assert _ray_processes() - before  # its Ray is running
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    deadline = time.monotonic() + 30
    while _ray_processes() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _ray_processes() - before  # nothing of its Ray left running
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]
