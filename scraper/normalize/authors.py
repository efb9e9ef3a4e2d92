"""Author lists: people and agencies, without "By"/"Von", roles, degrees, profile links or duplicates."""

from __future__ import annotations

import re

PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|door|durch|(?:written|posted|reported)\s+by|"
    r"(?:erstellt|eingestellt|gespeichert|geschrieben|verfasst)\s+von|"
    r"about\s+the\s+author|auteur|autor|author|text|interview)\s*[:\-–]?\s+",
    re.I,
)
CREDIT = re.compile(r"^\s*(?:fotos?|photos?|bilder?|illustrations?)\s*:", re.I)  # a photographer, not an author
SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
ROLE = re.compile(
    r"(?:\s*[,|\-–]\s*reporter|"  # not "Rasender Reporter"
    r"(?:\s*[,|\-–]\s*|\s+)(?:staff\s+(?:writer|reporter)|correspondent|editor|contributor|redakteur(?:in)?|"
    r"senior\s+\w+))\b.*$",
    re.I,
)
DEGREE = re.compile(r"^(?:ph\.?\s?d|m\.?d|dr|mba|msc|ba|ma)\.?$", re.I)
KEEP_DOT = re.compile(r"(?:\b[A-Z]|\bJr|\bSr)\.$")  # "Perry Bacon Jr.", "Nicolas Gutierrez C."


def normalize_authors(raw: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    names: list[str] = []
    for entry in raw:
        entry = " ".join(entry.split())
        if CREDIT.match(entry):
            continue
        entry = ROLE.sub("", PREFIX.sub("", entry))
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
