"""Article-body extraction benchmark: our extractor against trafilatura, in one run.

    python -m bench.extraction --data PATH/TO/bench [--only ours] [--sets fundus,snippets] [--passes 1]
                               [--hide-names]

``PATH/TO/bench`` is the shared benchmark folder: ``extraction/<dataset>/manifest.jsonl`` (pages with the
expected body text), ``snippets/trafilatura.jsonl`` (pages with sentences that must and must not appear)
and ``halves.py`` (which site is in the half whose pages may be read, which in the half only counted).

Every extractor reads every page once, scored; then ``--passes`` timed rounds follow, in which the
extractors take turns document by document (wall and CPU time summed over a pass, the median kept). Both sides
extract with their metadata, in this process; ours makes the whole record a crawl's worker stores (text,
metadata, images, status, normalized dates and language, near-duplicate signature). Printed per dataset, half (all / read / count) and extractor:
precision, recall, F1, empty outputs, share of documents with F1 >= 0.9, docs/s and CPU milliseconds per
document. Then the *catastrophic* pages of each dataset: ours below F1 0.5 where a trafilatura setting
reaches 0.8.

``--hide-names`` renames every ``class`` and ``id`` token of every page to a meaningless one (the same token
to the same name, as a minifier or CSS modules do) before any extractor sees it: a probe of how much an
extractor leans on names, which unseen templates (other languages, hashed names) do not share.

Metrics, as the data's READMEs define them:

- ``extraction/``: the Scrapinghub benchmark's 4-token shingles, precision averaged over non-empty outputs,
  recall over documents with expected text, F1 of the two means;
- ``snippets/``: trafilatura's own evaluation: a must-contain snippet found in the text is a true positive,
  one missing a false negative, a must-not-contain snippet found a false positive; pooled over all pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import importlib.util
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import trafilatura

from scraper.config import NormalizeConfig
from scraper.duplicates import signature
from scraper.errors import ExtractError
from scraper.extract.text_extractor import as_shipped, forget_texts
from scraper.models import Page
from scraper.records import page_record

TOKEN = re.compile(r"\w+")
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
METADATA_HEADER = re.compile(r"\A---\n.*?\n---\n", re.S)
CATASTROPHIC_OURS, CATASTROPHIC_REFERENCE = 0.5, 0.8


@dataclass(frozen=True)
class Doc:
    id: str
    half: str  # "read" or "count"
    url: str | None
    html: bytes
    encoding: str
    expected: str = ""  # extraction sets: the body text
    must: tuple[str, ...] = ()  # snippet set
    must_not: tuple[str, ...] = ()


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def score_shingles(expected: str, predicted: str) -> tuple[float, float]:
    exp, pred = shingles(expected), shingles(predicted)
    tp = sum((exp & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(exp.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if pred else 0.0
    recall = tp / (tp + fn) if exp else 0.0
    return precision, recall


def _flat(text: str) -> str:
    return " ".join(INVISIBLE.sub("", text).split())


def score_snippets(doc: Doc, predicted: str) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page."""
    text = _flat(predicted)
    found = [_flat(s) in text for s in doc.must]
    return sum(found), sum(_flat(s) in text for s in doc.must_not), len(found) - sum(found)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def doc_f1(doc: Doc, predicted: str) -> float:
    if doc.must or doc.must_not:
        tp, fp, fn = score_snippets(doc, predicted)
        return f1(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)
    return f1(*score_shingles(doc.expected, predicted))


NORMALIZE = NormalizeConfig()


def ours(doc: Doc) -> str:
    """The text of the page's whole record, made as a crawl's worker makes it (signature included)."""
    url = doc.url or ""
    page = Page(url, url, 200, {"content-type": f"text/html; charset={doc.encoding}"}, doc.html, "")
    try:
        text = page_record(page, NORMALIZE).text
    except ExtractError:
        return ""
    signature(text)
    return text


