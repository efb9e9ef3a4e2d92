"""The article in a text dump of a whole page (what a naive scraper keeps: menus, headline, byline, date,
the article, teasers, comments, footer, one block or one text node a line; text wrapped at a fixed width is
first joined back into such lines, :mod:`scraper.extract.wrapped`).

Each line is described by its shape, in any language: its length, whether it ends or continues a
sentence, its share of the dump's own function words (its most frequent short words), of capitalised
words and of digits, whether it is an interface line, a dateline, cut off with an ellipsis, repeated in
the dump, a code or table row, an item of a teaser list (a headline and a one-line blurb, three times or
more), how long a run of non-sentences it sits in, its neighbours' length and ending, the share of
sentence words around it and where it is in the page. A logistic model fitted on the read half of the
DEV dumps (``bench/dump_lines.py``; the count half measures it) turns that into how likely the line is
the article's; each line adds its words weighed by that (from -1 to 1), and the contiguous run with the
highest sum is the article (Kadane's maximum subarray, as in Finn et al.'s body text extraction), without
the headline-shaped lines at its head. Inside the run a sentence's later copies go, and the line rules of
:mod:`scraper.extract.text` remove the chrome that survives and stop at post navigation and teaser
sections. The title, byline, date and read time are read from the lines before the run.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, islice, pairwise
from typing import Any, NamedTuple

import numpy as np

from scraper.extract.dates import MAX_DATELINE_EXTRA, MONTHS, OTHER_DATE_LABEL, date_in_text, dates_in_text
from scraper.extract.markdown import headline, is_markdown, plain
from scraper.extract.references import without_marks, without_reference_list
from scraper.extract.text import (
    CLOSING_QUOTES,
    MAX_BYLINE_WORDS,
    MAX_CHROME_WORDS,
    CleanText,
    clean_lines,
    ends_sentence,
    is_chrome_line,
    split_credit,
)
from scraper.extract.wrapped import unwrap
from scraper.normalize.authors import BYLINE, is_byline
from scraper.normalize.dates import parse_date
from scraper.normalize.read_time import parse_read_time
from scraper.normalize.words import SPACELESS, WORD, count_words, is_spaceless, spaced_words

CONTINUES = re.compile(r"^[a-zà-ÿ,;:)\].]")  # a sentence's next piece after a link: "has lashed out after ..."
# Code and table rows: an article's own runs. CODE_MARKS has CODE's characters, found three times faster.
CODE, CODE_MARKS = re.compile(r"[;{}=│<>_*]|\w\("), re.compile(r"[;{}=│<>_*(]")
TABLE_ROW = re.compile(r"\W*\d[\d\s.,:%|/-]*")
GLUED_NUMBER = re.compile(r"(?<=[^\W\d])(?=\d)")
# "Apr 28 20232:23 PM", "April 10, 20233 years ago": a year glued to the time or the text after it
GLUED_YEAR = re.compile(rf"((?:{MONTHS})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)(?=\d)", re.I)
FIVE_DIGITS = re.compile(r"(?:19|20)\d{3}")  # what GLUED_YEAR needs, found a hundred times faster
MIN_TERM = 3  # letters of a word that carries meaning
LEAD_WINDOW = 20  # lines before the article searched for its title, byline, date and read time
TEXT_HEAD_LINES = 6  # the article's first lines, where its dateline may sit
HEADER_LINES = 6  # a header above its byline or dateline: kicker, headline, dek, a caption, an author line
MAX_DATELINE_WORDS = 20  # "„Unermüdlicher Einsatz“ erstellt: 01. April 2025, 15:25 in: Gesellschaft | ..."
MIN_SHARED = 2  # words a headline shares with the article's opening
TOLD_SHARE = 0.5  # the first lead line sharing this share of the best one's words is the headline
MIN_SENTENCE_WORDS = 5
MAX_LINK_WORDS = 6  # a link inside a sentence: a name, a place, a few words
LINE_COST = 2.0  # what a line that is not prose costs, besides half its words
SHORT = 4  # characters of a short word: where function words are
CUT_OFF = ("...", "…", "\ufffd")  # a line cut off
DIGIT = re.compile(r"\d")  # a decimal digit (str.isdecimal)
# Thai, Lao, Khmer and Myanmar space their phrases, not their words (Thai and Lao end no sentence with a stop):
# no DEV dump is written in them, so their lines keep the line model's first measure, a word a character.
PHRASE_SPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
FUNCTION_WORDS = 30  # a dump's most frequent short words: its language's function words
PAGE_LINES = 50  # a dump this long or longer is a whole page, with its chrome
NEAR = 3  # lines either side whose sentences make a line's neighbourhood
FEATURES = (
    "log words", "ends a sentence", "continues a sentence", "interface line", "dateline", "cut off", "repeated",
    "function-word share", "capitalised share", "digit share", "code or table row", "long unfinished",
    "in a teaser list", "log length of its run of non-sentences",
    "before: log words", "before: ends a sentence", "after: log words", "after: ends a sentence",
    "sentence share nearby", "position", "bias",
)  # fmt: skip
# Fitted by bench/dump_lines.py (logistic regression on the read half of the DEV dumps; the count half
# measures it): the log-odds that a line with these features is the article's.
WEIGHTS = np.array([0.1173, 0.5789, 0.2202, -0.5080, -1.3711, -1.0443, 0.5840, 0.6560, -0.6554, 1.2189, 2.1233, 0.1433, -0.6471, -0.1794, 0.2199, 0.3200, 0.1515, 0.4824, 1.6569, -1.5814, -1.6863])  # fmt: skip
# HTML character references ("&amp;", "&#8217;", "&#x2019;") a dump holds this often are its tag stripper's
REFERENCE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
MIN_REFERENCES = 3
FIELD_SEPARATOR = re.compile(r"\s+[|·•]\s+|,\s+")  # between a header line's fields
MIN_TEASERS = 3
MAX_BLURB_WORDS = 60
MAX_TITLE_WORDS = 25


@dataclass(frozen=True)
class Dump:
    lines: list[str]
    start: int  # the article's first and last line + 1
    end: int


def clean_dump(text: str, *, fetched_at: str | None = None) -> CleanText:
    """The article in a text dump, with the title, date and read time written around it."""
    text, marked = readable(text)
    dump = find_article(text)
    top = max(0, dump.start - LEAD_WINDOW)
    lead = dump.lines[top : dump.start]
    # A dateline may sit in the article's first lines.
    head = [*lead, *dump.lines[dump.start : dump.start + TEXT_HEAD_LINES]]
    dates = [_date([line], fetched_at) for line in head]
    opening = " ".join(dump.lines[dump.start : dump.start + 3])
    body = clean_lines(_first_copies(dump.lines[dump.start : dump.end]), lead_metadata=True)
    # Else the nearest date further up (a header's share buttons, picture and caption can push its dateline
    # more than LEAD_WINDOW lines above the text), else the first dateline among the article's own lines (under
    # its lead picture, or closing a short piece) with little else on its line: not a date in a sentence.
    # A header writes its byline, date and read time on lines of their own, or on one line apart by separators
    # ("By Jane Doe | August 10, 2021 | 3 min read")
    fields = [field for line in lead for field in dict.fromkeys([line, *FIELD_SEPARATOR.split(line)])]
    above = dump.lines[:top][::-1]
    within = dump.lines[dump.start + TEXT_HEAD_LINES : dump.end]
    return CleanText(
        body.text,
        title=marked or _headed(head, dates, len(lead), opening) or _title(lead, opening),
        date_raw=next(filter(None, dates), "")
        or body.date_raw
        or _date(above, fetched_at)
        or _date(within, fetched_at, extra=MAX_DATELINE_EXTRA)
        or _date(head, fetched_at, others=True),  # an "Updated" date, when the dump gives no other
        read_time_raw=next((field for field in fields if parse_read_time(field) is not None), "") or body.read_time_raw,
        captions=body.captions,
        authors=tuple(field for field in fields if is_byline(field) and len(field.split()) <= MAX_BYLINE_WORDS)[:1]
        or body.authors,
    )


def readable(text: str) -> tuple[str, str]:
    """The dump as one block or one text node a line, whatever tool wrote it, and the title its markup gives
    ("" if none). Character references a tag stripper left are decoded; Markdown is read as the text it shows
    (its only first-level heading is the title); a text browser's link references go, and text wrapped at a
    fixed width is joined back into its lines."""
    if len(REFERENCE.findall(text, 0, 100_000)) >= MIN_REFERENCES:  # a tag stripper's output: "Don&#8217;t"
        text = html.unescape(text)
    if is_markdown(text):
        return plain(text), headline(text)
    text, marked = without_reference_list(text)
    return (without_marks(unwrap(text)) if marked else unwrap(text)), ""


def find_article(text: str) -> Dump:
    """The dump's lines and its article's run among them; ``text`` is :func:`readable`'s."""
    lines = split_lines(text)
    features, words, shapes = _described(lines)
    # Each line adds its words, weighed by how likely it is the article's (from -1 to 1). On a dump too short
    # for that (a pasted article alone, nothing around it to compare with), the lines' shapes decide.
    likely = 1 / (1 + np.exp(-(features @ WEIGHTS)))  # by the fitted model
    start, end = _best_run(((likely * 2 - 1) * np.maximum(1, words)).tolist())
    if start == end:
        start, end = _best_run(shapes)
    while start < end and _heading(lines[start]):  # the headline, byline and date above the text
        start += 1
    return Dump(lines, start, end)


