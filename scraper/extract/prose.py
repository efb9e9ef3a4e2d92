"""Where a page's prose is: the measures that every pruning rule and the article-block search ask.

A *prose unit* is a paragraph-like run of text of at least ``MIN_PROSE_CHARS``: a ``<p>``, ``<pre>`` or
table cell, or the text a ``<div>`` holds directly (posts written as text and ``<br>`` lines, as Blogger and
older CMSs write them). A node's *prose* is the characters of its units, link text counted out. Pruning asks
these measures before it removes a block on a weak sign (a class name, a ``hidden`` attribute, a ``<form>``
around the page): a block that holds the page's main prose is never removed on such a sign alone.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.normalize.words import chars

PROSE = "p, pre, td, div"
MIN_PROSE_CHARS = 25
BLOCK_REACH = 0.5
TOP_CANDIDATES = 5  # the best of these sets the reach
MAX_SPLIT_LEVELS = 3  # how far above the article block a body split over sibling containers is looked for
MIN_PART_PROSE = 200  # a sibling container holding this much prose continues the body
MAX_PART_LINK_SHARE = 0.3


INLINE = frozenset(
    [
        "span",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "font",
        "small",
        "big",
        "sub",
        "sup",
        "mark",
        "abbr",
        "cite",
        "q",
        "time",
        "br",
        "wbr",
    ]
)


def _unit_text(node: LexborNode) -> str:
    """The text of a prose unit, or "" for a node whose text is too short to be one. A ``<div>``'s own text
    is its text nodes and inline children (``<span>``, ``<b>``, ``<font>``...): page builders wrap lines in
    spans."""
    text = (_own_text(node) if node.tag == "div" else node.text(separator=" ")).strip()
    return text if len(text) >= MIN_PROSE_CHARS else ""


def _own_text(div: LexborNode) -> str:
    pieces = []
    for child in div.iter(include_text=True):
        if child.tag == "-text":
            pieces.append(child.text_content or "")
        elif child.tag in INLINE:
            pieces.append(child.text(separator=" "))
    return " ".join(pieces)


def prose_chars(root: LexborNode, measured: dict[int, int] | None = None) -> int:
    """Characters of prose under ``root`` (itself included), link text counted out. ``measured`` keeps each
    unit's count by node, for a caller that asks about several nodes of a tree it does not change meanwhile."""
    measured = {} if measured is None else measured
    total = 0
    for node in root.css(PROSE):
        if (count := measured.get(node.mem_id)) is None:
            count = measured[node.mem_id] = _unit_chars(node, text) if (text := _unit_text(node)) else 0
        total += count
    return total


def _unit_chars(node: LexborNode, text: str) -> int:
    links = sum(text_length(a) for a in node.css("a")) if node.tag != "div" else 0
    return max(0, chars(text) - links)


def link_share(node: LexborNode) -> float:
    """Share of the node's visible characters that sit inside links."""
    text = text_length(node)
    links = sum(text_length(a) for a in node.css("a"))
    return min(1.0, links / text) if text else 0.0


def text_length(node: LexborNode) -> int:
    return chars(node.text(separator=" "))


def chain(node: LexborNode | None) -> list[LexborNode]:
    """The node and its ancestors, nearest first."""
    nodes = []
    while node is not None:
        nodes.append(node)
        node = node.parent
    return nodes


@dataclass(frozen=True)
class Block:
    node: LexborNode  # the element holding the article's prose
    # When the body is split over sibling containers: those, and inside them the nodes built like the first
    # part's path down to its prose. Their names (say, "sidebar-grid__container") do not make them chrome.
    parts: tuple[LexborNode, ...] = ()

    def repeated(self) -> list[LexborNode]:
        """The parts built like another part ("text", "wrap" in each section of a page builder): their names
        tell the sections apart from nothing, and would point a text extractor at the first one alone."""
        shapes = Counter(_shape(node) for node in self.parts)
        return [node for node in self.parts if shapes[_shape(node)] > 1]


