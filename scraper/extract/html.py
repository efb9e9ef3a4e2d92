"""Parse HTML with selectolax and strip the site's chrome from the tree before text extraction.

First come the site's own rules: the source's ``drop`` selectors from the config and the blocks of the
template learned from the site's stored pages (:mod:`scraper.extract.template`). Then the *article
block* is found by structure (or taken from the source's ``body`` selector): the element whose
paragraphs carry the most prose (readability's scoring: long, comma-rich paragraphs score, link text
counts against). The block and its ancestors are never removed; everything else is judged by what it
is and where it sits:

- elements that never hold article text (scripts, styles, iframes, svg, buttons), forms, hidden
  elements, ``<noscript>`` fallbacks, and overlays (dialogs, cookie and consent banners);
- landmarks that are chrome by role: ``nav``, ``aside``, the page-level ``header``/``footer``,
  ``role=navigation|banner|contentinfo|complementary|search``;
- other ``<article>`` elements beside the article block, and those inside it without prose of their
  own: teaser cards of related stories;
- blocks whose class or id names a chrome kind (share bars, related/latest/"don't miss" teaser lists,
  newsletter and subscription boxes, comments, breadcrumbs, tickers, post navigation, widgets);
- link lists: blocks that are mostly link text (menus, tag clouds, teaser lists), and the block of a
  post's ``rel=tag`` links;
- the comments section: the largest element around a reply form (a form with a text area) that holds
  neither the article block nor the headline, with the comments listed above the form; and outside the
  block the box around a form the reader types into, its pitch and label (a newsletter sign-up, a search),
  whatever the names say;
- the site's copyright line, outside the article block (a wire service's notice inside it stays);
- a month's calendar (a blog's archive widget), wherever it sits: a table whose cells count the days;
- teaser cards, wherever they sit: a heading that links to another page of the same site, with what around
  it links only there (its picture, a "Next story" label) and a blurb of a sentence or two;
- inline teaser paragraphs, a label plus link text and nothing else: "ALSO READ: <link>", "Related:
  <link>", and in any language a label of a few words set off by punctuation or bold before the headline
  of another story on the same site ("À lire aussi » <link>", "Lesen Sie auch: <link>");
- figure captions and credits are moved out of the tree into :class:`~scraper.models.Image` records;
- and a block named a teaser that links nowhere loses its name: it is the article's lead (the standfirst
  is the "Teaser" in German newsrooms), which the text extractor would drop by name as it drops teaser cards.

A form, a hidden element, a ``<noscript>``, a gallery or a block with a chrome name is removed only when
it does not hold the page's main prose (:mod:`scraper.extract.prose`): a page inside one ASP.NET
``<form>``, a body that scripts reveal, the ``<noscript>`` copy of a page that scripts render, a gallery
with paragraphs of its own beside its slides, a post in Blogger's ``Blog1 widget`` or paragraphs classed
``paywall`` are the article, and a name or attribute alone is no evidence against it. Forms, hidden
elements and ``<noscript>`` that hold it are unwrapped or shown, so the text extractor underneath keeps
them too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.discover.links import document_base
from scraper.discover.urls import join_url, url_host
from scraper.extract.prose import INLINE, chain, find_article_block, link_share, prose_chars, text_length
from scraper.extract.template import learn_and_remove, page_blocks
from scraper.extract.text import TEASER_LABEL, split_credit
from scraper.models import Image, SiteRules
from scraper.normalize.words import FULL_STOPS, collapsed_within, count_words, squash

# Mark the element that held a comment form, or another form, for :func:`_form_sections`.
REPLY_FORM, FORM_BOX = "data-reply-form", "data-form-box"
TYPED_FIELD = "input[type=email i], input[type=search i], input[type=text i], input[type=password i], input:not([type])"
MAX_FORM_BOX_WORDS = 40  # a form's box: its pitch, label and button ("Sign up to our free breaking news emails")
NEVER_TEXT = "script, style, template, svg, iframe, button, select, input, textarea, dialog"
HIDDEN = "[hidden], [style*='display:none'], [style*='display: none'], [style*='visibility:hidden']"
OVERLAYS = "[role=dialog], [role=alertdialog], [aria-modal=true]"
OVERLAY_NAME = re.compile(r"cookie|consent|gdpr|privacy-(?:notice|banner|policy-banner)")  # in lower-cased names
LANDMARKS = "nav, aside, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search]"
PAGE_FRAME = "body > header, body > footer, body > div > header, body > div > footer"
# Class and id words of the page's chrome: a word between start or end and "-", "_" or a space
CHROME_WORDS = (
    "share", "sharing", "social", "sharedaddy", "addtoany", "sociable",
    "related", "relatedposts", "latest", "more-from", "recommended", "read-next", "readnext", "dont-miss",
    "trending", "popular", "most-read", "mostread", "also-read",
    "newsletter", "subscribe", "subscription", "signup", "paywall", "promo",
    "comment", "comments", "disqus", "respond",
    "breadcrumb", "breadcrumbs", "ticker", "breaking-news",
    "post-navigation", "nav-links", "navigation", "pagination", "prev-next", "go-top", "gotop", "back-to-top",
    "scroll-top",
    "widget", "sidebar", "footer", "masthead", "site-header", "menu",
    "ad", "ads", "advert", "advertisement", "sponsored", "banner",
    # the same in the names of the DEV pages' other languages
    "kommentar", "kommentare", "commentaire", "commentaires", "comentario", "comentarios", "commento", "commenti",
    "reacties", "komentarze", "yorum", "yorumlar",
    "verwandte", "weitere-artikel", "mehr-zum-thema", "articles-lies", "lire-aussi", "relacionados",
    "relacionadas", "noticias-relacionadas", "correlati", "articoli-correlati", "gerelateerd", "ilgili-haberler",
    "teilen", "partager", "compartir", "condividi", "compartilhar", "delen", "paylas",
    "werbung", "publicidad", "publicite", "pubblicita", "publicidade", "reklama", "reklam", "advertentie",
)  # fmt: skip
# Searched in lower-cased names: with re.I instead, this alternation takes four times as long.
CHROME_NAME = re.compile(rf"(?:^|[-_\s])(?:{'|'.join(CHROME_WORDS)})(?:$|[-_\s])")
# Embedded galleries and slideshows: their text is captions, which are not article text.
MEDIA_WORDS = frozenset(["gallery", "slideshow", "carousel", "lightbox"])
NAME_SEPARATORS = str.maketrans("-_", "  ")  # with whitespace, what separates the words of class and id names
CHROME_FIRST_WORDS = frozenset(word.split("-")[0] for word in CHROME_WORDS)  # a name without one has none
SLIDES = frozenset(["li", "figure"])
IMAGE_TAGS = ("img", "amp-img")  # AMP pages write their pictures as <amp-img>
IMAGES = ", ".join(IMAGE_TAGS)
LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")  # where a picture's URL may be, in order
SLIDE_COUNTER = re.compile(r"^\d+\s*/\s*\d+\s*")  # "3/50 City for sale"
MAX_OVERLAY_CHARS = 2000
SENTENCE_END = re.compile(rf"(?<=[{FULL_STOPS}])\s+")
NOTICE_WORDS = 10  # a noscript with fewer words besides its sentences that name JavaScript is a notice
COPY_PROBES, COPY_PROBE_CHARS = 3, 40  # passages of a hidden block looked for elsewhere on the page
MIN_BODY_PARAGRAPHS = 5
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
MAX_COPYRIGHT_CHARS = 200
MAIN_PROSE_CHARS = 400  # a form, hidden element or table cell with this much prose holds the article
LAYOUT_BLOCK = "p, h1, h2, h3, h4, h5, h6"
LAYOUT_CELL = f"{LAYOUT_BLOCK}, table"  # blocks a data table's cell has no use for
OWN_PROSE_CHARS = 200  # inside the article block, a named element with this much prose is its text
TEASER_NAMED = "[class*=teaser i], [id*=teaser i]"
MIN_LEAD_CHARS = 80  # a sentence: a lead, not a label
MAX_TEASER_CHARS = 300  # an inline teaser paragraph: a label and a linked headline
MAX_LABEL_WORDS = 5
LABEL_END = re.compile(r"[:»>|–—-]$")
TEASER_LINK_SHARE = 0.6
MIN_HEADLINE_WORDS = 4  # a teaser links a story by its headline; a source, a name or a URL is no teaser
MAX_CARD_CHARS = 400  # a teaser card: a linked headline, a picture, a blurb of a sentence or two
HEADINGS = "h2, h3, h4, h5, h6"  # below the page's headline: a card's, a section's
MONTH_DAYS = 28  # a calendar's cells count a month's days at least this far
CALENDAR_SHARE = 0.5  # of its cells with text, more than this share are day numbers (a ranking's are not)
OUTSIDE_PROSE_SHARE = 0.5  # outside it, one with this share of the block's prose is more of the article
MAX_PROSE_LINK_SHARE = 0.3
LINK_LIST = "ul, ol, div, section, table"
LINK_LIST_SHARE = 0.7
INLINE_TEXT = INLINE | {"a", "img", "code", "s", "del", "ins", "label"}


NO_RULES = SiteRules()
PAGE = ("html", "body")


@dataclass(frozen=True)
class Pruned:
    images: tuple[Image, ...]
    block: LexborNode | None  # the article block (the configured body when it matched)
    page_prose: int = 0  # characters of prose on the page before the article block was looked for
    block_prose: int = 0  # of those, the characters in the article block
    blocks: dict[str, str] | None = None  # the page's blocks for site-template learning, when asked for


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


VOID = "area base br col embed hr img input link meta param source track wbr frame keygen basefont bgsound"
OPTIONAL_END = "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rtc rp html head body"
NOT_NESTING = frozenset(f"{VOID} {OPTIONAL_END}".split())  # no end tag, or one a parser supplies by itself
# A tag's attributes run to its ">" and never over a "<": a page of "<a<a<a..." without any ">" would
# otherwise send every match to the end of the page (minutes for 200 KB).
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")


def nesting_depth(html: str) -> int:
    """How deep the document's elements nest, estimated from its tags without parsing it (parsing a
    document nested 100,000 deep takes lexbor half a minute); about 3 ms for a 200 KB page."""
    depth = deepest = 0
    for close, name, self_closing in TAG.findall(html):
        if self_closing or name.lower() in NOT_NESTING:
            continue
        if close:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


# Real pages nest under 300 deep. The parser's time grows with the square of the depth: 4,096 costs it
# 50 ms, 100,000 half a minute. A page with fewer start tags than this ("<" but not "</") cannot nest
# deeper, and is not scanned (the scan takes 3 ms on a 200 KB page; 7 of the 683 DEV pages are scanned).
MAX_DEPTH = 4096
BINARY_SHARE = 0.05  # control characters and undecodable bytes in a document's first 8 KB: not text
NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def unreadable(html: str) -> tuple[str, str] | None:
    """``(reason, detail)`` for a document no reader could read (empty, binary, absurdly nested), checked
    before it is parsed; None for any other."""
    if not html or html.isspace():  # not html.strip(): a copy of the page
        return "empty", "the document is empty"
    sample = html[:8192]
    if len(NOT_TEXT.findall(sample)) > BINARY_SHARE * len(sample):
        return "binary", "the document is binary data (control characters, undecodable bytes)"
    # Start tags ("<" not followed by "/") bound the depth; "</" is counted (twice the time of "<") only on
    # a page with more than MAX_DEPTH "<" in all: 3% of the DEV pages.
    if (
        (tags := html.count("<")) > MAX_DEPTH
        and tags - html.count("</") > MAX_DEPTH
        and (depth := nesting_depth(html)) > MAX_DEPTH
    ):
        return "too_deep", f"elements nested {depth} deep, more than the {MAX_DEPTH} a page needs"
    return None


def template_blocks(html: str) -> dict[str, str]:
    """The page's blocks as site-template learning counts them: on the tree :func:`strip_chrome` starts from."""
    tree = parse_html(html)
    _render(tree)
    return page_blocks(tree)


