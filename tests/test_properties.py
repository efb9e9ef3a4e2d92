"""Property-based tests (hypothesis): URL canonicalization, date and read-time parsing, the text cleaner and
extraction never raise an unexpected exception on any input, and their invariants hold. The number of
examples per property is the profile's (tests/conftest.py): 200, or 5,000 with HYPOTHESIS_PROFILE=thorough."""

from __future__ import annotations

import sys
from datetime import date, datetime
from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from scraper.config import NormalizeConfig
from scraper.discover import canonicalize_url
from scraper.errors import ExtractError
from scraper.extract.dump import clean_dump
from scraper.extract.text import clean_text
from scraper.models import Article, Page
from scraper.normalize.dates import parse_date
from scraper.normalize.read_time import parse_read_time
from scraper.normalize.words import COUNTED_SPACES, LONG_TEXT, SPACELESS, SPACES, WORD, chars, count_words
from scraper.records import page_record
from tests.hostile import ARTICLE, page

FETCHED = "2024-06-01T12:00:00+00:00"

# -- URLs -------------------------------------------------------------------------------------------
host = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z]{2,6}){1,2}", fullmatch=True)
segment = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
urls = st.one_of(
    st.builds(
        lambda scheme, h, port, path, query, fragment: f"{scheme}://{h}{port}/{'/'.join(path)}{query}{fragment}",
        st.sampled_from(["http", "https", "HTTP", "Https"]),
        host,
        st.sampled_from(["", ":80", ":443", ":8080", ":0", ":99999"]),
        st.lists(segment, max_size=4),
        st.sampled_from(["", "?", "?b=2&a=1", "?utm_source=x&id=5", "?a=%zz", "?q=caf%C3%A9"]),
        st.sampled_from(["", "#top", "#"]),
    ),
    st.text(max_size=80),
)


@given(urls)
@example("http://[::1/")
@example("https://news.example:99999/a")
@example("javascript:alert(1)")
def test_canonicalizing_never_raises_and_twice_changes_nothing(url: str) -> None:
    canonical = canonicalize_url(url)
    if canonical is None:
        return
    assert urlsplit(canonical).scheme in ("http", "https") and "#" not in canonical
    assert canonicalize_url(canonical) == canonical


# -- dates ------------------------------------------------------------------------------------------
date_like = st.builds(
    lambda y, m, d, shape: shape.format(y=y, m=m, d=d),
    st.integers(-50, 12_000),
    st.integers(-1, 14),
    st.integers(-1, 33),
    st.sampled_from(["{y}-{m:02}-{d:02}", "{d}.{m}.{y}", "{m}/{d}/{y}", "{d} March {y}", "{y}-{m:02}-{d:02}T25:61:00Z",
                     "Published {d}/{m}/{y} at 10:00", "{y}", "{d} days ago", "{y}-{m}-{d}T10:00:00+99:00"]),
)  # fmt: skip


@given(st.one_of(date_like, st.text(max_size=60)), st.sampled_from([None, "en", "de", "en-GB", "fr", "xx-YY"]))
@example("2024-02-30T10:00:00+00:00", None)
@example("-2000-01-01", "en")
def test_a_parsed_date_is_a_real_calendar_date_or_nothing(raw: str, language: str | None) -> None:
    parsed = parse_date(raw, fetched_at=FETCHED, language=language)
    if parsed is None:
        return
    day = date.fromisoformat(parsed[:10])  # raises unless it is a real day
    assert 1990 <= day.year <= 2025
    if len(parsed) > 10:
        assert datetime.fromisoformat(parsed).date() == day
    assert parse_date(parsed, fetched_at=FETCHED, language=language) == parsed  # its own output reads back the same


# -- read times -------------------------------------------------------------------------------------
read_time_like = st.builds(
    lambda n, unit, words: f"{n} {unit} {words}".strip(),
    st.integers(-5, 100_000),
    st.sampled_from(["min", "mins", "minutes", "Min.", "分", "hours", ""]),
    st.sampled_from(["read", "Lesezeit", "reading time", "to read the rules", "", "read · 3 comments"]),
)


@given(st.one_of(read_time_like, st.text(max_size=80)))
def test_a_read_time_is_a_whole_number_of_minutes_the_line_states_or_nothing(line: str) -> None:
    minutes = parse_read_time(line)
    if minutes is not None:
        assert 0 <= minutes <= 999 and str(minutes) in line


# -- word counts ------------------------------------------------------------------------------------
# Letters, digits, combining marks (an accent, Devanagari's vowel signs and virama, an Arabic vowel point,
# an emoji's variation selector), punctuation and spaces, spaceless scripts (Thai, kana, Han, Hangul), a lone
# surrogate and characters beyond the first plane (an emoji, a Han extension).
MIXED = (
    "ab Z_9.,’—\n\t\u00e9\u00df\u0130\u0301\u00b2\u2160\u0660\u0939\u093f\u094d\u0964\u064e\u2764\ufe0f"
    "\u0e01\u3042\u4e00\ud7a3\ud800\U0001f600\U00020000"
)
long_texts = st.one_of(
    st.text(st.sampled_from(MIXED[:-2]), min_size=LONG_TEXT, max_size=2 * LONG_TEXT),  # counted in numpy
    st.text(st.sampled_from(MIXED), min_size=LONG_TEXT, max_size=2 * LONG_TEXT),
    st.text(min_size=LONG_TEXT, max_size=2 * LONG_TEXT),
)


