"""`scraper clean` turns a naive scraper's text dump into a clean record."""

from __future__ import annotations

import gzip
import html
import json
import math
import textwrap

import pytest

from scraper.config import NormalizeConfig
from scraper.extract.dump import FEATURES, clean_dump, line_features, split_lines
from scraper.extract.markdown import headline, is_markdown, plain
from scraper.extract.references import without_marks, without_reference_list
from scraper.extract.text import clean_text, ends_sentence, split_credit
from scraper.extract.wrapped import cells, unwrap, wrap_width
from scraper.records import dump_record
from tests.conftest import DATA, SEED_TITLE, assert_clean_seed_text


def test_seed_dump_gives_the_dump_record(run) -> None:
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


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html>\n<html><body><p>Text.</p></body></html>",
        "\ufeff<!-- saved -->\n<html lang=en><p>Text.",
        "<HEAD><title>x",
    ],
)
def test_an_html_page_is_a_usage_error_that_names_extract(run, tmp_path, page) -> None:
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    result = run("clean", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert str(path) in result.stderr and "HTML page" in result.stderr and "scraper extract" in result.stderr
    # a dump that only mentions a tag is a dump
    assert run("clean", "-", "--text", input="Home\n" + "The <html> tag starts a page, she wrote. " * 5).exit_code == 0


def test_missing_file_is_a_usage_error(run, tmp_path) -> None:
    result = run("clean", tmp_path / "nope.txt")
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"),  # Windows editors' "Unicode"
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-32"),
    ],
)
def test_a_dump_saved_in_another_unicode_encoding_gives_the_same_record(run, tmp_path, encode) -> None:
    seed = (DATA / "seed_dump.txt").read_text(encoding="utf-8")
    path = tmp_path / "dump.txt"
    path.write_bytes(encode(seed))
    expected = run("clean", DATA / "seed_dump.txt").stdout
    assert run("clean", path).stdout == expected
    assert run("clean", "-", input=encode(seed)).stdout == expected  # the same on standard input


@pytest.mark.parametrize(
    ("head", "byline"),
    [
        ("Iain MacLeod · 18 September 2024", True),
        ("By Jane Doe and Iain MacLeod, updated 12:30", True),
        ("Eine Kolumne von Iain MacLeod", True),
        ("Iain MacLeod, 4 March 2024, 9.15", True),
        ("Iain MacLeod said the ferries would run again on Monday", False),  # a sentence that opens with the name
        ("Iain MacLeod", True),
        ("Morag Nicolson · 18 September 2024", False),  # a name that is not the page's author's
    ],
)
def test_a_head_line_of_the_authors_names_and_dates_is_a_byline(head, byline) -> None:
    body = "The ferries to the northern isles will not run on Sunday, the operator said."
    text = clean_text(f"{head}\n{body}", ("Iain MacLeod", "Jane Doe")).text
    assert (head not in text) == byline and body in text
    assert head in clean_text(f"{body}\n{body} Again.\n{body} Third.\n{head}", ("Iain MacLeod",)).text  # the head only


@pytest.mark.parametrize("head", ["0:00 / 4:32", "+44 1234 567 890", "* * *", "| | |", "12.03."])
def test_a_line_without_a_word_at_the_texts_head_goes_and_one_in_its_body_stays(head) -> None:
    body = "The ferries to the northern isles will not run on Sunday, the operator said."
    assert clean_text(f"{head}\n{body}").text == body  # a player's clock, a phone number, a rule, a date
    assert clean_text(f"{body}\n{head}\n{body}").text == f"{body}\n\n{head}\n\n{body}"


def test_a_gzipped_dump_is_read_as_the_dump_it_holds(run, tmp_path) -> None:
    packed = tmp_path / "dump.txt.gz"
    packed.write_bytes(gzip.compress((DATA / "seed_dump.txt").read_bytes()))
    expected = run("clean", DATA / "seed_dump.txt").stdout
    assert json.loads(expected)["title"] == SEED_TITLE
    assert run("clean", packed).stdout == run("clean", "-", input=packed.read_bytes()).stdout == expected
    damaged = tmp_path / "damaged.txt.gz"
    damaged.write_bytes(packed.read_bytes()[:10] + b"\xff" * 50)
    result = run("clean", damaged)
    assert result.exit_code == 2 and "damaged.txt.gz" in result.stderr and "gunzip -t" in result.stderr


def test_a_latin_1_dump_keeps_its_accents_and_binary_data_is_a_usage_error(run, tmp_path) -> None:
    seed = (DATA / "seed_dump.txt").read_text(encoding="utf-8").replace("Taliban", "Talibán café")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(seed.encode("cp1252", errors="replace"))
    assert "Talibán café" in json.loads(run("clean", legacy).stdout)["text"]
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 40)
    result = run("clean", binary)
    assert result.exit_code == 2 and "photo.jpg" in result.stderr and "binary data" in result.stderr


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
        (
            "Der Marathon führte an den Landungsbrücken vorbei. © Axel Heimken/dpa",
            ("Der Marathon führte an den Landungsbrücken vorbei.", "Axel Heimken/dpa"),
        ),
        ("Der Hafen am Morgen. Foto: dpa", ("Der Hafen am Morgen.", "dpa")),
        ("Le port au matin. Photo : AFP", ("Le port au matin.", "AFP")),
        ("Порт утром. Фото: ТАСС", ("Порт утром.", "ТАСС")),
        ("Port rano. Zdjęcie: PAP", ("Port rano.", "PAP")),
        ("Sie sagte: Bild dir deine Meinung", ("Sie sagte: Bild dir deine Meinung", "")),
    ],
)
def test_split_credit(caption, expected) -> None:
    assert split_credit(caption) == expected


