"""Pruning does no harm: each mechanism that decides what is chrome, on the smallest page that shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.errors import ExtractError
from scraper.extract import extract_article
from scraper.extract.flight import flight_data
from scraper.extract.html import _short_texts, parse_html, prune_lightly, prune_surely, strip_chrome, subheadings
from scraper.extract.metadata import read_metadata
from scraper.extract.prose import find_article_block

SENTENCE = "The council met on Tuesday, and residents asked about the budget, the roads and the schools. "


def paragraphs(n: int, word: str = "Paragraph") -> str:
    return "".join(f"<p>{word} {i}. {SENTENCE * 2}</p>" for i in range(n))


def block_of(html: str) -> tuple[str, str]:
    """(tag, class) of the article block that the page's pruning finds."""
    tree = parse_html(html)
    meta = read_metadata(tree, "", html)
    prune_surely(tree)
    found = find_article_block(tree, meta.headline)
    assert found is not None
    return found.node.tag or "", found.node.attributes.get("class") or ""


def test_subheadings_are_the_headings_between_the_blocks_paragraphs() -> None:
    sentence = "A paragraph of the article, long enough to be one, with a full sentence in it and then some more."
    block = parse_html(
        f"<div><h2>Key points</h2><p>{sentence}</p><h3>How it started</h3><p>Short.</p><p>{sentence}</p>"
        f"<h2>What comes next</h2><p>{sentence}</p><h2>Comments</h2><h3>You may also like</h3><p>Short.</p></div>"
    ).css_first("div")
    assert block is not None
    # before the first paragraph and after the last: the block's opening and its closing boxes' titles
    assert subheadings(block) == ["How it started", "What comes next"]
    assert subheadings(parse_html(f"<div><h2>Alone</h2><p>{sentence}</p></div>").css_first("div")) == []


def test_a_noscript_that_holds_the_page_is_shown_and_the_others_go() -> None:
    html = (
        '<html><body><noscript><img src="/pixel.gif"></noscript><div id="app">Loading…</div>'
        f"<noscript><main><h1>Ferries</h1>{paragraphs(3)}</main></noscript>"
        "<noscript>Please enable JavaScript.</noscript></body></html>"
    )
    text = extract_article(html).text
    assert "Paragraph 0." in text and "Paragraph 2." in text
    assert "enable JavaScript" not in text


def test_a_noscript_that_only_asks_for_javascript_is_no_article_and_the_evidence_quotes_it() -> None:
    notice = "We're sorry but Courier doesn't work properly without JavaScript enabled. Please enable it to continue."
    with pytest.raises(ExtractError) as raised:
        extract_article(f'<html><body><noscript><strong>{notice}</strong></noscript><div id="app"></div></body></html>')
    assert raised.value.reason == "not_article" and notice in raised.value.detail
    # the page a script renders, in a noscript that also asks for JavaScript in a sentence of its own
    page = f"<noscript><p>This page works best with JavaScript enabled.</p><main><h1>Ferries</h1>{paragraphs(2)}</main>"
    text = extract_article(f'<html><body>{page}</noscript><div id="app"></div></body></html>').text
    assert "Paragraph 0." in text and "Paragraph 1." in text


def test_a_noscript_beside_a_visible_article_goes() -> None:
    html = (
        f"<html><body><main><h1>Ferries</h1>{paragraphs(3)}</main>"
        f"<noscript><div>{paragraphs(1, 'Fallback')}</div></noscript></body></html>"
    )
    text = extract_article(html).text
    assert "Paragraph 2." in text and "Fallback" not in text


def test_teaser_cards_between_paragraphs_do_not_make_the_body_a_listing() -> None:
    card = '<article class="teaser"><a href="/other"><h3>Read also: another story</h3></a></article>'
    html = (
        '<html><body><article class="story"><header><h1>Trams</h1><div class="dates">Published 02.05.2024 - 09:15'
        f'</div></header><div class="bodytext">{paragraphs(2)}{card}{paragraphs(2, "More")}{card}</div>'
        "</article></body></html>"
    )
    assert block_of(html) == ("div", "bodytext")
    text = extract_article(html).text
    assert "More 1." in text and "Read also" not in text


