"""``make demo``: serve the demo site on 127.0.0.1, crawl it into a database, re-extract it with the
site templates learned on the way, show a query, stop.

python -m tests.site.demo [--db data/demo.db]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.site.content import LEDGER_PROMO
from tests.site.server import serve_site

CONFIG_TEMPLATE = Path(__file__).with_name("demo.toml")
# A stable port keeps the demo's URLs the same from run to run, so a second `make demo` shows the
# incremental crawl (304s, nothing downloaded twice); any free port is used when it is taken.
PREFERRED_PORT = 8737
QUERY = (
    "select source, published_utc, language, read_time_min, title from current_articles "
    "order by published_utc desc limit 5"
)


def write_config(base_url: str, directory: Path) -> Path:
    path = directory / "demo.toml"
    path.write_text(CONFIG_TEMPLATE.read_text(encoding="utf-8").format(base=base_url), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="data/demo.db", help="database to crawl into")
    args = parser.parse_args()
    scraper = [sys.executable, "-m", "pipelines.cli"]
    with serve_site(port=PREFERRED_PORT) as server, tempfile.TemporaryDirectory() as tmp:
        print(f"demo site on {server.base_url}")
        config = str(write_config(server.base_url, Path(tmp)))
        crawl = subprocess.run([*scraper, "crawl", "--config", config, "--db", args.db], check=False)
        if crawl.returncode != 0:
            return crawl.returncode
        # The Ledger's promo line matches no rule: the crawl drops it once it has seen enough Ledger pages,
        # and reextract (with the template learned from all stored pages) drops it from the earlier ones.
        print(f"\nLedger articles with the promo line after the crawl: {_with_promo(args.db)}")
        subprocess.run([*scraper, "reextract", "--all", "--config", config, "--db", args.db], check=True)
        print(f"Ledger articles with the promo line after reextract: {_with_promo(args.db)}")
    print(f'\nexample query (sqlite-utils {args.db} "{QUERY}" --table):')
    subprocess.run([sys.executable, "-m", "sqlite_utils", args.db, QUERY, "--table"], check=False)
    print(f"\nnext: .venv/bin/scraper search taliban --db {args.db}    (more in the README's 'Querying the database')")
    return 0


def _with_promo(db: str) -> str:
    with sqlite3.connect(db) as conn:
        total, promo = conn.execute(
            "select count(*), sum(instr(text, ?) > 0) from articles where source = 'ledger' and status = 'article'",
            [LEDGER_PROMO],
        ).fetchone()
    return f"{promo or 0} of {total}"


if __name__ == "__main__":
    sys.exit(main())
