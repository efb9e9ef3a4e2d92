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

import re
import warnings
from datetime import UTC, date, datetime

import dateparser

LABEL = re.compile(
    r"^\s*(?:(?:first\s+)?(?:published|posted|updated|last\s+updated|modified|date)\s*(?:on|at)?\s*[:\-–]?\s*|on\s+)",
    re.I,
)
AT_TIME = re.compile(r"\s+(?:at|um|à|alle)\s+(?=\d{1,2}[:.h]\d{2})", re.I)
DOTTED_DAY_FIRST = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")  # 04.02.2022: day first wherever dots are used
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|^\d{1,2}[./]\d{1,2}[./]\d\d\b")  # a year, or 8.5.12
HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\bago\b", re.I)
MIN_YEAR = 1990
# Languages tried when the page declares none: trying all of dateparser's 200+ locales costs about a
# second per string, and guesses among rare locales are more often wrong than right.
DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")


def parse_date(raw: str, *, fetched_at: str | None = None, language: str | None = None) -> str | None:
    """The ISO 8601 form of ``raw`` at the precision it was written with, or None."""
    text = " ".join(raw.split())
    if not text or len(text) > 100:
        return None
    base = _parse_fetched_at(fetched_at)
    value = _parse_iso(text)
    if value is None:
        value = _parse_natural(text, base, language)
    if value is None:
        return None
    year = value.year
    latest = (base.year if base else datetime.now(UTC).year) + 1
    if not MIN_YEAR <= year <= latest:
        return None
    return value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else _iso(value)


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


def _parse_natural(text: str, base: datetime | None, language: str | None) -> date | datetime | None:
    text = AT_TIME.sub(" ", LABEL.sub("", text))
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_TIME_AS_PERIOD": True,
    }
    lang, _, region = (language or "").lower().replace("_", "-").partition("-")
    if DOTTED_DAY_FIRST.match(text) or (lang and not (lang == "en" and region in ("", "us"))):
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