def test_a_card_is_a_linked_headline_with_its_picture_and_blurb_and_only_a_card_goes() -> None:
    def card(href: str, blurb: str = "The buses go back to the depot while the city looks for a supplier") -> str:
        return (
            f'<div class="x1"><div class="x2"><a href="{href}"><img src="/b.jpg" alt=""></a></div>'
            f'<div class="x3"><a href="{href}"><h5>Hydrogen bus trial ends early</h5></a><p>{blurb}</p></div></div>'
        )

    def text(*cards: str) -> str:
        html = f'<html><body><div class="x0"><h1>Ferries</h1>{paragraphs(3)}{"".join(cards)}</div></body></html>'
        return extract_article(html, "https://example.org/news/ferries.html").text

    assert "go back to the depot" not in text(card("/news/buses.html"))  # another story of the site: a card
    assert "go back to the depot" not in text(card("https://example.org/news/buses.html"))
    assert "go back to the depot" in text(card("https://other.example/buses.html"))  # another site's: a source
    assert "go back to the depot" in text(card("/news/ferries.html#part-2"))  # the page itself: its own part
    long_blurb = "The buses go back to the depot, the drivers said. " + SENTENCE * 5  # a section, not a blurb
    assert "go back to the depot" in text(card("/news/buses.html", long_blurb))
    # a linked subheading among the body's paragraphs is no card: its container holds the whole body
    html = (
        '<html><body><div class="x0"><h1>Ferries</h1>'
        f'{paragraphs(2)}<h3><a href="/news/batteries.html">How the shore batteries work</a></h3>'
        f"{paragraphs(2, 'Batteries')}</div></body></html>"
    )
    assert "Batteries 1." in extract_article(html, "https://example.org/news/ferries.html").text


def test_a_months_calendar_goes_and_a_ranking_or_a_table_of_figures_stays() -> None:
    def table(cells: list[str], head: str = "") -> str:
        rows = ("".join(f"<td>{c}</td>" for c in cells[i : i + 7]) for i in range(0, len(cells), 7))
        return f"<table>{head}{''.join(f'<tr>{row}</tr>' for row in rows)}</table>"

    def text(table: str, *, inside: bool) -> str:
        body = f"{paragraphs(3)}{table}</div>" if inside else f"{paragraphs(3)}</div><div>{table}</div>"
        return extract_article(f"<html><body><div><h1>Ferries</h1>{body}</body></html>").text

    weekdays = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    days = [str(d) for d in range(1, 31)]
    eastern_arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    head = "<caption>April 2025</caption><tr>" + "".join(f"<th>{w}</th>" for w in weekdays) + "</tr>"
    assert "| 14 |" not in text(table(["", *days], head), inside=False)
    assert "| 14 |" not in text(table(["April 2025", *weekdays, "30", "31", *days]), inside=False)  # March's days
    assert "| ١٤ |" not in text(table([d.translate(eastern_arabic) for d in days]), inside=True)
    ranking = "<table>" + "".join(f"<tr><td>{i}</td><td>Rank holder {i}</td></tr>" for i in range(1, 31)) + "</table>"
    figures = "<table>" + "".join(f"<tr><td>{i}</td><td>{i * 7 % 31}</td></tr>" for i in range(1, 31)) + "</table>"
    assert "| 14 |" in text(ranking, inside=True)
    assert "| 14 |" in text(figures, inside=True)


def test_the_pages_own_names_make_no_chrome_and_no_gallery() -> None:
    """<html> and <body> carry the page's kind ("single-gallery", "has-sidebar"): on a page without an article
    block they are no gallery to take and no chrome to remove (<html> cannot be removed at all), so the page
    is reported as having no article, not as a crash; with an article, its text comes out."""
    for page in (
        '<html class="gallery"><head><title>Photos</title></head></html>',  # a page cut off in its head
        '<html><body class="single-gallery"><div>Nothing here</div></body></html>',
        '<html id="sidebar"><body class="page-sidebar"><p>Short.</p></body></html>',
    ):
        with pytest.raises(ExtractError):
            extract_article(page, "https://news.test/a")
    html = f'<html class="gallery"><body class="has-sidebar"><div><h1>Ferries</h1>{paragraphs(3)}</div></body></html>'
    assert "Paragraph 2." in extract_article(html).text


