"""Run ``process_page`` over pages in worker processes (or inline for one worker), results in input order;
the caller stays the only database writer."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, NamedTuple

from pipelines.process import process_page
from pipelines.templates import page_blocks
from scraper.config import NormalizeConfig
from scraper.duplicates import signature
from scraper.errors import ExtractError
from scraper.models import Article, Page, SiteRules

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


class Extraction(NamedTuple):
    key: Any
    page: Page
    outcome: Outcome
    blocks: dict[str, str] | None  # the page's blocks for template learning, when asked for


def _work(page: Page, config: NormalizeConfig, rules: SiteRules, learn: bool) -> tuple[Outcome, dict[str, str] | None]:
    outcome = _safe_process(page, config, rules)
    if isinstance(outcome, Article):  # the near-duplicate signature, here in the worker, not in the writer
        outcome = dataclasses.replace(outcome, signature=signature(outcome.text))
    return outcome, page_blocks(page) if learn else None


def extract_pages(
    items: Iterable[tuple[Any, Page, SiteRules]], config: NormalizeConfig, *, workers: int, learn: bool = False
) -> Iterator[Extraction]:
    """Extract every ``(key, page, rules)`` item, in input order, with at most ``2 * workers`` pages in flight;
    with ``learn``, the workers also read each page's blocks for its site's template."""
    if workers <= 1:
        for key, page, rules in items:
            yield Extraction(key, page, *_work(page, config, rules, learn))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[tuple[Any, Page, Future[tuple[Outcome, dict[str, str] | None]]]] = []
        for key, page, rules in items:
            pending.append((key, page, pool.submit(_work, page, config, rules, learn)))
            while len(pending) >= 2 * workers:
                done_key, done_page, future = pending.pop(0)
                yield Extraction(done_key, done_page, *future.result())
        for key, page, future in pending:
            yield Extraction(key, page, *future.result())
