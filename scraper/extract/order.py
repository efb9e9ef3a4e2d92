"""Document order around one node: the nodes before and after it, walked from it.

The searches around a page's headline (its date, its byline) read a window of nodes on either side of it.
Walking the document from its start to find the headline costs as much as the menus and teasers above it
(hundreds of nodes); walking out from the headline costs only the window. Order is the pre-order of
``traverse(include_text=True)``: an element, then what it holds (text and comment nodes too).
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborNode

from scraper.extract.prose import chain


def following(node: LexborNode, top: LexborNode) -> Iterator[LexborNode]:
    """``node`` and the nodes after it, in document order, to the end of ``top`` (an ancestor of it)."""
    yield from node.traverse(include_text=True)
    while node.mem_id != top.mem_id and (parent := node.parent) is not None:
        sibling = node.next
        while sibling is not None:
            yield from sibling.traverse(include_text=True)
            sibling = sibling.next
        node = parent


def preceding(node: LexborNode, top: LexborNode) -> Iterator[LexborNode]:
    """The nodes before ``node`` in document order, nearest first, back to ``top`` (an ancestor of it, the
    last one given): before a node come its previous sibling's last descendant, or else its parent."""
    while node.mem_id != top.mem_id:
        before = node.prev
        if before is None:
            if (parent := node.parent) is None:
                return
            node = parent
        else:
            node = before
            while (last := node.last_child) is not None:
                node = last
        yield node


def inside(node: LexborNode, top: LexborNode) -> bool:
    """Whether ``node`` is ``top`` or inside it."""
    return any(n.mem_id == top.mem_id for n in chain(node))


def precedes(one: LexborNode, other: LexborNode) -> bool:
    """Whether ``one`` comes before ``other`` in document order (an element comes before what it holds)."""
    if one.mem_id == other.mem_id:
        return False
    ones, others = chain(one)[::-1], chain(other)[::-1]  # from the root down
    depth = 0
    while depth < min(len(ones), len(others)) and ones[depth].mem_id == others[depth].mem_id:
        depth += 1
    if depth == len(ones) or depth == len(others):  # one holds the other
        return depth == len(ones)
    sibling, target = ones[depth].next, others[depth].mem_id
    while sibling is not None:
        if sibling.mem_id == target:
            return True
        sibling = sibling.next
    return False
