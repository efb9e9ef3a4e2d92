"""Metadata read off the page before chrome is stripped: JSON-LD, meta tags, time elements, bylines.

Every value keeps its source (``jsonld:datePublished``, ``meta:article:published_time``,
``time[datetime]``, ``text``, ``url``) so researchers can tell how it was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.discover.links import document_base
from scraper.discover.urls import join_url, url_host
from scraper.extract import jsonld
from scraper.extract.bylines import find_authors
from scraper.extract.dates import DateFound, choose_published
from scraper.extract.standfirst import find_standfirst
from scraper.extract.titles import find_title, headline_node, site_names
from scraper.normalize.authors import is_byline
from scraper.normalize.read_time import parse_read_time
from scraper.normalize.words import chars, squeeze

URL_LOCALE = re.compile(r"/([a-z]{2})[-_]([a-z]{2})(?:/|$)", re.I)
GENERIC_TLDS = frozenset({"io", "co", "tv", "me", "fm", "ai", "ly", "to", "cc", "ws", "gg", "am", "nu", "la"})
MAX_TAGS = 50
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
    headline: LexborNode | None = field(default=None, compare=False, repr=False)  # the headline element
    header: tuple[str, ...] = ()  # the short pieces of the lines next to the headline (:func:`dateline_parts`)
    page_type: str = ""  # the JSON-LD type of the page's article or main object ("NewsArticle"), else og:type
    accessible_for_free: bool | None = None  # JSON-LD isAccessibleForFree, when the page says
    live_blog: bool = False  # a JSON-LD object is a LiveBlogPosting: the page's entries are its article
    standfirst: str = ""  # the summary under the headline, as the page shows it (scraper/extract/standfirst.py)
    body_chars: int = 0  # characters (not whitespace) of the JSON-LD articleBody, when the page has one


def read_metadata(tree: LexborHTMLParser, url: str = "", html: str = "") -> Metadata:
    """The page's metadata; ``html`` (the page's text) lets the date search fall back to htmldate."""
    meta = _meta_tags(tree)
    base = document_base(tree, url)  # what relative URLs resolve against
    items = list(jsonld.objects(tree))
    ld = jsonld.article(items)
    site_name = meta.get("og:site_name") or jsonld.name_of(ld.get("publisher")) or meta.get("application-name", "")

    locale = _locale(tree, meta, ld, url)
    structured = DateFound(*_first_date(ld, "datePublished", meta, PUBLISHED_META))
    if not structured.raw:
        structured = _itemprop_date(tree)
    names = site_names(tree, url, site_name)
    headline = headline_node(tree, url, names)
    published = choose_published(structured, tree, headline, url, locale, html)
    updated_raw, updated_source = _first_date(ld, "dateModified", meta, UPDATED_META)
    dateline = dateline_parts(headline)

    canonical = tree.css_first("link[rel=canonical][href]")
    image = jsonld.image_of(ld.get("image")) or meta.get("og:image") or meta.get("twitter:image", "")
    descriptions = (meta.get("og:description", ""), meta.get("description", ""), str(ld.get("description") or ""))
    return Metadata(
        *find_title(tree, headline, ld, meta, names),
        site_name=squeeze(site_name),
        authors=find_authors(tree, headline, ld, names) or tuple(p for p in dateline if is_byline(p)),
        published_raw=published.raw,
        published_source=published.source,
        updated_raw=updated_raw,
        updated_source=updated_source,
        read_time_raw=_read_time(tree, meta) or next((p for p in dateline if parse_read_time(p)), ""),
        canonical_url=join_url(base, canonical.attributes.get("href") or "") if canonical else "",
        language=locale.replace("_", "-").split("-")[0],
        locale=locale,
        description=squeeze(meta.get("og:description") or meta.get("description") or ld.get("description") or ""),
        image_url=join_url(base, image) if image else "",
        section=squeeze(_first(ld.get("articleSection")) or meta.get("article:section", "")),
        tags=_tags(tree, ld, meta),
        headline=headline,
        header=tuple(dateline),
        page_type=jsonld.page_type(items, ld) or meta.get("og:type", ""),
        accessible_for_free=jsonld.accessible_for_free(items, ld),
        live_blog=jsonld.is_live_blog(items),
        standfirst=find_standfirst(headline, descriptions),
        body_chars=chars(body) if isinstance(body := ld.get("articleBody"), str) else 0,
    )


def _locale(tree: LexborHTMLParser, meta: dict[str, str], ld: dict[str, Any], url: str) -> str:
    """The page's language tag, region included when known: ``<html lang>`` (or ``xml:lang``), ``og:locale``,
    JSON-LD ``inLanguage``, ``content-language``, else a ``/en-gb/`` segment of the URL; a tag without a
    region gets the country of the site's domain."""
    root = tree.css_first("html")
    attributes = root.attributes if root else {}
    declared = (attributes.get("lang") or attributes.get("xml:lang") or meta.get("og:locale") or meta.get("language")
                or "")  # fmt: skip
    if not declared and isinstance(in_language := _first(ld.get("inLanguage")), (str, dict)):
        declared = in_language if isinstance(in_language, str) else str(in_language.get("alternateName") or "")
    if not declared and (node := tree.css_first("meta[http-equiv=content-language i][content]")):
        declared = node.attributes.get("content") or ""
    if not declared and (match := URL_LOCALE.search(url)):
        declared = f"{match.group(1)}-{match.group(2)}"
    declared = declared.strip().lower().replace("_", "-")
    country = url_host(url).rpartition(".")[2]
    if declared and "-" not in declared and len(country) == 2 and country not in GENERIC_TLDS:
        declared = f"{declared}-{'gb' if country == 'uk' else country}"  # "en" on a .ie site writes 08/11 day first
    return declared


