"""Run ``process_page`` over pages in worker processes (or inline for one worker), results in input order
of completion; the caller stays the only database writer."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from pipelines.process import process_page
from scraper.config import NormalizeConfig
from scraper.errors import ExtractError
from scraper.models import Article, Page, SiteRules

T = TypeVar("T")
Outcome = Article | ExtractError


def worker_count(configured: int) -> int:
    return configured or os.cpu_count() or 1


def _safe_process(page: Page, config: NormalizeConfig, rules: SiteRules) -> Outcome:
    try:
        return process_page(page, config, rules)
    except ExtractError as e:
        return e
    except Exception as e:  # any bytes in, a record or a recorded failure out
        return ExtractError(page.url, "extract_crash", f"extraction failed: {type(e).__name__}: {e}")


def extract_pages(
    items: Iterable[tuple[T, Page, SiteRules]], config: NormalizeConfig, *, workers: int
) -> Iterator[tuple[T, Page, Outcome]]:
    """Yield ``(key, page, article-or-error)`` for every ``(key, page, rules)`` item; at most ``2 * workers``
    pages in flight."""
    if workers <= 1:
        for key, page, rules in items:
            yield key, page, _safe_process(page, config, rules)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[tuple[T, Page, Future[Outcome]]] = []
        for key, page, rules in items:
            pending.append((key, page, pool.submit(_safe_process, page, config, rules)))
            while len(pending) >= 2 * workers:
                done_key, done_page, future = pending.pop(0)
                yield done_key, done_page, future.result()
        for key, page, future in pending:
            yield key, page, future.result()