def _trafilatura(doc: Doc, **options: bool) -> str:
    """The body text trafilatura extracts along with its metadata (the YAML header of the metadata is cut)."""
    html = doc.html.decode(doc.encoding, errors="replace")
    with as_shipped():  # not with ours' skip of its readability comparison
        text = trafilatura.extract(html, url=doc.url, deduplicate=False, include_comments=False,
                                   with_metadata=True, **options) or ""  # fmt: skip
    return METADATA_HEADER.sub("", text, count=1)


def trafilatura_default(doc: Doc) -> str:
    return _trafilatura(doc)


def trafilatura_precision(doc: Doc) -> str:
    return _trafilatura(doc, favor_precision=True)


EXTRACTORS: dict[str, Callable[[Doc], str]] = {
    "ours": ours,
    "trafilatura": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
}


def _halves(data: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_halves", data / "halves.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{data}/halves.py: not found; pass the shared bench folder as --data")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(manifest: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]


NAME_ATTRIBUTE = re.compile(rb"""(\s(?:class|id)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)


def hide_names(html: bytes) -> bytes:
    """The page with each class and id token replaced by a hash of it ("article-body" -> "k3f9a1c")."""

    def renamed(match: re.Match[bytes]) -> bytes:
        value = match.group(2) if match.group(2) is not None else match.group(3)
        tokens = (b"k" + hashlib.sha1(token).hexdigest()[:6].encode() for token in value.split())
        return match.group(1) + b'"' + b" ".join(tokens) + b'"'

    return NAME_ATTRIBUTE.sub(renamed, html)


def load_datasets(data: Path, only: Iterable[str] | None) -> dict[str, list[Doc]]:
    halves = _halves(data)

    def doc(manifest: Path, row: dict[str, Any], **fields: Any) -> Doc:
        html = gzip.decompress((manifest.parent / row["html"]).read_bytes())
        return Doc(row["id"], halves.half(row), row.get("url"), html, row.get("encoding") or "utf-8", **fields)

    sets: dict[str, list[Doc]] = {}
    for manifest in sorted(data.glob("extraction/*/manifest.jsonl")):
        sets[manifest.parent.name] = [doc(manifest, r, expected=r["expected_text"]) for r in _rows(manifest)]
    for manifest in sorted(data.glob("snippets/*.jsonl")):
        sets[f"snippets-{manifest.stem}"] = [
            doc(manifest, r, must=tuple(r["must_contain"]), must_not=tuple(r["must_not_contain"]))
            for r in _rows(manifest)
        ]
    if only:
        wanted = set(only)
        sets = {name: docs for name, docs in sets.items() if name in wanted or name.split("-")[0] in wanted}
    return sets


def summarize(docs: list[Doc], outputs: list[str]) -> dict[str, float]:
    """The dataset's metric over ``docs``."""
    empty = sum(not o.strip() for o in outputs)
    good = sum(doc_f1(d, o) >= 0.9 for d, o in zip(docs, outputs, strict=True)) / max(1, len(docs))
    if docs and (docs[0].must or docs[0].must_not):
        tp = fp = fn = 0
        for d, o in zip(docs, outputs, strict=True):
            a, b, c = score_snippets(d, o)
            tp, fp, fn = tp + a, fp + b, fn + c
        p, r = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
        return {"precision": p, "recall": r, "f1": f1(p, r), "empty": empty, "good": good}
    precisions, recalls = [], []
    for d, o in zip(docs, outputs, strict=True):
        p, r = score_shingles(d.expected, o)
        if o.strip():
            precisions.append(p)
        if d.expected.strip():
            recalls.append(r)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": f1(p, r), "empty": empty, "good": good}


def run(
    docs: list[Doc], extractors: dict[str, Callable[[Doc], str]], passes: int
) -> dict[str, tuple[list[str], float, float]]:
    """Each extractor's outputs, and the median over passes of its wall and CPU seconds summed over the
    documents of a pass (of the scored pass when ``passes`` is 0). In a timed pass the extractors take turns
    document by document, the order turning with each document, so that the shared machine's drift (its
    speed wanders by +-15% from minute to minute, more when a neighbour is busy) weighs on every side alike;
    trafilatura's text caches are emptied before each turn."""
    outputs: dict[str, list[str]] = {}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in extractors}
    for name, extractor in extractors.items():  # the scored pass; it also warms imports, patterns and locale data
        started, cpu = time.perf_counter(), time.process_time()
        outputs[name] = [extractor(d) for d in docs]
        if not passes:
            times[name].append((time.perf_counter() - started, time.process_time() - cpu))
    names = list(extractors)
    for _ in range(passes):
        spent = {name: [0.0, 0.0] for name in names}
        for turn, d in enumerate(docs):
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                forget_texts()  # no side finds the texts the other cached from this page
                started, cpu = time.perf_counter(), time.process_time()
                extractors[name](d)
                spent[name][0] += time.perf_counter() - started
                spent[name][1] += time.process_time() - cpu
        for name, (wall, cpu_seconds) in spent.items():
            times[name].append((wall, cpu_seconds))
    return {
        name: (
            outputs[name],
            statistics.median(w for w, _ in times[name]),
            statistics.median(c for _, c in times[name]),
        )
        for name in extractors
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared bench folder (holds halves.py)")
    parser.add_argument("--only", choices=list(EXTRACTORS), action="append", help="run only these extractors")
    parser.add_argument("--sets", help="comma-separated datasets (scrapinghub,readability,fundus,snippets)")
    parser.add_argument("--passes", type=int, default=1, help="timed passes after the scored one (default 1)")
    parser.add_argument("--show", type=int, default=0, help="list the N worst read-half documents of ours per dataset")
    parser.add_argument("--hide-names", action="store_true", help="rename every class and id to a meaningless token")
    args = parser.parse_args()
    datasets = load_datasets(args.data, args.sets.split(",") if args.sets else None)
    if args.hide_names:
        datasets = {
            name: [dataclasses.replace(d, html=hide_names(d.html)) for d in docs] for name, docs in datasets.items()
        }
    if not datasets:
        parser.error(f"{args.data}: no extraction/<dataset>/manifest.jsonl or snippets/*.jsonl found")
    names = args.only or list(EXTRACTORS)
    header = f"{'dataset':<21} {'half':<5} {'extractor':<22} {'P':>6} {'R':>6} {'F1':>6} {'empty':>5} {'F1>=.9':>7}"
    print(f"{header} {'docs/s':>7} {'CPU ms/doc':>10}")
    for dataset, docs in datasets.items():
        results = run(docs, {name: EXTRACTORS[name] for name in names}, args.passes)
        for half in ("all", "read", "count"):
            index = [i for i, d in enumerate(docs) if half in ("all", d.half)]
            for name, (outputs, wall, cpu) in results.items():
                m = summarize([docs[i] for i in index], [outputs[i] for i in index])
                line = f"{dataset:<21} {half:<5} {name:<22} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}"
                speed = f"{len(docs) / wall:7.1f} {1000 * cpu / len(docs):10.1f}" if half == "all" else ""
                print(f"{line} {m['empty']:5d} {m['good']:7.1%} {speed}")
        if "ours" in results:
            scores = {d.id: doc_f1(d, o) for d, o in zip(docs, results["ours"][0], strict=True)}
            reference = {
                d.id: max(doc_f1(d, results[n][0][i]) for n in results if n != "ours") for i, d in enumerate(docs)
            } if len(results) > 1 else {}  # fmt: skip
            bad = [
                f"{d.id}({d.half} {scores[d.id]:.2f}/{reference[d.id]:.2f})"
                for d in docs
                if reference and scores[d.id] < CATASTROPHIC_OURS and reference[d.id] >= CATASTROPHIC_REFERENCE
            ]
            print(f"{dataset}: catastrophic {len(bad)}: {' '.join(bad)}")
            if args.show:
                readable = [d for d in docs if d.half == "read"]  # count-half pages are never studied one by one
                worst = sorted(readable, key=lambda d: scores[d.id])[: args.show]
                print(
                    "  worst (read half):",
                    " ".join(f"{d.id}({scores[d.id]:.2f}/{reference.get(d.id, 0):.2f})" for d in worst),
                )


if __name__ == "__main__":
    main()