def strip_chrome(
    tree: LexborHTMLParser,
    base_url: str = "",
    rules: SiteRules = NO_RULES,
    headline: LexborNode | None = None,
    *,
    learn: bool = False,
    live_blog: bool = False,
) -> Pruned:
    """Remove chrome from ``tree`` in place; return the images with their captions and credits, and the
    article block (the one that holds ``headline``, the page's headline element, when there are several;
    on a ``live_blog``, the list of its entries); with ``learn``, the page's blocks for site-template
    learning too."""
    learned: dict[str, str] | None = {} if learn else None
    named = prune_surely(tree, rules, learned)
    links_base = document_base(tree, base_url)  # what the page's relative links and images resolve against
    images = _take_figures(tree, links_base)
    measured: dict[int, int] = {}  # units' prose, from the block search until the first removal below
    found = (
        None
        if rules.body and tree.css_first(rules.body)
        else find_article_block(tree, headline, measured, live_blog=live_blog)
    )
    page_prose = prose_chars(tree.body, measured) if tree.body is not None else 0
    block = tree.css_first(rules.body) if found is None and rules.body else (found.node if found else None)
    for node in [*(found.parts if found else ()), *chain(block)]:
        if node.tag not in ("html", "body") and name_kinds(_names(node)).chrome:
            _drop_names(node)  # the article and its parts, whatever their names say ("sidebar-grid__content")
    for node in found.repeated() if found else ():
        _drop_names(node)
    if live_blog and block is not None:
        block = _open_entries(block)
    keep = _ancestors(block)
    inside = _descendant_ids(block)
    block_prose = prose_chars(block, measured) if block is not None else 0

    def outside(node: LexborNode) -> bool:
        return node.mem_id not in keep

    main_prose = max(MAIN_PROSE_CHARS, int(OUTSIDE_PROSE_SHARE * block_prose))

    def chrome_by_name(node: LexborNode) -> bool:
        if node.mem_id in inside:
            return _is_chrome_by_name(node, in_block=True) and not _holds_prose(node, OWN_PROSE_CHARS)
        return _is_chrome_by_name(node, in_block=False) and not _holds_prose(node, main_prose)

    # A gallery's captions are no article text, unless the gallery is the story (a slideshow article): it
    # holds the article block, or paragraphs of its own beside its slides, as much prose as a named block
    # needs to stay. Then its slides are the article's parts.
    stories = [
        n
        for n in chain(block)
        if n.tag not in ("html", "body") and name_kinds(_names(n)).gallery and _holds_prose(n, MAIN_PROSE_CHARS)
    ]
    in_story = {n.mem_id for story in stories for n in story.traverse()}
    galleries = [
        node
        for node, kinds in named
        if kinds.gallery
        and outside(node)
        and node.mem_id not in in_story
        and not _holds_story(node, OWN_PROSE_CHARS if node.mem_id in inside else main_prose)
    ]
    images += _take_galleries(galleries, links_base)
    _remove(node for node in tree.css(LANDMARKS) if outside(node))
    _remove(node for node in tree.css(PAGE_FRAME) if outside(node))
    if block is not None and any(node.tag == "article" for node in chain(block)):
        _remove(
            n
            for n in tree.css("article")
            if outside(n) and (n.mem_id not in inside or not _holds_prose(n, OWN_PROSE_CHARS))
        )
    for node, kinds in named:
        if node.parent is None or not kinds.chrome:
            continue
        if outside(node) and chrome_by_name(node):
            node.decompose()
        elif node.mem_id in inside and (
            node.css_first("blockquote") is not None or _is_chrome_by_name(node, in_block=True)
        ):
            _drop_names(
                node
            )  # a quoted embed ("social-media-embed"), or prose: keep its name from misleading trafilatura
    _remove(node for node in tree.css(LINK_LIST) if outside(node) and _is_link_list(node))
    _remove(table for table in tree.css("table") if _is_calendar(table))
    _remove(_form_sections(tree, keep | _ancestors(headline), inside, block_prose))
    _remove(
        a.parent for a in tree.css("a[rel~=tag]") if a.parent is not None and link_share(a.parent) >= LINK_LIST_SHARE
    )
    linked = [node for node in tree.css("p, div") if node.css_first("a") is not None]  # a teaser links
    _remove(
        node
        for node, text in _short_texts(linked, _teaser_sized)
        if _is_teaser_paragraph(node, text, base_url, links_base)
    )
    _remove(_teaser_cards(tree, base_url, links_base, keep | _ancestors(headline)))
    lines = [node for node in tree.css("p, div, small, span") if node.mem_id not in inside]
    _remove(node for node, text in _short_texts(lines, _copyright_sized) if COPYRIGHT.match(text) is not None)
    # A block named a teaser that links nowhere is the article's lead (German newsrooms call the standfirst
    # "Teaser"): its name must not make the text extractor drop it as it drops teaser cards, which link.
    for node in tree.css(TEASER_NAMED):
        if node.parent is not None and node.css_first("a") is None and prose_chars(node) >= MIN_LEAD_CHARS:
            _drop_names(node)
    if block is not None and block.parent is not None:
        for div in {br.parent.mem_id: br.parent for br in block.css("br + br") if br.parent is not None}.values():
            if div.tag == "div":
                _paragraphs_from_breaks(div)
    block = block if block is not None and block.parent is not None else None
    return Pruned(images, block, page_prose, block_prose, learned)