def _first_copies(lines: list[str]) -> list[str]:
    """The lines without a sentence's later copies: a sentence a dump repeats word for word is a pull quote's,
    a carousel's or a widget's copy (a page's text, with its markup, keeps such copies apart; a dump does not).
    Shorter lines may repeat in an article: a table's cells, the headings of its table of contents."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        if spaced_words(line) >= MIN_SENTENCE_WORDS and ends_sentence(line):
            if line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return kept


def _best_run(scores: list[float]) -> tuple[int, int]:
    """The contiguous run of lines with the highest sum of scores (Kadane's maximum subarray)."""
    best = total = 0.0
    start = best_start = best_end = 0
    for index, score in enumerate(scores):
        total += score
        if total <= 0:
            total, start = 0.0, index + 1
        elif total > best:
            best, best_start, best_end = total, start, index + 1
    return best_start, best_end


def _heading(line: str) -> bool:
    """A line that opens an article but is not its text: headline-shaped, not a sentence (a headline may end
    in a quotation: Bennett: „Ich bin nicht sein Boxsack“)."""
    stop = ends_sentence(line.rstrip(CLOSING_QUOTES))
    return len(line.split()) <= MAX_TITLE_WORDS and not stop and not CONTINUES.match(line)


def split_lines(text: str) -> list[str]:
    """The dump's non-empty lines, whitespace collapsed; a line that continues the sentence of the one before
    (one text node a line: a sentence broken at its links) is joined to it, and so is a link's few words
    between a sentence's start and its continuation ("The minister met" / "Donald Trump" / "on Sunday.")."""
    raw = [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]
    continues = [CONTINUES.match(line) is not None for line in raw] + [False]  # each line tested once
    groups: list[list[str]] = []  # the pieces of each line, joined once at the end
    words: list[int] = []
    for index, line in enumerate(raw):
        size = len(line.split())
        if (
            groups
            and not ends_sentence(groups[-1][-1])
            and (continues[index] or (continues[index + 1] and _linked(line, size, words[-1])))
        ):
            groups[-1].append(line)
            words[-1] += size
        else:
            groups.append([line])
            words.append(size)
    return [" ".join(group) for group in groups]


def _linked(line: str, size: int, before: int) -> bool:
    """Whether a line of ``size`` words, followed by a sentence's continuation, is a link inside the
    sentence: a few words without a stop, after a sentence's start of ``before`` words (not a menu's or a
    header's short line)."""
    return size <= MAX_LINK_WORDS and not ends_sentence(line) and before >= MIN_SENTENCE_WORDS


def line_features(lines: list[str]) -> Any:
    """What each line looks like (the names are in FEATURES), with what its neighbours look like."""
    return _described(lines)[0]


def _described(lines: list[str]) -> tuple[Any, list[int], list[float]]:
    """Each line's features (a row of FEATURES per line), its words and its shape (:func:`_score`)."""
    if not lines:
        return np.zeros((0, len(FEATURES))), [], []
    counts = Counter(WORD.findall("\n".join(lines).casefold())).most_common()  # counted in C, then filtered
    short = ((word, n) for word, n in counts if len(word) <= SHORT and not word.isdigit())
    function_words = {word for word, n in islice(short, FUNCTION_WORDS) if n >= 3}
    distinct = Counter(lines)
    repeated = {line for line, n in distinct.items() if n > 1 and count_words(line) < 2 * MIN_SENTENCE_WORDS}
    # A line's own description depends on its text alone: made once for each distinct line (menus repeat).
    described = {line: _line(line, function_words, line in repeated) for line in distinct}
    words = [described[line].words for line in lines]
    shapes = [described[line].score for line in lines]
    teasers = set(_teaser_lists(lines, words, shapes))
    runs = _run_lengths([shape <= 0 for shape in shapes])
    own = [[*described[line].shape, float(i in teasers), math.log1p(runs[i])] for i, line in enumerate(lines)]
    mine = np.array(own, dtype=float).reshape(len(lines), -1)
    sizes, prose = mine[:, 0], mine[:, 1] * mine[:, 0]  # log words, and the same of lines ending a sentence
    nearby = _near(prose) / np.maximum(1e-9, _near(sizes))  # the share of words in sentences, nearby
    # The end of a page is its footer and its last teasers; a short text (a pasted article) has none.
    position = np.arange(len(lines)) / max(1, len(lines) - 1) * min(1.0, len(lines) / PAGE_LINES)
    edge = np.zeros((1, 2))
    before, after = np.vstack([edge, mine[:-1, :2]]), np.vstack([mine[1:, :2], edge])
    features = np.column_stack([mine, before, after, nearby, position, np.ones(len(lines))])
    return features, words, shapes


def _near(values: Any) -> Any:
    """For each line, the sum of the values of the lines from NEAR before it to NEAR after it."""
    return np.convolve(values, np.ones(2 * NEAR + 1))[NEAR : NEAR + len(values)]


class _Marks(NamedTuple):  # a tuple: built for every line, three times faster than a frozen dataclass
    """What a line's pattern tests find, each test run once per line."""

    chrome: bool  # an interface line, post navigation, a teaser label
    ends: bool  # ends a sentence
    continues: bool  # continues one
    cut: bool  # cut off with an ellipsis
    dated: bool  # a short line with a date: a dateline

    @classmethod
    def of(cls, line: str, words: int) -> _Marks:
        return cls(  # by position: keywords cost a third of the call
            words <= MAX_CHROME_WORDS and is_chrome_line(line),  # chrome
            ends_sentence(line),  # ends
            CONTINUES.match(line) is not None,  # continues
            line.endswith(CUT_OFF),  # cut
            words <= 8 and date_in_text(line) is not None,  # dated
        )


class _Line(NamedTuple):
    words: int
    score: float  # its shape's score (:func:`_score`)
    shape: list[float]  # its own features (:func:`_shape`)


def _line(line: str, function_words: set[str], repeated: bool) -> _Line:
    tokens = WORD.findall(line)
    if SPACELESS.search(line) is None:
        words = len(tokens)
    else:  # Chinese, Japanese, Korean: two characters a word, as in spaced scripts; Thai and the others a character
        words = count_words(line) if PHRASE_SPACED.search(line) else spaced_words(line)
    marks = _Marks.of(line, words)
    return _Line(words, _score(words, marks), _shape(line, tokens, words, marks, function_words, repeated))


def _shape(line: str, tokens: list[str], words: int, marks: _Marks, function_words: set[str], repeated: bool
           ) -> list[float]:  # fmt: skip
    n = max(1, len(tokens))
    initials = "".join([token[0] for token in tokens])
    return [
        math.log1p(words),
        float(marks.ends),
        float(marks.continues),
        float(marks.chrome),
        float(marks.dated),
        float(marks.cut),
        float(repeated),
        sum(map(function_words.__contains__, map(str.casefold, tokens))) / n,
        sum(map(str.isupper, initials)) / n,
        len(DIGIT.findall(line)) / max(1, len(line)),
        float(bool(CODE_MARKS.search(line) and CODE.search(line)) or TABLE_ROW.fullmatch(line) is not None),
        float(words > MAX_TITLE_WORDS and not marks.ends),
    ]


def _run_lengths(flags: list[bool]) -> list[int]:
    """For each position, the length of the run of true flags it is in (0 outside one)."""
    lengths: list[int] = []
    for flag, run in groupby(flags):
        size = sum(1 for _ in run)
        lengths += [size if flag else 0] * size
    return lengths


def _teaser_lists(lines: list[str], words: list[int], scores: list[float]) -> Iterator[int]:
    """The lines of teaser lists: a headline and a one-line blurb under it, at least MIN_TEASERS times in a
    row (an article's subheading is followed by more than one paragraph, or by a longer one)."""
    index = 0
    while index < len(lines):
        pairs = 0
        while (
            (head := index + 2 * pairs) + 1 < len(lines)
            and scores[head] < 0
            and 3 <= len(lines[head].split()) <= MAX_TITLE_WORDS
            and scores[head + 1] > 0
            and words[head + 1] <= MAX_BLURB_WORDS
        ):
            pairs += 1
        if pairs >= MIN_TEASERS:
            yield from range(index, index + 2 * pairs)
            index += 2 * pairs
        else:
            index += 1


def _score(words: int, marks: _Marks) -> float:
    """The line's shape as a number: what it adds to the article's run (a heuristic; ``line_features``
    uses it to find teaser lists and runs of lines that are not sentences)."""
    if marks.chrome:
        return -LINE_COST
    if marks.cut and words <= MAX_TITLE_WORDS:  # a teaser's headline or blurb, cut off
        return -LINE_COST - words / 2
    if marks.ends:
        return float(words) if words >= MIN_SENTENCE_WORDS else 0.0
    if marks.dated:  # a dateline: a teaser's or a comment's, inside the page
        return -LINE_COST * 4
    if marks.continues or words > MAX_TITLE_WORDS:  # a sentence's piece, a paragraph without its stop
        return words / 2
    return -LINE_COST - words / 2


def _headed(head: list[str], dates: list[str], lead: int, opening: str) -> str:
    """The headline of the article's header. The last byline or dateline before the article marks the header
    (kicker, headline, dek, then byline and date; or the date first): the headline is among the HEADER_LINES
    lines above it and the lines from it to the article. ``head`` is the ``lead`` lines before the article
    and its first lines, ``dates`` the date each of them holds ("" for none)."""
    anchors = [i for i, line in enumerate(head) if BYLINE.match(line) or dates[i]]
    if not anchors:
        return ""
    return _told(_candidates(head[max(0, anchors[-1] - HEADER_LINES) : max(anchors[-1], lead + 1)]), opening)


def _candidates(lines: list[str]) -> list[str]:
    """The headline-shaped lines: a few words, no sentence's inner punctuation at the end, no byline, date,
    read time, interface line or caption with its credit."""
    return [
        line
        for line in lines
        if 2 <= spaced_words(line) <= MAX_TITLE_WORDS
        and not line.endswith((".", ",", ";", ":", "。", "，", "；", "：", "।"))
        and not BYLINE.match(line)
        and parse_read_time(line) is None
        and not date_in_text(line)
        and not is_chrome_line(line)
        and not split_credit(line)[1]
    ]


def _told(candidates: list[str], opening: str) -> str:
    """The first candidate that shares about as many words with the article's opening as the best one does
    (a headline announces what the first paragraph tells; a dek after it tells more)."""
    told = _terms(opening)
    shared = [len(_terms(line) & told) for line in candidates]
    if shared and max(shared) >= MIN_SHARED:
        return next(line for line, n in zip(candidates, shared, strict=True) if n >= TOLD_SHARE * max(shared))
    return ""


def _title(lead: list[str], opening: str) -> str:
    """The headline among the lines before the article, when no byline or dateline marks its header: the
    headline-shaped line that tells what the opening tells, else the longest (a caption's credit, a button,
    a byline, a date or a read time is shorter or not headline-shaped)."""
    candidates = _candidates(lead)
    return _told(candidates, opening) or max(reversed(candidates), key=count_words, default="")


def _terms(text: str) -> set[str]:
    """The words of a text that carry meaning (three letters or more), case-folded; in scripts without
    spaces, its character pairs."""
    if is_spaceless(text):
        chars = [c for c in text if c.isalnum()]
        return {a + b for a, b in pairwise(chars)}
    return {word.casefold() for word in WORD.findall(text) if len(word) >= MIN_TERM}


def _date(lines: list[str], fetched_at: str | None, *, extra: int | None = None, others: bool = False) -> str:
    """The first date written in ``lines`` (one a parser reads in any language) on a dateline-sized line;
    with ``extra``, on a line that holds at most that many characters besides the date. A date labelled as
    another than the publication's ("Updated", "Aktualisiert", "available until") only with ``others``."""
    for line in lines:
        if len(line.split()) > MAX_DATELINE_WORDS:  # ungluing below only adds words
            continue
        line = GLUED_NUMBER.sub(" ", line)  # "Publiziert17. Dezember 2024": a label and a date glued
        line = GLUED_YEAR.sub(r"\1 ", line) if FIVE_DIGITS.search(line) else line
        if len(line.split()) > MAX_DATELINE_WORDS:
            continue
        match = next((m for m in dates_in_text(line) if others or not OTHER_DATE_LABEL.search(line[: m.start()])), None)
        if extra is not None and match and len(line) - len(match.group(0)) > extra:
            continue
        if match and parse_date(match.group(0), fetched_at=fetched_at) is not None:
            return match.group(0)
    return ""