def test_a_caption_that_ends_a_sentence_and_then_its_credit_leaves_the_text() -> None:
    first = "Die beiden Cousins wollen bis zum Winter das Nordkap erreichen, zu Fuß, auf Skiern und im Kajak."
    caption = "Bei gutem Wetter gleiten die Kajaks wie im Traum, doch auf dem Meer schlägt es schnell um. Foto: Privat"
    last = "Unterwegs schlafen sie im Zelt, das sie schon mehrmals vor einem plötzlichen Wetterumschwung gerettet hat."
    cleaned = clean_text(f"{first}\n{caption}\n{last}")
    assert cleaned.text == f"{first}\n\n{last}"
    assert [(image.caption, image.credit) for image in cleaned.captions] == [
        (caption.removesuffix(" Foto: Privat"), "Privat")
    ]


def test_a_sentence_a_dump_repeats_is_kept_once_and_short_repeated_lines_stay() -> None:
    # A carousel repeats its blurb between the paragraphs; a table of contents repeats the headings.
    blurb = "Diese Sandalen werden wir im Sommer überall sehen, sagen die Französinnen."
    lines = [
        "Inhalt", "Der Plan", "Die Kosten",
        "Der Plan",
        "Der Stadtrat hat am Dienstagabend nach langer Debatte den Bau des neuen Fährhafens beschlossen.",
        blurb,
        "Zwei Jahre lang hatten Anwohner und Hafenbehörde über die Pläne gestritten, nun stimmte eine Mehrheit zu.",
        blurb,
        "Die Kosten",
        "Die Bauarbeiten sollen im Herbst beginnen und rund drei Jahre dauern, teilte die Verwaltung mit.",
        blurb,
    ]  # fmt: skip
    text = clean_dump("\n".join(lines)).text
    assert text.count(blurb) == 1 and text.count("Die Kosten") == 1  # a heading the contents above repeat


def test_dump_without_metadata_lines_still_finds_the_headline() -> None:
    cleaned = clean_dump("A headline without a date\n\nThe body says something. It has sentences.\n")
    assert cleaned.title == "A headline without a date"
    assert cleaned.date_raw == "" and cleaned.read_time_raw == ""
    assert cleaned.text == "The body says something. It has sentences."


GERMAN_DUMP = """Startseite
Politik
Wirtschaft
Sport
Kultur
Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten
Alle akzeptieren
Einstellungen
Politik
Stadtrat beschließt neuen Fährhafen
Von Karin Schulte
4. März 2024
Lesezeit: 4 Minuten
Der Stadtrat hat am Dienstagabend nach langer Debatte den Bau des neuen Fährhafens beschlossen.
Zwei Jahre lang hatten Anwohner und Hafenbehörde über die Pläne gestritten, nun stimmte eine große Mehrheit zu.
Die Bauarbeiten sollen im Herbst beginnen und rund drei Jahre dauern, teilte die Verwaltung mit.
Das könnte Sie auch interessieren
Neue Buslinie zum Bahnhof
Hafenfest fällt dieses Jahr aus
Impressum
Datenschutz
Kontakt
"""


def test_a_german_dump_of_another_site() -> None:
    cleaned = clean_dump(GERMAN_DUMP)
    assert cleaned.title == "Stadtrat beschließt neuen Fährhafen"
    assert cleaned.date_raw == "4. März 2024"
    assert cleaned.read_time_raw == "Lesezeit: 4 Minuten"
    assert cleaned.authors == ("Von Karin Schulte",)
    assert cleaned.text.startswith("Der Stadtrat hat am Dienstagabend")
    assert cleaned.text.endswith("teilte die Verwaltung mit.")


def test_a_dump_one_text_node_a_line_keeps_sentences_broken_at_links() -> None:
    dump = (
        "Home\nWorld\nPolitics\nCourt upholds birthright citizenship\nAdam Vidler\nJune 30, 2026\n"
        "The court ruled on Friday, and the decision came after months of argument from both sides of the case.\n"
        "President Donald Trump has lashed out after a divided\ncourt\n"
        "upheld a broad conception of birthright citizenship, rejecting the executive order.\n"
        "Trump first called on Congress to pass legislation, saying it would have his full support.\n"
        "Most Popular\nWeather warning for Sydney\nFooty tipping\n"
    )
    lines = clean_dump(dump).text.splitlines()
    assert (
        "President Donald Trump has lashed out after a divided court upheld a broad conception of "
        "birthright citizenship, rejecting the executive order." in lines
    )
    text = " ".join(lines)
    assert text.startswith("The court ruled on Friday") and text.endswith("his full support.")
    assert "Footy tipping" not in text and "Politics" not in text


