"""Each Python function of text_paths selects what trafilatura's XPath expression selects, in the same order."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import lxml.html
import pytest
import trafilatura
import trafilatura.xpaths as xpaths
from lxml.etree import Comment, SubElement

from scraper.extract import text_paths
from scraper.extract.text_extractor import extract_text

TAGS = ("div", "item", "list", "p", "section", "span", "article", "main", "aside", "details", "ol", "ul", "h1", "a")
ATTRIBUTES = (
    "class",
    "id",
    "style",
    "role",
    "aria-hidden",
    "itemprop",
    "data-component",
    "data-lp-replacement-content",
)


def examples(pattern: str) -> set[str]:
    """Strings each alternative of a simple pattern matches: "bread-?crumb|(?:entry|art)-content" gives
    "bread-crumb", "entry-content", "art-content" (groups by each option, optional characters kept, a
    character class by its first character, lookaheads and anchors dropped)."""
    pattern = re.sub(r"\(\?!.*?\)|[\^$]", "", pattern)
    pattern = re.sub(r"\[(.).*?\]", r"\1", pattern).replace("?", "")
    group = re.search(r"\(:?([^()]*)\)", pattern)
    if group is not None:  # each option of the innermost group in turn
        head, tail = pattern[: group.start()], pattern[group.end() :]
        return {e for option in group.group(1).split("|") for e in examples(head + option + tail)}
    return set(pattern.split("|"))


def vocabulary() -> list[str]:
    """Words to build names from: what every replaced expression's patterns and quoted strings match (so
    that each test of each expression holds on some elements), with their case changed, and words no
    expression knows."""
    words = {"x", "Main", "content", "true", "false", "hidden", ""}
    for expression in text_paths.ORIGINALS.values():
        for literal in re.findall(r"'([^']*)'", expression.path):
            pieces = examples(literal)
            words.update(pieces)
            words.update(p.upper() for p in pieces)
            words.update(p.capitalize() for p in pieces)
    return sorted(words)


def generated_tree(seed: int) -> lxml.html.HtmlElement:
    """A random tree of 400 elements whose attributes are made of the vocabulary, in random order: classes
    and ids of one to three words joined by spaces, hyphens or nothing, styles that hide or not."""
    rng = random.Random(seed)
    words = vocabulary()
    # The quoted strings that are no pattern ("articleBody", "MostPopularStories"), to use whole
    quoted = {s for e in text_paths.ORIGINALS.values() for s in re.findall(r"'([^']*)'", e.path)}
    literals = sorted(s for s in quoted if re.fullmatch(r"[\w -]+", s))
    root = lxml.html.Element("body")
    nodes = [root]
    for _ in range(400):
        element = SubElement(rng.choice(nodes[-40:]), rng.choice(TAGS))
        for attribute in rng.sample(ATTRIBUTES, rng.randint(0, 4)):
            joiner = rng.choice([" ", "-", "", "__"])
            value = joiner.join(rng.choice(words) for _ in range(rng.choice([1, 1, 2, 3])))
            if attribute == "style":
                value = rng.choice(["display:none", "display: none", "color: red", value])
            elif attribute == "aria-hidden":
                value = rng.choice(["true", "false"])
            elif rng.random() < 0.2:  # a value some expression compares whole or looks for, or none
                value = rng.choice([*literals, ""])
            element.set(attribute, value)
        if rng.random() < 0.1:
            element.append(Comment("a comment"))  # no element: ``.//*`` never selects it
        nodes.append(element)
    return root


@pytest.mark.parametrize("seed", range(12))
def test_each_function_selects_what_its_expression_selects(seed: int) -> None:
    tree = generated_tree(seed)
    selected = 0
    for (name, index), expression in text_paths.ORIGINALS.items():
        function = getattr(xpaths, name)[index]
        for element in [tree, *tree.iterdescendants("div")][:5]:  # the document and a few subtrees
            expected = expression(element)
            assert list(function(element)) == expected, f"{name}[{index}]"
            selected += len(expected)
    assert selected > 100  # the generated names do meet the expressions


def test_every_expression_selects_something_on_the_generated_trees() -> None:
    """The generated trees reach each expression's selections (else its comparison above proves nothing)."""
    trees = [generated_tree(seed) for seed in range(12)]
    for (name, index), expression in text_paths.ORIGINALS.items():
        assert any(expression(tree) for tree in trees), f"{name}[{index}] selects nothing"


