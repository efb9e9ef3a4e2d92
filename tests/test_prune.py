"""Pruning does no harm: each mechanism that decides what is chrome, on the smallest page that shows it."""

from __future__ import annotations

from scraper.extract import extract_article
from scraper.extract.html import parse_html, prune_lightly, prune_surely
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


def test_a_noscript_that_holds_the_page_is_shown_and_the_others_go() -> None:
    html = (
        '<html><body><noscript><img src="/pixel.gif"></noscript><div id="app">Loading…</div>'
        f"<noscript><main><h1>Ferries</h1>{paragraphs(3)}</main></noscript>"
        "<noscript>Please enable JavaScript.</noscript></body></html>"
    )
    text = extract_article(html).text
    assert "Paragraph 0." in text and "Paragraph 2." in text
    assert "enable JavaScript" not in text


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
