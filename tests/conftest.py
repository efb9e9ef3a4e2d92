from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from pipelines.cli import main
from tests.site.demo import write_config
from tests.site.server import SiteServer, serve_site

# Property tests run 200 examples each; HYPOTHESIS_PROFILE=thorough runs 5,000 (minutes, not for CI).
for name, examples in (("default", 200), ("thorough", 5000)):
    settings.register_profile(name, max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
SEED_HTML = Path(__file__).parent / "site/public/2021/08/10/us-to-press-taliban-to-stop-military-offensive/index.html"

# What the seed article must come out as, through every route (clean, extract, crawl).
SEED_TITLE = "US to press Taliban to stop military offensive"
SEED_FIRST = "Special Representative for Afghan Reconciliation"
SEED_LAST = "via available commercial flights."
SEED_SUBHEADING = "US to continue to support Afghan forces"
SEED_CHROME = [
    "August 10, 2021",
    "3 mins read",
    "ALSO READ",
    "Previous Story",
    "Next Story",
    "Baloch senator alleges conspiracy",
    "Afghan forces must fight for their nation",
    "Latest from",
    "Go to",
    "Don't Miss",
    "Vance",
    "Bangladesh",
    "climate envoy",
    "deportation",
    "Pic credit",
    "US B-52 Bomber strike Taliban",
]


def rows(db_path: Path, sql: str) -> list[dict]:
    """Query a database file with plain sqlite3, as a researcher would."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def assert_clean_seed_text(text: str) -> None:
    assert text.startswith(SEED_FIRST)
    assert text.endswith(SEED_LAST)
    assert f"\n{SEED_SUBHEADING}\n" in text
    for chrome in SEED_CHROME:
        assert chrome not in text, chrome


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with serve_site() as server:
        yield server


@pytest.fixture
def demo_config(site: SiteServer, tmp_path: Path) -> Path:
    return write_config(site.base_url, tmp_path)


@pytest.fixture
def run() -> Iterator[object]:
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    yield invoke
