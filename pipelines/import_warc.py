"""``scraper import-warc``: the HTML responses of WARC/ARC files into the database, as crawled pages are.

Each HTML ``response`` record becomes a stored page (its URL, WARC-Date as the fetch time, its headers and
body, the record id and file), under ``--source`` (without it, under the source the record ``scraper
export`` wrote after the page names, else "warc"), and is extracted as a crawled page is: frontier entry,
template blocks, record. A page is stored with its record, so a killed import leaves neither and the next
run imports both again; a record already imported is not stored again, so importing a file twice stores
nothing new (a page an earlier version stored before extracting it is extracted, and so is a page whose
extraction broke: timed out, or its worker died). A damaged file is imported up to the damage, which is
reported."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pipelines.crawl import held, store_extraction
from pipelines.progress import NoProgress, Progress
from pipelines.templates import forget_page_own_blocks, learn_stored_pages, site_rules
from pipelines.workers import Engine, extract_pages
from scraper.config import Config
from scraper.crawl import State
from scraper.crawl.run import EXIT_FAILED, EXIT_OK, EXIT_STOPPED, Stop, counted, failed_by_reason, stopped_note
from scraper.discover import canonicalize_url
from scraper.discover.urls import url_host
from scraper.errors import EXTRACTION_BROKE, ExtractError, InputError, Interrupted
from scraper.models import Article, Page, SiteRules
from scraper.provenance import code_version
from scraper.store import repo
from scraper.store.batch import WriteBatch, batched_writes
from scraper.warc import Damaged, Response, is_archive, read_archive

log = logging.getLogger(__name__)
DEFAULT_SOURCE = "warc"  # the source of a page imported without --source and without an exported record


@dataclass
class ImportSummary:
    files: int = 0
    records: int = 0
    stored: int = 0  # pages stored from this run's records
    known: int = 0  # records imported before
    articles: int = 0
    rejected: int = 0  # pages whose body was rejected (no_article, too_short)
    failed: Counter[str] = field(default_factory=Counter)  # reason -> pages whose extraction broke
    skipped: Counter[str] = field(default_factory=Counter)  # record kind -> count
    damaged: list[str] = field(default_factory=list)  # where each damaged file stopped
    stopped: str = ""  # the signal that stopped the run before its end

    @property
    def exit_code(self) -> int:
        """Damage first (a file holds records that cannot be read), then a stop (the rest is the next run's)."""
        return EXIT_FAILED if self.damaged else EXIT_STOPPED if self.stopped else EXIT_OK

    def line(self) -> str:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(self.skipped.items()))
        text = (
            f"import-warc: {counted(self.files, 'file')}, {counted(self.records, 'record')}: "
            f"{counted(self.stored, 'page')} stored ({self.articles} with an article, {self.rejected} without), "
            f"{self.known} imported before, {sum(self.skipped.values())} skipped" + (f" [{kinds}]" if kinds else "")
        )
        text += failed_by_reason(self.failed)  # tried again by the next import of the file
        return text + "".join(f"; {damage}" for damage in self.damaged) + stopped_note(self.stopped)

    def row(self, *, started_at: str, finished_at: str, seconds: float) -> dict[str, Any]:
        """The run's row in ``runs``."""
        return {
            "command": "import-warc",
            "started_at": started_at,
            "finished_at": finished_at,
            "pages": self.stored,
            "stored": self.articles,
            "unchanged": self.known,
            "skipped": sum(self.skipped.values()) + self.rejected,
            "failed": len(self.damaged) + self.failed.total(),
            "reasons": json.dumps(
                dict(sorted((self.skipped + self.failed + Counter(no_article=self.rejected)).items()))
            ),
            "selection": json.dumps({"files": self.files, "damaged": self.damaged}),
            "seconds": round(seconds, 3),
            "exit_code": self.exit_code,
            "extractor_version": code_version(),
        }


