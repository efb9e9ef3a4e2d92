"""Extraction on Ray (``--engine ray``): the same work as the local worker processes, as Ray tasks.

Pages go to tasks in batches (a batch is one task: one round trip and one scheduling decision for many
pages); each task runs :func:`pipelines.workers.extract_batch`, the very function a local worker runs, so
the records are byte for byte the ones the local engine makes. Results come back in input order to the one
writer, the caller. A task whose worker dies (killed, out of memory) or raises is retried by Ray; a page
that fails is an ``extract_crash`` record, as locally; a batch whose every try killed its worker is
extracted again a page a task, and the page that kills that worker too is an ``extract_crash`` record.
Ray is an optional extra: ``pip install -e '.[ray]'``.

SIGTERM ends the run through its cleanup (the local Ray it started stops with it, exit code 143). The
handler only notes the signal, and the driver acts on it between Ray calls: an exception raised by a
handler inside a blocking Ray call (``ray.wait``, ``ray.get``) reaches Ray's core worker, which ends the
process with exit code 1, skipping that cleanup.
"""

from __future__ import annotations

import collections
import logging
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from pipelines.workers import DIED, Extraction, Work, extract_batch
from scraper.config import NormalizeConfig
from scraper.errors import EXTRACT_CRASH, ExtractError, InputError
from scraper.models import Page, SiteRules

BATCH_PAGES = 16  # pages a task; at ~25 ms a page a task is ~0.4 s, far above Ray's per-task overhead
TASK_RETRIES = 3
RUNNING_PER_CPU = 2  # unfinished batches a CPU: one running, one queued behind it
HELD_AHEAD = 12  # finished batches held beyond those for their turn to be stored in order (~5 MB each)
WAIT_S = 0.2  # how long a wait on Ray lasts before the driver looks for a SIGTERM again
Batch = Callable[[list[tuple[Page, SiteRules]], NormalizeConfig, bool, float, bool], list[Work]]


@dataclass(frozen=True)
class RayEngine:
    """Where to run: ``address`` of a running cluster (``ray start --head`` prints it; "auto" finds the one
    on this machine), or "" to start a local Ray for the run with ``cpus`` CPUs (0: all)."""

    address: str = ""
    cpus: int = 0
    batch_pages: int = BATCH_PAGES

    def extract(
        self,
        items: Iterable[tuple[Any, Page, SiteRules]],
        config: NormalizeConfig,
        *,
        learn: bool = False,
        timeout_s: float = 0.0,
        gzip_body: bool = False,
        work: Batch = extract_batch,
    ) -> Iterator[Extraction]:
        """Like :func:`pipelines.workers.extract_pages`: every item extracted, in input order."""
        ray = load_ray()
        started_here = not ray.is_initialized()
        previous = signal.getsignal(signal.SIGTERM)
        sigterm = Sigterm()
        try:
            if started_here:
                # SIGTERM ends the run through the finally below, so the local Ray it started goes with it
                # (killed outright, the driver would leave Ray's node agents running); set again after
                # ray.init, which installs a handler of its own.
                signal.signal(signal.SIGTERM, sigterm.exit)
                ray.init(address=self.address or None, num_cpus=(self.cpus or None) if not self.address else None,
                         include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)  # fmt: skip
                signal.signal(signal.SIGTERM, sigterm.note)
            task = ray.remote(max_retries=TASK_RETRIES, retry_exceptions=True)(work)
            running = RUNNING_PER_CPU * max(1, int(ray.cluster_resources().get("CPU", 1)))
            options = (config, learn, timeout_s, gzip_body)

            def alone(page: Page, rules: SiteRules) -> Work:
                """A page of a batch whose every try killed its worker, extracted as a task of its own; an
                ``extract_crash`` when that worker dies too (the page is the one)."""
                ref = task.options(max_retries=0).remote([(page, rules)], *options)
                _wait(ray, [ref], sigterm)
                try:
                    (work,) = ray.get(ref)
                    return work  # type: ignore[no-any-return]
                except ray.exceptions.WorkerCrashedError:
                    return ExtractError(page.url, EXTRACT_CRASH, DIED), None, None

            results = partial(_results, ray, alone)
            pending: collections.deque[tuple[list[tuple[Any, Page, SiteRules]], Any]] = collections.deque()
            for batch in _batched(items, self.batch_pages):
                pending.append((batch, task.remote([(page, rules) for _key, page, rules in batch], *options)))
                yield from _ready(ray, pending, results, running=running, held=running + HELD_AHEAD, sigterm=sigterm)
            while pending:
                _wait(ray, [pending[0][1]], sigterm)
                yield from results(*pending.popleft())
        finally:
            if started_here:
                ray.shutdown()
                signal.signal(signal.SIGTERM, previous)


class Sigterm:
    """A SIGTERM received during the run: ``note`` is the handler while Ray runs, ``check`` ends the run
    (``SystemExit``, exit code 143) from the driver's own code; ``exit`` is the handler before Ray runs."""

    def __init__(self) -> None:
        self.received = 0

    def note(self, signum: int, _frame: object) -> None:
        self.received = signum

    def check(self) -> None:
        if self.received:
            raise SystemExit(128 + self.received)

    def exit(self, signum: int, frame: object) -> None:
        self.note(signum, frame)
        self.check()


def _wait(ray: Any, refs: list[Any], sigterm: Sigterm) -> None:
    """Until one of ``refs`` is finished, in short waits, looking for a SIGTERM between them."""
    while True:
        sigterm.check()
        if ray.wait(refs, num_returns=1, timeout=WAIT_S)[0]:
            return


def _ready(ray: Any, pending: collections.deque[tuple[list[tuple[Any, Page, SiteRules]], Any]],
           results: Callable[[list[tuple[Any, Page, SiteRules]], Any], Iterator[Extraction]], *, running: int,
           held: int, sigterm: Sigterm) -> Iterator[Extraction]:  # fmt: skip
    """The finished batches at the head of ``pending``, in order; waits only while ``running`` batches are
    unfinished or ``held`` are pending, and then for any batch to finish, not for the oldest: a slow batch
    at the head leaves no worker idle while others are queued behind it."""
    while pending:
        sigterm.check()
        if ray.wait([pending[0][1]], timeout=0)[0]:
            yield from results(*pending.popleft())
            continue
        refs = [ref for _keys, ref in pending]
        _done, unfinished = ray.wait(refs, num_returns=len(refs), timeout=0)
        if len(unfinished) < running and len(pending) < held:
            return
        _wait(ray, unfinished, sigterm)


def _results(ray: Any, alone: Callable[[Page, SiteRules], Work], batch: list[tuple[Any, Page, SiteRules]],
             ref: Any) -> Iterator[Extraction]:  # fmt: skip
    """The batch's extractions. A batch whose every try killed its worker (out of memory, a crash in a C
    library: Ray's retries are for a worker lost to its node) is extracted again one page a task, so the
    page that kills its worker is a recorded failure and the others are extracted."""
    try:
        works = ray.get(ref)
    except ray.exceptions.WorkerCrashedError:
        works = [alone(page, rules) for _key, page, rules in batch]
    for (key, page, _rules), work in zip(batch, works, strict=True):
        yield Extraction(key, page, *work)


def _batched(items: Iterable[tuple[Any, Page, SiteRules]], size: int) -> Iterator[list[tuple[Any, Page, SiteRules]]]:
    batch: list[tuple[Any, Page, SiteRules]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise InputError("--engine ray needs Ray: pip install -e '.[ray]' in the project's folder "
                         "(or pip install ray)") from None  # fmt: skip
    return ray
