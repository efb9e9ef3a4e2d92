"""trafilatura's costliest XPath expressions, evaluated in Python with the same result.

trafilatura finds the page's main content and prunes chrome with XPath expressions that test ``class``,
``id`` and ``style`` against regular expressions (EXSLT ``re:test``). libxml2 evaluates each test by
turning every attribute of every element into a string and calling back into Python's ``re``: about
2.8 ms of a record's 20 ms on the DEV pages. The same tests written as a loop over the elements the path
selects, reading each attribute once, give the same elements in the same (document) order at about a third
of the cost.

Each function below stands for one expression of ``trafilatura.xpaths`` and says which; its regular
expressions are read out of that expression's own text, its other tests (an attribute's value, a style, a
tag) are written here, for the version read (READ_ON). XPath's rules kept:
``.//*`` is the context element's descendant elements (not the element itself, no comments); a missing
attribute is the empty string; ``re:test(@id|@class, p)`` tests whichever of the two attributes comes first
in the markup; ``re:test`` searches (it is not anchored). ``tests/test_text_paths.py`` holds each function to
its expression on generated elements.

Process-wide state: :func:`install` puts the functions in the lists trafilatura reads (every module that
imported a list shares it), on the trafilatura versions whose expressions were read for them (READ_ON);
:func:`shipped` puts the expressions back for a block, to measure trafilatura as a peer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import trafilatura
import trafilatura.xpaths as xpaths
from lxml.etree import Element as ANY_ELEMENT  # iterdescendants(Element): elements only, no comments
from lxml.html import HtmlElement

READ_ON = {"2.3.1"}  # trafilatura versions whose expressions were read for the functions below
RE_TEST = re.compile(r"re:test\((@[\w-]+(?:\|@[\w-]+)*),\s*'([^']*)'(?:,\s*'([^']*)')?\)")
# The element tags the pruning expressions select ("item" and "list" are trafilatura's names for li and ul)
PRUNED_TAGS = ("div", "item", "list", "p", "section", "span")
COMMENT_TAGS = ("div", "list", "section", "details")
BODY_TAGS = ("article", "div", "main", "section")
RAW_TAGS = ("div", "section", "aside")

Paths = Callable[[HtmlElement], list[HtmlElement]]  # a pruning expression's elements (BODY_XPATH's: lazily)


def tests_of(path: str) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """The ``re:test`` calls of an XPath expression, in order: the attributes tested (one, or a union whose
    first present one counts) and the compiled pattern (with the ``i`` flag, ignoring case)."""
    return [
        (tuple(a.lstrip("@") for a in attributes.split("|")), re.compile(pattern, re.I if flags == "i" else 0))
        for attributes, pattern, flags in RE_TEST.findall(path)
    ]


def first_of(element: HtmlElement, names: tuple[str, ...]) -> str:
    """The value of whichever of the attributes ``names`` comes first in the element's markup ("" when it
    has none): XPath's string value of ``@a|@b``."""
    if len(names) == 1:
        return element.get(names[0]) or ""
    for name, value in element.items():
        if name in names:
            return str(value)
    return ""


def _matcher(tests: list[tuple[tuple[str, ...], re.Pattern[str]]]) -> Callable[[HtmlElement], bool]:
    """Whether any of the ``re:test`` calls holds for an element."""
    compiled = [(names, pattern.search) for names, pattern in tests]

    def matches(element: HtmlElement) -> bool:
        return any(search(first_of(element, names)) for names, search in compiled)

    return matches


def overall_discard_names(path: str) -> Paths:
    """OVERALL_DISCARD_XPATH[0]: the div, item, list, p, section or span elements with a
    ``data-lp-replacement-content`` attribute, a role holding "nav" (or "Nav"), a ``data-component`` holding
    "MostPopularStories", or an id or class its patterns find."""
    tested = _matcher(tests_of(path))

    def select(tree: HtmlElement) -> list[HtmlElement]:
        return [
            e
            for e in tree.iterdescendants(*PRUNED_TAGS)
            if e.get("data-lp-replacement-content") is not None
            or "nav" in (e.get("role") or "").replace("N", "n")
            or "MostPopularStories" in (e.get("data-component") or "")
            or tested(e)
        ]

    return select


def overall_discard_hidden(path: str) -> Paths:
    """OVERALL_DISCARD_XPATH[1]: the elements titled "comments-title", an id or class starting "reply-",
    hidden by style, ``aria-hidden``, or an id or class its patterns find."""
    tested = _matcher(tests_of(path))
    bare = tested(HtmlElement())  # whether an element without attributes can match (none of today's patterns)

    def select(tree: HtmlElement) -> list[HtmlElement]:
        found = []
        for e in tree.iterdescendants(ANY_ELEMENT):
            if not bare and not e.attrib:
                continue
            style = e.get("style") or ""
            if (
                e.get("class") == "comments-title"
                or first_of(e, ("id", "class")).startswith("reply-")
                or "display:none" in style
                or "display: none" in style
                or e.get("aria-hidden") == "true"
                or tested(e)
            ):
                found.append(e)
        return found

    return select


def comment_sections(path: str) -> Paths:
    """REMOVE_COMMENTS_XPATH[0]: div, list, section or details elements whose id or class its patterns find."""
    tested = _matcher(tests_of(path))
    return lambda tree: [e for e in tree.iterdescendants(*COMMENT_TAGS) if tested(e)]


