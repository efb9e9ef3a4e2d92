"""Extraction in worker processes under every start method (fork, spawn, and forkserver, Python 3.14's
default on Linux), workers that exit with the process that asked for them, and a page time limit that
leaves the process's other timers alone."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from pipelines.limits import PageTimeout, time_limit
from pipelines.ray_engine import Sigterm, _ready
from pipelines.workers import bound_memory, extract_pages
from scraper.config import NormalizeConfig
from scraper.errors import ExtractError
from scraper.models import Article, Page, SiteRules
from scraper.records import page_record
from tests.conftest import SEED_HTML

METHODS = ["fork", "spawn", "forkserver"]


def page(n: int) -> Page:
    prose = "".join(
        f"<p>Paragraph {i} of story {n}: the council met on Tuesday and voted on the harbour plan, which "
        "residents have argued about for two years.</p>"
        for i in range(5)
    )
    html = f"<html><body><article><h1>Story {n} about the harbour</h1>{prose}</article></body></html>"
    url = f"https://news.example/{n}"
    return Page(url, url, 200, {}, html.encode(), "2024-01-01T00:00:00+00:00")


@pytest.mark.parametrize("method", METHODS)
def test_pages_are_extracted_in_order_under_every_start_method(method) -> None:
    items = [(n, page(n), SiteRules()) for n in range(5)] + [(5, Page("u", "u", 200, {}, b"", ""), SiteRules())]
    results = list(extract_pages(items, NormalizeConfig(), workers=2, learn=True, start_method=method))
    assert [r.key for r in results] == list(range(6))
    assert all(isinstance(r.outcome, Article) and r.blocks is not None for r in results[:5])
    assert [r.outcome.title for r in results[:5]] == [f"Story {n} about the harbour" for n in range(5)]  # type: ignore[union-attr]
    assert isinstance(results[5].outcome, ExtractError) and results[5].outcome.reason == "empty"


ORPHANS = """
import multiprocessing, os, sys
from pipelines.workers import extract_pages
from scraper.config import NormalizeConfig
from scraper.models import SiteRules
from tests.test_workers import page
results = extract_pages([(n, page(n), SiteRules()) for n in range(4)], NormalizeConfig(), workers=2,
                        start_method=sys.argv[1])
next(results)  # the pool is up
print(" ".join(str(child.pid) for child in multiprocessing.active_children()), flush=True)
os._exit(0)  # no cleanup, as under SIGKILL
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("method", METHODS)
def test_workers_exit_when_the_process_that_started_them_is_gone(method) -> None:
    """Under forkserver a worker's OS parent is the fork server, which outlives the crawl: watching the
    parent pid made every worker exit at once (a broken pool). The worker watches its creator instead."""
    result = subprocess.run([sys.executable, "-c", ORPHANS, method], capture_output=True, text=True, timeout=120,
                            cwd=os.getcwd())  # fmt: skip
    workers = [int(pid) for pid in result.stdout.split()]
    assert workers, result.stderr
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)]


def test_the_page_limit_puts_back_a_timer_the_process_had() -> None:
    fired: list[float] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(time.monotonic()))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)  # another library's alarm, due during the page
        with time_limit(5.0):
            time.sleep(0.4)
        ended = time.monotonic()
        time.sleep(0.1)
        assert fired and fired[0] >= ended  # it went off once the page's block was over, not never
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        with time_limit(5.0):
            pass
        left, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 29.0 < left <= 30.0  # a timer not yet due keeps what it had left
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_page_limit_still_ends_a_slow_page() -> None:
    with pytest.raises(PageTimeout), time_limit(0.1):
        time.sleep(2)


def test_a_worker_empties_trafilaturas_text_caches_after_each_page() -> None:
    """trafilatura's LRU caches of lines keep whole texts: emptied after every page, the records stay the
    same."""
    from trafilatura.utils import line_processing, trim

    url = "https://news.example/2021/08/10/story/"
    page = Page(url, url, 200, {"content-type": "text/html; charset=utf-8"}, SEED_HTML.read_bytes(), "")
    before = page_record(page, NormalizeConfig())
    assert trim.cache_info().currsize > 0 and line_processing.cache_info().currsize > 0
    bound_memory()
    assert trim.cache_info().currsize == 0 and line_processing.cache_info().currsize == 0
    assert page_record(page, NormalizeConfig()) == before


def test_a_worker_trims_its_heap_only_once_it_has_grown_past_the_slack(monkeypatch: pytest.MonkeyPatch) -> None:
    """A trim after every page made every page fault its memory in again; a worker that keeps growing is
    still given back to the system."""
    import pipelines.workers as workers

    resident = iter(
        [100, 60, 50, 50 + workers.TRIM_SLACK, 50 + workers.TRIM_SLACK + 1, 70, 30, 30 + workers.TRIM_SLACK + 1, 40]
    )
    trims: list[int] = []
    monkeypatch.setattr(workers, "resident_bytes", lambda: next(resident))
    monkeypatch.setattr(workers, "_malloc_trim", trims.append)
    monkeypatch.setattr(workers, "_trimmed_at", 0)
    bound_memory()  # 100 bytes past a size of 0: under the slack
    assert trims == []
    monkeypatch.setattr(workers, "_trimmed_at", -workers.TRIM_SLACK)
    bound_memory()  # past it: trimmed, and 50 after the trim
    assert trims == [0] and workers._trimmed_at == 50
    bound_memory()  # grown by the slack exactly: kept
    bound_memory()  # one byte more: trimmed
    assert trims == [0, 0] and workers._trimmed_at == 70
    bound_memory()  # smaller than after that trim (the allocator gave memory back): the slack counts from 30
    bound_memory()
    assert trims == [0, 0, 0] and workers._trimmed_at == 40


