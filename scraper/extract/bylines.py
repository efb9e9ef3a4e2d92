"""The article's authors: JSON-LD, ``article:author``, the byline next to the headline, author meta tags."""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.dates import NEVER_TEXT, outside_chrome, own_containers
from scraper.extract.jsonld import name_of
from scraper.extract.order import following, inside, precedes, preceding
from scraper.extract.prose import chain
from scraper.extract.titles import host_name
from scraper.normalize.authors import BY_WORDS, EMAIL, LABEL_WORDS, labels_next, normalize_authors
from scraper.normalize.words import squash, squeeze

AUTHOR_META = ("author", "parsely-author", "dc.creator", "sailthru.author", "byl", "byline", "cxenseparse:author")
# A byline's label, perhaps after a few words ("Ein Kommentar von"), and the name after it if any
BYLINE_LABEL = re.compile(
    rf"(?:.{{0,20}}\s)?(?:(?:{BY_WORDS})(?:\s*:)?|(?:{LABEL_WORDS})\s*[:：])(?:(?:\s*[:：]\s*|\s+|(?<=[:：]))(.{{2,80}}))?",
    re.I,
)
# "Photos by X", "Sponsored by X": no author
CREDIT_WORDS = re.compile(r"photo|foto|bild|image|illustra|video|grafik|graphic|sponsor|presented|powered", re.I)
LABEL_NEAR = 60  # nodes right after the headline, where a bare "By" is a byline whatever its container's name
LABEL_REACH = 600  # nodes after the headline searched for a bare "By" or "Autor:" outside chrome
LABEL_REACH_BEFORE = 25  # and before it
# The longest text, squeezed, that BYLINE_LABEL matches: 21 characters before the label, the label (11 at
# most), its colon (2) and 83 after (a test holds it); and how much of a longer text is squeezed to tell it
# is longer than that (a prefix of a text squeezed is a prefix of the text squeezed)
LABEL_MAX_CHARS = 120
LABEL_PEEK = 160
JOINER = re.compile(r",|&|and|und|et|y", re.I)
NAME_BREAK = re.compile(r"\s*(?:[,;&|/]|\s(?:and|und|et|y)\s)\s*", re.I)
KICKER = re.compile(r"^\S+(?:\s\S+)?\s(?:By|Von|Par|Por|Door)\s(?=\S)")  # "Disko Von Ernst Lohoff"; not "Anna von Berg"
PARTICLES = frozenset(  # lower-case words in names, and the words joining names
    {
        "von",
        "van",
        "der",
        "den",
        "de",
        "la",
        "le",
        "du",
        "di",
        "da",
        "dos",
        "del",
        "bin",
        "al",
        "ter",
        "zu",
        "and",
        "und",
        "et",
    }
)
BYLINE_SELECTORS = (
    "[itemprop=author] [itemprop=name], [rel=author], [itemprop=author], .byline, [class*=byline i], "
    "[class*=author i], [class*=autor i], [class*=contributor i], .vcard .fn, "
    "a[href*='/author/'], a[href*='/autor/'], a[href*='/authors/'], a[href*='/staff/'], a[href*='/editors/'], "
    "a[href*='/profil']"
)
BYLINE_NOISE = re.compile(
    r"^(?:(?:view\s+)?all\s+(?:posts|articles|stories)\s+by|(?:zeige\s+)?alle\s+(?:artikel|beiträge)\s+von|"
    r"more\s+(?:from|by)|(?:posted|written)\s+by|post\s+author(?:\s+by)?|(?:eingestellt|gespeichert|geschrieben|verfasst)\s+von|"
    rf"(?:{LABEL_WORDS})\s*[:：]?|{BY_WORDS})(?:\s+|(?<=[:：]))"
    r"|\s+(?:@\s?\w+|\+?follow|twitter|facebook|e-?mail|contact(?:ar|o|er)?|kontakt(?:ieren)?|"
    r"staff\s+(?:writer|reporter))\b.*$"
    r"|\s*\([^)]*\)",
    re.I,
)
SIGNED_PARAGRAPHS = 3  # paragraphs of the headline's container that make it the article a signature ends
AUTHOR_MARKUP = "[itemprop~=author], [rel~=author]"  # one element a person: every co-author has one
BYLINE_BOX = 200  # characters: an element around marked-up names that holds little else is the byline
BYLINE_BOX_LEVELS = 4  # ancestors of one marked-up name searched for that byline
# Labels and links that sit where bylines do but name nobody ("Posted on", "View profile", "Guide to authors").
NOT_A_NAME = re.compile(
    r"\b(?:posted|published|publiziert|veröffentlicht|profile?|userprofile|bio|guide|about|propos|follow|"
    r"latest|posts|weitere|informationen|more|share|editorial)\b|^(?:by|von|par|por|door|di)$",
    re.I,
)