def comments_and_lists(path: str) -> Paths:
    """REMOVE_COMMENTS_AND_LISTS_XPATH[0]: comment sections (their id or class), and an ol or ul only where
    the narrower patterns of the second predicate hold for it."""
    tests = tests_of(path)
    broad, narrow = _matcher(tests[:2]), _matcher(tests[2:])  # the first predicate's two tests, the second's
    return lambda tree: [
        e
        for e in tree.iterdescendants(*COMMENT_TAGS, "ol", "ul")
        if broad(e) and (e.tag not in ("ol", "ul") or narrow(e))
    ]


def infinite_scroll(path: str) -> Paths:
    """RAW_TREE_PRUNE_XPATH[0]: div, section or aside elements of infinite scroll, where they hold no h1 or
    the narrower patterns of the second predicate hold."""
    tests = tests_of(path)
    broad, narrow = _matcher(tests[:2]), _matcher(tests[2:])  # the first predicate's two tests, the second's
    return lambda tree: [
        e for e in tree.iterdescendants(*RAW_TAGS) if broad(e) and (narrow(e) or next(e.iter("h1"), None) is None)
    ]


def share_buttons(path: str) -> Paths:
    """RAW_TREE_PRUNE_XPATH[1]: div, section or aside elements whose class holds the quoted name."""
    name = re.search(r"contains\(@class, '([^']+)'\)", path).group(1)  # type: ignore[union-attr]
    return lambda tree: [e for e in tree.iterdescendants(*RAW_TAGS) if name in (e.get("class") or "")]


def containing(path: str) -> Paths:
    """TEASER_DISCARD_XPATH[0] and DISCARD_IMAGE_ELEMENTS[0]: the pruned tags whose id or class holds the
    quoted word (after the ``translate`` of one capital letter, where there is one)."""
    calls = re.findall(r"contains\((?:translate\(@(\w+), '(\w)', '(\w)'\)|@(\w+)), '([^']+)'\)", path)
    tests = [(translated or plain, upper, lower, word) for translated, upper, lower, plain, word in calls]

    def holds(e: HtmlElement) -> bool:
        return any(word in (e.get(name) or "").replace(upper, lower) for name, upper, lower, word in tests)

    return lambda tree: [e for e in tree.iterdescendants(*PRUNED_TAGS) if holds(e)]


def article_body(path: str) -> Callable[[HtmlElement], Iterator[HtmlElement]]:
    """BODY_XPATH[0] (``.//*[...][1]``: each element that is the first of its siblings to match): the
    article, div, main or section elements with a class "post" or "entry", ``itemprop`` "articleBody", id
    "articleContent", or an id or class its patterns find. Lazy: trafilatura takes the first."""
    tested = _matcher(tests_of(path))

    def matches(e: HtmlElement) -> bool:
        return (
            e.get("class") in ("post", "entry")
            or e.get("itemprop") == "articleBody"
            or e.get("id") == "articleContent"
            or tested(e)
        )

    def select(tree: HtmlElement) -> Iterator[HtmlElement]:
        for e in tree.iterdescendants(*BODY_TAGS):
            if matches(e) and not any(s.tag in BODY_TAGS and matches(s) for s in e.itersiblings(preceding=True)):
                yield e

    return select


# Each replaced expression: its list, its index, the expression it was read from, and its function's builder
REPLACED: list[tuple[str, int, str, Callable[[str], Any]]] = [
    ("OVERALL_DISCARD_XPATH", 0, "@data-lp-replacement-content or", overall_discard_names),
    ("OVERALL_DISCARD_XPATH", 1, "@class='comments-title' or", overall_discard_hidden),
    ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0, "not(self::ol or self::ul) or", comments_and_lists),
    ("REMOVE_COMMENTS_XPATH", 0, "dsq-comments", comment_sections),
    ("RAW_TREE_PRUNE_XPATH", 0, "not(.//h1) or", infinite_scroll),
    ("RAW_TREE_PRUNE_XPATH", 1, "elementor-share-buttons", share_buttons),
    ("TEASER_DISCARD_XPATH", 0, "'teaser'", containing),
    ("DISCARD_IMAGE_ELEMENTS", 0, "'caption'", containing),
    ("BODY_XPATH", 0, "@id='articleContent'", article_body),
]


def _originals() -> dict[tuple[str, int], Any]:
    """trafilatura's own expressions that the functions replace; none on a version not read for them, whose
    lists may differ (or be gone)."""
    if trafilatura.__version__ not in READ_ON:
        return {}
    return {(name, index): getattr(xpaths, name)[index] for name, index, _mark, _build in REPLACED}


ORIGINALS = _originals()


def install() -> bool:
    """Put the functions in trafilatura's lists, on the versions whose expressions were read for them
    (READ_ON); on another, trafilatura runs as it comes. Whether they are installed."""
    if trafilatura.__version__ not in READ_ON:
        return False
    for name, index, mark, build in REPLACED:
        path = ORIGINALS[(name, index)].path
        # The regular expressions are read from the expression; its other tests are written in the
        # functions: a changed expression is told by its mark, and by the version above.
        if mark not in " ".join(path.split()):
            raise ImportError(
                f"trafilatura {trafilatura.__version__}: {name}[{index}] is no longer the expression read for "
                "it; take the version out of READ_ON in scraper/extract/text_paths.py"
            )
        getattr(xpaths, name)[index] = build(path)
    return True


@contextmanager
def shipped() -> Iterator[None]:
    """trafilatura's own expressions for the block (trafilatura measured as a peer in this process)."""
    installed = {key: getattr(xpaths, key[0])[key[1]] for key in ORIGINALS}
    for (name, index), expression in ORIGINALS.items():
        getattr(xpaths, name)[index] = expression
    try:
        yield
    finally:
        for (name, index), function in installed.items():
            getattr(xpaths, name)[index] = function


install()
