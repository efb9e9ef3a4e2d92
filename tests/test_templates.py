"""Site templates: blocks that recur on a site's pages are learned from the stored pages and removed, in
crawl and in reextract, deterministically; per-source CSS rules from the config."""

from __future__ import annotations

import json
from functools import partial

import pytest
from sqlite_utils import Database

from pipelines.reextract import run_reextract
from pipelines.templates import forget_page_own_blocks, site_rules
from scraper.config import NormalizeConfig, parse_config
from scraper.errors import ConfigError, ExtractError
from scraper.extract import extract_article
from scraper.extract.html import template_blocks
from scraper.models import Page, SiteRules
from scraper.records import page_record_and_blocks
from scraper.store import open_database, repo
from scraper.store.batch import batched_writes
from scraper.store.migrations import migrations
from tests.conftest import rows
from tests.site.content import LEDGER, LEDGER_PROMO
from tests.site.demo import write_config
from tests.site.server import PUBLIC, serve_site

PAGE = """<html><body><header><p>Site header</p></header><main><article>
<h1>{title}</h1><div class="body">{paragraphs}<p>{promo}</p></div></article></main></body></html>"""
PROMO = "Listen to our podcast every Friday for the week in review."


def page_html(n: int, promo: str = PROMO) -> str:
    paragraphs = "".join(
        f"<p>Paragraph {i} of story {n}: the council met on Tuesday, and residents asked about the budget, "
        f"the roads and the school plans for the coming year.</p>"
        for i in range(4)
    )
    return PAGE.format(title=f"Story number {n} about the town", paragraphs=paragraphs, promo=promo)


def page(n: int, html: str | None = None, host: str = "news.example") -> Page:
    url = f"https://{host}/story-{n}.html"
    return Page(url, url, 200, {}, (html or page_html(n)).encode(), "2024-01-01T00:00:00+00:00")


def test_a_block_is_its_text_in_its_place() -> None:
    first, second = template_blocks(page_html(1)), template_blocks(page_html(2))
    shared = {text for fp, text in first.items() if fp in second}
    assert shared == {PROMO.lower(), "site header"}
    # The same words somewhere else on the page are another block.
    moved = template_blocks(page_html(3).replace("<header><p>Site header</p></header>", f"<p>{PROMO}</p>"))
    assert [fp for fp, text in moved.items() if text == PROMO.lower()] != [
        fp for fp, text in first.items() if text == PROMO.lower()
    ]


def test_template_blocks_leave_the_text_and_nothing_else() -> None:
    html = page_html(1)
    template = frozenset(fp for fp, text in template_blocks(html).items() if text == PROMO.lower())
    plain = extract_article(html).text
    pruned = extract_article(html, rules=SiteRules(template=template)).text
    assert PROMO in plain
    assert PROMO not in pruned
    assert pruned == plain.replace(f"\n\n{PROMO}", "")


def test_counts_follow_the_stored_pages_and_the_template_needs_enough_of_them(tmp_path) -> None:
    with open_database(tmp_path / "t.db") as db:
        for n in range(4):
            repo.record_blocks(db, page(n), source="town", blocks=template_blocks(page_html(n)))
        assert repo.site_template(db, "town", "news.example", min_pages=5, share=0.5) == frozenset()
        repo.record_blocks(db, page(4), source="town", blocks=template_blocks(page_html(4)))
        template = repo.site_template(db, "town", "news.example", min_pages=5, share=0.5)
        assert {t["text"] for t in db.query("select text from site_templates where pages = 5")} == {
            PROMO.lower(),
            "site header",
        }
        assert len(template) == 2
        # A page stored again replaces its earlier counts: the promo now sits on 4 of 5 pages, not 6.
        changed = page_html(4, promo="A different closing line for this story only.")
        repo.record_blocks(db, page(4, changed), source="town", blocks=template_blocks(changed))
        counts = {t["text"]: t["pages"] for t in db.query("select text, pages from site_templates")}
        assert counts[PROMO.lower()] == 4 and counts["site header"] == 5
        assert repo.learned_pages(db, "town", "news.example") == 5  # still five pages
        assert len(repo.site_template(db, "town", "news.example", min_pages=5, share=0.9)) == 1
        # Another host of the same source learns on its own.
        assert repo.site_template(db, "town", "other.example", min_pages=1, share=0.5) == frozenset()
        assert repo.site_template(db, "town", "news.example", min_pages=0, share=0.5) == frozenset()