def _open_entries(block: LexborNode) -> LexborNode:
    """A live blog's entries, opened into the list that holds them (the block): their ``<article>`` elements
    and the list items around them unwrapped, and the block itself when it is the list. The text extractor
    reads a page's first ``<article>`` as its whole article, and keeps no heading inside a list item."""
    for entry in block.css("article"):
        node = entry.parent
        entry.unwrap()
        while node is not None and node.mem_id != block.mem_id and node.tag == "li":
            parent = node.parent
            node.unwrap()
            node = parent
    if block.tag in ("ol", "ul") and block.parent is not None and all(child.tag != "li" for child in block.iter()):
        parent = block.parent
        block.unwrap()
        return parent
    return block


def subheadings(block: LexborNode) -> list[str]:
    """The headings inside the article block that stand between its paragraphs (a paragraph of prose before
    and after each): the article's own subheadings, not a closing box's title ("Comments", "You may like")."""
    if block.css_first(HEADINGS) is None:  # most blocks: no paragraph's text is needed
        return []
    marks = []  # (is a heading, its text) in document order; paragraphs of prose only, their text unused
    for node in block.css(f"{HEADINGS}, p"):
        text = node.text(separator=" ")
        if node.tag != "p":
            marks.append((True, " ".join(text.split())))
        elif len(text.strip()) >= MIN_LEAD_CHARS:
            marks.append((False, ""))
    paragraphs = [i for i, (heading, _text) in enumerate(marks) if not heading]
    if len(paragraphs) < 2:
        return []
    first, last = paragraphs[0], paragraphs[-1]
    return [text for i, (heading, text) in enumerate(marks) if heading and text and first < i < last]


