"""The schema, as ordered sqlite-utils migrations applied on open. Never edit an applied migration:
add a new one. docs/schema.md describes every table and column."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("scraper")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("frontier").create(
        {
            "url": str,  # canonical URL
            "source": str,  # [[sources]] name
            "kind": str,  # article | feed | sitemap | start
            "state": str,  # new | fetched | done | skipped | failed
            "attempts": int,
            "last_status": int,
            "last_error": str,  # reason key and message of the last failure
            "etag": str,
            "last_modified": str,
            "discovered_at": str,
            "fetched_at": str,
        },
        pk="url",
    )
    db.table("frontier").create_index(["state", "kind"])
    db.table("pages").create(
        {
            "url": str,
            "source": str,
            "final_url": str,
            "status": int,
            "headers": str,  # JSON object, lower-case names
            "body": bytes,  # gzip-compressed response body
            "fetched_at": str,
        },
        pk="url",
    )
    db.table("articles").create(
        {
            "url": str,
            "source": str,
            "canonical_url": str,
            "title": str,
            "authors": str,  # JSON array
            "published": str,
            "published_source": str,
            "updated": str,
            "read_time_min": int,
            "read_time_source": str,
            "word_count": int,
            "language": str,
            "description": str,
            "text": str,
            "image_url": str,
            "site_name": str,
            "images": str,  # JSON array of {url, caption, credit}
            "fetched_at": str,
            "extracted_at": str,
            "extractor_version": str,
        },
        pk="url",
    )
    db.table("articles").create_index(["source"])
    db.table("articles").create_index(["published"])
    db.table("articles").enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True, tokenize="unicode61")
    db.table("runs").create(
        {
            "id": int,
            "command": str,
            "started_at": str,
            "finished_at": str,
            "fetched": int,
            "not_modified": int,
            "stored": int,
            "skipped": int,
            "failed": int,
            "reasons": str,  # JSON object: reason -> count
            "exit_code": int,
        },
        pk="id",
    )


@migrations()
def m002_site_templates(db: Database) -> None:
    """Per-site block statistics for learned templates (scraper/extract/template.py)."""
    db.table("template_pages").create(
        {
            "url": str,  # a stored page (pages.url) whose blocks are counted
            "source": str,
            "host": str,  # host of the page's final URL
            "blocks": str,  # JSON array of the block fingerprints counted for this page
        },
        pk="url",
    )
    db.table("template_pages").create_index(["source", "host"])
    db.table("site_templates").create(
        {
            "source": str,
            "host": str,
            "fingerprint": str,  # hash of the block's tag path and normalized text
            "text": str,  # the block's normalized text (first 120 characters)
            "pages": int,  # stored pages of this source and host that hold the block
        },
        pk=("source", "host", "fingerprint"),
    )
    db.table("site_templates").create_index(["source", "host", "pages"])


@migrations()
def m003_section_and_tags(db: Database) -> None:
    db.table("articles").add_column("section", str)  # the site's section (articleSection, article:section)
    db.table("articles").add_column("tags", str)  # JSON array (article:tag, keywords)


@migrations()
def m004_run_statistics(db: Database) -> None:
    """Per-run statistics by HTTP status and by host, and why a run stopped early."""
    runs = db.table("runs")
    runs.add_column("statuses", str)  # JSON object: HTTP status -> responses
    runs.add_column("hosts", str)  # JSON object: host -> {fetched, not_modified, failed, skipped}
    runs.add_column("stopped", str)  # SIGTERM | SIGINT | max-duration when the run ended early, else NULL
    runs.add_column("seconds", float)  # wall-clock duration


@migrations()
def m005_robots(db: Database) -> None:
    """robots.txt texts kept between runs for [fetch] robots_ttl_s."""
    db.table("robots").create({"url": str, "body": str, "fetched_at": str}, pk="url")


@migrations()
def m006_frontier_changes(db: Database) -> None:
    """When a listing (sitemap lastmod, news publication date) says a page last changed, in UTC."""
    db.table("frontier").add_column("changed_at", str)


@migrations()
def m007_frontier_next_try(db: Database) -> None:
    """When a failed URL is due again (UTC): [crawl] retry_backoff_s after the first failure, doubled after each."""
    db.table("frontier").add_column("next_try_at", str)


@migrations()
def m008_research_indexes(db: Database) -> None:
    """Indexes for the usual filters (source, host, published, fetched, language) and a view of the
    articles whose page still exists."""
    articles = db.table("articles")
    articles.add_column("host", str)  # the article URL's host, for filtering by site
    db.execute(
        "update articles set host = lower(substr(substr(url, instr(url, '://') + 3), 1, "
        "instr(substr(url, instr(url, '://') + 3) || '/', '/') - 1))"
    )
    for columns in (["host"], ["fetched_at"], ["language"], ["source", "published"]):
        articles.create_index(columns, if_not_exists=True)
    db.execute(
        "create view current_articles as select a.* from articles a "
        "left join frontier f on f.url = a.url where coalesce(f.state, '') != 'gone'"
    )


@migrations()
def m009_article_versions(db: Database) -> None:
    """Earlier versions of article records: a re-extraction that changes a record keeps the old one here."""
    columns = {row["name"]: row["type"] for row in db.query("pragma table_info(articles)")}
    types = {"TEXT": str, "INTEGER": int, "FLOAT": float, "REAL": float}
    db.table("article_versions").create(
        {"version": int, **{name: types.get(kind.upper(), str) for name, kind in columns.items()}, "replaced_at": str},
        pk=("url", "version"),
    )


@migrations()
def m010_duplicate_clusters(db: Database) -> None:
    """Near-duplicate clusters (scraper/duplicates.py): each article's MinHash signature and band hashes,
    and ``articles.cluster``, shared by the copies of one story."""
    db.table("articles").add_column("cluster", int)  # rowid of the cluster's first article
    db.table("articles").create_index(["cluster"])
    db.table("article_versions").add_column("cluster", int)  # a new articles column goes here too
    db.table("article_signatures").create({"url": str, "signature": bytes}, pk="url")
    db.table("article_bands").create({"url": str, "band": int, "hash": int})
    db.table("article_bands").create_index(["band", "hash"])
    db.table("article_bands").create_index(["url"])


@migrations()
def m011_article_status(db: Database) -> None:
    """``articles.status``: ``ok``, or why the page's body was rejected (``no_article``, ``too_short``): such a
    record keeps the metadata found (title, dates, authors) with an empty text. ``current_articles`` shows
    only the articles with a body."""
    db.table("articles").add_column("status", str, not_null_default="ok")
    db.table("article_versions").add_column("status", str, not_null_default="ok")
    db.execute("drop view current_articles")
    db.execute(
        "create view current_articles as select a.* from articles a "
        "left join frontier f on f.url = a.url where coalesce(f.state, '') != 'gone' and a.status = 'ok'"
    )


@migrations()
def m012_frontier_sources(db: Database) -> None:
    """``frontier_sources``: every source that lists a URL, not only the first (``frontier.source``, which
    the page and article are stored under). A source's crawl fetches the URLs it lists, whichever source
    found them first, and ``--source`` filters find them."""
    db.table("frontier_sources").create({"url": str, "source": str}, pk=("url", "source"))
    db.table("frontier_sources").create_index(["source"])
    db.execute("insert or ignore into frontier_sources (url, source) select url, source from frontier")


@migrations()
def m013_published_utc(db: Database) -> None:
    """``articles.published_utc``: ``published`` as a UTC instant, or its day when it has no time or no offset
    (scraper.normalize.dates.utc_form, which the SQL below computes the same way for the stored records)."""
    for table in ("articles", "article_versions"):
        db.table(table).add_column("published_utc", str)
        db.execute(
            f"update {table} set published_utc = case "
            "when length(published) > 19 and (published like '%Z' or substr(published, -6, 1) in ('+', '-')) "
            "then strftime('%Y-%m-%dT%H:%M:%SZ', published) else substr(published, 1, 10) end "
            "where published is not null"
        )
    db.table("articles").create_index(["published_utc"])


@migrations()
def m014_language_source(db: Database) -> None:
    """``articles.language_source``: ``markup`` (the page's declaration) or ``text`` (the text's own language,
    where the markup gave none or another one; scraper.normalize.language). Stored languages were markup's."""
    for table in ("articles", "article_versions"):
        db.table(table).add_column("language_source", str)
        db.execute(f"update {table} set language_source = 'markup' where language is not null")


