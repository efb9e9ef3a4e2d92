"""The publication date of a page: structured values checked against the date a reader sees.

Candidates come from three places, each kept with its raw string and source:

- *structured*: the article's JSON-LD ``datePublished``, publication meta tags, ``itemprop=datePublished``;
- *visible*: the date written next to the headline (``time`` elements and short texts holding a date),
  outside navigation, sidebars, teaser lists, comments and footers, and not labelled as another date
  ("updated", "modified", "available until", an event's, a member's join date);
- *url*: ``/2021/08/10/`` in the page's URL.

The order of evidence, first that applies:

1. The URL's day settles a disagreement: the candidate on it wins, else the URL's day; unless the structured
   and the visible date agree with each other against it.
2. The structured date, when the visible one agrees with it or there is none (a structured value on the
   visible day is the more precise one).
3. A visible date one day off a UTC instant is the publisher's local day (``...T23:00:00Z`` for a local
   midnight), unless the instant is the same day for every time zone the visible date could be in.
4. A visible date later than the structured one: the page was republished then, its markup keeps the first
   version; and a visible date beats a generic ``date`` meta tag (as often a page's last change as its
   publication). An earlier visible date gives way to the structured one: it is an event's, a teaser's or
   a video's near the headline.
5. Without a structured date, the visible one; a relative one ("2 hours ago") is left to normalization,
   which knows the fetch time.
6. On a page with none of these, htmldate's quick search (source ``htmldate``).
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from htmldate import find_date
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.order import following, inside, preceding
from scraper.extract.prose import chain
from scraper.normalize.dates import MONTH_NUMBERS, SOLAR_HIJRI_MONTHS, THAI_MONTHS, month_of, parse_date
from scraper.normalize.words import LETTER, ascii_digits

MONTHS = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))  # the month names parse_date reads, longest first
# Relative dates, resolved by normalization against the fetch time.
DIGITLESS = "yesterday|gestern|ayer"  # the only dates DATE_IN_TEXT finds without a digit
RELATIVE = (
    r"\d{1,2}\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|"
    r"vor\s+\d{1,2}\s+(?:sekunden|minuten|stunden|tagen)|il\s+y\s+a\s+\d{1,2}\s+(?:secondes?|minutes?|heures?|jours?)|"
    rf"hace\s+\d{{1,2}}\s+(?:segundos?|minutos?|horas?|días?)|{DIGITLESS}"
)
DATE_IN_TEXT = re.compile(
    rf"""(?<![\w./-])(?:
        (?:19|20)\d{{2}}-[01]?\d-[0-3]?\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:Z|[+-][0-2]\d:?\d\d)?)?
      | [0-3]?\d[./][01]?\d[./](?:19|20)?\d\d(?:,?\s*(?:-\s*)?[0-2]?\d[:.][0-5]\d)?
      | [01]?\d/[0-3]?\d/(?:19|20)\d\d
      | (?:19|20)\d{{2}}[./]\s?[01]?\d[./]\s?[0-3]?\d
      | [0-3]?\d(?:st|nd|rd|th)?\.?\s+(?:of\s+|de\s+)?(?:{MONTHS})\.?,?\s+(?:de\s+)?(?:19|20)\d{{2}}
      | (?:{MONTHS})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}
      | (?:19|20)\d{{2}}[年년]\s?[01]?\d[月월]\s?[0-3]?\d[日일]
      | [0-3]?\d\s*(?:{THAI_MONTHS})\s*(?:19|20|25)\d{{2}}
      | [0-3]?\d\s*(?:{SOLAR_HIJRI_MONTHS})\s*1[34]\d{{2}}
      | {RELATIVE}
    )(?![\w/])""",
    re.X | re.I,
)
DATE_HINT = re.compile(rf"\d|{DIGITLESS}", re.I)  # what a text needs to hold a date, found in a third of the time
# "5 stycznia 2024", "3 декабря 2024": a day, a word and a year, a date when the word names a month in a
# language DATE_IN_TEXT does not know; or with the month first ("Agosti 5, 2024") or the year first
# ("2024. augusztus 5.", "2024 m. rugpjūčio 5 d.")
WRITTEN_DATES = (
    re.compile(rf"(?<![\w.])[0-3]?\d\.?\s+(?P<month>(?:{LETTER}){{3,15}})\.?,?\s+(?:19|20)\d\d(?!\d)"),
    re.compile(rf"(?<![\w.])(?P<month>(?:{LETTER}){{3,15}})\.?\s+[0-3]?\d,?\s+(?:19|20)\d\d(?!\d)"),
    re.compile(
        rf"(?<![\w.])(?:19|20)\d\d\.?\s+(?:m\.\s+)?(?P<month>(?:{LETTER}){{3,15}})\s+[0-3]?\d\.?(?:\s+d\.)?(?![\w.])"
    ),
)
OTHER_DATE_LABEL = re.compile(  # a date labelled as another than the publication's: changes, events, expiry
    r"(?:updated|modified|last\s+changed|aktualisiert|geändert|stand|mis\s+à\s+jour|actualizado|aggiornato|"
    r"atualizado|bijgewerkt|termin|event|veranstaltung|registriert|registered|joined|member\s+since|"
    r"mitglied\s+seit|(?:available|verfügbar|abrufbar|online|gültig|disponible|valid)\s+(?:until|till|bis|"
    r"jusqu'au|hasta)|expires?|expiry|ablauf)\W*(?:\s(?:am|on|le|el|il|em|op|at))?\W*$",
    re.I,
)
UPDATED_AFTER = re.compile(r"\W*(?:last\s*update|updated|aktualisiert|mis\s+à\s+jour)\b", re.I)
UPDATED_CLASS = re.compile(r"(?:^|[\s_-])(?:updated|modified|date-modified|last-modified)(?:$|[\s_-])", re.I)
ENTRY_DATE = re.compile(r"(?:^|\s)entry-date(?:$|\s)", re.I)  # hAtom's post date, "updated" or not
WEAK_SOURCES = frozenset({"meta:date", "meta:dc.date", "meta:dcterms.date"})
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
URL_DATE_LOOSE = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)")
CHROME_TAGS = frozenset({"nav", "footer"})  # not aside: many themes put the dateline in an <aside class=meta>
CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "banner"})
CHROME_NAMES = re.compile(
    # a sidebar, not a layout with one ("lay-sidebar", "has-sidebar") or its main column ("sidebar__main")
    r"related|widget|(?<!has-)(?<!lay-)(?<!with-)sidebar(?!__main)|comment|teaser|recommend|more-from|footer|"
    r"breadcrumb|kommentar|comentario|reacties|komentarz|yorum|verwandt|relacionad|correlat|gerelateerd|"
    r"site-header|masthead|top-?bar|top-menu|header-top",  # the page's header, with its "today" date
    re.I,
)
FOOTERS = frozenset({"footer", "topbar", "top-bar"})  # chrome, unless the article's own
ARTICLE_NAME = re.compile(r"(?:^|\s)(?:hentry|h-entry|post|entry|article)(?:[\s_-]|$)", re.I)
META_NAME = re.compile(r"(?:^|[\s_-])(?:meta|byline|dateline)(?:$|[\s_-])", re.I)
NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
MAX_TEXT = 200  # a text node longer than this is prose, not a dateline
PARAGRAPH_DATELINE_END = re.compile(r"\)?\s*[.:–—|-]|\s*[„\"“«]")
MAX_DATELINE_EXTRA = 45  # characters of a dateline besides its date (labels, a section, a byline)
AFTER_HEADLINE = 1500  # characters of page text after the headline searched for its date
BEFORE_HEADLINE = 400


@dataclass(frozen=True)
class DateFound:
    raw: str = ""
    source: str = ""


def date_in_text(text: str) -> re.Match[str] | None:
    """The first date written in a text (DATE_IN_TEXT), the pattern tried only on a text with a hint of one;
    digits of any script read as ASCII ones (the match is of the text so read: same positions)."""
    return DATE_IN_TEXT.search(ascii_digits(text)) if DATE_HINT.search(text) else None


def dates_in_text(text: str) -> list[re.Match[str]]:
    """The dates written in a text: DATE_IN_TEXT's, or where it finds none, a day, a month's name in any
    language dateparser knows and a year, in any order written (WRITTEN_DATES); digits of any script read
    as ASCII ones."""
    if not DATE_HINT.search(text):
        return []
    text = ascii_digits(text)
    if found := list(DATE_IN_TEXT.finditer(text)):
        return found
    written = (m for pattern in WRITTEN_DATES for m in pattern.finditer(text) if month_of(m["month"]) is not None)
    return sorted(written, key=lambda m: m.start())


def url_date(url: str) -> str:
    """``2021-08-10`` from ``.../2021/08/10/...`` (or ``/20210810``), else ``""``."""
    match = URL_DATE.search(url) or URL_DATE_LOOSE.search(url)
    return "-".join(f"{int(g):02d}" for g in match.groups()) if match else ""


def choose_published(structured: DateFound, tree: LexborHTMLParser, headline: LexborNode | None, url: str,
                     locale: str, html: str = "") -> DateFound:  # fmt: skip
    """The published date: ``structured`` checked against the visible date near ``headline`` and the URL;
    when the page has none of them, htmldate's quick search of ``html``. The order is the module docstring's."""
    visible = visible_date(tree, headline, locale)
    from_url = DateFound(url_date(url), "url")
    s_day, v_day, u_day = (_day(c.raw, locale) for c in (structured, visible, from_url))
    if midnight := _local_midnight(structured.raw):
        structured, s_day = DateFound(midnight, structured.source), date.fromisoformat(midnight)
    if midnight := _local_midnight(visible.raw):
        visible, v_day = DateFound(midnight, visible.source), date.fromisoformat(midnight)
    if u_day is not None:  # the URL's day settles a disagreement, unless the page agrees with itself against it
        if s_day is not None and s_day == v_day:
            return structured
        for candidate, day in ((structured, s_day), (visible, v_day)):
            if day == u_day:
                return candidate
        return from_url
    if s_day is not None and v_day is not None:
        if s_day == v_day:
            return structured
        if abs((s_day - v_day).days) == 1:  # one of them is a UTC instant on another day than the publisher's
            if _is_utc_instant(visible.raw) and not _is_utc_instant(structured.raw):
                return structured
            if _is_utc_instant(structured.raw) and not _shifts_to(structured.raw, (v_day - s_day).days):
                return structured  # 16:07 UTC is the same day from UTC-12 to UTC+7: the visible date is another
            return visible
        # Further apart (rule 4): a later visible date is a republication, an earlier one another date's.
        return visible if v_day > s_day or structured.source in WEAK_SOURCES else structured
    if v_day is not None and s_day is None:
        return visible
    if s_day is not None or re.fullmatch(RELATIVE, structured.raw.strip(), re.I):
        return structured  # (a relative raw value is left to normalization, which knows the fetch time)
    if visible.raw:
        return visible  # relative
    return _htmldate(html, url) if html else DateFound()


def _htmldate(html: str, url: str) -> DateFound:
    """htmldate without its extensive search: on pages where ours finds nothing, it is right about six
    times in seven; the extensive search adds about as many wrong dates as right ones."""
    try:
        found = find_date(html, url=url or None, extensive_search=False, original_date=True)
    except Exception:  # a third-party parser on arbitrary pages: a failure here must not cost the article
        return DateFound()
    return DateFound(found, "htmldate") if found else DateFound()


def visible_date(tree: LexborHTMLParser, headline: LexborNode | None, language: str) -> DateFound:
    """The date written nearest the headline (after it first), not labelled as an update."""
    body = tree.body
    if headline is None or body is None or not inside(headline, body):
        return DateFound()
    found: list[tuple[int, int, str, str, LexborNode]] = []  # (node's place in the walk, offset, raw, source, node)
    offset = 0
    previous = ""  # the end of the text before, where a date's label may sit
    headline_at = -1
    headline_id = headline.mem_id
    shown_elsewhere: set[int] = set()  # <time> elements whose datetime stands for their text
    # Texts before the headline are searched for dates once it is reached, and only those within
    # BEFORE_HEADLINE of it: the menus and teasers above it are most of a page's texts, and are not walked.
    waiting: collections.deque[tuple[int, int, str, str, LexborNode]] = collections.deque()
    walk = itertools.chain(reversed(_before_headline(headline, body, language)), following(headline, body))
    for place, node in enumerate(walk):
        if node.mem_id == headline_id:
            headline_at = offset
            for item in waiting:
                _text_date(found, *item)
        if node.is_element_node:
            # A <time> element's text is what readers see (the publisher's day); its datetime attribute is
            # the machine value (often in UTC), used when the text holds no date.
            if node.tag == "time" and (when := _stands_for_text(node, language)):
                found.append((place, offset, when, "time[datetime]", node))
                shown_elsewhere.add(node.mem_id)
            continue
        parent = node.parent
        if parent is None or parent.tag in NEVER_TEXT or parent.mem_id in shown_elsewhere:
            continue
        text = node.text_content or ""
        stripped = " ".join(text.split())
        if stripped:
            if headline_at >= 0:
                _text_date(found, place, offset, stripped, previous, parent)
            else:
                waiting.append((place, offset, stripped, previous, parent))
                while waiting[0][1] < offset - BEFORE_HEADLINE:  # the headline comes at this offset or later
                    waiting.popleft()
            previous = stripped[-40:]
        offset += len(stripped) + 1
        if headline_at >= 0 and offset > headline_at + AFTER_HEADLINE:
            break
    found.sort(key=lambda f: f[0])  # in the walk's order: the texts before the headline were searched late
    after = [f[1:] for f in found if headline_at <= f[1] <= headline_at + AFTER_HEADLINE]
    before = [f[1:] for f in reversed(found) if headline_at - BEFORE_HEADLINE <= f[1] < headline_at]
    own = own_containers(headline)
    relative = DateFound()
    for _offset, raw, source, node in [*after, *before]:
        if not outside_chrome(node, own):
            continue
        if _day(raw, language) is not None:
            return DateFound(raw, source)
        if not relative.raw and re.fullmatch(RELATIVE, raw, re.I):
            relative = DateFound(raw, source)
    return relative  # "2 hours ago": normalization resolves it against the fetch time


def _stands_for_text(time: LexborNode, language: str) -> str:
    """The ``datetime`` of a <time> element when it stands for the element's text: the text holds no date,
    or shows the UTC day of the publisher's midnight; else ""."""
    when = (time.attributes.get("datetime") or "").strip()
    if not when:
        return ""
    shown = date_in_text(" ".join(time.text(separator=" ").split()))
    shown_day = _day(shown.group(0), language) if shown else None
    midnight = _local_midnight(when)
    return when if shown_day is None or (midnight and shown_day.isoformat() == when[:10]) else ""


