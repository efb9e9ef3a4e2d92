"""A corpus of hostile pages, written for the project: each is what a stranger's server may send, and
extraction must turn each into a record or a recorded failure, never a crash or a hang.

``pages()`` gives ``{name: bytes}``; ``BAD_LINES`` are batch lines that name no usable page."""

from __future__ import annotations

import random

STORY = (
    "The harbour council voted on Tuesday to build the new ferry terminal, after two years of argument "
    "between residents, the port authority and the shipping companies that use the quay every day. "
)
ARTICLE = f"<p>{STORY * 3}</p><p>{STORY * 2}</p><p>{STORY * 2}</p>"


def page(body: str, head: str = "", lang: str = "en") -> bytes:
    return f"<!doctype html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>".encode()


def dated(value: str) -> bytes:
    head = f'<meta property="article:published_time" content="{value}"><title>Dated</title>'
    return page(f"<article><h1>Dated</h1>{ARTICLE}</article>", head)


def json_ld(value: str) -> bytes:
    return page(
        f"<article><h1>Structured</h1>{ARTICLE}</article>", f'<script type="application/ld+json">{value}</script>'
    )


def entity_bomb() -> bytes:
    entities = ['<!ENTITY a0 "aaaaaaaaaa">']
    for n in range(1, 9):
        reference = f"&a{n - 1};"
        entities.append(f'<!ENTITY a{n} "{reference * 10}">')
    prolog = '<?xml version="1.0"?><!DOCTYPE r [' + "".join(entities) + "]>"
    return prolog.encode() + page(f"<p>&a8;</p>{ARTICLE}")


