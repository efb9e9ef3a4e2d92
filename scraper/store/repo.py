"""Record-level reads and writes. Each write function is one transaction (:func:`~scraper.store.db.write_transaction`), so a kill
between two calls leaves every row whole and the frontier says where to carry on."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from isal import igzip, isal_zlib
from sqlite_utils import Database

from scraper import duplicates
from scraper.crawl.policy import DUE, State
from scraper.errors import StoreError
from scraper.models import SHOWN, Article, NotFoundPage, Page
from scraper.store.db import upsert, write_transaction
from scraper.store.membership import listed_by

ARTICLE_FIELDS = (
    "canonical_url", "title", "authors", "published", "published_utc", "published_source", "updated", "read_time_min",
    "read_time_source", "word_count", "language", "language_source", "description", "text", "image_url", "site_name", "images",
    "fetched_at", "extractor_version", "section", "tags", "status", "status_evidence",
)  # fmt: skip


@dataclass(frozen=True)
class FrontierEntry:
    url: str
    source: str
    kind: str
    state: State
    etag: str | None = None
    last_modified: str | None = None


def add_urls(db: Database, urls: Iterable[str], *, source: str, kind: str, now: str) -> int:
    """Add unseen URLs to the frontier as ``new`` (the first source to list a URL is the one its page and
    article are stored under) and note that ``source`` lists them; return how many were new to the source."""
    urls = list(urls)
    with write_transaction(db):
        db.conn.executemany(
            "insert or ignore into frontier (url, source, kind, state, attempts, discovered_at) values (?, ?, ?, ?, 0, ?)",
            [(u, source, kind, State.NEW.value, now) for u in urls],
        )
        # rowcount counts the rows inserted, not the ignored ones: no count(*) over the table per listing
        added = db.conn.executemany("insert or ignore into frontier_sources (url, source) values (?, ?)",
                                    [(u, source) for u in urls])  # fmt: skip
        return max(0, added.rowcount)


def get_entry(db: Database, url: str) -> FrontierEntry | None:
    rows = list(db.query("select url, source, kind, state, etag, last_modified from frontier where url = ?", [url]))
    return _entry(rows[0]) if rows else None


def _entry(row: dict[str, Any]) -> FrontierEntry:
    return FrontierEntry(**{**row, "state": State(row["state"])})


def due_articles(
    db: Database, sources: Iterable[str], *, max_attempts: int, now: str, limit: int = 0
) -> list[FrontierEntry]:
    """Article URLs still to fetch or extract, stored ones due for revalidation, and failed ones whose
    next try has come: the sources in turn (one URL of each, then the next of each), so a run cut short by
    ``limit`` shares it among them, each source's oldest discovery first."""
    sql, params = _due(list(sources), max_attempts, now)
    sql = (f"select url, source, kind, state, etag, last_modified from ({sql}) "
           "order by row_number() over (partition by source order by discovered_at, rowid), discovered_at, rowid")  # fmt: skip
    if limit:
        sql += " limit ?"
        params.append(limit)
    return [_entry(row) for row in db.query(sql, params)]


EXCLUDED = "excluded"  # the last_error reason of a URL its sources' include/exclude leave out


def ruled_urls(
    db: Database, sources: Iterable[str], *, undone: bool = True
) -> Iterator[tuple[str, State, str, list[str]]]:
    """Article URLs the URL rules can still decide about: skipped because the rules left them out, and with
    ``undone`` those not yet done (new, fetched, stale, failed); each with its state, its last error and the
    ``sources`` (of those given) that list it."""
    names = list(sources)
    marks = ",".join("?" * len(names))
    states = [*DUE, State.FAILED] if undone else []
    rows = db.execute(
        f"select f.url, f.state, coalesce(f.last_error, ''), group_concat(s.source, char(31)) from frontier f "
        f"join frontier_sources s on s.url = f.url where f.kind = 'article' and s.source in ({marks}) and "
        f"(f.state in ({','.join('?' * len(states)) or 'null'}) or (f.state = ? and f.last_error like ?)) "
        "group by f.url",
        [*names, *states, State.SKIPPED, f"{EXCLUDED}:%"],
    )
    for url, state, error, listing in rows:
        yield url, State(state), error, listing.split("\x1f")


