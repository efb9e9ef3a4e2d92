"""Normalizers, table-driven: read times, dates, authors, word counts."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from scraper.config import NormalizeConfig
from scraper.extract.dates import dates_in_text
from scraper.normalize.authors import normalize_authors
from scraper.normalize.dates import needs_language, parse_date, utc_form
from scraper.normalize.language import choose_language
from scraper.normalize.read_time import estimate_read_time, parse_read_time, resolve_read_time
from scraper.normalize.words import collapsed_within, count_words
from scraper.store.migrations import migrations

# Real read-time phrasings (visible text, or Yoast's twitter:label/data pair joined with ": ").
READ_TIMES = [
    ("3 mins read", 3), ("1 minuti di lettura", 1), ("1-min read", 1), ("2 Min. Lesezeit", 2),
    ("3 min Lesezeit", 3), ("4 Min. Lesedauer", 4), ("5 min. read", 5), ("5 minute read", 5),
    ("5 Minuten Lesezeit", 5), ("6 min read", 6), ("8 minutos de lectura", 8), ("Lesedauer ca. 7 Minuten", 7),
    ("Lesedauer etwa 2 Min", 2), ("Lesedauer etwa 4 min.", 4), ("Lesedauer: 8 Min.", 8), ("Lesezeit: 1 Minute", 1),
    ("Lesezeit: 2 Minuten", 2), ("Lesezeit: 4 min", 4), ("Lesezeit: 4 Min.", 4), ("Lesezeit: ca. 3 Minuten", 3),
    ("Read Time: 1 min", 1), ("Reading Time: 3 mins", 3), ("Tempo di lettura: 3 minuti", 3),
    ("Temps de Lecture 4 min.", 4), ("Temps de lecture : 4 min", 4), ("Tiempo de lectura: 8 minutos", 8),
    ("読了時間 3 分", 3), ("Est. reading time: 0 minutes", 0), ("Est. reading time: 1 minuto", 1),
    ("Est. reading time: 2 Minuten", 2), ("Estimated reading time: 5 minutes", 5),
    ("Geschätzte Lesezeit: 1 Minute", 1), ("Lesedauer: 12 Minuten", 12), ("Reading time: 10 min read", 10),
    ("Tiempo de lectura: 1 minuto", 1), ("Time to read: 2 minutes", 2), ("Zeit zum Lesen: 4 Minuten", 4),
    ("Est. reading time: 1 minute", 1), ("Est. reading time: 3 minutes", 3), ("Estimated reading time: 1 minute", 1),
    ("Geschätzte Lesezeit: 5 Minuten", 5), ("Lesedauer: 1 Minute", 1),
]  # fmt: skip


@pytest.mark.parametrize(("text", "minutes"), READ_TIMES)
def test_read_time_phrasings(text, minutes) -> None:
    assert parse_read_time(text) == minutes


# The same statement in more of the DEV pages' languages (written for the test).
OTHER_LANGUAGES = [
    ("Leestijd: 3 minuten", 3), ("Czas czytania: około 4 minut", 4), ("Время чтения: 5 минут", 5),
    ("Час читання: 2 хвилини", 2), ("Doba čtení: 6 minut", 6), ("Okuma süresi: 3 dakika", 3),
    ("Læsetid: 4 min", 4), ("Lesetid: 7 minutter", 7), ("Lästid 2 minuter", 2), ("Lukuaika 5 min", 5),
    ("Olvasási idő: 3 perc", 3), ("Timp de citire: 4 minute", 4), ("Χρόνος ανάγνωσης: 3 λεπτά", 3),
    ("Thời gian đọc: 5 phút", 5), ("阅读时间：3分钟", 3), ("읽는 시간 4분", 4),
    # Chinese and Japanese words written together, no space between them
    ("この記事は約3分で読めます", 3), ("3分で読めます", 3), ("読了時間：約4分", 4), ("3分钟阅读", 3),
    ("预计阅读时间 5 分钟", 5), ("읽는 데 3분", 3),
    # and in the web's other large news languages
    ("3 मिनट में पढ़ें", 3), ("पढ़ने का समय: 4 मिनट", 4), ("5 دقائق للقراءة", 5), ("وقت القراءة: 6 دقائق", 6),
    ("زمان مطالعه: ۵ دقیقه", 5), ("Waktu baca 3 menit", 3), ("3 menit membaca", 3),
]  # fmt: skip


@pytest.mark.parametrize(("text", "minutes"), OTHER_LANGUAGES)
def test_read_time_in_other_languages(text, minutes) -> None:
    assert parse_read_time(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "It takes 3 minutes to read the rules",
        "Posted 5 minutes ago",
        "Read more",
        "3 mins",
        "The 2 reporters read for 10 minutes each",
        "3 minuty temu",
        "Czas: 3 min",
        "3分前",  # 3 minutes ago
        "約3分",  # no reading word
        "3分で作れます",  # made in 3 minutes
        "3分钟前",
        "",
    ],
)
def test_not_read_times(text) -> None:
    assert parse_read_time(text) is None


@pytest.mark.parametrize(("words", "wpm", "minutes"), [(0, 230, 0), (1, 230, 1), (230, 230, 1), (231, 230, 2)])
def test_estimate_read_time(words, wpm, minutes) -> None:
    assert estimate_read_time(words, wpm) == minutes


FETCHED = "2021-08-11T10:00:00+00:00"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("August 10, 2021", "2021-08-10"),  # a day stays a day
        ("2021-08-10", "2021-08-10"),
        ("2021-08-10T09:12:44+00:00", "2021-08-10T09:12:44+00:00"),
        ("2021-11-04T23:00:00+01:00", "2021-11-04T23:00:00+01:00"),  # the offset is kept, the day not shifted
        ("2021-08-10T09:12:44Z", "2021-08-10T09:12:44+00:00"),
        ("Tue, 10 Aug 2021 09:12:44 GMT", "2021-08-10T09:12:44+00:00"),
        ("Posted on August 10, 2021 at 9:12 am", "2021-08-10T09:12:00"),
        ("04.02.2021", "2021-02-04"),  # dotted dates are day first
        ("12.03.2021 14:05", "2021-03-12T14:05:00"),
        ("2 hours ago", "2021-08-11T08:00:00+00:00"),  # relative to the fetch time, not the clock
        ("Published 30 seconds ago", "2021-08-11T09:59:30+00:00"),
        ("2021", None),  # a year alone is not a date
        ("June 2021", None),
        ("1850-01-01", None),  # out of range
        ("2030-01-01", None),  # after the fetch year
        ("3 mins read", None),
        ("", None),
        ("not a date at all", None),
    ],
)
def test_parse_date(raw, expected) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


def test_relative_dates_are_deterministic() -> None:
    assert parse_date("yesterday", fetched_at=FETCHED) == "2021-08-10"
    assert parse_date("yesterday", fetched_at="2020-01-02T00:00:00+00:00") == "2020-01-01"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe"], ("Jane Doe",)),
        (["Von Karin Schulte"], ("Karin Schulte",)),
        (["Mira Okafor and Tom Reyes"], ("Mira Okafor", "Tom Reyes")),
        (["Jane Doe, Staff Reporter"], ("Jane Doe",)),
        (["By Jo Bell, Local Democracy Reporter"], ("Jo Bell",)),  # a role of words before "Reporter"
        (["Jane Doe", "jane doe"], ("Jane Doe",)),
        (["https://example.org/author/jane"], ()),
        (["Michael L. Anderson, PhD"], ("Michael L. Anderson",)),
        (["Perry Bacon Jr."], ("Perry Bacon Jr.",)),
        (["Rodolfo Costa."], ("Rodolfo Costa",)),
        (["Steve Gillman Contributor"], ("Steve Gillman",)),
        (["Fotos: Ivan Valetny"], ()),
        (["Auteur: Anna Kubišta"], ("Anna Kubišta",)),
        (["'Luana Patriolino; Raphael Felice'"], ("Luana Patriolino", "Raphael Felice")),
        (["Redacci&oacute;n Sociedad"], ("Redacción Sociedad",)),  # an entity left encoded is no separator
        (["Tania Broughton Journalist"], ("Tania Broughton",)),
        (["Kari Nordmann journalistin", "Luis Pérez, periodista"], ("Kari Nordmann", "Luis Pérez")),
        (["Martin Gramnæs Martin Gramnæs"], ("Martin Gramnæs",)),  # a byline's two spans glued
        (["Ana Lima ana.lima@example.org"], ("Ana Lima",)),
        (
            ["Texto: Rosa Martínez", "Tekst: Ola Nordmann", "Текст: Лида Буслаева"],
            ("Rosa Martínez", "Ola Nordmann", "Лида Буслаева"),
        ),
        (["Автор: Анна Берг", "Yazar: Ayşe Demir", "作者：王小明"], ("Анна Берг", "Ayşe Demir", "王小明")),
        (["김민수 기자", "山田太郎記者", "记者：张三"], ("김민수", "山田太郎", "张三")),  # a role after the name
        (["लेखक: अमित शर्मा", "بقلم: أحمد علي", "Oleh Andi Pratama"], ("अमित शर्मा", "أحمد علي", "Andi Pratama")),
        (["โดย สมชาย ใจดี"], ("สมชาย ใจดี",)),
        (["Redaktion: Jan Koch", "Redaktion Sport"], ("Jan Koch", "Redaktion Sport")),  # a desk without a colon
        (["Jo Jo"], ("Jo Jo",)),  # one word twice may be a name
        (["Deutsche Welle (www.dw.com)"], ("Deutsche Welle",)),  # a web address is no part of a name
        (["Web Commerce GmbH https://www.w-commerce.example"], ("Web Commerce GmbH",)),
        (["przepisy.pl"], ("przepisy.pl",)),  # an outlet that goes by its domain keeps it
        (["NJ Advance Media for NJ.com"], ("NJ Advance Media",)),  # who wrote it, not where
        (["Jane Doe for News Example"], ("Jane Doe",)),  # "for" the site itself
        (["Center for Science in the Public Interest"], ("Center for Science in the Public Interest",)),
        (["Von Jane Doe, 10.08.2021, 14:30 Uhr"], ("Jane Doe",)),  # the dateline written in the byline
        (["By Jane Doe, Aug 10, 2021"], ("Jane Doe",)),
        (["delta201"], ("delta201",)),  # a handle of one word may hold digits
        (["By Jane Doe, Political Correspondent"], ("Jane Doe",)),  # a role and the words before it
        (["Jane Doe, Senior Political Editor"], ("Jane Doe",)),
    ],
)
def test_normalize_authors(raw, expected) -> None:
    assert normalize_authors(raw, site_names=("News Example",)) == expected


def test_count_words_counts_cjk_characters() -> None:
    assert count_words("three little words") == 3
    assert count_words("東京で会議") == 5


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("हिन्दी भाषा में समाचार", 4),  # vowel signs and the virama are of their words
        ("ক্রিকেট খেলা", 2),
        ("தமிழ் செய்தி", 2),
        ("كَتَبَ الوَلَدُ", 2),  # Arabic's vowel points
        ("cafe\u0301 au lait", 3),  # a decomposed accent
        ("I ❤️ NY ✅️ done", 3),  # an emoji's variation selector is a mark, but no word
    ],
)
def test_words_hold_their_combining_marks(text, words) -> None:
    assert count_words(text) == words
    assert count_words(f"{text} " * 50) == 50 * words  # the long-text count agrees


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("  Also\n read:\xa0 the story ", 20, "Also read: the story"),
        ("  Also\n read:\xa0 the story ", 19, None),
        ("a b c", 5, "a b c"),  # three words of one letter: at the limit
        ("a b c d", 5, None),  # more words than limit // 2 + 1: too long without joining them
        ("word " * 1000, 300, None),
        (" \n ", 0, ""),
    ],
)
def test_collapsed_within(text, limit, expected) -> None:
    assert collapsed_within(text, limit) == expected


def test_read_time_is_the_pages_own_else_an_estimate_by_script() -> None:
    config = NormalizeConfig(words_per_minute=100, chars_per_minute=10)
    assert resolve_read_time("3 mins read", "word " * 1000, config) == (3, "page")
    assert resolve_read_time("", "word " * 250, config) == (3, "estimate")
    assert resolve_read_time("", "東京で会議" * 5, config) == (3, "estimate")  # 25 characters at 10 a minute


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("7. Mai 2020", "de", "2020-05-07"),
        ("March 14, 2023", "en", "2023-03-14"),
        ("Dec. 22, 2016", "en-us", "2016-12-22"),
        ("2019.03.26", "ja", "2019-03-26"),
        ("2025年1月13日 20時01分", None, "2025-01-13T20:01:00"),  # with or without the page's language
        ("2024년 3월 5일", None, "2024-03-05"),
        ("30.01.2022 18:36", "de", "2022-01-30T18:36:00"),
        ("18.10.2019 - 17:08 Uhr", "de", "2019-10-18T17:08:00"),
        ("15 de Abril de 2020", "es", "2020-04-15"),
        ("le 07 Mai 2020", "fr", "2020-05-07"),
        ("8.5.12", "de", "2012-05-08"),
        ("03/05/2022 21:44", "pt-br", "2022-05-03T21:44:00"),
        ("05/03/2022", "en", "2022-05-03"),
        ("31.02.2022", "de", None),
        ("Dienstag, 01. Februar 2022 12:10", "de", "2022-02-01T12:10:00"),
        ("18 juil. 2024", None, "2024-07-18"),  # the abbreviations newsrooms print, without the page's language
        ("12 dic. 2023", None, "2023-12-12"),
        ("3. Mär. 2024", None, "2024-03-03"),
        ("5 set 2024", None, "2024-09-05"),
        ("5 stycznia 2024", None, "2024-01-05"),  # any language dateparser knows, without the page's language
        ("12 Ağustos 2023", None, "2023-08-12"),
        ("3 января 2024", None, "2024-01-03"),
        ("5. března 2024", None, "2024-03-05"),
        ("5 listopada 2024", "pl", "2024-11-05"),  # November in Polish, October in Croatian: the language says
        ("5 listopada 2024", "hr", "2024-10-05"),
        ("12 जुलाई 2024", None, "2024-07-12"),  # a month name with vowel signs is a word
        ("৫ ডিসেম্বর ২০২৪", None, "2024-12-05"),  # digits of any script are digits
        ("١٢ يوليو ٢٠٢٤", None, "2024-07-12"),
        ("۱۵ تیر ۱۴۰۳", None, "2024-07-05"),  # the Solar Hijri calendar (Iran's): 15 Tir 1403
        ("1 فروردین 1403", "fa", "2024-03-20"),  # Nowruz
        ("۱۵ تیر ۱۴۰۳ - ۱۲:۳۰", None, "2024-07-05T12:30:00"),
        ("۳۱ مهر ۱۴۰۳", None, None),  # Mehr has 30 days
        ("12 ก.ค. 2567", None, "2024-07-12"),  # Thai: an abbreviated month, a Buddhist Era year
        ("12 กรกฎาคม 2567 10:45 น.", None, "2024-07-12T10:45:00"),
        ("2024. augusztus 5.", None, "2024-08-05"),  # the year first (Hungarian, Lithuanian)
        ("2024. augusztus 5. 14:47", None, "2024-08-05T14:47:00"),
        ("2024 m. rugpjūčio 5 d.", None, "2024-08-05"),
        ("ஆகஸ்ட் 5, 2024", None, "2024-08-05"),  # the month first in any language
        ("2024 for 5", None, None),
    ],
)
def test_written_dates_in_their_language(raw, language, expected) -> None:
    assert parse_date(raw, language=language) == expected


def test_a_solar_hijri_dateline_is_found_after_its_weekday() -> None:
    (found,) = dates_in_text("شنبه ۱۵ تیر ۱۴۰۳ - ۱۲:۳۰")
    assert parse_date(found.group(0), language="fa") == "2024-07-05"


def test_a_dateline_in_another_scripts_digits_is_found_where_it_is_written() -> None:
    line = "প্রকাশ: ১২ জুলাই ২০২৪, ১০:৪৫"
    (found,) = dates_in_text(line)
    assert found.group(0) == "12 জুলাই 2024" and line[found.start() : found.end()] == "১২ জুলাই ২০২৪"


@pytest.mark.parametrize(
    ("raw", "needs"),
    [("06/01/2026", True), ("06/01/2026 - 14:16", True), ("13/01/2026", False), ("06/06/2026", False),
     ("06.01.2026", False), ("18 juil. 2024", False)],
)  # fmt: skip
def test_a_date_needs_the_language_only_when_its_order_is_open(raw, needs) -> None:
    assert needs_language(raw) is needs


UTC_FORMS = [
    ("2021-08-10T09:12:44+02:00", "2021-08-10T07:12:44Z"),
    ("2021-08-10T23:30:00-05:00", "2021-08-11T04:30:00Z"),  # the UTC day can be the next one
    ("2021-08-10T09:12:44+00:00", "2021-08-10T09:12:44Z"),
    ("2021-08-10T09:12:44", "2021-08-10"),  # no offset: no instant, the publisher's day
    ("2021-08-10", "2021-08-10"),
    (None, None),
]


@pytest.mark.parametrize(("published", "expected"), UTC_FORMS)
def test_published_utc_is_an_instant_or_a_day(published, expected) -> None:
    assert utc_form(published) == expected


def test_the_migration_fills_published_utc_the_way_normalization_does(tmp_path) -> None:
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m013_published_utc")
    db.table("articles").insert_all(
        {"url": f"https://example.org/{i}", "source": "s", "published": published, "text": "t"}
        for i, (published, _) in enumerate(UTC_FORMS)
    )
    migrations.apply(db)
    stored = [row["published_utc"] for row in db.query("select published_utc from articles order by rowid")]
    assert stored == [expected for _, expected in UTC_FORMS]


GERMAN = ("Die Feuerwehr der Stadt hat am Samstag ein neues Löschfahrzeug erhalten. Der Bürgermeister übergab "
          "die Schlüssel bei einem Fest auf dem Marktplatz, zu dem viele Familien mit ihren Kindern kamen. Das "
          "Fahrzeug ersetzt ein altes Modell, das seit mehr als dreißig Jahren im Dienst war.")  # fmt: skip
NORWEGIAN = ("Regjeringen la i dag fram et forslag om å bygge ut jernbanen mellom de største byene i landet. "
             "Samferdselsministeren sier at arbeidet kan starte neste år, men at kostnadene fortsatt er usikre, "
             "og at Stortinget må ta stilling til finansieringen før sommeren.")  # fmt: skip
ENGLISH = " ".join(["The council met on Tuesday evening and voted on the plan for the harbour district."] * 4)
GERMAN_THEN_ENGLISH = f"{GERMAN} {GERMAN} {GERMAN} " + 6 * (
    "The harbour authority said the new ferry line would carry commuters across the bay from spring. Residents "
    "who live near the old pier have asked for a second stop, which the council will consider next month. The "
    "operator expects the boats to run every twenty minutes during the morning and evening rush. "
)  # 843 characters of German, then 1,821 of English


@pytest.mark.parametrize(
    ("declared", "text", "expected"),
    [
        ("", GERMAN, ("de", "text")),  # the markup says nothing: the text says it
        ("en", GERMAN, ("de", "text")),  # a site-wide default that this article contradicts
        ("en", ENGLISH, ("en", "markup")),
        ("de", GERMAN_THEN_ENGLISH, ("de", "markup")),  # opens as declared: read no further (a lead, then a
        ("en", GERMAN_THEN_ENGLISH, ("en", "markup")),  # translation or a scrambled paywalled body); opens
        ("fr", GERMAN_THEN_ENGLISH, ("en", "text")),  # as another: read on, and most of it is English
        ("fr", "Advertisement " * 43 + GERMAN * 12, ("de", "text")),  # an opening that reads as nothing much
        ("nb", NORWEGIAN, ("nb", "markup")),  # Bokmål is Norwegian: too close to overrule
        ("de", "Kurz und knapp: ein Satz.", ("de", "markup")),  # too short to judge
        ("", "Kurz und knapp: ein Satz.", (None, None)),
    ],
)
def test_language_is_the_markups_unless_the_text_clearly_says_otherwise(declared, text, expected) -> None:
    assert choose_language(declared, text) == expected


def test_features_counted_at_all_positions_at_once_are_py3langids_counts() -> None:
    """The windowed count against py3langid's own walk of its automaton, feature by feature: texts in several
    scripts, at every length up to the automaton's depth and past it, and random bytes (any UTF-8 byte
    sequence a text encodes to); and the scores against py3langid's scoring of its walk's counts, equal but
    for the rounding of sums taken in another order."""
    import random

    import numpy
    from py3langid.langid import LanguageIdentifier, visit_counts

    from scraper.normalize.language import WindowedIdentifier, load_identifier

    identifier = load_identifier()
    assert isinstance(identifier, WindowedIdentifier) and identifier.depth >= 4
    scripts = [
        GERMAN,
        NORWEGIAN,
        ENGLISH,
        "Ελληνικά κείμενα για δοκιμή",
        "日本語のテキストです。",
        "Привет, мир! Ёжик.",
    ]
    rng = random.Random(5)
    texts = [identifier._encode(text) for text in scripts]
    texts += [text[:n] for text in texts[:4] for n in range(identifier.depth + 2)]
    texts += [rng.randbytes(rng.randrange(1, 400)) for _ in range(300)]
    texts += [bytes(rng.choice(b"ab \xc3\xa9\xe2\x80\x9c") for _ in range(rng.randrange(1, 60))) for _ in range(300)]
    for text in texts:
        walked = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, text) or {}
        features, counts = identifier.counts(text)
        assert dict(zip(features.tolist(), counts.tolist(), strict=True)) == walked, text
    for text in texts[:6] + texts[-300:]:
        ours, theirs = identifier._raw_score(text), LanguageIdentifier._raw_score(identifier, text)
        assert numpy.allclose(ours, theirs, rtol=1e-6, atol=1e-3), text
        assert ours.argmax() == theirs.argmax()


def test_the_language_model_is_unpacked_once_into_the_cache_and_mapped_with_the_same_answers(tmp_path) -> None:
    import json
    import os
    import subprocess
    import sys

    texts = [GERMAN, NORWEGIAN, ENGLISH]
    script = (
        "import json, sys\n"
        "from py3langid.langid import MODEL_FILE, LanguageIdentifier\n"
        "from scraper.normalize import language\n"
        "ours = language.load_identifier()\n"
        "packaged = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)\n"
        f"texts = {texts!r}\n"
        "print(json.dumps({'kind': type(ours.tk_nextmove).__name__,\n"
        "                  'answers': [ours.classify(t) for t in texts],\n"
        "                  'packaged': [packaged.classify(t) for t in texts]}))\n"
    )

    def run() -> dict:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        return json.loads(done.stdout)

    stale = tmp_path / "scraper" / "py3langid-0.1.0"  # an older version's copy: removed once this one is whole
    stale.mkdir(parents=True)
    (stale / "done").write_text("")
    unpacked = run()
    assert unpacked["kind"] == "memoryview"
    # The weights held in bytes: the packaged model's languages, probabilities within a thousandth.
    assert [language for language, _ in unpacked["answers"]] == ["de", "no", "en"]
    for (language, probability), (packaged_language, packaged_probability) in zip(
        unpacked["answers"], unpacked["packaged"], strict=True
    ):
        assert language == packaged_language
        assert probability == pytest.approx(packaged_probability, abs=1e-3)
    (cache,) = (tmp_path / "scraper").iterdir()
    assert sorted(p.name for p in cache.iterdir()) == [
        "codes.npy", "done", "low.npy", "nextmove.bin", "pc.npy", "small.pickle", "step.npy"
    ]  # fmt: skip
    assert run() == unpacked  # mapped from the cache
    (cache / "nextmove.bin").unlink()  # a damaged cache: the packaged model, the same answers
    unmapped = run()
    assert unmapped["kind"] == "array" and unmapped["packaged"] == unpacked["packaged"]
    for (language, probability), (mapped_language, mapped_probability) in zip(
        unmapped["answers"], unpacked["answers"], strict=True
    ):  # py3langid's own scoring there, ours from the cache: sums in another order
        assert language == mapped_language and probability == pytest.approx(mapped_probability, abs=1e-6)
