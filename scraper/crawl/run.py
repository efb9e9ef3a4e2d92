"""A crawl run's deadline and its accounting: what the summary line, the ``runs`` table and the exit code
say, decided here and nowhere else."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from scraper.clock import SYSTEM, Clock
from scraper.crawl.policy import TABLE, Outcome
from scraper.provenance import code_version

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_STOPPED = 0, 1, 2, 3, 4
SIGNALS = ("SIGTERM", "SIGINT")
T = TypeVar("T")


@dataclass
class Stop:
    """Why the crawl takes no new work: ``request`` (from a signal handler) or the ``deadline`` (seconds
    on ``clock``'s monotonic time, from ``--max-duration``). It is true once either has happened."""

    deadline: float | None = None
    reason: str = ""
    clock: Clock = SYSTEM
    within: Stop | None = None  # the run's stop, for the stop of one part of it

    @classmethod
    def after(cls, seconds: float | None, clock: Clock = SYSTEM) -> Stop:
        """A stop ``seconds`` from now (none for 0 or None)."""
        return cls(deadline=clock.monotonic() + seconds if seconds else None, clock=clock)

    def part(self, share: float) -> Stop:
        """The stop of one part of the run (discovery): after ``share`` of the time this one has left, or
        with this one; without a deadline, only with this one."""
        left = self.remaining()
        deadline = None if left is None else self.clock.monotonic() + share * left
        return Stop(deadline=deadline, clock=self.clock, within=self)

    def request(self, reason: str) -> None:
        self.reason = self.reason or reason

    def until(self, items: Iterable[T]) -> Iterator[T]:
        """``items`` until the stop: the work already handed out finishes, no new work starts."""
        iterator = iter(items)
        while not self:  # asked before an item is taken: one taken is one handed out
            try:
                yield next(iterator)
            except StopIteration:
                return

    def remaining(self) -> float | None:
        """Seconds until the deadline (0 once stopped), or None without one."""
        if self.reason:
            return 0.0
        return None if self.deadline is None else max(0.0, self.deadline - self.clock.monotonic())

    def __bool__(self) -> bool:
        if not self.reason and self.within is not None and self.within:
            self.reason = self.within.reason
        if not self.reason and self.deadline is not None and self.clock.monotonic() >= self.deadline:
            self.reason = "max-duration"
        return bool(self.reason)


def stopped_note(stopped: str) -> str:
    """What a summary line says of a run a signal stopped, or "" for a run that ran to its end."""
    return f"; stopped by {stopped}, the next run carries on" if stopped else ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc
    except ValueError:  # a malformed URL a listing carried: refused, and counted under no host
        return ""


@dataclass
class CrawlSummary:
    fetched: int = 0
    not_modified: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    failed_extractions: int = 0  # pages that came and failed to extract: a bot check's page, or it broke
    reasons: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)  # HTTP status of every answered request
    hosts: dict[str, Counter[str]] = field(default_factory=dict)  # host -> fetched/not_modified/failed/skipped,
    # and what its extracted pages were (article, paywalled, soft_404, blocked...)
    page_statuses: Counter[str] = field(default_factory=Counter)  # what the extracted pages were
    stopped: str = ""  # why the run ended early: SIGTERM, SIGINT, max-duration, max-pages
    listings_left: int = 0  # feeds, sitemaps and start pages discovery had no time for, left for the next run
    pages_left: int = 0  # article URLs due that --max-pages left for the next run
    seconds: float = 0.0

    def record(
        self,
        url: str,
        outcome: Outcome,
        *,
        status: int | None = None,
        reason: str = "",
        page_status: str = "",
        extraction: bool = False,
    ) -> None:
        """Count one outcome, as the policy's table says: the run's totals, its host's, the HTTP status,
        for what was not stored the reason, and for an extracted page what it is (the run's and the host's).
        ``extraction``: the outcome of extracting a page, not of fetching one."""
        tally = TABLE[outcome].tally
        setattr(self, tally, getattr(self, tally) + 1)
        if extraction and tally == "failed":
            self.failed_extractions += 1
        if reason and tally in ("skipped", "failed"):
            self.reasons[reason] += 1
        if outcome not in (Outcome.EXTRACTED, Outcome.REJECTED, Outcome.EXTRACT_FAILED):  # the host's answers
            self.hosts.setdefault(_host(url), Counter())[tally] += 1
        if status is not None:
            self.statuses[status] += 1
        if page_status:
            self.page_statuses[page_status] += 1
            self.hosts.setdefault(_host(url), Counter())[page_status] += 1

    def line(self) -> str:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.reasons.items()))
        return (
            f"crawl: {counted(self.fetched, 'page')} fetched ({self.not_modified} not modified), "
            f"{counted(self.stored, 'article')} stored"
            + (f" ({self.page_statuses['paywalled']} paywalled)" if self.page_statuses["paywalled"] else "")
            + ", "
            f"{self.skipped} skipped, {self.failed} failed"
            + (f" [{reasons}]" if reasons else "")
            + f" in {self.seconds:.1f}s"
            + (
                f"; {counted(self.listings_left, 'listing')} left for the next run (discovery's share of the run)"
                if self.listings_left
                else ""
            )
            + (
                f"; stopped at the page limit (max_pages) with {counted(self.pages_left, 'article URL')} due left for the next run"
                if self.stopped == "max-pages"
                else ""
            )
            + (
                f"; stopped early ({self.stopped}), the next run continues"
                if self.stopped and self.stopped != "max-pages"
                else ""
            )
        )

    def failure_share(self) -> float:
        """The share of the URLs asked for that failed: to fetch, or to extract once their page came (it
        broke, or the page was a bot check). Such a page was counted fetched already: counted once."""
        attempts = max(self.failed, self.fetched + self.not_modified + self.failed - self.failed_extractions)
        return self.failed / attempts if attempts else 0.0

    def exit_code(self, max_failure_share: float) -> int:
        """1 when more than ``max_failure_share`` of the URLs failed (:meth:`failure_share`), else 4 when a
        signal stopped the run, else 0 (a run that stopped at its --max-pages or --max-duration did what it
        was asked)."""
        if self.failure_share() > max_failure_share:
            return EXIT_FAILED
        return EXIT_STOPPED if self.stopped in SIGNALS else EXIT_OK

    def report(self, *, started_at: str, finished_at: str, exit_code: int) -> dict[str, Any]:
        """The run's counts, as ``--log-format json`` prints them."""
        return {
            "command": "crawl",
            "started_at": started_at,
            "finished_at": finished_at,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "stored": self.stored,
            "skipped": self.skipped,
            "failed": self.failed,
            "reasons": dict(sorted(self.reasons.items())),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "page_statuses": dict(sorted(self.page_statuses.items())),
            "hosts": {h: dict(sorted(c.items())) for h, c in sorted(self.hosts.items())},
            "stopped": self.stopped or None,
            "seconds": round(self.seconds, 3),
            "exit_code": exit_code,
            "extractor_version": code_version(),
        }

    @staticmethod
    def row(report: dict[str, Any]) -> dict[str, Any]:
        """The run's row in the ``runs`` table: the report, its mappings as JSON text."""
        return {k: json.dumps(v) if isinstance(v, dict) else v for k, v in report.items()}


def counted(n: int, noun: str) -> str:
    """ "1 page", "2 pages", "0 pages"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def failed_by_reason(failed: Counter[str]) -> str:
    """ ", 2 failed (extract_crash: 1, extract_timeout: 1)" for a summary line; "" for none."""
    reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(failed.items()))
    return f", {failed.total()} failed ({reasons})" if failed else ""