def test_relative_dates_in_a_dump_need_the_fetch_time(run, tmp_path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(
        "Council backs the harbour plan\n\nBy Jane Doe\n\n2 hours ago\n\n"
        "The council met on Tuesday evening and voted on the plan for the harbour district after a long debate.\n\n"
        "Residents argued for two years, and the port authority finally agreed to the new ferry terminal.\n"
    )
    result = run("clean", path, "--fetched-at", "2024-05-01T12:00:00+00:00")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["published"], record["authors"]) == ("2024-05-01T10:00:00+00:00", ["Jane Doe"])
    bad = run("clean", path, "--fetched-at", "yesterday")
    assert bad.exit_code == 2 and "--fetched-at" in bad.stderr


@pytest.mark.parametrize(
    ("line", "published"),
    [("Published 30 seconds ago", "2024-05-01T11:59:30+00:00"), ("il y a 30 secondes", "2024-05-01")],
)
def test_a_dateline_seconds_old(run, tmp_path, line, published) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(
        f"Council backs the harbour plan\n\n{line}\n\n"
        "The council met on Tuesday evening and voted on the plan for the harbour district after a long debate.\n\n"
        "Residents argued for two years, and the port authority finally agreed to the new ferry terminal.\n"
    )
    result = run("clean", path, "--fetched-at", "2024-05-01T12:00:00+00:00")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["published"] == published


def test_several_dumps_give_one_json_line_each_in_order(run, tmp_path) -> None:
    first, second, missing = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "gone.txt"
    first.write_text(GERMAN_DUMP)
    second.write_text((DATA / "seed_dump.txt").read_text(encoding="utf-8"))
    result = run("clean", first, second, missing, "--workers", "2")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [str(first), str(second), str(missing)]
    assert lines[0]["title"] == "Stadtrat beschließt neuen Fährhafen" and lines[1]["title"] == SEED_TITLE
    assert "file not found" in lines[2]["error"]
    assert "clean: 2 records, 1 error" in result.stderr


