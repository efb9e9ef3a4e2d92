"""Run ``page_record`` over pages in worker processes (or inline for one worker), results in input order;
the caller stays the only database writer."""

from __future__ import annotations

import collections
import ctypes
import dataclasses
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, NamedTuple, Protocol

from pipelines.limits import PageTimeout, time_limit
from scraper.config import NormalizeConfig
from scraper.duplicates import prepare, signature
from scraper.errors import EXTRACT_CRASH, EXTRACT_TIMEOUT, ExtractError
from scraper.extract.text_extractor import forget_texts
from scraper.models import Article, Page, SiteRules
from scraper.normalize.dates import load_month_names
from scraper.normalize.language import load_identifier
from scraper.records import page_record_and_blocks
from scraper.store.repo import stored_body

Outcome = Article | ExtractError
TRIM_SLACK = 8 << 20  # bytes a worker may grow past its least size since its last heap trim before the next
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_trimmed_at = 0  # the least the worker's resident size has been since its last trim
DIED = "the extraction process died on this page (killed, out of memory, or a crash in a C library)"


class Engine(Protocol):
    """Somewhere else to extract (``pipelines.ray_engine.RayEngine``): the same items in, in order out."""

    def extract(
        self,
        items: Iterable[tuple[Any, Page, SiteRules]],
        config: NormalizeConfig,
        *,
        learn: bool,
        timeout_s: float,
        gzip_body: bool,
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
        return ExtractError(page.url, EXTRACT_CRASH, f"extraction failed: {type(e).__name__}: {e}"), None


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
    stored_body: bytes | None  # the page's body as the database stores it, when asked for


Work = tuple[Outcome, dict[str, str] | None, bytes | None]  # what a worker returns of a page: Extraction's last three


def _work(
    page: Page, config: NormalizeConfig, rules: SiteRules, learn: bool, timeout_s: float, gzip_body: bool
) -> Work:
    try:
        with time_limit(timeout_s):
            outcome, blocks = _safe_process(page, config, rules, learn)
            if isinstance(outcome, Article):  # the near-duplicate signature, here in the worker, not in the writer
                outcome = dataclasses.replace(outcome, signature=signature(outcome.text))
    except PageTimeout:
        detail = f"extraction took longer than {timeout_s:g} s ([extract] timeout_s)"
        outcome, blocks = ExtractError(page.url, EXTRACT_TIMEOUT, detail), None
    finally:
        bound_memory()
    return outcome, blocks, stored_body(page.body) if gzip_body else None


def bound_memory() -> None:
    """Run after every page. Empties trafilatura's caches of whole texts (:func:`forget_texts`: emptied after
    every page, the same extraction took the same CPU time), and gives the heap's free pages back to the
    system (glibc's ``malloc_trim``) once the worker has grown TRIM_SLACK past the least it has been since
    its last trim: a long page's parse trees, once freed, otherwise stay with the worker, while a trim after
    every page made the next page fault its memory in again (a tenth of a worker's CPU time on long pages;
    the slack costs the crawl's process tree about 10 MB of PSS). The records stay the same."""
    global _trimmed_at
    forget_texts()
    size = resident_bytes()
    if size is None or size > _trimmed_at + TRIM_SLACK:
        trim_heap()
        _trimmed_at = resident_bytes() or 0
    else:  # smaller than after the last trim (glibc gave memory back itself): the slack counts from here
        _trimmed_at = min(_trimmed_at, size)


def resident_bytes() -> int | None:
    """The process's resident set size (Linux's ``/proc/self/statm``), or None where there is none."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


def trim_heap() -> None:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere): pages freed
    amid objects still alive otherwise stay with the process, which only grows."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _libc_malloc_trim() -> Any:
    """glibc's ``malloc_trim``, from the symbols the process already has (``find_library`` would run
    ``ldconfig`` at every import), or None where the C library has none (musl, macOS, Windows)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):
        return None


_malloc_trim = _libc_malloc_trim()


def preload() -> None:
    """Load what every worker loads on its first pages and keeps: the signature's hash functions, the
    language identifier's tables (4 MB), the month names of every locale (5.5 MB) and jusText's stoplist of
    every language, which trafilatura builds the first time its fallback runs (154,000 words, 27 MB). Run in
    the process the workers are forked from (this one, or the fork server), it gives them one shared copy
    instead of one each."""
    import trafilatura.external
    from justext.core import define_stoplist  # type: ignore[import-untyped]

    prepare()
    load_identifier()
    load_month_names()
    define_stoplist(trafilatura.external.JT_STOPLIST or trafilatura.external.jt_stoplist_init())


