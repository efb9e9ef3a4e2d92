"""Read times: the page's own statement ("3 mins read", "Lesezeit: 4 Min.", "読了時間 3 分"), or an
estimate from the word count.

A statement is recognised by its shape, not by a phrase list: a short line made only of one number,
a minutes unit, reading words and filler. So "3 mins read" is a read time, while an article sentence
such as "It takes 3 minutes to read the rules" is not (it has words that are none of those).
"""

from __future__ import annotations

import math
import re

from scraper.config import NormalizeConfig
from scraper.normalize.words import LETTER, count_words, is_spaceless

MAX_LINE_CHARS = 60
NUMBER = re.compile(r"(?<![\d.])(\d{1,3})(?![\d.,]\d)")
# Chinese and Japanese write a read-time line's words together ("この記事は約3分で読めます", "3分钟阅读"): no
# word boundary follows them there (RUN_TOGETHER), longest first
CJK_UNIT = "分钟|分鐘|分"
CJK_READ = "読了時間|読了|読めます|読める|阅读时间|閱讀時間|阅读|閱讀"
CJK_FILLER = "この記事は|この記事|预计|預計|大约|大約|时间|時間|約|约|で"
RUN_TOGETHER = f"(?:{CJK_READ}|{CJK_UNIT}|{CJK_FILLER})"
# The words of a read-time line in the languages of the DEV pages and the web's other large news languages
# (Hindi, Arabic, Persian, Indonesian and Malay), longest first where one starts another
UNIT = (
    r"(?:minuten|minutes|minute|minutos|minuto|minuti|minutter|minuter|minuuttia|minuty|minut|mins|min|"
    r"минуты|минут|минута|мин|хвилини|хвилин|хвилина|хв|λεπτά|λεπτό|dakika|dk|perc|phút|"
    rf"{CJK_UNIT}|분|"
    r"मिनट|دقائق|دقيقة|دقیقه|menit|minit)"
)
READ_WORD = (
    r"(?:reading|read|lesezeit|lesedauer|lesen|lettura|lectura|lecture|leitura|leestijd|læsetid|lesetid|"
    r"lästid|läsningstid|lukuaika|czytania|čtení|чтения|читання|okuma|olvasási|citire|ανάγνωσης|đọc|"
    rf"{CJK_READ}|읽는|읽기|पढ़ें|पढ़ने|पठन|للقراءة|القراءة|قراءة|مطالعه|"
    r"membaca|bacaan|baca)"
)
FILLER = (
    r"(?:estimated|est|time|to|circa|ca|etwa|approx|about|di|de|zum|zeit|geschätzte|tempo|tiempo|temps|of|"
    r"czas|około|doba|čas|время|час|süresi|idő|timp|χρόνος|thời|gian|시간|약|데|में|का|की|समय|وقت|مدة|زمان|"
    r"waktu|untuk|masa)"
)
END = rf"(?!{LETTER})"  # a word ends here: no letter or mark follows
TOKEN = re.compile(rf"\d{{1,3}}|(?:{UNIT}|{READ_WORD}|{FILLER}){END}|{RUN_TOGETHER}|[^\w]+", re.I)
HAS_UNIT = re.compile(rf"\d\s*-?\s*{UNIT}(?!\w)|{UNIT}\W*\d|\d\s*(?:{CJK_UNIT})", re.I)
HAS_READ = re.compile(READ_WORD, re.I)


def parse_read_time(text: str) -> int | None:
    """Minutes stated by a read-time line, or None when ``text`` is not one."""
    line = " ".join(text.split())
    if len(line) > MAX_LINE_CHARS or len(numbers := NUMBER.findall(line)) != 1:  # most lines end here, cheaply
        return None
    if not HAS_READ.search(line) or not HAS_UNIT.search(line):
        return None
    position = 0
    while position < len(line):  # every piece must be a number, unit, reading word, filler or punctuation
        match = TOKEN.match(line, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
    return int(numbers[0])


def estimate_read_time(word_count: int, words_per_minute: int) -> int:
    """Whole minutes, rounded up, at least 1 for any text."""
    if word_count <= 0:
        return 0
    return max(1, math.ceil(word_count / words_per_minute))


def resolve_read_time(raw: str, text: str, config: NormalizeConfig) -> tuple[int, str]:
    """``(minutes, "page")`` when ``raw`` states a read time, else ``(estimate, "estimate")`` from ``text``
    at ``words_per_minute`` (``chars_per_minute`` for Chinese, Japanese, Korean, Thai and other text
    written without spaces)."""
    stated = parse_read_time(raw) if raw else None
    if stated is not None:
        return stated, "page"
    per_minute = config.chars_per_minute if is_spaceless(text) else config.words_per_minute
    return estimate_read_time(count_words(text), per_minute), "estimate"