def prune_surely(
    tree: LexborHTMLParser, rules: SiteRules = NO_RULES, learned: dict[str, str] | None = None
) -> list[tuple[LexborNode, NameKinds]]:
    """The removals that need no article block, each on evidence of its own: what never holds text, forms
    and hidden elements without the main prose, the site's own rules and template, overlays. Return the
    elements left that their names call chrome or a gallery, with what the names call them, in document
    order; fill ``learned``, when given, with the page's blocks for site-template learning
    (:func:`template_blocks`), read in the same pass as the template's removal."""
    _render(tree)
    blocks = learn_and_remove(tree, rules.template, learn=learned is not None)  # before the drop rules, as learned
    if learned is not None:
        learned.update(blocks)
    for selector in rules.drop:
        _remove(tree.css(selector))
    _remove(tree.css(OVERLAYS))
    # The page itself is no block: <body class="single-gallery">, on a page without an article block, is
    # neither a gallery to take nor chrome to remove (and <html> cannot be removed at all).
    # Names are read once, here: most elements' names call them nothing, and the later rules skip them.
    named = [
        (node, kinds)
        for node in tree.css("[class], [id]")
        if node.tag not in PAGE and (names := _names(node)).strip() and any(kinds := name_kinds(names))
    ]
    _remove(node for node, kinds in named if kinds.overlay and _is_overlay(node))
    return [(node, kinds) for node, kinds in named if node.parent is not None and (kinds.chrome or kinds.gallery)]


def prune_lightly(tree: LexborHTMLParser, rules: SiteRules = NO_RULES, page_url: str = "") -> None:
    """The second, independent view's pruning: :func:`prune_surely`, galleries without prose of their own,
    landmarks and the page's frame, but none that holds half the page's prose, and teaser cards of the
    site's other stories; nothing that depends on where the article block was found or on a class name
    alone. Link lists stay: on a page that is mostly links they are its content, and the text extractor
    weighs link density itself."""
    named = prune_surely(tree, rules)
    half = prose_chars(tree.body) // 2 if tree.body is not None else 0
    _remove(n for n, kinds in named if kinds.gallery and not _holds_story(n, half))
    for nodes in (tree.css(LANDMARKS), tree.css(PAGE_FRAME)):
        _remove(node for node in list(nodes) if node.parent is not None and prose_chars(node) <= half)
    _remove(_teaser_cards(tree, page_url, document_base(tree, page_url), set()))


def _render(tree: LexborHTMLParser) -> None:
    """The page as a browser shows it, before any judgement: streamed segments in their places, then what
    never holds text removed (each form's place marked first), then forms and hidden elements opened or
    removed."""
    _place_streamed_segments(tree)
    _mark_forms(tree)
    _remove(tree.css(NEVER_TEXT))
    _show_noscript(tree)
    _open_wrappers(tree)
    _open_layout_tables(tree)
    _flatten_ruby(tree)