def test_a_sites_page_count_is_kept_with_its_pages_and_the_migration_counts_those_stored_before(tmp_path) -> None:
    """m021: the count a site's template waits for is read from template_sites (counting the site's rows of
    template_pages took time in proportion to them, for every page extracted), filled from what is stored."""
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m021_template_sites")
    for n, host in enumerate(["news.example"] * 3 + ["other.example"]):
        db.table("template_pages").insert(
            {"url": f"https://{host}/{n}", "source": "town", "host": host, "blocks": "[]"}
        )
    migrations.apply(db)
    assert repo.learned_pages(db, "town", "news.example") == 3 and repo.learned_pages(db, "town", "other.example") == 1
    repo.record_blocks(db, page(7, host="other.example"), source="town", blocks={})
    repo.record_blocks(db, page(7, host="other.example"), source="town", blocks={})  # the same page again
    assert repo.learned_pages(db, "town", "other.example") == 2 and repo.learned_pages(db, "town", "x.example") == 0
    # A page whose final URL moved to another host is counted there, and no longer where it was.
    moved = Page(page(7, host="other.example").url, "https://news.example/7", 200, {}, b"", "2024-01-01T00:00:00+00:00")
    repo.record_blocks(db, moved, source="town", blocks={})
    assert repo.learned_pages(db, "town", "other.example") == 1 and repo.learned_pages(db, "town", "news.example") == 4


def test_a_blocks_text_is_kept_once_it_is_on_two_pages_and_the_migration_drops_the_rest(tmp_path) -> None:
    """m022: most blocks are one page's own paragraphs; their text is the page's, not a template's."""
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m022_template_text_on_repeat")
    rows = [("one", "a paragraph of one page", 1), ("many", "site header", 3)]
    for fingerprint, text, pages in rows:
        db.table("site_templates").insert({"source": "town", "host": "news.example", "fingerprint": fingerprint,
                                           "text": text, "pages": pages})  # fmt: skip
    migrations.apply(db)
    assert db.execute("select fingerprint, text, pages from site_templates order by pages").fetchall() == [
        ("one", None, 1),
        ("many", "site header", 3),
    ]
    repo.record_blocks(db, page(1), source="town", blocks={"one": "a paragraph of one page", "new": "only here"})
    texts = dict(db.execute("select fingerprint, text from site_templates").fetchall())
    assert texts == {"one": "a paragraph of one page", "many": "site header", "new": None}


def test_a_sites_single_page_blocks_are_forgotten_once_it_has_twice_the_pages_a_template_needs(tmp_path) -> None:
    config = parse_config({"extract": {"template_min_pages": 5}})
    with open_database(tmp_path / "t.db") as db:
        for n in range(10):
            repo.record_blocks(db, page(n), source="town", blocks=template_blocks(page_html(n)))
        for n in range(9):  # a site one page short of ten keeps them
            repo.record_blocks(db, page(n, host="small.example"), source="town", blocks=template_blocks(page_html(n)))
        template = repo.site_template(db, "town", "news.example", min_pages=5, share=0.5)

        def counts(host: str) -> dict[int, int]:
            sql = "select pages, count(*) from site_templates where host = ? group by pages"
            return dict(db.execute(sql, [host]).fetchall())

        single = counts("news.example")[1]
        assert single == 10 * (len(template_blocks(page_html(0))) - 2)  # each page's own: all but two
        assert forget_page_own_blocks(db, config) == single
        assert 1 not in counts("news.example") and counts("news.example")[10] == len(template) == 2
        assert counts("small.example")[1] == 9 * len(template_blocks(page_html(0))) - 9 * 2  # its own paragraphs
        assert repo.site_template(db, "town", "news.example", min_pages=5, share=0.5) == template
        # A page stored again, and one new: the counts go on from what is kept.
        repo.record_blocks(db, page(3), source="town", blocks=template_blocks(page_html(3)))
        repo.record_blocks(db, page(10), source="town", blocks=template_blocks(page_html(10)))
        assert counts("news.example")[11] == 2 and repo.learned_pages(db, "town", "news.example") == 11
        assert counts("news.example")[1] == 2 * (len(template_blocks(page_html(0))) - 2)  # the two pages' own
        assert forget_page_own_blocks(db, parse_config({"extract": {"template_min_pages": 0}})) == 0  # templates off


