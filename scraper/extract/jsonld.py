"""JSON-LD on a page: its objects (graphs flattened), the article among them, names and images."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

ARTICLE_TYPES = re.compile(r"(?:News|Blog|Report|Scholarly|Tech|Opinion|Analysis|Review)?Article|BlogPosting|Posting")
LIVE_BLOG = re.compile(r"\bLiveBlogPosting\b")
PAGE_TYPES = re.compile(
    r"VideoObject|Clip|Episode|Movie|ImageGallery|MediaGallery|CollectionPage|ItemList|ProfilePage|"
    r"SearchResultsPage"
)


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


def article(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The article among a page's JSON-LD objects (else a WebPage with a publication date), with its author
    and publisher references (``{"@id": ".../#/schema/person/1"}``, as Yoast writes them) resolved within
    the page."""
    found: dict[str, Any] = {}
    for item in items:
        types = types_of(item)
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


def types_of(item: dict[str, Any]) -> str:
    types = item.get("@type", "")
    return " ".join(map(str, types)) if isinstance(types, list) else str(types)


def page_type(items: list[dict[str, Any]], article: dict[str, Any]) -> str:
    """The type of what the page is about: its article's, else the first object whose type names a kind
    of page (a video, a gallery, a collection), else ""."""
    if article:
        return types_of(article)
    return next((t for t in map(types_of, items) if PAGE_TYPES.search(t)), "")


def is_live_blog(items: list[dict[str, Any]]) -> bool:
    """Whether an object on the page is a live blog (schema.org ``LiveBlogPosting``), also where another
    object types the page as a news article."""
    return any(LIVE_BLOG.search(types_of(item)) for item in items)


def accessible_for_free(items: list[dict[str, Any]], article: dict[str, Any]) -> bool | None:
    """``isAccessibleForFree`` of the article, else of any object on the page; None when no object says."""
    for item in (article, *items):
        value = item.get("isAccessibleForFree")
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
    return None


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