def test_a_container_of_teaser_articles_is_no_article_block() -> None:
    teasers = "".join(f'<article class="card"><h3>Story {i}</h3>{paragraphs(1, "Teaser")}</article>' for i in range(4))
    html = f'<html><body><div class="river">{teasers}</div><div class="story">{paragraphs(2)}</div></body></html>'
    assert block_of(html) == ("div", "story")


def test_an_article_element_with_only_the_header_does_not_confine_the_block() -> None:
    html = (
        '<html><body><article class="story-header"><h1>Mill</h1><div class="dates">Published 02.05.2024 - 09:15'
        f'</div></article><div class="field-body">{paragraphs(4)}</div></body></html>'
    )
    assert block_of(html) == ("div", "field-body")


def test_a_headline_article_with_its_body_confines_the_block() -> None:
    html = (
        f'<html><body><article class="story"><h1>Mill</h1><div class="body">{paragraphs(3)}</div></article>'
        f'<article class="next"><h2>Next</h2><div class="body next-body">{paragraphs(5, "Next")}</div></article>'
        "</body></html>"
    )
    assert block_of(html) == ("div", "body")


def test_a_gallery_with_paragraphs_beside_its_slides_is_the_story_and_a_caption_gallery_goes() -> None:
    slides = "".join(f'<li><img src="/{i}.jpg"><p>Slide {i}. {SENTENCE}</p></li>' for i in range(6))
    html = (
        f'<html><body><h1>Cinema</h1><div class="intro">{paragraphs(4)}</div>'
        f'<div class="inline-gallery"><figure><img src="/a.jpg"><figcaption>A caption</figcaption></figure>'
        f'{paragraphs(3, "Story")}</div><div class="photo-gallery"><ul>{slides}</ul></div></body></html>'
    )
    record = extract_article(html)
    assert "Story 2." in record.text
    assert "Slide" not in record.text
    assert "Slide 3." in " ".join(image.caption for image in record.images)


def test_the_second_view_keeps_link_lists_and_never_removes_the_page() -> None:
    links = "".join(f'<li><a href="/{i}">Link number {i} of the roundup, worth reading</a></li>' for i in range(8))
    tree = parse_html(
        f'<html class="gallery-page"><body class="slideshow"><nav><a href="/">Home</a></nav><h1>Roundup</h1>'
        f'<ul class="roundup">{links}</ul>{paragraphs(1)}</body></html>'
    )
    prune_lightly(tree)
    assert tree.body is not None
    text = tree.body.text()
    assert "Link number 7" in text and "Paragraph 0." in text
    assert "Home" not in text


def test_the_second_view_removes_teaser_cards_of_the_sites_other_stories() -> None:
    """A short story above cards of the site's other stories (a linked headline and a blurb each): the view
    that is asked when the text is short for the page's prose leaves the cards out, as pruning does, so
    their blurbs cannot outweigh the story."""
    blurb = "Traders will move to a temporary site in the car park, while the roof and the clock tower are repaired."
    cards = "".join(
        f"<div class='teaser'><h3><a href='/news/{i}'>Story {i}</a></h3><p>{blurb}</p></div>" for i in range(6)
    )
    story = "<p>The council approved the new cycle lane on Station Road on Tuesday, after a vote of nine to four.</p>"
    html = f"<html><body><article><h1>Cycle lane approved</h1>{story}</article><section>{cards}</section></body></html>"
    tree = parse_html(html)
    prune_lightly(tree, page_url="https://town.example/news/cycle-lane")
    assert tree.body is not None
    assert "cycle lane" in tree.body.text() and "Traders" not in tree.body.text()
    text = extract_article(html, "https://town.example/news/cycle-lane").text
    assert "Station Road" in text and "Traders" not in text


def flight_page(*chunks: str) -> str:
    pushes = "".join(f"<script>self.__next_f.push([1,{json.dumps(chunk)}])</script>" for chunk in chunks)
    return f"<html><body><main>Loading…</main><script>(self.__next_f=self.__next_f||[]).push([0])</script>{pushes}"


