"""Run ``page_record`` over pages in worker processes (or inline for one worker), results in input order;
the caller stays the only database writer."""

from __future__ import annotations

import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, NamedTuple, Protocol

from pipelines.limits import PageTimeout, time_limit
from scraper.config import NormalizeConfig
from scraper.duplicates import prepare, signature
from scraper.errors import ExtractError
from scraper.models import Article, Page, SiteRules
from scraper.records import page_record_and_blocks

Outcome = Article | ExtractError
CACHE_LIMIT_MB = 140  # a worker above this empties all trafilatura's caches (MemoryBound)
CACHE_GROWTH_MB = 20  # and again once it has grown this much since
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class Engine(Protocol):
    """Somewhere else to extract (``pipelines.ray_engine.RayEngine``): the same items in, in order out."""

    def extract(
        self, items: Iterable[tuple[Any, Page, SiteRules]], config: NormalizeConfig, *, learn: bool, timeout_s: float
    ) -> Iterator[Extraction]: ...


def worker_count(configured: int) -> int:
    return configured or os.cpu_count() or 1


def _safe_process(
    page: Page, config: NormalizeConfig, rules: SiteRules, learn: bool
) -> tuple[Outcome, dict[str, str] | None]:
    """The page's record or why it has none, and with ``learn`` its blocks for site-template learning (read
    from the same parse; None for a page that is no HTML document)."""
    learn = learn and page.status == 200
    try:
        return page_record_and_blocks(page, config, rules, learn=learn)
    except ExtractError as e:
        return e, e.metadata.blocks if e.metadata is not None else None
    except Exception as e:  # any bytes in, a record or a recorded failure out
        return ExtractError(page.url, "extract_crash", f"extraction failed: {type(e).__name__}: {e}"), None


def _start_worker() -> None:
    """In a worker: draw the signature's hash functions, and exit when the crawl that started it is gone. Killed
    with SIGKILL, a parent cannot stop its pool, and orphaned workers would live on, holding the crawl
    lock's inherited descriptor. The parent is the process that asked for the worker, whatever the start
    method: under forkserver the OS parent is the fork server, which outlives the crawl."""
    # Ctrl-C reaches the whole process group: the crawl decides. First, before anything slow: a forked
    # worker runs the crawl's own handler (and says it is stopping) until this line.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare()
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])  # ready when the parent has exited
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class Extraction(NamedTuple):
    key: Any
    page: Page
    outcome: Outcome
    blocks: dict[str, str] | None  # the page's blocks for template learning, when asked for


def _work(
    page: Page, config: NormalizeConfig, rules: SiteRules, learn: bool, timeout_s: float
) -> tuple[Outcome, dict[str, str] | None]:
    try:
        with time_limit(timeout_s):
            outcome, blocks = _safe_process(page, config, rules, learn)
            if isinstance(outcome, Article):  # the near-duplicate signature, here in the worker, not in the writer
                outcome = dataclasses.replace(outcome, signature=signature(outcome.text))
            return outcome, blocks
    except PageTimeout:
        detail = f"extraction took longer than {timeout_s:g} s ([extract] timeout_s)"
        return ExtractError(page.url, "extract_timeout", detail), None
    finally:
        bound_memory()


class MemoryBound:
    """Run after every page (``bound()``). Empties trafilatura's caches of whole texts (``line_processing`` and
    ``trim`` keep 1,024 paragraphs each: 45 MB of a worker on long pages, and a paragraph seldom repeats on
    the next page: emptied after every page, the same extraction took the same CPU time). Above ``limit_mb``,
    and grown by ``growth_mb`` since it last did, it empties all of trafilatura's process-wide caches too,
    and the stopwords of every language its jusText fallback loads when it first runs (154,000 words, 27 MB
    kept for a fallback that runs on one page in fifty), and returns True. ``reset_caches`` also collects
    garbage, 12 ms on a worker's heap, and freed memory mostly stays with the process, so a worker that stays
    above the limit must not pay that on every page (on the DEV pages, 14 ms a page when it did). The caches
    only speed up repeated strings: records stay the same."""

    def __init__(self, limit_mb: float = CACHE_LIMIT_MB, growth_mb: float = CACHE_GROWTH_MB) -> None:
        self.limit_mb = limit_mb
        self.growth_mb = growth_mb
        self.floor_mb = limit_mb

    def __call__(self) -> bool:
        from trafilatura.utils import line_processing, trim

        line_processing.cache_clear()
        trim.cache_clear()
        if _resident_mb() <= self.floor_mb:
            return False
        import trafilatura.external
        from trafilatura.meta import reset_caches

        reset_caches()
        trafilatura.external.JT_STOPLIST = None  # every language's stopwords for jusText: 27 MB, rarely used
        self.floor_mb = max(self.limit_mb, _resident_mb() + self.growth_mb)
        return True


bound_memory = MemoryBound()  # this process's


def _resident_mb() -> float:
    """This process's resident memory now (Linux; 0 where /proc is missing: nothing is emptied)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def extract_batch(
    pairs: list[tuple[Page, SiteRules]], config: NormalizeConfig, learn: bool, timeout_s: float
) -> list[tuple[Outcome, dict[str, str] | None]]:
    """A batch of pages extracted one by one, as a worker of another engine (Ray) runs them."""
    prepare()
    return [_work(page, config, rules, learn, timeout_s) for page, rules in pairs]


def extract_pages(
    items: Iterable[tuple[Any, Page, SiteRules]],
    config: NormalizeConfig,
    *,
    workers: int,
    learn: bool = False,
    timeout_s: float = 0.0,
    start_method: str | None = None,
    engine: Engine | None = None,
) -> Iterator[Extraction]:
    """Extract every ``(key, page, rules)`` item, in input order, with at most ``2 * workers`` pages in flight;
    with ``learn``, the workers also read each page's blocks for its site's template. A page that takes
    longer than ``timeout_s`` (0: no limit) becomes an ``extract_timeout`` failure. The workers start by
    ``start_method`` (fork, spawn, forkserver; None: the platform's default); another ``engine`` (Ray) runs
    them instead."""
    if engine is not None:
        yield from engine.extract(items, config, learn=learn, timeout_s=timeout_s)
        return
    if workers <= 1:
        prepare()
        for key, page, rules in items:
            yield Extraction(key, page, *_work(page, config, rules, learn, timeout_s))
        return
    context = multiprocessing.get_context(start_method)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker)
    finished = False
    try:
        pending: list[tuple[Any, Page, Future[tuple[Outcome, dict[str, str] | None]]]] = []
        for key, page, rules in items:
            pending.append((key, page, pool.submit(_work, page, config, rules, learn, timeout_s)))
            while len(pending) >= 2 * workers:
                done_key, done_page, future = pending.pop(0)
                yield Extraction(done_key, done_page, *future.result())
        for key, page, future in pending:
            yield Extraction(key, page, *future.result())
        finished = True
    finally:  # interrupted (a second signal, a failed write): the pages in the pool are the next run's
        pool.shutdown(wait=finished, cancel_futures=not finished)