def test_held_pages_are_committed_for_a_sites_rules_only_when_they_complete_its_template(tmp_path) -> None:
    # A run holds records back in batches; a site's next page must see the template its held pages make,
    # but committing the batch for every page of a site still short of template_min_pages, or for another
    # site's pages, changes no rule and costs a commit a page on a crawl or an archive of many hosts.
    config = parse_config({"extract": {"template_min_pages": 3}})
    with open_database(tmp_path / "t.db") as db, batched_writes(db, max_writes=100) as batch:

        def hold(n: int, host: str) -> None:
            stored = page(n, host=host)
            blocks = template_blocks(page_html(n))
            batch.add(partial(repo.record_blocks, db, stored, source="town", blocks=blocks),
                      about=repo.template_site("town", stored))  # fmt: skip

        hold(0, "other.example")
        hold(1, "news.example")
        hold(2, "news.example")
        assert site_rules(db, config, "town", page(3), batch).template == frozenset()
        assert len(batch) == 3  # two held pages of the site (one short) and one of another: no template either way
        hold(3, "news.example")
        rules = site_rules(db, config, "town", page(4), batch)
        assert len(batch) == 0  # committed: with the held three, the site has the pages a template needs
        assert rules.template and rules.template == repo.site_template(db, "town", "news.example", min_pages=3,
                                                                       share=0.5)  # fmt: skip


def test_demo_promo_goes_once_the_crawl_has_seen_enough_and_reextract_cleans_the_earlier_pages(run, tmp_path) -> None:
    db = tmp_path / "demo.db"
    with serve_site() as server:
        config = write_config(server.base_url, tmp_path)
        result = run("crawl", "--config", config, "--db", db)
        assert result.exit_code == 0, result.stderr
    ledger = rows(
        db, "select url, text from articles where source = 'ledger' and status = 'article' order by extracted_at, rowid"
    )
    assert len(ledger) == len(LEDGER)
    with_promo = [a["url"] for a in ledger if LEDGER_PROMO in a["text"]]
    # The demo extracts in the crawl process, in order: the five pages extracted before five Ledger pages had
    # been counted ([extract] template_min_pages) keep the promo; the later ones lose it.
    assert len(with_promo) == 5 < len(LEDGER)
    # At the end of the run a site with twice the pages a template needs (the Ledger's) keeps only the blocks
    # counted on two pages or more
    counted = "select min(s.pages) as least from site_templates s join template_sites t using (source, host)"
    assert rows(db, f"{counted} where t.pages >= 10 group by t.source, t.host") == [{"least": 2}]
    texts_before = {a["url"]: a["text"] for a in rows(db, "select url, text from articles")}

    result = run("reextract", "--all", "--db", db, "--config", config)
    assert result.exit_code == 0, result.stderr
    assert f"{len(with_promo)} articles updated" in result.stdout
    after = {a["url"]: a["text"] for a in rows(db, "select url, text from articles")}
    assert not [u for u, t in after.items() if LEDGER_PROMO in t]
    for url, text in after.items():  # the promo line is the only change
        assert text == texts_before[url].replace(f"\n\n{LEDGER_PROMO}", "")
    for article in LEDGER:  # and every paragraph of the Ledger's articles is still there
        text = next(t for u, t in after.items() if u.endswith(article["slug"]))
        assert all(p in text for p in article["paragraphs"])


def test_reextract_depends_only_on_the_set_of_stored_pages(tmp_path) -> None:
    config = parse_config({"extract": {"template_min_pages": 3}})
    results = []
    for name, order in (("forward", range(6)), ("backward", reversed(range(6)))):
        with open_database(tmp_path / f"{name}.db") as db:
            for n in order:  # stored without block counts, as by a version before templates
                repo.save_page(db, page(n), source="town")
            summary = run_reextract(db, config, workers=1)
            assert summary.updated == 6
            results.append(list(db.query("select url, text from articles order by url")))
    assert results[0] == results[1]
    assert all(PROMO not in r["text"] and "Paragraph 3 of story" in r["text"] for r in results[0])