@given(st.one_of(long_texts, st.text(st.characters(max_codepoint=127)), st.text(st.sampled_from("ab Z_9.,-\n"))))
def test_a_texts_words_are_counted_as_the_regular_expressions_count_them(text: str) -> None:
    """Long texts (counted in numpy) and ASCII ones (counted in bytes) as the regular expressions count."""
    spaced, spaceless = SPACELESS.subn(" ", text)
    assert count_words(text) == len(WORD.findall(spaced)) + spaceless


@given(
    st.one_of(
        st.text(st.characters(max_codepoint=127)),
        st.text(st.sampled_from(" \t\n\x0b\x1c\x1f\x85\u3000ab")),
        st.text(st.sampled_from(SPACES + "ab\u00e9\u4e00\U0001f600"), min_size=COUNTED_SPACES, max_size=600),
        st.text(min_size=COUNTED_SPACES, max_size=600),
    )
)
def test_a_texts_characters_are_those_outside_whitespace_as_split_finds_it(text: str) -> None:
    assert chars(text) == len("".join(text.split()))


def test_the_spaces_counted_are_every_character_split_splits_at() -> None:
    assert set(SPACES) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


# -- the text cleaner ---------------------------------------------------------------------------------
chrome = st.sampled_from(["Previous Story", "Next Story", "ALSO READ: Taliban seize city", "Go toTop", "Don't Miss",
                          "3 mins read", "August 10, 2021", "Latest from -Top News", "Share this:"])  # fmt: skip
prose = st.sampled_from([
    "The harbour council voted on Tuesday to build the new ferry terminal.",
    "Residents argued for two years, and the port authority finally agreed.",
    "“We are delighted,” the mayor said after the vote.",
])  # fmt: skip
dumps = st.lists(st.one_of(chrome, prose, st.text(max_size=40)), max_size=25).map("\n".join)


@given(dumps)
def test_the_cleaner_only_drops_lines_and_keeps_no_chrome_lines(dump: str) -> None:
    original = [" ".join(b.split()) for b in dump.splitlines()]
    for cleaned in (clean_text(dump), clean_dump(dump)):
        lines = cleaned.text.splitlines()
        assert all(line == line.strip() and line for line in lines if line != "")
        assert not {"Previous Story", "Next Story", "Go toTop", "3 mins read"} & set(lines)
        assert is_subsequence([line for line in lines if line], original)


def is_subsequence(kept: list[str], original: list[str]) -> bool:
    """The cleaner only drops lines (a dump's line may be joined to the ones before it when it continues
    their sentence): it never invents, rewrites or reorders one."""
    pieces = [line for line in original if line]
    at = 0
    for line in kept:
        found = next(
            (j for i in range(at, len(pieces)) for j in range(i + 1, len(pieces) + 1) if " ".join(pieces[i:j]) == line),
            None,
        )
        if found is None:
            return False
        at = found
    return True


# -- extraction of random and mutated HTML -----------------------------------------------------------
tags = st.sampled_from(["div", "p", "article", "span", "a", "h1", "table", "td", "li", "ul", "script", "nav",
                        "footer", "figure", "time", "b", "i", "section", "main", "header", "style", "svg"])  # fmt: skip
attributes = st.sampled_from(["", ' class="content"', ' id="main"', ' class="related"', ' href="/x"', ' lang="de"',
                              ' datetime="2024-02-30"', ' class="byline"', ' itemprop="articleBody"', " hidden"])  # fmt: skip
fragment = st.recursive(
    st.one_of(prose, st.text(max_size=30)),
    lambda inner: st.builds(lambda t, a, kids: f"<{t}{a}>{''.join(kids)}</{t}>", tags, attributes, st.lists(inner, max_size=5)),
    max_leaves=40,
)  # fmt: skip


def outcome(body: bytes) -> Article | ExtractError:
    fake = Page(
        "https://news.example/a/1", "https://news.example/a/1", 200, {"content-type": "text/html"}, body, FETCHED
    )
    try:
        return page_record(fake, NormalizeConfig())
    except ExtractError as e:
        return e


def check(result: Article | ExtractError) -> None:
    if isinstance(result, ExtractError):
        assert result.reason and str(result)
        return
    assert count_words(result.text) >= 10 and result.word_count > 0 and result.read_time_min >= 1
    if result.published:
        assert 1990 <= date.fromisoformat(result.published[:10]).year <= 2025


@given(st.lists(fragment, max_size=6).map("".join), st.sampled_from(["", "<title>T</title>", '<meta charset="x">']))
def test_random_html_gives_an_article_or_an_extract_error(body: str, head: str) -> None:
    check(outcome(page(body, head)))


@given(st.data())
def test_mutated_articles_give_an_article_or_an_extract_error(data: st.DataObject) -> None:
    original = bytearray(page(f"<article><h1>Harbour vote</h1>{ARTICLE}</article>", "<title>Harbour vote</title>"))
    for _ in range(data.draw(st.integers(1, 30))):
        where = data.draw(st.integers(0, len(original) - 1))
        kind = data.draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if kind == "flip":
            original[where] = data.draw(st.integers(0, 255))
        elif kind == "cut":
            del original[where : where + data.draw(st.integers(1, 50))]
        elif kind == "insert":
            original[where:where] = data.draw(
                st.sampled_from([b"<", b"</div>", b"<!--", b"\x00", b"\xff\xfe", b"&#0;"])
            )
        else:
            del original[where:]
        if not original:
            original = bytearray(b" ")
    check(outcome(bytes(original)))
