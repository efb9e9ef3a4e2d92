"""A Markdown dump of a page, reduced to the text a reader sees, one block a line.

html2text, markdownify and the web-to-Markdown readers of LLM pipelines write a page as Markdown: its links
as ``[text](url)``, pictures as ``![alt](src)``, headings as ``## Heading``, list items as ``* item``,
emphasis as ``**bold**`` and ``_italic_``, and a paragraph over several lines (html2text wraps at 78
characters). To a dump cleaner a link's URL is words that are no article's, and a paragraph's lines are
pieces of a block. So, as a Markdown reader would: a paragraph's lines are joined into one line (CommonMark's
soft line breaks), links keep their text, pictures and link definitions go, and the marks of headings, list
items, quotes, emphasis, code and escapes leave the text they mark. A dump is read as Markdown only when it
writes links or pictures the Markdown way; any other text is left as it is (joining its lines would merge a
dump of one text node a line into a few long blocks).
"""

from __future__ import annotations

import re

MIN_MARKS = 3  # links and pictures written the Markdown way that make a dump Markdown
# A link's destination, with one level of parentheses (Wikipedia's), and the line breaks a wrap made after its
# hyphens (html2text's)
URL = r"(?:[^()\s]|\([^()\s]*\)|-\s+)*"
TITLE = r"""(?:\s+(?:"[^"]*"|'[^']*'))?"""
IMAGE = re.compile(rf"!\[[^\]]*\]\(\s*{URL}{TITLE}\s*\)")
LINK = re.compile(rf"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*{URL}{TITLE}\s*\)")
REFERENCE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[[^\[\]]*\]")  # [text][1]
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")  # [1]: https://...
AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^<>\s]*>")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
FIRST_LEVEL = re.compile(r"^ {0,3}#[ \t]+\S")
RULE = re.compile(r"^ {0,3}(?:(?:[-*_]\s*){3,}|=+)\s*$")  # a thematic break, a setext heading's underline
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")  # |---|:---:|
BULLET = re.compile(r"^\s*[*+-]\s+")
ORDERED = re.compile(r"^\s*\d{1,9}[.)]\s+")
QUOTE = re.compile(r"^\s*(?:>\s?)+")
FENCE = re.compile(r"^\s*(?:```|~~~)")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
CODE = re.compile(r"`+([^`]+)`+")
STRAY = re.compile(r"(?<!\S)[*_]+(?!\S)|(?<!\S)[*_]+(?=[\[(])|(?<=[\])])[*_]+(?!\S)")  # marks left around a link
ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
HIDDEN = 0xE000  # escaped characters are moved to the private use area while the marks are read
RESTORE = re.compile("[\ue000-\ue07f]")
BREAK = re.compile(r"(?: {2,}|\\)$")  # a hard line break: two spaces or a backslash at the end


def is_markdown(text: str) -> bool:
    """Whether the dump writes its links or pictures the Markdown way, often enough to be Markdown (a heading's
    "#" alone is no evidence: a hashtag, an anchor link's text)."""
    return len(LINK.findall(text, 0, 200_000)) + len(IMAGE.findall(text, 0, 200_000)) >= MIN_MARKS


def headline(text: str) -> str:
    """The text of the dump's only first-level heading ("# Headline"): a page's headline, when the page marks one
    heading so; "" when it has none or several."""
    found = [block for block in _blocks(text) if FIRST_LEVEL.match(block[0])]
    return _joined(found[0]) if len(found) == 1 else ""


def plain(text: str) -> str:
    """The Markdown dump as the text it shows, one block a line, blocks apart by a blank line."""
    return "\n\n".join(line for line in map(_joined, _blocks(text)) if line)


def _joined(block: list[str]) -> str:
    """A block's text: its lines are one text before its marks are read (a link may run over two lines)."""
    return " ".join(_shown(" ".join(block)).split())


def _blocks(text: str) -> list[list[str]]:
    """The dump's blocks, each the lines a Markdown reader shows as one (a paragraph's, a heading's, an item's)."""
    blocks: list[list[str]] = [[]]
    fenced = broken = quoted = False
    for raw in text.splitlines():
        after_break, broken = broken, BREAK.search(raw) is not None
        after_quote, quoted = quoted, QUOTE.match(raw) is not None
        if FENCE.match(raw):
            fenced = not fenced
            blocks.append([])
            continue
        if fenced:  # code: each line its own
            blocks.append([raw.strip()])
            continue
        line = QUOTE.sub("", BREAK.sub("", raw)).rstrip()
        if not line.strip() or RULE.match(line) or TABLE_RULE.match(line) or DEFINITION.match(line):
            blocks.append([])
            continue
        starts = HEADING.match(line) or BULLET.match(line) or ORDERED.match(line) or line.lstrip().startswith("|")
        if starts or after_break or quoted != after_quote:
            blocks.append([])  # a block of its own, the line after a hard line break, a quote's start or end
        blocks[-1].append(line)
    return [block for block in blocks if block]


def _shown(line: str) -> str:
    """One block of Markdown as the text it shows."""
    line = ESCAPED.sub(lambda m: chr(HIDDEN + ord(m.group(1))), line)
    if heading := HEADING.match(line):
        line = heading.group(1)
    line = ORDERED.sub(lambda m: m.group(0).lstrip(), BULLET.sub("", line))
    line = LINK.sub(r"\1", IMAGE.sub("", line))
    line = LINK.sub(r"\1", line)  # a link whose text was a picture's and a link: [![alt](src)](url) is gone
    line = AUTOLINK.sub("", REFERENCE.sub(r"\1", line))
    line = CODE.sub(r"\1", line)
    line = STRONG.sub(r"\2", line)
    line = STRAY.sub("", EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line))
    return RESTORE.sub(lambda m: chr(ord(m.group()) - HIDDEN), line)
