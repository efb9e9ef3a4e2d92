"""The headline: which element holds it, and the title without kickers, subtitles or the site's name."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.normalize.words import squeeze

SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
MIN_TITLE_SHARE = 0.3  # an h1 with fewer of its words in the title markup is the site's name
HEADLINE_PART = re.compile(r"(?:^|[\s_-])(?:headline|title-primary|title-main|main-title)(?:$|[\s_-])", re.I)
SUBTITLE = re.compile(r"subtitle|subline|sub-title|(?:^|[\s_-])dek(?:$|[\s_-])", re.I)
KICKER = re.compile(r"kicker|dachzeile|topline|overline|roofline|eyebrow", re.I)
WORD = re.compile(r"\w+")
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def headline_node(tree: LexborHTMLParser) -> LexborNode | None:
    """The page's headline element: the ``h1`` (in the article if there is one) that shares the most words
    with the page's title markup. An ``h1`` sharing few is the blog's or site's name: then an ``h2``/``h3``
    that matches the title markup better is the headline (a blog post's title under the blog's ``h1``)."""
    titles = " ".join(
        node.attributes.get("content") or ""
        for node in tree.css("meta[property='og:title'], meta[name='twitter:title']")
    )
    title_words = set(WORD.findall(fold(f"{document_title(tree)} {titles}")))
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
    own = set(WORD.findall(fold(node.text(separator=" "))))
    return len(own & words) / len(own) if own else 0.0


def _shared(node: LexborNode, words: set[str]) -> int:
    return len(set(WORD.findall(fold(node.text(separator=" ")))) & words)


def document_title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("title")
    return squeeze(node.text()) if node is not None else ""


def find_title(
    tree: LexborHTMLParser, h1: LexborNode | None, ld: dict[str, Any], meta: dict[str, str], site_name: str, url: str
) -> tuple[str, str]:
    """The headline: the ``h1``, unless the page's title markup shows it is a logo or a section name (it
    shares almost no words with the title), or that the ``h1`` glues a kicker onto the headline."""
    marked = [
        (squeeze(ld.get("headline")), "jsonld:headline"),
        (strip_site_name(squeeze(meta.get("og:title")), site_name, host_name(url)), "meta:og:title"),
        (strip_site_name(document_title(tree), site_name, host_name(url)), "title"),
    ]
    marked = [(t, source) for t, source in marked if t]
    heading = headingsqueeze(h1) if h1 is not None else ""
    if not marked:
        return (heading, h1.tag or "h1") if h1 is not None and heading else ("", "")
    if h1 is None or sum(c.isalpha() for c in heading) < 2:  # no h1, or one that holds only "..."
        return marked[0]
    folded = fold(heading)
    if any(fold(text) == folded for text, _source in marked):
        return heading, h1.tag or "h1"
    for text, _source in marked:  # "Covid-19: Headline" in the h1, "Headline" in the markup
        if len(text) >= 15 and folded.endswith(fold(text)) and len(text) >= 0.6 * len(heading):
            return text, "h1"
    for raw in (squeeze(meta.get("og:title")), document_title(tree)):  # "Headline | Logo" with the logo as h1
        parts = [p.strip() for p in SEPARATORS.split(raw) if p.strip()]
        if len(parts) > 1 and folded in {fold(p) for p in parts} and len(max(parts, key=len)) > len(heading):
            return " - ".join(p for p in parts if fold(p) != folded), "title"
    words = set(WORD.findall(folded))
    title_words = {w for text, _ in marked for w in WORD.findall(fold(text))}
    if words and len(words & title_words) < 0.3 * len(words):
        return marked[0]  # the h1 is the site's logo or a section name
    return heading, h1.tag or "h1"


def headingsqueeze(h1: LexborNode) -> str:
    """The headline's text: the part its markup names the headline, without a part it names a kicker
    ("<span class=dachzeile>Nach Corona-Lockerungen</span> <span class=headline>Autohäuser ...</span>") or
    a subtitle after it ("<small class=article-subtitle>")."""
    full = squeeze(h1.text(separator=" "))
    parts = [n for n in h1.css("[class]") if n.mem_id != h1.mem_id]
    for node in parts:
        if HEADLINE_PART.search(node.attributes.get("class") or "") and (text := squeeze(node.text(separator=" "))):
            return text
    doomed = [
        n
        for n in parts
        if KICKER.search(n.attributes.get("class") or "")
        or (SUBTITLE.search(n.attributes.get("class") or "") and not full.startswith(squeeze(n.text(separator=" "))))
    ]
    if not doomed:
        return full
    clone = LexborHTMLParser(h1.html or "").body
    if clone is None:
        return full
    gone = {squeeze(n.html or "") for n in doomed}
    for node in clone.css("[class]"):
        if node.parent is not None and squeeze(node.html or "") in gone:
            node.decompose()
    return squeeze(clone.text(separator=" ")).strip(" -–—:|") or full


def fold(text: str) -> str:
    """For comparing titles: case, spacing, quotes and dashes unified."""
    return " ".join(text.casefold().translate(QUOTES).split())


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
