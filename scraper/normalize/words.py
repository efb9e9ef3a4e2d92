"""Word counts that work for every script: in scripts written without spaces between words (Chinese,
Japanese, Korean, Thai, Lao, Khmer, Myanmar) each character counts as one."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WORD = re.compile(r"\w+")
SPACELESS = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


@lru_cache(maxsize=8)  # a record's text is counted by extraction's checks, its status, its language, its read time
def count_words(text: str) -> int:
    """Words, counting each character of a script without spaces (Chinese, Thai, ...) as one."""
    # Matches counted by subn, which makes no string of each (findall's list of words: twice the time).
    if SPACELESS.search(text) is None:  # most texts: one pass fewer
        return WORD.subn("", text)[1]
    spaced, spaceless = SPACELESS.subn(" ", text)
    return WORD.subn("", spaced)[1] + spaceless


def is_spaceless(text: str) -> bool:
    """True when most of the counted words are characters of scripts without spaces."""
    spaceless = SPACELESS.subn("", text)[1]
    return spaceless > 0 and spaceless > 0.5 * max(1, count_words(text))


def squeeze(value: Any) -> str:
    """``value`` as text with its whitespace collapsed and soft hyphens dropped (``""`` for nothing)."""
    return " ".join(str(value).replace("\xad", "").split()) if value else ""


def squash(text: str) -> str:
    """Only the letters and digits, case-folded: for comparing names ("Disfunctions.de" ~ "disfunctionsde")."""
    return "".join(c for c in text.casefold() if c.isalnum())
