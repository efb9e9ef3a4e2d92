"""The text extractor skips trafilatura's readability comparison only where readability cannot win, and its
escalation measure only where it cannot lead to a retry."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import trafilatura
import trafilatura.core
import trafilatura.external
from lxml.etree import tostring
from trafilatura.utils import trim

from scraper.extract import text_extractor
from scraper.extract.text_extractor import extract_text

SITE = Path(__file__).parent / "site" / "public"
SENTENCE = "The harbour authority said the new ferry line would carry commuters across the bay from spring. "
CLEAN = "<article><h1>Ferry line</h1>" + "".join(f"<p>{SENTENCE * 2}</p>" for _ in range(6)) + "</article>"
# Pages where trafilatura takes readability's text: its own is a table cell beside the prose, is empty (the
# article is a list), or has more tables than paragraphs.
READABILITY_WINS = {
    "own-text-short": "<table><tr><td>Fares</td><td>2 euros</td></tr></table><div>" + SENTENCE * 8 + "</div>",
    "own-text-empty": "<ul>" + "".join(f"<li>{SENTENCE * 2}</li>" for _ in range(6)) + "</ul>",
    "tables-over-paragraphs": "<p>Intro.</p><table>"
    + "".join(f"<tr><td>{SENTENCE * 2}</td></tr>" for _ in range(4))
    + "</table><table><tr><td>x</td></tr></table>",
}


@pytest.fixture
def readability_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The text length of each page readability reads."""
    runs: list[int] = []
    read = trafilatura.external.try_readability

    def counted(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
        runs.append(len(trim(tree.text_content())))
        return read(tree)

    monkeypatch.setattr(trafilatura.external, "try_readability", counted)
    return runs


def _unskipped(document: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        for name, function in text_extractor.SHIPPED.items():
            patch.setattr(trafilatura.core, name, function)
        return extract_text(document, "")


def test_a_clean_article_skips_readability_and_keeps_its_text(readability_runs, monkeypatch) -> None:
    """trafilatura's own text is the article's paragraphs, all of the page: readability reads an empty page,
    and the text is the one the full comparison gives."""
    document = f"<html><body>{CLEAN}</body></html>"
    text = extract_text(document, "")
    assert SENTENCE.strip() in text
    assert readability_runs == [0]
    assert text == _unskipped(document, monkeypatch)


@pytest.mark.parametrize("body", READABILITY_WINS.values(), ids=READABILITY_WINS.keys())
def test_readability_still_runs_where_it_wins(body: str, readability_runs, monkeypatch) -> None:
    """Where trafilatura takes readability's text (it differs from trafilatura's own, fast-mode text),
    readability reads the page, and the text is the full comparison's."""
    document = f"<html><body>{body}</body></html>"
    text = extract_text(document, "")
    assert readability_runs and readability_runs[0] > 0
    assert text == _unskipped(document, monkeypatch)
    own = trafilatura.extract(document, fast=True, include_tables=True, deduplicate=False) or ""
    assert text != own


def test_readability_never_keeps_more_text_than_the_page_has() -> None:
    """The premise of the skip: readability's text, measured as trafilatura measures it, is no longer than
    all the text of the page it read (the fixture site's pages and the shapes above)."""
    pages = [path.read_text() for path in sorted(SITE.rglob("*.html"))]
    pages += [f"<html><body>{body}</body></html>" for body in [*READABILITY_WINS.values(), CLEAN]]
    kept = {}
    for n, markup in enumerate(pages):
        tree = lxml.html.fromstring(markup)
        whole = len(trim(tree.text_content()))
        algo = trafilatura.external.try_readability(tree)
        kept[n] = (len(trim(tostring(algo, method="text", encoding="utf-8").decode("utf-8"))), whole)
    assert all(length <= whole for length, whole in kept.values()), kept
    assert sum(length > 0 for length, _whole in kept.values()) > len(pages) / 2  # readability read them


def test_the_skip_is_installed_in_trafilaturas_cascade() -> None:
    """Importing the module puts the skip where trafilatura's cascade calls its comparison, once. (On a
    trafilatura the lock file does not pin, read its ``external._prefer_readability`` and add the version
    to READ_ON when the rule is the same.)"""
    assert trafilatura.__version__ in text_extractor.READ_ON
    assert trafilatura.core._extract_and_compare is text_extractor._extract_and_compare
    assert trafilatura.core.html2txt is text_extractor._page_text
    assert text_extractor.install()
    assert trafilatura.core._extract_and_compare is text_extractor._extract_and_compare
    assert trafilatura.core.html2txt is text_extractor._page_text


def test_another_trafilatura_version_runs_as_it_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a version whose comparison rule was not read, nothing is replaced."""
    monkeypatch.setattr(trafilatura, "__version__", "9.0")
    for name, function in text_extractor.SHIPPED.items():
        monkeypatch.setattr(trafilatura.core, name, function)
    assert not text_extractor.install()
    assert all(getattr(trafilatura.core, name) is f for name, f in text_extractor.SHIPPED.items())


def test_trafilatura_runs_as_shipped_inside_as_shipped(readability_runs) -> None:
    """A benchmark measures trafilatura as it ships in the process that runs ours: inside ``as_shipped``
    readability reads the clean article too, and the skip is back after the block."""
    document = f"<html><body>{CLEAN}</body></html>"
    with text_extractor.as_shipped():
        shipped = extract_text(document, "")
    assert readability_runs[0] > 0
    assert trafilatura.core._extract_and_compare is text_extractor._extract_and_compare
    assert trafilatura.core.html2txt is text_extractor._page_text
    assert extract_text(document, "") == shipped and readability_runs[1:] == [0]


def test_a_cascade_that_no_longer_calls_the_comparison_by_that_name_is_an_error(monkeypatch) -> None:
    """On a version read for the skips whose cascade calls something else, installing fails and says where."""
    for name in text_extractor.SHIPPED:
        with monkeypatch.context() as patch:
            patch.setattr(trafilatura.core, name, lambda *args: None)
            with pytest.raises(ImportError, match=rf"calls {name} .*READ_ON in scraper/extract/text_extractor\.py"):
                text_extractor.install()


def _pages() -> list[str]:
    """The fixture pages whole (test pages and the demo site): pages trafilatura retries and pages it does not."""
    paths = sorted((SITE.parent.parent / "data" / "pages").glob("*.html")) + sorted(SITE.rglob("*.html"))
    return [path.read_text(errors="replace") for path in paths]


def test_the_escalation_measure_is_taken_only_where_it_can_lead_to_a_retry(monkeypatch) -> None:
    """Where the text kept is at least twice the retry's share of the page's characters, html2txt of the
    page is not run; elsewhere it is; the text is trafilatura's own on every page."""
    measured: list[int] = []
    asked: list[int] = []
    html2txt, page_text = text_extractor.html2txt, text_extractor._page_text

    def counted(*args, **kwargs):
        measured.append(1)
        return html2txt(*args, **kwargs)

    def asking(*args, **kwargs):
        asked.append(1)
        return page_text(*args, **kwargs)

    monkeypatch.setattr(text_extractor, "html2txt", counted)
    for page in _pages():
        with monkeypatch.context() as patch:
            patch.setattr(trafilatura.core, "html2txt", asking)
            text = extract_text(page, "")
        assert text == _unskipped(page, monkeypatch)
    skipped = len(asked) - len(measured)
    assert skipped > 5 and len(measured) > 5


@pytest.mark.parametrize(
    "body", ["<div>a</div><div>b</div><div>c</div>", "<p>x</p><ul><li>y</li><li>z</li></ul>", "w<br>v<td>u</td>"]
)
def test_html2txt_is_never_longer_than_twice_the_pages_characters(body: str) -> None:
    """The premise of skipping the measure: html2txt's text of a page (words joined by single spaces, block
    elements spaced apart even where the markup runs them together) is shorter than twice the characters
    other than whitespace of the page's text."""
    from scraper.normalize.words import chars

    for markup in [f"<html><body>{body}</body></html>", *_pages()]:
        tree = lxml.html.fromstring(markup)
        assert len(text_extractor.html2txt(tree)) < 2 * chars(tree.text_content())
