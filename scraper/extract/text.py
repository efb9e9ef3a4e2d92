"""Text-level cleaning: the chrome lines that survive structural pruning, or a whole text dump.

The rules, each applied only to a line whose *shape* is chrome (a whole short line, at a block
boundary), so an article sentence that merely contains the same words survives:

1. read-time lines ("3 mins read", "Lesezeit: 4 Min.") leave the text; the first becomes metadata;
2. date lines among the first lines ("August 10, 2021", "Posted on 10 Aug 2021") become metadata;
3. inline teasers: a line that starts with a teaser label ("ALSO READ:", "Read more:", "Related:");
4. interface lines: "Go to Top", "Back to top", "Share this", "Tweet", "Advertisement", ...;
5. photo-credit lines ("US B-52 Bomber strike Taliban(Pic credit ANI)", "Der Hafen. © Axel Heimken/dpa")
   move to the image captions;
6. post navigation ("Previous Story", "Next Post", ...) ends the article: it and all after it go;
7. a teaser-section heading ("Latest from -Top News", "Don't Miss", "Related Posts", "You may also
   like...") goes with the teaser-shaped lines under it (headlines and cut-off blurbs); when everything
   after it is teaser-shaped, the article ends there; followed by prose, it is a subheading and stays.

Their words are tables in the languages of the DEV pages ("Lesen Sie auch:", "Article suivant",
"Самое читаемое", "Foto: dpa"), one table a rule, here; a line's stop may sit inside closing quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.extract.dates import dates_in_text
from scraper.extract.titles import fold
from scraper.models import Image
from scraper.normalize.authors import is_byline
from scraper.normalize.dates import parse_date
from scraper.normalize.read_time import parse_read_time
from scraper.normalize.words import FULL_STOPS, LETTER_RUN, WORD

# A teaser's label before its headline ("ALSO READ: ...", "Lesen Sie auch:", "Baca juga:")
TEASER_LABEL = re.compile(
    r"^\s*(?:also\s+read|read\s+also|read\s+more|related|see\s+also|see\s+more|recommended|must\s+read|"
    r"lesen\s+sie\s+(?:auch|mehr)|lies\s+auch|auch\s+interessant|mehr\s+zum\s+thema|weiterlesen|"
    r"(?:à\s+)?lire\s+aussi|(?:à\s+)?voir\s+aussi|sur\s+le\s+même\s+sujet|"
    r"le[ea]\s+también|ver\s+también|leer\s+más|te\s+puede\s+interesar|leia\s+(?:também|mais)|veja\s+também|"
    r"saiba\s+mais|leggi\s+anche|vedi\s+anche|lees\s+(?:ook|meer)|zie\s+ook|"
    r"czytaj\s+(?:także|też|więcej)|zobacz\s+(?:także|też)|читайте\s+также|смотрите\s+также|"
    r"läs\s+(?:också|även|mer)|les\s+(?:også|mer)|læs\s+(?:også|mere)|lue\s+(?:myös|lisää)|"
    r"(?:přečtěte\s+si|čtěte)\s+(?:také|též)|ayrıca\s+okuyun|ilginizi\s+çekebilir|"
    # and in the web's other large news languages: Indonesian and Malay, Vietnamese, Hindi, Arabic, Persian,
    # Japanese, Chinese, Korean, Thai
    r"baca\s+juga|xem\s+thêm|đọc\s+thêm|(?:ये|यह|इसे)\s+भी\s+पढ़ें|[اإ]قرأ\s+(?:أيضاً|أيضا|ايضا)|"
    r"(?:بیشتر|همچنین)\s+بخوانید|関連記事|関連ニュース|相关阅读|延伸阅读|相關閱讀|延伸閱讀|관련\s*기사|อ่านเพิ่มเติม)"
    r"\s*[:：\-–—|»>]\s*",
    re.I,
)
NON_WORD = re.compile(r"\W")
INTERFACE_LINES = frozenset(
    NON_WORD.sub("", line)
    for line in (
        "go to top",
        "back to top",
        "scroll to top",
        "top",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "share on whatsapp",
        "share on linkedin",
        "tweet",
        "email",
        "print",
        "advertisement",
        "sponsored",
        "skip to content",
        "comments",
        "leave a comment",
        "leave a reply",
        "click to share",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        # The same buttons and links in the other languages of the DEV pages
        "teilen",
        "drucken",
        "kommentare",
        "zum inhalt springen",
        "nach oben",
        "partager",
        "imprimer",
        "commentaires",
        "aller au contenu",
        "haut de page",
        "retour en haut",
        "compartir",
        "imprimir",
        "comentarios",
        "saltar al contenido",
        "ir al contenido",
        "volver arriba",
        "compartilhar",
        "comentários",
        "ir para o conteúdo",
        "voltar ao topo",
        "condividi",
        "stampa",
        "commenti",
        "vai al contenuto",
        "torna su",
        "delen",
        "afdrukken",
        "reacties",
        "naar inhoud",
        "naar boven",
        "udostępnij",
        "drukuj",
        "komentarze",
        "przejdź do treści",
        "do góry",
        "поделиться",
        "печать",
        "комментарии",
        "перейти к содержанию",
        "наверх",
        "dela",
        "skriv ut",
        "kommentarer",
        "del",
        "jaa",
        "tulosta",
        "kommentit",
        "paylaş",
        "yazdır",
        "yorumlar",
        # An advertisement's label and a script's placeholder, in the languages of the DEV pages
        "ad",
        "ads",
        "advertising",
        "anzeige",
        "werbung",
        "publicité",
        "publicidad",
        "pubblicità",
        "publicidade",
        "advertentie",
        "reklame",
        "reklama",
        "annonse",
        "annons",
        "mainos",
        "hirdetés",
        "reclamă",
        "διαφήμιση",
        "реклама",
        "広告",
        "광고",
        "广告",
        "loading",
        "wird geladen",
        "chargement",
        "cargando",
        "caricamento",
        "carregando",
    )
)
# Post navigation, in the languages of the DEV pages: "Next Story", "Article suivant", "Vorheriger Beitrag"
NAVIGATION = re.compile(
    r"^[«‹<]?\s*(?:(?:previous|next|prev|older|newer)\s+(?:story|post|article|entry)|"
    r"(?:vorheriger|nächster)\s+(?:artikel|beitrag)|(?:article|billet)\s+(?:précédent|suivant)|"
    r"(?:artículo|artigo|articolo)\s+(?:anterior|siguiente|seguinte|precedente|successivo)|"
    r"(?:siguiente|próximo)\s+(?:artículo|artigo)|(?:vorige|volgende)\s+(?:artikel|bericht)|"
    r"(?:poprzedni|następny)\s+artykuł|(?:предыдущая|следующая)\s+(?:статья|новость)|"
    r"(?:föregående|nästa)\s+artikel|(?:forrige|neste|næste)\s+artikkel)\s*[»›>]?$",
    re.I,
)
SECTION_HEADING = re.compile(
    r"^(?:latest\s+(?:from|in|news|stories|posts)\b.*|more\s+(?:from|in|stories|news)\b.*|don['’]?t\s+miss|"
    r"related\s+(?:posts|articles|stories|news)|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|"
    r"recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|read\s+next|also\s+on\s+.+|"
    # the same headings in the other languages of the DEV pages
    r"das\s+könnte\s+sie\s+(?:auch\s+)?interessieren|meistgelesen(?:e|en)?|mehr\s+zum\s+thema|"
    r"mehr\s+aus\s+(?:der|dem)\s+\S+|"
    r"weitere\s+(?:artikel|nachrichten|themen)|neueste\s+artikel|les\s+plus\s+lus|sur\s+le\s+même\s+sujet|"
    r"plus\s+d['’]actualités|lo\s+más\s+(?:leído|visto)|más\s+noticias|noticias\s+relacionadas|"
    r"(?:también\s+)?te\s+puede\s+interesar|mais\s+(?:lidas|lidos)|notícias\s+relacionadas|i\s+più\s+letti|"
    r"potrebbe\s+interessarti|articoli\s+correlati|najczęściej\s+czytane|самое\s+(?:читаемое|популярное)|"
    r"другие\s+новости|mest\s+(?:lästa|lest|leste|læste)|meest\s+gelezen|meer\s+nieuws|"
    r"dit\s+vind\s+je\s+misschien\s+ook\s+interessant|luetuimmat|en\s+çok\s+okunan(?:lar)?|benzer\s+haberler|"
    r"nejčtenější|související\s+články)"
    r"\s*[.…:]*$",
    re.I,
)
# A picture's word before its credit, in the languages of the DEV pages ("Photo:", "Foto:", "Bild:", "Фото:")
PICTURE = (
    r"pic(?:ture)?|photo(?:graph)?|image|foto(?:grafia|grafía)?|bild|imagen|imagem|immagine|zdjęcie|фото|kuva|"
    r"billede|bilde|quelle|फोटो|फ़ोटो|तस्वीर|صورة|الصورة|عکس|gambar"
)
CREDIT = re.compile(
    rf"\s*(?:\(\s*((?:{PICTURE}|file\s+photo)(?:\s+(?:credit|courtesy|by))?|credit|courtesy)"
    r"\s*[:\-–]?\s*([^()]{0,60}?)\s*\)"
    rf"|(?:^|\s)(?:(?:{PICTURE})(?:\s+(?:credit|courtesy))?|credit|courtesy)\s*:\s*([^()]{{1,60}}))\s*$",
    re.I,
)
COPYRIGHT = re.compile(r"\s*©\s*([^©]{1,120})$")
MAX_CREDIT = 10  # words of a photo credit; a longer text after "©" is a copyright notice
# A sentence's last character: its stop in any script, or a closing quote (German and Czech ones too).
SENTENCE_STOPS = tuple(FULL_STOPS + '…」』"“”‘’»)')
CLOSING_QUOTES = '"“”‘’»)」』'
MAX_CHROME_WORDS = 30
MAX_BYLINE_WORDS = 8  # "By Jane Doe and John Roe, Staff Writers"
MAX_LABEL_WORDS = 3  # a byline's words besides its names and dates: "By", "and", "updated", "Uhr"
MAX_LABEL_CHARS = 12
CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")  # a time of day: "12:30", "9.15", "14h05"


@dataclass(frozen=True)
class CleanText:
    text: str
    title: str = ""
    date_raw: str = ""
    read_time_raw: str = ""
    captions: tuple[Image, ...] = ()
    authors: tuple[str, ...] = ()


def split_credit(caption: str) -> tuple[str, str]:
    """``("US B-52 Bomber strike Taliban", "ANI")`` from ``"US B-52 Bomber strike Taliban(Pic credit ANI)"``;
    a copyright sign starts a credit in any language ("Der Hafen am Morgen. © Axel Heimken/dpa")."""
    mark = COPYRIGHT.search(caption) if "©" in caption else None
    if mark is not None and len(caption[: mark.start()].split()) >= 2 and len(mark.group(1).split()) <= MAX_CREDIT:
        return caption[: mark.start()].strip(" |"), mark.group(1).strip(" |")
    # CREDIT ends in a parenthesis or holds a colon: most lines are told apart without scanning them.
    match = CREDIT.search(caption) if ":" in caption or caption.rstrip().endswith(")") else None
    if match is None:
        return caption, ""
    credit = (match.group(2) if match.group(1) is not None else match.group(3)) or ""
    if not credit and match.group(1):
        credit = match.group(1)  # "(File photo)"
    return caption[: match.start()].strip(), credit.strip()


def clean_text(text: str, authors: tuple[str, ...] = ()) -> CleanText:
    """Apply the rules to extracted article text (one block per line or paragraph); ``authors``, the page's
    as its markup names them, tell its byline at the text's head."""
    return clean_lines(_blocks(text), lead_metadata=True, known_authors=authors)


