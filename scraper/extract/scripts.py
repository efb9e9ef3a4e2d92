"""Article text that a page carries only in script data: JSON-LD ``articleBody``, hydration JSON
(``<script id="__NEXT_DATA__" type="application/json">`` and its kind) that a script renders into the page,
or a React Server Components payload (:mod:`scraper.extract.flight`).

In hydration JSON the body is a run of strings under one path (``props.pageProps.story.body[*].text``):
the strings are grouped by their path with list positions left out, and the group with the most prose
is the body. Strings holding HTML are read as HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from scraper.extract import jsonld
from scraper.extract.flight import flight_data
from scraper.normalize.words import FULL_STOPS, is_spaceless

DATA_SCRIPTS = 'script[type="application/json"], script[type="application/ld+json"]'
MIN_STRING_CHARS = 40  # shorter strings are labels, ids and captions; prose has spaces, unless its script has none
SENTENCE = re.compile(rf"[{FULL_STOPS}]\s*$|[{FULL_STOPS}]\s|</p>", re.M)
TAG = re.compile(r"<[a-zA-Z/][^>]*>")
MAX_DEPTH = 64
MAX_SCRIPT_CHARS = 5_000_000


def script_text(tree: LexborHTMLParser) -> str:
    """The article text in the page's script data, paragraphs separated by blank lines ("" if none)."""
    body = jsonld.article(list(jsonld.objects(tree))).get("articleBody")
    if isinstance(body, str) and body.strip():
        return _as_text(body)
    groups: dict[str, list[str]] = {}
    for data in (*_data_scripts(tree), *flight_data(tree)):
        for path, value in _strings(data, "", 0):
            if len(value) >= MIN_STRING_CHARS and (" " in value or is_spaceless(value)) and SENTENCE.search(value):
                groups.setdefault(path, []).append(value)
    if not groups:
        return ""
    best = max(groups.values(), key=lambda strings: sum(len(s) for s in strings))
    return "\n\n".join(_as_text(s) for s in dict.fromkeys(best))


def _data_scripts(tree: LexborHTMLParser) -> Iterator[Any]:
    for script in tree.css(DATA_SCRIPTS):
        source = script.text(deep=True) or ""
        if len(source) > MAX_SCRIPT_CHARS:
            continue
        try:
            yield json.loads(source)
        except (ValueError, RecursionError):
            continue


def _strings(data: Any, path: str, depth: int) -> Iterator[tuple[str, str]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}", depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, f"{path}[]", depth + 1)


def _as_text(value: str) -> str:
    if not TAG.search(value):
        return value.strip()
    tree = LexborHTMLParser(f"<body>{value}</body>")
    blocks = [n.text(separator=" ").strip() for n in tree.css("p, h2, h3, h4, li, blockquote")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else (tree.body.text(separator=" ").strip() if tree.body else "")
