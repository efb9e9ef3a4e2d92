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
ROOT_TAGS = ("html", "-document")  # where a block's tag path starts


def page_blocks(tree: LexborHTMLParser) -> dict[str, str]:
    """Fingerprint -> text sample of every block on the page (each fingerprint once)."""
    return learn_and_remove(tree, frozenset(), learn=True)


def remove_template(tree: LexborHTMLParser, template: frozenset[str]) -> None:
    """Remove the blocks whose fingerprint is in ``template``."""
    learn_and_remove(tree, template, learn=False)


def learn_and_remove(tree: LexborHTMLParser, template: frozenset[str], *, learn: bool) -> dict[str, str]:
    """In one pass over the blocks: with ``learn``, the page's blocks as :func:`page_blocks` gives them (before
    any is removed); then the blocks whose fingerprint is in ``template`` removed."""
    if not learn and not template:
        return {}
    blocks = list(_blocks(tree))
    learned = {fingerprint: text[:MAX_SAMPLE_CHARS] for fingerprint, _node, text in blocks} if learn else {}
    for fingerprint, node, _text in blocks:
        if fingerprint in template:
            node.decompose()
    return learned


def _blocks(tree: LexborHTMLParser) -> Iterator[tuple[str, LexborNode, str]]:
    """The leaf blocks, in document order: a block element with no block inside it (in document order, its
    first block descendant would be the next block). Each node's tag path is built once, from its parent's."""
    nodes = tree.css(BLOCKS)
    paths: dict[int, str] = {}

    def path(node: LexborNode) -> str:  # "body/div/p": the tags from below <html> down to the node
        found = paths.get(node.mem_id)
        if found is None:
            above = path(node.parent) if node.parent is not None and node.tag not in ROOT_TAGS else None
            found = "" if above is None else f"{above}/{node.tag or ''}" if above else node.tag or ""
            paths[node.mem_id] = found
        return found

    for index, node in enumerate(nodes):
        if index + 1 < len(nodes) and _within(nodes[index + 1], node):
            continue  # not a leaf: its leaves count instead
        words = node.text(separator=" ").split()
        if not words or len(words) > MAX_BLOCK_WORDS:
            continue
        text = " ".join(words).lower()
        key = f"{path(node)}\n{text}"
        yield blake2b(key.encode("utf-8"), digest_size=8).hexdigest(), node, text


def _within(node: LexborNode, ancestor: LexborNode) -> bool:
    target = ancestor.mem_id
    parent = node.parent
    while parent is not None:
        if parent.mem_id == target:
            return True
        parent = parent.parent
    return False
