"""Metadata benchmark: publication dates, titles and authors, ours against htmldate and trafilatura.

    python -m bench.metadata --data PATH/TO/bench/metadata [--only ours] [--show-errors ours]

Reads ``<data>/<dataset>/dev.jsonl`` for each dataset (htmldate, trafilatura, mercury, fundus) and prints,
per dataset, half (all; read: the sites whose pages may be studied; count: the sites only counted, as
``<data>/../halves.py`` splits them) and extractor: date accuracy, no date, wrong date (over the
date-labelled pages), exact title matches, author set matches (over the pages labelled with them) and
documents per second (one process, after an untimed pass). ``--show-errors`` lists the read half only.
Scoring follows the README of the data folder:

- date: the calendar day as written in the output, no time-zone conversion; a ``day`` label must equal
  it, an ``instant_utc`` label accepts any day the instant falls on for offsets from -12 h to +14 h;
- title: equal after HTML-unescape, NFKC, casefold and whitespace collapse;
- authors: equal as sets after splitting on ``; , / & | + ·`` and the words and/und/et/y/e, with a
  leading By/Von/Par/Por/Author: dropped and names casefolded.
"""

from __future__ import annotations

import argparse
import gzip
import html
import importlib.util
import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import trafilatura
from htmldate import find_date

from scraper.config import NormalizeConfig
from scraper.errors import ExtractError
from scraper.extract.article import decode_html
from scraper.extract.html import parse_html
from scraper.extract.metadata import read_metadata
from scraper.models import Page
from scraper.normalize.authors import normalize_authors
from scraper.normalize.dates import parse_date
from scraper.records import page_record

DATASETS = ("htmldate", "trafilatura", "mercury", "fundus")
HALVES = ("all", "read", "count")
AUTHOR_SPLIT = re.compile(r"\s*(?:[;,/&|+·]|\b(?:and|und|et|y|e)\b)\s*", re.I)
AUTHOR_LABEL = re.compile(r"^(?:by|von|par|por|author:)\s+", re.I)


@dataclass(frozen=True)
class Found:
    date: str | None = None
    title: str | None = None  # None: the extractor does not look for titles
    authors: tuple[str, ...] | None = None  # None: nor for authors


def ours(body: bytes, encoding: str, url: str) -> Found:
    """What a crawl stores; for a page without article text (a forum, a product page), what our metadata
    reader finds on it."""
    page = Page(url, url, 200, {"content-type": f"text/html; charset={encoding}"}, body, "")
    try:
        article = page_record(page, NormalizeConfig())
    except ExtractError:
        html = decode_html(body, encoding)
        meta = read_metadata(parse_html(html), url, html)
        published = parse_date(meta.published_raw, language=meta.locale or None)
        return Found(published, meta.title, normalize_authors(meta.authors))
    return Found(article.published, article.title, article.authors)


def htmldate(body: bytes, encoding: str, url: str) -> Found:
    text = body.decode(encoding, errors="replace")
    return Found(find_date(text, url=url, extensive_search=True, original_date=True))


def trafilatura_metadata(body: bytes, encoding: str, url: str) -> Found:
    meta = trafilatura.extract_metadata(body.decode(encoding, errors="replace"), default_url=url)
    if meta is None:
        return Found(title="", authors=())
    return Found(meta.date, meta.title or "", tuple(a for a in (meta.author or "").split("; ") if a))


EXTRACTORS: dict[str, Callable[[bytes, str, str], Found]] = {
    "ours": ours,
    "htmldate": htmldate,
    "trafilatura": trafilatura_metadata,
}


def date_ok(found: str, expected: dict[str, Any]) -> bool:
    day = found[:10]
    if expected["date_kind"] == "day":
        return bool(day == expected["date"])
    instant = datetime.fromisoformat(expected["date"].replace("Z", "+00:00"))
    return any((instant + timedelta(hours=h)).date().isoformat() == day for h in range(-12, 15))


def norm_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", html.unescape(title)).casefold().split())


def author_set(names: list[str] | tuple[str, ...]) -> set[str]:
    parts = (AUTHOR_LABEL.sub("", p.strip()) for name in names for p in AUTHOR_SPLIT.split(name))
    return {" ".join(p.casefold().split()) for p in parts if p.strip()}


