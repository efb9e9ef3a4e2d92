"""The article's authors: JSON-LD, ``article:author``, the byline next to the headline, author meta tags."""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.dates import outside_chrome, own_containers
from scraper.extract.jsonld import name_of
from scraper.extract.titles import fold
from scraper.normalize.words import squeeze

AUTHOR_META = ("author", "parsely-author", "dc.creator", "sailthru.author", "byl", "byline", "cxenseparse:author")
BYLINE_LABEL = re.compile(
    r"(?:.{0,20}\s)?(?:by|von|par|por|door|di|autor(?:in)?:|author:|redaktion:|text:)(?:\s+(.{3,80}))?", re.I
)
CREDIT_WORDS = re.compile(r"photo|foto|bild|image|illustra|video|grafik|graphic", re.I)  # "Photos by X": no author
BYLINE_REACH = 60  # nodes after the headline searched for a bare "By"
BYLINE_SELECTORS = (
    "[itemprop=author] [itemprop=name], [rel=author], [itemprop=author], .byline, [class*=byline i], "
    "[class*=author i], [class*=contributor i], .vcard .fn, "
    "a[href*='/author/'], a[href*='/autor/'], a[href*='/authors/'], a[href*='/staff/'], a[href*='/editors/'], "
    "a[href*='/profil']"
)
BYLINE_NOISE = re.compile(
    r"^(?:(?:view\s+)?all\s+(?:posts|articles|stories)\s+by|(?:zeige\s+)?alle\s+(?:artikel|beiträge)\s+von|"
    r"more\s+(?:from|by)|posted\s+by|written\s+by|text:?|interview:?|by|von|par|por|door|di|author:?|autor:?)\s+"
    r"|\s+(?:@\w+|\+?follow|twitter|facebook|e-?mail|staff\s+(?:writer|reporter))\b.*$"
    r"|\s*\([^)]*\)",
    re.I,
)
# Labels and links that sit where bylines do but name nobody ("Posted on", "View profile", "Guide to authors").
NOT_A_NAME = re.compile(
    r"\b(?:posted|published|publiziert|veröffentlicht|profile?|userprofile|bio|guide|about|propos|follow|"
    r"latest|posts|weitere|informationen|more|share)\b",
    re.I,
)


def find_authors(
    tree: LexborHTMLParser, headline: LexborNode | None, ld: dict[str, Any], meta: dict[str, str], site_name: str
) -> tuple[str, ...]:
    """The article's JSON-LD authors, else the byline nearest the headline, else the author meta tags;
    never the publication itself."""
    publisher = {fold(site_name), fold(name_of(ld.get("publisher")))} - {""}
    value = ld.get("author")
    items = value if isinstance(value, list) else [value] if value else []
    names = [n for n in (squeeze(name_of(item)) for item in items) if n and not n.startswith("http")]
    if names := [n for n in names if fold(n) not in publisher]:
        return tuple(names)

    def from_meta(keys: tuple[str, ...]) -> str:
        texts = (squeeze(meta.get(key, "")) for key in keys)
        return next((t for t in texts if t and not t.startswith(("http", "@")) and fold(t) not in publisher), "")

    # article:author names a person when it is not a profile URL; "author" is often the publishing house.
    found = from_meta(("article:author",)) or _byline(tree, headline) or from_meta(AUTHOR_META)
    return (found,) if found else ()


def _byline(tree: LexborHTMLParser, headline: LexborNode | None) -> str:
    """The text of the byline element nearest the headline (after it first), outside chrome."""
    body = tree.body
    if body is None:
        return ""
    own = own_containers(headline)
    candidates = [n for n in body.css(BYLINE_SELECTORS) if outside_chrome(n, own)]
    nodes = list(body.traverse(include_text=True))
    order = {node.mem_id: i for i, node in enumerate(nodes)}
    anchor = order.get(headline.mem_id, 0) if headline is not None else 0
    candidates.sort(key=lambda n: (order.get(n.mem_id, 0) < anchor, abs(order.get(n.mem_id, 0) - anchor)))
    for node in candidates:
        if name := _name(node.attributes.get("content") or node.text(separator=" ")):
            return name
    # "By <span>Name</span>" with no class to tell: the text after a "By" right below the headline.
    texts = [n for n in nodes[anchor : anchor + BYLINE_REACH] if n.is_text_node and (n.text_content or "").strip()]
    for i, here in enumerate(texts):
        following = texts[i + 1].text_content or "" if i + 1 < len(texts) else ""
        text = squeeze(here.text_content)
        label = BYLINE_LABEL.fullmatch(text)
        if label and not CREDIT_WORDS.search(text) and (name := _name(label.group(1) or following)):
            return name
    return ""


def _name(raw: str) -> str:
    """A byline's name without labels, handles and roles, or "" when it is no name."""
    text = squeeze(raw)
    while (cleaned := BYLINE_NOISE.sub("", text).strip(" ,|·-–/")) != text:
        text = cleaned
    if (
        len(text) <= 80
        and len(text.split()) <= 8
        and sum(c.isalpha() for c in text) >= 3
        and not any(c.isdigit() for c in text)
        and not NOT_A_NAME.search(text)
    ):
        return text
    return ""
