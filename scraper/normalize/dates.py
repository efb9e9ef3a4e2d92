"""Dates as precise as the source gives them, never shifted by a time-zone conversion.

- ``2021-08-10`` when the source gives a day, ``2021-08-10T09:12:44+01:00`` when it gives a time and an
  offset, ``2021-08-10T09:12:44`` when it gives a time without one.
- ISO 8601 strings take a fast path (``datetime.fromisoformat``); dateparser sees only the rest.
- Relative dates ("2 hours ago", "yesterday") resolve against the page's fetch time, never the clock,
  so re-extraction is deterministic; without a fetch time, a date must name its year.
- ``language`` may carry a region: numeric dates are day-first except in US English (``en``/``en-us``)
  and on pages that declare no language.
- A year or a month alone is not a date; a date outside 1990..(fetch year + 1) is refused.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import warnings
from datetime import UTC, date, datetime

import dateparser
from convertdate import persian  # type: ignore[import-untyped]

from scraper.normalize.words import LETTER, LETTER_RUN, ascii_digits

LABEL = re.compile(
    r"^\s*(?:(?:first\s+)?(?:published|posted|updated|last\s+updated|modified|date)\s*(?:on|at)?\s*[:\-–]?\s*|on\s+)",
    re.I,
)
AT_TIME = re.compile(r"\s+(?:at|um|à|alle)\s+(?=\d{1,2}[:.h]\d{2})", re.I)
DOTTED_DAY_FIRST = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")  # 04.02.2022: day first wherever dots are used
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|^\d{1,2}[./]\d{1,2}[./]\d\d\b")  # a year, or 8.5.12
HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\bago\b", re.I)
MIN_YEAR = 1990
ISO_DAY = re.compile(r"[+-]?\d{4,}-\d\d-\d\d(?!\d)")  # the start of an ISO 8601 date, valid or not
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar jänner janvier enero gennaio janeiro januari janv ene gen",
            "february feb februar février febrero febbraio fevereiro februari févr fevr fév fev",
            "march mar märz mars marzo março maart mär mrz mrt",
            "april apr avril abril aprile avr abr",
            "may mai mayo maggio maio mei maj mag",
            "june jun juni juin junio giugno junho giu",
            "july jul juli juillet julio luglio julho juil lug",
            "august aug août agosto augustus ago",
            "september sep sept septembre septiembre setiembre settembre setembro set",
            "october oct oktober octobre octubre ottobre outubro okt ott out",
            "november nov novembre noviembre novembro",
            "december dec dezember décembre diciembre dicembre dezembro desember déc dic dez des",
        ),
        start=1,
    )
    for name in names.split()
}
TIME = r"(?:,?\s*(?:-\s*|um\s+|à\s+|at\s+)?(?P<h>[0-2]?\d)[:.h](?P<min>[0-5]\d)(?:\s*uhr)?)?"
NUMERIC = re.compile(rf"(?P<a>[0-3]?\d)(?P<sep>[./])\s?(?P<b>[01]?\d)(?P=sep)\s?(?P<y>\d{{4}}|\d\d){TIME}", re.I)
YMD = re.compile(rf"(?P<y>(?:19|20)\d\d)([./])(?P<a>[01]?\d)\2(?P<b>[0-3]?\d){TIME}", re.I)
DAY_MONTH = re.compile(
    rf"(?P<d>[0-3]?\d)\.?\s+(?:de\s+)?(?P<m>(?:{LETTER})+\.?),?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d){TIME}", re.I
)
YMD_CJK = re.compile(  # 2025年1月13日 20時01分 (Japanese, Chinese; Korean writes 년/월/일)
    r"(?P<y>(?:19|20)\d\d)\s?[年년]\s?(?P<a>[01]?\d)\s?[月월]\s?(?P<b>[0-3]?\d)\s?[日일]"
    r"(?:\s*\S{0,3}?\s*(?P<h>[0-2]?\d)\s?[時시:]\s?(?P<min>[0-5]\d)\s?[分분]?)?"
)
MONTH_DAY = re.compile(
    rf"(?P<m>(?:{LETTER})+\.?)\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d){TIME}", re.I
)
# The year first: "2024. augusztus 5." (Hungarian), "2024 m. rugpjūčio 5 d." (Lithuanian)
YEAR_MONTH_DAY = re.compile(
    rf"(?P<y>(?:19|20)\d\d)\.?\s+(?:m\.\s+)?(?P<m>(?:{LETTER})+)\s+(?P<d>[0-3]?\d)\.?(?:\s+d\.)?{TIME}", re.I
)
# Thai dates name the month in full or abbreviated with dots ("12 ก.ค. 2567") and count years in the Buddhist
# Era, 543 ahead of the common one.
THAI_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."), ("พฤษภาคม", "พ.ค."),
         ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."), ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."),
         ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค.")),
        start=1,
    )
    for name in names
}  # fmt: skip
THAI_MONTHS = "|".join(re.escape(name) for name in sorted(THAI_MONTH_NUMBERS, key=len, reverse=True))
BUDDHIST_ERA = 543  # years the Buddhist Era runs ahead
THAI_DATE = re.compile(rf"(?P<d>[0-3]?\d)\s*(?P<m>{THAI_MONTHS})\s*(?P<y>(?:19|20|25)\d\d){TIME}(?:\s*น\.)?")
# Iranian dates count years in the Solar Hijri calendar ("۱۵ تیر ۱۴۰۳" is 5 July 2024), converted by convertdate
SOLAR_HIJRI_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"), start=1
    )
}
SOLAR_HIJRI_MONTHS = "|".join(sorted(SOLAR_HIJRI_MONTH_NUMBERS, key=len, reverse=True))
SOLAR_HIJRI_DATE = re.compile(rf"(?P<d>[0-3]?\d)\s*(?P<m>{SOLAR_HIJRI_MONTHS})\s*(?P<y>1[34]\d\d){TIME}")
MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")  # fmt: skip
# Languages tried when the page declares none: trying all of dateparser's 200+ locales costs about a
# second per string, and guesses among rare locales are more often wrong than right.
DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")


def parse_date(raw: str, *, fetched_at: str | None = None, language: str | None = None) -> str | None:
    """The ISO 8601 form of ``raw`` at the precision it was written with, or None."""
    text = " ".join(ascii_digits(raw).split())
    if not text or len(text) > 100:
        return None
    base = _parse_fetched_at(fetched_at)
    value = _parse_iso(text) or _parse_plain(text, language)
    if value is None and _impossible_day(text):
        return None
    if value is None:
        value = _parse_natural(text, base, language)
    if value is None:
        return None
    year = value.year
    latest = (base.year if base else datetime.now(UTC).year) + 1
    if not MIN_YEAR <= year <= latest:
        return None
    return value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else _iso(value)


def month_of(word: str) -> int | None:
    """The month a written month name or abbreviation means, in the languages of MONTH_NUMBERS or any
    other that dateparser knows ("stycznia", "Ağustos", "января"), or None."""
    word = word.casefold().rstrip(".")
    return MONTH_NUMBERS.get(word) or load_month_names().get(word)


@functools.cache
def load_month_names() -> dict[str, int]:
    """Every month name of dateparser's 200 locales (75 ms and 5.5 MB, once: it imports every locale's
    module): those of three letters or more that mean the same month in every locale that has them
    ("listopad" is November in Czech, October in Croatian)."""
    from dateparser.data import date_translation_data

    months: dict[str, set[int]] = {}
    for module in pkgutil.iter_modules(date_translation_data.__path__):
        info = importlib.import_module(f"{date_translation_data.__name__}.{module.name}").info
        for number, key in enumerate(MONTH_KEYS, start=1):
            for name in info.get(key, ()):
                if len(word := name.casefold().rstrip(".")) >= 3 and LETTER_RUN.fullmatch(word):
                    months.setdefault(word, set()).add(number)
    return {word: numbers.pop() for word, numbers in months.items() if len(numbers) == 1}


def needs_language(raw: str) -> bool:
    """Whether ``raw`` reads as two different days by the writer's language: 06/01/2026 is 6 January in
    French and June 1 in US English (a dotted date is day first everywhere)."""
    match = NUMERIC.fullmatch(LABEL.sub("", AT_TIME.sub(" ", " ".join(raw.split()))).strip())
    return (
        match is not None
        and match["sep"] == "/"
        and int(match["a"]) <= 12
        and int(match["b"]) <= 12
        and match["a"] != match["b"]
    )


def utc_form(published: str | None) -> str | None:
    """``published`` as one sortable, comparable value: a time with its offset as the UTC instant
    (``2021-08-10T09:12:44+02:00`` -> ``2021-08-10T07:12:44Z``), anything else as its day (the publisher's
    local day; a time without an offset names no instant)."""
    if not published:
        return None
    value = datetime.fromisoformat(published)
    if isinstance(value, datetime) and len(published) > 10 and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return published[:10]


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _parse_fetched_at(fetched_at: str | None) -> datetime | None:
    if not fetched_at:
        return None
    try:
        value = datetime.fromisoformat(fetched_at)
    except ValueError:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _parse_iso(text: str) -> date | datetime | None:
    if not text[:4].isdigit() or len(text) < 10 or text[4] != "-":
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _impossible_day(text: str) -> bool:
    """True for text that starts as an ISO 8601 date no calendar has: 2024-02-30, -2000-01-01, 0000-00-00.
    No other reading of it is right (dateparser makes 2024-02-01 of the first)."""
    if (match := ISO_DAY.match(text)) is None:
        return False
    try:
        date.fromisoformat(match.group())
    except ValueError:
        return True
    return False


def _parse_plain(text: str, language: str | None) -> date | datetime | None:
    """The common written forms without dateparser (which costs milliseconds a string): 04.02.2022,
    02/10/2020 (day first unless the page is in US English), 2019.03.26, 7. Mai 2020, March 14, 2023,
    2024. augusztus 5., 2025年1月13日, 12 ก.ค. 2567, ۱۵ تیر ۱۴۰۳, each with an optional time."""
    text = LABEL.sub("", AT_TIME.sub(" ", text)).strip()
    if match := NUMERIC.fullmatch(text):
        first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
        year += 2000 if year < 100 else 0
        day, month = (first, second) if match["sep"] == "." or _day_first(language) else (second, first)
    elif match := YMD.fullmatch(text) or YMD_CJK.fullmatch(text):
        year, month, day = int(match["y"]), int(match["a"]), int(match["b"])
    elif match := THAI_DATE.fullmatch(text):
        year, month, day = int(match["y"]), THAI_MONTH_NUMBERS[match["m"]], int(match["d"])
        year -= BUDDHIST_ERA if year > 2400 else 0
    elif match := SOLAR_HIJRI_DATE.fullmatch(text):
        month = SOLAR_HIJRI_MONTH_NUMBERS[match["m"]]
        if not 1 <= int(match["d"]) <= (31 if month <= 6 else 30):
            return None
        year, month, day = persian.to_gregorian(int(match["y"]), month, int(match["d"]))
    elif match := DAY_MONTH.fullmatch(text) or MONTH_DAY.fullmatch(text) or YEAR_MONTH_DAY.fullmatch(text):
        month_number = month_of(match["m"])
        if month_number is None:
            return None
        year, month, day = int(match["y"]), month_number, int(match["d"])
    else:
        return None
    try:
        if match["h"] is not None:
            return datetime(year, month, day, int(match["h"]), int(match["min"]))
        return date(year, month, day)
    except ValueError:
        return None


def _day_first(language: str | None) -> bool:
    lang, _, region = (language or "").lower().replace("_", "-").partition("-")
    return bool(lang) and not (lang == "en" and region in ("", "us"))


def _parse_natural(text: str, base: datetime | None, language: str | None) -> date | datetime | None:
    text = AT_TIME.sub(" ", LABEL.sub("", text))
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_TIME_AS_PERIOD": True,
    }
    lang = (language or "").lower().replace("_", "-").partition("-")[0]
    if DOTTED_DAY_FIRST.match(text) or _day_first(language):
        settings["DATE_ORDER"] = "DMY"  # 04.02.2022 anywhere; 02/10/2020 everywhere but in US English
    if base is not None:
        settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
    elif not YEAR.search(text):
        return None  # relative ("2 hours ago", "heute") or without a year: nothing to resolve it against
    declared = [lang] if lang.isalpha() and len(lang) == 2 else []
    languages = list(dict.fromkeys([*declared, *DEFAULT_LANGUAGES]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(text, languages=languages, settings=settings)
        except (ValueError, OverflowError, TypeError, AttributeError):
            return None
    if parsed is None:
        return None
    if not isinstance(parsed, datetime):
        return None
    if not HAS_TIME.search(text):
        return parsed.date()
    if "ago" in text.lower() and parsed.tzinfo is None and base is not None:
        parsed = parsed.replace(tzinfo=UTC)  # relative to the fetch time, which is UTC
    return parsed
