"""``extract_article``: raw page bytes in, an :class:`~scraper.models.Extracted` record out."""

from __future__ import annotations

import codecs
import re
from importlib.metadata import version

import charset_normalizer
import trafilatura

from scraper import __version__
from scraper.errors import ExtractError
from scraper.extract.html import NO_RULES, parse_html, strip_chrome, unreadable
from scraper.extract.metadata import read_metadata
from scraper.extract.text import clean_text
from scraper.models import Extracted, SiteRules

# Stored on every record: the rules in this package plus the pinned text extractor underneath them.
EXTRACTOR_VERSION = f"scraper-{__version__}+trafilatura-{version('trafilatura')}"

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
MIN_TEXT_WORDS = 10
BOMS = (  # UTF-32's before UTF-16's: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Text of an HTML document: a byte-order mark, else the declared charset (the Content-Type header's)
    and the page's ``<meta charset>`` when they agree, else UTF-8 when the bytes are valid UTF-8, else
    the one of the two that charset detection favours; undecodable bytes become U+FFFD, never an error."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in body[:1024]:  # UTF-16 or UTF-32 without a byte-order mark, or binary data
        best = charset_normalizer.from_bytes(body[:65_536]).best()
        if best is not None and best.encoding.startswith("utf_"):
            return body.decode(best.encoding, errors="replace")
    meta = META_CHARSET.search(body[:4096])
    candidates = list(dict.fromkeys(e for e in (_codec(declared), _codec(meta and meta.group(1))) if e))
    if len(candidates) > 1:  # the server and the page disagree: look at the bytes
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        best = charset_normalizer.from_bytes(body[:65_536], cp_isolation=candidates).best()
        if best is not None:
            return body.decode(best.encoding, errors="replace")
    for encoding in [*candidates, "utf-8"]:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return body.decode("cp1252", errors="replace")


def _codec(name: str | bytes | None) -> str | None:
    """Python's name for a charset label, or None for an unknown one."""
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        return codecs.lookup(name.strip()).name if name else None
    except LookupError:
        return None


def extract_article(
    html: str | bytes, url: str = "", *, encoding: str | None = None, rules: SiteRules = NO_RULES
) -> Extracted:
    """Extract the article of one page; raise :class:`ExtractError` when it has none.

    ``rules`` carries what is known about the page's site: the source's CSS rules and its learned
    template. With a ``body`` selector that matches, only that element goes to the text extractor."""
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    if (problem := unreadable(text)) is not None:
        raise ExtractError(url, *problem)
    tree = parse_html(text)
    meta = read_metadata(tree, url, text)
    pruned = strip_chrome(tree, url, rules)
    images = pruned.images
    # The text extractor gets the pruned body only: the head was read above, and its bytes cost parse time.
    root = (
        pruned.block if rules.body and pruned.block is not None and pruned.block.css_matches(rules.body) else tree.body
    )
    document = f"<html><body>{root.html if root is not None else ''}</body></html>"
    body = trafilatura.extract(
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
    cleaned = clean_text(_drop_title_line(body or "", meta.title))
    if len(cleaned.text.split()) < MIN_TEXT_WORDS:
        raise ExtractError(url, "no_article", "no article text found on the page")
    return Extracted(
        title=meta.title,
        text=cleaned.text,
        authors=meta.authors,
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
    )


def _drop_title_line(text: str, title: str) -> str:
    first, _, rest = text.lstrip().partition("\n")
    if title and " ".join(first.split()) == title:
        return rest
    return text
