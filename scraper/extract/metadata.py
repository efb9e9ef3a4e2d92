"""Metadata read off the page before chrome is stripped: JSON-LD, meta tags, time elements, bylines.

Every value keeps its source (``jsonld:datePublished``, ``meta:article:published_time``,
``time[datetime]``, ``text``, ``url``) so researchers can tell how it was found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.dates import DateFound, choose_published, outside_chrome
from scraper.normalize.read_time import parse_read_time

ARTICLE_TYPES = re.compile(r"(?:News|Blog|Report|Scholarly|Tech|Opinion|Analysis|Review)?Article|BlogPosting|Posting")
URL_LOCALE = re.compile(r"/([a-z]{2})[-_]([a-z]{2})(?:/|$)", re.I)
MAX_TAGS = 50
BYLINE = re.compile(r"^(?:by|von|par|por|di|door)\s+\w", re.I)
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "date",
    "og:published_time",
    "article.published",
    "published_time",
    "publication_date",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "vr:published-time",
)
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
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    title_source: str = ""
    site_name: str = ""
    authors: tuple[str, ...] = ()
    published_raw: str = ""
    published_source: str = ""
    updated_raw: str = ""
    updated_source: str = ""
    read_time_raw: str = ""
    canonical_url: str = ""
    language: str = ""
    locale: str = ""  # the page's language tag with its region ("en-gb"): numeric dates are read by it
    description: str = ""
    image_url: str = ""
    section: str = ""
    tags: tuple[str, ...] = ()


def read_metadata(tree: LexborHTMLParser, url: str = "", html: str = "") -> Metadata:
    """The page's metadata; ``html`` (the page's text) lets the date search fall back to htmldate."""
    meta = _meta_tags(tree)
    ld = _jsonld_article(tree)
    site_name = meta.get("og:site_name") or _ld_name(ld.get("publisher")) or meta.get("application-name", "")

    locale = _locale(tree, meta, url)
    structured = DateFound(*_first_date(ld, "datePublished", meta, PUBLISHED_META))
    if not structured.raw:
        structured = _itemprop_date(tree)
    headline = headline_node(tree)
    published = choose_published(structured, tree, headline, url, locale, html)
    updated_raw, updated_source = _first_date(ld, "dateModified", meta, UPDATED_META)
    dateline = dateline_parts(headline)

    canonical = tree.css_first("link[rel=canonical][href]")
    image = _ld_image(ld.get("image")) or meta.get("og:image") or meta.get("twitter:image", "")
    return Metadata(
        *_title(tree, headline, ld, meta, site_name, url),
        site_name=_text(site_name),
        authors=_authors(tree, headline, ld, meta, site_name) or tuple(p for p in dateline if BYLINE.match(p)),
        published_raw=published.raw,
        published_source=published.source,
        updated_raw=updated_raw,
        updated_source=updated_source,
        read_time_raw=_read_time(tree, meta) or next((p for p in dateline if parse_read_time(p)), ""),
        canonical_url=urljoin(url, canonical.attributes.get("href") or "") if canonical else "",
        language=locale.replace("_", "-").split("-")[0],
        locale=locale,
        description=_text(meta.get("og:description") or meta.get("description") or ld.get("description") or ""),
        image_url=urljoin(url, image) if image else "",
        section=_text(_first(ld.get("articleSection")) or meta.get("article:section", "")),
        tags=_tags(tree, ld, meta),
    )


def _locale(tree: LexborHTMLParser, meta: dict[str, str], url: str) -> str:
    """The page's language tag, region included when known: ``<html lang>``, ``og:locale``,
    ``content-language``, else a ``/en-gb/`` segment of the URL."""
    root = tree.css_first("html")
    declared = (root.attributes.get("lang") if root else "") or meta.get("og:locale") or meta.get("language", "")
    if not declared and (node := tree.css_first("meta[http-equiv=content-language i][content]")):
        declared = node.attributes.get("content") or ""
    if not declared and (match := URL_LOCALE.search(url)):
        declared = f"{match.group(1)}-{match.group(2)}"
    return declared.strip().lower().replace("_", "-")


def _first(value: Any) -> Any:
    return (value[0] if value else "") if isinstance(value, list) else value


def _tags(tree: LexborHTMLParser, ld: dict[str, Any], meta: dict[str, str]) -> tuple[str, ...]:
    """``article:tag`` meta tags, else JSON-LD ``keywords``, else the ``news_keywords``/``keywords`` meta tag."""
    tags = [node.attributes.get("content") or "" for node in tree.css("meta[property='article:tag'][content]")]
    if not tags:
        keywords = ld.get("keywords") or meta.get("news_keywords") or meta.get("keywords") or ""
        tags = keywords if isinstance(keywords, list) else str(keywords).split(",")
    unique = dict.fromkeys(t for t in (_text(tag) for tag in tags) if t and len(t) <= 100)
    return tuple(unique)[:MAX_TAGS]


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    tags: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        if key and key not in tags:
            tags[key] = (attrs.get("content") or "").strip()
    return tags


def _jsonld_objects(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "")
        except ValueError:
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


def _jsonld_article(tree: LexborHTMLParser) -> dict[str, Any]:
    """The page's JSON-LD article (else a WebPage with a publication date), with its author and publisher
    references (``{"@id": ".../#/schema/person/1"}``, as Yoast writes them) resolved within the page."""
    objects = list(_jsonld_objects(tree))
    found: dict[str, Any] = {}
    for item in objects:
        types = item.get("@type", "")
        types = " ".join(types) if isinstance(types, list) else str(types)
        if ARTICLE_TYPES.search(types):
            found = item
            break
        if not found and "datePublished" in item and "WebPage" in types:
            found = item
    if not found:
        return {}
    ids = {str(o["@id"]): o for o in objects if isinstance(o.get("@id"), str) and len(o) > 1}

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict) and "name" not in value and str(value.get("@id")) in ids:
            return ids[str(value["@id"])]
        return value

    return {**found, "author": resolve(found.get("author")), "publisher": resolve(found.get("publisher"))}


def _ld_name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return str(value.get("name") or "")
    return str(value or "")


def _ld_image(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return str(value.get("url") or value.get("contentUrl") or "")
    return str(value or "")


def _first_date(ld: dict[str, Any], ld_key: str, meta: dict[str, str], meta_keys: tuple[str, ...]) -> tuple[str, str]:
    if isinstance(ld.get(ld_key), str) and ld[ld_key].strip():
        return ld[ld_key].strip(), f"jsonld:{ld_key}"
    for key in meta_keys:
        if meta.get(key):
            return meta[key], f"meta:{key}"
    return "", ""


def _itemprop_date(tree: LexborHTMLParser) -> DateFound:
    for node in tree.css("[itemprop=datePublished]"):
        value = node.attributes.get("content") or node.attributes.get("datetime") or _text(node.text(separator=" "))
        if value and value.strip():
            return DateFound(value.strip(), "itemprop:datePublished")
    return DateFound()


def headline_node(tree: LexborHTMLParser) -> LexborNode | None:
    """The page's headline element: the ``h1`` (in the article if there is one) that shares the most words
    with the page's title markup. An ``h1`` sharing few is the blog's or site's name: then an ``h2``/``h3``
    that matches the title markup better is the headline (a blog post's title under the blog's ``h1``)."""
    titles = " ".join(
        node.attributes.get("content") or ""
        for node in tree.css("meta[property='og:title'], meta[name='twitter:title']")
    )
    title_words = set(WORD.findall(_fold(f"{_document_title(tree)} {titles}")))
    best: LexborNode | None = None
    for scope in (tree.css_first("article"), tree.body):
        headings = scope.css("h1")[:5] if scope is not None else []
        if headings:
            best = max(headings, key=lambda h: _shared(h, title_words))  # the first of the best
            break
    if best is not None and _share(best, title_words) >= MIN_TITLE_SHARE:
        return best
    subheads = [
        h for h in (tree.body.css("h2, h3")[:10] if tree.body is not None else []) if _share(h, title_words) >= 0.5
    ]
    better = max(subheads, key=lambda h: _shared(h, title_words), default=None)
    if better is not None and _shared(better, title_words) >= max(2, _shared(best, title_words) + 1 if best else 2):
        return better
    return best


def _share(node: LexborNode, words: set[str]) -> float:
    own = set(WORD.findall(_fold(node.text(separator=" "))))
    return len(own & words) / len(own) if own else 0.0


def _shared(node: LexborNode, words: set[str]) -> int:
    return len(set(WORD.findall(_fold(node.text(separator=" ")))) & words)


def _document_title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("title")
    return _text(node.text()) if node is not None else ""


def _title(
    tree: LexborHTMLParser, h1: LexborNode | None, ld: dict[str, Any], meta: dict[str, str], site_name: str, url: str
) -> tuple[str, str]:
    """The headline: the ``h1``, unless the page's title markup shows it is a logo or a section name (it
    shares almost no words with the title), or that the ``h1`` glues a kicker onto the headline."""
    marked = [
        (_text(ld.get("headline")), "jsonld:headline"),
        (strip_site_name(_text(meta.get("og:title")), site_name, host_name(url)), "meta:og:title"),
        (strip_site_name(_document_title(tree), site_name, host_name(url)), "title"),
    ]
    marked = [(t, source) for t, source in marked if t]
    heading = _heading_text(h1) if h1 is not None else ""
    if not marked:
        return (heading, h1.tag or "h1") if h1 is not None and heading else ("", "")
    if h1 is None or sum(c.isalpha() for c in heading) < 2:  # no h1, or one that holds only "..."
        return marked[0]
    folded = _fold(heading)
    if any(_fold(text) == folded for text, _source in marked):
        return heading, h1.tag or "h1"
    for text, _source in marked:  # "Covid-19: Headline" in the h1, "Headline" in the markup
        if len(text) >= 15 and folded.endswith(_fold(text)) and len(text) >= 0.6 * len(heading):
            return text, "h1"
    for raw in (_text(meta.get("og:title")), _document_title(tree)):  # "Headline | Logo" with the logo as h1
        parts = [p.strip() for p in SEPARATORS.split(raw) if p.strip()]
        if len(parts) > 1 and folded in {_fold(p) for p in parts} and len(max(parts, key=len)) > len(heading):
            return " - ".join(p for p in parts if _fold(p) != folded), "title"
    words = set(WORD.findall(folded))
    title_words = {w for text, _ in marked for w in WORD.findall(_fold(text))}
    if words and len(words & title_words) < 0.3 * len(words):
        return marked[0]  # the h1 is the site's logo or a section name
    return heading, h1.tag or "h1"


def _heading_text(h1: LexborNode) -> str:
    """The headline's text: the part its markup names the headline, without a part it names a kicker
    ("<span class=dachzeile>Nach Corona-Lockerungen</span> <span class=headline>Autohäuser ...</span>") or
    a subtitle after it ("<small class=article-subtitle>")."""
    full = _text(h1.text(separator=" "))
    parts = [n for n in h1.css("[class]") if n.mem_id != h1.mem_id]
    for node in parts:
        if HEADLINE_PART.search(node.attributes.get("class") or "") and (text := _text(node.text(separator=" "))):
            return text
    doomed = [
        n
        for n in parts
        if KICKER.search(n.attributes.get("class") or "")
        or (SUBTITLE.search(n.attributes.get("class") or "") and not full.startswith(_text(n.text(separator=" "))))
    ]
    if not doomed:
        return full
    clone = LexborHTMLParser(h1.html or "").body
    if clone is None:
        return full
    gone = {_text(n.html or "") for n in doomed}
    for node in clone.css("[class]"):
        if node.parent is not None and _text(node.html or "") in gone:
            node.decompose()
    return _text(clone.text(separator=" ")).strip(" -–—:|") or full


def _fold(text: str) -> str:
    """For comparing titles: case, spacing, quotes and dashes unified."""
    return " ".join(text.casefold().translate(QUOTES).split())


def dateline_parts(headline: LexborNode | None) -> list[str]:
    """The short pieces of the line next to the headline ("12.03.2023 | von Karin Schulte | Lesezeit: 2 Min.")."""
    if headline is None:
        return []
    parts: list[str] = []
    for step in ("next", "prev"):
        node = getattr(headline, step)
        seen = 0
        while node is not None and seen < 3:
            if node.is_element_node:
                seen += 1
                text = _text(node.text(separator=" | "))
                if text and len(text) <= 200:
                    parts.extend(p.strip() for p in re.split(r"\s*[|·•]\s*", text) if p.strip())
            node = getattr(node, step)
    return parts


SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
MIN_TITLE_SHARE = 0.3  # an h1 with fewer of its words in the title markup is the site's name
HEADLINE_PART = re.compile(r"(?:^|[\s_-])(?:headline|title-primary|title-main|main-title)(?:$|[\s_-])", re.I)
SUBTITLE = re.compile(r"subtitle|subline|sub-title|(?:^|[\s_-])dek(?:$|[\s_-])", re.I)
KICKER = re.compile(r"kicker|dachzeile|topline|overline|roofline|eyebrow", re.I)
WORD = re.compile(r"\w+")
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def strip_site_name(title: str, *site_names: str) -> str:
    """ "Headline - Asian Lite" -> "Headline", when the glued part (first or last) is one of the site's names:
    its declared name, or its host ("Point of Sail" on pointofsail-kiel.de)."""
    parts = SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    sites = [_squash(name) for name in site_names if len(_squash(name)) >= 3]
    for part in (parts[-1], parts[0]):
        squashed = _squash(part)
        # the part is (a piece of) the site's name, or the site's name with a little more ("EFC ... Regensburg")
        if squashed and any(
            squashed in site or (site in squashed and len(squashed) <= 2 * len(site)) for site in sites
        ):
            kept = parts[:-1] if part is parts[-1] else parts[1:]
            return " - ".join(kept).strip()
    return title


def _squash(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def host_name(url: str) -> str:
    """``pointofsail-kiel`` for ``https://www.pointofsail-kiel.de/...``: the host without ``www.`` and TLD."""
    host = urlsplit(url).hostname or ""
    labels = host.removeprefix("www.").split(".")
    return labels[-2] if len(labels) >= 2 else host


