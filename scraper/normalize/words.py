"""Words that work for every script. A word is a run of letters, digits and the combining marks written on
them: the vowel signs and viramas of Devanagari, Bengali or Tamil, Arabic's and Hebrew's vowel points
(Python's ``\\w`` leaves marks out, and splits हिन्दी into three "words"). In scripts written without
spaces between words (Chinese, Japanese, Korean, Thai, Lao, Khmer, Myanmar) each character counts as one."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

import numpy as np
import regex  # type: ignore[import-untyped]

# Unicode's first plane, and the runs of combining marks in it (found by the regex module's \p{M}: a scan of
# the plane in C, 1 ms at import, where unicodedata would take 11).
PLANE = np.arange(0x10000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
MARKS = "".join(f"{run[0]}-{run[-1]}" for run in regex.findall(r"\p{M}+", PLANE))
WORD = re.compile(rf"\w[\w{MARKS}]*")  # from a letter or digit on: a mark after an emoji (U+FE0F) is no word
LETTER = rf"[^\W\d_]|[{MARKS}]"  # a letter, or a mark written on one
LETTER_RUN = re.compile(f"(?:{LETTER})+")
OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script than ASCII's
ASCII_DIGITS = str.maketrans({digit: str(int(digit)) for digit in re.findall(r"\d", PLANE) if not digit.isascii()})
# What ends a sentence in the scripts of the web: Latin's stops, the full-width CJK ones, the danda of
# Devanagari and Bengali, Arabic's question mark, Urdu's, Armenian's, Ethiopic's, Myanmar's and Khmer's full stops.
FULL_STOPS = ".!?。！？।॥؟۔։።။។"
SPACELESS = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)

# An ASCII text's words and whitespace as bytes: "a" for a byte \w matches, " " for the rest; the bytes
# str.split() splits at
ASCII_WORDS = bytes(ord("a") if re.fullmatch(r"\w", chr(byte)) else ord(" ") for byte in range(256))
ASCII_SPACE = bytes(byte for byte in range(128) if chr(byte).isspace())
SPACES = "".join(re.findall(r"\s", PLANE))  # what str.split() splits at: \s, all of it in the first plane
COUNTED_SPACES = 200  # characters from which a text's spaces are counted kind by kind, not split out
LONG_TEXT = 256  # characters from which a text's words are counted in numpy
NOT_WORD, WORD_CHAR, SPACELESS_CHAR, MARK = 0, 1, 2, 3


@lru_cache(maxsize=8)  # a record's text is counted by extraction's checks, its status, its language, its read time
def count_words(text: str) -> int:
    """Words, counting each character of a script without spaces (Chinese, Thai, ...) as one."""
    if text.isascii():  # a flag of the string, free (plain English; typographic quotes and dashes are not ASCII)
        return _count_ascii(text)
    if len(text) >= LONG_TEXT and (counted := _count_in_numpy(text)) is not None:
        return counted
    # Matches counted by subn, which makes no string of each (findall's list of words: twice the time).
    if SPACELESS.search(text) is None:  # most texts: one pass fewer
        return WORD.subn("", text)[1]
    spaced, spaceless = SPACELESS.subn(" ", text)
    return WORD.subn("", spaced)[1] + spaceless


def _count_ascii(text: str) -> int:
    """The same count for an ASCII text, where a word is a run of ``[A-Za-z0-9_]`` (no combining marks, no
    script without spaces): every other byte made a space and every word character an "a", the words are the
    places where a space meets an "a", counted in C."""
    return (b" " + text.encode("ascii").translate(ASCII_WORDS)).count(b" a")


def _count_in_numpy(text: str) -> int | None:
    """The same count, from each character's kind looked up in a table (an eighth of the regular
    expression's time on a long text), or None for a text with characters beyond the table's plane. WORD
    finds one word in each run of letters, digits and marks that holds a letter or digit."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _kinds()
    if codes.max() >= len(table):
        return None
    kinds = table[codes]
    letter = kinds == WORD_CHAR
    joined = letter | (kinds == MARK)
    starts = joined.copy()
    starts[1:] &= ~joined[:-1]
    runs = np.cumsum(starts)  # each run's number, from 1
    lettered = np.zeros(int(runs[-1]) + 1, dtype=bool)
    lettered[runs[letter]] = True
    return int(np.count_nonzero(lettered)) + int(np.count_nonzero(kinds == SPACELESS_CHAR))


@cache
def _kinds() -> Any:
    """Each character of Unicode's first plane as a letter or digit (WORD's ``\\w``), a combining mark, a
    character of a script without spaces (a word of its own) or none of these."""
    kinds = np.full(len(PLANE), NOT_WORD, dtype=np.uint8)
    for pattern, kind in ((f"[{MARKS}]+", MARK), (r"\w+", WORD_CHAR), (f"(?:{SPACELESS.pattern})+", SPACELESS_CHAR)):
        for run in re.finditer(pattern, PLANE):
            kinds[run.start() : run.end()] = kind
    return kinds


def ascii_digits(text: str) -> str:
    """``text`` with every script's decimal digits as ASCII ones ("١٢ يوليو ٢٠٢٤", "১২ জুলাই ২০২৪" are dates):
    one character for one, so positions in the text stay the same."""
    # isascii is a flag of the string, free; most other texts hold no other script's digit either.
    return text if text.isascii() or OTHER_DIGIT.search(text) is None else text.translate(ASCII_DIGITS)


def spaced_words(text: str) -> int:
    """Words as a line's length is judged in spaced scripts (whitespace-separated tokens); in a script
    without spaces, two characters a word (the length of an average Chinese or Japanese word), so a
    Japanese headline is a few words, not one."""
    return count_words(text) // 2 if is_spaceless(text) else len(text.split())


def is_spaceless(text: str) -> bool:
    """True when most of the counted words are characters of scripts without spaces."""
    if text.isascii():  # those scripts' characters are none of ASCII's
        return False
    spaceless = SPACELESS.subn("", text)[1]
    return spaceless > 0 and spaceless > 0.5 * max(1, count_words(text))


def chars(text: str) -> int:
    """Characters other than whitespace: a length that means the same in every script."""
    if text.isascii():  # the whitespace deleted from the bytes in one pass, no list of words made
        return len(text.encode("ascii").translate(None, ASCII_SPACE))
    if len(text) < COUNTED_SPACES:
        return len("".join(text.split()))
    count = len(text)
    for space in SPACES:  # a scan for each kind of space, in C, and a count of those the text has
        if space in text:
            count -= text.count(space)
    return count


def collapsed_within(text: str, limit: int) -> str | None:
    """``text`` with its whitespace collapsed, or None when that is longer than ``limit``. A long text is
    not split whole: more than ``limit // 2 + 1`` words already make it longer."""
    most = limit // 2 + 1
    words = text.split(None, most)
    if len(words) > most:
        return None
    collapsed = " ".join(words)
    return collapsed if len(collapsed) <= limit else None


def squeeze(value: Any) -> str:
    """``value`` as text with its whitespace collapsed and soft hyphens dropped (``""`` for nothing)."""
    return " ".join(str(value).replace("\xad", "").split()) if value else ""


def squash(text: str) -> str:
    """Only the letters and digits, case-folded: for comparing names ("Disfunctions.de" ~ "disfunctionsde") and
    passages whatever their spacing and punctuation ("W hile", a drop cap's letter an element of its own)."""
    return "".join(filter(str.isalnum, text.casefold()))