def set_states(db: Database, changes: Iterable[tuple[str, State, str | None]]) -> int:
    """Set ``(url, state, last_error)`` in one transaction; return how many."""
    rows = [(state, error, url) for url, state, error in changes]
    if rows:
        with write_transaction(db):
            db.conn.executemany("update frontier set state = ?, last_error = ? where url = ?", rows)
    return len(rows)


def count_due(db: Database, sources: Iterable[str], *, max_attempts: int, now: str) -> int:
    """How many article URLs :func:`due_articles` would give without a limit."""
    sql, params = _due(list(sources), max_attempts, now)
    return int(db.execute(f"select count(*) from ({sql})", params).fetchone()[0])


def _due(names: list[str], max_attempts: int, now: str) -> tuple[str, list[Any]]:
    marks = ",".join("?" * len(names))
    listed, listed_params = listed_by(names)
    # A URL is stored under the source that found it first, unless that source is not in this run: then
    # under the first (by name) of this run's sources that lists it.
    owner = (
        f"case when source in ({marks}) then source else (select min(s.source) from frontier_sources s "
        f"where s.url = frontier.url and s.source in ({marks})) end"
    )
    sql = (
        f"select rowid, url, {owner} as source, kind, state, etag, last_modified, discovered_at from frontier "
        f"where kind = 'article' and {listed} "
        f"and (state in ({','.join('?' * len(DUE))}) "
        "or (state = ? and attempts < ? and (next_try_at is null or next_try_at <= ?)))"
    )
    return sql, [*names, *names, *listed_params, *DUE, State.FAILED, max_attempts, now]


def mark(db: Database, url: str, state: State, *, status: int | None = None, error: str | None = None,
         now: str | None = None, etag: str | None = None, last_modified: str | None = None,
         attempt: bool = False, counted: bool = False, retry_after_s: float | None = None) -> None:  # fmt: skip
    """Record the outcome of fetching or extracting ``url`` in the frontier. ``retry_after_s`` (with
    ``now``) sets the next try after a failure, doubled for every earlier attempt; ``counted``: this
    outcome's attempt was counted already (an extraction's verdict on a page whose fetch was the attempt)."""
    sets = ["state = ?", "last_status = coalesce(?, last_status)", "last_error = ?"]
    params: list[Any] = [state, status, error]
    if retry_after_s is not None and now:  # `attempts` is the count before this one: 0, 1, 2 ...
        earlier = "max(attempts - 1, 0)" if counted else "attempts"
        sets.append(
            f"next_try_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', ?, '+' || (? * (1 << {earlier})) || ' seconds')"
        )
        params += [now, retry_after_s]
    if now:
        sets.append("fetched_at = ?")
        params.append(now)
    if etag is not None or last_modified is not None:
        sets += ["etag = ?", "last_modified = ?"]
        params += [etag, last_modified]
    if attempt:
        sets.append("attempts = attempts + 1")
    with write_transaction(db):
        db.conn.execute(f"update frontier set {', '.join(sets)} where url = ?", [*params, url])


GZIP_ONE_MEMBER = 16 + isal_zlib.MAX_WBITS  # what stored_body writes: one gzip member


def stored_body(body: bytes) -> bytes:
    """A response body as ``pages`` stores it: gzipped (any gzip reader reads it back) by ISA-L's compressor,
    4.3-4.5x smaller in 0.14-0.26 ms a page, where zlib's level 1 took 0.5-1.2 ms for 4.2-4.4x."""
    return igzip.compress(body, compresslevel=1, mtime=0)


def save_page(
    db: Database, page: Page, *, source: str, warc: tuple[str, str] | None = None, body: bytes | None = None
) -> None:
    """Store the raw response and mark the URL ``fetched``, in one transaction; ``warc`` is the record id
    and file of a page imported from an archive, ``body`` its :func:`stored_body` when a worker made it."""
    record_id, file = warc or (None, None)
    row = {"url": page.url, "source": source, "final_url": page.final_url, "status": page.status,
           "headers": json.dumps(page.headers, sort_keys=True),
           "body": stored_body(page.body) if body is None else body, "fetched_at": page.fetched_at,
           "warc_record_id": record_id, "warc_file": file}  # fmt: skip
    with write_transaction(db):
        upsert(db, "pages", row, pk="url")
        mark(db, page.url, State.FETCHED, status=page.status, now=page.fetched_at,
             etag=page.headers.get("etag"), last_modified=page.headers.get("last-modified"), attempt=True)  # fmt: skip


