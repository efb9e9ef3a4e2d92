"""``scraper reextract``: re-run extraction and normalization over the stored raw pages, offline.

Deterministic and idempotent: an unchanged record keeps its row; a record that changes keeps its previous
version in ``article_versions``; a page that no longer yields an article keeps its previous record
(nothing stored is lost) and is reported. ``dry_run`` writes nothing and reports what would change."""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlite_utils import Database

from pipelines.progress import NoProgress, Progress
from pipelines.templates import learn_stored_pages, site_rules
from pipelines.workers import Engine, extract_pages
from scraper.clock import utc_now
from scraper.config import Config
from scraper.crawl.policy import Outcome, extraction_outcome, state_after
from scraper.crawl.run import EXIT_OK, EXIT_STOPPED, Stop, failed_by_reason, stopped_note
from scraper.errors import EXTRACTION_BROKE, ExtractError, InputError, Interrupted
from scraper.models import Article
from scraper.provenance import code_version
from scraper.store import repo
from scraper.store.batch import batched_writes

Changes = dict[str, tuple[Any, Any]]  # field -> (stored, re-extracted)

EXAMPLES = 3  # URLs shown per changed field in a dry run


@dataclass(frozen=True)
class Selection:
    """Which stored pages: by source, URL, and the days they were fetched (inclusive); nothing = all."""

    sources: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    since: str = ""
    until: str = ""


@dataclass
class ReextractSummary:
    pages: int = 0
    updated: int = 0
    unchanged: int = 0
    no_article: int = 0
    failed: Counter[str] = field(default_factory=Counter)  # reason -> pages whose extraction broke
    dry_run: bool = False
    fields: Counter[str] = field(default_factory=Counter)  # field -> records whose field changes
    examples: dict[str, list[str]] = field(default_factory=dict)  # field -> a few of their URLs
    changed_urls: list[str] = field(default_factory=list)
    stopped: str = ""  # the signal that stopped the run before its end

    @property
    def exit_code(self) -> int:
        return EXIT_STOPPED if self.stopped else EXIT_OK

    def row(self, selection: Selection, *, started_at: str, finished_at: str, seconds: float) -> dict[str, Any]:
        """The run's row in ``runs`` (reextract's counts in the crawl's columns where they mean the same)."""
        return {
            "command": "reextract",
            "started_at": started_at,
            "finished_at": finished_at,
            "pages": self.pages,
            "stored": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.no_article,
            "failed": self.failed.total(),
            "reasons": json.dumps({**({"no_article": self.no_article} if self.no_article else {}), **self.failed}),
            "selection": json.dumps({k: v for k, v in dataclasses.asdict(selection).items() if v}),
            "seconds": round(seconds, 3),
            "exit_code": self.exit_code,
            "extractor_version": code_version(),
        }

    def count(self, url: str, changes: Changes, *, changed: bool,
              on_change: Callable[[str, Changes], None] | None) -> None:  # fmt: skip
        """Count a record extracted again, updated or unchanged, and show a changed one to ``on_change``."""
        if not changed:
            self.unchanged += 1
            return
        self.updated += 1
        self.changed_urls.append(url)
        if on_change is not None:
            on_change(url, changes)

    def line(self) -> str:
        verb = "would change" if self.dry_run else "updated"
        text = (
            f"reextract: {self.pages} pages, {self.updated} articles {verb}, {self.unchanged} unchanged, "
            f"{self.no_article} without an article"
        )
        text += failed_by_reason(self.failed)  # their stored records stay as they were
        if self.dry_run and self.fields:
            text += " [" + ", ".join(f"{name}: {n}" for name, n in self.fields.most_common()) + "]"
        return text + stopped_note(self.stopped)


def run_reextract(
    db: Database,
    config: Config,
    *,
    workers: int,
    selection: Selection = Selection(),
    dry_run: bool = False,
    on_change: Callable[[str, Changes], None] | None = None,
    engine: Engine | None = None,
    stop: Stop | None = None,
    progress: Progress | None = None,
) -> ReextractSummary:
    """Extract the selected stored pages again, with their source's CSS rules and their site's template
    as learned from all stored pages. A dry run does the same inside a savepoint it rolls back, so it
    predicts exactly what a real run changes and leaves the database as it was. ``on_change`` is given each
    changed record's URL and changed fields, e.g. to print them (:func:`diff`). Once ``stop`` (a signal) is
    set, no new page is taken and those in flight are stored; the next run does the rest."""
    run = partial(
        _reextract,
        db,
        config,
        workers,
        selection,
        on_change=on_change,
        engine=engine,
        stop=Stop() if stop is None else stop,
        progress=progress or NoProgress(),
    )
    if not dry_run:
        return run(dry_run=False)
    db.conn.execute("savepoint dry_run")
    try:
        return run(dry_run=True)
    finally:
        db.conn.execute("rollback to dry_run")
        db.conn.execute("release dry_run")


