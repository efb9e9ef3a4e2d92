"""The Python API, for notebooks and other programs: no CLI, no config file needed.

    >>> import scraper
    >>> article = scraper.extract_page(html, url="https://example.org/news/1")   # an Article
    >>> record = scraper.clean_dump(dump_text)   # a dict, as `scraper clean`
    >>> with scraper.Corpus("data/articles.db") as corpus:
    ...     for stored in corpus.articles(source="ledger", since="2024-05-01"):
    ...         print(stored.published_utc, stored.title)
    ...     frame = corpus.dataframe(columns=["url", "title", "published_utc", "authors"])

The README's "Python API" section is this module's worked example, run as a test.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from scraper.config import NormalizeConfig, is_css_selector
from scraper.errors import ExtractError, InputError
from scraper.models import Article, Image, Page, SiteRules
from scraper.store.reading import DEFAULT_STATUS, LIST_COLUMNS, Filters, check_day, check_sources, read_only
from scraper.store.search import SEARCH_COLUMNS
from scraper.store.search import search as search_articles

if TYPE_CHECKING:
    import pandas

FILTERS = ("source", "since", "until", "language", "author", "status")  # as the CLI's (language: --lang)
TIME_COLUMNS = ("published_utc", "fetched_at", "extracted_at")  # UTC: datetime64[ns, UTC] in a DataFrame


def extract_page(
    html: str | bytes,
    url: str | None = "",
    *,
    fetched_at: str | datetime | None = None,
    drop: str | Sequence[str] = (),
    body: str = "",
    config: NormalizeConfig | None = None,
) -> Article:
    """The clean record of one HTML page, as the crawl would store it, without the site template the crawl
    learns from a site's stored pages (a page alone has none).

    ``url`` (None or "" when unknown) resolves relative links and dates in the URL; ``fetched_at`` (ISO 8601)
    resolves "2 hours ago"; ``drop``/``body`` are CSS rules like a source's in the config. A page that is no
    article gives its record anyway, with its ``status`` (``soft_404``, ``blocked``, ...), an empty text and
    the metadata found; a page with nothing to read (not HTML, empty) raises
    :class:`~scraper.errors.ExtractError`."""
    from scraper.records import page_record  # trafilatura loads here, not on `import scraper`

    if isinstance(html, str):
        html = html.encode("utf-8")
        headers = {"content-type": "text/html; charset=utf-8"}
    else:
        headers = {}
    page = Page(url or "", url or "", 200, headers, html, _fetch_time(fetched_at))
    rules = SiteRules(drop=(drop,) if isinstance(drop, str) else tuple(drop), body=body)  # one selector alone
    if bad := next((s for s in (*rules.drop, *((body,) if body else ())) if not is_css_selector(s)), None):
        raise InputError(f"{bad!r} is no CSS selector; write drop/body as for document.querySelector, e.g. "
                         "'div.promo, #newsletter'")  # fmt: skip
    try:
        return page_record(page, config or NormalizeConfig(), rules)
    except ExtractError as e:
        if e.article is not None:
            return e.article
        raise


def clean_dump(
    text: str | bytes, *, fetched_at: str | datetime | None = None, config: NormalizeConfig | None = None
) -> dict[str, Any]:
    """The clean record of a text dump of an article page (what a naive scraper keeps: a page's text, a text
    browser's dump or Markdown), as ``scraper clean`` prints it: title, authors, published, read time, image
    captions and the article text. Bytes (a file's contents) are decoded as ``scraper clean`` decodes a file:
    the bytes decide the encoding."""
    from scraper.extract.article import decode_html
    from scraper.records import dump_record

    if isinstance(text, bytes):
        text = decode_html(text)
    return dump_record(text, config or NormalizeConfig(), where="text", fetched_at=_fetch_time(fetched_at) or None)


def _fetch_time(fetched_at: str | datetime | None) -> str:
    """A fetch time as records hold it (ISO 8601 text; "" for none): a ``datetime`` as its ISO text; a text
    that is no ISO 8601 time is refused, as ``scraper clean --fetched-at`` refuses it."""
    if isinstance(fetched_at, datetime):
        return fetched_at.isoformat()
    if not fetched_at:
        return ""
    try:
        datetime.fromisoformat(fetched_at)  # as normalization reads it
    except (TypeError, ValueError):
        raise InputError(f"fetched_at={fetched_at!r} is not a time; give ISO 8601, e.g. 2024-05-01T12:00:00+00:00, "
                         "or a datetime") from None  # fmt: skip
    return fetched_at


@dataclass(frozen=True)
class StoredArticle(Article):
    """A record of the ``articles`` table: an :class:`Article` plus where and when it was stored."""

    source: str = ""
    host: str = ""
    cluster: int | None = None  # near-duplicate cluster (docs/schema.md)
    extracted_at: str | None = None


class Corpus:
    """A database made by ``scraper crawl``, read-only: articles as :class:`StoredArticle` objects or a pandas
    DataFrame, full-text search, SQL. Filters are those of the CLI: ``source`` (a name or several),
    ``since``/``until`` (publication days, YYYY-MM-DD, inclusive), ``language``, ``author``, and ``status``
    (comma-separated page statuses, by default ``article,paywalled``; ``any``: the records of pages that are no
    article too: soft 404s, bot walls, consent walls, hubs)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self._conn = read_only(self.path)

    def articles(self, **filters: Any) -> Iterator[StoredArticle]:
        """The chosen articles in the order they were first stored."""
        where, params = self._filters(**filters).where()
        cursor = self._conn.execute(f"select * from articles a where {where} order by a.rowid", params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield _stored(dict(zip(names, row, strict=True)))

    def dataframe(self, columns: Sequence[str] = (), **filters: Any) -> pandas.DataFrame:
        """The chosen articles as a DataFrame (``pip install pandas``): lists as lists, and
        ``published_utc``, ``fetched_at`` and ``extracted_at`` as UTC datetimes (a day-only date as its
        midnight). ``published`` stays the publisher's text, with its own offset."""
        try:
            import pandas
        except ImportError:
            raise InputError(
                "Corpus.dataframe needs pandas: pip install pandas (or pip install -e '.[pandas]')"
            ) from None
        columns = [columns] if isinstance(columns, str) else list(columns)  # one column named alone
        known = [row[1] for row in self._conn.execute("pragma table_info(articles)")]
        if unknown := [c for c in columns if c not in known]:
            raise InputError(f"dataframe: no column {unknown[0]!r} in articles; columns: {', '.join(known)}")
        chosen = list(columns) or known
        where, params = self._filters(**filters).where()
        quoted = ", ".join(f'a."{c}"' for c in chosen)
        frame = pandas.read_sql_query(f"select {quoted} from articles a where {where} order by a.rowid",
                                      self._conn, params=params)  # fmt: skip
        for column in chosen:
            if column in LIST_COLUMNS:
                frame[column] = [json.loads(v) if v else [] for v in frame[column]]
            elif column in TIME_COLUMNS:
                frame[column] = pandas.to_datetime(frame[column], utc=True, format="ISO8601")
        return frame

    def search(self, query: str, *, limit: int = 20, **filters: Any) -> list[dict[str, Any]]:
        """Full-text search (SQLite FTS5 syntax), best matches first, as ``scraper search`` prints them."""
        if limit < 1:
            raise InputError(f"search: limit={limit}; give how many matches to return, 1 or more")
        found = search_articles(self._conn, query, self._filters(**filters), limit=limit)
        return [dict(zip(SEARCH_COLUMNS, row, strict=True)) for row in found]

    def sql(self, statement: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """The rows of one read-only SQL statement, as dicts (docs/schema.md has the tables)."""
        cursor = self._conn.execute(statement, parameters)
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _filters(self, **filters: Any) -> Filters:
        """The filters, each checked: a name, a day (text or a ``date``), a status or several."""
        if unknown := sorted(set(filters) - set(FILTERS)):
            raise InputError(f"{unknown[0]!r} is no filter; the filters are: {', '.join(FILTERS)}")
        source, status = filters.get("source", ()), filters.get("status", DEFAULT_STATUS)
        sources = (source,) if isinstance(source, str) else tuple(source)
        check_sources(self._conn, sources)
        days = {}
        for name in ("since", "until"):
            day = filters.get(name) or ""
            days[name] = day.isoformat()[:10] if isinstance(day, date) else str(day)  # a datetime is a date too
            if days[name]:
                check_day(name, days[name])
        statuses = status if isinstance(status, str) else ",".join(status)
        return Filters(sources, days["since"], days["until"], filters.get("language") or "", status=statuses,
                       author=filters.get("author") or "")  # fmt: skip


def _stored(row: dict[str, Any]) -> StoredArticle:
    values = {f.name: row[f.name] for f in dataclasses.fields(StoredArticle) if f.name in row}
    values["authors"] = tuple(json.loads(row["authors"] or "[]"))
    values["tags"] = tuple(json.loads(row["tags"] or "[]"))
    values["images"] = tuple(Image(**image) for image in json.loads(row["images"] or "[]"))
    return StoredArticle(**values)