def template_site(source: str, page: Page) -> tuple[str, str]:
    """The site a page's blocks are counted for, and its template learned for: its source and the host of
    its final URL."""
    return source, urlsplit(page.final_url or page.url).hostname or ""


def record_blocks(db: Database, page: Page, *, source: str, blocks: Mapping[str, str]) -> None:
    """Count the page's blocks (from :func:`scraper.extract.html.template_blocks`) for its
    :func:`template_site`, replacing what an earlier version of the page counted, so the counts describe
    the stored pages."""
    _source, host = template_site(source, page)
    with write_transaction(db):
        for row in db.query("select source, host, blocks from template_pages where url = ?", [page.url]):
            counted = [(row["source"], row["host"], fp) for fp in json.loads(row["blocks"])]
            db.conn.executemany(
                "update site_templates set pages = pages - 1 where source = ? and host = ? and fingerprint = ?", counted
            )
            db.conn.executemany(  # by the key: only the blocks just counted down can reach 0
                "delete from site_templates where source = ? and host = ? and fingerprint = ? and pages <= 0", counted
            )
            db.execute(
                "update template_sites set pages = pages - 1 where source = ? and host = ?",
                [row["source"], row["host"]],
            )
        db.conn.executemany(
            # a block's text is kept once it is on a second page: most blocks are one page's own paragraphs
            "insert into site_templates (source, host, fingerprint, text, pages) values (?, ?, ?, null, 1) "
            "on conflict (source, host, fingerprint) do update set pages = pages + 1, text = coalesce(text, ?)",
            [(source, host, fp, text) for fp, text in sorted(blocks.items())],
        )
        db.execute(
            "insert into template_sites (source, host, pages) values (?, ?, 1) "
            "on conflict (source, host) do update set pages = pages + 1",
            [source, host],
        )
        row = {"url": page.url, "source": source, "host": host, "blocks": json.dumps(sorted(blocks))}
        upsert(db, "template_pages", row, pk="url")


def save_not_found(db: Database, host: str, *, url: str, status: int, title: str, text: str, now: str) -> None:
    """Keep what ``host`` answered the soft-404 probe ``url`` (pipelines/probe.py)."""
    row = {"host": host, "url": url, "status": status, "title": title, "text": text, "probed_at": now}
    with write_transaction(db):
        db.table("not_found_pages").upsert(row, pk="host")


def probed_hosts(db: Database, *, now: str, days: float) -> set[str]:
    """The hosts probed less than ``days`` ago."""
    sql = "select host from not_found_pages where probed_at > strftime('%Y-%m-%dT%H:%M:%S+00:00', ?, ?)"
    return {host for (host,) in db.execute(sql, [now, f"-{days} days"])}


def not_found_page(db: Database, host: str) -> NotFoundPage | None:
    """The host's not-found page, when its probe was answered with a page (a soft-404 site)."""
    row = db.execute("select url, title, text from not_found_pages where host = ? and status = 200", [host]).fetchone()
    return NotFoundPage(*row) if row else None


def site_template(db: Database, source: str, host: str, *, min_pages: int, share: float) -> frozenset[str]:
    """Fingerprints of the blocks on at least ``share`` of the site's stored pages, once it has ``min_pages``."""
    if min_pages <= 0:
        return frozenset()
    pages = learned_pages(db, source, host)
    if pages < min_pages:
        return frozenset()
    rows = db.execute(TEMPLATE_QUERY, [source, host, max(2, math.ceil(share * pages))])
    return frozenset(fp for (fp,) in rows)


# A site's template: its blocks on at least (source, host, threshold) pages. "pages >= 2" is written out so that
# the index of the blocks on two pages or more serves; the threshold comes first, as the range the index is
# searched by (the other order reads every shared block: twice the time).
TEMPLATE_QUERY = "select fingerprint from site_templates where source = ? and host = ? and pages >= ? and pages >= 2"


