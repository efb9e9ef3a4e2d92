"""What every table and column means, in one place: written next to the database as Datasette's
``metadata.json`` (``datasette data/articles.db --metadata data/metadata.json``, or ``datasette data/``),
and checked by the tests against the schema, so no column goes undescribed. docs/schema.md says more."""

from __future__ import annotations

import json
from pathlib import Path

ARTICLE_COLUMNS = {
    "url": "The article URL as discovered, canonicalized (primary key).",
    "source": "The [[sources]] name that found it.",
    "host": "The URL's host (with its port, if any).",
    "canonical_url": "The page's <link rel=canonical>, else url.",
    "title": "The headline, without the site name glued on.",
    "authors": "JSON array of names, without 'By'/'Von' or roles.",
    "published": "Publication date as precise as the page gives it: a day, or a time with the publisher's UTC "
    "offset (never converted); NULL when unknown.",
    "published_utc": "published as one comparable value: a time with an offset as the UTC instant "
    "(2021-08-10T07:12:44Z), else its day (2021-08-10).",
    "published_source": "Where the date came from: jsonld:datePublished, meta:<name>, itemprop:datePublished, "
    "time[datetime], text (next to the headline), url, htmldate.",
    "updated": "Last modification date, same format as published.",
    "read_time_min": "Read time in whole minutes.",
    "read_time_source": "page (the page states it) or estimate (from the word count).",
    "word_count": "Words in text (each character counts as one in scripts without spaces: Chinese, Thai...).",
    "language": "ISO 639-1 code of the article's language: the page's markup (html lang, og:locale, JSON-LD "
    "inLanguage, Content-Language), or the text's own language where the markup gives none or contradicts it.",
    "language_source": "markup or text: where language came from.",
    "description": "The page's meta/og description.",
    "text": "The article body: paragraphs separated by blank lines, subheadings on lines of their own, without "
    "navigation, teasers, share bars, captions or the site's template.",
    "image_url": "The lead image (og:image or JSON-LD).",
    "site_name": "The publication's name (og:site_name, JSON-LD publisher).",
    "images": "JSON array of {url, caption, credit}: captions and photo credits taken out of the text.",
    "section": "The site's section (articleSection, article:section).",
    "tags": "JSON array of the article's tags (article:tag, keywords).",
    "cluster": "Near-duplicate cluster: rowid of the first stored article this one nearly copies (MinHash "
    "Jaccard >= 0.8), else its own rowid. Wire copies share it.",
    "fetched_at": "When the page was downloaded (UTC).",
    "extracted_at": "When this version of the record was written (UTC).",
    "extractor_version": "What made the record: scraper-<version>+trafilatura-<version>+code.<digest of the "
    "extraction code and libraries>, plus +rules.<digest> of the source's drop/body rules and normalize settings.",
    "status": "What the page is: article; paywalled (an article's teaser in front of a subscription wall); or no "
    "article: soft_404 (a not-found page served as a page), blocked (a bot check), consent_wall (only a consent "
    "form), hub (a section, tag or author page), not_article (a video, a gallery, too little text). Only article "
    "and paywalled records have a text; the others keep the metadata found.",
    "status_evidence": 'Why the page has its status, in a few words ("JSON-LD isAccessibleForFree: false; 120 '
    'words of text", "Cloudflare challenge markup").',
}

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "articles": ("One clean record per article URL.", ARTICLE_COLUMNS),
    "current_articles": (
        "View: the articles (status article or paywalled) whose page still exists (not 404/410 since).",
        ARTICLE_COLUMNS,
    ),
    "article_versions": (
        "Earlier versions of records that a re-extraction changed, kept whole.",
        {
            **ARTICLE_COLUMNS,
            "version": "1, 2, ... per URL, oldest first.",
            "replaced_at": "When this version was replaced (UTC).",
        },
    ),
    "pages": (
        "The raw responses, for offline re-extraction.",
        {
            "url": "The URL as requested (primary key).",
            "source": "The [[sources]] name.",
            "final_url": "The URL after redirects.",
            "status": "HTTP status.",
            "headers": "JSON object of the response headers, lower-case names.",
            "body": "The response body, gzip-compressed.",
            "fetched_at": "When it was downloaded (UTC); for an imported page, its WARC-Date.",
            "warc_record_id": "The WARC-Record-ID it was imported from (scraper import-warc), else NULL.",
            "warc_file": "The WARC/ARC file it was imported from, else NULL.",
        },
    ),
    "frontier": (
        "Where each URL stands: the crawl's persistent to-do list.",
        {
            "url": "Canonical URL (primary key).",
            "source": "The [[sources]] name that found it first.",
            "kind": "article, feed, sitemap, start (a listing page) or home.",
            "state": "new, fetched (stored, not yet extracted), done, stale (due for a conditional request), "
            "skipped, failed (retried later), gone (404/410).",
            "attempts": "Fetch attempts so far.",
            "last_status": "HTTP status of the last answer.",
            "last_error": "reason: message of the last failure.",
            "etag": "ETag of the last answer, for conditional requests.",
            "last_modified": "Last-Modified of the last answer, for conditional requests.",
            "discovered_at": "When it was first found (UTC).",
            "fetched_at": "When it was last fetched (UTC).",
            "changed_at": "When a sitemap says the page last changed (UTC).",
            "next_try_at": "When a failed URL is due again (UTC).",
        },
    ),
    "frontier_sources": (
        "Every source that lists a URL (a URL listed by several is fetched once, and is each one's).",
        {
            "url": "Canonical URL.",
            "source": "A [[sources]] name whose feeds, sitemaps or start pages list it.",
        },
    ),
    "runs": (
        "One row per scraper crawl.",
        {
            "id": "Run number.",
            "command": "crawl, reextract or import-warc.",
            "started_at": "Start (UTC).",
            "finished_at": "End (UTC).",
            "fetched": "Pages fetched (200).",
            "not_modified": "Conditional requests answered 304.",
            "stored": "Articles stored.",
            "skipped": "URLs skipped (robots.txt, not HTML, no article, paused host).",
            "failed": "Fetches that failed.",
            "reasons": "JSON object: failure or skip reason -> count.",
            "statuses": "JSON object: HTTP status -> responses.",
            "hosts": "JSON object: host -> {fetched, not_modified, failed, skipped, and the statuses of its "
            "extracted pages: article, paywalled, soft_404, blocked...}.",
            "page_statuses": "JSON object: page status (article, paywalled, soft_404, blocked, consent_wall, hub, "
            "not_article) -> pages extracted in the run.",
            "stopped": "SIGTERM, SIGINT or max-duration when the run ended early.",
            "seconds": "Wall-clock duration.",
            "exit_code": "The command's exit code.",
            "extractor_version": "The extraction code that made the run's records (scraper.provenance).",
            "pages": "reextract: stored pages extracted again.",
            "unchanged": "reextract: records that came out the same.",
            "selection": "reextract: the pages chosen (JSON: sources, urls, since, until).",
        },
    ),
    "not_found_pages": (
        "What each host answered a made-up URL beside its articles (the soft-404 probe, once a month): a 404 or "
        "410, or its not-found page, which extraction compares pages with (status soft_404).",
        {
            "host": "The host (no port).",
            "url": "The made-up URL asked for.",
            "status": "HTTP status of the answer.",
            "title": "The answer's title, when it was a page.",
            "text": "The answer's text as extraction reads it (empty when it found none).",
            "probed_at": "When (UTC).",
        },
    ),
    "source_discovery": (
        "The discovery settings each source's listings were last read in full with.",
        {
            "source": "The [[sources]] name.",
            "digest": "Digest of its feeds, sitemaps, start_urls, include, exclude, home and listing_pages.",
            "read_at": "When its listings were last all read (UTC).",
        },
    ),
    "_sqlite_migrations": (
        "The schema migrations applied (scraper/store/migrations.py).",
        {
            "id": "Row number.",
            "migration_set": "scraper.",
            "name": "The migration's function name.",
            "applied_at": "When it was applied (UTC).",
        },
    ),
    "robots": (
        "robots.txt kept between runs for [fetch] robots_ttl_s.",
        {"url": "The robots.txt URL.", "body": "Its text.", "fetched_at": "When it was fetched (UTC)."},
    ),
    "site_templates": (
        "Learned site templates: how many stored pages of a site hold each text block.",
        {
            "source": "The [[sources]] name.",
            "host": "Host of the pages.",
            "fingerprint": "Hash of the block's tag path and normalized text.",
            "text": "The block's normalized text (first 120 characters), once it is on two pages.",
            "pages": "Stored pages of the site holding it.",
        },
    ),
    "template_pages": (
        "Which blocks each stored page contributed to its site's template.",
        {
            "url": "The stored page.",
            "source": "The [[sources]] name.",
            "host": "Host of the page.",
            "blocks": "JSON array of block fingerprints.",
        },
    ),
    "template_sites": (
        "How many stored pages of each site have their blocks counted in template_pages.",
        {"source": "The [[sources]] name.", "host": "Host of the pages.", "pages": "Pages counted."},
    ),
    "article_signatures": (
        "Each article's MinHash signature, for near-duplicate clusters.",
        {"url": "The article.", "signature": "128 little-endian uint32 values; empty under 50 words."},
    ),
    "article_bands": (
        "Band hashes of the signatures, indexed to find near-duplicates without a scan.",
        {"url": "The article.", "band": "Band number (0-8).", "hash": "Hash of the band's 13 values."},
    ),
}


