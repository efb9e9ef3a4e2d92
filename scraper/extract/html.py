"""Parse HTML with selectolax and strip the site's chrome from the tree before text extraction.

First come the site's own rules: the source's ``drop`` selectors from the config and the blocks of the
template learned from the site's stored pages (:mod:`scraper.extract.template`). Then the *article
block* is found by structure (or taken from the source's ``body`` selector): the element whose
paragraphs carry the most prose (readability's scoring: long, comma-rich paragraphs score, link text
counts against). The block and its ancestors are never removed; everything else is judged by what it
is and where it sits:

- elements that never hold article text (scripts, styles, forms, iframes, svg), hidden elements, and
  overlays (dialogs, cookie and consent banners);
- landmarks that are chrome by role: ``nav``, ``aside``, the page-level ``header``/``footer``,
  ``role=navigation|banner|contentinfo|complementary|search``;
- other ``<article>`` elements beside the article block: teaser cards of related stories;
- blocks whose class or id names a chrome kind (share bars, related/latest/"don't miss" teaser lists,
  newsletter and subscription boxes, comments, breadcrumbs, tickers, post navigation, widgets);
- link lists: blocks that are mostly link text (menus, tag clouds, teaser lists), and the block of a
  post's ``rel=tag`` links;
- the site's copyright line, outside the article block (a wire service's notice inside it stays);
- inline teaser paragraphs: "ALSO READ: <link>", "Read more: <link>", "Related: <link>", where the
  paragraph is the label plus link text and nothing else;
- figure captions and credits are moved out of the tree into :class:`~scraper.models.Image` records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.template import page_blocks, remove_template
from scraper.extract.text import TEASER_LABEL, split_credit
from scraper.models import Image, SiteRules

NEVER_TEXT = "script, style, noscript, template, svg, iframe, form, button, select, input, textarea, dialog"
HIDDEN = "[hidden], [style*='display:none'], [style*='display: none'], [style*='visibility:hidden']"
OVERLAYS = "[role=dialog], [role=alertdialog], [aria-modal=true]"
OVERLAY_NAME = re.compile(r"cookie|consent|gdpr|privacy-(?:notice|banner|policy-banner)", re.I)
LANDMARKS = "nav, aside, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search]"
PAGE_FRAME = "body > header, body > footer, body > div > header, body > div > footer"
CHROME_NAME = re.compile(
    r"""(?:^|[-_\s])(?:
        share|sharing|social|sharedaddy|addtoany|sociable|
        related|relatedposts|latest|more-from|recommended|read-next|readnext|dont-miss|trending|popular|
        most-read|mostread|also-read|
        newsletter|subscribe|subscription|signup|paywall|promo|
        comments?|disqus|respond|
        breadcrumbs?|ticker|breaking-news|
        post-navigation|nav-links|navigation|pagination|prev-next|go-top|gotop|back-to-top|scroll-top|
        widget|sidebar|footer|masthead|site-header|menu|
        ad|ads|advert|advertisement|sponsored|banner
    )(?:$|[-_\s])""",
    re.X | re.I,
)
# Embedded galleries and slideshows: their text is captions, which are not article text.
MEDIA_NAME = re.compile(r"(?:^|[-_\s])(?:gallery|slideshow|carousel|lightbox)(?:$|[-_\s])", re.I)
SLIDE_COUNTER = re.compile(r"^\d+\s*/\s*\d+\s*")  # "3/50 City for sale"
MAX_OVERLAY_CHARS = 2000
MIN_BODY_PARAGRAPHS = 5
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
MAX_COPYRIGHT_CHARS = 200
PROSE = "p, pre, td"
MIN_PROSE_CHARS = 25
BLOCK_REACH = 0.5
LINK_LIST = "ul, ol, div, section, table"
LINK_LIST_SHARE = 0.7


NO_RULES = SiteRules()


@dataclass(frozen=True)
class Pruned:
    images: tuple[Image, ...]
    block: LexborNode | None  # the article block (the configured body when it matched)


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


VOID = "area base br col embed hr img input link meta param source track wbr frame keygen basefont bgsound"
OPTIONAL_END = "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rtc rp html head body"
NOT_NESTING = frozenset(f"{VOID} {OPTIONAL_END}".split())  # no end tag, or one a parser supplies by itself
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")


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
# 50 ms, 100,000 half a minute. A page with fewer tags than this cannot nest deeper, and is not scanned.
MAX_DEPTH = 4096
BINARY_SHARE = 0.05  # control characters and undecodable bytes in a document's first 8 KB: not text
NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def unreadable(html: str) -> tuple[str, str] | None:
    """``(reason, detail)`` for a document no reader could read (empty, binary, absurdly nested), checked
    before it is parsed; None for any other."""
    if not html.strip():
        return "empty", "the document is empty"
    sample = html[:8192]
    if len(NOT_TEXT.findall(sample)) > BINARY_SHARE * len(sample):
        return "binary", "the document is binary data (control characters, undecodable bytes)"
    if html.count("<") > MAX_DEPTH and (depth := nesting_depth(html)) > MAX_DEPTH:
        return "too_deep", f"elements nested {depth} deep, more than the {MAX_DEPTH} a page needs"
    return None


def template_blocks(html: str) -> dict[str, str]:
    """The page's blocks as site-template learning counts them: on the tree :func:`strip_chrome` starts from."""
    tree = parse_html(html)
    _remove(tree.css(NEVER_TEXT))
    return page_blocks(tree)