def _reextract(db: Database, config: Config, workers: int, selection: Selection, *, dry_run: bool,
               on_change: Callable[[str, Changes], None] | None, engine: Engine | None, stop: Stop,
               progress: Progress) -> ReextractSummary:  # fmt: skip
    summary = ReextractSummary(dry_run=dry_run)
    with contextlib.suppress(Interrupted):  # a second signal: what is stored stays, the rest is the next run's
        _extract_again(db, config, workers, selection, summary, on_change=on_change, engine=engine, stop=stop,
                       progress=progress)  # fmt: skip
    summary.stopped = stop.reason
    return summary


def _extract_again(db: Database, config: Config, workers: int, selection: Selection, summary: ReextractSummary, *,
                   on_change: Callable[[str, Changes], None] | None, engine: Engine | None, stop: Stop,
                   progress: Progress) -> None:  # fmt: skip
    dry_run = summary.dry_run
    known = {row["source"] for row in db.query("select distinct source from pages")}
    if unknown := [name for name in selection.sources if name not in known]:  # a typo would select nothing
        names = ", ".join(sorted(known)) or "none yet"
        raise InputError(f"--source {unknown[0]!r}: the database has no stored pages of it; its sources: {names}")
    learn_stored_pages(db, config)
    urls = repo.page_urls(db, sources=selection.sources, urls=selection.urls, since=selection.since,
                          until=selection.until)  # fmt: skip
    if selection.urls and (missing := sorted(set(selection.urls) - set(repo.page_urls(db, urls=selection.urls)))):
        raise InputError(f"--url {missing[0]}: no stored page of it; `scraper query \"select url from pages\"` "
                         "lists those stored")  # fmt: skip
    progress.start(len(urls))
    items = (
        (source, page, site_rules(db, config, source, page))
        for source, page in stop.until(repo.iter_pages(db, urls))
        if page.status == 200 and page.body
    )
    with batched_writes(db) as batch:  # empty in a dry run, which writes nothing
        for source, _page, outcome, _blocks, _body in extract_pages(
            items, config.normalize, workers=workers, timeout_s=config.extract.timeout_s, engine=engine
        ):
            summary.pages += 1
            progress.advance()
            if isinstance(outcome, ExtractError) and outcome.reason in EXTRACTION_BROKE:
                summary.failed[outcome.reason] += 1  # no answer about the page: its stored record stays
            elif isinstance(outcome, ExtractError):
                summary.no_article += 1
                if outcome.article is not None and not dry_run:  # its record, with the status saying why
                    batch.add(partial(_store_rejected, db, source, outcome.article, outcome))
            elif dry_run:
                changes = repo.article_changes(db, outcome, source=source)
                for name in changes:
                    summary.fields[name] += 1
                    examples = summary.examples.setdefault(name, [])
                    if len(examples) < EXAMPLES:
                        examples.append(outcome.url)
                summary.count(outcome.url, changes, changed=bool(changes), on_change=on_change)
            else:
                batch.add(partial(_store, db, source, outcome, summary, on_change))


def _store(db: Database, source: str, article: Article, summary: ReextractSummary,
           on_change: Callable[[str, Changes], None] | None) -> None:  # fmt: skip
    changes = repo.article_changes(db, article, source=source) if on_change else {}
    changed = repo.save_article(db, article, source=source, now=utc_now())
    summary.count(article.url, changes, changed=changed, on_change=on_change)


def _store_rejected(db: Database, source: str, record: Article, error: ExtractError) -> None:
    """A page that gave no article this time: its ``record`` (the metadata found, the status saying why).
    Its URL is skipped from now on, as the crawl does; but a stored bot check is the host's refusal, which the
    crawl tries again later: its URL stays as the crawl left it."""
    repo.save_article(db, record, source=source, now=utc_now())
    if extraction_outcome(error) == Outcome.REJECTED:
        repo.mark(db, error.url, state_after(Outcome.REJECTED), error=f"{error.reason}: {error}")


def diff(url: str, changes: Changes) -> str:
    """A changed record as text: a unified diff of its text, then each other changed field, old and new."""
    lines: list[str] = []
    if "text" in changes:
        old, new = (value or "" for value in changes["text"])
        lines += difflib.unified_diff(old.splitlines(), new.splitlines(), f"{url} (stored)", f"{url} (re-extracted)",
                                      lineterm="", n=1)  # fmt: skip
    else:
        lines.append(f"{url}")
    lines += [f"  {name}: {old!r} -> {new!r}" for name, (old, new) in changes.items() if name != "text"]
    return "\n".join(lines)