def _blocks(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def ends_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (str.endswith: a regular expression anchored at the end
    scans the whole line)."""
    return line.endswith(SENTENCE_STOPS)


def is_chrome_line(line: str) -> bool:
    """Whether a whole line is the page's interface, not its text: a button or share link, a teaser label,
    post navigation or a teaser section's heading."""
    return len(line.split()) <= MAX_CHROME_WORDS and (
        _is_interface(line)
        or TEASER_LABEL.match(line) is not None
        or NAVIGATION.match(line) is not None
        or SECTION_HEADING.match(line) is not None
    )


def _is_interface(line: str) -> bool:
    """ "Share this", "Go toTop", "Advertisement": a button's or a link's words, whatever the punctuation."""
    return NON_WORD.sub("", line).lower() in INTERFACE_LINES


def clean_lines(blocks: list[str], *, lead_metadata: bool, known_authors: tuple[str, ...] = ()) -> CleanText:
    """Apply the rules to a text's blocks (its non-empty lines, whitespace collapsed)."""
    kept: list[str] = []
    captions: list[Image] = []
    authors: tuple[str, ...] = ()
    date_raw = read_time_raw = ""
    skip_to = 0
    for index, line in enumerate(blocks):
        if index < skip_to:
            continue
        words = len(line.split())
        if words <= MAX_CHROME_WORDS:
            if parse_read_time(line) is not None:
                read_time_raw = read_time_raw or line
                continue
            if lead_metadata and not kept and index < 3:  # the text's head: its dateline and byline are fields
                if not date_raw and _is_date_line(line):
                    date_raw = line
                    continue
                if not authors and words <= MAX_BYLINE_WORDS and is_byline(line):
                    authors = (line,)
                    continue
                if _names_and_dates(line, known_authors) or LETTER_RUN.search(line) is None:
                    continue  # a byline; or no word: a player's clock, a phone number, a rule, another date
            if TEASER_LABEL.match(line) or _is_interface(line):
                continue
            if NAVIGATION.match(line):  # "Next Story": the article ended; before it, a stray link
                if kept:
                    break
                continue
            if kept and SECTION_HEADING.match(line) and (run := _teaser_run(blocks, index + 1)) > index + 1:
                if run == len(blocks):
                    break
                skip_to = run
                continue
            # "Der Hafen am Morgen. © Axel Heimken/dpa", "Sie paddeln bis Kirkenes. Foto: Privat": a line that
            # ends in a picture's credit is its caption, whether it ends a sentence or not.
            caption, credit = split_credit(line)
            if credit:
                captions.append(Image("", caption, credit))
                continue
        kept.append(line)
    return CleanText("\n\n".join(kept), date_raw=date_raw, read_time_raw=read_time_raw, captions=tuple(captions),
                     authors=authors)  # fmt: skip


def _names_and_dates(line: str, authors: tuple[str, ...]) -> bool:
    """Whether a line is made of the authors' names and dates, with at most MAX_LABEL_WORDS short words
    besides ("Jane Doe · 18 September 2024", "By Jane Doe and John Roe, updated 12:30"): a byline."""
    if not authors:  # a dump's: its byline is read from its lines
        return False
    rest = fold(line)
    named = False
    for author in authors:
        if len(name := fold(author)) >= 4 and name in rest:
            rest, named = rest.replace(name, " "), True
    if not named:
        return False
    for match in reversed(dates_in_text(rest)):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    words = WORD.findall(CLOCK.sub(" ", rest))
    return len(words) <= MAX_LABEL_WORDS and all(len(w) <= MAX_LABEL_CHARS for w in words)


def _is_date_line(line: str) -> bool:
    return len(line.split()) <= 8 and any(c.isdigit() for c in line) and parse_date(line) is not None


def _is_headline(line: str) -> bool:
    """A few words without a sentence's stop at the end, inside closing quotes or not (a headline may end in
    a quote: „Ich bin nicht sein Boxsack“; a paragraph ends ... ein.“)."""
    stop = line.rstrip(CLOSING_QUOTES).endswith((".", ":", ";", ","))
    return 2 <= len(line.split()) <= 25 and not stop and not NAVIGATION.match(line)


def _teaser_run(blocks: list[str], start: int) -> int:
    """Index of the first line from ``start`` on that is not teaser-shaped (headlines, cut-off blurbs,
    more chrome headings), or ``len(blocks)`` when the rest of the text is a teaser list."""
    for index in range(start, len(blocks)):
        line = blocks[index]
        if SECTION_HEADING.match(line) or NAVIGATION.match(line) or TEASER_LABEL.match(line):
            continue
        if _is_interface(line):
            continue
        if _is_headline(line) or line.endswith(("…", "...")) or not ends_sentence(line):
            continue
        return index
    return len(blocks)
