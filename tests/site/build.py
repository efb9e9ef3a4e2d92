"""Write the demo site into ``public/`` from ``content.py``: three templates, listings, a feed, a
sitemap, robots.txt and the awkward cases (a PDF behind an article link, a page with no article, a
disallowed path, a bot check and a consent wall served as pages, and the Talbote's not-found page, which
the server answers missing Talbote paths with, status 200: a soft 404). Run ``python -m tests.site.build`` after changing the content; the output is committed.
"""

from __future__ import annotations

import html
import json
import shutil
from datetime import datetime
from pathlib import Path

from tests.site.content import LANTERN, LEDGER, LEDGER_PROMO, TALBOTE

PUBLIC = Path(__file__).parent / "public"
STATUS_FIXTURES = Path(__file__).parent.parent / "data" / "status"
CHALLENGE = "ledger/world/2023/03/21/summit-talks-collapse.html"  # a bot check where an article was listed
CONSENT = "2022/06/05/monsoon-relief-fund/"  # a consent interstitial in front of an article
GONE_TALBOTE = "talbote/2023/05/02/schuetzenfest-abgesagt"  # a link to a page the Talbote no longer has
TALBOTE_NOT_FOUND = "talbote/404.html"  # what the server answers any missing Talbote path with, status 200
E = html.escape


def _paragraphs(article: dict) -> str:
    return "\n".join(f"<p>{E(p)}</p>" for p in article.get("paragraphs", []))


def _human_date(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%B %-d, %Y")


def lantern_page(article: dict, index: int) -> str:
    prev_a = LANTERN[(index + 1) % len(LANTERN)]
    next_a = LANTERN[index - 1]
    latest = [a for a in LANTERN if a is not article][-4:-2]
    dont_miss = [a for a in LANTERN if a is not article][-2:]
    body = article.get("html") or _paragraphs(article)
    url = f"/{article['slug']}/"
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Asian Lantern", "url": "/"},
            {
                "@type": "NewsArticle",
                "headline": article["title"],
                "datePublished": article["published"],
                "dateModified": article["published"],
                "author": {"@type": "Person", "name": article["author"]},
                "publisher": {"@type": "Organization", "name": "Asian Lantern"},
                "articleSection": article["section"],
            },
        ],
    }

    def teaser(a):
        return (
            f'<div class="td-block-span12"><h3 class="entry-title td-module-title"><a href="/{a["slug"]}/">{E(a["title"])}</a></h3>'
            f'<div class="td-excerpt">{E(a["paragraphs"][0][:120]) if "paragraphs" in a else ""}…reports Asian Lite News</div></div>'
        )

    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{E(article["title"])} - Asian Lantern</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{E(article["title"])} - Asian Lantern">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="Asian Lantern">