def _first(value: Any) -> Any:
    return (value[0] if value else "") if isinstance(value, list) else value


def _tags(tree: LexborHTMLParser, ld: dict[str, Any], meta: dict[str, str]) -> tuple[str, ...]:
    """``article:tag`` meta tags, else JSON-LD ``keywords``, else the ``news_keywords``/``keywords`` meta tag."""
    tags = [node.attributes.get("content") or "" for node in tree.css("meta[property='article:tag'][content]")]
    if not tags:
        keywords = ld.get("keywords") or meta.get("news_keywords") or meta.get("keywords") or ""
        tags = keywords if isinstance(keywords, list) else str(keywords).split(",")
    unique = dict.fromkeys(t for t in (squeeze(tag) for tag in tags) if t and len(t) <= 100)
    return tuple(unique)[:MAX_TAGS]


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    tags: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        if key and key not in tags:
            tags[key] = (attrs.get("content") or "").strip()
    return tags


def _first_date(ld: dict[str, Any], ld_key: str, meta: dict[str, str], meta_keys: tuple[str, ...]) -> tuple[str, str]:
    if isinstance(ld.get(ld_key), str) and ld[ld_key].strip():
        return ld[ld_key].strip(), f"jsonld:{ld_key}"
    for key in meta_keys:
        if meta.get(key):
            return meta[key], f"meta:{key}"
    return "", ""


def _itemprop_date(tree: LexborHTMLParser) -> DateFound:
    for node in tree.css("[itemprop=datePublished]"):
        value = node.attributes.get("content") or node.attributes.get("datetime") or squeeze(node.text(separator=" "))
        if value and value.strip():
            return DateFound(value.strip(), "itemprop:datePublished")
    return DateFound()


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
                text = squeeze(node.text(separator=" | "))
                if text and len(text) <= 200:
                    parts.extend(p.strip() for p in re.split(r"\s*[|·•]\s*", text) if p.strip())
            node = getattr(node, step)
    return parts


def _read_time(tree: LexborHTMLParser, meta: dict[str, str]) -> str:
    for n in range(1, 5):
        label, data = meta.get(f"twitter:label{n}", ""), meta.get(f"twitter:data{n}", "")
        if label and data and parse_read_time(f"{label}: {data}") is not None:
            return f"{label}: {data}"
    scope = tree.css_first("article") or tree.body
    if scope is None:
        return ""
    for node in scope.css("[class*=read], [class*=Read]"):
        text = squeeze(node.text(separator=" "))
        if text and parse_read_time(text) is not None:
            return text
    return ""