# What a researcher browses: the rest is the crawl's machinery, listed under Datasette's "hidden tables".
BROWSED = ("articles", "current_articles", "runs")
TRUNCATE_CELLS = 300  # characters of a cell shown in Datasette's listings: an article's text is a screen tall
TABLE_OPTIONS = {
    "articles": {"sort_desc": "published_utc", "label_column": "title"},
    "current_articles": {"sort_desc": "published_utc", "label_column": "title"},
    "runs": {"sort_desc": "id"},
}


def write_datasette_metadata(db_path: Path) -> Path:
    """Write (or update) ``metadata.json`` next to the database with this database's descriptions, the
    internal tables hidden and the newest articles first, and ``settings.json`` (long cells truncated) when
    there is none: ``datasette data/`` reads both."""
    path = db_path.parent / "metadata.json"
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        metadata = {}
    metadata.setdefault("title", "News articles")
    metadata.setdefault("description", "Articles crawled and cleaned by scraper; schema in docs/schema.md.")
    metadata.setdefault("databases", {})[db_path.stem] = {
        "tables": {
            name: {
                "description": about,
                "columns": columns,
                "hidden": name not in BROWSED,
                **TABLE_OPTIONS.get(name, {}),
            }
            for name, (about, columns) in TABLES.items()
        }
    }
    path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    settings = db_path.parent / "settings.json"
    if not settings.exists():
        settings.write_text(json.dumps({"truncate_cells_html": TRUNCATE_CELLS}, indent=2) + "\n", encoding="utf-8")
    return path
