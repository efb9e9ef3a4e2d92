"""What a page is: an article, a paywalled article's teaser, or one of the pages that are no article.

One closed set of statuses (:class:`PageStatus`), each decision with a short evidence string. The order of
evidence, cheapest and strongest first:

1. A text of article length (``SHORT_WORDS`` or more) is an article, unless it is the site's own not-found
   page (learned by a probe: :class:`~scraper.models.NotFoundPage`), a consent form's text (consent words
   dense in it) or a list of teasers on a page without article markup or a date; a text under
   ``TEASER_WORDS`` on a page that says it is not free (JSON-LD ``isAccessibleForFree``) or shows a
   subscription wall's words is ``paywalled``.
2. A short text (or none) is looked at on the whole page, before chrome was stripped: a bot challenge's
   markup or words on a small page (``blocked``), a not-found title, heading or WordPress class
   (``soft_404``), consent words dense in the page (``consent_wall``), a wall (``paywalled``), a collection
   type or many headline links (``hub``); else an article when it has ``MIN_TEXT_WORDS`` (a video's or a
   gallery's page only with a sentence), or ``not_article``, with what was found.

The vendors' markers and the phrases, in the languages of the benchmark data, are the tables below; a phrase
alone never turns an article-length text into anything else, so an article that mentions "subscribe",
"cookies" or "404" stays an article.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from scraper.extract.html import asks_for_scripts
from scraper.models import SHOWN, NotFoundPage, PageStatus
from scraper.normalize.words import FULL_STOPS, count_words, squeeze

MIN_TEXT_WORDS = 10  # words as count_words counts them: a Chinese or Thai character is one
SHORT_WORDS = 150  # under this, the page itself is asked what it is
TEASER_WORDS = 350  # under this, a page marked not free or showing a wall's words is a paywalled teaser
HEADLINE_LINK_WORDS = 4  # a link with this many words (or 4x as many CJK characters) reads as a headline
HUB_LINKS = 12  # a page with this many headline links and no article text is a hub
TEASER_SHARE = 0.5  # a text with this share of its lines being teasers' (and TEASER_LINES) is a list of them
TEASER_LINES = 6
CONSENT_DENSITY = 0.07  # consent words per word in a text that is a consent form's
CONSENT_TERMS = 3  # distinct consent words a consent form's text holds
CHALLENGE_WORDS = 200  # a bot check's page shows fewer words than this, all told
NOTICE_CHARS = 120  # of a noscript's notice, quoted as evidence
SAME_TEXT = 0.8  # word-trigram overlap (Jaccard) of a page's text with the site's not-found page's

# Markers of bot-challenge pages in the markup, by vendor; only asked of pages without article text.
CHALLENGE_MARKERS = {
    "Cloudflare": r"cf-browser-verification|cf_chl_opt|/cdn-cgi/challenge-platform/h/|cf-challenge|"
    r"challenge-error-text|cf-error-details|Attention Required! \| Cloudflare",
    "Akamai": r"errors\.edgesuite\.net|Reference&#32;&#35;",
    "PerimeterX": r"px-captcha|_pxAppId|captcha\.px-cdn\.net|px-cloud\.net",
    "DataDome": r"captcha-delivery\.com|ct\.captcha-delivery",
    "Imperva": r"_Incapsula_Resource|Incapsula incident ID",
    "Sucuri": r"Sucuri WebSite Firewall|sucuri\.net/privacy-policy|cloudproxy@sucuri",
    "AWS WAF": r"awswaf\.com|AwsWafIntegration",
    "Kasada": r"KPSDK|ips\.js\?",
    "F5": r"The requested URL was rejected\. Please consult with your administrator",
}
CHALLENGE_PHRASES = (
    r"just a moment\.\.\.|checking (?:if the site connection is secure|your browser)|verify(?:ing)? you are (?:a )?human|"
    r"are you a (?:robot|human)|not a robot|robot or human|unusual traffic|automated (?:access|requests|queries)|"
    r"access (?:to this page has been )?denied|you don't have permission to access|too many requests|"
    r"rate limit(?:ed)?|enable javascript and cookies to continue|pardon our interruption|request unsuccessful|"
    r"zugriff verweigert|kein roboter|accès refusé|vous n'êtes pas un robot|acceso denegado|no eres un robot|"
    r"accesso negato|non sei un robot|toegang geweigerd|geen robot|доступ запрещ|не робот|アクセスが拒否|"
    r"访问被拒绝|人机验证"
)
NOT_FOUND_PHRASES = (
    r"\b404\b|\bnot (?:be )?found\b|(?:couldn't|could not|can't|cannot) (?:be )?f(?:ou|i)nd (?:the|this|that) page|"
    r"page (?:you requested |you were looking for )?(?:does not|doesn't|no longer) exist|nicht gefunden|"
    r"(?:seite|artikel) existiert nicht|introuvable|n'existe pas|no encontrad[ao]|no existe|não encontrad[ao]|"
    r"non trovat[ao]|niet gevonden|nie (?:została )?znalezion[ao]|nie znaleziono|hittades inte|ikke fundet|finnes ikke|"
    r"ei löytynyt|nenalezen|nem található|bulunamadı|не найден|не знайдено|δεν βρέθηκε|見つかりません|找不到|"
    r"不存在|찾을 수 없|غير موجودة|לא נמצא|ไม่พบ|नहीं मिला|tidak ditemukan|không tìm thấy|یافت نشد"
)
WALL_PHRASES = (
    r"subscribe (?:now )?to (?:continue|keep) reading|to continue reading,? (?:please )?(?:subscribe|sign in|log in)|"
    r"already a subscriber|(?:exclusive|only) (?:to|for) subscribers|subscribers only|this (?:article|story|content) "
    r"is (?:only )?(?:for|available to) (?:paying )?subscribers|create a free account to (?:continue|read)|"
    r"jetzt (?:weiter)?lesen mit|nur für abonnenten|(?:mit|als) abonnent(?:in)? weiterlesen|weiterlesen mit (?:\w+)?\+|"
    r"réservé aux abonnés|pour lire la suite|article réservé|contenido (?:exclusivo )?para suscriptores|"
    r"(?:sólo|solo) para suscriptores|suscríbete para (?:seguir|continuar) leyendo|riservato agli abbonati|"
    r"abbonati per (?:continuare|leggere)|alleen voor abonnees|lees verder met|dla prenumeratorów|"
    r"exclusivo para assinantes|endast för prenumeranter|kun for abonnenter|tylko dla subskrybentów|"
    r"только для подписчиков|有料会員|会員限定|订阅后阅读|付费阅读"
)
# Every wall phrase holds one of these; the phrases are matched only around them (a fast search in long texts).
WALL_STEMS = (
    "subscri",
    "abonn",
    "suscri",
    "abbona",
    "assinant",
    "prenumer",
    "subskryb",
    "подпис",
    "会員",
    "订阅",
    "付费",
    "account",
    "lesen mit",
    "lire la suite",
    "lees verder",
)
CONSENT_MARKERS = {
    "OneTrust": r"onetrust-consent-sdk|otSDKStub|cdn\.cookielaw\.org",
    "Didomi": r"didomi-host|sdk\.privacy-center\.org",
    "Quantcast": r"qc-cmp2|quantcast\.mgr\.consensu",
    "Sourcepoint": r"sp_message_container|sourcepoint\.mgr|sp-prod\.net",
    "TrustArc": r"consent\.trustarc\.com|truste-consent",
    "Cookiebot": r"CybotCookiebotDialog|consent\.cookiebot\.com",
    "Usercentrics": r"usercentrics",
    "Google Funding Choices": r"fundingchoicesmessages\.google\.com|fc-consent-root",
    "consentmanager": r"consentmanager\.net|cmpbox",
    "iubenda": r"iubenda",
    "Yahoo": r"consent\.yahoo\.com|guce\.",
    "IAB TCF": r"__tcfapi",
}
CONSENT_WORDS = (
    r"cookies?|consent\w*|partners?|privacy|personal data|preferences|legitimate interest|vendors?|tracking|"
    r"accept all|reject all|personali[sz]ed (?:ads|content|advertising)|alle akzeptieren|tout accepter|aceptar todo|"
    r"accetta tutto|alles accepteren|"
    r"einwilligung|zustimmung|datenschutz\w*|partner(?:n|s)?|akzeptieren|consentement|partenaires|confidentialité|"
    r"accepter|données personnelles|consentimiento|socios|privacidad|aceptar|datos personales|consenso|"
    r"accetta|dati personali|toestemming|akkoord|zgod\w+|prywatności|consentimento|parceiros|samtycke|samtykke|"
    r"согласи\w+|конфиденциальност\w+|同意|隐私|プライバシー"
)
VIDEO_TYPES = re.compile(r"video|VideoObject|Clip|Episode|Movie", re.I)
GALLERY_TYPES = re.compile(r"ImageGallery|ImageObject|MediaGallery|Photograph", re.I)
LIVE_TYPES = re.compile(r"LiveBlogPosting", re.I)
HUB_TYPES = re.compile(r"CollectionPage|ItemList|ProfilePage|SearchResultsPage", re.I)
SENTENCE = re.compile(
    rf"\w[^{FULL_STOPS}\n]*\s\w[^{FULL_STOPS}\n]*[{FULL_STOPS}]|[。！？]"
)  # a line with words and a sentence's end
EXCERPT = re.compile(r"(?:…|\.\.\.)((?:\s+\S+){1,3})?\s*$")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Verdict:
    status: PageStatus
    evidence: str

    @property
    def shown(self) -> bool:
        return self.status in SHOWN


@dataclass(frozen=True)
class PageFacts:
    """What the metadata step already knows about the page, as the classifier asks it."""

    title: str = ""
    page_type: str = ""  # the JSON-LD main type or og:type ("NewsArticle", "video.other", "CollectionPage")
    accessible_for_free: bool | None = None  # JSON-LD isAccessibleForFree, when the page says
    dated: bool = False  # a publication date was found


def classify_page(html: str, facts: PageFacts, text: str, not_found: NotFoundPage | None = None) -> Verdict:
    """The status of a page whose extracted article text is ``text`` ("" when none was found)."""
    words = count_words(text)
    page = _WholePage(html)
    if not_found is not None and (same := _same_as_not_found(facts.title, text, words, not_found)):
        return Verdict(PageStatus.SOFT_404, same)
    if words >= SHORT_WORDS:
        if consent := _consent_text(text, words):
            return Verdict(PageStatus.CONSENT_WALL, consent)
        if not _marked_article(facts) and not facts.dated and (teasers := page.teaser_lines(text)):
            return Verdict(PageStatus.HUB, teasers)
        if words < TEASER_WORDS and (wall := _wall(facts, page)):
            return Verdict(PageStatus.PAYWALLED, f"{wall}; {words} words of text")
        return Verdict(PageStatus.ARTICLE, _article_evidence(facts, words))
    return _short(facts, page, text, words)


def bot_check(html: str) -> str:
    """The evidence that a page (an error page, say) is a bot check, else ""."""
    page = _WholePage(html)
    return page.challenge(page.title())


def _short(facts: PageFacts, page: _WholePage, text: str, words: int) -> Verdict:
    """A page with little or no article text: asked what it is, whole."""
    if challenge := page.challenge(facts.title):
        return Verdict(PageStatus.BLOCKED, challenge)
    if not_found := page.says_not_found(facts.title):
        return Verdict(PageStatus.SOFT_404, not_found)
    if consent := page.consent_form():
        return Verdict(PageStatus.CONSENT_WALL, consent)
    if words and (wall := _wall(facts, page)):
        return Verdict(PageStatus.PAYWALLED, f"{wall}; {words} words of text")
    if HUB_TYPES.search(facts.page_type):
        return Verdict(PageStatus.HUB, f"marked {facts.page_type}, {words} words of text")
    if not _marked_article(facts) and not facts.dated:
        if words < MIN_TEXT_WORDS and (links := page.headline_links()) >= HUB_LINKS:
            return Verdict(PageStatus.HUB, f"{links} headline links, {words} words of article text")
        if teasers := page.teaser_lines(text, least=3):
            return Verdict(PageStatus.HUB, teasers)
    kind = _kind(facts.page_type)
    if words >= MIN_TEXT_WORDS and (not kind or SENTENCE.search(text)):  # a video's page with prose is an article
        return Verdict(PageStatus.ARTICLE, _article_evidence(facts, words))
    what = f"{kind} ({facts.page_type}), " if kind else ""
    if not text.strip():
        if notice := page.script_notice():
            return Verdict(PageStatus.NOT_ARTICLE, f'{what}a page its scripts render: "{notice}"')
        return Verdict(PageStatus.NOT_ARTICLE, f"{what}no article text found on the page")
    if words >= MIN_TEXT_WORDS:
        return Verdict(PageStatus.NOT_ARTICLE, f"{what}{words} words of text without a sentence")
    noun = "word" if words == 1 else "words"
    return Verdict(PageStatus.NOT_ARTICLE, f"{what}the article text has {words} {noun}, fewer than {MIN_TEXT_WORDS}")


def _kind(page_type: str) -> str:
    """What kind of page that is no article its type names: a video, a gallery, a live ticker."""
    if LIVE_TYPES.search(page_type):
        return "a live ticker"
    if VIDEO_TYPES.search(page_type):
        return "a video page"
    if GALLERY_TYPES.search(page_type):
        return "a gallery"
    return ""


def _marked_article(facts: PageFacts) -> bool:
    return "article" in facts.page_type.lower() or "posting" in facts.page_type.lower()


def _article_evidence(facts: PageFacts, words: int) -> str:
    return f"{words} words of text" + (f", marked {facts.page_type}" if facts.page_type else "")


def _wall(facts: PageFacts, page: _WholePage) -> str:
    if facts.accessible_for_free is False:
        return "JSON-LD isAccessibleForFree: false"
    if wall := page.wall_phrase():
        return f'a subscription wall ("{wall}")'
    return ""


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    """The phrases, to be matched in lowercased text (a case-blind pattern is three times as slow)."""
    return re.compile(source)


def _consent_text(text: str, words: int) -> str:
    """Evidence that an article-length text is a consent form's: consent words dense in it."""
    if found := _consent_words(text.lower(), words):
        return f"{len(found)} consent words in {words} words of text ({', '.join(sorted(set(found))[:4])})"
    return ""