def test_flight_rows_are_joined_across_chunks_and_text_rows_replace_their_references() -> None:
    body = "<p>Zürich’s trams — " + "all night long. " * 5 + "</p>"  # multi-byte characters: T counts bytes
    stream = (
        '1:I["app/page",["chunk.js"],"default"]\n:HL["/app.css","style"]\n'
        f'0:["$","$L1",null,{{"detail":{{"contentHtml":"$a","title":"Trams"}}}}]\n'
        f"a:T{len(body.encode()):x},{body}"
        '2:["$","p",null,{"children":"$$5 a ticket"}]\n'
    )
    data = flight_data(parse_html(flight_page(stream[:40], stream[40:97], stream[97:])))
    assert data[0] == ["$", "$L1", None, {"detail": {"contentHtml": body, "title": "Trams"}}]
    assert data[1] == ["$", "p", None, {"children": "$$5 a ticket"}]


def test_broken_flight_payloads_are_skipped_not_raised() -> None:
    broken = ("0:[unclosed\n", "1:Tzz,text", "no rows at all", '2:{"a":' + "[" * 5000 + "\n")
    assert flight_data(parse_html(flight_page(*broken))) == []
    assert flight_data(parse_html("<html><body><script>var x = 1;</script></body></html>")) == []


def test_an_article_only_in_a_flight_payload_is_found() -> None:
    paragraphs_html = "".join(f"<p>{i}. {SENTENCE * 2}</p>" for i in range(4))
    stream = (
        f'0:["$","$L1",null,{{"state":{{"article":{{"contentHtml":"$b"}}}}}}]\n'
        f"b:T{len(paragraphs_html.encode()):x},{paragraphs_html}"
    )
    text = extract_article(flight_page(stream)).text
    assert text.count("The council met on Tuesday") == 8
    assert "Loading" not in text


def test_a_layout_table_gives_paragraphs_and_its_data_table_stays_a_table() -> None:
    html = (Path(__file__).parent / "data/pages/layout-table-page.html").read_text(encoding="utf-8")
    tree = parse_html(html)
    prune_surely(tree)
    assert [t.attributes.get("class") for t in tree.css("table")] == ["OddEven"]
    text = extract_article(html, "https://weekly.example/Articles/617226/").text
    paragraphs_out = text.split("\n\n")
    assert any(p.startswith("A year after the office suite") and p.endswith("doing the work.") for p in paragraphs_out)
    assert any(p.startswith("The smaller project has made two releases") for p in paragraphs_out)
    assert "Front page" not in text


def test_a_data_table_with_headings_in_its_header_cells_stays_a_table() -> None:
    rows = "".join(f"<tr><td>{n} g</td><td>Ingredient {n}</td></tr>" for n in range(5))
    table = f'<table class="ingredients"><thead><tr><th colspan="2"><h3>For the pastry:</h3></th></tr></thead>{rows}</table>'
    tree = parse_html(f"<html><body><article><h1>Cake</h1>{paragraphs(3)}{table}</article></body></html>")
    prune_surely(tree)
    assert tree.css_first("table.ingredients") is not None
    assert len(tree.css("table.ingredients td")) == 10


def test_a_form_the_reader_types_into_takes_its_box_but_a_row_of_buttons_takes_nothing() -> None:
    # A sign-up box beside the article goes with its pitch; the header's text-size buttons are a form too,
    # and the standfirst beside them stays.
    html = (
        "<html><body><div><h1>Harbour dredging approved</h1>"
        "<p>The board voted five to two for the channel plan.</p>"
        "<form><input type=hidden name=size><button>A-</button><button>A+</button></form></div>"
        f"<div><div>{paragraphs(6)}</div></div>"
        "<div><div><h4>The morning briefing</h4><p>Our best stories, every weekday at seven.</p>"
        "<form><input type=email placeholder='Your email'><button>Sign up</button></form></div></div>"
        "</body></html>"
    )
    text = extract_article(html).text
    assert "The board voted five to two for the channel plan." in text
    assert "Paragraph 5." in text
    assert "The morning briefing" not in text and "every weekday at seven" not in text


def test_a_form_box_counts_the_words_of_scripts_without_spaces() -> None:
    # A long Chinese blurb beside a search field is more than a form's box: it stays for the text extractor.
    blurb = "本市今年将新建三座公园并改造旧城区的街道和广场，以方便居民出行和休闲。" * 3
    html = (
        "<html><body><div><article><h1>港口疏浚计划获批</h1>"
        f"<div>{''.join(f'<p>第{i}段。{blurb}</p>' for i in range(6))}</div></article>"
        f"<div><p>{blurb}</p><div><form><input type=search></form></div></div>"
        "</div></body></html>"
    )
    tree = parse_html(html)
    strip_chrome(tree, "", headline=read_metadata(tree, "", html).headline)
    assert tree.body is not None and tree.body.text().count(blurb) == 7


