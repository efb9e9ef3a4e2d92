"""The standfirst: the sentence or two under the headline that sums the article up ("Berlin. Die Füchse
stehen im Pokal-Viertelfinale ..."). Pages often write it between the headline and the body's container,
where the text extractor does not look, and it is the article's first paragraph. It is known by evidence,
not by its markup's names: it is the visible text after the headline that the page's own description (the
description meta tags, JSON-LD ``description``) repeats, whole or cut short."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from selectolax.lexbor import LexborNode

from scraper.normalize.words import squash, squeeze

REACH = 15  # texts after the headline searched: the byline, date, captions and standfirst come first
MIN_OWN_TEXT = 20  # characters of an element's own text for it to be read
MIN_CHARS = 60  # letters and digits of a description that can tell a standfirst: a sentence, not a label
EXTRA_CHARS = 40  # what the visible standfirst may hold beyond the description ("Berlin. ", a date)
CUT_SHORT = 3  # a description cut short holds at least a third of the standfirst


def find_standfirst(headline: LexborNode | None, descriptions: Iterable[str]) -> str:
    """The text of the first element after ``headline`` that a description repeats, or ``""``. Only elements
    that hold text of their own are read (a container's text is its children's, read with them)."""
    wanted = {folded for d in descriptions if len(folded := squash(d)) >= MIN_CHARS}
    if headline is None or not wanted:
        return ""
    read: set[int] = set()
    for holder in _text_holders(headline):
        if holder.mem_id in read:
            continue
        read.add(holder.mem_id)
        text = squeeze(holder.text(separator=" "))
        folded = squash(text)
        if any((w in folded and len(folded) <= len(w) + EXTRA_CHARS) or _cut_short(w, folded) for w in wanted):
            return text
    return ""


def _cut_short(description: str, visible: str) -> bool:
    """Whether the description is the visible text cut short (meta descriptions are, at ~160 characters)."""
    start = visible.find(description)
    return 0 <= start <= EXTRA_CHARS and len(visible) <= CUT_SHORT * len(description)


def _text_holders(headline: LexborNode) -> Iterator[LexborNode]:
    """The elements that hold the first REACH texts (of MIN_OWN_TEXT characters) after the headline's own, in
    document order."""
    root = headline
    while root.parent is not None and root.parent.tag != "html":
        root = root.parent
    inside = {n.mem_id for n in headline.traverse(include_text=True)}
    after = False
    count = 0
    for node in root.traverse(include_text=True):
        if node.mem_id == headline.mem_id:
            after = True
        elif after and node.is_text_node and len((node.text_content or "").strip()) >= MIN_OWN_TEXT:
            if node.mem_id in inside or node.parent is None:
                continue
            yield node.parent
            count += 1
            if count >= REACH:
                return
