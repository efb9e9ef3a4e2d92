"""Author lists: people and agencies, without "By"/"Von", roles and job titles, degrees, e-mail addresses,
profile links, HTML entities left encoded, or duplicates (also a name written twice in one string)."""

from __future__ import annotations

import html
import re

PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|door|durch|(?:written|posted|reported)\s+by|"
    r"(?:erstellt|eingestellt|gespeichert|geschrieben|verfasst)\s+von|"
    r"about\s+the\s+author|auteur|autor|author|text|texto|testo|tekst|teksti|interview)\s*[:\-–]?\s+",
    re.I,
)
CREDIT = re.compile(r"^\s*(?:fotos?|photos?|bilder?|illustrations?)\s*:", re.I)  # a photographer, not an author
SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
ROLE = re.compile(
    r"(?:\s*[,|\-–]\s*reporter|"  # not "Rasender Reporter"
    r"(?:\s*[,|\-–]\s*|\s+)(?:staff\s+(?:writer|reporter)|correspondent|editor|contributor|redakteur(?:in)?|"
    r"journalist(?:in|e)?|columnist|kolumnist(?:in)?|korrespondent(?:in)?|periodista|giornalista|"
    r"senior\s+\w+))\b.*$",
    re.I,
)
EMAIL = re.compile(r"\S+@\S+\.\w+")
DEGREE = re.compile(r"^(?:ph\.?\s?d|m\.?d|dr|mba|msc|ba|ma)\.?$", re.I)
KEEP_DOT = re.compile(r"(?:\b[A-Z]|\bJr|\bSr)\.$")  # "Perry Bacon Jr.", "Nicolas Gutierrez C."


def normalize_authors(raw: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    names: list[str] = []
    for entry in raw:
        # Entities first: "Redacci&oacute;n" is one name, not three parts split on "&" and ";".
        entry = " ".join(EMAIL.sub(" ", html.unescape(entry)).split())
        if CREDIT.match(entry):
            continue
        entry = _undoubled(ROLE.sub("", PREFIX.sub("", entry)))
        for part in SPLIT.split(entry):
            name = PREFIX.sub("", part).strip(" :-–'\"‘’“”")
            name = name if KEEP_DOT.search(name) else name.rstrip(".").strip()
            if (
                name
                and len(name) <= 80
                and not name.startswith("http")
                and not DEGREE.match(name)
                and name.casefold() not in {n.casefold() for n in names}
            ):
                names.append(name)
    return tuple(names)


def _undoubled(entry: str) -> str:
    """ "Martin Gramnæs Martin Gramnæs" (a byline's name and its link's text glued) is one name; a name of
    one word twice ("Jo Jo") may be a name."""
    words = entry.split()
    half = len(words) // 2
    if half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return entry
