"""The article in a text dump of a whole page (what a naive scraper keeps: menus, headline, byline, date,
the article, teasers, comments, footer, one block or one text node a line).

The article is the run of lines with the most prose: each line scores by its shape, in any language
(a line that ends a sentence counts its words; one that continues a sentence, or is too long for a
headline, half of them; a line of neither kind, a menu entry, a headline, a button, costs), and the contiguous run with the highest sum is
the article (Kadane's maximum subarray, as in Finn et al.'s body text extraction). Lines that repeat in
the dump are chrome. Inside the run the line rules of :mod:`scraper.extract.text` remove the chrome that
survives and stop at post navigation and teaser sections. The title, byline, date and read time are read
from the lines just before the run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from scraper.extract.dates import DATE_IN_TEXT
from scraper.extract.text import CleanText, clean_lines, is_chrome_line
from scraper.normalize.dates import parse_date
from scraper.normalize.read_time import parse_read_time
from scraper.normalize.words import count_words, is_spaceless

SENTENCE_END = re.compile(r"[.!?…。！？」』\"“”‘’»)]$")  # with German and Czech closing quotes
CONTINUES = re.compile(r"^[a-zà-ÿ,;:)\].]")  # a sentence's next piece after a link: "has lashed out after ..."
CODE = re.compile(r"[;{}=│<>_*]|\w\(|^\W*\d[\d\s.,:%|/-]*$")  # code and table rows: an article's own runs
BYLINE = re.compile(r"^(?:by|von|par|por|door|di|da|av|af|przez|от|작성자)\s+\S", re.I)
GLUED_NUMBER = re.compile(r"(?<=[^\W\d])(?=\d)")
TERM = re.compile(r"\w{3,}")
LEAD_WINDOW = 20
MAX_DATELINE_WORDS = 20  # "„Unermüdlicher Einsatz“ erstellt: 01. April 2025, 15:25 in: Gesellschaft | ..."
MIN_SHARED = 2  # words a headline shares with the article's opening
TOLD_SHARE = 0.5  # lines before the article searched for its title, byline, date and read time
MIN_SENTENCE_WORDS = 5
LINE_COST = 2.0  # what a line that is not prose costs, besides half its words
MAX_RUN = 8
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
    dump = find_article(text)
    lead = dump.lines[max(0, dump.start - LEAD_WINDOW) : dump.start]
    body = clean_lines(dump.lines[dump.start : dump.end], lead_metadata=True)
    return CleanText(
        body.text,
        title=_title(lead, " ".join(dump.lines[dump.start : dump.start + 3])),
        date_raw=_date([*lead, *dump.lines[dump.start : dump.start + 3]], fetched_at) or body.date_raw,
        read_time_raw=next((line for line in lead if parse_read_time(line) is not None), "") or body.read_time_raw,
        captions=body.captions,
        authors=tuple(line for line in lead if BYLINE.match(line) and len(line.split()) <= 8)[:1],
    )


def find_article(text: str) -> Dump:
    lines: list[str] = []
    for line in (" ".join(raw.split()) for raw in text.splitlines()):
        if not line:
            continue
        if lines and CONTINUES.match(line) and not SENTENCE_END.search(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"  # one text node a line: a sentence broken at its links
        else:
            lines.append(line)
    repeated = {line for line, n in Counter(lines).items() if n > 1 and count_words(line) < MIN_SENTENCE_WORDS * 2}
    scores = [-LINE_COST if line in repeated else _score(line) for line in lines]
    for index in _teaser_lists(lines, scores):
        scores[index] = -LINE_COST
    best = total = 0.0
    start = best_start = best_end = run = 0
    for index, (line, score) in enumerate(zip(lines, scores, strict=True)):
        # Chrome comes in runs (menus, tag lists, a teaser's headline, author and date), an article's
        # subheading alone: each line of a run costs more than the one before.
        run = run + 1 if score <= 0 and not CODE.search(line) else 0 if score > 0 else run
        total += score * max(1, min(run, MAX_RUN)) if score < 0 else score
        if total <= 0:
            total, start = 0.0, index + 1
        elif total > best:
            best, best_start, best_end = total, start, index + 1
    return Dump(lines, best_start, best_end)


def _teaser_lists(lines: list[str], scores: list[float]) -> Iterator[int]:
    """The lines of teaser lists: a headline and a one-line blurb under it, at least MIN_TEASERS times in a
    row (an article's subheading is followed by more than one paragraph, or by a longer one)."""
    index = 0
    while index < len(lines):
        pairs = 0
        while (
            index + 2 * pairs + 1 < len(lines)
            and scores[index + 2 * pairs] < 0
            and 3 <= len(lines[index + 2 * pairs].split()) <= MAX_TITLE_WORDS
            and scores[index + 2 * pairs + 1] > 0
            and count_words(lines[index + 2 * pairs + 1]) <= MAX_BLURB_WORDS
        ):
            pairs += 1
        if pairs >= MIN_TEASERS:
            yield from range(index, index + 2 * pairs)
            index += 2 * pairs
        else:
            index += 1


def _score(line: str) -> float:
    words = count_words(line)
    if is_chrome_line(line):
        return -LINE_COST
    if line.endswith(("...", "…", "\ufffd")) and words <= MAX_TITLE_WORDS:  # a teaser's headline or blurb, cut off
        return -LINE_COST - words / 2
    if SENTENCE_END.search(line):
        return float(words) if words >= MIN_SENTENCE_WORDS else 0.0
    if words <= 8 and DATE_IN_TEXT.search(line):  # a dateline: a teaser's or a comment's, inside the page
        return -LINE_COST * 4
    if CONTINUES.match(line) or words > MAX_TITLE_WORDS:  # a sentence's piece, a paragraph without its stop
        return words / 2
    return -LINE_COST - words / 2


def _title(lead: list[str], opening: str) -> str:
    """The headline among the lines before the article: the headline-shaped line that shares the most words
    with the article's opening (a headline announces what the first paragraph tells), else the longest
    (a caption's credit, a button, a byline, a date or a read time is shorter or not headline-shaped)."""
    candidates = [
        line
        for line in lead
        if 2 <= len(line.split()) <= MAX_TITLE_WORDS
        and not line.endswith((".", ",", ";", ":"))
        and not BYLINE.match(line)
        and parse_read_time(line) is None
        and not DATE_IN_TEXT.search(line)
        and not is_chrome_line(line)
    ]
    told = _terms(opening)
    shared = [len(_terms(line) & told) for line in candidates]
    if shared and max(shared) >= MIN_SHARED:  # the first line that tells as much: a dek after it tells more
        return next(line for line, n in zip(candidates, shared, strict=True) if n >= TOLD_SHARE * max(shared))
    return max(reversed(candidates), key=count_words, default="")


def _terms(text: str) -> set[str]:
    """The words of a text that carry meaning (three letters or more), case-folded; in scripts without
    spaces, its character pairs."""
    if is_spaceless(text):
        chars = [c for c in text if c.isalnum()]
        return {a + b for a, b in pairwise(chars)}
    return {word.casefold() for word in TERM.findall(text)}


def _date(lead: list[str], fetched_at: str | None) -> str:
    """The first date written in the lines before the article (one a parser reads in any language)."""
    for line in lead:
        line = GLUED_NUMBER.sub(" ", line)  # "Publiziert17. Dezember 2024": a label and a date glued
        match = DATE_IN_TEXT.search(line) if len(line.split()) <= MAX_DATELINE_WORDS else None
        if match and parse_date(match.group(0), fetched_at=fetched_at) is not None:
            return match.group(0)
    return ""