def test_a_batch_of_json_lines_with_texts_and_paths(run, tmp_path) -> None:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "seed.txt").write_text((DATA / "seed_dump.txt").read_text(encoding="utf-8"))
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": 1, "text": GERMAN_DUMP}) + "\n"
        + json.dumps({"id": 2, "path": "dumps/seed.txt"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": 4, "text": "   "}) + "\n"
    )  # fmt: skip
    result = run("clean", "--batch", batch)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == [1, 2, None, 4]
    assert lines[0]["published"] == "2024-03-04" and lines[1]["title"] == SEED_TITLE
    assert "line 3: invalid JSON" in lines[2]["error"] and "empty" in lines[3]["error"]


def test_text_needs_a_single_dump(run, tmp_path) -> None:
    (tmp_path / "a.txt").write_text(GERMAN_DUMP)
    result = run("clean", tmp_path / "a.txt", tmp_path / "a.txt", "--text")
    assert result.exit_code == 2 and "--text" in result.stderr


def test_german_closing_quotes_end_a_sentence() -> None:
    quote = "In einem Interview sagte der Minister am Samstag: „Wir werden den Hafen bauen, und zwar bald.“"
    dump = f"Startseite\nHafen wird gebaut\n{quote}\nDer Bau soll im Herbst beginnen und drei Jahre dauern.\n"
    assert clean_dump(dump).text.startswith(quote)


@pytest.mark.parametrize(
    "sentence",
    ["यातायात पूरी तरह ठप हो गया।", "আজ বৃষ্টি হয়েছে।", "هل ستمطر غدا؟", "یہ ایک خبر ہے۔", "Դա նորություն է։"],
)
def test_a_sentence_ends_at_its_scripts_full_stop(sentence) -> None:
    assert ends_sentence(sentence)


def test_an_article_pasted_alone_comes_out_whole() -> None:
    paragraphs = [
        "The council met on Tuesday evening and voted on the plan for the harbour district.",
        "Residents argued for two years, and the port authority finally agreed to the terminal.",
        "Building starts in the autumn and should take about three years, the city said.",
    ]
    cleaned = clean_dump("Council backs the harbour plan\n\n" + "\n\n".join(paragraphs) + "\n")
    assert (cleaned.title, cleaned.text.split("\n\n")) == ("Council backs the harbour plan", paragraphs)


HEADER_DUMP = """Front|News|
Harbour board to dredge the channel for the shipping lines this summer
Sign in
Subscribe
Newsletters
Search
Business
Harbour board approves R2bn channel plan
Published 17 March 2025, 12:17
A dredger at work near the harbour mouth. © Coastal Times
By Lindiwe Khumalo
The harbour board has approved a plan to dredge the shipping channel for the shipping lines that wait offshore.
Work starts in June and runs around the clock until the channel is back to its charted depth of fourteen metres.
Exporters of fruit and wine say the delays have cost them more than the port's tariffs did last year.
"""


def test_the_headline_is_the_one_in_the_header_above_the_byline_not_a_teaser_or_a_caption() -> None:
    # A teaser headline above the menus shares more words with the opening, and so does the caption with its
    # credit; the header's headline sits just above its dateline and byline.
    cleaned = clean_dump(HEADER_DUMP)
    assert cleaned.title == "Harbour board approves R2bn channel plan"
    assert cleaned.date_raw == "17 March 2025"
    assert cleaned.text.startswith("The harbour board has approved")


FRENCH_DUMP = """Accueil
International
Les ports européens manquent de grues
Par Claire Dubois
Publié le 06/01/2026 - 14:16 UTC+1
Les ports européens ont commandé cette année deux fois plus de grues que l'an dernier, selon les constructeurs.
Les délais de livraison dépassent désormais dix-huit mois, et plusieurs terminaux ont dû reporter leurs travaux.
Les armateurs demandent aux autorités portuaires de mieux coordonner leurs investissements dans la région.
"""


def test_a_numeric_date_is_read_in_the_language_of_the_dump() -> None:
    record = dump_record(FRENCH_DUMP, NormalizeConfig())
    assert record["published"] == "2026-01-06T14:16:00"  # 6 January in French, not June 1


def test_a_year_glued_to_the_time_after_it_is_still_a_date() -> None:
    dump = GERMAN_DUMP.replace("4. März 2024", "Published Fri, Apr 28 20232:23 PM EDT")
    assert clean_dump(dump).date_raw == "Apr 28 2023"


def test_a_dump_in_any_language_dateparser_knows_has_its_date() -> None:
    dump = GERMAN_DUMP.replace("4. März 2024", "Opublikowano 4 marca 2024").replace(
        "Von Karin Schulte", "Karin Schulte"
    )
    assert clean_dump(dump).date_raw == "4 marca 2024"
    assert dump_record(dump, NormalizeConfig())["published"] == "2024-03-04"


@pytest.mark.parametrize(
    "line",
    ["Ad", "Anzeige", "Publicité", "Реклама", "広告", "Wird geladen", "Loading…", "Teilen", "Imprimer", "Compartir",
     "Комментарии", "Zum Inhalt springen", "Do góry",
     # a teaser line in the other languages of the DEV pages
     "Lesen Sie auch: Hafenstreik endet nach zwei Wochen", "À lire aussi : La grève du port prend fin",
     "Lee también: Termina la huelga en el puerto", "Leia também: Greve no porto termina",
     "Czytaj także: Strajk w porcie zakończony", "Читайте также: Забастовка в порту закончилась",
     "Lees ook: Havenstaking voorbij", "Läs också: Hamnstrejken är över"],
)  # fmt: skip
def test_an_advertisement_label_a_loading_placeholder_or_a_teaser_between_paragraphs_goes(line) -> None:
    first = "The council approved the harbour plan on Tuesday after a long debate."
    second = "Work on the new quay is to start in the autumn and take three years."
    assert clean_text(f"{first}\n{line}\n{second}").text == f"{first}\n\n{second}"


@pytest.mark.parametrize(
    ("head", "authors"),
    [("By Jane Doe", ("By Jane Doe",)), ("Von Karim Natour", ("Von Karim Natour",)), ("โดย สมชาย ใจดี", ("โดย สมชาย ใจดี",)),
     ("By the time the council met, the harbour plan had changed twice.", ())],
)  # fmt: skip
def test_a_byline_opening_the_text_is_the_authors_not_text(head, authors) -> None:
    body = "The council approved the harbour plan on Tuesday after a long debate."
    cleaned = clean_text(f"{head}\n{body}")
    assert cleaned.authors == authors
    assert cleaned.text == (body if authors else f"{head}\n\n{body}")


def test_a_sentence_that_starts_like_a_label_stays() -> None:
    text = "Ad hoc committees met twice.\nAnzeige erstattet: the police opened an inquiry on Monday."
    assert (
        clean_text(text).text
        == "Ad hoc committees met twice.\n\nAnzeige erstattet: the police opened an inquiry on Monday."
    )


def test_a_dateline_far_above_the_text_is_still_the_date() -> None:
    # A header's share buttons, gallery controls and caption stand between the dateline and the article.
    chrome = [f"Share on network {n}" for n in range(12)] + [f"Photo {n} of 12" for n in range(12)]
    dump = HEADER_DUMP.replace("By Lindiwe Khumalo\n", "By Lindiwe Khumalo\n" + "\n".join(chrome) + "\n")
    cleaned = clean_dump(dump)
    assert cleaned.text.startswith("The harbour board has approved")
    assert cleaned.date_raw == "17 March 2025"
    assert clean_dump(dump.replace("Published 17 March 2025, 12:17\n", "")).date_raw == ""


def test_a_dateline_among_the_articles_own_lines_is_the_date_when_none_is_above() -> None:
    # The header has no date; the page writes it under the lead picture, a few paragraphs into the text.
    paragraphs = [
        f"Paragraph {n} of the report tells the board's reasons for the channel plan in some detail." for n in range(8)
    ]
    dump = HEADER_DUMP.replace("Published 17 March 2025, 12:17\n", "").replace(
        "Exporters of fruit",
        "\n".join([*paragraphs[:5], "Published 17 March 2025", *paragraphs[5:]]) + "\nExporters of fruit",
    )
    assert clean_dump(dump).date_raw == "17 March 2025"
    # A date in a sentence is what the article tells, not when it was published.
    in_a_sentence = (
        "The board first discussed the plan on 17 March 2025, when the shipping lines asked for a deeper channel."
    )
    assert clean_dump(dump.replace("Published 17 March 2025", in_a_sentence)).date_raw == ""


@pytest.mark.parametrize(
    ("dateline", "date"),
    [("Published 3rd December 2024", "3rd December 2024"), ("입력 2024년 12월 3일", "2024년 12월 3일"),
     ("기사입력 2024. 12. 3. 오전 10:00", "2024. 12. 3")],
)  # fmt: skip
def test_ordinal_and_korean_datelines_are_dates(dateline, date) -> None:
    assert clean_dump(HEADER_DUMP.replace("Published 17 March 2025, 12:17", dateline)).date_raw == date


def test_a_labelled_byline_in_another_language_marks_the_header() -> None:
    dump = HEADER_DUMP.replace("By Lindiwe Khumalo", "Автор: Лидия Кумало")
    cleaned = clean_dump(dump)
    assert cleaned.authors == ("Автор: Лидия Кумало",)
    assert dump_record(dump, NormalizeConfig())["authors"] == ["Лидия Кумало"]


def test_a_sentence_that_opens_with_also_stays() -> None:
    text = "The council approved the harbour plan on Tuesday.\nTaké: stávka v přístavu skončila po dvou týdnech."
    assert clean_text(text).text == text.replace("\n", "\n\n")


@pytest.mark.parametrize(
    "heading",
    ["Das könnte Sie auch interessieren", "Meistgelesen", "Les plus lus", "Lo más leído", "Mais lidas",
     "I più letti", "Najczęściej czytane", "Самое читаемое", "Mest lästa", "Meest gelezen", "En çok okunan"],
)  # fmt: skip
def test_a_teaser_section_in_another_language_ends_the_article(heading) -> None:
    story = "The council approved the harbour plan on Tuesday after a long debate in the chamber."
    teasers = ["Hafenstreik endet nach zwei Wochen", "Neue Fähre für die Insel", "Stadtrat streitet über Parkgebühren"]
    assert clean_text("\n".join([story, heading, *teasers])).text == story


def test_a_paragraph_ending_in_a_german_closing_quote_is_a_sentence_after_a_teaser_section() -> None:
    lines = ["The council approved the harbour plan on Tuesday after a long debate in the chamber.", "Meistgelesen",
             "Hafenstreik endet nach zwei Wochen", "Neue Fähre für die Insel",
             "Veit sagt: „Die Märkte preisen derzeit eine gewisse Wahrscheinlichkeit weiterer Schritte ein.“"]  # fmt: skip
    assert clean_text("\n".join(lines)).text.endswith("weiterer Schritte ein.“")


@pytest.mark.parametrize(
    "navigation", ["Next Story", "« Article précédent", "Nächster Artikel", "Artículo siguiente", "Następny artykuł",
                   "Следующая статья", "Nästa artikel"],
)  # fmt: skip
def test_post_navigation_in_another_language_ends_the_article(navigation) -> None:
    story = "The council approved the harbour plan on Tuesday after a long debate in the chamber."
    assert clean_text(f"{story}\n{navigation}\nStadtrat streitet über Parkgebühren").text == story


def test_a_headline_that_ends_in_a_quotation_is_not_the_articles_first_line() -> None:
    dump = HEADER_DUMP.replace(
        "By Lindiwe Khumalo\n", "By Lindiwe Khumalo\nBennett: „Ich bin nicht sein Boxsack“\n"
    ).replace("Published 17 March 2025, 12:17\n", "")
    assert clean_dump(dump).text.startswith("The harbour board has approved")


def test_a_soup_dump_joins_a_link_back_into_its_sentence() -> None:
    # get_text("\n") puts a link's text on a line of its own: "met" / "Donald Trump" / "on Sunday".
    dump = "The Italian prime minister flew to Florida and met\nDonald Trump\non Sunday evening at his residence.\n"
    assert split_lines(dump) == [
        "The Italian prime minister flew to Florida and met Donald Trump on Sunday evening at his residence."
    ]
    # A menu's short lines are no sentence's start: "Home" / "World" / "news" stay apart.
    assert split_lines("Home\nWorld\nnews\n") == ["Home", "World news"]


@pytest.mark.parametrize(
    "label",
    [
        "Baca juga:",
        "ये भी पढ़ें:",
        "اقرأ أيضاً:",
        "همچنین بخوانید:",
        "Xem thêm:",
        "関連記事：",
        "อ่านเพิ่มเติม:",
        "Lesen Sie auch:",
    ],
)
def test_an_inline_teasers_label_in_the_webs_large_languages(label) -> None:
    first = "The river rose by two metres overnight and the council opened three shelters for residents."
    second = "Volunteers handed out blankets and water until the early hours of the morning on Friday."
    cleaned = clean_text(f"{first}\n{label} Another Story From The Same Site\n{second}")
    assert cleaned.text == f"{first}\n\n{second}"


# Dumps of articles in the web's large news languages: file, headline, authors (None: not checked), date, the
# text's first and last words (None: not checked), and what must leave the text.
FOREIGN_DUMPS = [
    pytest.param(
        "hindi_dump.txt", "दिल्ली में भारी बारिश से जनजीवन अस्त-व्यस्त, कई इलाकों में जलभराव",
        ["अमित शर्मा"], "2024-07-12",  # "रिपोर्ट: अमित शर्मा", "12 जुलाई 2024": a month with vowel signs
        "राजधानी दिल्ली में", "बच्चों को सावधानी से स्कूल भेजें।", ("ये भी पढ़ें", "मुंबई में भी बारिश", "फेसबुक"),
        id="hindi",
    ),
    pytest.param(
        "indonesian_dump.txt", "Banjir Rendam Ribuan Rumah di Jakarta Timur, Warga Mengungsi",
        ["Andi Pratama"], "2024-07-12",
        "JAKARTA - Hujan deras", "mulai hari ini.", ("Baca juga", "BMKG Prediksi", "Berita Terkait"),
        id="indonesian: inline teasers",
    ),
    pytest.param(  # a headline without spaces is one whitespace token: measured in words of two characters
        "japanese_dump.txt", "東京で記録的な大雨、交通機関に乱れ",
        ["山田太郎"], "2024-07-12",  # "記者：山田太郎"
        "東京都内では12日朝から", "開設準備を進めている。", ("関連記事", "台風3号"),
        id="japanese: headline, byline label, teaser",
    ),
    pytest.param(
        "korean_dump.txt", "서울 집중호우로 도로 곳곳 침수…출근길 교통대란",
        ["김민수"], "2024-07-12",  # "김민수 기자": the name, then the role; "입력", not the next day's "수정"
        "12일 오전 서울 전역에", "주의해 달라고 밝혔다.", ("관련기사", "태풍 3호"),
        id="korean: the role after the name",
    ),
    pytest.param(
        "thai_dump.txt", "ฝนตกหนักกรุงเทพฯ น้ำท่วมหลายพื้นที่ การจราจรติดขัด",
        ["สมชาย ใจดี"], "2024-07-12",  # "12 ก.ค. 2567 10:45 น.": a Buddhist Era year, 2567 - 543
        "ฝนที่ตกหนักตั้งแต่ช่วงเช้าวันศุกร์", "ลดปัญหาน้ำท่วมซ้ำซากในอนาคต", ("2567", "อ่านเพิ่มเติม", "โดย สมชาย"),
        id="thai: a Buddhist Era dateline, the byline under it opening the text",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "title", "authors", "published", "first", "last", "gone"), FOREIGN_DUMPS)
def test_dumps_in_the_webs_large_languages(name, title, authors, published, first, last, gone) -> None:
    record = dump_record((DATA / name).read_text(encoding="utf-8"), NormalizeConfig())
    assert record["title"] == title and record["published"] == published
    assert authors is None or record["authors"] == authors
    text = record["text"]
    assert (first is None or text.startswith(first)) and text.endswith(last)
    assert [chrome for chrome in gone if chrome in text] == []


def test_a_hindi_dumps_read_time_is_its_own_and_its_words_hold_their_marks() -> None:
    record = dump_record((DATA / "hindi_dump.txt").read_text(encoding="utf-8"), NormalizeConfig())
    assert (record["read_time_min"], record["read_time_source"]) == (3, "page")  # "3 मिनट में पढ़ें"
    assert record["word_count"] == len(record["text"].split()) == 196


def _wrapped(dump: str, width: int) -> str:
    return "\n".join(piece for line in dump.splitlines() for piece in textwrap.wrap(line, width) or [""])


@pytest.mark.parametrize("width", [60, 72, 80, 100])
def test_a_dump_wrapped_at_a_fixed_width_gives_the_dumps_record(width) -> None:
    # html2text, mail and fmt break each paragraph into lines of at most `width` characters
    dump = (DATA / "seed_dump.txt").read_text(encoding="utf-8")
    assert len(_wrapped(dump, width).splitlines()) > len(dump.splitlines()) + 20
    assert dump_record(_wrapped(dump, width), NormalizeConfig()) == dump_record(dump, NormalizeConfig())


@pytest.mark.parametrize("name", ["seed_lynx_dump.txt", "seed_w3m_dump.txt"])
def test_a_text_browsers_dump_gives_the_seed_article(name) -> None:
    # `lynx -dump -nolist -width=80` and `w3m -dump -cols 80` of the seed page: wrapped at 74 and 79, lynx
    # indenting the text by three spaces; without unwrapping, w3m's keeps "Don't Miss" and its teasers
    record = dump_record((DATA / name).read_text(encoding="utf-8"), NormalizeConfig())
    assert record["title"] == SEED_TITLE
    assert_clean_seed_text(record["text"])
    assert "Zalmay Khalilzad has planned several rounds of meetings over three days" in record["text"]


@pytest.mark.parametrize(
    ("lines", "width"),
    [
        (_wrapped("A paragraph long enough to be wrapped over several lines of text, " * 6, 50).splitlines(), 50),
        # a script without spaces: a wrap breaks anywhere, the line is as long as the width
        (_wrapped("東京都内では12日朝から激しい雨が降り、各地で道路が冠水した。" * 12, 40).splitlines(), 40),
        # a page's own lines (a block a line) are as long as their blocks, and end anywhere
        ((DATA / "seed_dump.txt").read_text(encoding="utf-8").splitlines(), 0),
        (["Home", "World", "Politics", "Sport", "Contact us", "About"] * 5, 0),
    ],
)
def test_the_wrap_width_is_read_from_where_lines_break(lines, width) -> None:
    assert wrap_width(lines) == width


def test_unwrap_joins_only_what_the_wrap_broke() -> None:
    paragraph = (
        "The harbour authority said on Tuesday that the well-known ferry terminal would close for repairs, "
        "and that https://example.org/news/2024/03/04/the-harbour-authoritys-plan-for-the-terminal-repairs "
        "gives the timetable. Krankenhausinformationssystemen stay a word."
    )
    menu = "Home\nNews\nSport"
    text = f"{menu}\n\n{_wrapped(paragraph, 60)}\n\n{_wrapped(paragraph, 60)}\n\nShare this story"
    assert unwrap(text) == f"{menu}\n\n{paragraph}\n\n{paragraph}\n\nShare this story"
    assert unwrap(menu) == menu


@pytest.mark.parametrize(
    "name",
    [
        "seed_markdown_dump.md",  # html2text: links, a heading, list items, wrapped at 78 (links too)
        "seed_lynx_references_dump.txt",  # `lynx -dump` without -nolist: "[12]Politics", a list of URLs at the end
    ],
)
def test_a_markdown_or_referenced_dump_gives_the_seed_article(name) -> None:
    record = dump_record((DATA / name).read_text(encoding="utf-8"), NormalizeConfig())
    assert record["title"] == SEED_TITLE
    assert_clean_seed_text(record["text"])
    assert "http" not in record["text"] and "[" not in record["text"]


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("Read [the minister's plan](https://example.org/plan \"Plan\") and [the\nreply](https://example.org/a-\nreply).",
         "Read the minister's plan and the reply."),
        ("[![A harbour](https://example.org/a.jpg)](https://example.org/a) The harbour at dawn.", "The harbour at dawn."),
        ("The [vote][1] passed, see <https://example.org/vote>.\n\n[1]: https://example.org/vote", "The vote passed, see ."),
        ("## The plan\n\n  * **First**, the _ferry_ terminal\n  * the snake_case_name stays\n\n> A quote\n> over two lines",
         "The plan\n\nFirst, the ferry terminal\n\nthe snake_case_name stays\n\nA quote over two lines"),
        ("1\\. Not a list, `code` and \\*stars\\*  \nafter a hard break\n\n* * *\n\n| a | b |\n|---|---|\n| 1 | 2 |",
         "1. Not a list, code and *stars*\n\nafter a hard break\n\n| a | b |\n\n| 1 | 2 |"),
    ],
)  # fmt: skip
def test_markdown_shows_the_text_a_reader_sees(markdown, shown) -> None:
    assert plain(markdown) == shown


