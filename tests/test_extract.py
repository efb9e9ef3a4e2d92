"""`scraper extract` on saved pages: the seed page comes out clean; bad input gets a clear error."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scraper.config import NormalizeConfig
from scraper.errors import ExtractError
from scraper.extract import extract_article
from scraper.extract.article import _drop_header, decode_html, unwrap_lines
from scraper.models import Page
from scraper.normalize.words import count_words
from scraper.records import page_record
from tests.conftest import DATA, SEED_HTML, SEED_TITLE, assert_clean_seed_text

PUBLIC = Path(__file__).parent / "site/public"
SEED_URL = "https://asianlite.example/2021/08/10/us-to-press-taliban-to-stop-military-offensive/"


def test_seed_page_gives_the_dump_record(run) -> None:
    result = run("extract", SEED_HTML, "--url", SEED_URL)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == SEED_TITLE
    assert record["published"] == "2021-08-10T09:12:44+00:00"
    assert record["published_source"] == "jsonld:datePublished"
    assert record["read_time_min"] == 3 and record["read_time_source"] == "page"
    assert record["authors"] == ["Asian Lite News"]
    assert record["site_name"] == "Asian Lantern"
    assert record["language"] == "en"
    assert record["url"] == SEED_URL and record["fetched_at"] is None  # a saved page: no fetch time known
    assert_clean_seed_text(record["text"])
    assert record["word_count"] == count_words(record["text"]) > 400
    assert record["images"] == [
        {
            "url": "https://asianlite.example/wp-content/uploads/2021/08/b52-bomber.jpg",
            "caption": "US B-52 Bomber strike Taliban",
            "credit": "ANI",
        }
    ]
    assert record["extractor_version"].startswith("scraper-")


@pytest.mark.parametrize(
    ("path", "title", "published", "authors", "read_time"),
    [
        (
            "ledger/city/2023/03/14/tram-line-extension-approved.html",
            "Council approves tram line extension to the harbour",
            "2023-03-14T08:30:00+01:00",
            ["Mira Okafor"],
            1,
        ),
        (
            "ledger/business/2023/03/16/bakery-chain-expands.html",
            "Family bakery chain opens its tenth shop",
            "2023-03-16T07:10:00+01:00",
            ["Mira Okafor", "Tom Reyes"],
            1,
        ),
        (
            "talbote/2023/03/12/neue-bruecke-eroeffnet.html",
            "Neue Brücke über die Lenne eröffnet",
            "2023-03-12T14:05:00",
            ["Karin Schulte"],
            2,
        ),
    ],
)
def test_other_templates(path, title, published, authors, read_time) -> None:
    url = "http://127.0.0.1/" + path
    page = Page(url, url, 200, {}, (PUBLIC / path).read_bytes(), "2023-04-01T00:00:00+00:00")
    record = page_record(page, NormalizeConfig())
    assert record.title == title
    assert record.authors == tuple(authors)
    assert record.published == published
    assert (record.read_time_min, record.read_time_source) == (read_time, "page")


def test_ledger_keeps_quotes_and_lists_and_drops_its_chrome() -> None:
    page = PUBLIC / "ledger/world/2023/03/19/night-trains-return.html"
    text = extract_article(page.read_bytes(), "http://127.0.0.1/x").text
    assert "Journey time about 11 hours" in text  # list items stay
    assert "At a glance" in text  # subheading stays
    for chrome in ("Related:", "Read more:", "Most read", "Morning Ledger", "Comments (3)", "Share on", "Skip to"):
        assert chrome not in text, chrome

    page = PUBLIC / "ledger/business/2023/03/17/port-traffic-record.html"
    assert "We are running out of room on the quay" in extract_article(page.read_bytes()).text  # block quote


def test_empty_file_is_a_usage_error(run, tmp_path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run("extract", empty)
    assert result.exit_code == 2
    assert "empty.html" in result.stderr and "empty" in result.stderr


def test_a_binary_file_is_a_usage_error_as_clean_has_it(run, tmp_path) -> None:
    pdf = tmp_path / "report.html"  # a PDF saved under a page's name
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n<</Type /Catalog>>\n" + bytes(range(256)) * 40)
    result = run("extract", pdf)
    assert result.exit_code == 2 and f"{pdf}: the document is binary data" in result.stderr
    assert run("clean", pdf).exit_code == 2


def test_a_text_dump_is_a_usage_error_that_names_clean(run) -> None:
    result = run("extract", DATA / "seed_dump.txt", "--url", "https://example.org/news/1")
    assert result.exit_code == 2 and result.stdout == ""
    assert "seed_dump.txt" in result.stderr and "no HTML markup" in result.stderr and "scraper clean" in result.stderr


def test_a_gzipped_page_is_read_as_the_page_it_holds_and_a_web_archive_is_sent_to_import_warc(run, tmp_path) -> None:
    packed = tmp_path / "saved.bin"  # whatever its name: the bytes say gzip
    packed.write_bytes(gzip.compress(SEED_HTML.read_bytes()))
    expected = run("extract", SEED_HTML, "--url", SEED_URL).stdout
    assert json.loads(expected)["title"] == SEED_TITLE
    assert run("extract", packed, "--url", SEED_URL).stdout == expected
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": 1, "url": SEED_URL, "html_path": "saved.bin"}) + "\n")
    assert_clean_seed_text(json.loads(run("extract", "--batch", batch).stdout)["text"])

    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(packed.read_bytes()[:-100])
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n") + packed.read_bytes())
    for path, message in ((cut, "ends inside its data"), (archive, "scraper import-warc")):
        result = run("extract", path)
        assert result.exit_code == 2 and result.stdout == ""
        assert str(path) in result.stderr and message in result.stderr


def test_standard_input_is_read_as_a_saved_page_gzipped_or_not(run) -> None:
    expected = run("extract", SEED_HTML, "--url", SEED_URL).stdout
    assert json.loads(expected)["title"] == SEED_TITLE
    page = SEED_HTML.read_bytes()
    assert run("extract", "-", "--url", SEED_URL, input=page).stdout == expected
    assert run("extract", "-", "--url", SEED_URL, input=gzip.compress(page)).stdout == expected
    refused = run("extract", "-", SEED_HTML, input=page)  # standard input is one page
    assert refused.exit_code == 2 and "standard input" in refused.stderr and refused.stdout == ""


def test_page_without_an_article_fails_with_exit_1(run) -> None:
    result = run("extract", PUBLIC / "2022/06/01/photo-gallery-monsoon/index.html")
    assert result.exit_code == 1
    assert "not_article" in result.stderr and "5 words" in result.stderr
    record = json.loads(result.stdout)  # the page that is no article keeps what it has: its metadata and status
    assert record["status"] == "not_article" and record["title"] == "Gallery: Monsoon" and record["text"] == ""
    assert record["status_evidence"] == "the article text has 5 words, fewer than 10"


def test_extract_article_raises_a_recorded_reason() -> None:
    with pytest.raises(ExtractError) as info:
        extract_article(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "http://x/")
    assert info.value.reason == "not_article" and info.value.detail == "no article text found on the page"


def test_batch_writes_one_line_per_input_and_goes_on(run, tmp_path) -> None:
    latin1 = tmp_path / "latin1.html"
    latin1.write_bytes(
        (
            "<html><body><article><h1>Caf\xe9 reopens after the long winter break</h1>"
            + "<p>The caf\xe9 on the corner reopened on Monday with a new menu and longer opening hours for guests.</p>"
            + "<p>Regulars said they had missed the coffee and the cakes during the months it was closed.</p>"
            + "</article></body></html>"
        ).encode("latin-1")
    )
    lines = [
        {"id": 1, "url": SEED_URL, "html_path": str(SEED_HTML), "extra": "ignored"},
        {"id": "missing", "url": "", "html_path": "does-not-exist.html"},
        {"id": 3, "html_path": "latin1.html", "encoding": "latin-1"},
        "this is not json",
        {"id": 5, "html_path": str(PUBLIC / "2022/06/01/photo-gallery-monsoon/index.html")},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    result = run("extract", "--batch", batch)
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert [o["id"] for o in out] == [1, "missing", 3, None, 5]  # in input order
    by_id = {o["id"]: o for o in out if o["id"] is not None}
    assert by_id[1]["title"] == SEED_TITLE
    assert_clean_seed_text(by_id[1]["text"])
    assert "not found" in by_id["missing"]["error"]
    assert by_id[3]["title"] == "Café reopens after the long winter break"
    assert by_id[5]["reason"] == by_id[5]["status"] == "not_article" and by_id[5]["title"] == "Gallery: Monsoon"
    assert "5 words" in by_id[5]["error"]
    assert any(o["id"] is None and "invalid JSON" in o["error"] for o in out)


def test_several_files_write_a_line_each_in_order_with_their_paths_as_ids(run, tmp_path) -> None:
    gallery = PUBLIC / "2022/06/01/photo-gallery-monsoon/index.html"
    packed = tmp_path / "seed.html.gz"
    packed.write_bytes(gzip.compress(SEED_HTML.read_bytes()))
    missing = tmp_path / "gone.html"
    files = [SEED_HTML, missing, gallery, packed]
    result = run("extract", *files, "--workers", "2")
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [str(f) for f in files]  # in input order, the unreadable file's line too
    by_id = {o["id"]: o for o in out}
    assert_clean_seed_text(by_id[str(SEED_HTML)]["text"])
    assert by_id[str(packed)]["title"] == by_id[str(SEED_HTML)]["title"] == SEED_TITLE
    assert "not found" in by_id[str(missing)]["error"]
    assert by_id[str(gallery)]["reason"] == "not_article" and by_id[str(gallery)]["title"] == "Gallery: Monsoon"
    assert "extract: 2 records, 2 errors" in result.stderr
    refused = run("extract", SEED_HTML, gallery, "--url", SEED_URL)  # a URL names one page
    assert refused.exit_code == 2 and "--url" in refused.stderr and refused.stdout == ""


def test_extract_needs_file_or_batch(run) -> None:
    result = run("extract")
    assert result.exit_code == 2
    assert "--batch" in result.stderr


@pytest.mark.parametrize(
    ("case", "body", "header", "expected"),
    [
        ("header and page agree", "<meta charset='utf-8'><p>Müller grüßt</p>".encode(), "utf-8", "Müller grüßt"),
        ("a Latin-1 header on a UTF-8 page", "<meta charset='utf-8'><p>Müller grüßt aus Köln</p>".encode(),
         "iso-8859-1", "Müller grüßt aus Köln"),
        ("a UTF-8 header on a Windows-1252 page",
         "<meta charset='windows-1252'><p>Müller grüßt aus Köln, das Café öffnet</p>".encode("cp1252"), "utf-8",
         "Müller grüßt aus Köln, das Café öffnet"),
        ("a byte-order mark wins", b"\xef\xbb\xbf<p>M\xc3\xbcller</p>", "iso-8859-1", "Müller"),
        ("no declaration, not UTF-8", "<p>Müller</p>".encode("cp1252"), None, "Müller"),
        ("an unknown label is ignored", "<meta charset='x-nonsense'><p>Müller</p>".encode(), "bogus", "Müller"),
    ],
)  # fmt: skip
def test_charset_when_header_and_page_disagree(case, body, header, expected) -> None:
    assert expected in decode_html(body, header), case


@pytest.mark.parametrize(
    "body",
    [
        ["The council voted on Tuesday to keep the library open on Sundays, after a petition of four thousand names.",
         "The extra hours will be paid for by closing the reading room on Monday mornings, when few people come."],
        ["市交通运输局表示，城区将新增三条公交线路，并于下周一起试运行，全程票价两元，早晚高峰发车间隔不超过十分钟。",
         "交通部门表示，试运行期间将收集市民意见，根据客流情况调整站点和班次，正式运营时间另行公布，请市民留意。"],
    ],
    ids=["english", "chinese"],
)  # fmt: skip
def test_an_article_only_in_hydration_json_is_found_in_any_script(body) -> None:
    data = {"props": {"pageProps": {"nav": [{"label": "Home"}], "story": {"body": [{"text": t} for t in body]}}}}
    page = (
        "<html><head><title>Story</title></head><body><div id='__next'><div class='spinner'></div></div>"
        f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data, ensure_ascii=False)}</script>"
        "</body></html>"
    )
    assert extract_article(page, "https://example.org/story").text.split("\n\n") == body


def paywalled_page(free: bool | None) -> str:
    """A subscriber article as news sites serve it: the lead shown, the whole body in its JSON-LD."""
    paragraphs = [f"The harbour council met for the {n}th time on the ferry plan, and the debate ran until late "
                  "at night, with residents asking about parking, noise and the old slip." for n in range(4, 14)]  # fmt: skip
    data = {"@type": "NewsArticle", "headline": "Harbour plan passes", "articleBody": "\n\n".join(paragraphs)}
    if free is not None:
        data["isAccessibleForFree"] = free
    return (
        f"<html><head><script type='application/ld+json'>{json.dumps(data)}</script></head><body><article>"
        f"<h1>Harbour plan passes</h1><p>{paragraphs[0]}</p><div class='wall'>Subscribe to read on.</div>"
        "</article></body></html>"
    )


def test_a_subscriber_articles_body_is_taken_from_its_json_ld() -> None:
    record = extract_article(paywalled_page(free=False), "https://news.example/a")
    assert record.text.count("debate ran until late at night") == 10 and "Subscribe" not in record.text
    for free in (True, None):  # a page that does not say it is for subscribers: what it shows
        assert extract_article(paywalled_page(free), "https://news.example/a").text.count("until late") == 1


STANDFIRST_BODY = "".join(
    f"<p>The council's plan for the harbour was debated for {n} hours on Tuesday, and residents spoke at length "
    "about the ferries, the parking and the noise of the new terminal.</p>"
    for n in range(2, 8)
)


def standfirst_page(description: str, shown: str, first: str = "") -> str:
    return (
        f'<html><head><meta name="description" content="{description}"></head><body><article>'
        f"<h1>Harbour plan passes</h1>{shown}<div class='story-body'>{first}{STANDFIRST_BODY}</div>"
        "</article></body></html>"
    )


def test_the_standfirst_above_the_body_starts_the_text_once() -> None:
    lead = "The harbour plan passed by one vote after a night of debate, and the ferries will run from May."
    shown = f"<div class='summary'><b>Harbour.</b> {lead}</div>"
    text = extract_article(standfirst_page(lead, shown), "https://news.example/a").text
    assert text.startswith(f"Harbour. {lead}\n\n") and text.count("the ferries will run from May") == 1
    cut = lead[:85] + "…"  # a description cut short still tells it
    assert extract_article(standfirst_page(cut, shown), "https://news.example/a").text.startswith("Harbour. ")


def test_a_description_the_page_does_not_show_or_already_holds_adds_nothing() -> None:
    lead = "The harbour plan passed by one vote after a night of debate, and the ferries will run from May."
    hidden = extract_article(standfirst_page(lead, ""), "https://news.example/a").text
    assert "the ferries will run from May" not in hidden  # only in the meta tag: no text of the page
    first = f"<p><span class='dropcap'>T</span>{lead[1:]}</p>"  # the body's first paragraph, a drop cap split off
    held = extract_article(standfirst_page(lead, "", first), "https://news.example/a").text
    assert held.count("ferries will run from May") == 1


def test_a_hindi_article_counts_its_words_and_reads_its_read_time(run) -> None:
    # Vowel signs and viramas belong to their words (Python's \w alone splits हिन्दी into three "words"),
    # the read time is the page's own ("3 मिनट में पढ़ें") and the photo credit leaves the caption.
    page = Path(__file__).parent / "data/pages/hindi-news-article.html"
    result = run("extract", page, "--url", "https://www.example.in/desh/delhi-rain-123")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["word_count"] == len(record["text"].split()) == 196
    assert (record["read_time_min"], record["read_time_source"]) == (3, "page")
    assert record["language"] == "hi" and record["authors"] == ["अमित शर्मा"]
    assert record["images"][0]["caption"] == "दिल्ली के आईटीओ पर जलभराव" and record["images"][0]["credit"] == "पीटीआई"


def test_a_figures_picture_is_the_lazy_loaders_not_its_placeholder() -> None:
    # Lazy loaders keep a placeholder in src (inline pixels, a spacer file) until a script swaps in data-src;
    # AMP pages write <amp-img>; a responsive image may have only srcset; a <noscript> holds the real picture.
    figures = [
        ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/harbour.jpg">', "The harbour at dawn."),
        ('<img src="/assets/spacer.gif" data-lazy-src="/img/crane.jpg">', "The new crane."),
        ('<amp-img src="/img/ferry.jpg" width="800" height="450" layout="responsive"></amp-img>', "The ferry."),
        ('<img srcset="/img/quay-400.jpg 400w, /img/quay-800.jpg 800w">', "The quay."),
        ('<img srcset="/crops/w=400,q=90/dock.jpg 400w,/crops/w=800,q=90/dock.jpg 800w">', "The dock."),  # a CDN's
        (
            '<img class="lazy" src="/assets/placeholder.svg">\n<noscript><img src="/img/pier.jpg"></noscript>',
            "The pier.",
        ),
        ('<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E">', ""),  # only a placeholder: no picture at all
    ]
    body = "".join(f"<figure>{img}<figcaption>{caption}</figcaption></figure>" for img, caption in figures)
    prose = "".join(
        f"<p>{'The port authority approved the plan for the eastern quay on Monday. ' * 3}</p>" for _ in range(4)
    )
    html = f"<html><head><title>Port plan</title></head><body><article><h1>Port plan</h1>{body}{prose}</article></body></html>"
    record = extract_article(html, "https://port.example/news/plan")
    assert [(i.url, i.caption) for i in record.images] == [
        ("https://port.example/img/harbour.jpg", "The harbour at dawn."),
        ("https://port.example/img/crane.jpg", "The new crane."),
        ("https://port.example/img/ferry.jpg", "The ferry."),
        ("https://port.example/img/quay-400.jpg", "The quay."),
        ("https://port.example/crops/w=400,q=90/dock.jpg", "The dock."),
        ("https://port.example/img/pier.jpg", "The pier."),  # the picture shown without scripts
    ]


def test_an_arabic_page_reads_its_dateline_in_arabic_indic_digits(run) -> None:
    page = Path(__file__).parent / "data/pages/arabic-rtl-article.html"
    result = run("extract", page, "--url", "https://www.alkhabar.example/economy/gold-prices-123")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["published"], record["published_source"]) == ("2024-07-12", "text")  # "١٢ يوليو ٢٠٢٤"
    assert (record["read_time_min"], record["read_time_source"]) == (5, "page")  # "٥ دقائق للقراءة"
    assert record["authors"] == ["أحمد علي"] and record["language"] == "ar"


def test_a_paragraph_written_over_several_source_lines_is_one_paragraph() -> None:
    # A line break in HTML text is a space; trafilatura's readability fallback keeps it as a line break,
    # which cut such paragraphs into one "paragraph" a source line. Preformatted text keeps its lines, and
    # the whitespace between tags stays as it is (readability weighs text lengths with it).
    html = (
        "<div>\n  <p>Horror stories about the ferry have\n        been commonplace in recent months,\n"
        "        but much is still to be learned.</p>\n  <pre>line one\n  line two</pre>\n</div>"
    )
    assert unwrap_lines(html) == (
        "<div>\n  <p>Horror stories about the ferry have been commonplace in recent months, but much is still "
        "to be learned.</p>\n  <pre>line one\n  line two</pre>\n</div>"
    )
    assert unwrap_lines("<p>a\r\n b</p><PRE>c\nd</PRE><p>e\n f") == "<p>a b</p><PRE>c\nd</PRE><p>e f"


def test_the_text_extractor_runs_after_the_parse_tree_is_gone(monkeypatch) -> None:
    """On a large page our parse tree and the text extractor's trees at once are a worker's peak of memory:
    the tree goes first, on the pruned body's way and on the independent view's (a page whose article
    is only in script data asks for that view)."""
    import gc

    import trafilatura
    from selectolax.lexbor import LexborHTMLParser

    import scraper.extract.text_extractor as text_extractor

    alive: list[int] = []
    extract = trafilatura.extract

    def counting(*args, **kwargs):
        alive.append(sum(isinstance(o, LexborHTMLParser) for o in gc.get_objects()))
        return extract(*args, **kwargs)

    monkeypatch.setattr(text_extractor.trafilatura, "extract", counting)
    assert_clean_seed_text(extract_article(SEED_HTML.read_bytes(), "https://example.org/seed").text)
    body = ["The council voted on Tuesday to keep the library open on Sundays, after a petition of four thousand.",
            "The extra hours will be paid for by closing the reading room on Monday mornings, when few people come."]  # fmt: skip
    data = {"story": {"body": [{"text": t} for t in body]}}
    page = f"<html><body><div id='app'></div><script type='application/json'>{json.dumps(data)}</script></body></html>"
    assert extract_article(page, "https://example.org/story").text.split("\n\n") == body
    assert alive == [0, 0, 0]  # the seed's body, then the script page's body and its view


def test_the_independent_view_is_not_run_when_the_page_holds_too_little_text_for_it_to_win(monkeypatch) -> None:
    """A text too short for an article asks for the second view; when the whole page holds under twice the
    text found, that view cannot win and the text extractor is not run a second time."""
    import trafilatura

    import scraper.extract.text_extractor as text_extractor

    calls: list[str] = []
    extract = trafilatura.extract

    def counting(document, *args, **kwargs):
        calls.append(document)
        return extract(document, *args, **kwargs)

    monkeypatch.setattr(text_extractor.trafilatura, "extract", counting)
    with pytest.raises(ExtractError):
        extract_article("<html><body><h1>Ferry times</h1><p>The ferry runs twice a day from Monday.</p></body></html>")
    assert len(calls) == 1


@pytest.mark.parametrize(
    "body",
    [
        "<table><tr><th>Route</th><th>Fare</th></tr><tr><td>A</td><td>2</td></tr><tr><td>B</td><td>3</td></tr></table>",
        "<h2>Times</h2><ul><li>8:00</li><li>12:00</li></ul><p>The ferry runs twice a day.</p><blockquote>Q</blockquote>",
        "<table><tr><th>Route</th></tr></table>",
    ],
    ids=["table", "list", "lone-head-cell"],
)  # fmt: skip
def test_the_text_extractor_never_writes_more_than_the_bound_the_view_is_skipped_by(body) -> None:
    """The premise of skipping the view: the text extractor's text of an element has no more characters than
    ``_most_chars`` counts for it, separators of table cells included."""
    from scraper.extract.article import _body_text, _most_chars
    from scraper.extract.html import parse_html
    from scraper.extract.metadata import Metadata
    from scraper.normalize.words import chars

    root = parse_html(f"<html><body>{body}</body></html>").body
    text = _body_text(root.html, "", Metadata()).text
    assert text and chars(text) <= _most_chars(root)


@pytest.mark.parametrize("url", ["https://news.test/a/harbour.html", "http://[domain]/a/harbour.html", ""])
def test_urls_that_cannot_be_parsed_are_no_urls_and_no_error(url: str) -> None:
    """A template's placeholder left in a page ("http://[domain]/", a bracketed host that is no IP address,
    which Python's URL parser refuses) in a link, an image, the canonical link, the share image, the logo,
    a teaser and a card, or the page's own URL so written: the article comes out all the same."""
    prose = "".join(
        f"<p>Paragraph {i}: the council met on Tuesday and voted on the harbour plan, which residents have argued "
        "about for two years, and the mayor promised a decision before the summer.</p>"
        for i in range(4)
    )
    bad = "http://[domain]"
    html = (
        f'<html><head><link rel="canonical" href="{bad}/a"><meta property="og:image" content="{bad}/i.jpg">'
        f'</head><body><div class="logo"><h1><a href="{bad}/">News</a></h1></div><article><h1>Harbour plan</h1>'
        f'{prose}<figure><img src="{bad}/p.jpg"><figcaption>The harbour at dawn</figcaption></figure>'
        f'<p>Read the <a href="{bad}/plan">plan</a> here.</p><p><b>Lesen Sie auch:</b> <a href="{bad}/x">Another story '
        f'about the harbour plan</a></p><div><a href="{bad}/y"><h3>Another story about the harbour</h3></a>'
        "<p>Its blurb.</p></div></article></body></html>"
    )
    record = extract_article(html, url)
    assert "Paragraph 3: the council met" in record.text and "Read the plan here." in record.text
    assert record.canonical_url == "" and record.image_url == ""
    assert [image.caption for image in record.images] == ["The harbour at dawn"]


