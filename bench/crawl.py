"""Crawl benchmark: our crawl against Scrapy on a generated news site served from 127.0.0.1.

    python -m bench.crawl [--pages 5000] [--concurrency 32] [--only ours|scrapy] [--scale 20000]
    python -m bench.crawl --extract [--workers 2] [--rounds 3] [--pages-from PATH/TO/bench]

It generates a site of ``--pages`` article pages (40-120 KB each; with ``--pages-from PATH/TO/bench``, the
shared bench's 683 DEV pages of real publishers, as published, in turn) with a sitemap index, sitemaps, an RSS
feed and listing pages, serves it with nginx when installed (``apt-get install nginx-light``; else with
aiohttp) in its own process, so the server is not the bottleneck, then crawls it with politeness delays off and extraction off, storing every raw page
gzip-compressed in SQLite: ours (``scraper crawl`` with ``[crawl] extract = false``) and Scrapy (an
optional benchmark dependency: ``pip install scrapy``) at the same concurrency, each in its own process.
It prints pages per second, CPU seconds per 1,000 pages and peak memory (RSS) of each. ``--scale N``
also crawls an N-page site with ours and prints the ratio of the two peak memories.

``--extract`` is the cron case: a crawl that extracts. Ours stores the raw page and the full record (text,
metadata, images, status, signature) with ``--workers`` extraction processes (template learning on, as
configured by default); Scrapy's spider calls ``trafilatura.bare_extraction(with_metadata=True)`` in its
callback, as a plain Scrapy project does, and stores the raw page and the record as JSON the same way.
Then the figure is articles per second, CPU seconds of the whole process tree per 1,000 articles, and the
tree's peak memory, as its processes' RSS summed and as their PSS summed (sampled from /proc: bench/tree.py;
RSS counts the pages forked workers share with the crawl, and a memory-mapped model, once in each process,
PSS shares them out). ``--rounds`` repeats each crawl and prints the medians and the ratios of one run's
medians.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.tree import TreeSampler

WORDS = [
    "the",
    "council",
    "harbour",
    "plan",
    "vote",
    "mayor",
    "residents",
    "city",
    "budget",
    "report",
    "minister",
    "said",
    "police",
    "court",
    "week",
    "year",
    "government",
    "election",
    "party",
    "market",
    "prices",
    "energy",
    "school",
    "hospital",
    "river",
    "storm",
    "road",
    "project",
    "company",
    "workers",
    "union",
    "strike",
    "talks",
    "agreement",
    "deal",
    "official",
    "spokesman",
    "statement",
    "morning",
    "evening",
    "village",
    "region",
    "border",
    "trade",
    "export",
    "farmers",
    "water",
    "health",
    "service",
    "public",
    "private",
    "funding",
    "decision",
    "policy",
    "campaign",
    "protest",
]
LOREM_BLOCKS = 256  # distinct paragraphs, combined per page


def dev_pages(data: Path) -> list[bytes]:
    """The DEV pages of the shared bench folder (the extraction sets' and the snippet set's), as published."""
    pages = []
    for manifest in [*sorted(data.glob("extraction/*/manifest.jsonl")), *sorted(data.glob("snippets/*.jsonl"))]:
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pages.append(gzip.decompress((manifest.parent / json.loads(line)["html"]).read_bytes()))
    if not pages:
        raise SystemExit(f"{data}: no extraction/*/manifest.jsonl or snippets/*.jsonl; pass the shared bench folder")
    return pages


def generate_site(root: Path, pages: int, seed: int = 7, real: list[bytes] | None = None) -> None:
    """``pages`` articles of 40-120 KB under /news/ (or the ``real`` pages, in turn, as published), a sitemap
    index with sitemaps of 1,000 URLs, an RSS feed of the newest 100 and listing pages of 50 links."""
    rng = random.Random(seed)
    paragraphs = [
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + ".</p>"
        for _ in range(LOREM_BLOCKS)
    ]
    chrome = (
        "<header class='site-header'><nav>"
        + "".join(f"<a href='/section/{w}/'>{w.title()}</a>" for w in WORDS[:30])
        + "</nav></header>"
    )
    footer = "<footer><p>© 2024 Bench Daily. All rights reserved.</p></footer>"
    (root / "news").mkdir(parents=True, exist_ok=True)
    for i in range(pages):
        if real:
            (root / "news" / f"{i}.html").write_bytes(real[i % len(real)])
            continue
        target = rng.randint(40_000, 120_000)
        body: list[str] = []
        size = 0
        while size < target:
            block = rng.choice(paragraphs)
            body.append(block)
            size += len(block)
        html = (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Story {i} | Bench Daily</title>"
            f"<meta property='article:published_time' content='2024-05-{1 + i % 28:02d}T10:00:00+00:00'>"
            f"</head><body>{chrome}<main><article><h1>Story {i}</h1>{''.join(body)}</article></main>{footer}"
            "</body></html>"
        )
        (root / "news" / f"{i}.html").write_text(html, encoding="utf-8")
    urls = [f"__BASE__/news/{i}.html" for i in range(pages)]
    chunks = [urls[i : i + 1000] for i in range(0, len(urls), 1000)]
    for n, chunk in enumerate(chunks):
        entries = "".join(f"<url><loc>{u}</loc></url>" for u in chunk)
        (root / f"sitemap-{n}.xml.tmpl").write_text(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )
    index = "".join(f"<sitemap><loc>__BASE__/sitemap-{n}.xml</loc></sitemap>" for n in range(len(chunks)))
    (root / "sitemap.xml.tmpl").write_text(
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>'
    )
    items = "".join(f"<item><title>Story {i}</title><link>{urls[i]}</link></item>" for i in range(min(100, pages)))
    (root / "feed.xml.tmpl").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
    (root / "list").mkdir(exist_ok=True)
    for n in range(0, pages, 50):
        links = "".join(f"<li><a href='/news/{i}.html'>Story {i}</a></li>" for i in range(n, min(n + 50, pages)))
        (root / "list" / f"{n // 50}.html").write_text(f"<!doctype html><html><body><ul>{links}</ul></body></html>")
    (root / "robots.txt.tmpl").write_text("User-agent: *\nAllow: /\nSitemap: __BASE__/sitemap.xml\n")


def point_listings_at(root: Path, port: int) -> None:
    """Write the sitemaps, feed and robots.txt with absolute URLs on ``port`` (from their templates)."""
    for template in root.glob("*.tmpl"):
        text = template.read_text().replace("__BASE__", f"http://127.0.0.1:{port}")
        (root / template.name.removesuffix(".tmpl")).write_text(text)


def serve(root: Path, port: int) -> subprocess.Popen[bytes]:
    """nginx when it is installed (one worker, sendfile: what a real site runs), else aiohttp."""
    point_listings_at(root, port)
    if nginx := shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None):
        conf = root.parent / f"nginx-{port}.conf"
        conf.write_text(
            f"daemon off; worker_processes 1; pid {root.parent}/nginx-{port}.pid; error_log stderr error;\n"
            "events { worker_connections 4096; }\n"
            f"http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;\n"
            f"  types {{ text/html html; application/xml xml; text/plain txt; }}\n"
            f"  client_body_temp_path {root.parent}/tmp; proxy_temp_path {root.parent}/tmp;\n"
            f"  fastcgi_temp_path {root.parent}/tmp; uwsgi_temp_path {root.parent}/tmp; scgi_temp_path {root.parent}/tmp;\n"
            f"  server {{ listen 127.0.0.1:{port}; root {root}; }} }}\n"
        )
        (root.parent / "tmp").mkdir(exist_ok=True)
        return subprocess.Popen([nginx, "-c", str(conf), "-p", str(root.parent)])
    return subprocess.Popen([sys.executable, "-m", "bench.crawl", "_serve", str(root), str(port)])


def serve_with_aiohttp(root: Path, port: int) -> None:
    from aiohttp import web

    app = web.Application()
    app.router.add_static("/", root, show_index=False, append_version=False)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def run_ours(base: str, db: Path, concurrency: int, workers: int = 0) -> dict[str, float]:
    """Our crawl; with ``workers``, extracting in that many processes (0: raw pages only)."""
    from pipelines.crawl import run_crawl
    from scraper.config import parse_config
    from scraper.store import open_database

    config = parse_config(
        {
            "fetch": {"per_host_delay_s": 0.0, "concurrency": concurrency, "per_host_concurrency": concurrency,
                      "retries": 1, "timeout_s": 30.0},
            "crawl": {"extract": bool(workers)},
            "extract": {"workers": max(workers, 1)},
            "sources": [{"name": "bench", "sitemaps": [f"{base}/sitemap.xml"], "probe_not_found": False}],
        }
    )  # fmt: skip
    with open_database(db) as database:
        cpu, started = _own_cpu(), time.perf_counter()  # before the sampler starts: its CPU is taken out
        sampler = TreeSampler(os.getpid())
        try:
            summary = run_crawl(config, database, sources=config.sources)
        finally:
            sampler.stop()
        seconds, cpu_s = time.perf_counter() - started, _own_cpu() - cpu - sampler.own_cpu_s + sampler.others_cpu_s
    stored = _articles(db) if workers else _stored(db)
    return _result(stored, seconds, cpu_s, failed=summary.failed, sampler=sampler)


def run_scrapy(base: str, db: Path, concurrency: int, extract: bool = False) -> dict[str, float]:
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    class Store:
        """The same storage as ours: the raw page gzip-compressed (level 1) in SQLite (WAL, synchronous NORMAL),
        one transaction per page."""

        def open_spider(self, spider: scrapy.Spider) -> None:
            self.conn = sqlite3.connect(db)
            self.conn.execute("pragma journal_mode=wal")
            self.conn.execute("pragma synchronous=normal")
            self.conn.execute("create table if not exists pages (url text primary key, headers text, body blob)")

            self.conn.execute("create table if not exists articles (url text primary key, record text)")

        def process_item(self, item: dict[str, object], spider: scrapy.Spider) -> dict[str, object]:
            with self.conn:
                self.conn.execute(
                    "insert or replace into pages values (?, ?, ?)",
                    (item["url"], item["headers"], gzip.compress(item["body"], compresslevel=1, mtime=0)),
                )
                if item.get("record") is not None:
                    self.conn.execute("insert or replace into articles values (?, ?)", (item["url"], item["record"]))
            return item

        def close_spider(self, spider: scrapy.Spider) -> None:
            self.conn.close()

    class BenchSpider(SitemapSpider):
        name = "bench"
        sitemap_urls = [f"{base}/sitemap.xml"]  # noqa: RUF012

        def parse(self, response: scrapy.http.Response) -> object:
            record = None
            if extract:  # what a Scrapy project that extracts does: trafilatura in the callback
                found = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True,
                                                    deduplicate=False)  # fmt: skip
                if found is not None:
                    fields = found.as_dict() if hasattr(found, "as_dict") else dict(found)
                    record = json.dumps({k: fields.get(k) for k in ("title", "author", "date", "text")})
            yield {"url": response.url, "headers": json.dumps(dict(response.headers.to_unicode_dict())),
                   "body": response.body, "record": record}  # fmt: skip

    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "ERROR",
            "ITEM_PIPELINES": {Store: 100},
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        }
    )
    if extract:
        import trafilatura
    process.crawl(BenchSpider)
    cpu, started = _own_cpu(), time.perf_counter()  # before the sampler starts: its CPU is taken out
    sampler = TreeSampler(os.getpid())
    try:
        process.start()
    finally:
        sampler.stop()
    seconds, cpu_s = time.perf_counter() - started, _own_cpu() - cpu - sampler.own_cpu_s + sampler.others_cpu_s
    stored = _articles(db) if extract else _stored(db)
    return _result(stored, seconds, cpu_s, failed=0, sampler=sampler)


def _own_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _articles(db: Path) -> int:
    """Articles stored with a record: ours with an article status, Scrapy's with a text."""
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        if "runs" in tables:  # ours
            return int(conn.execute("select count(*) from articles where status = 'article'").fetchone()[0])
        return int(
            conn.execute("select count(*) from articles where json_extract(record, '$.text') != ''").fetchone()[0]
        )


