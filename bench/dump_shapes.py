"""Text dumps in the shapes other tools write, made from the DEV pages: ``scraper clean`` on each.

    python -m bench.dump_shapes --data PATH/TO/bench [--dataset NAME]

For every page of ``<data>/extraction/`` (scrapinghub, readability, fundus) it writes the page's dump with
each tool found on this machine and scores what ``scraper clean`` keeps of it against the page's expected
article (P/R/F1 by the extraction metric, ``bench.extraction``) and the title against the dumps benchmark's
label for the page (``<data>/dumps/<dataset>/manifest.jsonl``, where there is one), per half (read: the sites
whose pages may be studied; count: the sites only counted):

- ``w3m``: ``w3m -dump -cols 80`` (wrapped at 79);
- ``lynx``: ``lynx -dump -nolist -width=80`` (wrapped at 74, text indented);
- ``lynx-refs``: ``lynx -dump -width=80``, lynx's default: "[12]Politics" link marks and a list of URLs;
- ``html2text``: Markdown as html2text writes it (links, headings, list items; wrapped at 78).

A tool that is not installed is left out (``apt-get install w3m lynx``, ``pip install html2text``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.dumps import ours
from bench.extraction import Doc, f1, load_datasets, score_shingles
from bench.metadata import norm_title

TIMEOUT_S = 60


def _browser(*command: str) -> Callable[[str], str] | None:
    if shutil.which(command[0]) is None:
        return None

    def dump(html: str) -> str:
        with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as page:
            page.write(html)
            page.flush()
            done = subprocess.run([*command, page.name], capture_output=True, timeout=TIMEOUT_S, check=False)
        return done.stdout.decode("utf-8", "replace")

    return dump


def _html2text() -> Callable[[str], str] | None:
    try:
        import html2text  # type: ignore[import-not-found]
    except ImportError:
        return None
    return lambda html: html2text.HTML2Text().handle(html)


def shapes() -> dict[str, Callable[[str], str]]:
    """The dump makers found on this machine, by name."""
    found = {
        "w3m": _browser("w3m", "-dump", "-cols", "80", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"),
        "lynx": _browser("lynx", "-dump", "-nolist", "-width=80", "-assume_charset=utf-8", "-display_charset=utf-8"),
        "lynx-refs": _browser("lynx", "-dump", "-width=80", "-assume_charset=utf-8", "-display_charset=utf-8"),
        "html2text": _html2text(),
    }
    return {name: make for name, make in found.items() if make is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared bench folder (holds extraction/)")
    parser.add_argument("--dataset", action="append", help="only these datasets (scrapinghub, readability, fundus)")
    args = parser.parse_args()
    makers = shapes()
    if not makers:
        parser.error("none of w3m, lynx or html2text is installed: apt-get install w3m lynx; pip install html2text")
    datasets = load_datasets(args.data, args.dataset or ["scrapinghub", "readability", "fundus"])
    print(f"{'dataset':<12} {'shape':<10} {'half':<5} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} {'title':>6}")
    for dataset, docs in datasets.items():
        titles = _titles(args.data / "dumps" / dataset / "manifest.jsonl")
        for shape, make in makers.items():
            scored: list[tuple[Doc, float, float, bool | None]] = []
            for doc in docs:
                dump = make(doc.html.decode(doc.encoding or "utf-8", errors="replace"))
                if dump.strip():
                    cleaned = ours(dump)
                    label = titles.get(doc.id)
                    right = None if label is None else norm_title(cleaned.title or "") == norm_title(label)
                    scored.append((doc, *score_shingles(doc.expected, cleaned.text), right))
            for half in ("read", "count"):
                rows = [(p, r, right) for doc, p, r, right in scored if doc.half == half]
                if rows:
                    p, r = statistics.mean(p for p, _r, _t in rows), statistics.mean(r for _p, r, _t in rows)
                    labelled = [right for _p, _r, right in rows if right is not None]
                    title = f"{sum(labelled) / len(labelled):6.1%}" if labelled else "     -"
                    print(
                        f"{dataset:<12} {shape:<10} {half:<5} {len(rows):5d} {p:6.3f} {r:6.3f} {f1(p, r):6.3f} {title}"
                    )


def _titles(manifest: Path) -> dict[str, str]:
    """The dumps benchmark's title labels, by page id."""
    if not manifest.exists():
        return {}
    rows = (json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row["title"] for row in rows if row.get("title")}


if __name__ == "__main__":
    main()