def test_relative_urls_resolve_against_the_pages_base() -> None:
    """A page's <base href> is what its relative URLs resolve against (images, the canonical link, the share
    image), as a browser resolves them; without one, the page's own URL."""
    prose = "".join(
        f"<p>Paragraph {i}: the council met on Tuesday and voted on the harbour plan, which residents have argued "
        "about for two years, and the mayor promised a decision before the summer.</p>"
        for i in range(4)
    )
    body = f'<article><h1>Harbour plan</h1>{prose}<figure><img src="img/quay.jpg"><figcaption>The quay</figcaption>'
    head = '<link rel="canonical" href="news/harbour.html"><meta property="og:image" content="img/share.jpg">'
    page = "https://news.test/2024/05/01/harbour.html"
    for base, root in (
        ('<base href="https://news.test/">', "https://news.test/"),
        ("", "https://news.test/2024/05/01/"),
    ):
        record = extract_article(f"<html><head>{base}{head}</head><body>{body}</figure></article></body></html>", page)
        assert [image.url for image in record.images] == [f"{root}img/quay.jpg"]
        assert record.image_url == f"{root}img/share.jpg" and record.canonical_url == f"{root}news/harbour.html"


def test_the_extraction_libraries_own_log_lines_show_with_vv_only(run, tmp_path) -> None:
    """trafilatura logs "discarding data: URL" for a page without text; the command's own error says what
    came of the page, so the library's line is noise, shown only when debugging (-vv)."""
    page = tmp_path / "photos.html"
    page.write_text('<html><body><img src="a.jpg"><img src="b.jpg"></body></html>', encoding="utf-8")
    quiet = run("extract", page)
    assert "not_article" in quiet.stderr and "discarding data" not in quiet.stderr
    assert "discarding data" in run("extract", page, "-vv").stderr


