"""Research-side benchmark on a database of synthetic but realistic articles.

    python -m bench.research [--articles 100000] [--pages 600] [--workdir DIR]

Builds (once, kept in ``--workdir``) a database of ``--articles`` articles (300-900 words each, Zipf-
distributed vocabulary, 8 sources over two years) through the project's schema and FTS triggers, then
measures:
- search latency: median and p95 over 100 queries (single words common to rare, AND, OR, phrases,
  five-letter prefixes, some with source/date filters), each fetching its top 20 with snippets;
- export throughput and peak memory for JSON lines, CSV and Parquet (if pyarrow is installed), each in its
  own process (``scraper export``);
- re-extraction throughput on one process and on two (``scraper reextract --all --workers N``), over
  ``--pages`` stored raw pages of 40-120 KB (bench/crawl.py's generator).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.crawl import generate_site, point_listings_at

SOURCES = ["wire", "daily", "herald", "courier", "gazette", "tribune", "post", "observer"]


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "de", "an", "or", "el", "ung", "ter", "ist", "ber"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words, key=lambda w: (len(w), w))


def build(db_path: Path, articles: int, seed: int = 11) -> None:
    from scraper.store import open_database

    rng = random.Random(seed)
    words = vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf
    db = open_database(db_path)
    batch: list[tuple[object, ...]] = []
    sql = (
        "insert into articles (url, source, host, title, text, published, language, word_count, authors, "
        "read_time_min, read_time_source, fetched_at, extracted_at, extractor_version) "
        "values (?, ?, ?, ?, ?, ?, 'en', ?, '[]', ?, 'estimate', ?, ?, 'bench')"
    )
    for i in range(articles):
        source = SOURCES[i % len(SOURCES)]
        paragraphs = [
            " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(40, 120))).capitalize() + "."
            for _ in range(rng.randint(5, 10))
        ]
        text = "\n\n".join(paragraphs)
        count = text.count(" ") + len(paragraphs)
        day = f"20{23 + (i % 730) // 365}-{1 + (i % 365) // 31 % 12:02d}-{1 + i % 28:02d}"
        title = " ".join(rng.choices(words, cum_weights=cumulative, k=8)).capitalize()
        batch.append((f"https://{source}.example/{day}/{i}", source, f"{source}.example", title, text,
                      f"{day}T10:00:00+00:00", count, max(1, count // 230), day, day))  # fmt: skip
        if len(batch) == 5000:
            with db.atomic():
                db.conn.executemany(sql, batch)
            batch.clear()
            print(f"\r{i + 1} articles", end="", file=sys.stderr)
    if batch:
        with db.atomic():
            db.conn.executemany(sql, batch)
    print(file=sys.stderr)
    db.conn.execute("insert into articles_fts(articles_fts) values ('optimize')")
    db.close()


def queries(db_path: Path) -> list[tuple[str, dict[str, object]]]:
    rng = random.Random(5)
    words = vocabulary(random.Random(11))
    picks = [words[i] for i in (*range(5, 40, 5), *range(100, 2000, 150), *range(5000, 20_000, 1000))]
    found: list[tuple[str, dict[str, object]]] = []
    while len(found) < 100:
        kind = len(found) % 5
        a, b = rng.choice(picks), rng.choice(picks)
        stem = rng.choice([w for w in picks if len(w) >= 7])[:5]  # a prefix as people type one: "climat*"
        query = [a, f"{a} AND {b}", f'"{a} {b}"', f"{stem}*", f"{a} OR {b}"][kind]
        filters: dict[str, object] = {}
        if len(found) % 3 == 0:
            filters["sources"] = (rng.choice(SOURCES),)
        if len(found) % 4 == 0:
            filters["since"] = "2024-03-01"
        found.append((query, filters))
    return found


def search_latency(db_path: Path) -> dict[str, float]:
    from scraper.store.reading import Filters, read_only
    from scraper.store.search import search

    conn = read_only(db_path)
    times = []
    for query, filters in queries(db_path):
        started = time.perf_counter()
        list(search(conn, query, Filters(**filters), limit=20))  # type: ignore[arg-type]
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(times[94], 1),
            "max_ms": round(times[-1], 1)}  # fmt: skip


def _child(args: list[str], *, preload: str = "") -> dict[str, float]:
    """Run ``scraper ARGS`` in a child that reports its own time, CPU and peak memory; ``preload`` is a
    module to import before the clock starts (the command's own imports are not what is measured)."""
    code = (
        "import resource, sys, time, json\n"
        "from click.testing import CliRunner\n"
        "from pipelines.cli import main\n"
        f"{f'import {preload}' if preload else ''}\n"
        "t = time.perf_counter()\n"
        f"r = CliRunner().invoke(main, {args!r}, catch_exceptions=False)\n"
        "u = resource.getrusage(resource.RUSAGE_SELF)\n"
        "k = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'code': r.exit_code, 'seconds': time.perf_counter() - t, 'peak_mb': u.ru_maxrss / 1024, "
        "'out': r.output[-300:]}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def export_throughput(db_path: Path, workdir: Path, articles: int) -> dict[str, dict[str, float]]:
    results = {}
    for fmt in ("jsonl", "csv", "parquet"):
        target = workdir / f"export.{fmt}"
        r = _child(["export", "--db", str(db_path), "--format", fmt, "-o", str(target)])
        if r["code"] != 0:
            results[fmt] = {"skipped": 1.0}
            continue
        results[fmt] = {"seconds": round(r["seconds"], 2), "rows_per_s": round(articles / r["seconds"]),
                        "peak_mb": round(r["peak_mb"], 1)}  # fmt: skip
    return results


def reextract_throughput(workdir: Path, pages: int) -> dict[str, dict[str, float]]:
    from scraper.models import Page
    from scraper.store import open_database
    from scraper.store.repo import add_urls, save_page

    site = workdir / f"site-{pages}"
    if not (site / "robots.txt.tmpl").exists():
        generate_site(site, pages)
        point_listings_at(site, 80)
    db_path = workdir / f"pages-{pages}.db"
    if not db_path.exists():
        db = open_database(db_path)
        for i, file in enumerate(sorted((site / "news").glob("*.html"))):
            url = f"https://bench.example/news/{i}.html"
            add_urls(db, [url], source="bench", kind="article", now="2024-05-01T00:00:00+00:00")
            save_page(db, Page(url, url, 200, {"content-type": "text/html; charset=utf-8"}, file.read_bytes(),
                               "2024-05-01T00:00:00+00:00"), source="bench")  # fmt: skip
        db.close()
    results = {}
    for workers in (1, 2):
        copy = workdir / f"pages-{pages}-{workers}.db"
        copy.write_bytes(db_path.read_bytes())
        r = _child(["reextract", "--all", "--db", str(copy), "--workers", str(workers)], preload="pipelines.reextract")
        results[f"{workers} process{'es' if workers > 1 else ''}"] = {
            "seconds": round(r["seconds"], 2), "pages_per_s": round(pages / r["seconds"], 1)}  # fmt: skip
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--only", choices=["search", "export", "reextract"], default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-research-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / f"research-{args.articles}.db"
    if args.only != "reextract" and not db_path.exists():
        started = time.perf_counter()
        build(db_path, args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if args.only in (None, "search"):
        print("search over", args.articles, "articles:", json.dumps(search_latency(db_path)))
    if args.only in (None, "export"):
        for fmt, r in export_throughput(db_path, workdir, args.articles).items():
            print(f"export {fmt}:", json.dumps(r))
    if args.only in (None, "reextract"):
        r = reextract_throughput(workdir, args.pages)
        for name, v in r.items():
            print(f"reextract {args.pages} pages on {name}:", json.dumps(v))
        print(f"speed-up on 2 processes: {r['2 processes']['pages_per_s'] / r['1 process']['pages_per_s']:.2f}x")
    print("peak memory of this process:", round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