def strip_chrome(tree: LexborHTMLParser, base_url: str = "", rules: SiteRules = NO_RULES) -> Pruned:
    """Remove chrome from ``tree`` in place; return the images with their captions and credits, and the
    article block."""
    _remove(tree.css(NEVER_TEXT))
    for selector in rules.drop:
        _remove(tree.css(selector))
    remove_template(tree, rules.template)
    _remove(tree.css(HIDDEN))
    _remove(tree.css(OVERLAYS))
    named = [(node, names) for node in tree.css("[class], [id]") if (names := _names(node)).strip()]
    _remove(node for node, names in named if OVERLAY_NAME.search(names) and _is_overlay(node))
    images = _take_figures(tree, base_url)
    block = (tree.css_first(rules.body) if rules.body else None) or find_article_block(tree)
    keep = _ancestors(block)
    inside = _descendant_ids(block)

    def outside(node: LexborNode) -> bool:
        return node.mem_id not in keep

    galleries = [node for node, names in named if MEDIA_NAME.search(names) and outside(node)]
    images += _take_galleries(galleries, base_url)
    _remove(node for node in tree.css(LANDMARKS) if outside(node))
    _remove(node for node in tree.css(PAGE_FRAME) if outside(node))
    if block is not None and any(node.tag == "article" for node in chain(block)):
        _remove(n for n in tree.css("article") if outside(n) and n.mem_id not in inside)
    for node, names in named:
        if node.parent is None or not CHROME_NAME.search(names):
            continue
        if outside(node) and _is_chrome_by_name(node, in_block=node.mem_id in inside):
            node.decompose()
        elif node.mem_id in inside and node.css_first("blockquote") is not None:
            _drop_names(node)  # a quoted embed ("social-media-embed"): keep its name from misleading trafilatura
    _remove(node for node in tree.css(LINK_LIST) if outside(node) and _is_link_list(node))
    _remove(
        a.parent for a in tree.css("a[rel~=tag]") if a.parent is not None and _link_share(a.parent) >= LINK_LIST_SHARE
    )
    _remove(node for node in tree.css("p, div") if _is_teaser_paragraph(node))
    _remove(node for node in tree.css("p, div, small, span") if node.mem_id not in inside and _is_copyright(node))
    return Pruned(images, block if block is not None and block.parent is not None else None)