def test_a_reply_form_inside_the_article_block_takes_nothing_of_the_text() -> None:
    # A body in two sibling parts, the second with a feedback box: that part is the article's, not comments.
    html = (
        "<html><body><div><h1>Harbour dredging approved</h1>"
        f"<div>{paragraphs(5, 'First')}</div>"
        f"<div>{paragraphs(3, 'Second')}<div><p>Tell us what you think.</p><form><textarea></textarea></form></div>"
        "</div></div></body></html>"
    )
    text = extract_article(html).text
    assert "First 4." in text and "Second 0." in text and "Second 2." in text


def test_a_reply_form_never_takes_the_headline_with_it() -> None:
    # A post that is a list, a sidebar poem with more prose, the post's comment form: the article block is
    # the poem, but the section around the form holds the headline, so the post stays.
    items = "".join(
        f"<li>Film {i}: a nearly wordless visual narrative of two stories, told in {i + 2} parts.</li>"
        for i in range(4)
    )
    poem = "".join(
        f"<p>Wunderbar ist das Gehen, Zeile {i}, und des Gehens Bewegung schwingt weit.</p>" for i in range(5)
    )
    html = (
        "<html><head><title>Derek Jarman and The Garden</title></head><body>"
        f"<div><div><h1>Derek Jarman and The Garden</h1><ul>{items}</ul></div>"
        "<div><h3>Leave a reply</h3><form><textarea></textarea></form></div></div>"
        f"<div><div>{poem}</div></div></body></html>"
    )
    tree = parse_html(html)
    strip_chrome(tree, "", headline=read_metadata(tree, "", html).headline)
    assert tree.body is not None and "Film 3: a nearly wordless" in tree.body.text()


def test_chrome_names_in_the_pages_own_language_mark_its_chrome() -> None:
    # A reader's comment under a German article, its box named in German: not the article's text.
    comments = (
        '<section class="artikel-kommentare"><h3>Kommentare</h3><div class="kommentar"><b>Harzer66</b>'
        "<p>Ach ja, es gab dieses Jahr echt Regen, und die Natur gleicht sich nun wieder aus, so ist das halt.</p>"
        '</div><div class="kommentar"><b>Leser12</b><p>Ich finde den Artikel gut geschrieben und sehr informativ '
        "für alle, die im Harz wohnen und wandern.</p></div></section>"
    )
    html = f"<html><body><article><h1>Regen im Harz</h1>{paragraphs(4)}{comments}</article></body></html>"
    text = extract_article(html).text
    assert "Paragraph 3." in text and "Harzer66" not in text and "informativ" not in text


def test_short_texts_are_the_elements_within_the_limit_and_their_containers_are_not_read() -> None:
    # A copyright line and a teaser-sized paragraph stay; the long paragraph is refused, and so are the
    # elements around it, without their (page-sized) text being built.
    html = (
        '<div id="page"><div id="story"><p id="long">' + SENTENCE * 4 + '</p><p id="line">© 2024 The Gazette</p>'
        '</div><div id="footer"><span id="note">Short note</span></div></div>'
    )
    tree = parse_html(html)
    nodes = tree.css("div, p, span")
    read: list[str] = []

    def sized(text: str) -> str | None:
        read.append(text)
        return text.strip() if len(text.strip()) <= 100 else None

    found = _short_texts(nodes, sized)
    assert [(node.id, text) for node, text in found] == [
        ("line", "© 2024 The Gazette"),
        ("footer", "Short note"),
        ("note", "Short note"),
    ]
    naive = [(n.id, t) for n in nodes if (t := sized(n.text(separator=" "))) is not None]
    assert naive == [(node.id, text) for node, text in found]
    read.clear()
    _short_texts(nodes, sized)
    assert len(read) == 4  # long, line, note, footer: not "story" nor "page", which hold the long paragraph


