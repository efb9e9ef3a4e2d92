"""`scraper clean` turns a naive scraper's text dump into a clean record."""

from __future__ import annotations

import json

import pytest

from scraper.extract.dump import clean_dump
from scraper.extract.text import clean_text, split_credit
from tests.conftest import DATA, SEED_TITLE, assert_clean_seed_text


def test_seed_dump_gives_the_clean_record(run) -> None:
    result = run("clean", DATA / "seed_dump.txt")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["title"] == SEED_TITLE
    assert record["published"] == "2021-08-10"
    assert record["read_time_min"] == 3
    assert record["read_time_source"] == "page"
    assert_clean_seed_text(record["text"])
    assert record["images"] == [{"url": "", "caption": "US B-52 Bomber strike Taliban", "credit": "ANI"}]


def test_text_flag_prints_only_the_clean_text_from_stdin(run) -> None:
    result = run("clean", "-", "--text", input=(DATA / "seed_dump.txt").read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert_clean_seed_text(result.stdout.strip())


@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_empty_input_is_a_usage_error(run, tmp_path, content) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content)
    result = run("clean", path)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "empty" in result.stderr


def test_missing_file_is_a_usage_error(run, tmp_path) -> None:
    result = run("clean", tmp_path / "nope.txt")
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr


@pytest.mark.parametrize(
    "sentence",
    [
        "Readers who want more can read the full report, the agency said.",
        "Next story: the minister said the budget would be published in May, after the vote.",
        "He said the photo credit dispute with the agency had been settled out of court.",
        "Don't miss the point, she said: the ceasefire only holds if both sides want it to.",
    ],
)
def test_article_sentences_with_chrome_words_survive(sentence) -> None:
    text = f"First paragraph of the story, long enough to be body text.\n\n{sentence}\n\nLast paragraph."
    assert sentence in clean_text(text).text


def test_teaser_heading_followed_by_real_paragraphs_is_kept() -> None:
    text = (
        "Opening paragraph of the article with a full sentence.\n"
        "Don't Miss\n"
        "The exhibition runs until May and entry is free for students and pensioners.\n"
    )
    assert clean_text(text).text.splitlines()[2:] == [
        "Don't Miss",
        "",
        "The exhibition runs until May and entry is free for students and pensioners.",
    ]


def test_teaser_block_in_the_middle_goes_and_the_story_goes_on() -> None:
    text = (
        "Soldiers were seen clearing debris from roads near the university on Saturday.\n"
        "DON'T MISS\n"
        "China furious at Macron for Hong Kong protest jibe [INSIGHT]\n"
        "Lakers vs Nets: NBA make final decision on game amid China turmoil [VIDEO]\n"
        "Pro-democracy lawmakers criticised the move and asked for answers.\n"
    )
    assert clean_text(text).text.split("\n\n") == [
        "Soldiers were seen clearing debris from roads near the university on Saturday.",
        "Pro-democracy lawmakers criticised the move and asked for answers.",
    ]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("US B-52 Bomber strike Taliban(Pic credit ANI)", ("US B-52 Bomber strike Taliban", "ANI")),
        ("Flooded streets in Mumbai (Photo: Reuters)", ("Flooded streets in Mumbai", "Reuters")),
        ("The minister in parliament. Photo credit: PTI", ("The minister in parliament.", "PTI")),
        ("A quiet street at dawn", ("A quiet street at dawn", "")),
    ],
)
def test_split_credit(caption, expected) -> None:
    assert split_credit(caption) == expected


def test_dump_without_metadata_lines_still_finds_the_headline() -> None:
    cleaned = clean_dump("A headline without a date\n\nThe body says something. It has sentences.\n")
    assert cleaned.title == "A headline without a date"
    assert cleaned.date_raw == "" and cleaned.read_time_raw == ""
    assert cleaned.text == "The body says something. It has sentences."
