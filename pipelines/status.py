"""``scraper status``: where each source stands, read from the database without writing to it."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from scraper.crawl.policy import DUE, MAX_ATTEMPTS, State

STATUS_COLUMNS = ("source", "article_urls", "stored", "due", "failed", "skipped", "gone", "failures",
                  "listing_failures", "last_fetched", "next_due")  # fmt: skip


def source_status(conn: sqlite3.Connection, *, now: str) -> list[tuple[Any, ...]]:
    """A row per source: its article URLs (every one any of its listings gave), the articles stored under
    it, the URLs due now, failed (retried later or given up), skipped and gone, the failures by reason, its
    listings (feeds, sitemaps, start pages) that failed the last time, by kind and reason (a feed that is
    gone gives no article URL, and its source would look merely quiet), when it last fetched a page and when
    something of it is next due (``now`` when some is already)."""
    due_states = ",".join(f"'{state}'" for state in DUE)
    sources = [row[0] for row in conn.execute("select distinct source from frontier_sources order by source")]
    rows = []
    for source in sources:
        listed = "url in (select url from frontier_sources where source = ?)"
        counts = conn.execute(
            f"select count(*), sum(state in ({due_states}) or (state = ? and attempts < ? and "
            f"(next_try_at is null or next_try_at <= ?))), sum(state = ?), sum(state = ?), sum(state = ?), "
            f"max(fetched_at), min(case when state = ? and attempts < ? then next_try_at end) "
            f"from frontier where kind = 'article' and {listed}",
            (State.FAILED, MAX_ATTEMPTS, now, State.FAILED, State.SKIPPED, State.GONE, State.FAILED, MAX_ATTEMPTS,
             source),
        ).fetchone()  # fmt: skip
        total, due, failed, skipped, gone, last_fetched, next_retry = counts
        reasons = Counter(
            (error or "").split(":", 1)[0]
            for (error,) in conn.execute(
                f"select last_error from frontier where kind = 'article' and state in (?, ?, ?) and {listed}",
                (State.FAILED, State.SKIPPED, State.GONE, source),
            )
        )
        listings = Counter(
            f"{kind} {(error or '').split(':', 1)[0]}"
            for kind, error in conn.execute(
                f"select kind, last_error from frontier where kind != 'article' and state in (?, ?, ?) and {listed}",
                (State.FAILED, State.SKIPPED, State.GONE, source),
            )
        )
        stored = conn.execute(
            "select count(*) from articles where source = ? and status in ('article', 'paywalled')", (source,)
        ).fetchone()
        next_due = now if due else next_retry
        rows.append((source, total, stored[0], due or 0, failed or 0, skipped or 0, gone or 0,
                     dict(sorted(reasons.items())), dict(sorted(listings.items())), last_fetched,
                     next_due))  # fmt: skip
    return rows