@migrations()
def m015_run_provenance(db: Database) -> None:
    """``runs`` rows for ``reextract`` too: ``extractor_version`` (the code that made the run's records),
    ``pages`` (pages extracted), ``unchanged`` (records re-extracted the same), ``selection`` (reextract's
    choice of pages, JSON)."""
    runs = db.table("runs")
    runs.add_column("extractor_version", str)
    runs.add_column("pages", int)
    runs.add_column("unchanged", int)
    runs.add_column("selection", str)


@migrations()
def m016_source_discovery(db: Database) -> None:
    """``source_discovery``: the digest of each source's discovery settings (feeds, sitemaps, start pages,
    include/exclude...) its listings were last read in full with; a source whose digest changed reads them
    again unconditionally."""
    db.table("source_discovery").create({"source": str, "digest": str, "read_at": str}, pk="source")


@migrations()
def m017_warc_origin(db: Database) -> None:
    """``pages.warc_record_id`` and ``pages.warc_file``: the archive record a page was imported from
    (``scraper import-warc``), so importing a file again stores nothing twice."""
    db.table("pages").add_column("warc_record_id", str)
    db.table("pages").add_column("warc_file", str)
    db.table("pages").create_index(["warc_record_id"])


@migrations()
def m018_page_status(db: Database) -> None:
    """``articles.status`` says what the page is (scraper.models.PageStatus): ``ok`` becomes ``article``, the
    rejected bodies (``no_article``, ``too_short``) ``not_article``; ``status_evidence`` says why, in a few
    words. ``current_articles`` shows articles and paywalled ones."""
    for table in ("articles", "article_versions"):
        db.table(table).add_column("status_evidence", str)
        db.execute(f"update {table} set status_evidence = case status when 'no_article' then "
                   "'no article text found on the page' when 'too_short' then 'too few words for an article' end "
                   "where status in ('no_article', 'too_short')")  # fmt: skip
        db.execute(f"update {table} set status = case status when 'ok' then 'article' else 'not_article' end "
                   "where status in ('ok', 'no_article', 'too_short')")  # fmt: skip
    db.execute("drop view current_articles")
    db.execute(
        "create view current_articles as select a.* from articles a left join frontier f on f.url = a.url "
        "where coalesce(f.state, '') != 'gone' and a.status in ('article', 'paywalled')"
    )
    db.table("runs").add_column("page_statuses", str)  # JSON object: page status -> pages extracted in the run
    db.table("not_found_pages").create(
        {"host": str, "url": str, "status": int, "title": str, "text": str, "probed_at": str}, pk="host"
    )


