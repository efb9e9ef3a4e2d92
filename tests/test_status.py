"""Every stored page says what it is: the classifier on fixtures modeled on real templates, the store and
filters, and the crawl's counts (the demo site's bot check, consent wall and soft 404: tests/test_crawl.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from pipelines.cli import main
from scraper.errors import ExtractError, InputError
from scraper.extract import extract_article
from scraper.extract.classify import PageFacts, classify_page
from scraper.models import SHOWN, NotFoundPage, PageStatus, SiteRules
from scraper.store import open_database
from scraper.store.migrations import migrations
from scraper.store.reading import Filters
from tests.conftest import rows
from tests.site.server import serve_site

FIXTURES = Path(__file__).parent / "data" / "status"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))


def status_of(name: str, rules: SiteRules | None = None) -> tuple[str, str, str]:
    """Status, evidence and text extraction gives the fixture (at the URL bench/status.py gives it)."""
    html = (FIXTURES / name).read_bytes()
    try:
        record = extract_article(html, f"https://news.example/{name}", rules=rules or SiteRules())
    except ExtractError as e:
        assert e.metadata is not None, e
        return e.reason, e.detail, e.metadata.text
    return record.status, record.status_evidence, record.text


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_fixture_gets_its_status_with_evidence(name: str) -> None:
    status, evidence, text = status_of(name)
    assert status == MANIFEST[name], evidence
    assert evidence  # every decision says why
    assert bool(text) == (status in SHOWN)  # only an article or a paywalled teaser keeps a text


def test_the_fixtures_cover_every_status_and_articles_that_mention_the_walls_words() -> None:
    assert set(MANIFEST.values()) == {str(s) for s in PageStatus}
    staying = [name for name, status in MANIFEST.items() if status == "article"]
    assert {"article-mentions-subscribe.html", "article-about-404-errors.html", "article-about-cookie-law.html",
            "article-behind-cloudflare.html"} <= set(staying)  # fmt: skip


def test_a_paywalled_teaser_keeps_its_text_and_names_the_wall() -> None:
    status, evidence, text = status_of("paywall-phrase-de.html")
    assert status == "paywalled" and evidence.startswith("a subscription wall (") and "words of text" in evidence
    assert text.startswith("Der Verkehrsverbund hat am Dienstag beschlossen")


def test_a_page_like_the_sites_own_not_found_page_is_a_soft_404() -> None:
    """A site whose missing pages show its latest stories says no "not found" anywhere: only the probe's
    answer tells such a page from an article."""
    probe = "article-no-markup-with-teasers.html"
    learned = extract_article((FIXTURES / probe).read_bytes(), "https://news.example/2024/03/scraper-probe-1")
    site = SiteRules(
        not_found=NotFoundPage("https://news.example/2024/03/scraper-probe-1", learned.title, learned.text)
    )
    status, evidence, _ = status_of(probe, site)
    assert status == "soft_404" and "scraper-probe-1" in evidence
    assert status_of(probe)[0] == "article"  # without the probe's answer, it reads as an article
    other = "short-brief-with-captcha-form.html"  # the same template, another text
    assert status_of(other, site)[0] == "article"


def test_a_short_page_with_the_not_found_pages_title_is_a_soft_404() -> None:
    found = NotFoundPage("https://x.example/a/scraper-probe-2", "Oops", "")
    verdict = classify_page("<html><head><title>Oops</title></head><body><p>Nothing here.</p></body></html>",
                            PageFacts(title="Oops"), "", found)  # fmt: skip
    assert verdict.status == "soft_404" and "title" in verdict.evidence
    assert classify_page("<html><body></body></html>", PageFacts(title="Other"), "", found).status == "not_article"


@pytest.mark.parametrize(
    "title",
    ["पृष्ठ नहीं मिला", "Halaman tidak ditemukan", "Không tìm thấy trang", "صفحه یافت نشد", "ページが見つかりません"],
)
def test_a_not_found_title_in_the_webs_large_languages_is_a_soft_404(title) -> None:
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    verdict = classify_page(html, PageFacts(title=title), "", None)
    assert verdict.status == "soft_404" and "not found" in verdict.evidence


def test_old_statuses_become_page_statuses_with_evidence(tmp_path) -> None:
    """m018: ok -> article, no_article/too_short -> not_article, with what the old reason said."""
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m018_page_status")
    db.table("articles").insert_all(
        {"url": f"https://x.example/{n}", "source": "s", "status": status, "text": "t"}
        for n, status in enumerate(["ok", "no_article", "too_short"])
    )
    migrations.apply(db)
    rows = db.execute("select status, status_evidence from articles order by url").fetchall()
    shown = db.execute("select count(*) from current_articles").fetchone()[0]
    assert rows == [("article", None), ("not_article", "no article text found on the page"),
                    ("not_article", "too few words for an article")]  # fmt: skip
    assert shown == 1


def test_the_status_filter_takes_a_list_and_names_the_statuses_it_knows() -> None:
    where, params = Filters(status="paywalled,soft_404").where()
    assert "a.status in (?,?)" in where and params == ["paywalled", "soft_404"]
    assert Filters().where()[1] == ["article", "paywalled"]
    assert Filters(status="any").where() == ("1", [])
    with pytest.raises(InputError, match="paywall is none of article, paywalled, soft_404"):
        Filters(status="article,paywall").where()


def cli(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_search_and_export_show_articles_and_paywalled_ones_by_default(tmp_path) -> None:
    path = tmp_path / "a.db"
    db = open_database(path)
    for n, (status, text) in enumerate([("article", "harbour plan approved"), ("paywalled", "harbour teaser"),
                                        ("soft_404", "")]):  # fmt: skip
        db.table("articles").insert({"url": f"https://x.example/{n}", "source": "x", "title": f"harbour {n}",
                                     "text": text, "status": status, "authors": "[]", "tags": "[]",
                                     "images": "[]"})  # fmt: skip
    db.close()
    code, out, _ = cli("search", "harbour", "--db", path, "--json")
    assert code == 0 and sorted(json.loads(line)["status"] for line in out.splitlines()) == ["article", "paywalled"]
    code, out, _ = cli("export", "--db", path, "--status", "soft_404", "--fields", "url,status")
    assert code == 0 and [json.loads(line) for line in out.splitlines()] == [
        {"url": "https://x.example/2", "status": "soft_404"}
    ]
    code, _, err = cli("export", "--db", path, "--status", "paywall")
    assert code == 2 and "paywall" in err and "consent_wall" in err
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*) from current_articles").fetchone()[0] == 2


SOFT_404_CONFIG = """[fetch]
user_agent = "scraper-test/0.1 (+https://example.org/scraper)"
per_host_delay_s = 0.0
retries = 0

