"""RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed -> article links."""

from __future__ import annotations

import json
from dataclasses import dataclass

from scraper.discover.urls import join_url
from scraper.discover.xml import local_name, read_xml, text_of


@dataclass(frozen=True)
class Feed:
    links: tuple[str, ...] = ()  # absolute entry links, in feed order
    problem: str = ""  # why the feed could not be read (whole); "" for a good feed, empty or not


def parse_feed(data: bytes, base_url: str) -> Feed:
    """The entry links of a feed; a damaged one gives the links before the damage and says what is wrong."""
    if data.lstrip()[:1] == b"{":
        return _json_feed(data, base_url)
    root, problem = read_xml(data, ("rss", "rdf", "feed"), "feed")
    if root is None:
        return Feed(problem=problem)
    links: list[str] = []
    try:
        for item in root.iter():
            name = local_name(item)
            if name == "item":  # RSS 0.9x/2.0 and RDF
                for child in item:
                    if local_name(child) == "link" and (link := text_of(child)):
                        links.append(join_url(base_url, link))
                        break
                else:
                    guid = next((c for c in item if local_name(c) == "guid"), None)
                    if guid is not None and guid.get("isPermaLink", "true") != "false" and (link := text_of(guid)):
                        links.append(join_url(base_url, link))
            elif name == "entry":  # Atom
                candidates = [c for c in item if local_name(c) == "link" and c.get("href")]
                preferred = [c for c in candidates if c.get("rel", "alternate") == "alternate"]
                if preferred or candidates:
                    links.append(join_url(base_url, (preferred or candidates)[0].get("href", "").strip()))
    except UnicodeDecodeError as e:  # an attribute the recovering parser kept and cannot decode
        problem = problem or f"damaged feed: undecodable text ({e.reason}); read up to the damage"
    return Feed(tuple(link for link in links if link), problem)


def _json_feed(data: bytes, base_url: str) -> Feed:
    """JSON Feed 1.x (jsonfeed.org): each item's ``url``, its permalink."""
    try:
        feed = json.loads(data)
    except (ValueError, RecursionError) as e:
        return Feed(problem=f"not a feed: the JSON does not parse ({e})")
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        return Feed(problem="not a feed: JSON without an 'items' list (JSON Feed 1.x)")
    links = (
        join_url(base_url, item["url"].strip())
        for item in items
        if isinstance(item, dict) and isinstance(item.get("url"), str) and item["url"].strip()
    )
    return Feed(tuple(link for link in links if link))
