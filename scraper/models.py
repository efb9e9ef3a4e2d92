"""Stage outputs: frozen dataclasses, never loose dicts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class PageStatus(StrEnum):
    """What a page is (``articles.status``; scraper.extract.classify decides it)."""

    ARTICLE = "article"
    PAYWALLED = "paywalled"  # an article whose body is a teaser in front of a subscription wall
    SOFT_404 = "soft_404"  # a "not found" page served as a page
    BLOCKED = "blocked"  # a bot challenge, captcha, access-denied or rate-limit page
    CONSENT_WALL = "consent_wall"  # a page that is only a consent form
    HUB = "hub"  # a section front, tag or author page: teasers, no article
    NOT_ARTICLE = "not_article"  # anything else without an article: a video, a gallery, a viewer...


SHOWN = (PageStatus.ARTICLE, PageStatus.PAYWALLED)  # what the articles views and search show by default


@dataclass(frozen=True)
class Page:
    """A fetched HTTP response, kept raw so extraction can be re-run offline."""

    url: str  # the URL we asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str  # ISO 8601, UTC
    elapsed_s: float = dataclasses.field(default=0.0, compare=False)  # the request's own time (not stored)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


@dataclass(frozen=True)
class Image:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class NotFoundPage:
    """What a site answers for a page it does not have, as a probe of a made-up URL found it: a soft-404
    site answers with a page, and its missing articles look like this one."""

    url: str
    title: str
    text: str


@dataclass(frozen=True)
class SiteRules:
    """What extraction knows about a page's site beyond the page itself: the source's CSS rules from the
    config and the template learned from the site's stored pages (block fingerprints)."""

    drop: tuple[str, ...] = ()  # CSS selectors of chrome to remove
    body: str = ""  # CSS selector of the article body; when it matches, only that element is extracted
    template: frozenset[str] = frozenset()
    not_found: NotFoundPage | None = None  # the site's not-found page, when a probe found one answered 200


@dataclass(frozen=True)
class Extracted:
    """What the extractor read off a page, before normalization: raw strings with their sources."""

    title: str
    text: str
    authors: tuple[str, ...] = ()
    published_raw: str = ""
    published_source: str = ""
    updated_raw: str = ""
    updated_source: str = ""
    read_time_raw: str = ""
    canonical_url: str = ""
    language: str = ""
    locale: str = ""  # the page's language tag with its region ("en-gb"), for reading numeric dates
    description: str = ""
    image_url: str = ""
    site_name: str = ""
    images: tuple[Image, ...] = ()
    section: str = ""
    tags: tuple[str, ...] = ()
    status: str = PageStatus.ARTICLE
    status_evidence: str = ""  # why it was classified so, in a few words
    # the page's blocks for site-template learning (fingerprint -> text sample), when asked for
    blocks: dict[str, str] | None = dataclasses.field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Article:
    """The clean record stored in ``articles`` and printed by ``scraper extract``/``clean``."""

    url: str
    canonical_url: str
    title: str
    authors: tuple[str, ...]
    published: str | None
    published_source: str | None
    updated: str | None
    read_time_min: int | None
    read_time_source: str | None  # "page" or "estimate"
    word_count: int
    language: str | None
    description: str | None
    text: str
    image_url: str | None
    site_name: str | None
    images: tuple[Image, ...] = ()
    fetched_at: str | None = None
    extractor_version: str = ""
    section: str | None = None
    tags: tuple[str, ...] = ()
    signature: bytes = dataclasses.field(default=b"", repr=False)  # MinHash of the text (scraper/duplicates.py)
    status: str = PageStatus.ARTICLE  # text is "" but for an article or a paywalled one's teaser
    published_utc: str | None = None  # published as a UTC instant, or its day (scraper.normalize.dates.utc_form)
    language_source: str | None = None  # "markup" or "text" (scraper.normalize.language)
    status_evidence: str = ""  # why the page has its status, in a few words

    def to_dict(self) -> dict[str, Any]:
        fields = dataclasses.asdict(self)
        del fields["signature"]
        record: dict[str, Any] = {}  # published_utc next to published
        for key, value in fields.items():
            if key not in ("published_utc", "language_source", "status_evidence"):
                record[key] = value
            if key == "status":
                record["status_evidence"] = self.status_evidence
            if key == "published":
                record["published_utc"] = self.published_utc
            if key == "language":
                record["language_source"] = self.language_source
        record["authors"] = list(self.authors)
        record["tags"] = list(self.tags)
        record["images"] = [dataclasses.asdict(i) for i in self.images]
        return record
