"""The headline: which element holds it, and the title without kickers, subtitles or the site's name."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.discover.urls import join_url, url_host
from scraper.extract.dates import outside_chrome
from scraper.normalize.words import WORD, squash, squeeze

# Between a title and the site's name: a spaced bar, dash, colon or arrow; CJK titles' full-width bar or colon,
# or an underscore, spaced or not ("見出し｜新聞社", "标题_新浪网")
SEPARATORS = re.compile(r"\s+[|\-–—:·•»›‹]\s+|\s*[｜：]\s*|(?<=\S)_(?=\S)")
MIN_TITLE_SHARE = 0.3  # an h1 with fewer of its words in the title markup may be a section's name
LOGO = re.compile(r"logo|brand|site-?title|site-?name|masthead", re.I)
HEADLINE_PART = re.compile(r"(?:^|[\s_-])(?:headline|title-primary|title-main|main-title)(?:$|[\s_-])", re.I)
SUBTITLE = re.compile(r"subtitle|subline|sub-title|(?:^|[\s_-])dek(?:$|[\s_-])", re.I)
KICKER = re.compile(r"kicker|dachzeile|topline|overline|roofline|eyebrow", re.I)
NOT_TEXT = "style, script, noscript, template"  # elements in a headline whose text is no headline
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def headline_node(tree: LexborHTMLParser, url: str = "", site_names: tuple[str, ...] = ()) -> LexborNode | None:
    """The page's headline element: the ``h1`` (in the article if there is one) that shares the most words
    with the page's title markup, leaving out an ``h1`` that is the site's logo. An ``h1`` that shares few
    words is a section's or blog's name when an ``h2``/``h3`` is nearly all title words: that one is the
    headline (a blog post's title under the blog's ``h1``)."""
    titles = " ".join(
        node.attributes.get("content") or ""
        for node in tree.css("meta[property='og:title'], meta[name='twitter:title']")
    )
    title_words = set(WORD.findall(fold(f"{document_title(tree)} {titles}")))
    # Not the logo, not a widget's or sidebar's heading ("Follow us on Facebook").
    in_articles = [h for h in tree.css("article h1")[:10] if not is_logo(h, url, *site_names) and not _in_widget(h)]
    in_body = [
        h
        for h in (tree.body.css("h1")[:5] if tree.body is not None else [])
        if not is_logo(h, url, *site_names) and not _in_widget(h)
    ]
    ids = {h.mem_id for h in in_articles}
    candidates = in_articles + [h for h in in_body if h.mem_id not in ids]  # an article's heading wins a tie
    best = max(candidates, key=lambda h: _shared(h, title_words), default=None)
    if not in_articles and len(in_body) > 1 and best is not None and _share(best, title_words) < MIN_TITLE_SHARE:
        best = None  # several headings outside any article, none of them the title: slides or sections
    shared = _shared(best, title_words) if best is not None else 0
    if best is not None and _share(best, title_words) >= MIN_TITLE_SHARE and shared >= 2:
        return best
    subheads = [
        h
        for h in (tree.body.css("h2, h3")[:10] if tree.body is not None else [])
        if _share(h, title_words) >= 0.8 and not is_logo(h, url, *site_names)
    ]
    better = max(subheads, key=lambda h: _shared(h, title_words), default=None)
    if better is not None and _shared(better, title_words) >= max(2, shared + 1):
        return better
    untitled = not title_words or _is_host(squash(document_title(tree)), url)
    if untitled and not candidates and tree.body is not None:  # no title, no h1: the first subheading
        return next(
            (h for h in tree.body.css("h2") if outside_chrome(h) and sum(c.isalpha() for c in h.text()) > 2), None
        )
    return best


def _in_widget(heading: LexborNode) -> bool:
    """Whether a heading is a sidebar box's: inside an ``<aside>`` or a complementary landmark. Not by class
    names: page builders call every block a widget ("elementor-widget-heading"), the headline's too."""
    node = heading.parent
    while node is not None and node.tag not in ("body", "html"):
        if node.tag == "aside" or node.attributes.get("role") == "complementary":
            return True
        node = node.parent
    return False


def site_names(tree: LexborHTMLParser, url: str, declared: str) -> tuple[str, ...]:
    """The names the site goes by: its declared name, its host's name and the text of its logo heading."""
    names = (declared, host_name(url))
    headings = tree.body.css("h1")[:5] if tree.body is not None else []
    return names + tuple(squeeze(h.text(separator=" ")) for h in headings if is_logo(h, url, *names))


def is_logo(heading: LexborNode, url: str, *site_names: str) -> bool:
    """Whether a heading is the site's logo rather than a headline: it holds no words (an image), links
    up to the home page or a section front, is marked as a logo, or reads as the site's name."""
    text = squash(heading.text(separator=" "))
    if not text:
        return True
    page = urlsplit(join_url(url, "")).path.rstrip("/")  # "" for a URL that cannot be parsed
    for link in heading.css("a[href]"):
        target = urlsplit(join_url(url, link.attributes.get("href") or ""))
        if target.path.rstrip("/") != page and page.startswith(target.path.rstrip("/")) and not target.query:
            return True
    if any(LOGO.search(f"{n.attributes.get('class') or ''} {n.attributes.get('id') or ''}") for n in heading.css("*")):
        return True
    return any(text == squash(name) for name in site_names) or _is_host(text, url)


def _is_host(squashed: str, url: str) -> bool:
    """Whether a squashed text is the site's host name, perhaps with its domain ("disfunctionsde")."""
    host = squash(host_name(url))
    return len(host) >= 3 and squashed.startswith(host) and len(squashed) <= len(host) + 8


