"""The crawl's policy in one place: the states a URL can be in, and what each outcome of fetching or
extracting it does (the next state, whether it is an attempt, whether it waits before its next try,
whether it counts against its host, how the run counts it).

The table, by outcome:

================  ===============  =======  =======  ====  =========================================
outcome           next state       attempt  backoff  host  counted as
================  ===============  =======  =======  ====  =========================================
fetched           fetched          yes      no       no    fetched (the raw page is stored)
not_modified      done             no       no       no    not_modified (304: the stored copy holds)
listed            done             no       no       no    fetched (a feed, sitemap or start page)
unreadable        failed           yes      yes      no    failed (a feed or sitemap that does not
                                                           parse: not one, damaged, too large)
extracted         done             no       no       no    stored
rejected          skipped          no       no       no    skipped (the page has no article)
extract_failed    failed           no       yes      no    failed (its extraction timed out, raised, or
                                                           died with its process: the machine may have
                                                           been loaded or short of memory; the page is
                                                           fetched again, and the fetch is the attempt)
blocked           failed           yes      yes      yes   failed (a bot check's page, whether the fetch
                                                           or the extraction found it; found by the
                                                           extraction, its fetch was the attempt)
refused           skipped          yes      no       no    skipped (robots.txt, content type, address)
gone              gone             yes      no       no    failed (404, 410, 451)
throttled         failed           yes      yes      yes   failed (429)
server_error      failed           yes      yes      yes   failed (5xx)
network           failed           yes      yes      yes   failed (timeout, refused connection, reset)
client_error      failed           yes      yes      no    failed (other 4xx, a body over the cap)
paused            (unchanged)      no       no       no    skipped (its host is paused for the run)
deferred          (unchanged)      no       no       no    skipped (the run stopped, or the host asks
                                                           for a wait past its deadline)
================  ===============  =======  =======  ====  =========================================

A URL in ``new``, ``fetched`` or ``stale`` is due; a ``failed`` one is due again after its backoff
(``[crawl] retry_backoff_s``, doubled per attempt) until it has been tried ``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scraper.errors import (
    EXTRACTION_BROKE,
    BlockedError,
    ContentTypeError,
    DeferredError,
    ExtractError,
    FetchError,
    ForbiddenURLError,
    HostPausedError,
    HTTPStatusError,
    RobotsDisallowedError,
    TransportError,
)
from scraper.models import Article, PageStatus

MAX_ATTEMPTS = 3  # a URL that failed this often is left alone until someone resets its state
GONE_STATUSES = frozenset({404, 410, 451})


class State(StrEnum):
    """Where a URL of the ``frontier`` table stands."""

    NEW = "new"  # discovered, never fetched
    FETCHED = "fetched"  # the raw page is stored, not yet extracted (a killed run left it)
    DONE = "done"  # fetched (and extracted, for an article); a feed or sitemap read
    STALE = "stale"  # done, but due again: the page changed, or `revalidate_after_days` passed
    FAILED = "failed"  # the last try failed; due again after its backoff, up to MAX_ATTEMPTS tries
    SKIPPED = "skipped"  # not to be fetched (robots.txt, not HTML, a refused address) or no article
    GONE = "gone"  # the server says it does not exist (404, 410, 451)


DUE = (State.NEW, State.FETCHED, State.STALE)


class Outcome(StrEnum):
    FETCHED = "fetched"
    NOT_MODIFIED = "not_modified"
    LISTED = "listed"
    UNREADABLE = "unreadable"
    EXTRACTED = "extracted"
    REJECTED = "rejected"
    EXTRACT_FAILED = "extract_failed"
    BLOCKED = "blocked"  # the page was a bot check (found by extraction): the host is refusing us
    REFUSED = "refused"
    GONE = "gone"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"
    NETWORK = "network"
    CLIENT_ERROR = "client_error"
    PAUSED = "paused"
    DEFERRED = "deferred"


@dataclass(frozen=True)
class Transition:
    state: State | None  # None: the URL stays as it was
    attempt: bool  # counts towards MAX_ATTEMPTS
    backoff: bool  # waits `retry_backoff_s` (doubled per attempt) before its next try
    host_failure: bool  # counts towards the host's `host_max_failures` in a row
    tally: str  # the run summary's count: fetched, not_modified, stored, skipped, failed


TABLE: dict[Outcome, Transition] = {
    Outcome.FETCHED: Transition(State.FETCHED, attempt=True, backoff=False, host_failure=False, tally="fetched"),
    Outcome.NOT_MODIFIED: Transition(State.DONE, False, False, False, "not_modified"),
    Outcome.LISTED: Transition(State.DONE, False, False, False, "fetched"),
    Outcome.UNREADABLE: Transition(State.FAILED, True, True, False, "failed"),
    Outcome.EXTRACTED: Transition(State.DONE, False, False, False, "stored"),
    Outcome.REJECTED: Transition(State.SKIPPED, False, False, False, "skipped"),
    Outcome.EXTRACT_FAILED: Transition(State.FAILED, False, True, False, "failed"),
    Outcome.BLOCKED: Transition(State.FAILED, True, True, True, "failed"),
    Outcome.REFUSED: Transition(State.SKIPPED, True, False, False, "skipped"),
    Outcome.GONE: Transition(State.GONE, True, False, False, "failed"),
    Outcome.THROTTLED: Transition(State.FAILED, True, True, True, "failed"),
    Outcome.SERVER_ERROR: Transition(State.FAILED, True, True, True, "failed"),
    Outcome.NETWORK: Transition(State.FAILED, True, True, True, "failed"),
    Outcome.CLIENT_ERROR: Transition(State.FAILED, True, True, False, "failed"),
    Outcome.PAUSED: Transition(None, False, False, False, "skipped"),
    Outcome.DEFERRED: Transition(None, False, False, False, "skipped"),
}


def state_after(outcome: Outcome) -> State:
    """The state an outcome that always moves its URL leaves it in."""
    state = TABLE[outcome].state
    if state is None:
        raise ValueError(f"{outcome} leaves a URL's state as it was")
    return state


@dataclass(frozen=True)
class Failure:
    """A fetch that did not give a page, as a plain record: ``reason`` is the short stable key
    (``http_503``, ``transport``, ``robots``...), ``detail`` the message for people."""

    url: str
    outcome: Outcome
    reason: str
    detail: str
    status: int | None = None

    @property
    def error(self) -> str:
        """What the frontier's ``last_error`` says."""
        return f"{self.reason}: {self.detail}"