def _flatten_ruby(tree: LexborHTMLParser) -> None:
    """Ruby annotations (a reading set above Japanese or Chinese characters) as running text: the base text,
    and the reading too where the page wrote the parentheses a plain-text reader shows it in
    (``<rp>（</rp><rt>よみ</rt><rp>）</rp>``). The text extractor, which knows no ruby, would otherwise cut
    the sentence into lines at each annotated word and drop the reading."""
    for ruby in reversed(tree.css("ruby")):  # innermost first
        if ruby.css_first("rp") is None:
            _remove(ruby.css("rt, rtc"))
        for part in ruby.css("rb, rt, rtc, rp"):
            part.unwrap()
        ruby.unwrap()


def _place_streamed_segments(tree: LexborHTMLParser) -> None:
    """Streamed server rendering (React's, which Next.js and others use) sends a slow part of the page late,
    as ``<div hidden id="S:n">``, and a script moves it in place of its boundary: ``<template id="B:n">`` and
    the fallback after it ("Loading…") up to the ``<!--/$-->`` comment. Do what the script does."""
    for segment in tree.css('div[hidden][id^="S:"]'):
        boundary = tree.css_first(f'template[id="B:{segment.id[2:]}"]') if segment.id else None
        if boundary is None:
            continue
        fallback, node = [], boundary.next
        while node is not None and not (node.is_comment_node and (node.comment_content or "").strip() == "/$"):
            fallback.append(node)
            node = node.next
        if node is None:  # no end of the boundary: leave the page as it is
            continue
        for child in list(segment.iter(include_text=True)):
            boundary.insert_before(child)
        for stale in (*fallback, boundary, segment):
            stale.decompose()


def _show_noscript(tree: LexborHTMLParser) -> None:
    """``<noscript>`` holds what a browser without scripts shows instead of what scripts render: usually a
    tracking pixel or "please enable JavaScript", but on a page that scripts render, the page itself. The
    one that holds more text than the rest of the page is shown; the others go."""
    blocks = [(node, text_length(node)) for node in tree.css("noscript")]
    if not blocks or tree.body is None:
        return
    shown, length = max(blocks, key=lambda item: item[1])
    # The rest of the page is read only when a noscript holds text (most hold a tracking pixel): a whole
    # page's text is its largest cost here.
    rest = text_length(tree.body) - sum(length for _node, length in blocks) if length else 0
    for node, chars in blocks:
        if node.parent is None:
            continue
        if node.mem_id == shown.mem_id and length > rest and not asks_for_scripts(node):
            node.unwrap()
        elif not chars and (scripted := _scripted_image(node)) is not None:
            scripted.decompose()  # a lazy loader's <img>, its placeholder until a script runs
            node.unwrap()
        else:
            node.decompose()


def asks_for_scripts(noscript: LexborNode) -> bool:
    """Whether a ``<noscript>`` is a notice that the page needs JavaScript ("We're sorry but this site doesn't
    work properly without JavaScript enabled. Please enable it to continue."): without its sentences that
    name JavaScript, it holds fewer than NOTICE_WORDS words. The page a script renders is no article then."""
    sentences = SENTENCE_END.split(noscript.text(separator=" "))
    return count_words(" ".join(s for s in sentences if "javascript" not in s.lower())) < NOTICE_WORDS


def _scripted_image(noscript: LexborNode) -> LexborNode | None:
    """The image just before a ``<noscript>`` that holds one: the picture a script loads there, which the
    noscript's image is without scripts (a lazy loader's placeholder is only the script's stand-in)."""
    if noscript.css_first(IMAGES) is None:
        return None
    before = noscript.prev
    while before is not None and before.tag == "-text" and not (before.text_content or "").strip():
        before = before.prev
    return before if before is not None and before.tag in IMAGE_TAGS else None


def _open_wrappers(tree: LexborHTMLParser) -> None:
    """Forms go, unless they hold the page's main prose: then only the wrapper goes (an ASP.NET page is one
    ``<form>``). Hidden elements go, unless one holds more prose than the whole visible page: then it is the
    article that a script reveals (a streamed placeholder, a subscriber's body), and it is shown; hidden
    copies of a visible article (schema.org blocks) go, also when the visible one is written in blocks that
    hold no prose units (a list of items)."""
    for form in tree.css("form"):
        if form.parent is not None:
            if prose_chars(form) >= MAIN_PROSE_CHARS:
                form.unwrap()
            else:
                form.decompose()
    hidden = [(node, prose_chars(node)) for node in tree.css(HIDDEN)]
    revealed = None
    if any(prose >= MAIN_PROSE_CHARS for _node, prose in hidden) and tree.body is not None:
        visible = prose_chars(tree.body) - sum(prose for _node, prose in hidden)  # nested ones count twice: rare
        revealed = max(hidden, key=lambda item: item[1])
        if revealed[1] <= visible:
            revealed = None
    for node, _prose in hidden:
        if (revealed is None or node.mem_id != revealed[0].mem_id) and node.parent is not None:
            node.decompose()
    if revealed is not None and tree.body is not None:
        node = revealed[0]
        if _shown_elsewhere(node, tree.body):
            node.decompose()  # a hidden copy of an article the page shows in other blocks (list items)
        else:
            for name in ("hidden", "style", "aria-hidden"):
                if name in node.attrs:
                    del node.attrs[name]


def _shown_elsewhere(node: LexborNode, body: LexborNode) -> bool:
    """Whether the page's text holds ``node``'s text a second time: most of COPY_PROBES passages taken
    across it are found twice in the whole body's text (once in ``node``)."""
    own = squash(node.text(separator=" "))
    if len(own) < COPY_PROBES * COPY_PROBE_CHARS:
        return False
    page = squash(body.text(separator=" "))
    step = len(own) // (COPY_PROBES + 1)
    probes = [own[i * step : i * step + COPY_PROBE_CHARS] for i in range(1, COPY_PROBES + 1)]
    return sum(page.count(probe) >= 2 for probe in probes) > COPY_PROBES // 2