def forget_single_page_blocks(db: Database, *, min_site_pages: int) -> int:
    """Delete the blocks counted on one page only of each site with ``min_site_pages`` stored pages or more;
    return how many. Such a block is that page's own (a paragraph, a caption): most of a site's blocks, and
    none of its template, which needs half its pages. Should it show up on another page later, it counts
    from there."""
    with write_transaction(db):
        cursor = db.execute(  # site by site, by the key's (source, host): most of such a site's rows go
            "delete from site_templates where pages = 1 and (source, host) in "
            "(select source, host from template_sites where pages >= ?)",
            [min_site_pages],
        )
    return cursor.rowcount


def learned_pages(db: Database, source: str, host: str) -> int:
    """How many of the site's stored pages have their blocks counted."""
    row = db.execute("select pages from template_sites where source = ? and host = ?", [source, host]).fetchone()
    return int(row[0]) if row else 0


def unlearned_pages(db: Database) -> list[str]:
    """Stored pages whose blocks are not counted yet (stored before templates existed)."""
    sql = "select url from pages where status = 200 and url not in (select url from template_pages) order by url"
    return [url for (url,) in db.execute(sql)]


def _inflate(url: str, stored: bytes) -> bytes:
    """A stored body as it was fetched (ISA-L's inflate, twice zlib's speed); a body that is not the one gzip
    member stored_body writes is an error that names its page."""
    inflate = isal_zlib.decompressobj(GZIP_ONE_MEMBER)
    try:
        body = inflate.decompress(stored)
    except Exception as e:  # isal_zlib.error, which its stubs declare as no class
        problem = str(e)
    else:
        if inflate.eof and not inflate.unused_data:
            return body
        problem = "not one whole gzip stream"
    raise StoreError(f"{url}: its stored page is damaged ({problem}); fetch it again (scraper crawl)")


def load_page(row: dict[str, Any]) -> Page:
    return Page(
        url=row["url"],
        final_url=row["final_url"],
        status=row["status"],
        headers=json.loads(row["headers"]),
        body=_inflate(row["url"], row["body"]),
        fetched_at=row["fetched_at"],
    )


def page_urls(db: Database, *, sources: Iterable[str] = (), urls: Iterable[str] = (), since: str = "",
              until: str = "") -> list[str]:  # fmt: skip
    """Stored pages' URLs, in URL order: of these sources, these URLs, fetched on these days (inclusive)."""
    clauses, params = ["1"], []
    if names := list(sources):
        listed, listed_params = listed_by(names)
        clauses.append(f"(source in ({','.join('?' * len(names))}) or {listed})")
        params += [*names, *listed_params]
    if values := list(urls):
        clauses.append(f"url in ({','.join('?' * len(values))})")
        params += values
    if since:
        clauses.append("fetched_at >= ?")
        params.append(since)
    if until:
        clauses.append("fetched_at < date(?, '+1 day')")
        params.append(until)
    return [r["url"] for r in db.query(f"select url from pages where {' and '.join(clauses)} order by url", params)]


def iter_pages(db: Database, urls: Iterable[str] | None = None) -> Iterator[tuple[str, Page]]:
    """(source, page) for stored pages, in URL order; all of them when ``urls`` is None."""
    # The URL list is read first, so the caller may write between pages without an open read cursor.
    wanted = page_urls(db) if urls is None else list(urls)
    for url in wanted:
        for row in db.query("select * from pages where url = ?", [url]):
            yield row["source"], load_page(row)


def article_row(article: Article, *, source: str) -> dict[str, Any]:
    record = article.to_dict()
    record["authors"] = json.dumps(record["authors"], ensure_ascii=False)
    record["images"] = json.dumps(record["images"], ensure_ascii=False)
    record["tags"] = json.dumps(record["tags"], ensure_ascii=False)
    host = urlsplit(article.url).netloc.lower()
    return {"url": article.url, "source": source, "host": host, **{k: record[k] for k in ARTICLE_FIELDS}}


def article_changes(db: Database, article: Article, *, source: str) -> dict[str, tuple[Any, Any]]:
    """The fields saving ``article`` would change: ``{field: (stored, new)}``; every field for a new record."""
    row = article_row(article, source=source)
    current = next(iter(db.query("select * from articles where url = ?", [article.url])), None)
    if current is None:
        return {k: (None, v) for k, v in row.items()}
    return _changes(current, row)