def failure(error: FetchError) -> Failure:
    """The record of a fetch error: which outcome of the table it is."""
    return Failure(error.url, classify(error), error.reason, str(error), error.status)


def classify(error: FetchError) -> Outcome:
    if isinstance(error, HostPausedError):
        return Outcome.PAUSED
    if isinstance(error, DeferredError):
        return Outcome.DEFERRED
    if isinstance(error, RobotsDisallowedError | ContentTypeError | ForbiddenURLError):
        return Outcome.REFUSED
    if isinstance(error, BlockedError):
        return Outcome.BLOCKED
    if isinstance(error, HTTPStatusError) and error.status is not None:
        return status_outcome(error.status)
    if isinstance(error, TransportError):
        return Outcome.NETWORK
    return Outcome.CLIENT_ERROR


def status_outcome(status: int) -> Outcome:
    """The outcome of an HTTP answer that is no page."""
    if status in GONE_STATUSES:
        return Outcome.GONE
    if status == 429:
        return Outcome.THROTTLED
    if status >= 500:
        return Outcome.SERVER_ERROR
    return Outcome.CLIENT_ERROR


def counts_against_host(error: FetchError) -> bool:
    return TABLE[classify(error)].host_failure


def extraction_outcome(outcome: Article | ExtractError) -> Outcome:
    """What storing an extraction's ``outcome`` makes of its URL (known before it is stored): ``EXTRACTED``,
    ``REJECTED`` (no article), ``BLOCKED`` (a bot check) or ``EXTRACT_FAILED`` (no answer: the extraction
    timed out or crashed)."""
    if isinstance(outcome, Article):
        return Outcome.EXTRACTED
    if outcome.reason in EXTRACTION_BROKE:
        return Outcome.EXTRACT_FAILED
    return Outcome.BLOCKED if outcome.reason == PageStatus.BLOCKED else Outcome.REJECTED
