"""``extract_article``: raw page bytes in, an :class:`~scraper.models.Extracted` record out."""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Iterator

import charset_normalizer
from selectolax.lexbor import LexborNode

from scraper.errors import ExtractError
from scraper.extract.classify import MIN_TEXT_WORDS, PageFacts, classify_page
from scraper.extract.html import (
    NO_RULES,
    PAGE,
    Pruned,
    parse_html,
    prune_lightly,
    strip_chrome,
    subheadings,
    unreadable,
)
from scraper.extract.metadata import Metadata, read_metadata
from scraper.extract.scripts import script_text
from scraper.extract.text import CleanText, clean_text
from scraper.extract.text_extractor import extract_text
from scraper.models import Extracted, SiteRules
from scraper.normalize.authors import normalize_authors
from scraper.normalize.words import chars, count_words, squash

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# When the text or the article block holds under LOST_SHARE of the page's prose, or the text is too short for
# an article, pruning may have taken the article or the block may be the wrong one: the independent second
# view is asked, and it wins when it finds VIEW_GAIN times as much text.
LOST_SHARE = 0.2
VIEW_GAIN = 2.0
# The article block's element, marked in the markup the text extractor reads, when it has subheadings; and what
# the mark becomes when the extractor must be told that the block is the page's main content.
BLOCK_MARK_NAME = "data-article-block"
BLOCK_MARK, MAIN_ROLE = f' {BLOCK_MARK_NAME}=""', ' role="main"'
CELL_MARKS = 7  # characters the text extractor writes around a table cell, at most ("| a |" and "|---|" of a lone head)
STANDFIRST_PROBE = 50  # letters of the standfirst looked for in the text: there already, it is not added
# Elements whose whitespace is kept as written, and a line break inside a run of text (not next to a tag)
PREFORMATTED = re.compile(r"<(pre|textarea|listing|xmp|plaintext)\b.*?(?:</\1\s*>|$)", re.I | re.S)
LINE_BREAK = re.compile(r"\n(?:(?<=[^\s>]\n)|(?<=[^\s>][ \t]\n))[ \t\f\n]*(?=[^\s<])")  # "\n" first: a fast scan
BOMS = (  # UTF-32's before UTF-16's: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Text of an HTML document; the bytes decide over what the server (``declared``, the Content-Type
    header's charset) and the page's ``<meta charset>`` say: a byte-order mark, else UTF-8 when the bytes
    are valid UTF-8 (legacy encodings of real text almost never are), else the declared charsets (the one
    charset detection favours when the two disagree); undecodable bytes become U+FFFD, never an error."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            head = body[len(bom) : 1024]
            if encoding != "utf-8" and head.count(0) * 4 < len(head):
                body = body[len(bom) :]  # UTF-16/32 markup is half NUL bytes: this mark is a stray one
                break
            return body[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in body[:1024]:  # UTF-16 or UTF-32 without a byte-order mark, or binary data
        best = charset_normalizer.from_bytes(body[:65_536]).best()
        if best is not None and best.encoding.startswith("utf_"):
            return body.decode(best.encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = META_CHARSET.search(body[:4096])
    candidates = [e for e in dict.fromkeys((_codec(declared), _codec(meta and meta.group(1)))) if e and e != "utf-8"]
    if len(candidates) > 1:  # the server and the page disagree: look at the bytes
        best = charset_normalizer.from_bytes(body[:65_536], cp_isolation=candidates).best()
        if best is not None:
            return body.decode(best.encoding, errors="replace")
    for encoding in candidates:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return body.decode(candidates[0] if candidates else "cp1252", errors="replace")


def _codec(name: str | bytes | None) -> str | None:
    """Python's name for a charset label, or None for an unknown one."""
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        return codecs.lookup(name.strip()).name if name else None
    except LookupError:
        return None


def extract_article(
    html: str | bytes,
    url: str = "",
    *,
    encoding: str | None = None,
    rules: SiteRules = NO_RULES,
    learn: bool = False,
) -> Extracted:
    """Extract the article of one page; raise :class:`ExtractError` when it has none.

    ``rules`` carries what is known about the page's site: the source's CSS rules and its learned
    template. With a ``body`` selector that matches, only that element goes to the text extractor. With
    ``learn``, the record's ``blocks`` are the page's blocks for site-template learning, read from the same
    parse (the error's ``metadata`` has them too)."""
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    if (problem := unreadable(text)) is not None:
        raise ExtractError(url, *problem)
    meta, pruned, body, configured, headings = _pruned_body(text, url, rules, learn)
    images = pruned.images
    cleaned = _body_text(body, url, meta)
    if headings and not _holds(cleaned.text, *headings):
        # The text extractor found no container it knows by name and read the page's paragraphs only: it
        # reads again with the article block as the page's main content, and keeps its headings and lists.
        marked = _body_text(body.replace(BLOCK_MARK, MAIN_ROLE, 1), url, meta)
        if chars(marked.text) >= chars(cleaned.text):
            cleaned = marked
    if not configured and (_lost(cleaned.text, pruned) or _subscribers_body(meta, cleaned.text)):
        for view in _other_views(text, url, meta, rules, VIEW_GAIN * chars(cleaned.text)):
            if chars(view.text) >= VIEW_GAIN * chars(cleaned.text):
                cleaned = view
    if meta.standfirst and cleaned.text and not _holds(cleaned.text, meta.standfirst):
        cleaned = dataclasses.replace(cleaned, text=f"{meta.standfirst}\n\n{cleaned.text}")  # written above the body
    record = Extracted(
        title=meta.title,
        text=cleaned.text,
        authors=meta.authors or normalize_authors(cleaned.authors),
        published_raw=meta.published_raw or cleaned.date_raw,
        published_source=meta.published_source or ("text" if cleaned.date_raw else ""),
        updated_raw=meta.updated_raw,
        updated_source=meta.updated_source,
        read_time_raw=meta.read_time_raw or cleaned.read_time_raw,
        canonical_url=meta.canonical_url,
        language=meta.language,
        locale=meta.locale,
        description=meta.description,
        image_url=meta.image_url or (images[0].url if images else ""),
        section=meta.section,
        tags=meta.tags,
        site_name=meta.site_name,
        images=images + cleaned.captions,
        blocks=pruned.blocks,
    )
    facts = PageFacts(meta.title, meta.page_type, meta.accessible_for_free, bool(record.published_raw))
    verdict = classify_page(text, facts, cleaned.text, rules.not_found)
    record = dataclasses.replace(record, status=verdict.status.value, status_evidence=verdict.evidence)
    if not verdict.shown:
        raise ExtractError(url, record.status, verdict.evidence, dataclasses.replace(record, text="", images=images))
    return record


def _pruned_body(text: str, url: str, rules: SiteRules, learn: bool) -> tuple[Metadata, Pruned, str, bool, list[str]]:
    """The page's metadata, what pruning found, the markup of the pruned body for the text extractor (the
    head was read for the metadata, and its bytes cost parse time; with a ``body`` selector that matches, that
    element only), whether that selector matched, and the article block's :func:`subheadings` (its element
    then carries BLOCK_MARK). The parse tree ends here, before the text extractor builds trees of its own: on
    a large page the two at once are a worker's peak of memory (a 360 KB page: 8 MB for this tree, 20 MB for
    the extractor's); nothing returned refers to it."""
    tree = parse_html(text)
    meta = read_metadata(tree, url, text)
    pruned = strip_chrome(tree, url, rules, meta.headline, learn=learn, live_blog=meta.live_blog)
    block = pruned.block
    configured = bool(rules.body) and block is not None and block.css_matches(rules.body)
    headings: list[str] = []
    # A block with a role of its own keeps it: the parser would ignore a second one.
    if block is not None and not configured and block.tag not in PAGE and "role" not in block.attrs:
        headings = subheadings(block)
    if headings and block is not None:
        block.attrs[BLOCK_MARK_NAME] = ""
    root = block if configured else tree.body
    body = (root.html or "") if root is not None else ""
    meta, pruned = dataclasses.replace(meta, headline=None), dataclasses.replace(pruned, block=None)
    return meta, pruned, body, configured, headings


def _body_text(markup: str, url: str, meta: Metadata, authors: bool = True) -> CleanText:
    """The text extractor's text of ``markup``, cleaned of the headline and of the chrome lines that survive
    pruning; with ``authors``, a byline line of the page's authors at its head is cleaned too."""
    body = extract_text(f"<html><body>{unwrap_lines(markup)}</body></html>", url)
    return clean_text(_drop_header(body, meta.title, meta.header), meta.authors if authors else ())


def unwrap_lines(html: str) -> str:
    """The markup with its source line breaks as spaces, outside preformatted elements. In HTML text a line
    break is a space: a paragraph written over several lines of source is one paragraph, which the text
    extractor's fallbacks would otherwise cut at each of those lines. Only breaks inside a run of text: the
    whitespace between tags stays as it is (those fallbacks weigh text lengths with it)."""
    if "\r" in html:
        html = html.replace("\r\n", "\n")
    if PREFORMATTED.search(html) is None:
        return LINE_BREAK.sub(" ", html)
    parts, start = [], 0
    for kept in PREFORMATTED.finditer(html):
        parts += [LINE_BREAK.sub(" ", html[start : kept.start()]), kept.group()]
        start = kept.end()
    return "".join([*parts, LINE_BREAK.sub(" ", html[start:])])


def _lost(text: str, pruned: Pruned) -> bool:
    """Whether the text, or the block it came from, is small enough for the page's prose that pruning may
    have removed the article or chosen the wrong block."""
    least = LOST_SHARE * pruned.page_prose
    return chars(text) < least or pruned.block_prose < least or count_words(text) < MIN_TEXT_WORDS


def _subscribers_body(meta: Metadata, text: str) -> bool:
    """Whether the page says its article is for subscribers (JSON-LD ``isAccessibleForFree``: false) and its
    JSON-LD ``articleBody`` holds VIEW_GAIN times the text shown: the whole article, of which the page shows
    the lead."""
    return meta.accessible_for_free is False and meta.body_chars >= VIEW_GAIN * chars(text)


def _other_views(html: str, url: str, meta: Metadata, rules: SiteRules, least: float) -> Iterator[CleanText]:
    """The page's text by independent views. First the text extractor after only the removals that need
    no article block: it decides nothing about which block is the article, so a wrong choice there (a
    second story, a split body, a name that looked like chrome) does not reach it; not run when the body
    holds fewer than ``least`` characters, all a view could win with. Then the article text in the page's
    script data (JSON-LD ``articleBody``, hydration JSON), for pages a script renders."""
    tree = parse_html(html)
    script = script_text(tree)
    prune_lightly(tree, rules, url)
    body = (tree.body.html or "") if tree.body is not None and _most_chars(tree.body) >= least else ""
    del tree  # gone before the text extractor's trees are built, as in _pruned_body
    if body:
        yield _body_text(body, url, meta, authors=False)
    if script:
        yield clean_text(_drop_header(script, meta.title))


def _most_chars(root: LexborNode) -> int:
    """The most characters the text extractor can give for ``root``: those of its text, and the separator it
    writes around each table cell ("| a | b |", "|---|" under a head row)."""
    return chars(root.text(separator=" ")) + CELL_MARKS * len(root.css("td, th"))


def _holds(text: str, *passages: str) -> bool:
    """Whether ``text`` holds the start of one of ``passages``, whatever the spacing and punctuation ("W hile"
    where a drop cap's letter is an element of its own)."""
    folded = squash(text)
    return any(squash(passage)[:STANDFIRST_PROBE] in folded for passage in passages)


def _drop_header(text: str, title: str, header: tuple[str, ...] = ()) -> str:
    """The text without the headline it starts with: a first line that is the title, or the title run into
    pieces of the ``header`` (the lines next to the headline: byline, date) and then the first paragraph, as
    the text extractor writes a short story whose element it took whole, header and all."""
    first, _, rest = text.lstrip().partition("\n")
    line = " ".join(first.split())
    if not title or not line.startswith(title):
        return text
    if line == title:
        return rest
    pieces = sorted({" ".join(piece.split()) for piece in header} - {""}, key=len, reverse=True)
    lead = after = line[len(title) :]
    while piece := next((p for p in pieces if lead.startswith(f" {p} ")), None):
        lead = lead[len(piece) + 1 :]
    if lead == after:
        return text
    return lead.lstrip() + (f"\n{rest}" if rest else "")