def _open_layout_tables(tree: LexborHTMLParser) -> None:
    """A table whose cell holds another table, or paragraphs of prose, lays out the page; it holds
    no data. Its cells become blocks, so the text extractor reads the article in them as paragraphs (as a
    table, the whole article came out as one row) and a data table inside as a table. Outer tables first:
    a page laid out in tables nests them."""
    while (table := next((t for t in tree.css("table") if _is_layout(t)), None)) is not None:
        cells = "".join(f"<div>{cell.inner_html}</div>" for cell in _own_cells(table))
        table.replace_with(LexborHTMLParser(f"<div>{cells}</div>").css_first("div") or "")


def _own_cells(table: LexborNode) -> list[LexborNode]:
    """The table's own cells, in order: not those of the tables inside it."""
    rows: list[LexborNode] = []
    for child in table.iter():
        if child.tag in ("thead", "tbody", "tfoot"):
            rows += [row for row in child.iter() if row.tag == "tr"]
        elif child.tag == "tr":
            rows.append(child)
    return [cell for row in rows for cell in row.iter() if cell.tag in ("td", "th")]


def _is_layout(table: LexborNode) -> bool:
    if table.css_first(LAYOUT_BLOCK) is None and len(table.css("table")) == 1:
        return False  # no cell holds a block (most data tables): its cells are not walked
    return any(
        cell.css_first(LAYOUT_CELL) is not None
        and (cell.css_first("table") is not None or prose_chars(cell) >= MAIN_PROSE_CHARS)
        for cell in _own_cells(table)
    )


def _paragraphs_from_breaks(div: LexborNode) -> None:
    """A ``<div>`` that holds its text only as lines between ``<br><br>`` (Blogger, older CMSs) gets ``<p>``
    paragraphs: the text extractor takes so little of a ``<div>``'s loose text for an article that it adds
    the whole page's text after it, chrome and all."""
    out: list[str] = []
    run: list[str] = []
    breaks = 0

    def flush() -> None:
        if "".join(run).strip():
            out.append(f"<p>{''.join(run).strip()}</p>")
        run.clear()

    for child in div.iter(include_text=True):
        if child.tag == "br":
            breaks += 1
        elif child.tag == "-text" and not (child.text_content or "").strip():
            run.append(" ")
        elif child.tag == "-text" or child.tag in INLINE_TEXT:
            if breaks >= 2:
                flush()
            elif breaks and run:
                run.append("<br>")
            run.append(child.html or "")
            breaks = 0
        elif child.text(deep=True).strip():  # text in blocks as well: a layout the extractor reads as it is
            return
        else:
            breaks = 0
    flush()
    if len(out) >= 2:
        div.inner_html = "\n".join(out)


def _holds_story(gallery: LexborNode, least: int) -> bool:
    """Whether a gallery holds prose of its own beside the captions of its slides (``li``, ``figure``)."""
    if not _holds_prose(gallery, least):
        return False
    slides = [n for n in gallery.css(",".join(SLIDES)) if not _within(n.parent, SLIDES, gallery)]
    return prose_chars(gallery) - sum(prose_chars(slide) for slide in slides) >= least


def _within(node: LexborNode | None, tags: frozenset[str], top: LexborNode) -> bool:
    """Whether ``node`` or one of its ancestors below ``top`` is one of ``tags``."""
    while node is not None and node.mem_id != top.mem_id:
        if node.tag in tags:
            return True
        node = node.parent
    return False


def _holds_prose(node: LexborNode, least: int) -> bool:
    return prose_chars(node) >= least and link_share(node) <= MAX_PROSE_LINK_SHARE


def _remove(nodes: object) -> None:
    for node in list(nodes):  # type: ignore[call-overload]
        if node.parent is not None:
            node.decompose()


def _ancestors(node: LexborNode | None) -> set[int]:
    return {n.mem_id for n in chain(node)}


def _descendant_ids(node: LexborNode | None) -> set[int]:
    return {n.mem_id for n in node.traverse()} if node is not None else set()


class NameKinds(NamedTuple):
    """What an element's class and id name it: chrome (CHROME_NAME, asked only of names that hold one of
    its words), a gallery (one of MEDIA_WORDS between separators) or an overlay (OVERLAY_NAME)."""

    chrome: bool
    gallery: bool
    overlay: bool


@lru_cache(maxsize=8192)  # a page repeats its class names, and a site its pages'
def name_kinds(names: str) -> NameKinds:
    lowered = names.lower()
    words = lowered.translate(NAME_SEPARATORS).split()
    chrome = not CHROME_FIRST_WORDS.isdisjoint(words) and CHROME_NAME.search(lowered) is not None
    return NameKinds(chrome, not MEDIA_WORDS.isdisjoint(words), OVERLAY_NAME.search(lowered) is not None)


def _names(node: LexborNode) -> str:
    if not node.is_element_node:  # the document, at the top of a chain of ancestors
        return " "
    return f"{node.attrs.get('class') or ''} {node.id or ''}"  # ``attributes`` would build a dict of them all


def _is_overlay(node: LexborNode) -> bool:
    return node.tag not in ("html", "body") and len(node.text(separator=" ")) < MAX_OVERLAY_CHARS


def _drop_names(node: LexborNode) -> None:
    for name in ("class", "id"):
        if name in node.attrs:
            del node.attrs[name]


