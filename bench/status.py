"""Page status benchmark: what the classifier says of every DEV page and of the status fixtures.

    python -m bench.status --data PATH/TO/bench [--fixtures tests/data/status]

Every DEV page of ``extraction/*`` and ``snippets/*`` (see bench/extraction.py) with an expected article
(a body text, or sentences that must be extracted), and of ``metadata/*/dev.jsonl`` (article pages labelled
with their dates, titles and authors), should come out ``article`` or ``paywalled``; every fixture as its
manifest says. Printed: a confusion table per dataset and half (expected row, said columns),
every DEV article classified otherwise (id, half, status and evidence; the count half's without evidence,
as its pages are only counted), every fixture that is wrong, and the classifier's CPU time per page against
the whole extraction's (``classify_page`` timed again on the same inputs after each extraction).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from pathlib import Path

from bench.extraction import Doc, _halves, load_datasets
from scraper.errors import ExtractError
from scraper.extract import extract_article
from scraper.extract.article import decode_html
from scraper.extract.classify import SHOWN, PageFacts, PageStatus, classify_page
from scraper.extract.html import parse_html
from scraper.extract.metadata import read_metadata

FIXTURES = Path(__file__).parent.parent / "tests" / "data" / "status"


def status_of(html: bytes, url: str, encoding: str | None) -> tuple[str, str, float, float]:
    """The page's status, its evidence, and the CPU seconds of the extraction and of the classifier alone."""
    started = time.process_time()
    try:
        extracted = extract_article(html, url, encoding=encoding)
        status, evidence, text = extracted.status, extracted.status_evidence, extracted.text
    except ExtractError as e:
        status, evidence = e.reason, e.detail
        text = e.metadata.text if e.metadata is not None else ""
    extraction = time.process_time() - started
    page = decode_html(html, encoding)
    meta = read_metadata(parse_html(page), url, page)
    facts = PageFacts(meta.title, meta.page_type, meta.accessible_for_free, bool(meta.published_raw))
    started = time.process_time()
    classify_page(page, facts, text)
    return status, evidence, extraction, time.process_time() - started


def metadata_sets(data: Path) -> dict[str, list[Doc]]:
    """The metadata benchmark's pages, as articles (their labels are an article's date, title, authors)."""
    halves = _halves(data)
    sets = {}
    for manifest in sorted(data.glob("metadata/*/dev.jsonl")):
        rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets[f"metadata-{manifest.parent.name}"] = [
            Doc(r["id"], halves.half(r), r.get("url"), gzip.decompress((manifest.parent / r["html"]).read_bytes()),
                r.get("encoding") or "utf-8", expected="(labelled article)")
            for r in rows
        ]  # fmt: skip
    return sets


def fixtures(folder: Path) -> list[tuple[str, str, bytes]]:
    """``(name, expected status, html)`` of each fixture its ``manifest.json`` lists."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [(name, expected, (folder / name).read_bytes()) for name, expected in manifest.items()]


def _table(rows: Counter[tuple[str, str]]) -> str:
    said = sorted({s for _, s in rows})
    expected = sorted({e for e, _ in rows})
    lines = ["expected \\ said".ljust(16) + "".join(s[:12].rjust(13) for s in said)]
    for e in expected:
        lines.append(e.ljust(16) + "".join(str(rows[e, s] or ".").rjust(13) for s in said))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared bench folder")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="status fixtures with a manifest.json")
    args = parser.parse_args()
    shown = {str(s) for s in SHOWN}
    extraction_cpu = classify_cpu = 0.0
    pages = 0
    for name, docs in {**load_datasets(args.data, None), **metadata_sets(args.data)}.items():
        confusion: dict[str, Counter[tuple[str, str]]] = {"all": Counter(), "read": Counter(), "count": Counter()}
        wrong: list[tuple[Doc, str, str]] = []
        for doc in docs:
            status, evidence, extraction, classifying = status_of(doc.html, doc.url or "", doc.encoding)
            extraction_cpu, classify_cpu, pages = extraction_cpu + extraction, classify_cpu + classifying, pages + 1
            expected = "article" if doc.expected.strip() or doc.must else "no article"
            for half in ("all", doc.half):
                confusion[half][expected, status] += 1
            if expected == "article" and status not in shown:
                wrong.append((doc, status, evidence))
        articles = sum(1 for d in docs if d.expected.strip() or d.must)
        print(f"\n== {name}: {len(docs)} pages, {articles} articles; "
              f"{len(wrong)} articles classified otherwise ({len(wrong) / max(articles, 1):.1%})")  # fmt: skip
        for half, rows in confusion.items():
            other = sum(n for (e, s), n in rows.items() if e == "article" and s not in shown)
            total = sum(n for (e, _), n in rows.items() if e == "article")
            print(f"-- {half}: {other} of {total} articles classified otherwise ({other / max(total, 1):.1%})")
            print(_table(rows))
        for doc, status, evidence in wrong:
            print(f"   {doc.half:5} {doc.id}: {status}" + (f" ({evidence})" if doc.half == "read" else ""))
    results = [(name, expected, status_of(html, f"https://news.example/{name}", None)) for name, expected, html
               in fixtures(args.fixtures)]  # fmt: skip
    right = [name for name, expected, (status, *_) in results if status == expected]
    print(f"\n== fixtures: {len(right)} of {len(results)} right")
    fixture_rows = Counter((expected, status) for _, expected, (status, *_) in results)
    print(_table(fixture_rows))
    for name, expected, (status, evidence, *_) in results:
        if status != expected:
            print(f"   {name}: expected {expected}, said {status} ({evidence})")
    print(f"\nclassifier CPU: {classify_cpu / pages * 1000:.3f} ms per DEV page, "
          f"{classify_cpu / extraction_cpu:.1%} of extraction's {extraction_cpu / pages * 1000:.1f} ms")  # fmt: skip
    assert {str(s) for s in PageStatus} >= {e for _, e, _ in results}, "a fixture expects an unknown status"


if __name__ == "__main__":
    main()