def extract_batch(
    pairs: list[tuple[Page, SiteRules]], config: NormalizeConfig, learn: bool, timeout_s: float, gzip_body: bool
) -> list[Work]:
    """A batch of pages extracted one by one, as a worker of another engine (Ray) runs them."""
    prepare()
    return [_work(page, config, rules, learn, timeout_s, gzip_body) for page, rules in pairs]


def _pool(context: Any, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker)


def _alone(context: Any, page: Page, *args: Any) -> Work:
    """A page extracted in a process of its own; an ``extract_crash`` when that process dies too."""
    with _pool(context, 1) as single:
        try:
            return single.submit(_work, page, *args).result()
        except BrokenProcessPool:
            return ExtractError(page.url, EXTRACT_CRASH, DIED), None, None


def extract_pages(
    items: Iterable[tuple[Any, Page, SiteRules]],
    config: NormalizeConfig,
    *,
    workers: int,
    learn: bool = False,
    timeout_s: float = 0.0,
    start_method: str | None = None,
    engine: Engine | None = None,
    gzip_body: bool = False,
) -> Iterator[Extraction]:
    """Extract every ``(key, page, rules)`` item, in input order, with at most ``2 * workers`` pages in flight;
    with ``learn``, the workers also read each page's blocks for its site's template. A page that takes
    longer than ``timeout_s`` (0: no limit) becomes an ``extract_timeout`` failure. With ``gzip_body``, the
    workers also compress each page's body as the database stores it (work per page, like the signature:
    it belongs in the workers, not in the one writer). A worker that dies (killed, out of memory, a crash
    in a C library) ends no run: the pages it and the others had in flight are extracted again, each in a
    process of its own, and one that kills that process too is an ``extract_crash`` failure. The workers start by
    ``start_method`` (fork, spawn, forkserver; None: the platform's default); another ``engine`` (Ray) runs
    them instead."""
    if engine is not None:
        yield from engine.extract(items, config, learn=learn, timeout_s=timeout_s, gzip_body=gzip_body)
        return
    if workers <= 1:
        prepare()
        for key, page, rules in items:
            yield Extraction(key, page, *_work(page, config, rules, learn, timeout_s, gzip_body))
        return
    context = multiprocessing.get_context(start_method)
    method = context.get_start_method()
    if method == "fork":
        # The heap so far out of the collector's reach while the workers live: their collections would
        # write to the pages they share with this process, and copy them (DEV pages, 2 workers: the crawl's
        # peak PSS 23 MB lower, with the preload 370 -> 320 MB in all). Given back afterwards, so that a
        # process that goes on (a notebook) can collect it again.
        preload()
        gc.freeze()
    elif method == "forkserver":
        context.set_forkserver_preload(["pipelines.preloaded"])
    pool = _pool(context, workers)
    finished = False
    try:
        pending: collections.deque[tuple[Any, Page, SiteRules, Future[Work]]] = collections.deque()

        def options(rules: SiteRules) -> tuple[NormalizeConfig, SiteRules, bool, float, bool]:
            return config, rules, learn, timeout_s, gzip_body  # _work's, after the page

        def recover() -> Iterator[Extraction]:
            # A worker died (killed, out of memory, a crash in a C library) with these pages in flight: each
            # one not done is extracted again alone, so the page that kills its process is a recorded
            # failure, not the end of the run (nor of every run after it, which would meet it again).
            nonlocal pool
            pool.shutdown(wait=True, cancel_futures=True)
            for key, page, rules, future in pending:
                done = future.done() and not future.cancelled() and future.exception() is None
                yield Extraction(key, page, *(future.result() if done else _alone(context, page, *options(rules))))
            pending.clear()
            pool = _pool(context, workers)

        def oldest() -> Iterator[Extraction]:
            key, page, _rules, future = pending[0]
            try:
                work = future.result()
            except BrokenProcessPool:
                yield from recover()
                return
            pending.popleft()
            yield Extraction(key, page, *work)

        for key, page, rules in items:
            try:
                future = pool.submit(_work, page, *options(rules))
            except BrokenProcessPool:  # the pool broke while the pages before were in flight
                yield from recover()
                future = pool.submit(_work, page, *options(rules))
            pending.append((key, page, rules, future))
            while len(pending) >= 2 * workers:
                yield from oldest()
        while pending:
            yield from oldest()
        finished = True
    finally:  # interrupted (a second signal, a failed write): the pages in the pool are the next run's
        pool.shutdown(wait=finished, cancel_futures=not finished)
        if method == "fork":
            gc.unfreeze()
