"""A text browser's numbered link references in a dump: ``lynx -dump`` writes each link's number before its
text ("[12]Politics") and lists the numbers' addresses at the end ("References", "Visible links:",
"12. https://..."). The marks are noise glued to every linked word, and the list a page of URLs: neither is
the page's text. A dump is read so only when its marks count its links from 1 in order and it lists them."""

from __future__ import annotations

import re
from itertools import pairwise

MARK = re.compile(r"\[(\d{1,5})\]")
# "  12. https://example.org/": a scheme and its colon glued to the address, which may hold spaces (javascript:)
LISTED = re.compile(r"^\s*\d{1,5}\.\s+[a-z][a-z0-9+.-]*:\S.*$", re.I)
LIST_LABELS = frozenset(["references", "visible links:", "hidden links:"])
MIN_MARKS = 5
IN_ORDER = 0.8  # of the marks, the share that follow the one before (page text may hold a "[2]" of its own)


def without_reference_list(text: str) -> tuple[str, bool]:
    """The dump without the list of its link references, and whether it numbers its links (its marks then go
    with :func:`without_marks`, once the lines are joined: a wrap counted them in the lines' lengths)."""
    if "[1]" not in text:  # the marks count from 1
        return text, False
    numbers = [int(number) for number in MARK.findall(text)]
    lines = text.splitlines()
    listed = sum(1 for line in lines if LISTED.match(line))
    following = sum(1 for before, after in pairwise(numbers) if after == before + 1)
    if len(numbers) < MIN_MARKS or numbers[0] != 1 or following < IN_ORDER * (len(numbers) - 1) or listed < MIN_MARKS:
        return text, False
    kept = [line for line in lines if not LISTED.match(line) and line.strip().casefold() not in LIST_LABELS]
    return "\n".join(kept), True


def without_marks(text: str) -> str:
    """The dump without its links' number marks."""
    return MARK.sub("", text)
