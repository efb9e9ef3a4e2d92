"""Text hard-wrapped at a fixed width, joined back into its lines.

Text browsers (``lynx -dump``, ``w3m -dump``), html2text, mail archives and ``fmt`` break every paragraph
into lines of at most W characters, each broken where the next word would not fit. A dump cleaner reads
lines as the page's blocks, and such a line is a piece of a sentence, not a block: it must be joined first.

The width is found from the lines themselves. A line broken by wrapping ends where its next line's first
word would not have fitted (its length plus a space plus that word passes W; before Chinese or Japanese,
written without spaces, the next character would not have: the line is W long); a width is the wrap width
when most of the lines that reach near it end that way and no line with spaces passes it. A page's own lines
(one block a line, or one text node a line) are as long as their blocks and end anywhere, so they never show
that pattern, and are left as they are. Widths are counted in characters (textwrap, html2text) or in a
terminal's cells (text browsers: a Chinese or Japanese character takes two), whichever more lines bear out.
The pieces are joined with a space, except after a compound's hyphen, before Chinese or Japanese, and where
a full line ends inside a run longer than a line (a URL, a Thai phrase: Thai spaces its phrases, not its
words), which a wrap can only have broken inside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import numpy as np

MIN_WIDTH = 40  # narrower wraps are not written by tools (text browsers 72-80, html2text 78, mail 72)
MAX_WORD = 40  # characters of a word a wrap moves whole to the next line ("Krankenhausinformationssystemen")
NEAR = 20  # characters below the width within which a line reaches near it: a usual word's length
MIN_BROKEN = 5  # lines broken by wrapping, at least: fewer are chance
BROKEN_SHARE = 0.8  # of the lines that reach near the width, the share broken by wrapping
LONGER_SHARE = 0.02  # lines with spaces longer than the width (a table row, a URL), at most this share
# A character of Chinese or Japanese, or the punctuation written with them: written without spaces, a wrap may break
# before any (Korean spaces its words; Thai, Lao, Khmer and Myanmar space their phrases, where wraps break them)
UNSPACED = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Characters a terminal shows two cells wide (East Asian Wide and Fullwidth: Hangul, CJK, kana, full-width forms)
WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                  "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")  # fmt: skip
Measure = Callable[[str], int]


def cells(text: str) -> int:
    """The cells a terminal shows ``text`` in."""
    return len(text) + len(WIDE.findall(text))


def unwrap(text: str) -> str:
    """``text`` with the lines a fixed-width wrap broke joined again; any other text as it is."""
    lines = text.splitlines()
    measures: list[Measure] = [len, cells] if WIDE.search(text) else [len]
    found = [(*_wrapped(lines, measure), measure) for measure in measures]  # the measure most lines bear out
    broken, width, measure = max(found, key=lambda wrap: wrap[0])
    if not broken:
        return text
    joined = lines[:1]
    for before, line in pairwise(lines):
        needed, space = _moved(before, line, measure)
        length = measure(before.rstrip())
        # Decided on the lines as wrapped, not on what they were joined into. A word longer than a line (a URL)
        # goes to a line of its own whatever the line before: only a line that reaches near the width was broken.
        reaches = needed <= width or length >= width - NEAR
        if _broken(length, needed, width) and reaches:
            full = length + measure(line.strip()[0]) > width  # not a character more would have fitted
            if space and full and measure(before.split()[-1] + line.split(maxsplit=1)[0]) > width:
                space = ""  # a full line, and a run across the break longer than a line: broken inside the run
            joined[-1] = joined[-1].rstrip() + space + line.strip()
        else:
            joined.append(line)
    return "\n".join(joined)


def wrap_width(lines: list[str], measure: Measure = len) -> int:
    """The width the lines were wrapped at, counted by ``measure``, or 0 when they were not wrapped."""
    return _wrapped(lines, measure)[1]


def _wrapped(lines: list[str], measure: Measure) -> tuple[int, int]:
    """``(lines broken by the wrap, its width)``, or ``(0, 0)`` when the lines were not wrapped."""
    lengths = [measure(line.rstrip()) for line in lines]
    widest = max(lengths, default=0)
    if widest < MIN_WIDTH:
        return 0, 0
    # A line broken by wrapping at W has W in [length, length + needed - 1]: count, for each W, the lines that
    # could be; and the lines with spaces longer than W, which cannot have been wrapped at W.
    could = np.zeros(widest + 2, dtype=np.int64)
    # A word longer than any (a URL, a Thai phrase) widens the range of widths a line could have been wrapped at
    # past telling: such lines are left out of the count.
    needs = [
        needed if (needed := _moved(before, line, measure)[0]) <= MAX_WORD + 1 else 0
        for before, line in pairwise(lines)
    ]
    for length, needed in zip(lengths, needs, strict=False):
        if needed:
            could[length] += 1
            could[min(length + needed, widest + 1)] -= 1
    spaced = [length for line, length in zip(lines, lengths, strict=True) if " " in line.strip()]
    longer = np.bincount(spaced, minlength=widest + 2)[::-1].cumsum()[::-1]  # longer[w]: at least w long
    score = np.cumsum(could)[: widest + 1] - 3 * longer[1 : widest + 2]
    width = int(score[MIN_WIDTH:].argmax()) + MIN_WIDTH
    near = [
        _broken(length, needed, width)
        for length, needed in zip(lengths, needs, strict=False)
        if needed and width - NEAR <= length <= width
    ]
    broken, nonempty = sum(near), sum(1 for length in lengths if length)
    if broken >= MIN_BROKEN and broken >= BROKEN_SHARE * len(near) and longer[width + 1] <= LONGER_SHARE * nonempty:
        return broken, width
    return 0, 0


def _moved(line: str, following: str, measure: Measure) -> tuple[int, str]:
    """What a wrap would have needed on ``line`` to leave ``following`` where it is, counted by ``measure``, and
    the space it would have written: a space and the next line's first word (no space after a compound's
    hyphen), or before Chinese or Japanese, written without spaces, its first character; ``(0, "")`` when either
    line is empty."""
    start = following.lstrip()
    if not line.strip() or not start:
        return 0, ""
    if UNSPACED.match(start):
        return measure(start[0]), ""
    word = start.split(maxsplit=1)[0]
    return (measure(word), "") if _compound_end(line) else (measure(word) + 1, " ")


def _compound_end(line: str) -> bool:
    """Whether the line ends inside a hyphenated word ("self-" / "possessed"): a wrap breaks there too, without a
    space (Python's textwrap and html2text do; "Sport- oder" broken at its space is rarer, and is joined as
    "Sport-oder")."""
    end = line.rstrip()
    return end.endswith("-") and end[-2:-1].isalpha()


def _broken(length: int, needed: int, width: int) -> bool:
    """Whether a wrap at ``width`` broke a line of ``length``: what came next would not have fitted on it."""
    return needed > 0 and length <= width < length + needed