def run(
    manifest: Path, extractor: Callable[[bytes, str, str], Found], half_of: Callable[[dict[str, Any]], str]
) -> tuple[list[tuple[Found, dict[str, Any]]], float]:
    """Every page's result with its manifest line (and its ``half``), and documents per second."""
    docs = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = [(gzip.decompress((manifest.parent / d["html"]).read_bytes()), {**d, "half": half_of(d)}) for d in docs]
    for body, d in pages:  # untimed pass: imports, compiled patterns, locale data
        extractor(body, d.get("encoding") or "utf-8", d["url"])
    started = time.perf_counter()
    results = [extractor(body, d.get("encoding") or "utf-8", d["url"]) for body, d in pages]
    seconds = time.perf_counter() - started
    return [(found, d) for found, (_body, d) in zip(results, pages, strict=True)], len(docs) / seconds


def score(results: list[tuple[Found, dict[str, Any]]], show_errors: bool = False) -> dict[str, float]:
    dated = ok = none = titled = titles = authored = authors = 0
    for found, d in results:
        expected = d["expected"]
        if "date" in expected:
            dated += 1
            good = bool(found.date) and date_ok(found.date or "", expected)
            ok += good
            none += not found.date
            if show_errors and not good and d["half"] == "read":
                print(f"  date {d['id']} expected {expected['date']} got {found.date} {d['url']}")
        if expected.get("title") and found.title is not None:
            titled += 1
            good = norm_title(found.title) == norm_title(expected["title"])
            titles += good
            if show_errors and not good and d["half"] == "read":
                print(f"  title {d['id']} expected {expected['title']!r} got {found.title!r}")
        if expected.get("authors") and found.authors is not None:
            authored += 1
            good = author_set(found.authors) == author_set(expected["authors"])
            authors += good
            if show_errors and not good and d["half"] == "read":
                print(f"  authors {d['id']} expected {expected['authors']} got {list(found.authors)}")
    return {
        "docs": len(results),
        "accuracy": ok / dated if dated else 0.0,
        "no_date": none / dated if dated else 0.0,
        "wrong": (dated - ok - none) / dated if dated else 0.0,
        "titles": titles / titled if titled else float("nan"),
        "authors": authors / authored if authored else float("nan"),
    }


def _halves(data: Path) -> Callable[[dict[str, Any]], str]:
    path = data.parent / "halves.py"
    spec = importlib.util.spec_from_file_location("bench_halves", path)
    if spec is None or spec.loader is None or not path.exists():
        raise SystemExit(f"{path}: not found; pass the metadata folder of the shared bench as --data")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.half  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder holding <dataset>/dev.jsonl")
    parser.add_argument("--only", choices=list(EXTRACTORS), action="append", help="run only these extractors")
    parser.add_argument("--show-errors", choices=list(EXTRACTORS), help="list one's wrong dates, titles, authors")
    parser.add_argument("--dataset", choices=DATASETS, action="append", help="run only these datasets")
    args = parser.parse_args()
    chosen = args.dataset or DATASETS
    manifests = [args.data / name / "dev.jsonl" for name in chosen if (args.data / name / "dev.jsonl").exists()]
    if not manifests:
        parser.error(f"{args.data}: no <dataset>/dev.jsonl found; pass the metadata benchmark folder")
    half_of = _halves(args.data)
    print(f"{'dataset':<12} {'half':<5} {'extractor':<12} {'date ok':>7} {'none':>6} {'wrong':>6} {'title':>6} "
          f"{'authors':>7} {'docs/s':>7}")  # fmt: skip
    for manifest in manifests:
        results = {name: run(manifest, EXTRACTORS[name], half_of) for name in args.only or EXTRACTORS}
        for half in HALVES:
            for name, (found, speed) in results.items():
                chosen = [(f, d) for f, d in found if half in ("all", d["half"])]
                m = score(chosen, args.show_errors == name and half == "all")
                rate = f"{speed:7.1f}" if half == "all" else ""
                print(f"{manifest.parent.name:<12} {half:<5} {name:<12} {m['accuracy']:7.1%} {m['no_date']:6.1%} "
                      f"{m['wrong']:6.1%} {_share(m['titles']):>6} {_share(m['authors']):>7} {rate}")  # fmt: skip


def _share(value: float) -> str:
    return "-" if value != value else f"{value:.1%}"  # NaN: not labelled, or not looked for


if __name__ == "__main__":
    main()