def _before_headline(headline: LexborNode, body: LexborNode, language: str) -> list[LexborNode]:
    """The nodes before the headline that its date search reads, nearest first: back over BEFORE_HEADLINE
    characters of counted text (a text counts its characters and one; not inside a script or style, nor
    right inside a <time> whose datetime stands for it), then on to a text with characters (the label of
    the first one read), and out of any <time> element that text is in (whether its texts count is the
    element's to say). Comments count nothing here: the search reads a little further than it needs."""
    nodes: list[LexborNode] = []
    counted = 0
    walk = preceding(headline, body)
    for node in walk:
        nodes.append(node)
        parent = node.parent
        if not node.is_text_node or parent is None or parent.tag in NEVER_TEXT:
            continue
        if parent.tag == "time" and _stands_for_text(parent, language):
            continue
        length = len(" ".join((node.text_content or "").split()))
        passed = counted > BEFORE_HEADLINE
        counted += length + 1
        if passed and length:
            break
    times = [n.mem_id for n in chain(nodes[-1] if nodes else None) if n.tag == "time"]
    for node in walk if times else ():  # back to the outermost <time>, which comes before all it holds
        nodes.append(node)
        if node.mem_id == times[-1]:
            break
    return nodes


def _text_date(found: list[tuple[int, int, str, str, LexborNode]], place: int, offset: int, stripped: str,
               previous: str, parent: LexborNode) -> None:  # fmt: skip
    """Add the date that a text (``stripped``, its whitespace collapsed; ``previous``, the end of the text
    before it) shows as a dateline, unless it is labelled as an update or another kind of date."""
    # Past MAX_TEXT a text is prose; only a press release's dateline at its start is looked at.
    for match in dates_in_text(stripped if len(stripped) <= MAX_TEXT else stripped[:MAX_TEXT]):
        # A dateline holds little besides its date ("Veröffentlicht am 3.11.2023 | Politik"); a date
        # inside a sentence is what the article is about.
        if len(stripped) - len(match.group(0)) > MAX_DATELINE_EXTRA and not _opens_paragraph(stripped, match):
            return
        label = f"{previous} {stripped[: match.start()]}" if not match.start() else stripped[: match.start()]
        classes = parent.attributes.get("class") or ""
        updated = (
            (UPDATED_CLASS.search(classes) is not None and not ENTRY_DATE.search(classes))  # <time class="updated">
            or UPDATED_AFTER.match(stripped, match.end()) is not None  # "2019.03.26 lastupdate"
            or OTHER_DATE_LABEL.search(label) is not None  # "<strong>Registriert:</strong> 18.09.2008"
        )
        if not updated:
            found.append((place, offset, match.group(0), "text", parent))
            return