def test_source_css_rules_drop_chrome_and_pick_the_body(run, tmp_path) -> None:
    html = page_html(1).replace(
        '<div class="body">',
        '<div class="body"><p class="sponsor-line">This story is brought to you by the Town Hardware Store.</p>',
    )
    # A long comment thread with more prose than the story: the structure alone would take it.
    html = html.replace(
        "</main>",
        '<section class="thread">'
        + "".join(
            f"<p>Reader {i} wrote a long and thoughtful reply, with many clauses, about parking, taxes, and "
            f"the budget, and about how the council, again, did not listen to anyone at all.</p>"
            for i in range(12)
        )
        + "</section></main>",
    )
    path = tmp_path / "story.html"
    path.write_text(html, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "body-only"\nfeeds = ["https://news.example/feed"]\nbody = "article .body"\n\n'
        '[[sources]]\nname = "town"\nfeeds = ["https://news.example/feed"]\n'
        'drop = [".sponsor-line"]\nbody = "article .body"\n',
        encoding="utf-8",
    )
    assert "Reader 3 wrote" in json.loads(run("extract", path).stdout)["text"]
    body_only = json.loads(run("extract", path, "--config", config, "--source", "body-only").stdout)["text"]
    assert body_only.startswith("This story is brought to you by the Town Hardware Store.")
    assert "Reader" not in body_only and "Paragraph 3 of story 1" in body_only
    result = run("extract", path, "--config", config, "--source", "town")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["text"] == body_only.replace(
        "This story is brought to you by the Town Hardware Store.\n\n", ""
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"drop": ["div.promo", "p["]}, "key 'drop' has an invalid CSS selector 'p['"),
        ({"body": "article >"}, "key 'body' has an invalid CSS selector 'article >'"),
    ],
)
def test_invalid_css_rules_are_refused_with_the_source_and_the_fix(source, message) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"sources": [{"name": "town", "feeds": ["https://news.example/feed"], **source}]})
    assert message in str(error.value) and "'town'" in str(error.value) and "querySelector" in str(error.value)


@pytest.mark.parametrize(
    ("key", "value"), [("template_share", 0.0), ("template_share", 1.5), ("template_min_pages", -1)]
)
def test_template_settings_are_range_checked(key, value) -> None:
    with pytest.raises(ConfigError, match=f"key '{key}' has an out-of-range value"):
        parse_config({"extract": {key: value}})


@pytest.mark.parametrize("path", [LEDGER[0]["slug"], "2022/06/01/photo-gallery-monsoon/index.html"])
def test_extraction_reads_the_pages_blocks_from_its_own_parse_as_learning_counts_them(path) -> None:
    """A crawl worker learns from the tree extraction parsed (one parse per page): the same blocks as a
    separate parse gives, for an article and for a page that is no article."""
    body = (PUBLIC / path).read_bytes()
    page = Page(
        "http://x.test/a",
        "http://x.test/a",
        200,
        {"content-type": "text/html; charset=utf-8"},
        body,
        "2024-01-01T00:00:00+00:00",
    )
    try:
        _record, blocks = page_record_and_blocks(page, NormalizeConfig(), learn=True)
    except ExtractError as e:
        assert e.reason == "not_article" and e.metadata is not None
        blocks = e.metadata.blocks
    assert blocks and blocks == template_blocks(body.decode("utf-8"))


def test_a_page_counted_again_drops_the_blocks_it_no_longer_holds(tmp_path) -> None:
    with open_database(tmp_path / "t.db") as db:
        repo.record_blocks(db, page(1), source="town", blocks={"a": "Kept block", "b": "Dropped block"})
        repo.record_blocks(db, page(2), source="town", blocks={"a": "Kept block"})
        repo.record_blocks(db, page(1), source="town", blocks={"a": "Kept block", "c": "New block"})
        counts = dict(db.execute("select fingerprint, pages from site_templates").fetchall())
        assert counts == {"a": 2, "c": 1}
        assert repo.learned_pages(db, "town", "news.example") == 2


def test_the_template_is_read_by_an_index_of_the_blocks_on_two_pages_or_more(tmp_path) -> None:
    # 96% of a site's blocks are one page's own: they need no entry in the index the template is read by.
    with open_database(tmp_path / "t.db") as db:
        (sql,) = db.execute("select sql from sqlite_master where name = 'idx_site_templates_shared'").fetchone()
        assert "where pages >= 2" in sql.lower()
        assert (
            db.execute("select 1 from sqlite_master where name = 'idx_site_templates_source_host_pages'").fetchone()
            is None
        )
        plan = " ".join(
            str(row[-1]) for row in db.execute(f"explain query plan {repo.TEMPLATE_QUERY}", ["town", "news.example", 3])
        )
        assert "idx_site_templates_shared" in plan
