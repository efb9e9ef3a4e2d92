"""The crawl's policy table, a run's deadline and its exit code, on plain records and a manual clock."""

from __future__ import annotations

import pytest

from scraper.clock import ManualClock
from scraper.crawl import CrawlSummary, Outcome, State, Stop, failure
from scraper.crawl.policy import TABLE, extraction_outcome, state_after
from scraper.crawl.run import EXIT_FAILED, EXIT_OK, EXIT_STOPPED
from scraper.errors import (
    EXTRACT_CRASH,
    EXTRACT_TIMEOUT,
    ContentTypeError,
    DeferredError,
    ExtractError,
    ForbiddenURLError,
    HostPausedError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TransportError,
)

URL = "http://news.test/a"


@pytest.mark.parametrize(
    ("error", "outcome", "state", "retried_later", "host_failure"),
    [
        (HTTPStatusError(URL, 404), Outcome.GONE, State.GONE, False, False),
        (HTTPStatusError(URL, 410), Outcome.GONE, State.GONE, False, False),
        (HTTPStatusError(URL, 429), Outcome.THROTTLED, State.FAILED, True, True),
        (HTTPStatusError(URL, 503), Outcome.SERVER_ERROR, State.FAILED, True, True),
        (HTTPStatusError(URL, 403), Outcome.CLIENT_ERROR, State.FAILED, True, False),
        (TransportError(URL, "timed out"), Outcome.NETWORK, State.FAILED, True, True),
        (TooLargeError(URL, "too big"), Outcome.CLIENT_ERROR, State.FAILED, True, False),
        (RobotsDisallowedError(URL, "disallowed"), Outcome.REFUSED, State.SKIPPED, False, False),
        (ContentTypeError(URL, "a PDF"), Outcome.REFUSED, State.SKIPPED, False, False),
        (ForbiddenURLError(URL, "private address"), Outcome.REFUSED, State.SKIPPED, False, False),
        (HostPausedError(URL, "paused"), Outcome.PAUSED, None, False, False),
        (DeferredError(URL, "the run is stopping", reason="stopped"), Outcome.DEFERRED, None, False, False),
    ],
)  # fmt: skip
def test_every_fetch_error_has_one_row_of_the_table(error, outcome, state, retried_later, host_failure) -> None:
    record = failure(error)
    rule = TABLE[record.outcome]
    assert (record.outcome, rule.state, rule.backoff, rule.host_failure) == (outcome, state, retried_later,
                                                                             host_failure)  # fmt: skip
    assert record.reason == error.reason and record.error.startswith(f"{error.reason}: ")


@pytest.mark.parametrize(
    ("reason", "outcome", "state"),
    [
        (EXTRACT_CRASH, Outcome.EXTRACT_FAILED, State.FAILED),  # the process died, or the code raised
        (EXTRACT_TIMEOUT, Outcome.EXTRACT_FAILED, State.FAILED),
        ("blocked", Outcome.BLOCKED, State.FAILED),  # a bot check: the host refused us
        ("soft_404", Outcome.REJECTED, State.SKIPPED),
        ("too_short", Outcome.REJECTED, State.SKIPPED),
    ],
)
def test_an_extraction_that_broke_is_tried_again_a_page_without_an_article_is_not(reason, outcome, state) -> None:
    assert extraction_outcome(ExtractError(URL, reason)) == outcome
    assert (TABLE[outcome].state, TABLE[outcome].backoff) == (state, state == State.FAILED)


def test_every_outcome_has_a_row_and_only_a_paused_host_leaves_the_state() -> None:
    assert set(TABLE) == set(Outcome)
    assert [o for o in Outcome if TABLE[o].state is None] == [Outcome.PAUSED, Outcome.DEFERRED]
    with pytest.raises(ValueError, match="paused"):
        state_after(Outcome.PAUSED)


def test_the_summary_counts_as_the_table_says() -> None:
    summary = CrawlSummary()
    summary.record("http://a.test/1", Outcome.FETCHED, status=200)
    summary.record("http://a.test/1", Outcome.EXTRACTED, page_status="article")
    summary.record("http://a.test/2", Outcome.NOT_MODIFIED, status=304)
    summary.record("http://b.test/3", Outcome.GONE, status=404, reason="http_404")
    summary.record("http://b.test/4", Outcome.REJECTED, reason="soft_404", page_status="soft_404")
    summary.record("http://b.test/5", Outcome.PAUSED, reason="host_paused")
    summary.record("http://b.test/6", Outcome.EXTRACT_FAILED, reason="extract_crash")  # not the host's answer
    assert (summary.fetched, summary.stored, summary.not_modified, summary.failed, summary.skipped) == (1, 1, 1, 2, 2)
    assert summary.reasons == {"http_404": 1, "soft_404": 1, "host_paused": 1, "extract_crash": 1}
    assert summary.statuses == {200: 1, 304: 1, 404: 1}
    assert summary.page_statuses == {"article": 1, "soft_404": 1}  # what the extracted pages were, per run and host
    assert summary.hosts == {"a.test": {"fetched": 1, "not_modified": 1, "article": 1},
                             "b.test": {"failed": 1, "skipped": 1, "soft_404": 1}}  # fmt: skip


@pytest.mark.parametrize(
    ("fetched", "failed", "stopped", "code"),
    [(9, 1, "", EXIT_OK), (4, 6, "", EXIT_FAILED), (9, 1, "SIGTERM", EXIT_STOPPED), (4, 6, "SIGINT", EXIT_FAILED),
     (9, 1, "max-duration", EXIT_OK), (0, 0, "", EXIT_OK)],
)  # fmt: skip
def test_exit_code(fetched, failed, stopped, code) -> None:
    summary = CrawlSummary(fetched=fetched, failed=failed, stopped=stopped)
    assert summary.exit_code(max_failure_share=0.5) == code


def test_a_run_whose_extractions_fail_exits_1_though_its_fetches_did_not() -> None:
    # Every extraction dying (a dependency an upgrade broke, a machine out of memory) counted each page
    # twice, fetched and failed: 4 failures in 9 (a feed and 4 pages) stayed under one half, and the run
    # exited 0. A page that came and failed to extract is one URL, failed.
    def run(failing: int) -> CrawlSummary:
        summary = CrawlSummary()
        summary.record("http://a.test/feed", Outcome.LISTED, status=200)
        for n in range(4):
            summary.record(f"http://a.test/{n}", Outcome.FETCHED, status=200)
            outcome = Outcome.EXTRACT_FAILED if n < failing else Outcome.EXTRACTED
            summary.record(f"http://a.test/{n}", outcome, reason="extract_crash" * (n < failing), extraction=True)
        return summary

    assert run(4).failed == 4 and run(4).failure_share() == 4 / 5  # of the five URLs asked for
    assert run(4).exit_code(max_failure_share=0.5) == EXIT_FAILED
    assert run(1).failure_share() == 1 / 5 and run(1).exit_code(max_failure_share=0.5) == EXIT_OK


def test_a_deadline_runs_on_the_injected_clock() -> None:
    clock = ManualClock()
    stop = Stop.after(60, clock)
    assert not stop and stop.remaining() == 60
    clock.advance(59.5)
    assert not stop and stop.remaining() == pytest.approx(0.5)
    clock.advance(1)
    assert stop and stop.reason == "max-duration" and stop.remaining() == 0
    assert not Stop.after(0, clock) and Stop.after(None, clock).remaining() is None
    signalled = Stop.after(None, clock)
    signalled.request("SIGTERM")
    signalled.request("max-duration")  # the first reason stays
    assert signalled and signalled.reason == "SIGTERM"
