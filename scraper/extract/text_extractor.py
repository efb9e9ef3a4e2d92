"""The text extractor: trafilatura on markup, with two of its measures taken only where they can matter.

trafilatura compares its own extraction of every page with readability-lxml's and takes readability's only
when its own text is empty, less than half as long as readability's, or has no paragraph text or more
tables than paragraphs (``trafilatura.external._prefer_readability``; recall mode has looser tests).
Readability keeps a part of the page's text and adds none, so where the own text is paragraphs and at least
half as long as all the text of the page, readability cannot win. There it is given an empty page, which it
reads at no cost and which makes trafilatura keep its own extraction, as it would have, and the copy of the
page trafilatura makes for it is not made; all that follows (jusText's rescue of a short or unclean text)
runs as before. That is 659 of the 735 comparisons on the DEV pages (readability's 1.3 ms on each).

Then trafilatura retries in recall mode a short extraction (under ``ESCALATION_MAX_LENGTH``) that covers
less than ``ESCALATION_PAGE_SHARE`` of the page, measured by the length of ``html2txt`` of the whole page (a
cleaned copy of it: 1.5 ms). That text is words joined by single spaces, so at most twice as long as the
page's characters other than whitespace: an extraction at least ``2 * ESCALATION_PAGE_SHARE`` times as long
as those is no retry whatever html2txt gives, and there the measure is not taken (293 of its 315 runs on
the DEV pages). The text is the same by construction; tests hold it to trafilatura's own.

Process-wide state: :func:`install` replaces ``trafilatura.core._extract_and_compare`` and
``trafilatura.core.html2txt`` (the names trafilatura's cascade calls) with :func:`_extract_and_compare` and
:func:`_page_text` when this module is imported, on the trafilatura versions whose code was read for them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from typing import Any

import lxml.html
import trafilatura
import trafilatura.core
from trafilatura.baseline import html2txt
from trafilatura.external import compare_extraction
from trafilatura.main_extractor import extract_content
from trafilatura.utils import line_processing, trim

from scraper.extract import text_paths
from scraper.normalize.words import chars

# trafilatura versions whose comparison rule (external._prefer_readability), cascade stages 1-2
# (core._extract_and_compare) and escalation test (core.trafilatura_sequence) are the ones above
READ_ON = {"2.3.1"}
SHIPPED = {"_extract_and_compare": trafilatura.core._extract_and_compare, "html2txt": html2txt}
# trafilatura's own text with at least this share of the page's text leaves readability nothing to win with
READABILITY_LEAST_SHARE = 0.5


def extract_text(document: str, url: str) -> str:
    """trafilatura's plain text of the HTML ``document`` (tables kept; no comments, images or links), or ""."""
    try:
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
    finally:
        _current.tree = None  # the page's tree is not kept past its extraction


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


class _Extraction(threading.local):
    """The page (raw tree) of the extraction under way in this thread, and the length of the text its
    cascade's stages 1-2 kept: what :func:`_page_text` compares the page with."""

    tree: Any = None
    length = 0


_current = _Extraction()


def _extract_and_compare(cleaned_tree: Any, cleaned_tree_backup: Any, tree: Any, options: Any) -> tuple[Any, str]:
    """trafilatura's cascade stages 1-2 (``core._extract_and_compare``): its own extraction, then the
    comparison with readability and jusText; readability reads an empty page where it cannot win."""
    body, text = extract_content(cleaned_tree, options)
    if not options.fast:
        page = lxml.html.Element("html") if readability_cannot_win(tree, body, text, options) else copy(tree)
        body, text = compare_extraction(cleaned_tree_backup, page, body, text, options)
    _current.tree, _current.length = tree, len(text)
    return body, text


def _page_text(content: Any, clean: bool = True) -> str:
    """``html2txt`` of the page, or "" where the cascade asks for it only to compare the text it kept with
    (the escalation test) and that text is too long to be retried whatever html2txt's length."""
    if content is _current.tree and _current.length >= 2 * trafilatura.core.ESCALATION_PAGE_SHARE * chars(
        content.text_content()
    ):
        return ""
    return html2txt(content, clean)


@contextmanager
def as_shipped() -> Iterator[None]:
    """trafilatura's cascade as it ships, for the block: trafilatura measured as a peer in a process that
    imported this module (the text is the same either way; the time is not)."""
    installed = {name: getattr(trafilatura.core, name) for name in SHIPPED}
    _set(SHIPPED)
    try:
        with text_paths.shipped():
            yield
    finally:
        _set(installed)


def install() -> bool:
    """Make trafilatura's cascade call :func:`_extract_and_compare` and :func:`_page_text`, on the versions
    whose code was read for them (READ_ON); on another, trafilatura runs as it comes. Whether they are
    installed."""
    if trafilatura.__version__ not in READ_ON:
        return False
    ours = {"_extract_and_compare": _extract_and_compare, "html2txt": _page_text}
    for name, shipped in SHIPPED.items():
        if getattr(trafilatura.core, name, None) not in (shipped, ours[name]):
            raise ImportError(
                f"trafilatura {trafilatura.__version__}: its cascade no longer calls {name} as trafilatura.core.{name}; "
                "take the version out of READ_ON in scraper/extract/text_extractor.py"
            )
    _set(ours)
    return True


def _set(functions: dict[str, Any]) -> None:
    for name, function in functions.items():
        setattr(trafilatura.core, name, function)


install()
