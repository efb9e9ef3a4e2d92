"""Parse HTML with selectolax and strip the site's chrome from the tree before text extraction.

What goes, and why (structure first, names second):
- elements that never hold article text: scripts, styles, forms, iframes, svg;
- landmarks that are chrome by role: ``nav``, ``aside``, the page-level ``header``/``footer``,
  ``role=navigation|banner|contentinfo|complementary|search``;
- blocks whose class or id names a chrome kind (share bars, related/latest/"don't miss" teaser lists,
  newsletter and subscription boxes, comments, breadcrumbs, tickers, post navigation, widgets);
- inline teaser paragraphs: "ALSO READ: <link>", "Read more: <link>", "Related: <link>", where the
  paragraph is the label plus link text and nothing else;
- figure captions and credits are moved out of the tree into :class:`~scraper.models.Image` records.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.text import TEASER_LABEL, split_credit
from scraper.models import Image

NEVER_TEXT = "script, style, noscript, template, svg, iframe, form, button, select, input, textarea, dialog"
LANDMARKS = "nav, aside, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search]"
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
# Containers that are the article itself; a chrome-looking name on them (e.g. "post-content widget")
# never removes them.
ARTICLE_CONTAINERS = "article, main, [role=main], [itemprop=articleBody]"


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def strip_chrome(tree: LexborHTMLParser, base_url: str = "") -> tuple[Image, ...]:
    """Remove chrome from ``tree`` in place; return the images with their captions and credits."""
    for node in tree.css(NEVER_TEXT):
        node.decompose()
    images = _take_figures(tree, base_url)
    for node in tree.css(LANDMARKS):
        node.decompose()
    for node in tree.css("body > header, body > footer, body > div > header, body > div > footer"):
        node.decompose()
    for node in tree.css("[class], [id]"):
        if node.parent is not None and _is_chrome_by_name(node):
            node.decompose()
    for node in tree.css("p, div"):
        if _is_teaser_paragraph(node):
            node.decompose()
    return images


def _is_chrome_by_name(node: LexborNode) -> bool:
    if node.tag in ("html", "body") or node.css_matches(ARTICLE_CONTAINERS):
        return False
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    if not CHROME_NAME.search(names):
        return False
    # A block that holds the article's own heading or most of its paragraphs is not chrome.
    return node.css_first("h1") is None and len(node.css("p")) < 8


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
    images: list[Image] = []
    for figure in tree.css("figure, .wp-caption"):
        if figure.parent is None:
            continue
        img = figure.css_first("img")
        caption_node = figure.css_first("figcaption, .wp-caption-text, .caption")
        caption = " ".join((caption_node.text(separator=" ") if caption_node else "").split())
        credit_node = figure.css_first(".credit, .image-credit, [class*=credit]")
        credit = " ".join((credit_node.text(separator=" ") if credit_node else "").split())
        if credit and caption.endswith(credit):
            caption = caption[: -len(credit)].strip()
        if credit:
            credit = split_credit(f"({credit})")[1] or credit  # "Photo: Jonas Weber" -> "Jonas Weber"
        else:
            caption, credit = split_credit(caption)
        src = ""
        if img is not None:
            src = img.attributes.get("src") or img.attributes.get("data-src") or ""
            if not caption:
                caption = (img.attributes.get("alt") or "").strip()
        if src or caption:
            images.append(Image(urljoin(base_url, src) if src else "", caption, credit))
        for node in (caption_node, credit_node, img):
            if node is not None and node.parent is not None:
                node.decompose()
    return tuple(images)