def find_article_block(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the article's prose, or ``None`` on a page without paragraphs.

    Paragraphs score their parent (and half their grandparent) by length and commas; link text counts
    against a candidate, and a container of several ``<article>`` teasers is no candidate. Of the
    candidates within reach of the best, the first in the page wins: teaser lists and comments with long
    blurbs come after the article they hang from."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for para in tree.css(PROSE):
        text = para.text(separator=" ").strip()
        if len(text) < MIN_PROSE_CHARS:
            continue
        score = 1 + text.count(",") + min(len(text) / 100, 3)
        for node, share in ((para.parent, 1.0), (para.parent.parent if para.parent else None, 0.5)):
            if node is None or node.tag in ("html", "body"):
                continue
            scores[node.mem_id] = scores.get(node.mem_id, 0.0) + score * share
            nodes.setdefault(node.mem_id, node)  # dicts keep first-seen order: document order
    top = [key for key in sorted(scores, key=scores.__getitem__, reverse=True) if not _is_listing(nodes[key])][:5]
    ranked = {key: scores[key] * (1 - _link_share(nodes[key])) for key in top}
    if not ranked:
        return None
    best = max(ranked.values())
    return next(nodes[key] for key in nodes if ranked.get(key, 0.0) >= BLOCK_REACH * best)


def _remove(nodes: object) -> None:
    for node in list(nodes):  # type: ignore[call-overload]
        if node.parent is not None:
            node.decompose()


def chain(node: LexborNode | None) -> list[LexborNode]:
    """The node and its ancestors, nearest first."""
    nodes = []
    while node is not None:
        nodes.append(node)
        node = node.parent
    return nodes


def _ancestors(node: LexborNode | None) -> set[int]:
    return {n.mem_id for n in chain(node)}


def _descendant_ids(node: LexborNode | None) -> set[int]:
    return {n.mem_id for n in node.traverse()} if node is not None else set()


def _is_listing(node: LexborNode) -> bool:
    """A container of several ``<article>`` elements is a list of teasers, not an article."""
    return len(node.css("article")) - (node.tag == "article") >= 2


def _link_share(node: LexborNode) -> float:
    """Share of the node's visible characters that sit inside links."""
    text = _text_length(node)
    links = sum(_text_length(a) for a in node.css("a"))
    return min(1.0, links / text) if text else 0.0


def _text_length(node: LexborNode) -> int:
    return len("".join(node.text(separator=" ").split()))


def _names(node: LexborNode) -> str:
    return f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"


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


def _is_link_list(node: LexborNode) -> bool:
    return len(node.css("a")) >= 3 and _link_share(node) >= LINK_LIST_SHARE


def _is_copyright(node: LexborNode) -> bool:
    text = node.text(separator=" ").strip()
    return len(text) <= MAX_COPYRIGHT_CHARS and COPYRIGHT.match(text) is not None


def _is_teaser_paragraph(node: LexborNode) -> bool:
    text = (node.text(separator=" ") or "").strip()
    if not TEASER_LABEL.match(text) or len(text) > 300:
        return False
    links = node.css("a")
    if not links:
        return False
    link_text = sum(len(a.text(separator=" ").strip()) for a in links)
    rest = TEASER_LABEL.sub("", text, count=1).strip()
    return link_text >= 0.6 * max(1, len(rest))


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


def _take_image(item: LexborNode, base_url: str, *, caption_node: LexborNode | None = None) -> Image | None:
    """The image of a figure (or gallery slide) with its caption and credit, taken out of the tree."""
    img = item.css_first("img")
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
        src = img.attributes.get("src") or img.attributes.get("data-src") or ""
        caption = caption or (img.attributes.get("alt") or "").strip()
    for node in (caption_node, img):
        if node is not None and node.parent is not None and node.mem_id != item.mem_id:
            node.decompose()
    if not (src or caption):
        return None
    return Image(urljoin(base_url, src) if src else "", caption, credit)
