"""The article's authors: JSON-LD, ``article:author``, the byline next to the headline, author meta tags."""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.dates import NEVER_TEXT, outside_chrome, own_containers
from scraper.extract.jsonld import name_of
from scraper.extract.titles import fold
from scraper.normalize.authors import normalize_authors
from scraper.normalize.words import squeeze

AUTHOR_META = ("author", "parsely-author", "dc.creator", "sailthru.author", "byl", "byline", "cxenseparse:author")
BYLINE_LABEL = re.compile(
    r"(?:.{0,20}\s)?(?:(?:by|von|par|por|door|di)(?:\s*:)?|(?:autor(?:in)?|author|redaktion|text)\s*:)(?:(?:\s*:\s*|\s+)(.{2,80}))?",
    re.I,
)
CREDIT_WORDS = re.compile(r"photo|foto|bild|image|illustra|video|grafik|graphic", re.I)  # "Photos by X": no author
LABEL_NEAR = 60  # nodes right after the headline, where a bare "By" is a byline whatever its container's name
LABEL_REACH = 250  # nodes after the headline searched for a bare "By" or "Autor:" outside chrome
LABEL_REACH_BEFORE = 25  # and before it
EMAIL = re.compile(r"\S+@\S+\.\w+")
PARTICLES = frozenset(  # lower-case words in names, and the words joining names
    {
        "von",
        "van",
        "der",
        "den",
        "de",
        "la",
        "le",
        "du",
        "di",
        "da",
        "dos",
        "del",
        "bin",
        "al",
        "ter",
        "zu",
        "and",
        "und",
        "et",
    }
)
BYLINE_SELECTORS = (
    "[itemprop=author] [itemprop=name], [rel=author], [itemprop=author], .byline, [class*=byline i], "
    "[class*=author i], [class*=contributor i], .vcard .fn, "
    "a[href*='/author/'], a[href*='/autor/'], a[href*='/authors/'], a[href*='/staff/'], a[href*='/editors/'], "
    "a[href*='/profil']"
)
BYLINE_NOISE = re.compile(
    r"^(?:(?:view\s+)?all\s+(?:posts|articles|stories)\s+by|(?:zeige\s+)?alle\s+(?:artikel|beiträge)\s+von|"
    r"more\s+(?:from|by)|(?:posted|written)\s+by|post\s+author(?:\s+by)?|(?:eingestellt|gespeichert|geschrieben|verfasst)\s+von|"
    r"text:?|interview:?|by|von|par|por|door|di|author:?|autor:?)\s+"
    r"|\s+(?:@\s?\w+|\+?follow|twitter|facebook|e-?mail|staff\s+(?:writer|reporter))\b.*$"
    r"|\s*\([^)]*\)",
    re.I,
)
# Labels and links that sit where bylines do but name nobody ("Posted on", "View profile", "Guide to authors").
NOT_A_NAME = re.compile(
    r"\b(?:posted|published|publiziert|veröffentlicht|profile?|userprofile|bio|guide|about|propos|follow|"
    r"latest|posts|weitere|informationen|more|share|editorial)\b|^(?:by|von|par|por|door|di)$",
    re.I,
)


def find_authors(
    tree: LexborHTMLParser, headline: LexborNode | None, ld: dict[str, Any], meta: dict[str, str], site_name: str
) -> tuple[str, ...]:
    """The article's JSON-LD authors, else ``article:author``, else the byline nearest the headline, else the
    author meta tags; never the publication itself (a byline may name it: a blog's author is its name).
    A later source that writes the first one's names out wins ("Todd" in the JSON-LD, "Todd Bates" in the
    byline)."""
    publisher = {fold(site_name), fold(name_of(ld.get("publisher")))} - {""}

    def people(*raw: str) -> tuple[str, ...]:
        return tuple(n for n in normalize_authors(raw) if fold(n) not in publisher)

    def from_meta(keys: tuple[str, ...]) -> str:
        texts = (squeeze(meta.get(key, "")) for key in keys)
        return next((t for t in texts if t and not t.startswith(("http", "@"))), "")

    value = ld.get("author")
    items = value if isinstance(value, list) else [value] if value else []
    found = [
        people(*(n for n in (squeeze(name_of(item)) for item in items) if not n.startswith("http"))),
        # article:author names a person when it is not a profile URL; "author" is often the publishing house.
        people(from_meta(("article:author",))),
        normalize_authors([_byline(tree, headline)]),
        people(from_meta(AUTHOR_META)),
    ]
    first = next((names for names in found if names), ())
    return next((names for names in found if _completes(names, first)), first)


def _completes(names: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Whether ``names`` are ``others`` written out: "Todd Bates" for "Todd", "Edilson La Rosa" for
    "edilson.la.rosa"."""
    if not others or len(names) != len(others):
        return False
    return all(
        _squash(name).startswith(_squash(other))
        and len(name.split()) <= min(4, len(other.split()) + 2)
        and (len(name) > len(other) or name.count(" ") > other.count(" "))
        for name, other in zip(names, others, strict=True)
    )


def _squash(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


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
    # After the headline first, nearest first; the article's own footer (an author's bio) last.
    candidates.sort(
        key=lambda n: (
            not outside_chrome(n, own, footers=False),
            order.get(n.mem_id, 0) < anchor,
            abs(order.get(n.mem_id, 0) - anchor),
        )
    )
    for node in candidates:
        if name := _name(node.attributes.get("content") or node.text(separator=" ")):
            return name
    # "By <span>Name</span>" with no class to tell: the text after a "By" or "Autor:" label right below the
    # headline, else further down outside chrome (the article's footer), else just above the headline.
    windows = (
        (range(anchor, min(len(nodes), anchor + LABEL_REACH)), 1),
        (range(max(0, anchor - LABEL_REACH_BEFORE), anchor), -1),
    )
    for window, step in windows:
        texts = [
            node
            for i in window
            if (node := nodes[i]).is_text_node and (node.text_content or "").strip() and node.parent is not None
            if node.parent.tag not in NEVER_TEXT and (0 <= i - anchor < LABEL_NEAR or outside_chrome(node.parent, own))
        ]
        for i in range(len(texts))[::step]:
            following = texts[i + 1].text_content or "" if i + 1 < len(texts) else ""
            text = squeeze(texts[i].text_content)
            label = BYLINE_LABEL.fullmatch(text)
            if label and not CREDIT_WORDS.search(text) and (name := _name(label.group(1) or following)):
                return name
    return ""


def _name(raw: str) -> str:
    """A byline's name without labels, handles and roles, or "" when it is no name."""
    text = EMAIL.sub("", squeeze(raw))
    while (cleaned := BYLINE_NOISE.sub("", text).strip(" ,|·-–/:")) != text:
        text = cleaned
    words = text.split()
    if (
        len(text) <= 80
        and len(words) <= 8
        and sum(c.isalpha() for c in text) >= 2
        and not any(c.isdigit() for c in text)
        and not NOT_A_NAME.search(text)
        # A phrase after a "von" in running text is no name: "von grünem Wasserstoff", "Rheinmetall gehackt".
        and (len(words) == 1 or not any(w.isalpha() and w.islower() and w not in PARTICLES for w in words))
    ):
        return text
    return ""
