"""Article language on the DEV pages: the page's markup alone against markup checked by the text.

Usage: python -m bench.language --data PATH/TO/shared/bench

The label of a page is the language of its hand-made ground-truth text (py3langid on that clean text, whole,
counted only where it is sure, p >= 0.99, and has 30 words or more). For every extraction set and half it
prints how often the markup's language and our chosen language (scraper.normalize.language) equal the
label (or a language too close to it to tell, like nb and no), and how many pages have none. Read-half pages whose choice differs from the label are listed.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bench.extraction import Doc, load_datasets
from scraper.config import NormalizeConfig
from scraper.errors import ExtractError
from scraper.models import Page
from scraper.normalize.language import SURE, close, detect_language
from scraper.records import page_record


def record_languages(doc: Doc) -> tuple[str, str]:
    """(markup, chosen) language codes of our record of the page, "" for none."""
    page = Page(doc.url or "", doc.url or "", 200, {"content-type": f"text/html; charset={doc.encoding}"}, doc.html, "")
    try:
        article = page_record(page, NormalizeConfig())
    except ExtractError as e:
        if e.article is None:
            return "", ""
        article = e.article
    markup = article.language if article.language_source == "markup" else ""
    if article.language_source == "text":  # what the markup said: read again without the text's view
        from scraper.extract import extract_article

        try:
            markup = extract_article(doc.html, doc.url or "", encoding=doc.encoding).language
        except ExtractError as e:
            markup = e.metadata.language if e.metadata else ""
    return markup, article.language or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared bench folder")
    args = parser.parse_args()
    print(f"{'set':<12} {'half':<6} {'labelled':>8} {'markup':>8} {'chosen':>8} {'no markup':>9} {'by text':>8}")
    for name, docs in load_datasets(args.data, ["scrapinghub", "readability", "fundus"]).items():
        wrong: list[str] = []
        for half in ("read", "count"):
            tally: Counter[str] = Counter()
            for doc in (d for d in docs if d.half == half):
                # Read whole, not the opening our detection samples: the label must not move with it
                label, probability = detect_language(doc.expected, sample=None)
                if label is None or probability < SURE:
                    continue
                markup, chosen = record_languages(doc)
                tally.update(labelled=1, markup=close(markup, label), chosen=close(chosen, label), none=not markup,
                             text=markup != chosen)  # fmt: skip
                if half == "read" and not close(chosen, label):
                    wrong.append(f"  {doc.id}: label {label}, markup {markup or '-'}, chosen {chosen or '-'}")
            n = tally["labelled"] or 1
            print(f"{name:<12} {half:<6} {tally['labelled']:>8} {tally['markup'] / n:>8.1%} {tally['chosen'] / n:>8.1%}"
                  f" {tally['none']:>9} {tally['text']:>8}")  # fmt: skip
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