def _is_chrome_by_name(node: LexborNode, *, in_block: bool) -> bool:
    if node.tag in ("html", "body", "article", "main") or node.css_matches("[itemprop=articleBody], [role=main]"):
        return False
    # A block that holds the article's own heading is not chrome; inside the article, neither is one that
    # holds a run of its paragraphs or a quoted embed (a "social-media-embed" tweet).
    if node.css_first("h1") is not None:
        return False
    return not (in_block and (len(node.css("p")) >= MIN_BODY_PARAGRAPHS or node.css_first("blockquote") is not None))


def _is_calendar(table: LexborNode) -> bool:
    """A month's calendar (a blog's archive widget): most of its cells are day numbers (weekday names and the
    month's name may be cells too), and among them a month's days 1, 2, ... 28 in order. A ranking's first
    column counts so too, but beside the names it ranks its numbers are at most half the cells."""
    cells = [t for cell in table.css("td") if (t := cell.text().strip())]
    days = [int(t) for t in cells if t.isdecimal() and len(t) <= 2]
    if len(days) < MONTH_DAYS or len(days) <= CALENDAR_SHARE * len(cells):
        return False
    start = days.index(1) if 1 in days else -1
    return start >= 0 and days[start : start + MONTH_DAYS] == list(range(1, MONTH_DAYS + 1))


def _is_link_list(node: LexborNode) -> bool:
    return len(node.css("a")) >= 3 and link_share(node) >= LINK_LIST_SHARE


def _short_texts(nodes: list[LexborNode], sized: Callable[[str], str | None]) -> list[tuple[LexborNode, str]]:
    """Each of ``nodes`` (in document order) with its text as ``sized`` gives it, where that is not None: a
    text short enough for a paragraph-sized rule. ``sized`` must refuse every text that holds a refused one
    (a length limit does): then an element that holds a refused one is refused unread, and the largest
    elements' texts, the whole cost of such a rule on a deep page, are never built."""
    refused: set[int] = set()
    found = []
    for node in reversed(nodes):  # the elements inside before the elements around them
        if node.mem_id not in refused and (text := sized(node.text(separator=" "))) is not None:
            found.append((node, text))
            continue
        parent = node.parent
        while parent is not None and parent.mem_id not in refused:  # marked up to the root, or to a marked one
            refused.add(parent.mem_id)
            parent = parent.parent
    return found[::-1]


def _teaser_sized(text: str) -> str | None:
    return collapsed_within(text, MAX_TEASER_CHARS)


def _copyright_sized(text: str) -> str | None:
    text = text.strip()
    return text if len(text) <= MAX_COPYRIGHT_CHARS else None


def _is_teaser_paragraph(node: LexborNode, text: str, page_url: str, links_base: str) -> bool:
    """An inline teaser: a short paragraph (``text``, its whitespace collapsed) that is a label and a link.
    In English by its label ("ALSO READ: <link>", "Related: <link>"); in any language by its shape: a label of
    a few words set off by a colon, guillemet, dash or bar or by bold or italics ("À lire aussi » <link>",
    "<b>Lesen Sie auch:</b> <link>"), then the headline of another story on the same site (a source, a name
    or a URL on another site is no teaser)."""
    first = node.css_first("a")
    if first is None:
        return False
    link = " ".join(first.text(separator=" ").split())
    at = text.find(link) if link else -1
    label = text[:at].strip() if at > 0 else ""
    if not label or len(label.split()) > MAX_LABEL_WORDS:
        return False
    if not TEASER_LABEL.match(f"{label}:"):  # not an English teaser label (read with a separator after it)
        emphasized = any(" ".join(e.text(separator=" ").split()) == label for e in node.css("strong, b, em"))
        headline = len(link.split()) >= MIN_HEADLINE_WORDS and "://" not in link and not link.startswith("www.")
        here = _host(page_url)
        if not (headline and here and _host(join_url(links_base, first.attributes.get("href") or "")) == here):
            return False
        if not (LABEL_END.search(label) or emphasized):
            return False
    links = sum(len(" ".join(a.text(separator=" ").split())) for a in node.css("a"))
    return links >= TEASER_LINK_SHARE * max(1, len(text) - len(label))


def _teaser_cards(tree: LexborHTMLParser, page_url: str, links_base: str, keep: set[int]) -> Iterator[LexborNode]:
    """Teaser cards of other stories, wherever they sit: around a heading that links to another page of the
    same site (or a link that holds a picture and a title, where cards have no heading), the largest element
    whose links all go to that page (the headline, its picture, a "Next story" label) and that holds no more
    than a blurb besides. A heading that links alone is left: a card is the headline with something of its
    own."""
    here = _host(page_url)
    if not here:
        return
    page = urlsplit(page_url)._replace(fragment="").geturl()
    for heading in [*tree.css(HEADINGS), *_pictured_titles(tree)]:
        node, link = heading, heading if heading.tag == "a" else heading.css_first("a[href]")  # the card grows
        if link is None:  # from the heading, or from the link around it
            if (link := next((n for n in chain(heading)[1:3] if n.tag == "a"), None)) is None:
                continue
            node = link
        target = _story(link, links_base)
        if target == page or _host(target) != here:
            continue
        card = None
        while (parent := node.parent) is not None and parent.tag not in PAGE and parent.mem_id not in keep:
            if text_length(parent) > MAX_CARD_CHARS:
                break
            if any(_story(a, links_base) != target for a in parent.css("a[href]")):
                break
            node = card = parent
        if card is not None and text_length(card) > text_length(heading):
            yield card