def _stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("select count(*) from pages where url like '%/news/%'").fetchone()[0])


def _result(pages: int, seconds: float, cpu_s: float, *, failed: int, sampler: TreeSampler) -> dict[str, float]:
    return {
        "pages": pages,
        "failed": failed,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1),
        "cpu_s_per_1000": round(1000 * cpu_s / max(pages, 1), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tree_peak_mb": round(sampler.tree_peak / 2**20, 1),
        "tree_pss_mb": round(sampler.tree_pss_peak / 2**20, 1),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _crawl_in_process(engine: str, base: str, workdir: Path, concurrency: int, workers: int = 0) -> dict[str, float]:
    """One crawl in a fresh process; ``workers`` > 0: with extraction (Scrapy's in its callback)."""
    db = workdir / f"{engine}-{time.monotonic_ns()}.db"
    out = subprocess.run(
        [sys.executable, "-m", "bench.crawl", "_run", engine, base, str(db), str(concurrency), str(workers)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"{engine} crawl failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _with_site(pages: int, workdir: Path, fn: object, real: list[bytes] | None = None) -> object:
    root = workdir / (f"site-{pages}-dev" if real else f"site-{pages}")
    if not (root / "robots.txt.tmpl").exists():
        print(f"generating {pages} pages in {root} ...", file=sys.stderr)
        generate_site(root, pages, real=real)
    port = _free_port()
    server = serve(root, port)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        return fn(f"http://127.0.0.1:{port}")  # type: ignore[operator]
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "_serve":
        serve_with_aiohttp(Path(sys.argv[2]), int(sys.argv[3]))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        engine, base, db, concurrency = sys.argv[2], sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])
        workers = int(sys.argv[6])
        if engine == "ours":
            result = run_ours(base, db, concurrency, workers)
        else:
            result = run_scrapy(base, db, concurrency, extract=workers > 0)
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--only", choices=["ours", "scrapy"], default=None)
    parser.add_argument("--scale", type=int, default=0, help="also crawl a site this big with ours (memory)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep generated sites here between runs")
    parser.add_argument("--extract", action="store_true", help="crawls that extract: articles/s (see above)")
    parser.add_argument("--workers", type=int, default=2, help="our extraction processes with --extract")
    parser.add_argument("--rounds", type=int, default=1, help="crawl each this many times; medians are shown")
    parser.add_argument("--pages-from", type=Path, default=None, metavar="BENCH",
                        help="serve the shared bench folder's DEV pages (in turn) instead of generated ones")  # fmt: skip
    args = parser.parse_args()
    real = dev_pages(args.pages_from) if args.pages_from else None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(workdir.stat().st_mode | 0o755)  # nginx's workers run as another user ("nobody") under root
    engines = [args.only] if args.only else ["ours", "scrapy"]
    workers = args.workers if args.extract else 0

    def rounds(base: str) -> dict[str, dict[str, float]]:
        runs: dict[str, list[dict[str, float]]] = {e: [] for e in engines}
        for _ in range(args.rounds):  # interleaved, so a busy spell of the machine hits both alike
            for engine in engines:
                runs[engine].append(_crawl_in_process(engine, base, workdir, args.concurrency, workers))
        return {e: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for e, rs in runs.items()}

    results = _with_site(args.pages, workdir, rounds, real)
    unit = "articles" if args.extract else "pages"
    if empty := [engine for engine, r in results.items() if not r["pages"]]:  # type: ignore[union-attr]
        raise SystemExit(f"bench.crawl: {', '.join(empty)} stored no {unit} from the site in {workdir}: "
                         "see the server's errors above (can its user read the folder?)")  # fmt: skip
    print(f"{'engine':<8} {unit:>8} {unit + '/s':>11} {'CPU-s/1000':>10} {'peak MB':>8} {'tree MB':>8} "
          f"{'tree PSS':>8}")  # fmt: skip
    for engine, r in results.items():  # type: ignore[union-attr]
        print(f"{engine:<8} {r['pages']:>8} {r['pages_per_s']:>11} {r['cpu_s_per_1000']:>10} {r['peak_rss_mb']:>8} "
              f"{r['tree_peak_mb']:>8} {r['tree_pss_mb']:>8}")  # fmt: skip
    if len(results) == 2:  # type: ignore[arg-type]
        ours, scrapy = results["ours"], results["scrapy"]  # type: ignore[index]
        print(f"ours / scrapy: {ours['pages_per_s'] / scrapy['pages_per_s']:.2f}x {unit}/s, "
              f"{ours['cpu_s_per_1000'] / scrapy['cpu_s_per_1000']:.2f}x CPU per {unit[:-1]}, "
              f"{ours['tree_peak_mb'] / scrapy['tree_peak_mb']:.2f}x process-tree RSS, "
              f"{ours['tree_pss_mb'] / scrapy['tree_pss_mb']:.2f}x PSS")  # fmt: skip
    if args.scale:
        big = _with_site(args.scale, workdir, lambda base: _crawl_in_process("ours", base, workdir, args.concurrency))
        small = results.get("ours")  # type: ignore[union-attr]
        print(f"ours at {args.scale} pages: {big['peak_rss_mb']} MB peak"  # type: ignore[index]
              + (f" ({big['peak_rss_mb'] / small['peak_rss_mb']:.2f}x the {args.pages}-page crawl)" if small else ""))  # type: ignore[index]  # fmt: skip
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