def _feed(live: bool, *, listed: bool = False) -> str:
    """A page of three headed entries, each an ``<article>`` (in a list item when ``listed``), typed a live
    blog in its JSON-LD when ``live``."""
    entries = "".join(
        ("<li>" if listed else "")
        + f"<article class='entry'><header><h2>Entry {i}</h2></header><div class='entry-body'>{paragraphs(2, f'Entry {i}')}"
        + "</div></article>"
        + ("</li>" if listed else "")
        for i in range(3)
    )
    feed = f"<ol class='feed'>{entries}</ol>" if listed else f"<div class='feed'>{entries}</div>"
    kind = "LiveBlogPosting" if live else "WebPage"
    ld = json.dumps({"@context": "https://schema.org", "@type": kind, "headline": "Council live"})
    return (
        f"<html><head><script type='application/ld+json'>{ld}</script></head>"
        f"<body><main><h1>Council live</h1>{feed}</main></body></html>"
    )


def test_a_live_blogs_entries_are_its_article_not_teasers() -> None:
    """On a page that says it is a live blog, the ``<article>`` entries are the article's parts: the block is
    the feed that holds them all. Elsewhere a container of several ``<article>`` elements is a list of teasers,
    and the block is no wider than one of them."""
    html = _feed(live=True)
    tree = parse_html(html)
    meta = read_metadata(tree, "", html)
    assert meta.live_blog
    found = find_article_block(tree, meta.headline, live_blog=meta.live_blog)
    assert found is not None and found.node.attributes.get("class") == "feed"
    assert block_of(_feed(live=False)) == ("div", "entry-body")


@pytest.mark.parametrize("listed", [False, True], ids=["articles", "list-items"])
def test_a_live_blogs_entries_are_opened_for_the_text_extractor(listed: bool) -> None:
    """The text extractor reads a page's first ``<article>`` as its whole article and drops headings inside
    list items: a live blog's entries are opened into the feed, and every entry, heading and text, comes out."""
    html = _feed(live=True, listed=listed)
    tree = parse_html(html)
    meta = read_metadata(tree, "", html)
    pruned = strip_chrome(tree, "", headline=meta.headline, live_blog=True)
    assert pruned.block is not None and not pruned.block.css("article, li")
    text = extract_article(html).text
    for i in range(3):
        assert f"Entry {i}\n" in text and f"Entry {i} 1. The council met" in text
    assert "Entry 1 1. The council met" not in extract_article(_feed(live=False, listed=listed)).text


COMMENT = ("Congratulations, we built ours from a kit, three years ago, and the first summer gave us the best "
           "tomatoes we have grown, especially the yellow ones, and the peppers did well too. ")  # fmt: skip


def comment_thread(n: int) -> str:
    """A list of ``n`` comments, each longer and with more commas than a short post: each a candidate block."""
    return (
        "<ol>" + "".join(f"<li><div class='comment-content'><p>{COMMENT}{i}</p></div></li>" for i in range(n)) + "</ol>"
    )


def test_a_short_post_above_longer_comments_is_the_block() -> None:
    """Of the candidate blocks within reach of the best, the first in the page wins, also when more than
    the best few are ahead of it: a one-paragraph post above six longer comments, each a candidate."""
    post = "We finished the greenhouse this weekend, after three months of evenings, one ladder and two panes, at last."
    html = (
        f"<html><body><article><h1>The greenhouse is done</h1><div class='entry-content'><p>{post}</p></div>"
        f"</article>{comment_thread(6)}</body></html>"
    )
    assert block_of(html) == ("div", "entry-content")


def test_a_one_line_post_in_its_article_is_the_block_above_its_comments() -> None:
    """A post of one sentence in its ``<article>`` (headline in the article's header, the sentence in its
    body) is the article, not the longer comments below it, which score far more: the headline's article
    holds a body of its own. An ``<article>`` that is only the headline's box is no such body."""
    post = "<div class='entry-content'><p>The greenhouse is finished at last.</p></div>"
    html = (
        f"<html><body><article><header><h1>The greenhouse is done</h1></header>{post}</article>"
        f"{comment_thread(6)}</body></html>"
    )
    assert block_of(html) == ("div", "entry-content")
    header_only = html.replace(f"</header>{post}</article>", "</header></article>")
    assert block_of(header_only) == ("div", "comment-content")