def _pictured_titles(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    """Links that hold a picture and a headline (MIN_HEADLINE_WORDS words or more): a teaser card's core, as a
    linked heading is, on templates whose cards have no heading element."""
    seen: set[int] = set()
    for image in tree.css("a[href] img"):
        link = image.parent  # the nearest link around it, without listing its ancestors up to the page
        while link is not None and link.tag != "a":
            link = link.parent
        if link is not None and link.mem_id not in seen:
            seen.add(link.mem_id)
            if len(link.text(deep=True).split()) >= MIN_HEADLINE_WORDS:
                yield link


def _story(link: LexborNode, links_base: str) -> str:
    return urlsplit(join_url(links_base, link.attributes.get("href") or ""))._replace(fragment="").geturl()


def _mark_forms(tree: LexborHTMLParser) -> None:
    """Mark where each form was, before forms and their fields go: a reply form (one with a text area, a
    comment box) is the evidence of a comments section, a form the reader types into (a sign-up, a search,
    a login) of the box around it, whatever their class names say."""
    for form in tree.css("form"):
        if form.parent is None or form.parent.tag in PAGE:
            continue
        if form.css_first("textarea") is not None:
            form.parent.attrs[REPLY_FORM] = ""
        elif form.css_first(TYPED_FIELD) is not None:  # not a row of buttons (text size, print, follow)
            form.parent.attrs[FORM_BOX] = ""


def _form_sections(tree: LexborHTMLParser, keep: set[int], inside: set[int], block_prose: int) -> Iterator[LexborNode]:
    """Around each reply form's place outside the article block, the comments section: the largest element
    that does not hold the block (the comments listed above the form are in it), when it holds less prose
    than the block. ``keep`` holds the block's and the headline's ancestors: when the block is not the
    article (a sidebar's poem beside a post that is a list), the headline still tells where it is.
    Around a typed form's place outside the block, its box: the largest element of at most
    MAX_FORM_BOX_WORDS words (a pitch, a label, a button's text)."""
    # Inside the block nothing tells a comments section from a part of the text that holds a form.
    for node in tree.css(f"[{REPLY_FORM}]"):
        if node.mem_id not in keep and node.mem_id not in inside:
            section = _widest(node, keep, lambda _node: True)
            if prose_chars(section) < block_prose:
                yield section
    for node in tree.css(f"[{FORM_BOX}]"):
        if node.mem_id not in keep and node.mem_id not in inside and _words(node) <= MAX_FORM_BOX_WORDS:
            yield _widest(node, keep, lambda parent: _words(parent) <= MAX_FORM_BOX_WORDS)


def _widest(node: LexborNode, keep: set[int], fits: Callable[[LexborNode], bool]) -> LexborNode:
    """``node``'s largest ancestor (or itself) below the page and below ``keep`` that still ``fits``."""
    while (parent := node.parent) is not None and parent.mem_id not in keep and parent.tag not in PAGE and fits(parent):
        node = parent
    return node


def _words(node: LexborNode) -> int:
    return count_words(node.text(separator=" "))  # a character a word in Chinese, Japanese and Thai


def _host(url: str) -> str:
    return url_host(url).removeprefix("www.")


def _take_figures(tree: LexborHTMLParser, base_url: str) -> tuple[Image, ...]:
    images = []
    for figure in tree.css("figure, .wp-caption"):
        if figure.parent is not None and (image := _take_image(figure, base_url)) is not None:
            images.append(image)
    return tuple(images)


def _take_galleries(galleries: list[LexborNode], base_url: str) -> tuple[Image, ...]:
    """Embedded galleries and slideshows leave the tree; each slide with a caption becomes an image."""
    images = []
    for gallery in galleries:
        if gallery.parent is None:
            continue
        for slide in gallery.css("li, figure"):
            if slide.mem_id != gallery.mem_id and (image := _take_image(slide, base_url, caption_node=slide)):
                images.append(image)
        gallery.decompose()
    return tuple(images)


def _image_source(img: LexborNode) -> str:
    """An image element's picture: a lazy loader's own attribute first (its ``src`` holds a placeholder until
    a script swaps it), else ``src``, else the first candidate of ``srcset``; never an inline ``data:`` URI
    (a placeholder's pixels)."""
    for name in LAZY_SOURCES:
        if (value := (img.attributes.get(name) or "").strip()) and not value.startswith("data:"):
            return value
    for name in ("srcset", "data-srcset"):
        # The first candidate's URL runs to the first space, commas and all (image CDNs write "w_300,h_200"
        # into their paths); a comma right after it separates the next candidate.
        words = (img.attributes.get(name) or "").split(None, 1)
        if words and (first := words[0].rstrip(",")) and not first.startswith("data:"):
            return first
    return ""


def _take_image(item: LexborNode, base_url: str, *, caption_node: LexborNode | None = None) -> Image | None:
    """The image of a figure (or gallery slide) with its caption and credit, taken out of the tree."""
    img = item.css_first(IMAGES)
    caption_node = caption_node or item.css_first("figcaption, .wp-caption-text, .caption")
    credit_node = item.css_first(".credit, .credits, .image-credit, [class*=credit]")
    credit = " ".join((credit_node.text(separator=" ") if credit_node else "").split())
    if credit_node is not None:
        credit_node.decompose()
    caption = SLIDE_COUNTER.sub("", " ".join((caption_node.text(separator=" ") if caption_node else "").split()))
    if credit:
        credit = split_credit(f"({credit})")[1] or credit  # "Photo: Jonas Weber" -> "Jonas Weber"
    else:
        caption, credit = split_credit(caption)
    src = ""
    if img is not None:
        src = _image_source(img)
        caption = caption or (img.attributes.get("alt") or "").strip()
    for node in (caption_node, img):
        if node is not None and node.parent is not None and node.mem_id != item.mem_id:
            node.decompose()
    if not (src or caption):
        return None
    return Image(join_url(base_url, src) if src else "", caption, credit)