def _consent_words(lowered: str, words: int) -> list[str]:
    """The consent words of a lowercased text of ``words`` words when they are dense enough for a consent
    form's (``CONSENT_TERMS`` distinct ones, ``CONSENT_DENSITY`` of its words), else none."""
    if "cookie" not in lowered:  # every consent form names its cookies; a quick test before counting
        return []
    found = [m.group(0) for m in _pattern(rf"\b(?:{CONSENT_WORDS})\b").finditer(lowered)]
    return found if len(set(found)) >= CONSENT_TERMS and len(found) >= CONSENT_DENSITY * words else []


def _same_as_not_found(title: str, text: str, words: int, not_found: NotFoundPage) -> str:
    """Evidence that the page is the site's own not-found page, as its probe found it."""
    if text and not_found.text and _overlap(text, not_found.text) >= SAME_TEXT:
        return f"its text is the site's not-found page's ({not_found.url})"
    if words < SHORT_WORDS and title and squeeze(title) == squeeze(not_found.title):
        return f"its title is the site's not-found page's, \"{title}\" ({not_found.url})"
    return ""


def _overlap(a: str, b: str) -> float:
    first, second = _trigrams(a), _trigrams(b)
    return len(first & second) / len(first | second) if first and second else 0.0


def _trigrams(text: str) -> set[tuple[str, ...]]:
    tokens = text.lower().split()[:2000]
    return {tuple(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}


class _WholePage:
    """The page before chrome was stripped, parsed again only when a question needs it (pages without
    article text are few: the common page costs nothing here)."""

    def __init__(self, html: str) -> None:
        self.html = html

    @functools.cached_property
    def _tree(self) -> LexborHTMLParser:
        tree = LexborHTMLParser(self.html)
        tree.strip_tags(["script", "style", "noscript", "template", "svg"])
        return tree

    @functools.cached_property
    def text(self) -> str:
        """The page's visible text, lines squeezed."""
        body = self._tree.body
        return squeeze(body.text(separator=" ")) if body is not None else ""

    def title(self) -> str:
        node = self._tree.css_first("title")
        return squeeze(node.text()) if node is not None else ""

    @functools.cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @functools.cached_property
    def _links(self) -> list[str]:
        return [squeeze(a.text(separator=" ")) for a in self._tree.css("a[href]")]

    def headline_links(self) -> int:
        return sum(1 for link in self._links if _headline_like(link))

    def teaser_lines(self, text: str, least: int = TEASER_LINES) -> str:
        """Evidence that the text is a list of teasers: on a page with many headline links, at least ``least``
        of its lines, and ``TEASER_SHARE`` of them, are a headline link or an excerpt cut short."""
        headlines = {link for link in self._links if _headline_like(link)}
        if len(headlines) < HUB_LINKS:
            return ""
        lines = [squeeze(line) for line in text.splitlines() if line.strip()]
        linked = sum(1 for line in lines if line in headlines or self._excerpt(line))
        if lines and linked >= least and linked >= TEASER_SHARE * len(lines):
            return f"{linked} of its {len(lines)} text lines are headline links"
        return ""

    def _excerpt(self, line: str) -> bool:
        """A teaser's excerpt: a line cut short with an ellipsis, perhaps followed by a link ("Read more")."""
        match = EXCERPT.search(line)
        return match is not None and (not match.group(1) or match.group(1).strip() in self._link_texts)

    @functools.cached_property
    def _link_texts(self) -> frozenset[str]:
        return frozenset(self._links)

    def challenge(self, title: str) -> str:
        """Evidence of a bot check: a small page with a challenge vendor's markup or a bot check's words."""
        if count_words(self.text) >= CHALLENGE_WORDS:
            return ""
        for vendor, marker in CHALLENGE_MARKERS.items():
            if re.search(marker, self.html[:200_000]):
                return f"{vendor} challenge markup"
        if match := _pattern(CHALLENGE_PHRASES).search(f"{title} {self.text}".lower()):
            return f'a bot check\'s words ("{match.group(0)}")'
        return ""

    def says_not_found(self, title: str) -> str:
        if match := _pattern(NOT_FOUND_PHRASES).search(title.lower()):
            return f'the title says not found ("{match.group(0)}")'
        body = self._tree.body
        if body is not None and "error404" in (body.attributes.get("class") or "").split():
            return "body class error404"
        for heading in self._tree.css("title, h1, h2"):
            if match := _pattern(NOT_FOUND_PHRASES).search(heading.text().lower()):
                return f'a heading says not found ("{squeeze(match.group(0))}")'
        return ""

    def consent_form(self) -> str:
        """Evidence that the page's visible text is a consent form's: consent words dense in it."""
        words = count_words(self.text)
        if not (found := _consent_words(self.lowered, words)):
            return ""
        vendor = next((v for v, marker in CONSENT_MARKERS.items() if re.search(marker, self.html[:400_000])), "")
        where = f"{vendor} consent manager" if vendor else "a consent form"
        return f"{where}: {len(found)} consent words in the page's {words}, no article text"

    def script_notice(self) -> str:
        """On a small page (fewer than CHALLENGE_WORDS words shown), the text of a ``<noscript>`` that asks for
        JavaScript: the page is a script's to render. Else ""."""
        if "<noscript" not in self.html.lower() or count_words(self.text) >= CHALLENGE_WORDS:
            return ""
        notices = (n for n in LexborHTMLParser(self.html).css("noscript") if n.text().strip() and asks_for_scripts(n))
        return next((squeeze(n.text(separator=" "))[:NOTICE_CHARS] for n in notices), "")

    def wall_phrase(self) -> str:
        """A subscription wall's words on the page, searched only around the stems they hold."""
        pattern, lowered = _pattern(WALL_PHRASES), self.lowered
        for stem in WALL_STEMS:
            at = lowered.find(stem)
            while at >= 0:
                if match := pattern.search(lowered, max(0, at - 60), at + 80):
                    return squeeze(match.group(0))
                at = lowered.find(stem, at + len(stem))
        return ""


def _headline_like(link: str) -> bool:
    if CJK.search(link):
        return len(link) >= 4 * HEADLINE_LINK_WORDS and len(link) <= 200
    return HEADLINE_LINK_WORDS <= len(link.split()) <= 40