def _changes(current: dict[str, Any], row: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The record's changed fields; none when only the version of the extractor that made it differs (a
    new extractor that makes the same record is no change to keep a version of)."""
    changes = {k: (current[k], v) for k, v in row.items() if current[k] != v}
    return {} if set(changes) <= {"extractor_version"} else changes


def save_article(db: Database, article: Article, *, source: str, now: str) -> bool:
    """Insert or update the article and mark its URL ``done``; a record whose content is unchanged keeps its
    row (and ``extracted_at``) as it was, but for the extractor version, which is the new one's. A record that changes is kept first in ``article_versions``,
    with the extractor version that made it. Return True when the row was written. A record whose body was
    no article (``status`` other than ``article`` or ``paywalled``) is stored for its metadata; its URL's state
    is the caller's."""
    row = article_row(article, source=source)
    with write_transaction(db):
        current = next(iter(db.query("select * from articles where url = ?", [article.url])), None)
        changed = current is None or bool(_changes(current, row))
        if not changed and current is not None and current["extractor_version"] != row["extractor_version"]:
            db.execute(
                "update articles set extractor_version = ? where url = ?", [row["extractor_version"], article.url]
            )
        if changed:
            if current is not None:
                version = db.execute(
                    "select coalesce(max(version), 0) + 1 from article_versions where url = ?", [article.url]
                ).fetchone()[0]
                db.table("article_versions").insert({**current, "version": version, "replaced_at": now})
            upsert(db, "articles", {**row, "extracted_at": now}, pk="url")
        if article.status not in SHOWN:
            db.execute("delete from article_signatures where url = ?", [article.url])
            db.execute("delete from article_bands where url = ?", [article.url])
            return changed
        if changed or not _has_signature(db, article.url):
            cluster(db, article.url, article.signature)
        mark(db, article.url, State.DONE)
    return changed


def _has_signature(db: Database, url: str) -> bool:
    return db.execute("select 1 from article_signatures where url = ?", [url]).fetchone() is not None


def cluster(db: Database, url: str, signature: bytes) -> None:
    """Store the article's signature and band hashes, and put it in the cluster of the earliest stored
    article it nearly duplicates (estimated Jaccard similarity >= THRESHOLD), else in its own."""
    conn = db.conn
    conn.execute("delete from article_bands where url = ?", [url])
    conn.execute("insert or replace into article_signatures (url, signature) values (?, ?)", [url, signature])
    own = conn.execute("select rowid from articles where url = ?", [url]).fetchone()[0]
    chosen = own
    if signature:
        hashes = list(enumerate(duplicates.bands(signature)))
        conn.executemany("insert into article_bands (url, band, hash) values (?, ?, ?)",
                         [(url, band, value) for band, value in hashes])  # fmt: skip
        pairs = " or ".join("(b.band = ? and b.hash = ?)" for _ in hashes)
        candidates = conn.execute(
            f"select distinct a.cluster, s.signature from article_bands b join article_signatures s on s.url = b.url "
            f"join articles a on a.url = b.url where ({pairs}) and b.url != ?",
            [*(v for pair in hashes for v in pair), url],
        ).fetchall()
        near = [
            c
            for c, sig in candidates
            if c is not None and duplicates.similarity(signature, sig) >= duplicates.THRESHOLD
        ]
        chosen = min([*near, own])
    conn.execute("update articles set cluster = ? where url = ?", [chosen, url])


def record_run(db: Database, row: dict[str, Any]) -> None:
    with write_transaction(db):
        db.table("runs").insert(row)


def fresh_robots(db: Database, *, now: str, ttl_s: float) -> dict[str, str]:
    """robots.txt texts by URL fetched less than ``ttl_s`` seconds before ``now``."""
    since = (datetime.fromisoformat(now) - timedelta(seconds=ttl_s)).isoformat(timespec="seconds")
    return {r["url"]: r["body"] for r in db.query("select url, body from robots where fetched_at > ?", [since])}


def save_robots(db: Database, texts: Mapping[str, str], *, now: str) -> None:
    with write_transaction(db):
        db.table("robots").upsert_all(
            [{"url": url, "body": body, "fetched_at": now} for url, body in texts.items()], pk="url"
        )


