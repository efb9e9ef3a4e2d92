"""Text-dump benchmark: ``scraper clean`` against the C4 line rule and the whole dump.

    python -m bench.dumps --data PATH/TO/bench/dumps [--dataset NAME] [--passes 3] [--show-worst N]

Reads ``<data>/<dataset>/manifest.jsonl`` (scrapinghub, readability, fundus; styles ``inner`` and ``soup``, and
``wrapped``: the inner dumps hard-wrapped at 76 characters, the shape of a text browser's or html2text's dump)
and prints, per dataset, style, half (all; read: the sites whose pages may be studied; count: the sites only
counted, as ``<data>/../halves.py`` splits them) and cleaner: P/R/F1 of the cleaned text by the extraction
metric (4-token shingles, ``bench.extraction``), the share of exact titles (over the dumps labelled with one),
the share of right dates (fundus; scored as ``bench.metadata`` does) and dumps per second on one core (CPU
time, the median of ``--passes`` passes after the scored one). ``--show-worst`` lists the read half's worst
dumps by F1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.extraction import f1, score_shingles
from bench.metadata import _halves, date_ok, norm_title
from scraper.config import NormalizeConfig
from scraper.errors import InputError
from scraper.records import dump_record

DATASETS = ("scrapinghub", "readability", "fundus")
STYLES = ("inner", "soup", "wrapped")
WRAP_WIDTH = 76  # the "wrapped" style: the inner dumps hard-wrapped, as text browsers and html2text write pages
HALVES = ("all", "read", "count")
C4_END = re.compile(r"[.!?\"”’»]$")


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str | None = None  # None: the cleaner does not look for one
    date: str | None = None


def ours(dump: str) -> Cleaned:
    """The record ``scraper clean`` writes (its date read in the text's language)."""
    try:
        record = dump_record(dump, NormalizeConfig())
    except InputError:  # no article text left
        return Cleaned("", "", "")
    return Cleaned(record["text"], record["title"] or "", record["published"] or "")


def c4(dump: str) -> Cleaned:
    """C4's line rules (Raffel et al. 2020): keep lines that end in terminal punctuation and have 5+ words."""
    lines = (" ".join(line.split()) for line in dump.splitlines())
    return Cleaned("\n".join(line for line in lines if C4_END.search(line) and len(line.split()) >= 5))


def whole(dump: str) -> Cleaned:
    return Cleaned(dump)


CLEANERS: dict[str, Callable[[str], Cleaned]] = {"ours": ours, "c4": c4, "whole": whole}


def load(data: Path, dataset: str) -> list[tuple[str, dict[str, Any]]]:
    half_of = _halves(data)  # the halves.py next to the dumps folder
    manifest = data / dataset / "manifest.jsonl"
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    dumps = [
        (gzip.decompress((manifest.parent / row["dump"]).read_bytes()).decode("utf-8"), {**row, "half": half_of(row)})
        for row in rows
    ]
    return dumps + [(wrap(dump), {**row, "style": "wrapped"}) for dump, row in dumps if row["style"] == "inner"]


def wrap(dump: str, width: int = WRAP_WIDTH) -> str:
    """The dump with each line broken into lines of at most ``width`` characters, at spaces and after a
    compound's hyphen (Python's textwrap, as html2text wraps; lynx and w3m break at spaces only)."""
    return "\n".join(piece for line in dump.splitlines() for piece in textwrap.wrap(line, width) or [""])


def measure(
    dumps: list[tuple[str, dict[str, Any]]], cleaner: Callable[[str], Cleaned], passes: int
) -> tuple[list[Cleaned], float]:
    """The cleaner's outputs (an untimed pass: imports, compiled patterns, locale data), and its dumps per CPU
    second over ``passes`` timed passes, the median (this machine's speed wanders by +-15% from pass to pass)."""
    results = [cleaner(dump) for dump, _row in dumps]
    seconds = []
    for _ in range(passes):
        started = time.process_time()
        for dump, _row in dumps:
            cleaner(dump)
        seconds.append(time.process_time() - started)
    return results, len(dumps) / max(statistics.median(seconds), 1e-9) if seconds else float("nan")


def score(pairs: list[tuple[Cleaned, dict[str, Any]]]) -> dict[str, float]:
    precisions = [score_shingles(row["expected_text"], c.text)[0] for c, row in pairs if c.text.strip()]
    recalls = [score_shingles(row["expected_text"], c.text)[1] for c, row in pairs if row["expected_text"].strip()]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    titled = [(c, row) for c, row in pairs if row.get("title") and c.title is not None]
    dated = [(c, row) for c, row in pairs if row.get("expected_date") and c.date is not None]
    return {
        "p": p,
        "r": r,
        "f1": f1(p, r),
        "title": sum(norm_title(c.title or "") == norm_title(row["title"]) for c, row in titled) / len(titled)
        if titled
        else float("nan"),
        "date": sum(bool(c.date) and date_ok(c.date or "", row["expected_date"]) for c, row in dated) / len(dated)
        if dated
        else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the dumps folder (holding <dataset>/manifest.jsonl)")
    parser.add_argument("--dataset", choices=DATASETS, action="append", help="only these datasets")
    parser.add_argument("--only", choices=list(CLEANERS), action="append", help="only these cleaners")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per cleaner, the median kept (default 3)")
    parser.add_argument("--show-worst", type=int, default=0, metavar="N", help="list the read half's N worst dumps")
    args = parser.parse_args()
    datasets = [d for d in args.dataset or DATASETS if (args.data / d / "manifest.jsonl").exists()]
    if not datasets:
        parser.error(f"{args.data}: no <dataset>/manifest.jsonl found; pass the dumps benchmark folder")
    print(f"{'dataset':<12} {'style':<7} {'half':<5} {'cleaner':<6} {'P':>6} {'R':>6} {'F1':>6} {'title':>6} "
          f"{'date':>6} {'dumps/s':>8}")  # fmt: skip
    for dataset in datasets:
        rows = load(args.data, dataset)
        for style in STYLES:
            dumps = [(dump, row) for dump, row in rows if row["style"] == style]
            results = {name: measure(dumps, CLEANERS[name], args.passes) for name in args.only or CLEANERS}
            for half in HALVES:
                for name, (cleaned, speed) in results.items():
                    pairs = [
                        (c, row) for c, (_dump, row) in zip(cleaned, dumps, strict=True) if half in ("all", row["half"])
                    ]
                    m = score(pairs)
                    rate = f"{speed:8.0f}" if half == "all" else ""
                    print(f"{dataset:<12} {style:<7} {half:<5} {name:<6} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f} "
                          f"{_share(m['title']):>6} {_share(m['date']):>6} {rate}")  # fmt: skip
            if args.show_worst and "ours" in results:
                read = [
                    (c, row) for c, (_d, row) in zip(results["ours"][0], dumps, strict=True) if row["half"] == "read"
                ]
                worst = sorted(read, key=lambda pair: f1(*score_shingles(pair[1]["expected_text"], pair[0].text)))
                for c, row in worst[: args.show_worst]:
                    p, r = score_shingles(row["expected_text"], c.text)
                    print(f"  worst {row['id'][:16]} {style} P {p:.2f} R {r:.2f} {row.get('url') or row['group']}")


def _share(value: float) -> str:
    return "-" if value != value else f"{value:.1%}"


if __name__ == "__main__":
    main()
