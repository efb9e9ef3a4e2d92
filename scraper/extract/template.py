"""Site templates: text blocks that recur on a large share of one site's pages are that site's chrome.

A *block* is a leaf block element (a paragraph, list item, heading, cell or a div without block
children) of at most ``MAX_BLOCK_WORDS`` words. Its fingerprint hashes where it sits (the tag path from
the document root) and its normalized text, so the same words in another place are another block. The
store counts, per source and host, on how many stored pages each fingerprint occurs; the fingerprints
above the configured share form the site's template, which :func:`remove_template` takes out of a page
before extraction. The counts depend only on the set of stored pages, so re-extraction is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator
from hashlib import blake2b

from selectolax.lexbor import LexborHTMLParser, LexborNode

BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, th, dd, dt, figcaption, div, section"
MAX_BLOCK_WORDS = 80
MAX_SAMPLE_CHARS = 120  # how much of a block's text the store keeps, to show what a template removes


def page_blocks(tree: LexborHTMLParser) -> dict[str, str]:
    """Fingerprint -> text sample of every block on the page (each fingerprint once)."""
    return {fingerprint: text[:MAX_SAMPLE_CHARS] for fingerprint, _node, text in _blocks(tree)}


def remove_template(tree: LexborHTMLParser, template: frozenset[str]) -> None:
    """Remove the blocks whose fingerprint is in ``template``."""
    if not template:
        return
    for node in [node for fingerprint, node, _text in _blocks(tree) if fingerprint in template]:
        node.decompose()


def _blocks(tree: LexborHTMLParser) -> Iterator[tuple[str, LexborNode, str]]:
    for node in tree.css(BLOCKS):
        if len(node.css(BLOCKS)) > 1:  # not a leaf (css() matches the node itself): its leaves count instead
            continue
        text = " ".join(node.text(separator=" ").split()).lower()
        if not text or len(text.split()) > MAX_BLOCK_WORDS:
            continue
        path = []
        parent: LexborNode | None = node
        while parent is not None and parent.tag not in ("html", "-document"):
            path.append(parent.tag or "")
            parent = parent.parent
        key = f"{'/'.join(reversed(path))}\n{text}"
        yield blake2b(key.encode("utf-8"), digest_size=8).hexdigest(), node, text