def listing_urls(db: Database, source: str, *, kind: str) -> list[str]:
    """The source's feeds (or sitemaps) the frontier knows, e.g. the ones a home page announced; the least
    recently read first, so runs that cannot read them all take turns."""
    query = "select url from frontier where source = ? and kind = ? order by fetched_at is not null, fetched_at, rowid"
    return [r["url"] for r in db.query(query, [source, kind])]


def forget_listings(db: Database, source: str, *, kind: str, keep: Iterable[str]) -> int:
    """Forget the source's listings of ``kind`` (stored under it) other than ``keep``: no longer read."""
    kept = set(keep)
    gone = [r["url"] for r in db.query("select url from frontier where source = ? and kind = ?", [source, kind])
            if r["url"] not in kept]  # fmt: skip
    if gone:
        with write_transaction(db):
            for start in range(0, len(gone), 500):
                chunk = gone[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                db.execute(f"delete from frontier_sources where url in ({marks})", chunk)
                db.execute(f"delete from frontier where url in ({marks})", chunk)
    return len(gone)


def least_recently_read(db: Database, urls: Iterable[str]) -> list[str]:
    """``urls`` (listings) in the order a run short of time should read them: never read, then oldest."""
    urls = list(dict.fromkeys(urls))
    read: dict[str, str] = {}
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.query(f"select url, fetched_at from frontier where url in ({marks})", chunk):
            if row["fetched_at"]:
                read[row["url"]] = row["fetched_at"]
    return sorted(urls, key=lambda url: (url in read, read.get(url, "")))


def note_changes(db: Database, changed: Mapping[str, str]) -> None:
    """Record when listings say pages last changed (sitemap ``lastmod``); see :func:`mark_changed_stale`."""
    rows = [(when, url) for url, raw in changed.items() if (when := _utc(raw))]
    with write_transaction(db):
        db.conn.executemany("update frontier set changed_at = ? where url = ?", rows)


def mark_changed_stale(db: Database) -> int:
    """Stored articles that a listing says changed after they were fetched become ``stale``, due for a
    conditional request (also when that listing is unchanged since: what it said is kept). Returns how
    many became stale."""
    with write_transaction(db):
        count = "select count(*) from frontier where state = ?"
        before = db.execute(count, [State.STALE]).fetchone()[0]
        db.execute(
            "update frontier set state = ? where kind = 'article' and state = ? "
            "and changed_at is not null and fetched_at is not null and changed_at > fetched_at",
            [State.STALE, State.DONE],
        )
        return int(db.execute(count, [State.STALE]).fetchone()[0] - before)


def mark_stale(db: Database, sources: Iterable[str], *, now: str, days: float) -> None:
    """Stored articles of these sources fetched more than ``days`` ago become due for revalidation."""
    names = list(sources)
    before = (datetime.fromisoformat(now) - timedelta(days=days)).isoformat(timespec="seconds")
    listed, listed_params = listed_by(names)
    with write_transaction(db):
        db.execute(
            f"update frontier set state = ? where kind = 'article' and state = ? and fetched_at < ? and {listed}",
            [State.STALE, State.DONE, before, *listed_params],
        )


def _utc(raw: str) -> str | None:
    """A W3C datetime (``2024-05-02``, ``2024-05-02T10:00:00+02:00``) as UTC ISO text, for comparisons."""
    try:
        when = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def discovery_digest(db: Database, source: str) -> str | None:
    """The digest of the discovery settings the source's listings were last read in full with."""
    row = db.execute("select digest from source_discovery where source = ?", [source]).fetchone()
    return row[0] if row else None


def save_discovery_digest(db: Database, source: str, digest: str, *, now: str) -> None:
    with write_transaction(db):
        db.table("source_discovery").upsert({"source": source, "digest": digest, "read_at": now}, pk="source")


def imported_state(db: Database, record_id: str) -> str | None:
    """The frontier state of the page stored from the WARC record ``record_id``, or None if none was."""
    row = db.execute(
        "select f.state from pages p join frontier f on f.url = p.url where p.warc_record_id = ?", [record_id]
    ).fetchone()
    return row[0] if row else None
