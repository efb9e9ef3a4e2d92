"""Author lists: people and agencies, without "By"/"Von", roles or duplicates."""

from __future__ import annotations

import re

PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|written\s+by|author|posted\s+by|reported\s+by)\s*[:\-]?\s+", re.I)
SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
ROLE = re.compile(
    r"\s*[,|\-–]\s*(?:staff\s+(?:writer|reporter)|correspondent|editor|reporter|contributor|senior\s+\w+)\b.*$",
    re.I,
)


def normalize_authors(raw: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    names: list[str] = []
    for entry in raw:
        entry = ROLE.sub("", PREFIX.sub("", " ".join(entry.split())))
        for name in SPLIT.split(entry):
            name = PREFIX.sub("", name).strip(" .:-–")
            if (
                name
                and len(name) <= 80
                and not name.startswith("http")
                and name.casefold() not in {n.casefold() for n in names}
            ):
                names.append(name)
    return tuple(names)
