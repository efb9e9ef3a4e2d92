"""JSON-LD on a page: its objects (graphs flattened), the article among them, names and images."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

ARTICLE_TYPES = re.compile(r"(?:News|Blog|Report|Scholarly|Tech|Opinion|Analysis|Review)?Article|BlogPosting|Posting")


def objects(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "")
        except (ValueError, RecursionError):  # malformed, or nested past the decoder's recursion limit
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def article(tree: LexborHTMLParser) -> dict[str, Any]:
    """The page's JSON-LD article (else a WebPage with a publication date), with its author and publisher
    references (``{"@id": ".../#/schema/person/1"}``, as Yoast writes them) resolved within the page."""
    items = list(objects(tree))
    found: dict[str, Any] = {}
    for item in items:
        types = item.get("@type", "")
        types = " ".join(types) if isinstance(types, list) else str(types)
        if ARTICLE_TYPES.search(types):
            found = item
            break
        if not found and "datePublished" in item and "WebPage" in types:
            found = item
    if not found:
        return {}
    ids = {str(o["@id"]): o for o in items if isinstance(o.get("@id"), str) and len(o) > 1}

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict) and "name" not in value and str(value.get("@id")) in ids:
            return ids[str(value["@id"])]
        return value

    return {**found, "author": resolve(found.get("author")), "publisher": resolve(found.get("publisher"))}


def name_of(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return str(value.get("name") or "")
    return str(value or "")


def image_of(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return str(value.get("url") or value.get("contentUrl") or "")
    return str(value or "")