def test_the_heap_frozen_for_forked_workers_is_given_back_when_they_are_done() -> None:
    """Under fork the heap is out of the collector's reach while the workers live (their collections would
    copy the pages they share), not afterwards: a process that goes on (a notebook) collects it again."""
    import gc

    results = extract_pages([(0, page(0), SiteRules())], NormalizeConfig(), workers=2, start_method="fork")
    first = next(results)
    assert gc.get_freeze_count() > 0  # the workers are running
    assert isinstance(first.outcome, Article) and list(results) == []
    assert gc.get_freeze_count() == 0


def has_tables() -> bool:
    """In a worker: whether jusText's stoplist of every language and the month names of every locale are
    already loaded, although none of its pages ran trafilatura's jusText fallback or read a month's name."""
    import trafilatura.external
    from justext.core import define_stoplist

    from scraper.normalize.dates import load_month_names

    stoplist = trafilatura.external.JT_STOPLIST is not None and define_stoplist.cache_info().currsize > 0
    months = load_month_names.cache_info().currsize > 0
    assert stoplist == months, (stoplist, months)
    return stoplist


SHARED = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from pipelines.workers import extract_pages
from scraper.config import NormalizeConfig
from scraper.models import SiteRules
from tests.test_workers import has_tables, page
assert not has_tables()
list(extract_pages([(0, page(0), SiteRules())], NormalizeConfig(), workers=2, start_method=sys.argv[1]))
with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(sys.argv[1])) as pool:
    print(pool.submit(has_tables).result())
"""


@pytest.mark.parametrize(("method", "shared"), [("fork", True), ("forkserver", True), ("spawn", False)])
def test_workers_start_with_what_every_one_would_load_when_they_can_share_it(method, shared) -> None:
    """Forked workers, and those of a fork server, start with jusText's stoplist (27 MB) and the month names of
    every locale (5.5 MB) loaded where they come from, one copy for all; spawned ones, which can share
    nothing, load their own when they need them."""
    run = subprocess.run([sys.executable, "-c", SHARED, method], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [str(shared)]


class WaitingRay:
    """Ray as the driver sees it while a batch runs: ``wait`` finds nothing finished, and a signal that
    arrives meanwhile has its handler run inside the call, as Ray's core worker runs it (it turns an
    exception raised there into its own exit, code 1, skipping the driver's cleanup); what escapes the
    handler is kept here instead."""

    def __init__(self) -> None:
        self.escaped: list[BaseException] = []

    def wait(self, refs: list[str], num_returns: int = 1, timeout: float | None = None) -> tuple[list, list]:
        try:
            signal.raise_signal(signal.SIGTERM)  # SIGTERM arrives while the driver waits
        except BaseException as e:
            self.escaped.append(e)
        return [], list(refs)


def unread(*_entry: object) -> Iterator[object]:
    raise AssertionError("no batch is finished")


def test_a_sigterm_while_the_driver_waits_on_ray_ends_the_run_from_the_driver_not_inside_ray() -> None:
    ray, sigterm = WaitingRay(), Sigterm()
    previous = signal.signal(signal.SIGTERM, sigterm.note)
    try:
        with pytest.raises(SystemExit) as stopped:
            list(
                _ready(
                    ray, collections.deque([([("key", None, None)], "ref")]), unread, running=1, held=1, sigterm=sigterm
                )
            )
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert ray.escaped == []


def test_a_page_that_kills_its_worker_is_a_recorded_failure_and_the_others_are_extracted(monkeypatch) -> None:
    # A worker that dies (the kernel's OOM killer, a segfault in a C parser) broke the pool, and the run
    # ended with a traceback; the next run met the same stored page first and died again.
    import pipelines.workers

    real = pipelines.workers._safe_process

    def dies_on_page_2(page, *args):
        if page.url.endswith("/2"):
            os._exit(1)
        return real(page, *args)

    monkeypatch.setattr(pipelines.workers, "_safe_process", dies_on_page_2)  # forked workers inherit it
    items = [(n, page(n), SiteRules()) for n in range(6)]
    results = list(extract_pages(items, NormalizeConfig(), workers=2, start_method="fork"))
    assert [r.key for r in results] == list(range(6))
    crashed = results[2].outcome
    assert isinstance(crashed, ExtractError) and crashed.reason == "extract_crash" and "died" in str(crashed)
    assert [r.outcome.title for r in results if r.key != 2] == [  # type: ignore[union-attr]
        f"Story {n} about the harbour" for n in (0, 1, 3, 4, 5)
    ]