def find_authors(
    tree: LexborHTMLParser, headline: LexborNode | None, ld: dict[str, Any], site_names: tuple[str, ...]
) -> tuple[str, ...]:
    """The article's JSON-LD authors, else ``article:author``, else the byline element nearest the headline,
    else a labelled byline ("Von:" "Götz Warnke"), else the author meta tags, else a signature under the
    article. An outlet credited as the author ("Eurosport", "読売新聞オンライン") is kept: it is what the page
    says wrote it; but where it is the site crediting itself (its own name or domain) and a later source
    names people, the people wrote it. A later source that writes the first one's names out ("Todd" in the
    JSON-LD, "Todd Bates" in the byline) or adds people to them wins."""
    value = ld.get("author")
    items = value if isinstance(value, list) else [value] if value else []
    sites = (*site_names, name_of(ld.get("publisher")))

    def cleaned(*raw: str) -> tuple[str, ...]:
        return normalize_authors(raw, sites)

    metas = _named_metas(tree)
    found = [
        cleaned(*(n for n in (squeeze(name_of(item)) for item in items) if not n.startswith("http"))),
        # article:author names a person when it is not a profile URL
        cleaned(*_meta_values(metas, ("article:author",))),
        *(cleaned(byline) for byline in _bylines(tree, headline)),
        cleaned(*_meta_values(metas, AUTHOR_META)),
        cleaned(_signature(headline)),
    ]
    first = next((names for names in found if names), ())
    if _outlets(first, sites):  # the site credits itself: a person a later source names wrote it
        people = (names for names in found if names and all(map(_person, names)) and not _outlets(names, sites))
        first = next(people, first)
    return next((names for names in found if _completes(names, first, sites)), first)


def _outlets(names: tuple[str, ...], sites: tuple[str, ...]) -> bool:
    """Whether ``names`` are only the site's own names: "L'Opinion" on its own pages, or its domain
    ("jungle.world" on jungle.world)."""
    own = {squash(site) for site in sites} - {""}

    def outlet(name: str) -> bool:
        domain = "." in name and " " not in name
        return squash(name) in own or (domain and squash(host_name(f"//{name}")) in own)

    return bool(names) and all(map(outlet, names))


def _signature(headline: LexborNode | None) -> str:
    """The name signed under the article: its last paragraph, when that is nothing but a person's name set
    in bold or italics ("<p><b><i>Stefan Wasmer</i></b></p>"). The article is the headline's nearest
    container with a few paragraphs."""
    paragraphs = next((ps for n in chain(headline)[1:] if len(ps := n.css("p")) >= SIGNED_PARAGRAPHS), [])
    last = next((p for p in reversed(paragraphs) if squeeze(p.text())), None)
    if last is None or not (text := squeeze(last.text())) or len(text) > 60:
        return ""
    if CREDIT_WORDS.search(text) or not any(squeeze(mark.text()) == text for mark in last.css("b, strong, i, em")):
        return ""
    name = _name(text)
    return name if _person(name) else ""


def _named_metas(tree: LexborHTMLParser) -> list[tuple[set[str], str]]:
    """The page's meta tags with a content, each as its name and property (lower-cased) and its content."""
    return [
        ({(n.attrs.get("name") or "").lower(), (n.attrs.get("property") or "").lower()}, n.attrs.get("content") or "")
        for n in tree.css("meta[name][content], meta[property][content]")
    ]


def _meta_values(metas: list[tuple[set[str], str]], keys: tuple[str, ...]) -> list[str]:
    """Every value of the first of these meta tags that names someone (a paper has one per author)."""
    for key in keys:
        values = [v for v in (squeeze(content) for names, content in metas if key in names) if v]
        if values := [v for v in values if not v.startswith(("http", "@"))]:
            return values
    return []