def find_article_block(
    tree: LexborHTMLParser,
    headline: LexborNode | None = None,
    measured: dict[int, int] | None = None,
    *,
    live_blog: bool = False,
) -> Block | None:
    """The element holding the article's prose, or ``None`` on a page without paragraphs.

    Prose units score their parent (and half their grandparent) by length and commas; link text counts
    against a candidate, and a container of several ``<article>`` teasers is no candidate. When the page's
    headline sits in an ``<article>`` that holds prose (MIN_PART_PROSE, or any besides the headline's own
    box: not just a header), only its candidates count: a second full story below (infinite scroll, "next
    article") is not this page's, nor the comments under a short post. Of the candidates within
    reach of the best (of the TOP_CANDIDATES highest scores), the first in the page wins, wherever it ranks:
    teaser lists and comments with long blurbs come after the article they hang from. A body split over
    sibling containers of one kind (ads between them, page-builder sections, "read more" continuations) is
    taken whole: the block grows to their common parent. On a ``live_blog`` (the page says it is one) the
    ``<article>`` elements are its entries, not teasers: its article is the list of them all, as a body
    split over containers is."""
    listing = _entries if live_blog else _is_listing
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    measured = {} if measured is None else measured  # the tree does not change here: each node measured once
    for unit in tree.css(PROSE):
        if not (text := _unit_text(unit)):
            measured[unit.mem_id] = 0  # too short to be a unit: known, for the callers' prose_chars
            continue
        measured[unit.mem_id] = _unit_chars(unit, text)
        score = 1 + text.count(",") + min(len(text) / 100, 3)
        parent = unit if unit.tag == "div" else unit.parent
        for node, share in ((parent, 1.0), (parent.parent if parent else None, 0.5)):
            if node is None or node.tag in ("html", "body"):
                continue
            scores[node.mem_id] = scores.get(node.mem_id, 0.0) + score * share
            nodes.setdefault(node.mem_id, node)  # dicts keep first-seen order: document order
    story = next((n for n in chain(headline) if n.tag == "article"), None)
    if story is not None and (
        prose_chars(story, measured) >= MIN_PART_PROSE or _has_own_body(story, headline, measured)
    ):
        own = {n.mem_id for n in story.traverse()}
        if any(key in own for key in scores):
            scores = {key: score for key, score in scores.items() if key in own}
    candidates = (
        key for key in sorted(scores, key=scores.__getitem__, reverse=True) if not listing(nodes[key], measured)
    )
    ranked = {key: scores[key] * (1 - link_share(nodes[key])) for key in itertools.islice(candidates, TOP_CANDIDATES)}
    if not ranked:
        return None
    best = max(ranked.values())
    for key in candidates:  # below the top ones, those within reach too: a short post above many long comments
        if scores[key] < BLOCK_REACH * best:
            break  # and all after it: link text only lowers a score
        ranked[key] = scores[key] * (1 - link_share(nodes[key]))
    return _whole_body(
        next(nodes[key] for key in nodes if ranked.get(key, 0.0) >= BLOCK_REACH * best), measured, listing
    )


def _has_own_body(story: LexborNode, headline: LexborNode | None, measured: dict[int, int]) -> bool:
    """Whether ``story`` holds prose besides the headline's own box (the element around the headline): a
    body of its own, however short (a one-line post above its comments), not only a header."""
    box = headline.parent if headline is not None else None
    if box is None or box.mem_id == story.mem_id:
        return False
    return prose_chars(story, measured) - prose_chars(box, measured) >= MIN_PROSE_CHARS


def _whole_body(
    block: LexborNode, measured: dict[int, int], listing: Callable[[LexborNode, dict[int, int]], bool]
) -> Block:
    node = block
    for _ in range(MAX_SPLIT_LEVELS):
        parent = node.parent
        if parent is None or parent.tag in ("html", "body") or listing(parent, measured):
            break
        shape = _shape(node)
        parts = [
            sibling
            for sibling in parent.iter()
            if sibling.mem_id != node.mem_id
            and _shape(sibling) == shape
            and prose_chars(sibling, measured) >= MIN_PART_PROSE
            and link_share(sibling) <= MAX_PART_LINK_SHARE
        ]
        if parts:  # the other parts are built like the first: their nodes shaped like the block's are its twins
            shapes = {_shape(n) for n in chain(block)[: chain(block).index(node)]}
            twins = [n for part in parts for n in part.traverse(include_text=False) if _shape(n) in shapes]
            return Block(parent, (*chain(block)[: chain(block).index(node) + 1], *parts, *twins))
        node = parent
    return Block(block)


def _shape(node: LexborNode) -> tuple[str, str]:
    """Tag and first class name: what repeated containers of one kind share."""
    names = (node.attributes.get("class") or "").split()
    return node.tag or "", names[0] if names else ""


def _entries(_node: LexborNode, _measured: dict[int, int] | None = None) -> bool:
    """A live blog's ``<article>`` elements are its entries: no container of them is a list of teasers."""
    return False


def _is_listing(node: LexborNode, measured: dict[int, int] | None = None) -> bool:
    """A container whose prose sits mostly in several ``<article>`` elements is a list of teasers, not an
    article; a body with teaser cards between its paragraphs is still the article."""
    teasers = [n for n in node.css("article") if n.mem_id != node.mem_id]
    if len(teasers) < 2:
        return False
    return 2 * sum(prose_chars(n, measured) for n in teasers) >= prose_chars(node, measured)