def _opens_paragraph(text: str, match: re.Match[str]) -> bool:
    """A press release's dateline at the start of its first paragraph: "Karlsruhe, (12.11.2021). Traditionell
    ...", "01.02.2022 – Der Arbeitsmarkt ..."; not "On 12 March 2020, the WHO ..."."""
    return match.start() <= 30 and PARAGRAPH_DATELINE_END.match(text, match.end()) is not None


def _day(raw: str, language: str) -> date | None:
    """The calendar day ``raw`` names, read as the page's language reads it."""
    if not raw:
        return None
    value = parse_date(raw, language=language or None)
    return date.fromisoformat(value[:10]) if value else None


def _local_midnight(raw: str) -> str:
    """``2021-11-05`` for ``2021-11-04T23:00:00Z``: a CMS that stores a European local midnight in UTC."""
    match = re.fullmatch(r"((?:19|20)\d\d-\d\d-\d\d)T(2[23]):00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)", raw.strip())
    if not match:
        return ""
    return (date.fromisoformat(match.group(1)) + timedelta(days=1)).isoformat()


def _shifts_to(raw: str, days: int) -> bool:
    """Whether some UTC offset (-12 h to +14 h) puts the UTC instant ``raw`` on the day ``days`` away."""
    match = re.search(r"[T ](\d\d?):", raw)
    if match is None:
        return True
    hour = int(match.group(1))
    return hour < 12 if days < 0 else hour >= 10


