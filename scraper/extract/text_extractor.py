"""The text extractor: trafilatura on markup, with its readability comparison run only where it can matter.

trafilatura compares its own extraction of every page with readability-lxml's and takes readability's only
when its own text is empty, less than half as long as readability's, or has no paragraph text or more
tables than paragraphs (``trafilatura.external._prefer_readability``; recall mode has looser tests).
Readability keeps a part of the page's text and adds none, so where the own text is paragraphs and at least
half as long as all the text of the page, readability cannot win. There it is given an empty page, which it
reads at no cost and which makes trafilatura keep its own extraction, as it would have; all that follows
(jusText's rescue of a short or unclean text) runs as before. That is 659 of the 735 comparisons on the
DEV pages (readability's 1.3 ms on each), a record's CPU 4-5% less. The text is the same by construction;
a test holds it to trafilatura's own.

Process-wide state: :func:`install` replaces ``trafilatura.core.compare_extraction`` (the name trafilatura's
cascade calls) with :func:`_compare_extraction` when this module is imported, on the trafilatura versions
whose rule was read for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import lxml.html
import trafilatura
import trafilatura.core
from trafilatura.external import compare_extraction
from trafilatura.utils import line_processing, trim

from scraper.extract import text_paths

READ_ON = {"2.3.1"}  # trafilatura versions whose comparison rule (external._prefer_readability) is the one above
# trafilatura's own text with at least this share of the page's text leaves readability nothing to win with
READABILITY_LEAST_SHARE = 0.5


def extract_text(document: str, url: str) -> str:
    """trafilatura's plain text of the HTML ``document`` (tables kept; no comments, images or links), or ""."""
    return (
        trafilatura.extract(
            document,
            url=url or None,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            with_metadata=False,
        )
        or ""
    )


def forget_texts() -> None:
    """Empty trafilatura's caches of whole texts (``line_processing`` and ``trim`` keep 1,024 paragraphs
    each: 45 MB of a worker on long pages, and a paragraph seldom repeats on the next page). A crawl worker
    calls it after every page; a benchmark before each extractor's turn, so that no side finds the texts the
    other cached from the same page. The text extracted is the same either way."""
    line_processing.cache_clear()
    trim.cache_clear()


def readability_cannot_win(raw_tree: lxml.html.HtmlElement, body: Any, text: str, options: Any) -> bool:
    """Whether trafilatura keeps its own ``text`` (of the element ``body``) whatever readability finds in
    ``raw_tree``: outside recall mode, a text of paragraphs, with no more tables than paragraphs, at least
    half as long as all of ``raw_tree``'s text (as trafilatura measures both: whitespace runs as one space)."""
    return (
        options.focus != "recall"
        and len(text) > 0
        and bool(body.xpath(".//p//text()"))
        and len(body.findall(".//table")) <= len(body.findall(".//p"))
        and _at_least_share(text, raw_tree.text_content())
    )


def _at_least_share(text: str, page: str) -> bool:
    """Whether ``text`` is READABILITY_LEAST_SHARE of ``page`` trimmed; the trim (a split and join of the
    whole page) only when the untrimmed page, never shorter, leaves it in doubt."""
    least = READABILITY_LEAST_SHARE
    return len(text) >= least * len(page) or len(text) >= least * len(trim(page))


def _compare_extraction(
    cleaned_tree: lxml.html.HtmlElement, raw_tree: lxml.html.HtmlElement, body: Any, text: str, options: Any
) -> Any:
    """trafilatura's comparison with readability and jusText; readability reads an empty page where it
    cannot win."""
    if readability_cannot_win(raw_tree, body, text, options):
        raw_tree = lxml.html.Element("html")
    return compare_extraction(cleaned_tree, raw_tree, body, text, options)


@contextmanager
def as_shipped() -> Iterator[None]:
    """trafilatura's cascade as it ships, for the block: trafilatura measured as a peer in a process that
    imported this module (the text is the same either way; the time is not)."""
    installed = trafilatura.core.compare_extraction  # type: ignore[attr-defined]
    trafilatura.core.compare_extraction = compare_extraction  # type: ignore[attr-defined]
    try:
        with text_paths.shipped():
            yield
    finally:
        trafilatura.core.compare_extraction = installed  # type: ignore[attr-defined]


def install() -> bool:
    """Make trafilatura's cascade call :func:`_compare_extraction`, on the versions whose comparison rule
    was read for it (READ_ON); on another, trafilatura runs as it comes. Whether the skip is installed."""
    if trafilatura.__version__ not in READ_ON:
        return False
    if getattr(trafilatura.core, "compare_extraction", None) not in (compare_extraction, _compare_extraction):
        raise ImportError(
            f"trafilatura {trafilatura.__version__}: its cascade no longer calls external.compare_extraction as "
            "trafilatura.core.compare_extraction; take the version out of READ_ON in scraper/extract/text_extractor.py"
        )
    trafilatura.core.compare_extraction = _compare_extraction  # type: ignore[attr-defined]
    return True


install()