@pytest.mark.parametrize(
    ("dump", "markdown"),
    [
        ("[Home](/) [News](/news)\n\nA story with [a link](https://example.org/) in it.", True),
        ("#\nHome\n# Politics\n#\nThe story, one text node a line\n# tag", False),  # "#" alone: hashtags, anchors
        ("A footnote[1] and another[2].\n\n[1] The source.\n[2] Another.", False),
    ],
)
def test_a_dump_is_markdown_when_it_writes_links_the_markdown_way(dump, markdown) -> None:
    assert is_markdown(dump) is markdown


def test_link_references_go_only_from_a_dump_that_numbers_and_lists_its_links() -> None:
    listed = "\n".join(f"  {n}. https://example.org/{n}" for n in range(1, 7))
    dump = "[1]Home [2]News\n\nThe minister[3] met [4]the mayor on [5]Sunday[6].\n\nReferences\n\n" + listed
    text, marked = without_reference_list(dump)
    assert marked and " ".join(without_marks(text).split()) == "Home News The minister met the mayor on Sunday."
    article = "Studies[1] show[2] it.[3] Others[4] disagree[5].\n\n1. Smith, 2020\n2. Jones, 2021"
    assert without_reference_list(article) == (article, False)  # footnotes, and no list of addresses


def _wrapped_in_cells(dump: str, width: int) -> str:
    """As w3m wraps: a Chinese or Japanese character takes two of a terminal's cells, and a line breaks anywhere."""
    lines = []
    for line in dump.splitlines():
        piece = ""
        for char in line:
            if cells(piece + char) > width:
                lines.append(piece)
                piece = ""
            piece += char
        lines.append(piece)
    return "\n".join(lines)