def pages() -> dict[str, bytes]:
    rng = random.Random(7)
    good = page(f"<article><h1>Harbour vote</h1>{ARTICLE}</article>", "<title>Harbour vote</title>")
    cases = {
        "control-article": good,
        "whitespace-only": b" \n\t \r\n" * 100,
        "random-bytes": rng.randbytes(200_000),
        "png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(50_000),
        "gzip-not-decoded": b"\x1f\x8b\x08\x00" + rng.randbytes(20_000),
        "nul-bytes": good.replace(b"council", b"coun\x00cil"),
        "utf16-with-bom": "\ufeff".encode("utf-16-le") + good.decode().encode("utf-16-le"),
        "utf16-without-bom": good.decode().encode("utf-16-be"),
        "utf32": good.decode().encode("utf-32"),
        "mixed-encodings": good.replace(b"Tuesday", "Dienstag für Straße".encode("latin-1"))
        + "<p>Überraschung – “quotes”</p>".encode(),
        "wrong-meta-charset": good.replace(b"<head>", b'<head><meta charset="shift_jis">'),
        "unknown-meta-charset": good.replace(b"<head>", b'<head><meta charset="x-no-such-codec">'),
        "lone-surrogates": good.replace(b"council", b"coun\xed\xa0\x80cil"),
        "overlong-utf8": good.replace(b"council", b"coun\xc0\xafcil"),
        "giant-single-line": page("<p>" + "word" * 1_500_000 + "</p>"),
        "giant-single-word-article": page(f"<article><h1>x</h1><p>{'ab' * 400_000}</p>{ARTICLE}</article>"),
        "many-paragraphs": page("<article>" + f"<p>{STORY}</p>" * 20_000 + "</article>"),
        "deep-nesting": page("<div>" * 100_000 + ARTICLE + "</div>" * 100_000),
        "deep-inline-nesting": page("<b><i>" * 50_000 + ARTICLE),
        "unclosed-everything": b"<html><body><article><h1>Open<p>" + STORY.encode() * 5 + b"<div><span><table><tr><td>",
        "closing-tags-only": b"</div>" * 50_000 + b"</p></body></html>",
        "comments-only": b"<!--" + b"-- x --" * 10_000 + b"-->",
        "unterminated-comment": page(ARTICLE).replace(b"<p>", b"<!-- <p>", 1),
        "cdata-and-pi": b"<?xml version='1.0'?><![CDATA[" + STORY.encode() * 10 + b"]]><?php evil() ?>",
        "script-only": page("<script>" + "var a = '<p>" + STORY * 50 + "</p>';" + "</script>"),
        "svg-document": b'<svg xmlns="http://www.w3.org/2000/svg"><text>' + STORY.encode() * 10 + b"</text></svg>",
        "xml-bomb-in-html": entity_bomb(),
        "huge-attributes": page(f'<div class="{"c" * 1_000_000}">{ARTICLE}</div>'),
        "many-attributes": page("<div " + " ".join(f"a{n}='{n}'" for n in range(20_000)) + f">{ARTICLE}</div>"),
        "huge-title": page(ARTICLE, f"<title>{'Title ' * 200_000}</title>"),
        "control-characters": page(ARTICLE.replace("council", "coun\x01\x02\x1b[31mcil\u202e\u200b")),
        "bidi-and-zero-width": page(f"<article><h1>\u202eevil\u202c</h1>{ARTICLE}</article>".replace(" ", "\u200b ")),
        "base-javascript": page(f"<a href='/x'>x</a><article>{ARTICLE}</article>", "<base href='javascript:alert(1)'>"),
        "date-9999-99-99": dated("9999-99-99T99:99:99Z"),
        "date-0000-00-00": dated("0000-00-00"),
        "date-negative-year": dated("-2000-01-01"),
        "date-feb-30": dated("2024-02-30T10:00:00+00:00"),
        "date-year-10000": dated("10000-01-01"),
        "date-offset-99h": dated("2024-05-01T10:00:00+99:00"),
        "date-epoch-huge": dated("100000000000000000000"),
        "date-words": dated("the day after tomorrow, probably"),
        "jsonld-date-number": json_ld('{"@type": "NewsArticle", "datePublished": 1e308, "author": 42}'),
        "jsonld-date-list": json_ld('{"@type": "NewsArticle", "datePublished": [["2024"]], "author": {"name": []}}'),
        "jsonld-deep": json_ld("[" * 100_000 + "]" * 100_000),
        "jsonld-broken": json_ld('{"@type": "NewsArticle", "headline": "unterminated'),
        "read-time-absurd": page(f"<article><h1>Long read</h1><p>999999999999 min read</p>{ARTICLE}</article>"),
        "read-time-negative": page(f"<article><h1>Read</h1><p>-5 mins read</p>{ARTICLE}</article>"),
        "byline-huge": page(f"<article><h1>By</h1><p class='byline'>By {'Name ' * 100_000}</p>{ARTICLE}</article>"),
        "only-images": page("<img src='a.jpg'>" * 10_000),
        "frameset": b"<html><frameset><frame src='a.html'><frame src='b.html'></frameset></html>",
        # a template's placeholder left in the page: a bracketed host that is no IP address
        "placeholder-urls": page(
            f"<article><h1><a href='http://[domain]/'>Harbour vote</a></h1>{ARTICLE}<img src='http://[cdn]/a.jpg'>"
            "<p>See <a href='http://[domain]/plan'>the plan</a>.</p></article>",
            "<link rel='canonical' href='http://[domain]/a'><meta property='og:image' content='http://[cdn]/i.jpg'>"
            "<base href='http://[domain]/'>",
        ),
        "cut-off-in-head": b"<!doctype html><html class='gallery sidebar'><head><title>Photos</title><script>var a",
    }
    mutated = bytearray(good)  # the control article with a tenth of its bytes flipped
    for i in rng.sample(range(len(mutated)), len(mutated) // 10):
        mutated[i] = rng.randrange(256)
    cases["mutated-article"] = bytes(mutated)
    return cases


# Batch lines that name no usable page: each must come back as an error line.
BAD_LINES = [
    "this is not json",
    "[1, 2, 3]",
    '"a string"',
    '{"id": "no-path"}',
    '{"id": "missing-file", "html_path": "no/such/file.html"}',
    '{"id": "a-directory", "html_path": "."}',
    '{"id": "nul-in-path", "html_path": "a\\u0000b.html"}',
    '{"id": "empty-file", "html_path": "empty.html"}',
    '{"id": ' + "[" * 50_000 + "]" * 50_000 + ', "html_path": "x"}',
]