@migrations()
def m019_own_minhash(db: Database) -> None:
    """Near-duplicate signatures by scraper/duplicates.py's own MinHash (multiply-shift hashing of shingle
    hashes made from word hashes; datasketch hashed every shingle with SHA-1, a third of a crawl worker's
    time on a long article): every signed article's signature, bands and cluster are made again, in the
    order the articles were stored, so a cluster is still named after its earliest article."""
    from scraper import duplicates  # numpy, loaded only when there is something to sign again
    from scraper.store.repo import cluster  # repo reads the schema this module makes: imported when run

    signed = db.execute(
        "select a.url, a.text from articles a join article_signatures s on s.url = a.url order by a.rowid"
    ).fetchall()
    db.execute("delete from article_bands")
    db.execute("update articles set cluster = null where url in (select url from article_signatures)")
    for url, text in signed:
        cluster(db, url, duplicates.signature(text or ""))


@migrations()
def m020_fts_reindexes_only_title_and_text(db: Database) -> None:
    """The full-text index is updated when an article's title or text changes, not on every update of its
    row: sqlite-utils' trigger re-indexed the whole text when the crawl set its cluster or a new extractor
    its version (0.65 ms of the writer's 5 ms per long article)."""
    db.execute("drop trigger if exists articles_au")
    db.execute(
        "create trigger articles_au after update of title, text on articles begin\n"
        "  insert into articles_fts (articles_fts, rowid, title, text) values ('delete', old.rowid, old.title, old.text);\n"
        "  insert into articles_fts (rowid, title, text) values (new.rowid, new.title, new.text);\n"
        "end"
    )


@migrations()
def m021_template_sites(db: Database) -> None:
    """``template_sites``: each site's count of pages in ``template_pages``, kept with it. The template of
    every page extracted needs it, and counting a site's rows took time in proportion to its stored pages:
    4 ms a page at 100,000 pages of one site, 45 ms at a million (an archive of one newsroom's years)."""
    db.table("template_sites").create({"source": str, "host": str, "pages": int}, pk=("source", "host"))
    db.execute(
        "insert into template_sites (source, host, pages) "
        "select source, host, count(*) from template_pages group by source, host"
    )


@migrations()
def m022_template_text_on_repeat(db: Database) -> None:
    """A block's text in ``site_templates`` (shown to say what a template removes) is kept once the block is
    on two pages: 96% of the rows are blocks of one page, its own paragraphs (DEV import, 1,000 pages:
    121,148 of 126,098 rows). The space they held is reused by the rows written next."""
    db.execute("update site_templates set text = null where pages = 1")


@migrations()
def m023_template_index_of_shared_blocks(db: Database) -> None:
    """The ``(source, host, pages)`` index of ``site_templates`` holds only the blocks on two pages or more,
    the only ones a template is read from: 96% of the rows are one page's own blocks, and each new one cost
    an entry in it (a page's 130 blocks, in the one writer: ``record_blocks`` 0.9 -> 0.75 ms a page)."""
    db.execute("drop index if exists idx_site_templates_source_host_pages")
    db.execute("create index idx_site_templates_shared on site_templates (source, host, pages) where pages >= 2")