def _completes(names: tuple[str, ...], others: tuple[str, ...], sites: tuple[str, ...] = ()) -> bool:
    """Whether ``names`` are ``others`` written out ("Todd Bates" for "Todd", "Edilson La Rosa" for
    "edilson.la.rosa"), or ``others`` and more people, in any order ("Rudolf Fischer, Simon Kohler"; not
    the site's own name)."""
    if not others or len(names) < len(others):
        return False
    if len(names) > len(others):
        known = {squash(o) for o in others}
        extra = [n for n in names if squash(n) not in known]
        outlets = {squash(site) for site in sites}
        return len(extra) == len(names) - len(others) and all(_person(n) and squash(n) not in outlets for n in extra)
    return all(
        squash(name).startswith(squash(other))
        and len(name.split()) <= min(4, len(other.split()) + 2)
        and (len(name) > len(other) or name.count(" ") > other.count(" "))
        for name, other in zip(names, others, strict=True)
    )


def _person(name: str) -> bool:
    """Whether a name reads as a person's: two to four capitalised words ("Simon Kohler", not "Google" or
    "AMP Project Marketing")."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and not any(c.isdigit() for c in name)
        and all(
            w in PARTICLES or (w[0].isupper() and (not w.isupper() or name.isupper() or len(w) <= 2)) for w in words
        )
    )


def _bylines(tree: LexborHTMLParser, headline: LexborNode | None) -> tuple[str, str]:
    """The byline element nearest the headline, and the name after a byline label near it."""
    body = tree.body
    if body is None:
        return "", ""
    own = own_containers(headline)
    candidates = [n for n in body.css(BYLINE_SELECTORS) if outside_chrome(n, own)]  # in document order
    before, heading, window = _around(body, headline, candidates)
    # After the headline first, nearest first; the article's own footer (an author's bio) last.
    ranked = sorted(
        range(len(candidates)),
        key=lambda i: (
            not outside_chrome(candidates[i], own, footers=False),
            (above := candidates[i].mem_id in before),
            -i if above else i,
        ),
    )
    element = next(
        (
            _coauthors(n) or name
            for n in (candidates[i] for i in ranked)
            if (name := _name(n.attributes.get("content") or n.text(separator=" ")))
        ),
        "",
    )
    return element, _labelled(window, heading, own)


def _around(
    body: LexborNode, headline: LexborNode | None, candidates: list[LexborNode]
) -> tuple[set[int], range, list[LexborNode]]:
    """Which of the ``candidates`` (elements of the body, in document order) come before the headline; the
    window of the body's nodes (text nodes too) from LABEL_REACH_BEFORE before the headline to LABEL_REACH
    after it; and the positions in it of the headline and what it holds (empty, at 0, without a headline in
    the body: the window then opens the body). A page has thousands of nodes: the window is walked out from
    the headline, never from the page's start."""
    if headline is None or not inside(headline, body):
        return set(), range(0), list(itertools.islice(body.traverse(include_text=True), LABEL_REACH))
    before = list(itertools.islice(preceding(headline, body), LABEL_REACH_BEFORE))[::-1]
    above = set(n.mem_id for n in itertools.takewhile(lambda n: precedes(n, headline), candidates))
    window = [*before, *itertools.islice(following(headline, body), LABEL_REACH)]
    own = sum(1 for _ in headline.traverse(include_text=True))
    return above, range(len(before), len(before) + own), window


def _coauthors(byline: LexborNode) -> str:
    """The names of every person marked up as an author in a byline ("<span itemprop=author>A</span> and
    <span itemprop=author>B</span>", one element a person), or "" when it marks up fewer than two. For a
    marked-up name, the byline is the largest ancestor a few levels up whose text stays byline-sized: past
    it the marked-up names are other articles'."""
    box: LexborNode | None = byline
    if _marked(byline):
        box, node = None, byline.parent
        for _ in range(BYLINE_BOX_LEVELS):
            if node is None or node.tag in ("body", "html") or len(squeeze(node.text(separator=" "))) > BYLINE_BOX:
                break
            box, node = node, node.parent
    if box is None:
        return ""
    marks = box.css(AUTHOR_MARKUP)
    ids = {m.mem_id for m in marks}
    names = dict.fromkeys(
        name
        for m in marks
        if not _inside(m, ids, box)
        if (name := _name(m.attributes.get("content") or m.text(separator=" ")))
    )
    return ", ".join(names) if len(names) > 1 else ""


def _marked(node: LexborNode) -> bool:
    """Whether the element itself is marked up as an author (``itemprop`` or ``rel`` "author")."""
    attributes = node.attributes
    return "author" in (attributes.get("itemprop") or "").split() or "author" in (attributes.get("rel") or "").split()


