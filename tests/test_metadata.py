"""Dates, titles and authors off real-looking page snippets, one known failure mode of other tools a row."""

from __future__ import annotations

import pytest

from scraper.config import NormalizeConfig
from scraper.extract.html import parse_html
from scraper.extract.metadata import read_metadata
from scraper.models import Article, Page
from scraper.records import page_record

BODY = " ".join(["The council met on Tuesday evening and voted on the plan for the harbour district."] * 6)


def record(head: str = "", top: str = "", *, url: str = "https://news.example/story", lang: str = "en",
           after: str = "", fetched_at: str = "") -> Article:  # fmt: skip
    html = f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>
    <header class="site-header"><a href="/">News Example</a></header>
    <main><article>{top}<div class="story-body"><p>{BODY}</p><p>{BODY}</p></div></article>{after}</main>
    <footer><p>© 2019 News Example. All rights reserved.</p></footer></body></html>"""
    page = Page(url, url, 200, {"content-type": "text/html; charset=utf-8"}, html.encode(), fetched_at)
    return page_record(page, NormalizeConfig())


H1 = "<h1>Council backs the harbour plan</h1>"


def credited(outlet: str) -> str:
    """The head of a page of the site "Harbour Times" whose JSON-LD credits ``outlet`` as the author."""
    return (
        '<meta property="og:site_name" content="Harbour Times"><script type="application/ld+json">{"@type": '
        f'"NewsArticle", "author": {{"@type": "Organization", "name": "{outlet}"}}}}</script>'
    )


@pytest.mark.parametrize(
    ("case", "head", "top", "lang", "url", "published", "source"),
    [
        ("the updated date is not the published one",
         '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-03-01T08:00:00+01:00", '
         '"dateModified": "2022-03-05T10:00:00+01:00"}</script>',
         H1 + '<p class="meta">Updated: March 5, 2022</p>', "en", "", "2022-03-01T08:00:00+01:00",
         "jsonld:datePublished"),
        ("an updated label next to the headline is skipped for the published date",
         "", H1 + '<p class="meta">Aktualisiert am 05.03.2022</p><p class="meta">Veröffentlicht am 01.03.2022</p>',
         "de", "", "2022-03-01", "text"),
        ("a <time> showing the UTC day of the publisher's midnight",
         "", H1 + '<time class="date" datetime="2022-11-06T23:00:00.000Z">6.11.22</time>', "de", "", "2022-11-07",
         "time[datetime]"),
        ("hAtom's 'entry-date updated' is the post date; the UTC instant is the next day in UTC",
         '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-05-04T03:37:37+00:00"}'
         "</script>", H1 + '<time class="entry-date updated" datetime="2022-05-03T23:37:37-04:00">3 May, 2022, '
         "11:37 pm</time>", "en-us", "", "2022-05-03", "text"),
        ("a layout with a sidebar is not a sidebar",
         '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "Wed, 04 May 2022 00:25:56 GMT"}'
         "</script>", H1 + '<div class="lay-sidebar"><div class="sidebar__main"><span class="mod-date">3 de mayo de '
         "2022</span></div></div>", "es", "", "2022-05-03", "text"),
        ("an earlier date marked up with <time> near the headline gives way to the structured date",
         '<meta property="article:published_time" content="2022-11-17T10:33:13.258Z">',
         H1 + '<p class="meta"><time datetime="2022-03-09">09.03.2022</time></p>', "de", "",
         "2022-11-17T10:33:13+00:00", "meta:article:published_time"),
        ("a video's availability date is not the publication's",
         '<meta property="article:published_time" content="2024-04-06T18:00:00+02:00">',
         H1 + '<p class="meta">Video verfügbar bis 06.05.2024</p>', "de", "", "2024-04-06T18:00:00+02:00",
         "meta:article:published_time"),
        ("an offer's expiry date is not the publication's",
         "", H1 + "<p>Expires: June 30, 2024</p><p>June 2, 2024</p>", "en", "", "2024-06-02", "text"),
        ("English on an Irish domain writes the day first",
         "", H1 + '<p class="meta">08/11/2023</p>', "en", "https://www.news.ie/story", "2023-11-08", "text"),
        ("a date in a related-articles list is not the article's",
         "", H1 + '<div class="related-posts"><a href="/a">Older story</a> <span>12.01.2019</span></div>'
         '<p class="byline">By Jane Doe, 14.03.2022</p>', "en-gb", "", "2022-03-14", "text"),
        ("the header's today date is not the article's",
         "", '<p class="today">Monday, 27 March 2023</p>' + H1 + "<p>March 14, 2023</p>", "en", "", "2023-03-14",
         "text"),
        ("a copyright year is no date", "", H1, "en", "", None, None),
        ("dotted dates are day first", "", H1 + "<p>04.02.2022</p>", "de", "", "2022-02-04", "text"),
        ("British pages write the day first", "", H1 + "<p>02/10/2020</p>", "en-gb", "", "2020-10-02", "text"),
        ("US pages write the month first", "", H1 + "<p>10/02/2020</p>", "en-us", "", "2020-10-02", "text"),
        ("the publisher's offset is kept, the day not shifted",
         '<meta property="article:published_time" content="2021-11-04T23:30:00+01:00">', H1, "de", "",
         "2021-11-04T23:30:00+01:00", "meta:article:published_time"),
        ("a local midnight stored in UTC is the next day",
         '<meta property="article:published_time" content="2021-11-04T23:00:00Z">', H1, "de", "", "2021-11-05",
         "meta:article:published_time"),
        ("a UTC instant on another day than the URL's gives way to the URL",
         '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-02-25T02:25:54Z"}'
         "</script>", H1, "en", "https://news.example/2020/02/24/story/", "2020-02-24", "url"),
        ("a UTC afternoon is the same day for any publisher: a visible date a day earlier is another date",
         '<meta property="article:published_time" content="2016-12-12T16:07:20+00:00">',
         H1 + "<p>December 11, 2016</p>", "en", "", "2016-12-12T16:07:20+00:00", "meta:article:published_time"),
        ("a UTC night instant is the previous day where the publisher is (visible date wins)",
         '<meta property="article:published_time" content="2020-02-25T02:25:54Z">', H1 + "<p>February 24, 2020</p>",
         "en", "", "2020-02-24", "text"),
        ("an update label after the date counts too",
         '<meta property="article:published_time" content="2019-03-08T13:00:00Z">', H1 + "<p>2019.03.26 lastupdate</p>",
         "ja", "", "2019-03-08T13:00:00+00:00", "meta:article:published_time"),
        ("a date-only value stays a date",
         '<meta property="article:published_time" content="2021-08-10">', H1, "en", "", "2021-08-10",
         "meta:article:published_time"),
        ("the visible date beats an older markup date (a republished page)",
         '<meta name="datePublished" content="2021-12-14T15:41:07+01:00">', H1 + "<p>04.02.2022 | 15:33 Uhr</p>",
         "de", "", "2022-02-04", "text"),
        ("a time element's text is the publisher's day, not its UTC attribute",
         "", H1 + '<time datetime="2023-11-01T23:01:00Z">2. November 2023</time>', "de", "", "2023-11-02", "text"),
        ("a date inside a sentence is what the article is about, not when",
         "", H1 + "<p>03.02.2022</p><p><strong>The junior championships run from 5 to 11 February 2022 at the "
         "national tennis base near the city.</strong></p>", "en-gb", "", "2022-02-03", "text"),
        ("an event's date is not the publication's",
         '<meta property="article:published_time" content="2019-11-27T15:21:21+01:00">',
         H1 + "<p><strong>Termin: 21.02.2020, 19 Uhr</strong></p>", "de", "", "2019-11-27T15:21:21+01:00",
         "meta:article:published_time"),
        ("a forum member's join date is not the post's, even with its label in another element",
         "", H1 + "<dl><dd><strong>Registriert:</strong> 18.09.2008, 05:56</dd></dl><p>21.01.2009, 05:42</p>", "de",
         "", "2009-01-21T05:42:00", "text"),
        ("a press release's dateline opens its first paragraph",
         "", H1 + "<p><strong>Karlsruhe, (12.11.2021). Traditionell gedenken die Gemeinden am letzten Sonntag des "
         "Kirchenjahres ihrer Verstorbenen, in diesem Jahr auch mit digitalen Angeboten für alle, die nicht "
         "kommen können.</strong></p>", "de", "", "2021-11-12", "text"),
        ("a date opening an ordinary sentence is not a dateline",
         "", H1 + "<p>On 12 March 2020, the WHO declared a pandemic, and the council met the next morning to decide "
         "what the harbour would do about the ferries, the markets and the schools.</p>", "en", "", None, None),
        ("a date in the URL is the last resort", "", H1, "en", "https://news.example/2019/07/03/story/",
         "2019-07-03", "url"),
        ("a British date with an ordinal day", "", H1 + "<p>Published 3rd December 2024</p>", "en-gb", "",
         "2024-12-03", "text"),
        ("a Korean date", "", H1 + "<p>입력 2024년 12월 3일</p>", "ko", "", "2024-12-03", "text"),
        ("a Polish month name in the genitive", "", H1 + "<p>Opublikowano: 5 stycznia 2024</p>", "pl", "",
         "2024-01-05", "text"),
        ("a Russian date", "", H1 + "<p>3 декабря 2024, 10:15</p>", "ru", "", "2024-12-03", "text"),
        ("a Greek date", "", H1 + "<p>3 Δεκεμβρίου 2024</p>", "el", "", "2024-12-03", "text"),
        ("a Hungarian date, the year first", "", H1 + "<p>Közzétéve: 2024. augusztus 5. 14:47</p>", "hu", "",
         "2024-08-05", "text"),
        ("a Swahili date, the month first", "", H1 + "<p>Agosti 5, 2024</p>", "sw", "", "2024-08-05", "text"),
        ("a dotted year-first date with spaces", "", H1 + "<p>기사입력 2024. 12. 3. 오전 10:00</p>", "ko", "",
         "2024-12-03", "text"),
    ],
)  # fmt: skip
def test_published_date(case, head, top, lang, url, published, source) -> None:
    article = record(head, top, lang=lang, url=url or "https://news.example/story")
    assert (article.published, article.published_source) == (published, source), case


def test_relative_dates_need_the_fetch_time() -> None:
    top = H1 + '<p class="meta">Posted 2 hours ago</p>'
    assert record(top=top).published is None
    fetched = record(top=top, fetched_at="2024-05-01T12:00:00+00:00")
    assert fetched.published == "2024-05-01T10:00:00+00:00"


@pytest.mark.parametrize(
    ("case", "head", "top", "title"),
    [
        ("the site name glued on by <title> goes",
         "<title>Council backs the harbour plan | News Example</title>"
         '<meta property="og:site_name" content="News Example">', "", "Council backs the harbour plan"),
        ("the site name glued on by og:title goes",
         '<meta property="og:title" content="Council backs the harbour plan - News Example">'
         '<meta property="og:site_name" content="News Example">', "", "Council backs the harbour plan"),
        ("a Japanese title's full-width bar before the site's name",
         "<title>港の拡張計画を承認｜ニュース例</title>" '<meta property="og:site_name" content="ニュース例">', "",
         "港の拡張計画を承認"),
        ("a Chinese title's underscore before the site's name",
         "<title>港口扩建计划获批_新闻网</title>" '<meta property="og:site_name" content="新闻网">', "", "港口扩建计划获批"),
        ("an h1 that is the logo is not the headline",
         '<meta property="og:title" content="Colder temperatures forecast for Wednesday">',
         '<h1 class="logo"><a href="https://news.example/service/index.htm?lang=e">KBS WORLD</a></h1>',
         "Colder temperatures forecast for Wednesday"),
        ("an h1 linking home is the site's name, and is cut from the title",
         "<title>Liver with apple and onion | Love goes through the stomach</title>",
         '<h1><a href="https://news.example">Love goes through the stomach</a></h1>', "Liver with apple and onion"),
        ("the h1 is the title's first part; the rest is the site's name",
         "<title>Lake Biel winter pike | petri-heil.ch | Your Swiss fishing magazine</title>",
         "<h1>Lake Biel winter pike</h1>", "Lake Biel winter pike"),
        ("a teaser's h1 in an article before the story's article",
         "<title>Zoo animals escape during the storm</title>",
         '<article><h1 class="teaser"><a href="/other">"Zoos are obsolete"</a></h1></article>'
         "<article><h1>Zoo animals escape during the storm</h1></article>", "Zoo animals escape during the storm"),
        ("ruby readings are not part of the headline",
         "<title>NEWS WEB EASY|子どもへの体罰を禁止する法律ができる</title>",
         "<h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律ができる</h1>",
         "子どもへの体罰を禁止する法律ができる"),
        ("a title keeps its own dashes when the site name goes",
         '<title>Whisky tastings January – May 2020 - whiskyverkostung.com</title>',
         '<h1><a href="https://news.example/">whiskyverkostung.com</a></h1>', "Whisky tastings January – May 2020"),
        ("soft hyphens go", "", "<h1>Erin&shy;ne&shy;rung an die Op&shy;fer</h1>", "Erinnerung an die Opfer"),
        ("a style or script inside the h1 is no part of the title", "",
         '<h1 class="headline"><style>.h1-x{font-size:2rem}</style>Ferry fares frozen <script>track(1)</script>'
         "for another year</h1>", "Ferry fares frozen for another year"),
        ("no h1: the subheading that is the title, its component CSS no words of it",
         "<title>Ferry fares frozen for another year - Harbour Championships 2022</title>",
         '<h3 class="ImageText_Title"><span>Ferry fares frozen for another year<style data-emotion="css 1ez6">'
         ".css-1ez6{display:flex;flex-direction:column;margin-left:auto;margin-right:auto;max-width:1200px;"
         "padding:0 16px;font-family:Inter,sans-serif}</style></span></h3>", "Ferry fares frozen for another year"),
        ("a kicker glued into the h1 goes",
         '<meta property="og:title" content="Can the spread of the virus be controlled?">',
         '<h1><span class="kicker">Covid-19:</span> Can the spread of the virus be controlled?</h1>',
         "Can the spread of the virus be controlled?"),
        ("a kicker the title markup holds too is part of the title",
         '<meta property="og:title" content="Basketball: Fines after the brawl in Madrid">',
         '<h1 class="article-heading"><span class="article-heading__kicker">Basketball</span><span '
         'class="visually-hidden">: </span><span class="article-heading__title">Fines after the brawl in Madrid</span>'
         "</h1>", "Basketball: Fines after the brawl in Madrid"),
        ("a kicker in the h1's own first element goes, even without title markup",
         "", '<h1><span class="dachzeile">Nach Corona-Lockerungen</span> Autohäuser rechnen mit langsamem Anlaufen</h1>',
         "Autohäuser rechnen mit langsamem Anlaufen"),
        ("a blog's name in the h1, the post's title in an h2",
         '<meta property="og:title" content="Running in winter: from ugh to yeah">',
         "<h1>Heiko's Notebook</h1><h2>Running in winter: from ugh to yeah</h2>", "Running in winter: from ugh to yeah"),
        ("the h1 wins over a different SEO title",
         "<title>Harbour plan: council vote explained (2022)</title>", H1, "Council backs the harbour plan"),
    ],
)  # fmt: skip
def test_title(case, head, top, title) -> None:
    assert record(head, top).title == title, case


def test_a_widgets_heading_is_never_the_title() -> None:
    widget = (
        '<aside class="sidebar"><div class="widget"><h1 class="widget-title">Follow us on Facebook</h1></div></aside>'
    )
    story = "<h2>Ferry fares frozen for another year</h2>"
    assert record("<title>News Example</title>", widget + story).title == "Ferry fares frozen for another year"
    assert record("", widget + story).title == "Ferry fares frozen for another year"


def test_a_front_pages_slides_are_not_its_headline() -> None:
    slides = '<div class="carousel"><h1>Boarische Buidl</h1><h1>Bilder aus Bayern</h1></div>'
    assert record("<title>pix-bavaria</title>", after=slides).title == "pix-bavaria"
    one = '<div class="carousel"><h1>Boarische Buidl</h1></div>'
    assert record("<title>pix-bavaria</title>", after=one).title == "Boarische Buidl"


@pytest.mark.parametrize(
    ("case", "head", "top", "after", "authors"),
    [
        ("JSON-LD authors come first",
         '<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", "name": '
         '"Mira Okafor"}, {"@type": "Person", "name": "Tom Reyes"}]}</script>', H1, "", ("Mira Okafor", "Tom Reyes")),
        ("a Yoast graph's author reference is resolved",
         '<script type="application/ld+json">{"@graph": [{"@type": "Article", "author": {"@id": "https://x/#/p/1"}}, '
         '{"@type": "Person", "@id": "https://x/#/p/1", "name": "Nils Pickert"}]}</script>', H1, "", ("Nils Pickert",)),
        ("the byline next to the headline, without By",
         "", H1 + '<p class="byline">By <a href="/authors/jane-doe">Jane Doe</a></p>', "", ("Jane Doe",)),
        ("teaser bylines in a related list are not authors",
         "", H1 + '<p class="byline">Von Karin Schulte</p>',
         '<aside class="related"><article><h3>Other story</h3><p class="byline">By Someone Else</p></article></aside>',
         ("Karin Schulte",)),
        ("a profile link label is not a name",
         "", H1 + '<div class="author-box"><a href="/author/dl">View all posts by Daniel Lemire</a></div>', "",
         ("Daniel Lemire",)),
        ("a bare By with the name in the next element",
         "", H1 + '<div class="x1"><span class="x2">By</span><span>Meg Wagner</span></div>', "", ("Meg Wagner",)),
        ("a label in words before the name in the next element",
         "", H1 + '<div class="x3">Ein Artikel von <strong>Pamela Sladky</strong> | Reiten</div>', "", ("Pamela Sladky",)),
        ("photographers are not authors",
         "", H1 + "<p><span>Photos by</span> <span>Ivan Valetny</span></p>", "", ()),
        ("article:author before the author tag that names the publishing house",
         '<meta name="author" content="Example Media Group"><meta property="article:author" content="Emma Ellis">', H1,
         "", ("Emma Ellis",)),
        ("an outlet credited as the author in the meta tag is the author when no one else is named",
         '<meta name="author" content="News Example"><meta property="og:site_name" content="News Example">', H1, "",
         ("News Example",)),
        ("the outlet credited beside an agency stays",
         '<meta property="og:site_name" content="News Example"><script type="application/ld+json">{"@type": '
         '"NewsArticle", "author": [{"@type": "Person", "name": "News Example et AFP"}]}</script>', H1, "",
         ("News Example", "AFP")),
        ("a first name in the JSON-LD, written out in the byline",
         '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Todd"}}'
         "</script>", H1 + '<p class="byline">By Todd Bates</p>', "", ("Todd Bates",)),
        ("a 'von' in running text names nobody: the meta tag does",
         '<meta name="author" content="Bernhard Sgoda">', H1 + "<p>Mehr Infos von</p><p>anderen Anbietern:</p>", "",
         ("Bernhard Sgoda",)),
        ("the article's own footer holds the byline; the site's footer does not",
         "", H1 + '<footer class="post-footer">Eingestellt von <span class="fn">der Michel</span></footer>', "",
         ("der Michel",)),
        ("an 'Author:' label with the name in the next element",
         "", H1 + '<div class="x4"><span>Author: </span><span>Jacopo Cascioli</span></div>', "", ("Jacopo Cascioli",)),
        ("a pen name keeps its last word", "", H1 + '<p class="byline">von: Rasender Reporter</p>', "",
         ("Rasender Reporter",)),
        ("three people and their agency in a German author line",
         "", H1 + '<p class="autorenzeile">Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz, NDR</p>', "",
         ("Volkmar Kabisch", "Jan Lukas Strozyk", "Benedikt Strunz", "NDR")),
        ("names joined by 'und' across elements",
         "", H1 + "<p>Von <strong><a href='https://a.example'>Roland Brockmann</a></strong> und "
         "<strong><a href='https://b.example'>Sebastian Drescher</a></strong></p>", "",
         ("Roland Brockmann", "Sebastian Drescher")),
        ("a sponsor is no author", "", H1 + "<p><span>Sponsored by <span>Acme Housing Ltd</span></span></p>", "", ()),
        ("a kicker before the byline's label goes, a handle keeps its digits",
         "", H1 + '<div class="autor-wrapper"><span>Disko</span> <span>Von delta201</span></div>', "", ("delta201",)),
        ("an article type is no author",
         '<meta name="author" content="Elizabeth Gibney">', H1 + '<p class="byline">Nature Editorial</p>', "",
         ("Elizabeth Gibney",)),
        ("a French label with a space before its colon", "", H1 + "<p>Auteur : Kossi Mensah</p>", "", ("Kossi Mensah",)),
        ("a Swedish byline", "", H1 + "<p>Av Karin Lund</p>", "", ("Karin Lund",)),
        ("a Russian label", "", H1 + "<p>Автор: Анна Берг</p>", "", ("Анна Берг",)),
        ("a Chinese label with a full-width colon", "", H1 + "<p>作者：王小明</p>", "", ("王小明",)),
        ("every co-author marked up in the byline, where the JSON-LD names one of them",
         '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": '
         '"Marit Berg"}}</script>',
         H1 + '<div class="bylines"><div class="byline" itemscope itemtype="http://schema.org/Person"><address>'
         '<a rel="author" itemprop="url name" href="mailto:ola@example.no"><span>Ola</span> <span>Nordmann</span></a>'
         '</address></div><div class="byline" itemscope itemtype="http://schema.org/Person"><address>'
         '<a rel="author" itemprop="url name" href="mailto:marit@example.no">Marit Berg</a></address></div></div>',
         "", ("Ola Nordmann", "Marit Berg")),
        ("marked-up authors of the teasers below are not co-authors",
         "", H1 + '<div class="meta"><span itemprop="author">Lena Fox</span></div>',
         '<ul class="more">' + "".join(
             f'<li><a href="/{i}">Another story with a long enough headline to be a teaser, number {i}</a>'
             f'<span itemprop="author">Writer {chr(65 + i)}. Smith</span></li>' for i in range(3)) + "</ul>",
         ("Lena Fox",)),
        ("the site's name beside the person in the author tags is not a second author",
         '<meta property="og:site_name" content="The Harbour Times"><meta name="author" content="Ann Lee">'
         '<meta name="author" content="The Harbour Times"><script type="application/ld+json">{"@type": '
         '"NewsArticle", "author": {"@type": "Person", "name": "Ann Lee"}}</script>', H1, "", ("Ann Lee",)),
        ("the site crediting itself in the JSON-LD gives way to the person in the byline",
         credited("Harbour Times"), H1 + '<p class="byline">By Ann Lee</p>', "", ("Ann Lee",)),
        ("the site's domain as article:author gives way to the person in the byline",
         '<meta property="article:author" content="news.example">', H1 + '<div class="author">Ernst Berg</div>', "",
         ("Ernst Berg",)),
        ("another outlet credited in the JSON-LD stays, whatever the byline",
         credited("Reuters"), H1 + '<p class="byline">By Ann Lee</p>', "", ("Reuters",)),
        ("a label after a 'by' names nobody",
         "", H1 + "<div><span>Collected by</span> <span>Organization:</span> <a href='/c'>Alexa Crawls</a></div>", "",
         ()),
        ("a quoted speaker's name before a colon is no byline",
         "", H1 + "<p><b>Von Broock:</b> \"Erhalt statt Neubau ist die einfache Formel.\"</p>", "", ()),
        ("nor is a speaker's name and role before a colon further down",
         "", H1 + "<p>Der Verband fordert einen Kurswechsel.</p><p>Die Regierung plant neue Straßen.</p>"
         "<p>Der Bund solle umdenken.</p><p><b>Antje von Broock, BUND-Geschäftsführerin:</b> \"Erhalt statt "
         "Neubau.\"</p>", "", ()),
        ("an author box's contact link is no part of the name",
         "", H1 + '<div class="descripcion-autor"><a href="/autor/ana-ruiz"><h6>Ana Ruiz</h6></a> '
         '<a href="#" class="link-mail">Contactar</a></div>', "", ("Ana Ruiz",)),
        ("nor is a German one",
         "", H1 + '<p class="author">Jonas Weber <a href="/kontakt">Kontakt</a></p>', "", ("Jonas Weber",)),
        ("a Turkish label with the name in the next element",
         "", H1 + "<div><span>Yazar:</span> <a href='/y/ayse'>Ayşe Demir</a></div>", "", ("Ayşe Demir",)),
    ],
)  # fmt: skip
def test_authors(case, head, top, after, authors) -> None:
    assert record(head, top, after=after).authors == authors, case


def test_a_label_spread_over_whitespace_is_read_and_no_longer_text_is_a_label() -> None:
    """Only texts that squeeze to LABEL_MAX_CHARS or less are tried as labels: a label written over many
    lines of indentation still is one, and no text past that length could match (every run of whitespace is
    one space once squeezed)."""
    import re

    from scraper.extract.bylines import BYLINE_LABEL, LABEL_MAX_CHARS, _bylines

    spread = "By" + "\n" + " " * 300 + "Jane Doe" + "\n" + " " * 300
    tree = parse_html(f"<html><body><article>{H1}<p>{spread}</p><p>{BODY}</p></article></body></html>")
    assert _bylines(tree, tree.css_first("h1")) == ("", "Jane Doe")  # the labelled name, no byline element
    squeezed = BYLINE_LABEL.pattern.replace(r"\s+", "[ ]").replace(r"\s*", "[ ]?").replace(r"\s", "[ ]")
    assert re._parser.parse(squeezed, BYLINE_LABEL.flags).getwidth()[1] <= LABEL_MAX_CHARS  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("headline", "authors"),
    [
        ("<h1>Auf den Spuren von Rafael Nadal</h1>", ""),  # the headline's words are no byline
        ("<h1><span>Tennis</span> Von Rafael Nadal lernen</h1>", ""),  # nor after its kicker
        ("<h1>Auf den Spuren des Meisters</h1><p>Von Anna Berg</p>", "Anna Berg"),  # a byline under it is
    ],
)
def test_a_label_in_the_headline_names_nobody(headline: str, authors: str) -> None:
    from scraper.extract.bylines import _bylines

    tree = parse_html(f"<html><body><article>{headline}<p>{BODY}</p></article></body></html>")
    assert _bylines(tree, tree.css_first("h1")) == ("", authors)


@pytest.mark.parametrize(
    ("last", "authors"),
    [
        ("<p><b><i>Stefan Wasmer</i></b></p>", ("Stefan Wasmer",)),  # a signature under the article
        ("<p><strong>Foto Anna Berg</strong></p>", ()),  # a photo credit is no signature
        ("<p><strong>Mehr zum Thema</strong></p>", ()),  # nor a heading
        ("<p>Stefan Wasmer</p>", ()),  # a plain last line may be the article's own
    ],
)
def test_a_signature_under_the_article(last, authors) -> None:
    html = (
        f"<html lang=de><head><title>Ein Bericht</title></head><body><div class=content><h1>Ein Bericht</h1>"
        f"<p>{BODY}</p><p>{BODY}</p><p>{BODY}</p>{last}</div></body></html>"
    )
    page = Page("https://news.example/a", "https://news.example/a", 200, {}, html.encode(), "")
    assert page_record(page, NormalizeConfig()).authors == authors


def test_section_and_tags() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleSection": ["City"], '
        '"keywords": "harbour, council, budget"}</script>'
        '<meta property="article:tag" content="Harbour"><meta property="article:tag" content="Council">'
    )
    article = record(head, H1)
    assert (article.section, article.tags) == ("City", ("Harbour", "Council"))
    keywords_only = record('<meta name="keywords" content="harbour, council , harbour">', H1)
    assert (keywords_only.section, keywords_only.tags) == (None, ("harbour", "council"))


def test_a_page_that_ends_at_its_headline() -> None:
    meta = read_metadata(parse_html("<html><body><h1>Only a headline here</h1></body></html>"))
    assert (meta.title, meta.authors, meta.published_raw) == ("Only a headline here", (), "")


def test_the_host_names_the_site_when_the_page_does_not() -> None:
    article = record(
        "<title>Point of Sail - Ben Wilson surf boards in the shop</title>", url="https://www.pointofsail-kiel.de/a"
    )
    assert article.title == "Ben Wilson surf boards in the shop"
    kept = record("<title>JVNDB-2018-013542 - JVN iPedia - database</title>", url="https://jvndb.jvn.jp/ja/x")
    assert kept.title == "JVNDB-2018-013542 - JVN iPedia - database"  # "jvn" inside a longer part is no site name


@pytest.mark.parametrize(
    ("html", "language"),
    [
        ('<html xml:lang="fr"><head><title>t</title></head><body></body></html>', "fr"),
        ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "t", '
         '"inLanguage": "es-MX"}</script></head><body></body></html>', "es"),
        ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "t", '
         '"inLanguage": {"@type": "Language", "name": "German", "alternateName": "de"}}</script></head></html>', "de"),
        ('<html lang="pt-BR" xml:lang="en"><head></head><body></body></html>', "pt"),  # lang comes first
    ],
)  # fmt: skip
def test_the_declared_language_is_read_from_every_place_markup_puts_it(html, language) -> None:
    assert read_metadata(parse_html(html), "https://news.example/a").language == language


def test_a_comments_date_in_a_box_named_in_the_pages_language_is_not_the_articles() -> None:
    paragraph = "<p>" + "Der Stadtrat hat am Dienstag beschlossen, den Hafen auszubauen und die Fähre zu erneuern. " * 3
    html = (
        f"<html><body><article><h1>Hafen wird ausgebaut</h1>{(paragraph + '</p>') * 4}"
        '<div class="artikel-kommentare"><div class="kommentar-kopf">Leser12 schrieb am 03.05.2024</div>'
        "<p>Endlich passiert etwas.</p></div></article></body></html>"
    )
    meta = read_metadata(parse_html(html), "https://zeitung.example/hafen", html)
    assert meta.published_raw == "" and meta.published_source == ""


@pytest.mark.parametrize(("dateline", "published"), [("<p>12 June 2021</p>", "12 June 2021"), ("", "")])
def test_a_date_far_above_the_headline_is_a_teasers_and_one_right_above_it_is_the_articles(dateline, published):
    # Dates in a teaser list further above the headline than a paragraph (the section's introduction) are
    # not this article's, whether or not a dateline sits right above the headline.
    teasers = "".join(
        f"<li><a href='/story-{i}'>Another story about the harbour, number {i}</a> <span>3 March 2019</span></li>"
        for i in range(20)
    )
    html = f"<html><body><ul>{teasers}</ul><p>{BODY}</p><div>{dateline}<h1>Council backs the harbour plan</h1><p>{BODY}</p></div></body></html>"
    assert read_metadata(parse_html(html), "https://news.example/story").published_raw == published


@pytest.mark.parametrize(("label", "published"), [("Aktualisiert am", ""), ("Politik", "12.03.2021")])
def test_a_date_at_the_edge_of_the_search_above_the_headline_reads_its_label_beyond_the_edge(label, published):
    # The date is the farthest text the search reads above the headline (392 of BEFORE_HEADLINE's 400
    # characters back); its label is the text before it, past the edge: an update's label still rules it out.
    near = " ".join(["Hafen"] * 63) + " Ka"  # 380 characters between the date and the headline
    html = (
        f"<html><body><p>{BODY}</p><p>{label}</p><p>12.03.2021</p><p>{near}</p>"
        f"<h1>Neue Fähre über die Bucht</h1><p>{BODY}</p></body></html>"
    )
    assert len(near) == 380
    assert read_metadata(parse_html(html), "https://zeitung.example/faehre").published_raw == published


def test_a_time_element_at_the_edge_of_the_search_above_the_headline_still_speaks_for_its_text() -> None:
    # The search above the headline stops inside a <time> whose datetime stands for its text: the element is
    # still read, so its text is no date of its own and its "Updated:" still labels the date after it.
    lead = " ".join(["Lorem ipsum dolor sit amet."] * 20)
    time = "<time datetime='2024-01-03T23:00:00Z'><b>AAAA</b><i>Updated:</i> 03.01.2024</time>"
    html = (
        f"<html><body><p>{lead}</p>{time}<span>05.01.2024</span><p>{'x' * 385}</p>"
        f"<h1>Neue Fähre über die Bucht</h1><p>{BODY}</p></body></html>"
    )
    assert read_metadata(parse_html(html), "https://zeitung.example/faehre").published_raw == ""