[[sources]]
name = "courier"
feeds = ["{base}/feed.xml"]
{probe}
"""


def _soft_404_site(root: Path) -> None:
    """A site whose missing pages show a fixed page that says nothing of "not found" (status 200), and a
    feed that links one real article and one that is gone."""
    (root / "news/2024/03/harbour-tunnel").mkdir(parents=True)
    (root / "news/2024/03/harbour-tunnel/index.html").write_bytes(
        (FIXTURES / "short-brief-with-captcha-form.html").read_bytes()
    )
    (root / "404.html").write_bytes((FIXTURES / "article-no-markup-with-teasers.html").read_bytes())
    items = "".join(
        f"<item><title>{t}</title><link>__BASE__/news/2024/03/{slug}/</link></item>"
        for slug, t in (("harbour-tunnel", "Harbour tunnel"), ("bridge-plan", "Bridge plan"))
    )
    (root / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')


@pytest.mark.parametrize("probe", [True, False])
def test_the_crawl_learns_a_soft_404_sites_not_found_page_by_asking_for_a_made_up_url(run, tmp_path, probe) -> None:
    root = tmp_path / "site"
    _soft_404_site(root)
    db = tmp_path / "a.db"
    with serve_site(root) as server:
        config = tmp_path / "config.toml"
        setting = "" if probe else "probe_not_found = false"
        config.write_text(SOFT_404_CONFIG.format(base=server.base_url, probe=setting))
        result = run("crawl", "--config", config, "--db", db)
        asked = [p for p in server.paths() if "scraper-probe-" in p]
    assert result.exit_code == 0, result.output
    stored = {r["url"].rsplit("/", 2)[1]: r["status"] for r in rows(db, "select url, status from articles")}
    if probe:
        assert len(asked) == 1 and asked[0].startswith("/news/2024/03/scraper-probe-")  # beside an article
        assert stored == {"harbour-tunnel": "article", "bridge-plan": "soft_404"}
        assert "soft_404: 1" in result.stdout
        learned = rows(db, "select status, title from not_found_pages")
        assert learned == [{"status": 200, "title": "Authority approves plan to rebuild the river crossing"}]
    else:  # without the probe's answer the gone page passes for an article: what the probe is for
        assert asked == [] and stored == {"harbour-tunnel": "article", "bridge-plan": "article"}