def _inside(node: LexborNode, ids: set[int], box: LexborNode) -> bool:
    """Whether an ancestor of ``node`` below ``box`` is one of ``ids``."""
    parent = node.parent
    while parent is not None and parent.mem_id != box.mem_id:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _labelled(window: list[LexborNode], heading: range, own: frozenset[int]) -> str:
    """ "By <span>Name</span>" with no class to tell: the name after a "By" or "Autor:" label right below the
    headline, else further down outside chrome (the article's footer), else just above the headline.
    ``window`` holds the nodes around the headline, whose own nodes are at the positions ``heading``: its
    words are never a label ("Auf den Spuren von Rafael Nadal")."""
    texts = [
        (i, raw, parent)
        for i, node in enumerate(window)
        if node.is_text_node and (raw := node.text_content or "") and not raw.isspace()
        if (parent := node.parent) is not None and parent.tag not in NEVER_TEXT
    ]
    after = [t for t in texts if t[0] >= heading.start]
    for side, step in ((after, 1), ([t for t in texts if t[0] < heading.start], -1)):
        if name := _label_in(side, heading, own, step):
            return name
    return ""


def _label_in(texts: list[tuple[int, str, LexborNode]], heading: range, own: frozenset[int], step: int) -> str:
    """The name after the first label among ``texts`` (position, text, parent; in ``step`` order) that counts:
    a text counts where it is near the headline (whose nodes are at the positions ``heading``) or outside
    chrome; the headline's texts are no labels."""

    @functools.cache  # a page's paragraphs are squeezed only as far as it takes to see they are no label
    def words(k: int) -> str:
        return squeeze(texts[k][1])

    def short(k: int) -> bool:
        raw = texts[k][1]
        return len(raw) <= LABEL_MAX_CHARS or len(squeeze(raw[:LABEL_PEEK])) <= LABEL_MAX_CHARS

    def near(k: int) -> bool:
        return -LABEL_REACH_BEFORE <= texts[k][0] - heading.start < LABEL_NEAR

    @functools.cache  # asked only of labels and the words after them: the ancestor walk is the costly part
    def counts(k: int) -> bool:
        return near(k) or outside_chrome(texts[k][2], own)

    def next_counted(k: int) -> int:
        k += 1
        while k < len(texts) and not counts(k):
            k += 1
        return k

    for k in range(len(texts))[::step]:
        label = BYLINE_LABEL.fullmatch(words(k)) if short(k) and texts[k][0] not in heading else None
        if not label or CREDIT_WORDS.search(words(k)) or not counts(k):
            continue
        after = next_counted(k)
        following = words(after) if after < len(texts) else ""
        j = next_counted(after)
        # "Von <a>A</a> und <a>B</a>", not "By <a>A</a>, <time>Dec 12th 2016</time>"
        while j < len(texts) and (then := next_counted(j)) < len(texts) and JOINER.fullmatch(words(j)) \
                and _name(words(then)):  # fmt: skip
            following, j = f"{following} {words(j)} {words(then)}", next_counted(then)
        # Further away only a label on its own, the name alone in the next element ("Von:" "Götz Warnke"):
        # not "von Jesus und Maria" in a sentence.
        raw = label.group(1) or following if near(k) else following if not label.group(1) else ""
        if raw and (near(k) or len(raw.split()) <= 4) and (name := _name(raw)):
            return name
    return ""


def _name(raw: str) -> str:
    """A byline's names without labels, handles and roles, or "" when it names nobody."""
    text = KICKER.sub("", EMAIL.sub("", squeeze(raw)))
    if labels_next(text):
        return ""
    while (cleaned := BYLINE_NOISE.sub("", text).strip(" ,|·-–/:")) != text:
        text = cleaned
    words = text.split()
    names = [name.split() for name in NAME_BREAK.split(text)]
    if (
        len(text) <= 120
        and (len(words) <= 8 or all(0 < len(name) <= 5 for name in names))
        and sum(c.isalpha() for c in text) >= 2
        # Digits are a date's, not a name's; a one-word handle may hold them ("delta201").
        and (not any(c.isdigit() for c in text) or (len(words) == 1 and sum(c.isalpha() for c in text) >= 3))
        and not NOT_A_NAME.search(text)
        # A phrase after a "von" in running text is no name: "von grünem Wasserstoff", "Rheinmetall gehackt".
        and (len(words) == 1 or not any(w.isalpha() and w.islower() and w not in PARTICLES for w in words))
    ):
        return text
    return ""
