"""The data in a page's React Server Components payload ("flight"), the script data of Next.js's App Router.

Such a page sends what React hydrates from in ``<script>self.__next_f.push([1, "…"])</script>`` chunks,
beside or instead of its HTML; a page rendered on the client carries its article only there (as element
children, or as data handed to a component: ``{"detail": {"contentHtml": "$24"}}``). Joined, the chunks
are rows ``<id>:<JSON>\\n`` or, for long strings, ``<id>:T<hex byte length>,<text>``, and the string
``"$24"`` (or ``"$L24"``, ``"$@24"``) stands for row 24. :func:`flight_data` returns the JSON rows with the
long strings put back in their places, for :mod:`scraper.extract.scripts` to search like hydration JSON.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

PUSH = re.compile(r"""self\.__next_f\.push\(\[\s*1\s*,\s*("(?:[^"\\]|\\.)*")\s*\]\)""")
ROW = re.compile(r"([0-9a-f]+):")
REFERENCE = re.compile(r"^\$[L@]?([0-9a-f]+)$")
MAX_PAYLOAD_CHARS = 5_000_000
MAX_DEPTH = 64


def flight_data(tree: LexborHTMLParser) -> list[Any]:
    """The JSON rows of the page's flight payload, text rows in place of their references; [] if none."""
    chunks: list[str] = []
    size = 0
    for script in tree.css("script"):
        source = script.text(deep=True) or ""
        if "__next_f" not in source:
            continue
        for match in PUSH.finditer(source):
            try:
                chunk = json.loads(match.group(1))
            except ValueError:
                continue
            size += len(chunk)
            if size > MAX_PAYLOAD_CHARS:
                return []
            chunks.append(chunk)
    if not chunks:
        return []
    rows = _rows("".join(chunks))
    texts = {key: value for key, value in rows.items() if isinstance(value, str)}
    return [_with_texts(value, texts, 0) for value in rows.values() if not isinstance(value, str)]


def _rows(stream: str) -> dict[str, Any]:
    """The payload's rows by id, in order: parsed JSON, or the text of a ``T`` row."""
    rows: dict[str, Any] = {}
    at = 0
    while at < len(stream):
        match = ROW.match(stream, at)
        if match is None:  # not a row (an import or hint row has a letter first): skip to the next line
            newline = stream.find("\n", at)
            if newline < 0:
                break
            at = newline + 1
            continue
        key, at = match.group(1), match.end()
        if stream.startswith("T", at) and (comma := stream.find(",", at)) > 0:
            length = int(stream[at + 1 : comma], 16) if re.fullmatch(r"[0-9a-f]+", stream[at + 1 : comma]) else 0
            # the length counts UTF-8 bytes: as many characters are enough, and then cut to the bytes
            text = stream[comma + 1 : comma + 1 + length].encode()[:length].decode("utf-8", "ignore")
            rows[key] = text
            at = comma + 1 + len(text)
            continue
        newline = stream.find("\n", at)
        end = newline if newline >= 0 else len(stream)
        if stream[at : at + 1] in ("[", "{"):
            with contextlib.suppress(ValueError, RecursionError):  # a broken row: the others still count
                rows[key] = json.loads(stream[at:end])
        at = end + 1
    return rows


def _with_texts(value: Any, texts: dict[str, str], depth: int) -> Any:
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, str):
        match = REFERENCE.match(value)
        return texts.get(match.group(1), value) if match else value
    if isinstance(value, list):
        return [_with_texts(item, texts, depth + 1) for item in value]
    if isinstance(value, dict):
        return {key: _with_texts(item, texts, depth + 1) for key, item in value.items()}
    return value