def test_a_japanese_dump_wrapped_in_a_terminals_cells_gives_the_dumps_record() -> None:
    lines = (DATA / "japanese_dump.txt").read_text(encoding="utf-8").splitlines()
    dump = "\n".join(line * 3 if len(line) > 30 else line for line in lines)  # paragraphs of 3 to 4 lines
    wrapped = _wrapped_in_cells(dump, 79)
    assert max(map(cells, wrapped.splitlines())) <= 79 < max(map(cells, dump.splitlines()))
    assert dump_record(wrapped, NormalizeConfig())["text"] == dump_record(dump, NormalizeConfig())["text"]


@pytest.mark.parametrize(
    ("markdown", "title"),
    [
        ("[Home](/)\n\n## Most read\n\n# Ferry terminal to close\nfor repairs\n\nThe harbour authority said.",
         "Ferry terminal to close for repairs"),  # a heading html2text wrapped: one block
        ("# Site name\n\n# Ferry terminal to close\n\nText.", ""),  # two first-level headings: none is the page's
        ("## Ferry terminal to close\n\nText.", ""),
        ("#hashtag\n\n# [Ferry **terminal**](https://example.org/a) to close", "Ferry terminal to close"),
    ],
)  # fmt: skip
def test_a_markdown_dumps_only_first_level_heading_is_its_headline(markdown, title) -> None:
    assert headline(markdown) == title