def _authors(
    tree: LexborHTMLParser, headline: LexborNode | None, ld: dict[str, Any], meta: dict[str, str], site_name: str
) -> tuple[str, ...]:
    """The article's JSON-LD authors, else the byline nearest the headline, else the author meta tags;
    never the publication itself."""
    publisher = {_fold(site_name), _fold(_ld_name(ld.get("publisher")))} - {""}
    value = ld.get("author")
    items = value if isinstance(value, list) else [value] if value else []
    names = [n for n in (_text(_ld_name(item)) for item in items) if n and not n.startswith("http")]
    if names := [n for n in names if _fold(n) not in publisher]:
        return tuple(names)

    def from_meta(keys: tuple[str, ...]) -> str:
        texts = (_text(meta.get(key, "")) for key in keys)
        return next((t for t in texts if t and not t.startswith(("http", "@")) and _fold(t) not in publisher), "")

    # article:author names a person when it is not a profile URL; "author" is often the publishing house.
    found = from_meta(("article:author",)) or _byline(tree, headline) or from_meta(AUTHOR_META)
    return (found,) if found else ()


def _byline(tree: LexborHTMLParser, headline: LexborNode | None) -> str:
    """The text of the byline element nearest the headline (after it first), outside chrome."""
    body = tree.body
    if body is None:
        return ""
    candidates = [n for n in body.css(BYLINE_SELECTORS) if outside_chrome(n, headline)]
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
        text = _text(here.text_content)
        label = BYLINE_LABEL.fullmatch(text)
        if label and not CREDIT_WORDS.search(text) and (name := _name(label.group(1) or following)):
            return name
    return ""


def _name(raw: str) -> str:
    """A byline's name without labels, handles and roles, or "" when it is no name."""
    text = _text(raw)
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


def _read_time(tree: LexborHTMLParser, meta: dict[str, str]) -> str:
    for n in range(1, 5):
        label, data = meta.get(f"twitter:label{n}", ""), meta.get(f"twitter:data{n}", "")
        if label and data and parse_read_time(f"{label}: {data}") is not None:
            return f"{label}: {data}"
    scope = tree.css_first("article") or tree.body
    if scope is None:
        return ""
    for node in scope.css("[class*=read], [class*=Read]"):
        text = _text(node.text(separator=" "))
        if text and parse_read_time(text) is not None:
            return text
    return ""