<meta property="article:published_time" content="{article["published"]}">
<meta name="author" content="{E(article["author"])}">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" title="Asian Lantern &raquo; Feed" href="/feed.xml">
<script type="application/ld+json">{json.dumps(ld)}</script>
<style>.td-header-wrap{{background:#fff}}</style>
<script>window.tdwGlobal = {{"lazyLoad": true}};</script>
</head>
<body class="post-template-default single single-post">
<div id="td-outer-wrap" class="td-theme-wrap">
<div class="td-header-wrap">
 <div class="td-header-top-menu"><a href="/about/">About Us</a> <a href="/contact/">Contact</a> Monday, March 27, 2023</div>
 <div class="td-header-menu-wrap"><ul id="menu-main-menu" class="sf-menu">
  <li><a href="/">Home</a></li><li><a href="/category/top-news/">Top News</a></li><li><a href="/category/world/">World</a></li><li><a href="/category/lifestyle/">Lifestyle</a></li>
 </ul></div>
 <div class="td-trending-now-wrapper"><span class="td-trending-now-title">Breaking News</span>
  <div class="td-trending-now-display-area"><a href="/{LANTERN[0]["slug"]}/">{E(LANTERN[0]["title"])}</a></div></div>
</div>
<div class="td-main-content-wrap td-container-wrap">
<div class="td-container">
<div class="td-crumb-container"><div class="entry-crumbs"><a href="/">Home</a> <i class="td-icon-right"></i> <a href="/category/top-news/">{E(article["section"])}</a></div></div>
<div class="td-pb-row">
<div class="td-pb-span8 td-main-content" role="main">
<article id="post-{index + 100}" class="post type-post status-publish format-standard has-post-thumbnail">
 <div class="td-post-header">
  <ul class="td-category"><li class="entry-category"><a href="/category/top-news/">{E(article["section"])}</a></li></ul>
  <header class="td-post-title">
   <div class="td-module-meta-info">
    <span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{article["published"]}">{_human_date(article["published"])}</time></span>
    <span class="td-post-read-time">{E(article["read_time"])}</span>
   </div>
   <h1 class="entry-title">{E(article["title"])}</h1>
  </header>
 </div>
 <div class="td-post-sharing-top"><div class="td-post-sharing td-ps-bg td-post-sharing-style2"><span class="td-social-but-text">Share</span>
  <a class="td-social-sharing-button td-social-facebook" href="https://www.facebook.com/sharer.php?u={url}"><span>Facebook</span></a>
  <a class="td-social-sharing-button td-social-twitter" href="https://twitter.com/intent/tweet?url={url}"><span>Twitter</span></a>
  <a class="td-social-sharing-button td-social-whatsapp" href="https://api.whatsapp.com/send?text={url}"><span>WhatsApp</span></a></div></div>
 <div class="td-post-content tagdiv-type">
{body}
 </div>
 <footer>
  <div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li><li><a href="/tag/asia/">Asia</a></li></ul></div>
  <div class="td-block-row td-post-next-prev">
   <div class="td-block-span6 td-post-prev-post"><div class="td-post-next-prev-content"><span>Previous Story</span><a href="/{prev_a["slug"]}/">{E(prev_a["title"])}</a></div></div>
   <div class="td-block-span6 td-post-next-post"><div class="td-post-next-prev-content"><span>Next Story</span><a href="/{next_a["slug"]}/">{E(next_a["title"])}</a></div></div>
  </div>
 </footer>
</article>
<div class="td_block_wrap td_block_related_posts">
 <h4 class="td-related-title"><a class="td-related-left" href="#">Latest from -{E(article["section"])}</a></h4>
 <div class="td_block_inner">{"".join(teaser(a) for a in latest)}</div>
</div>
</div>
<div class="td-pb-span4 td-main-sidebar" role="complementary">
 <aside class="td_block_template_1 widget"><h4 class="block-title"><span>Don't Miss</span></h4>
  {"".join(teaser(a) for a in dont_miss)}
 </aside>
</div>
</div>
</div>
</div>
<a href="#" class="td-scroll-up">Go to<span>Top</span></a>
<div class="td-footer-wrapper"><div class="footer-text-wrap">Asian Lantern is a demo news site of the scraper project. Copyright &copy; 2023.</div>
 <ul class="td-footer-menu"><li><a href="/about/">About Us</a></li><li><a href="/privacy/">Privacy Policy</a></li></ul></div>
</div>
</body>
</html>
"""


def ledger_page(article: dict, index: int) -> str:
    most_read = [a for a in LEDGER if a is not article][:4]
    related = LEDGER[(index + 1) % len(LEDGER)]
    paragraphs = article["paragraphs"]
    parts = [f"<p>{E(p)}</p>" for p in paragraphs]
    if "figure" in article:
        src, caption, credit = article["figure"]
        parts.insert(
            1,
            f'<figure class="article-figure"><img src="{src}" alt="{E(caption)}"><figcaption>{E(caption)} <span class="credit">{E(credit)}</span></figcaption></figure>',
        )
    parts.insert(
        2,
        f'<aside class="related-inline"><span>Related:</span> <a href="/{related["slug"]}">{E(related["title"])}</a></aside>',
    )
    if "quote" in article:
        parts.insert(3, f"<blockquote><p>{E(article['quote'])}</p></blockquote>")
    if "listing" in article:
        parts.append("<h2>At a glance</h2><ul>" + "".join(f"<li>{E(i)}</li>" for i in article["listing"]) + "</ul>")
    parts.append(f"<p>{E(LEDGER_PROMO)}</p>")  # the site's own promo line: no rule knows it, its template does
    parts.append(f'<p>Read more: <a href="/{most_read[0]["slug"]}">{E(most_read[0]["title"])}</a></p>')
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article["title"],
        "datePublished": article["published"],
        "author": [{"@type": "Person", "name": n} for n in article["author"].split(" and ")],
        "publisher": {"@type": "Organization", "name": "The Metro Ledger"},
        "description": article["standfirst"],
    }
    human = datetime.fromisoformat(article["published"]).strftime("%-d %B %Y, %H:%M CET")
    body = "\n".join(parts)
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{E(article["title"])} | The Metro Ledger</title>
<meta name="description" content="{E(article["standfirst"])}">
<meta property="og:title" content="{E(article["title"])} | The Metro Ledger">
<meta property="og:site_name" content="The Metro Ledger">
<meta property="og:image" content="/ledger/img/og-default.jpg">
<meta name="twitter:label1" content="Est. reading time">
<meta name="twitter:data1" content="{max(1, len(" ".join(paragraphs).split()) // 200 + 1)} minutes">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header" role="banner">
 <a class="logo" href="/ledger/">The Metro Ledger</a>
 <nav aria-label="Sections"><a href="/ledger/city/">City</a> <a href="/ledger/business/">Business</a> <a href="/ledger/world/">World</a></nav>
 <form class="search" action="/ledger/search"><input name="q" placeholder="Search"></form>
</header>
<main id="main">
<article class="story">
 <p class="kicker">{E(article["section"])}</p>
 <h1>{E(article["title"])}</h1>
 <p class="standfirst">{E(article["standfirst"])}</p>
 <div class="byline">By <a rel="author" href="/ledger/authors/">{E(article["author"])}</a>, Staff Reporter</div>
 <time datetime="{article["published"]}">{human}</time>
 <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Copy link</a></div>
 <div class="story-body" itemprop="articleBody">
{body}
 </div>
 <div class="newsletter-signup"><h3>Get the Morning Ledger</h3><p>The day’s city news in your inbox at 7am.</p><a href="/ledger/newsletter">Sign up</a></div>
 <section class="comments" id="comments"><h3>Comments (3)</h3><p>Great news for the harbour! – reader</p></section>
</article>
<aside class="most-read"><h2>Most read</h2><ol>{"".join(f'<li><a href="/{a["slug"]}">{E(a["title"])}</a></li>' for a in most_read)}</ol></aside>
</main>
<footer class="site-footer"><p>&copy; 2023 The Metro Ledger. A demo site of the scraper project.</p><a href="/ledger/about">About</a></footer>
</body>
</html>
"""


def talbote_page(article: dict, index: int) -> str:
    others = [a for a in TALBOTE if a is not article][:4]
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Talbote Online - {E(article["title"])}</title>
</head>
<body>
<div id="wrapper">
<div id="top"><img src="/talbote/logo.gif" alt="Talbote"> <div class="topmenu"><a href="/talbote/">Startseite</a> | <a href="/talbote/lokales/">Lokales</a> | <a href="/talbote/sport/">Sport</a> | <a href="/talbote/kontakt/">Kontakt</a></div></div>
<div id="content">
<div class="story">
<h2 class="story-title">{E(article["title"])}</h2>
<div class="meta">{E(article["published"])} | von {E(article["author"])} | {E(article["read_time"])}</div>
<div class="story-text">
{_paragraphs(article)}
</div>
<div class="more-stories"><b>Mehr aus dem Tal</b><ul>{"".join(f'<li><a href="/{a["slug"]}">{E(a["title"])}</a></li>' for a in others)}</ul></div>
</div>
</div>
<div id="bottom">&copy; 2023 Talbote Online &middot; <a href="/talbote/impressum/">Impressum</a></div>
</div>
</body>
</html>
"""


def talbote_not_found() -> str:
    """The Talbote's own not-found page: its chrome, a message, and the latest stories."""
    latest = "".join(f'<li><a href="/{a["slug"]}">{E(a["title"])}</a></li>' for a in TALBOTE)
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Talbote Online - Seite nicht gefunden</title>
</head>
<body>
<div id="wrapper">
<div id="top"><img src="/talbote/logo.gif" alt="Talbote"> <div class="topmenu"><a href="/talbote/">Startseite</a> | <a href="/talbote/lokales/">Lokales</a> | <a href="/talbote/sport/">Sport</a> | <a href="/talbote/kontakt/">Kontakt</a></div></div>
<div id="content">
<h2>Seite nicht gefunden</h2>
<p>Die gewünschte Seite gibt es leider nicht (mehr). Vielleicht finden Sie, was Sie suchen, unter den neuesten Meldungen:</p>
<ul>{latest}</ul>
</div>
<div id="bottom">&copy; 2023 Talbote Online &middot; <a href="/talbote/impressum/">Impressum</a></div>
</div>
</body>
</html>
"""


def listing(title: str, links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{href}">{E(text)}</a></li>' for href, text in links)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{E(title)}</title></head>
<body><header><a href="/">Home</a></header><main><h1>{E(title)}</h1><ul class="listing">{items}</ul></main>
<footer>Demo site</footer></body></html>
"""


def write(path: str, text: str | bytes) -> None:
    file = PUBLIC / path
    file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")


def build() -> None:
    if PUBLIC.exists():
        shutil.rmtree(PUBLIC)
    for i, article in enumerate(LANTERN):
        write(f"{article['slug']}/index.html", lantern_page(article, i))
    for i, article in enumerate(LEDGER):
        write(article["slug"], ledger_page(article, i))
    for i, article in enumerate(TALBOTE):
        write(article["slug"], talbote_page(article, i))

    # The awkward cases: a gallery with no article text, a PDF behind an article link, a dead link,
    # and a page under a path that robots.txt disallows.
    write(
        "2022/06/01/photo-gallery-monsoon/index.html",
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Gallery: Monsoon - Asian Lantern</title></head>'
        '<body><header><a href="/">Home</a></header><main><h1>Gallery: Monsoon</h1>'
        '<figure><img src="/g/1.jpg"><figcaption>Rain in Mumbai</figcaption></figure>'
        '<figure><img src="/g/2.jpg"><figcaption>Flooded street</figcaption></figure></main></body></html>',
    )
    write(
        "2022/06/02/annual-report-2021.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    write(
        "private/2022/06/03/staff-memo/index.html",
        "<!DOCTYPE html><html><head><title>Staff memo</title></head><body><article><h1>Staff memo</h1>"
        "<p>This page is disallowed by robots.txt; a polite crawler never requests it.</p></article></body></html>",
    )
    # Pages that are no article, though a feed, a sitemap or a listing links them as articles.
    write(CHALLENGE, (STATUS_FIXTURES / "cloudflare-challenge.html").read_text(encoding="utf-8"))
    write(f"{CONSENT}index.html", (STATUS_FIXTURES / "consent-didomi-de.html").read_text(encoding="utf-8"))
    write(TALBOTE_NOT_FOUND, talbote_not_found())
    write("robots.txt", "User-agent: *\nDisallow: /private/\n\nSitemap: __BASE__/ledger/sitemap.xml\n")

    feed_items = [(f"/{a['slug']}/", a["title"], a["published"]) for a in LANTERN]
    feed_items += [
        ("/2022/06/01/photo-gallery-monsoon/", "Gallery: Monsoon", "2022-06-01T09:00:00+00:00"),
        ("/2022/06/02/annual-report-2021.pdf", "Annual report 2021", "2022-06-02T09:00:00+00:00"),
        ("/2022/06/04/deleted-story/", "A story that was taken down", "2022-06-04T09:00:00+00:00"),
        (f"/{CONSENT}", "Monsoon relief fund opens", "2022-06-05T09:00:00+00:00"),
    ]
    items = "".join(
        f"<item><title>{E(t)}</title><link>__BASE__{href}</link>"
        f"<pubDate>{datetime.fromisoformat(d).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for href, t, d in feed_items
    )
    write(
        "feed.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Asian Lantern</title>'
        f"<link>__BASE__/</link><description>Demo feed</description>{items}</channel></rss>\n",
    )
    urls = "".join(f"<url><loc>__BASE__/{a['slug']}</loc><lastmod>{a['published']}</lastmod></url>" for a in LEDGER)
    urls += f"<url><loc>__BASE__/{CHALLENGE}</loc><lastmod>2023-03-21T10:00:00+01:00</lastmod></url>"
    write(
        "ledger/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>\n",
    )
    write("index.html", listing("Asian Lantern", [(f"/{a['slug']}/", a["title"]) for a in LANTERN]))
    talbote_links = [(f"/{a['slug']}", a["title"]) for a in TALBOTE]
    talbote_links += [
        ("/private/2022/06/03/staff-memo/", "Intern"),
        ("/talbote/impressum/", "Impressum"),
        (f"/{GONE_TALBOTE}", "Schützenfest abgesagt"),
    ]
    write("talbote/index.html", listing("Talbote Online", talbote_links))
    write("ledger/index.html", listing("The Metro Ledger", [(f"/{a['slug']}", a["title"]) for a in LEDGER]))


if __name__ == "__main__":
    build()