def test_a_markdown_dumps_headline_is_its_title_not_a_teaser_above_it() -> None:
    dump = (
        "[Home](/) [News](/news) [Sport](/sport)\n\n## [Storm warning for the coast tonight](/news/storm)\n\n"
        "# Why the old port matters\n\nBy [Jane Doe](/authors/jane)\n\nMarch 4, 2024\n\n"
        + "The harbour authority said on Tuesday that the ferry terminal would close for two years of repairs, "
        "and that passengers would board at the north quay in the meantime. "
        * 3
        + "\n\n## Most read\n\n* [Storm warning for the coast tonight](/news/storm)\n* [Football results](/sport/1)\n"
    )
    record = dump_record(dump, NormalizeConfig())
    assert record["title"] == "Why the old port matters"  # the line rules alone take the teaser's heading
    assert record["text"].startswith("The harbour authority said") and "Football" not in record["text"]


def test_a_dump_a_tag_stripper_left_character_references_in_gives_the_dumps_record() -> None:
    dump = (DATA / "seed_dump.txt").read_text(encoding="utf-8")
    stripped = html.escape(dump).encode("ascii", "xmlcharrefreplace").decode("ascii").replace(" ", "&nbsp;", 5)
    assert stripped.count("&") > 20
    assert dump_record(stripped, NormalizeConfig())["text"] == dump_record(dump, NormalizeConfig())["text"]
    # A text that names a reference or two is no tag stripper's: it stays as written
    named = dump.replace("from Tuesday to Friday.", "from Tuesday to Friday (Q&amp;A at noon).")
    assert "(Q&amp;A at noon)" in dump_record(named, NormalizeConfig())["text"]