def test_an_attribute_union_tests_the_attribute_written_first() -> None:
    """``re:test(@id|@class, ...)``: XPath's string value of the union is the first attribute in the markup."""
    tree = lxml.html.fromstring('<div><p class="reply-x" id="a">1</p><p id="a" class="reply-x">2</p></div>')
    assert [e.text for e in xpaths.OVERALL_DISCARD_XPATH[1](tree)] == ["1"]
    assert text_paths.ORIGINALS[("OVERALL_DISCARD_XPATH", 1)](tree) == xpaths.OVERALL_DISCARD_XPATH[1](tree)


EDGES = {
    "a list is a comment section by fewer names than a div": "<div><ul id='disqus_thread'><li>c</li></ul>"
    "<div id='disqus_thread'>c</div><ol id='comments'><li>c</li></ol><ul class='post-comments'></ul></div>",
    "an infinite scroll holding the headline stays": "<div><div class='infinite-scroll'><h1>T</h1></div>"
    "<section id='infinite-scroll'><p>x</p></section><div class='mvp-post-add-box'><h1>T</h1></div></div>",
    "the first article body of its siblings only": "<div><div class='post'>a</div><div class='entry'>b</div>"
    "<section><p class='post'>no</p><main itemprop='articleBody'>c</main></section></div>",
}


@pytest.mark.parametrize("markup", EDGES.values(), ids=EDGES.keys())
def test_the_predicates_that_need_more_than_one_attribute(markup: str) -> None:
    tree = lxml.html.fromstring(markup)
    chosen = 0
    for (name, index), expression in text_paths.ORIGINALS.items():
        assert list(getattr(xpaths, name)[index](tree)) == expression(tree), f"{name}[{index}]"
        chosen += len(expression(tree))
    assert chosen


def test_the_functions_are_installed_and_trafilatura_as_shipped_gets_its_expressions_back() -> None:
    """Every replaced entry holds its function (else the comparisons above compare an expression with itself)."""
    assert trafilatura.__version__ in text_paths.READ_ON
    keys = [(name, index) for name, index, _mark, _build in text_paths.REPLACED]
    assert list(text_paths.ORIGINALS) == keys
    installed = {key: getattr(xpaths, key[0])[key[1]] for key in keys}
    assert all(callable(f) and not hasattr(f, "path") for f in installed.values())
    with text_paths.shipped():
        assert all(getattr(xpaths, name)[index] is text_paths.ORIGINALS[(name, index)] for name, index in keys)
    assert all(getattr(xpaths, name)[index] is installed[(name, index)] for name, index in keys)


def test_an_empty_attribute_is_there() -> None:
    """``@data-lp-replacement-content`` holds for an element with the attribute, whatever its value."""
    tree = lxml.html.fromstring("<div><div data-lp-replacement-content=''>a</div><div>b</div></div>")
    assert [e.text for e in xpaths.OVERALL_DISCARD_XPATH[0](tree)] == ["a"]
    assert text_paths.ORIGINALS[("OVERALL_DISCARD_XPATH", 0)](tree) == xpaths.OVERALL_DISCARD_XPATH[0](tree)


def test_the_text_is_the_same_with_the_expressions() -> None:
    """A page with chrome each expression removes: the text is the one trafilatura's own expressions give."""
    page = (
        "<html><body><div class='sidebar'>Sidebar link list</div><div id='comments'><p>A comment here.</p></div>"
        "<article><div class='article-body'><h1>Ferry</h1>"
        + "<p>The harbour authority said the new ferry line would carry commuters across the bay.</p>"
        * 6
        + "<div class='teaser'>Read also: another story</div><p style='display:none'>Hidden text</p>"
        "<div class='caption'>A caption</div></div></article></body></html>"
    )
    text = extract_text(page, "")
    with text_paths.shipped():
        assert extract_text(page, "") == text
    assert "harbour authority" in text and "Sidebar" not in text and "Hidden text" not in text


def test_another_trafilatura_version_keeps_its_expressions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "__version__", "0.0.0")
    with text_paths.shipped():
        assert not text_paths.install()
        assert xpaths.OVERALL_DISCARD_XPATH[0] is text_paths.ORIGINALS[("OVERALL_DISCARD_XPATH", 0)]


IMPORT_ON_ANOTHER_VERSION = """
import trafilatura, trafilatura.xpaths as xpaths
trafilatura.__version__ = "9.9.9"
del xpaths.RAW_TREE_PRUNE_XPATH
xpaths.BODY_XPATH[:] = []
from scraper.extract import text_paths
assert text_paths.ORIGINALS == {} and not text_paths.install()
print("imported")
"""


def test_another_version_whose_lists_changed_imports_and_runs_as_it_comes() -> None:
    """On a trafilatura whose lists are gone or shorter, importing the module replaces nothing and fails
    nothing."""
    out = subprocess.run([sys.executable, "-c", IMPORT_ON_ANOTHER_VERSION], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "imported", out.stderr[-2000:]
