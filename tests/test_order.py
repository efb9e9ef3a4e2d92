"""Walking out from a node gives the nodes of a walk from the page's start, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.extract.html import parse_html
from scraper.extract.order import following, inside, precedes, preceding

PAGES = sorted((Path(__file__).parent / "data" / "pages").glob("*.html"))[:12]


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_the_nodes_before_and_after_any_node_are_the_walks(path: Path) -> None:
    """For every node of the body (elements, text and comments): the nodes after it are the rest of a walk of
    the body from its start, the nodes before it that walk's start backwards, and a node precedes another
    exactly when the walk meets it first."""
    body = parse_html(path.read_text()).body
    assert body is not None
    walk = list(body.traverse(include_text=True))
    ids = [node.mem_id for node in walk]
    assert len(walk) > 50
    for place, node in enumerate(walk):
        assert [n.mem_id for n in following(node, body)] == ids[place:]
        assert [n.mem_id for n in preceding(node, body)] == ids[:place][::-1]
        assert inside(node, body)
    for place in range(0, len(walk), 7):
        for other in range(0, len(walk), 11):
            assert precedes(walk[place], walk[other]) == (place < other)


def test_a_node_outside_is_not_inside() -> None:
    tree = parse_html("<html><head><title>T</title></head><body><p>a</p></body></html>")
    title, body = tree.css_first("title"), tree.body
    assert title is not None and body is not None
    assert not inside(title, body) and inside(body, body)