@pytest.mark.parametrize("width", [50, 60, 72])
@pytest.mark.parametrize("name", ["hindi_dump.txt", "indonesian_dump.txt", "korean_dump.txt", "thai_dump.txt"])
def test_a_dump_in_another_script_wrapped_at_a_fixed_width_gives_the_dumps_record(name, width) -> None:
    # Thai spaces its phrases, not its words: textwrap breaks at those spaces, and inside a phrase longer than a
    # line, where the joined text takes no space
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    dump = "\n\n".join(" ".join([line] * 3) if len(line) > 30 else line for line in lines)  # longer paragraphs
    assert dump_record(_wrapped(dump, width), NormalizeConfig()) == dump_record(dump, NormalizeConfig())


def test_an_updated_date_above_the_published_one_is_not_the_publication_date() -> None:
    lines = (DATA / "seed_dump.txt").read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[3:])  # the headline and the text, without the seed's "August 10, 2021" dateline
    updated = f"{lines[3]}\nUpdated August 11, 2021\nPublished August 10, 2021\n{body}"
    assert dump_record(updated, NormalizeConfig())["published"] == "2021-08-10"
    # with no other date, the updated one is the closest the dump has
    assert dump_record(f"{lines[3]}\nUpdated August 11, 2021\n{body}", NormalizeConfig())["published"] == "2021-08-11"


@pytest.mark.parametrize("separator", [" | ", " · ", " • ", ", "])
def test_a_header_line_of_fields_gives_the_byline_date_and_read_time(separator) -> None:
    lines = (DATA / "seed_dump.txt").read_text(encoding="utf-8").splitlines()
    fields = separator.join(["By Jane Doe", "August 10, 2021", "3 mins read"])
    record = dump_record("\n".join([lines[3], fields, *lines[4:]]), NormalizeConfig())
    assert record["authors"] == ["Jane Doe"] and record["published"] == "2021-08-10"
    assert (record["read_time_min"], record["read_time_source"]) == (3, "page")
    assert_clean_seed_text(record["text"])


def test_a_japanese_dumps_pull_quote_is_dropped() -> None:
    # A sentence written twice (the text's, then a pull quote's copy). Counted in whitespace tokens, a Japanese
    # sentence was one word: never long enough to be a sentence whose later copy goes.
    record = dump_record((DATA / "japanese_pull_quote_dump.txt").read_text(encoding="utf-8"), NormalizeConfig())
    assert record["title"] == "川の増水で県道が通行止め、住民に避難指示"
    text = record["text"]
    assert text.startswith("大雨の影響で県内を流れる川の水位が上がり") and text.endswith("警戒するよう呼びかけている。")
    assert text.count("「避難所には毛布と水を用意しました」と市の担当者は話した。") == 1
    assert "会社概要" not in text


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("記事にリアクションができます。ご利用には会員登録が必要です。", 14),  # 28 characters, and two stops
        ("The minister said the plan would be put to a vote next week.", 13),
        ("ฝนตกหนักกรุงเทพฯ น้ำท่วมหลายพื้นที่", 34),  # Thai spaces phrases: a word a character, as fitted
    ],
)
def test_the_line_model_measures_a_line_in_words_as_spaced_scripts_write_them(line, words) -> None:
    features = line_features(["Home", line, "Contact"])
    assert features[1, FEATURES.index("log words")] == pytest.approx(math.log1p(words))
