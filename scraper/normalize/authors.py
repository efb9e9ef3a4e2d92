"""Author lists: people and agencies, without "By"/"Von", roles and job titles, degrees, e-mail and web
addresses, profile links, HTML entities left encoded, "for <the site>", dates and times written in the byline,
or duplicates (also a name written twice in one string). A name of one word may hold digits (a handle,
"delta201"); one of several words, or one that starts with a digit, is a date or a time."""

from __future__ import annotations

import html
import re

from scraper.normalize.words import squash

# The words that introduce an author's name, in the languages of the DEV pages and the web's other large news
# languages (Hindi, Arabic, Persian, Indonesian, Thai): one written before the name ("By", "Von", "Oleh",
# "โดย"), or a label with a colon ("Autor:", "Texto:", "Автор:", "लेखक:"). Bylines on pages and in text dumps
# are found by these, and names are cleaned of them.
BY_WORDS = r"by|von|par|por|door|di|av|af|przez|от|작성자|oleh|بقلم|โดย"
LABEL_WORDS = (
    r"authors?|autor(?:in|ka)?|auteur|autore|text|texte|texto|testo|tekst|teksti|redaktion|redacción|redação|"
    r"yazar|szerző|kirjoittaja|автор|текст|συντάκτης|tác\s+giả|作者|記者|记者|interview|लेखक|रिपोर्ट|الكاتب|نویسنده|penulis|pewarta"
)
# The role written after a reporter's name in Korean, Japanese and Chinese bylines ("김민수 기자", "山田太郎記者")
ROLE_AFTER_NAME = r"기자|특파원|記者|记者|特派員|特派员"
BYLINE = re.compile(  # a byline's start, or a whole line of a name and its role after it
    rf"^(?:(?:{BY_WORDS})\s*:?\s+|(?:{LABEL_WORDS})\s*[:：]\s*)(?=\S)"
    rf"|^(?=[^\W\d_]{{1,20}}(?:\s[^\W\d_]{{1,20}}){{0,2}}\s*(?:{ROLE_AFTER_NAME})$)",
    re.I,
)
PREFIX = re.compile(
    rf"^\s*(?:{BY_WORDS}|durch|(?:written|posted|reported)\s+by|"
    r"(?:erstellt|eingestellt|gespeichert|geschrieben|verfasst)\s+von|"
    rf"about\s+the\s+author)(?:\s*[:：\-–]\s*|\s+)|^\s*(?:{LABEL_WORDS})\s*[:：\-–]\s*",
    re.I,
)
CREDIT = re.compile(r"^\s*(?:fotos?|photos?|bilder?|illustrations?)\s*:", re.I)  # a photographer, not an author
SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
ROLE = re.compile(
    r"(?:\s*[,|\-–]\s*(?:[^\W\d_]+\s+){0,2}reporter|"  # ", Local Democracy Reporter"; not "Rasender Reporter"
    r"(?:\s*[,|\-–]\s*(?:[^\W\d_]+\s+){0,2}|\s+)(?:staff\s+(?:writer|reporter)|correspondent|editor|contributor|redakteur(?:in)?|"
    r"journalist(?:in|e)?|columnist|kolumnist(?:in)?|korrespondent(?:in)?|periodista|giornalista|"
    r"senior\s+\w+))\b.*$"
    rf"|\s*(?:{ROLE_AFTER_NAME})$",
    re.I,
)
EMAIL = re.compile(r"\S+@\S+\.\w+")
WEB = re.compile(r"\(?(?:https?://|www\.)[^\s)]+\)?")
DOMAIN = re.compile(r"(?:www\.)?(?:[\w-]+\.)+[a-z]{2,6}", re.I)
FOR = re.compile(r"\s+for\s+(?P<whom>\S.*)$", re.I)  # "Jane Doe for NJ.com"
DEGREE = re.compile(r"^(?:ph\.?\s?d|m\.?d|dr|mba|msc|ba|ma)\.?$", re.I)
DIGIT = re.compile(r"\d")  # a date's or a time's, split off a byline ("Von Jane Doe, 10.08.2021, 14:30 Uhr")
KEEP_DOT = re.compile(r"(?:\b[A-Z]|\bJr|\bSr)\.$")  # "Perry Bacon Jr.", "Nicolas Gutierrez C."


def normalize_authors(raw: tuple[str, ...] | list[str], site_names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names in ``raw`` (author strings as pages write them), cleaned, split and without duplicates;
    "for" and one of ``site_names`` (the names the site goes by) or a domain is cut off: who wrote it, not
    where ("NJ Advance Media for NJ.com")."""
    sites = {squash(name) for name in site_names if len(squash(name)) >= 3}
    names: list[str] = []
    for entry in raw:
        # Entities first: "Redacci&oacute;n" is one name, not three parts split on "&" and ";".
        entry = " ".join(EMAIL.sub(" ", html.unescape(entry)).split())
        if CREDIT.match(entry):
            continue
        if (whom := FOR.search(entry)) and (DOMAIN.fullmatch(whom["whom"]) or squash(whom["whom"]) in sites):
            entry = entry[: whom.start()]  # "NJ Advance Media for NJ.com": who wrote it, not where
        if unaddressed := " ".join(WEB.sub(" ", entry).split()):  # "Deutsche Welle (www.dw.com)"; not "przepisy.pl"
            entry = unaddressed
        entry = _undoubled(ROLE.sub("", PREFIX.sub("", entry)))
        for part in SPLIT.split(entry):
            name = PREFIX.sub("", part).strip(" :-–'\"‘’“”")
            name = name if KEEP_DOT.search(name) else name.rstrip(".").strip()
            if (
                name
                and len(name) <= 80
                and not name.startswith("http")
                and not DEGREE.match(name)
                and not ((DIGIT.search(name) and " " in name) or name[:1].isdigit())  # "10.08.2021", "14:30 Uhr"
                and name.casefold() not in {n.casefold() for n in names}
            ):
                names.append(name)
    return tuple(names)


def is_byline(line: str) -> bool:
    """Whether a short line is a byline ("von Karin Schulte", "โดย สมชาย ใจดี", "김민수 기자"); not a
    speaker's name before a colon and a quote ("Von Broock: ...")."""
    return BYLINE.match(line) is not None and not labels_next(line)


def labels_next(text: str) -> bool:
    """Whether a text ends in a colon: it labels the text after it ("Organization:", a quoted speaker's
    "Von Broock:") and names no author itself."""
    return text.rstrip().endswith((":", "："))


def _undoubled(entry: str) -> str:
    """ "Martin Gramnæs Martin Gramnæs" (a byline's name and its link's text glued) is one name; a name of
    one word twice ("Jo Jo") may be a name."""
    words = entry.split()
    half = len(words) // 2
    if half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return entry