def _is_utc_instant(raw: str) -> bool:
    """True for an ISO time in UTC or without an offset (``2020-02-25T02:25:54Z``), whose day may not be the
    publisher's; a date written for readers is in the publisher's time."""
    match = re.fullmatch(
        r"\d{4}-\d\d?-\d\d?[T ]\d\d?:\d\d(?::\d\d?)?(?:\.\d+)?\s*(Z|GMT|UTC|[+-]\d\d:?\d\d)?", raw.strip()
    )
    return match is not None and (match.group(1) or "Z") in ("Z", "GMT", "UTC", "+00:00", "+0000", "-00:00")


@functools.lru_cache(maxsize=4096)  # the same containers are asked about for every node inside them
def _chrome_hits(names: str) -> tuple[str, ...]:
    """The words of CHROME_NAMES in an element's class and id."""
    return tuple(CHROME_NAMES.findall(names))


def own_containers(headline: LexborNode | None) -> frozenset[int]:
    return frozenset(n.mem_id for n in chain(headline))


def outside_chrome(node: LexborNode, own: frozenset[int] = frozenset(), *, footers: bool = True) -> bool:
    """True unless the node sits in navigation, a sidebar, a teaser list, comments or a footer. ``own`` are
    the headline's containers (:func:`own_containers`): the article's, whatever their names ("has-sidebar").
    The article's own footer or top bar (``<article><footer class=post-footer>``) is not chrome unless
    ``footers`` is false: it holds the byline and the date."""
    in_footer = False
    parent: LexborNode | None = node
    while parent is not None and parent.tag not in ("body", "html"):
        attrs = parent.attributes
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if parent.mem_id in own:
            return not in_footer or parent.tag == "article" or bool(ARTICLE_NAME.search(names))
        # An element named as the article's metadata is not chrome by its tag or role (<aside class="meta">).
        by_tag = (parent.tag in CHROME_TAGS or attrs.get("role") in CHROME_ROLES) and not META_NAME.search(names)
        hits = _chrome_hits(names)
        if by_tag or hits:
            footer_tag = parent.tag == "footer" or not by_tag
            if not (footers and footer_tag) or any(hit.casefold() not in FOOTERS for hit in hits):
                return False
            in_footer = True
        parent = parent.parent
    return not in_footer