def _share(node: LexborNode, words: set[str]) -> float:
    own = _words(node)
    return len(own & words) / len(own) if own else 0.0


def _shared(node: LexborNode, words: set[str]) -> int:
    return len(_words(node) & words)


def _words(heading: LexborNode) -> set[str]:
    """The words a heading shows: not the CSS of a ``<style>`` a component renders inside it."""
    return set(WORD.findall(fold(_shown(heading).text(separator=" "))))


def document_title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("title")
    return squeeze(node.text()) if node is not None else ""


def find_title(
    tree: LexborHTMLParser, h1: LexborNode | None, ld: dict[str, Any], meta: dict[str, str], names: tuple[str, ...]
) -> tuple[str, str]:
    """The headline: the headline element's text without what its markup names a kicker, unless the page's
    title markup holds the kicker too (then it is part of the title); the part of the headline element the
    title markup shows to be the headline; the title markup when the page has no headline element."""
    marked = [
        (squeeze(ld.get("headline")), "jsonld:headline"),
        (strip_site_name(squeeze(meta.get("og:title")), *names), "meta:og:title"),
        (strip_site_name(document_title(tree), *names), "title"),
    ]
    marked = [(text, source) for text, source in marked if text]
    heading = headingsqueeze(h1) if h1 is not None else ""
    if not marked:
        return (heading, h1.tag or "h1") if h1 is not None and heading else ("", "")
    if h1 is None or sum(c.isalpha() for c in heading) < 2:  # no h1, or one that holds only "..."
        return marked[0]
    folded = fold(heading)
    if any(fold(text) == folded for text, _source in marked):
        return heading, h1.tag or "h1"
    # The kicker and all, when the title markup holds it too ("<span class=kicker>Basketball</span><span
    # class=visually-hidden>: </span><span class=title>...</span>"): the h1's text as the markup writes it.
    shown = _shown(h1)
    tight, loose = squeeze(shown.text(separator="")), squeeze(shown.text(separator=" "))
    for whole in (tight, loose):
        if any(fold(text) == fold(whole) for text, _source in marked):
            return whole, h1.tag or "h1"
    if any(squash(text) == squash(loose) for text, _source in marked):
        return loose, h1.tag or "h1"
    for text, _source in marked:  # "Covid-19: Headline" in the h1, "Section - Headline" in the markup
        for part in (text, SEPARATORS.split(text)[-1]):
            if len(part) >= 15 and folded.endswith(fold(part)) and len(part) >= 0.6 * len(heading):
                return part, "h1"
    return heading, h1.tag or "h1"


def headingsqueeze(h1: LexborNode) -> str:
    """The headline's text: the part its markup names the headline, without a part it names a kicker
    ("<span class=dachzeile>Nach Corona-Lockerungen</span> <span class=headline>Autohäuser ...</span>"),
    a subtitle after it ("<small class=article-subtitle>") or ruby readings ("<rt>こ</rt>"); never the text
    of a ``<style>`` or ``<script>`` inside it (a component's CSS, a tracking snippet)."""
    h1 = _shown(h1)
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
    ruby = h1.css_first("rt") is not None
    if not doomed and not ruby:
        return full
    clone = LexborHTMLParser(h1.html or "").body
    if clone is None:
        return full
    gone = {squeeze(n.html or "") for n in doomed}
    for node in clone.css("[class], rt, rp"):
        if node.parent is not None and (node.tag in ("rt", "rp") or squeeze(node.html or "") in gone):
            node.decompose()
    return squeeze(clone.text(separator="" if ruby else " ")).strip(" -–—:|") or full


def _shown(h1: LexborNode) -> LexborNode:
    """The headline element, or a copy of it without the ``<style>``/``<script>`` elements inside it."""
    if h1.css_first(NOT_TEXT) is None:
        return h1
    clone = LexborHTMLParser(f"<body>{h1.html or ''}</body>").body
    copy = clone.css_first(h1.tag or "h1") if clone is not None else None
    if copy is None:
        return h1
    for node in copy.css(NOT_TEXT):
        node.decompose()
    return copy


def fold(text: str) -> str:
    """For comparing titles: case, spacing, quotes and dashes unified."""
    return " ".join(text.casefold().translate(QUOTES).split())


def strip_site_name(title: str, *site_names: str) -> str:
    """ "Headline - Asian Lite" -> "Headline", when the glued part (first or last) is one of the site's names:
    its declared name, or its host ("Point of Sail" on pointofsail-kiel.de)."""
    parts = SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    cuts = list(SEPARATORS.finditer(title))
    if _is_site_name(squash(parts[-1]), site_names):
        return title[: cuts[-1].start()].strip()
    if _is_site_name(squash(parts[0]), site_names):
        return title[cuts[0].end() :].strip()
    return title


def _is_site_name(squashed: str, site_names: tuple[str, ...]) -> bool:
    """Whether a squashed text is (a piece of) one of the site's names, or one with a little more
    ("EFC ... Regensburg", "disfunctions.de")."""
    sites = [squash(name) for name in site_names if len(squash(name)) >= 3]
    return bool(squashed) and any(
        squashed in site or (site in squashed and len(squashed) <= 2 * len(site)) for site in sites
    )


def host_name(url: str) -> str:
    """``pointofsail-kiel`` for ``https://www.pointofsail-kiel.de/...``: the host without ``www.`` and TLD."""
    host = url_host(url)
    labels = host.removeprefix("www.").split(".")
    return labels[-2] if len(labels) >= 2 else host