def short_story(header: str, body: str) -> str:
    """A short story whose <article> holds its header: short enough that the text extractor takes the
    element whole."""
    return (
        "<html><head><title>Bridge reopens | Valley News</title></head><body><article>"
        f"<header><h1>Bridge reopens</h1>{header}</header><div class='body'>{body}</div>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    "header",
    [
        "<p class='byline'>By Ann Lee, Transport Reporter</p><time datetime='2024-03-02'>2 March 2024</time>",
        "<div class='entry-meta'>Posted on <time datetime='2024-03-02'>March 2, 2024</time> by <a>Ann Lee</a></div>",
    ],
)
def test_a_short_storys_header_run_into_its_text_is_cut_off(header) -> None:
    body = "<p>The bridge on Mill Lane reopened on Saturday after repairs to its railings.</p>"
    record = extract_article(short_story(header, body), "https://news.example/bridge")
    assert record.text == "The bridge on Mill Lane reopened on Saturday after repairs to its railings."
    assert record.title == "Bridge reopens" and record.authors[0] == "Ann Lee" and record.published_raw


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bridge reopens\nThe bridge reopened.", "The bridge reopened."),  # the headline's own line
        ("Bridge reopens By Ann Lee 2 March 2024 The bridge reopened.\nMore.", "The bridge reopened.\nMore."),
        ("Bridge reopens Posted on March 2 by Ann Lee The bridge reopened.", "The bridge reopened."),
        # no piece of the header after it: the headline's words start the first sentence
        ("Bridge reopens on Mill Lane after a month.", "Bridge reopens on Mill Lane after a month."),
        ("Bridge reopens By Ann Lee", "Bridge reopens By Ann Lee"),  # nothing after the header: left alone
        ("Bridge reopensBy Ann Lee The bridge reopened.", "Bridge reopensBy Ann Lee The bridge reopened."),
    ],
)
def test_the_headline_and_its_header_are_cut_from_the_texts_start(text, expected) -> None:
    header = ("By Ann Lee", "2 March 2024", "Posted on", "March 2", "by", "Ann Lee")
    assert _drop_header(text, "Bridge reopens", header) == expected
