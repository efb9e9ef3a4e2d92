"""Kill, restart, hostile pages: does the corpus come out whole?

    python -m bench.chaos [--cycles 40] [--seed 1]

Serves the demo site plus the hostile corpus (tests/hostile.py, listed in a feed) on 127.0.0.1, crawls it
once cleanly as the reference, then crawls it again into a second database, killing the crawl at a random
moment (SIGKILL, or SIGTERM one time in four) ``--cycles`` times before a last run to completion. After
every kill the database must pass ``pragma integrity_check``; at the end the second database must hold the
reference's articles, each once, every page once, every URL in the same state, the same text once both
are re-extracted (``scraper reextract --all``: the site template a page met during a crawl depends on the
order pages came in), and no run may have crashed (a traceback, or an exit code other than 0, 1 and 4).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.hostile import pages
from tests.site.demo import write_config
from tests.site.server import Response, SiteServer, serve_site

CLEAN_EXITS = {0, 1, 4}


def serve_hostile(server: SiteServer) -> int:
    corpus = pages()
    links = "".join(f"<item><link>{server.base_url}/hostile/{name}</link></item>" for name in corpus)
    server.routes["/hostile.xml"] = Response(200, f"<rss><channel>{links}</channel></rss>".encode(),
                                             {"Content-Type": "application/rss+xml"})  # fmt: skip
    for name, body in corpus.items():
        server.routes[f"/hostile/{name}"] = Response(200, body, {"Content-Type": "text/html"}, delay_s=0.05)
    return len(corpus)


def configure(server: SiteServer, directory: Path) -> Path:
    config = write_config(server.base_url, directory)
    text = config.read_text().replace("[fetch]\n", "[fetch]\nconcurrency = 4\n", 1)
    text = text.replace("workers = 1", "workers = 2\ntimeout_s = 10")
    config.write_text(text + f'\n[[sources]]\nname = "hostile"\nfeeds = ["{server.base_url}/hostile.xml"]\n')
    return config


def crawl(config: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "crawl", "-q", "--config", str(config), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    crashes: list[str] = []
    kills = terms = integrity_failures = 0
    with tempfile.TemporaryDirectory() as tmp, serve_site(page_delay_s=0.05) as server:
        work = Path(tmp)
        hostile = serve_hostile(server)
        config = configure(server, work)
        reference, chaotic = work / "reference.db", work / "chaos.db"
        started = time.perf_counter()
        first = crawl(config, reference)
        _out, err = first.communicate(timeout=600)
        if first.returncode not in CLEAN_EXITS or "Traceback" in err:
            crashes.append(f"reference run: exit {first.returncode}: {err[-500:]}")
        clean_seconds = time.perf_counter() - started
        for _ in range(args.cycles):
            process = crawl(config, chaotic)
            time.sleep(rng.uniform(0.2, clean_seconds))
            sig = signal.SIGTERM if rng.random() < 0.25 else signal.SIGKILL
            process.send_signal(sig)
            _out, err = process.communicate(timeout=120)
            kills += sig == signal.SIGKILL
            terms += sig == signal.SIGTERM
            if (process.returncode >= 0 and process.returncode not in CLEAN_EXITS) or "Traceback" in err:
                crashes.append(f"exit {process.returncode}: {err[-500:]}")
            if chaotic.exists() and query(chaotic, "pragma integrity_check") != [("ok",)]:
                integrity_failures += 1
        last = crawl(config, chaotic)
        _out, err = last.communicate(timeout=600)
        if last.returncode not in CLEAN_EXITS or "Traceback" in err:
            crashes.append(f"final run: exit {last.returncode}: {err[-500:]}")
        # Which template a page met depends on the order pages were extracted in, which kills change;
        # re-extraction with the template learned from all stored pages must make the two corpora equal.
        for db in (reference, chaotic):
            subprocess.run([sys.executable, "-m", "pipelines.cli", "reextract", "--all", "-q", "--config", str(config),
                            "--db", str(db)], check=True, capture_output=True)  # fmt: skip
        expected = dict(query(reference, "select url, text from articles"))
        got = query(chaotic, "select url, text from articles")
        stored_pages = [u for (u,) in query(chaotic, "select url from pages")]
        states = "select url, state from frontier where kind = 'article' order by url"
        state_differs = len(set(query(reference, states)) ^ set(query(chaotic, states)))
        reasons = dict(query(chaotic, "select substr(last_error, 1, instr(last_error, ':') - 1) as reason, count(*) "
                                      "from frontier where last_error != '' group by reason"))  # fmt: skip
    result = {
        "cycles": args.cycles,
        "sigkill": kills,
        "sigterm": terms,
        "hostile_pages": hostile,
        "reference_articles": len(expected),
        "articles": len(got),
        "lost": len(set(expected) - {u for u, _ in got}),
        "duplicated": len(got) - len({u for u, _ in got}) + len(stored_pages) - len(set(stored_pages)),
        "text_differs": sum(1 for u, t in got if u in expected and expected[u] != t),
        "frontier_states_differ": state_differs,
        "integrity_failures": integrity_failures,
        "crashes": len(crashes),
        "failure_reasons": reasons,
    }
    print(json.dumps(result, indent=2))
    for crash in crashes:
        print("crash:", crash, file=sys.stderr)
    bad = result["lost"] or result["duplicated"] or result["text_differs"] or integrity_failures or crashes
    bad = bad or state_differs
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