def import_archives(
    db: Database,
    config: Config,
    paths: list[Path],
    *,
    source: str | None,
    workers: int,
    engine: Engine | None = None,
    stop: Stop | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``paths`` in order under ``source`` (None: each page under the source its exported record names,
    else DEFAULT_SOURCE); see the module's docstring. Once ``stop`` (a signal) is
    set, no new record is taken and the pages in flight are stored; the next run imports the rest."""
    check_archives(paths)
    summary, stop, progress = ImportSummary(), Stop() if stop is None else stop, progress or NoProgress()
    learn_stored_pages(db, config)
    progress.start(sum(path.stat().st_size for path in paths))  # in bytes of the files, as they are read
    with contextlib.suppress(Interrupted):  # a second signal: what is stored stays, the rest is the next run's
        for path in stop.until(paths):
            _import(db, config, path, source, summary, workers=workers, engine=engine, stop=stop, progress=progress)
    summary.stopped = stop.reason
    forget_page_own_blocks(db, config)
    return summary


def check_archives(paths: list[Path]) -> None:
    """Refuse, before anything is written, a path that is no WARC or ARC file: missing, a folder, or a file
    that does not begin as one (a damaged file that does is imported up to its damage)."""
    for path in paths:
        if path.is_dir():
            raise InputError(f"{path}: is a folder; give the WARC or ARC files in it (e.g. {path}/*.warc.gz)")
        if not path.is_file():
            raise InputError(f"{path}: no such file; give WARC or ARC files (.warc, .warc.gz, .arc, .arc.gz)")
        if not is_archive(path):
            raise InputError(f"{path}: not a WARC or ARC file (it does not begin with a WARC/ or ARC record "
                             "header, gzipped or not); give the archive files themselves")  # fmt: skip


def _import(db: Database, config: Config, path: Path, source: str | None, summary: ImportSummary, *, workers: int,
            engine: Engine | None, stop: Stop, progress: Progress) -> None:  # fmt: skip
    """Import one file's records, in batches."""
    learn = config.extract.template_min_pages > 0
    summary.files += 1
    # A page is stored with its record, in the records' batches: a kill loses both, and the next run
    # imports them again from the file. Its body is compressed in the workers, not by this one writer.
    with batched_writes(db) as batch:
        items = stop.until(_pages(db, config, path, source, summary, batch, progress))
        for (warc, page_source), page, outcome, blocks, body in extract_pages(items, config.normalize, workers=workers,
                                                                learn=learn, timeout_s=config.extract.timeout_s,
                                                                engine=engine, gzip_body=True):  # fmt: skip
            batch.add(partial(_store, db, page_source, warc, held(page), body, outcome, blocks),
                      about=repo.template_site(page_source, page) if blocks is not None else None)  # fmt: skip
            if isinstance(outcome, Article):
                summary.articles += 1
            elif outcome.reason in EXTRACTION_BROKE:
                summary.failed[outcome.reason] += 1
            else:
                summary.rejected += 1


def _store(db: Database, source: str, warc: tuple[str, str] | None, page: Page, body: bytes | None,
           outcome: Article | ExtractError, blocks: dict[str, str] | None) -> None:  # fmt: skip
    """Store the page (``warc``: its record id and file, None when a run before stored it) and its extraction."""
    if warc is not None:
        repo.add_urls(db, [page.url], source=source, kind="article", now=page.fetched_at)
        repo.save_page(db, page, source=source, warc=warc, body=body)
    store_extraction(db, source, page, outcome, blocks)


def _pages(
    db: Database,
    config: Config,
    path: Path,
    source: str | None,
    summary: ImportSummary,
    pending: WriteBatch,
    progress: Progress,
) -> Iterator[tuple[tuple[tuple[str, str] | None, str], Page, SiteRules]]:
    """The file's pages to extract, each with its record id and file when it is not stored yet (else None)
    and the source it goes under; the damage, if any, ends them and is noted. ``progress`` advances by the
    bytes read."""
    read = 0
    try:
        for item in read_archive(path):
            progress.advance(item.offset - read)
            read = item.offset
            summary.records += 1
            if not isinstance(item, Response):
                summary.skipped[item.kind] += 1
                continue
            if (page := _canonical(item.page)) is None:
                summary.skipped["not_http_url"] += 1  # "dns:...", a placeholder's "http://[domain]/": no page to store
                continue
            state = repo.imported_state(db, item.record_id)
            if state is not None and state not in (State.FETCHED, State.FAILED):  # failed: its extraction broke
                summary.known += 1
                continue
            if state is None:
                summary.stored += 1
            warc = (item.record_id, str(path)) if state is None else None
            named = source or str((item.record or {}).get("source") or "") or DEFAULT_SOURCE
            yield (warc, named), page, site_rules(db, config, named, page, pending)
    except Damaged as e:
        log.warning("%s; the records before it are imported", e, extra={"reason": "damaged"})
        summary.damaged.append(f"{path} stopped at byte {e.offset:,} ({e.reason})")
    progress.advance(path.stat().st_size - read)  # the file's last record, or the part after the damage


def _canonical(page: Page) -> Page | None:
    """The page under its canonical URL, as discovery would have listed it; None when the record's URL is no
    http(s) URL. A final URL that cannot be parsed is the requested one."""
    if (url := canonicalize_url(page.url)) is None:
        return None
    return dataclasses.replace(page, url=url, final_url=page.final_url if url_host(page.final_url) else url)
