"""Typed, frozen configuration read once from ``config.toml``.

Precedence: dataclass default < ``config.toml`` < CLI flag (applied with ``dataclasses.replace``).
Unknown keys and wrong types are refused with the file, the section and the key in the message.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import json
import math
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from scraper.errors import ConfigError
from scraper.fetchable import url_problem

DEFAULT_USER_AGENT = "scraper/0.1 (+https://example.org/scraper; news research crawler)"
MAX_NUMBER = 1e9  # larger than any setting needs (31 years in seconds, a gigabyte), small enough for every clock
UNFILLED_CONTACT = re.compile(r"\bCONTACT\b")  # the starter config's placeholder in user_agent
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a CR/LF in user_agent would end the header and start another


@dataclass(frozen=True)
class StorageConfig:
    path: Path = Path("data/articles.db")
    max_size_mb: float = 0.0  # 0: no limit; a full database stops the crawl cleanly, like a full disk
    busy_timeout_s: float = 10.0  # how long a write waits for another process's write to the database


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 20.0  # the whole request: connect, headers and body
    per_host_delay_s: float = 1.0
    max_bytes: int = 5_000_000
    concurrency: int = 8
    retries: int = 3
    backoff_s: float = 1.0
    max_retry_after_s: float = 120.0
    max_redirects: int = 10
    per_host_concurrency: int = 1
    host_max_failures: int = 5
    robots_ttl_s: float = 86_400.0
    allow_networks: tuple[str, ...] = ()  # private networks a link may lead to, e.g. ["10.1.0.0/16"] (SSRF guard)
    max_url_length: int = 2048  # longer URLs are not followed


@dataclass(frozen=True)
class CrawlConfig:
    max_pages: int = 0  # 0: no limit
    max_duration_s: float = 0.0  # 0: no limit; start no new fetch after this many seconds
    stop_grace_s: float = 5.0  # at the deadline or a signal, fetches in flight get this long, then are cancelled
    max_failure_share: float = 0.5
    revalidate_after_days: float = 0.0  # 0: only when a sitemap says the page changed
    extract: bool = True  # false: store raw pages only; `scraper reextract` turns them into articles later
    retry_backoff_s: float = 3600.0  # a failed URL waits this long before its next try, doubled each time
    max_links_per_page: int = 1000  # links taken from one listing page or feed (a sitemap: 50,000)


@dataclass(frozen=True)
class ExtractConfig:
    workers: int = 0  # 0: one worker process per core; 1: extract in the crawl process
    template_min_pages: int = 5  # stored pages of a site before its template is used; 0 turns templates off
    template_share: float = 0.5  # a block on at least this share of a site's pages is template chrome
    timeout_s: float = 30.0  # a page whose extraction takes longer is recorded as a failure (extract_timeout)


@dataclass(frozen=True)
class NormalizeConfig:
    words_per_minute: int = 230
    chars_per_minute: int = 500  # Chinese, Japanese, Korean, Thai: scripts without spaces between words


@dataclass(frozen=True)
class SourceConfig:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    include: tuple[str, ...] = ()  # regular expressions; a start-page link must match one (if any are given)
    exclude: tuple[str, ...] = ()  # regular expressions; a URL matching one is never crawled
    drop: tuple[str, ...] = ()  # CSS selectors of chrome that structure cannot tell from the article
    body: str = ""  # CSS selector of the article body, for a site whose body the extractor misses
    home: str = ""  # the site's home page: its announced feeds and robots.txt's sitemaps are read
    listing_pages: int = 1  # start pages followed through rel=next up to this many pages each
    probe_not_found: bool = True  # ask each host once for a made-up URL, to learn its soft-404 page

    def discovery_digest(self) -> str:
        """A digest of the settings that decide which article URLs discovery finds: when it changes, the
        source's listings are read again in full (not conditionally), so links the old rules left out come
        back."""
        settings = [
            self.feeds,
            self.sitemaps,
            self.start_urls,
            self.include,
            self.exclude,
            self.home,
            self.listing_pages,
        ]
        return hashlib.sha256(json.dumps(settings).encode()).hexdigest()[:16]

    def endpoints(self) -> set[str]:
        """``host:port`` of the source's own URLs: the SSRF guard lets them be private addresses."""
        urls = (*self.feeds, *self.sitemaps, *self.start_urls, self.home)
        return {found for url in urls if url and (found := endpoint(url))}

    def accepts(self, url: str) -> bool:
        """True when ``url`` matches the include patterns (if any) and no exclude pattern."""
        if any(re.search(p, url) for p in self.exclude):
            return False
        return not self.include or any(re.search(p, url) for p in self.include)


@dataclass(frozen=True)
class Config:
    storage: StorageConfig = field(default_factory=StorageConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    sources: tuple[SourceConfig, ...] = ()

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"no source named {name!r} in the config (configured sources: {known})")


_SECTIONS: dict[str, type[Any]] = {
    "storage": StorageConfig,
    "fetch": FetchConfig,
    "crawl": CrawlConfig,
    "extract": ExtractConfig,
    "normalize": NormalizeConfig,
}


def endpoint(url: str) -> str | None:
    """``host:port`` of ``url`` (``[::1]:8080`` for an IPv6 host), or None without a host."""
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname.lower()
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def load_config(path: Path) -> Config:
    """Read and validate ``path``. A relative ``[storage] path`` (the default one too) is taken from the
    config file's folder, so ``scraper crawl --config /srv/news/config.toml`` finds the same database from
    any working directory."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; pass --config PATH or create it") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config file: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: config file is not UTF-8 text") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e
    config = parse_config(raw, where=str(path))
    if config.storage.path.is_absolute() or path.parent == Path("."):
        return config
    return dataclasses.replace(
        config, storage=dataclasses.replace(config.storage, path=path.parent / config.storage.path)
    )


def parse_config(raw: dict[str, Any], *, where: str = "config") -> Config:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "sources":
            if not isinstance(value, list):
                raise ConfigError(f"{where}: 'sources' must be an array of tables ([[sources]])")
            values["sources"] = tuple(
                _build(SourceConfig, item, f"{where} [[sources]] #{i + 1}") for i, item in enumerate(value)
            )
        elif key in _SECTIONS:
            values[key] = _build(_SECTIONS[key], value, f"{where} [{key}]")
        else:
            known = ", ".join([*_SECTIONS, "sources"])
            raise ConfigError(f"{where}: unknown section [{key}] (known sections: {known})")
    config = Config(**values)
    names = [s.name for s in config.sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{where} [[sources]]: duplicate source name {duplicates[0]!r}; names must be unique")
    _check_ranges(config, where)
    return config


def _build(cls: type[Any], raw: Any, where: str) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a table of keys, got {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {', '.join(fields)})")
        kwargs[key] = _coerce(value, hints[key], f"{where}: key {key!r}")
    missing = [
        name
        for name, f in fields.items()
        if name not in kwargs and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{where}: missing required key {missing[0]!r}")
    return cls(**kwargs)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return None if value is None else _coerce(value, args[0], where)
    if origin is tuple:
        (item,) = typing.get_args(hint)[:1]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"{where} must be a list of {item.__name__}, got {type(value).__name__}")
        return tuple(_coerce(v, item, where) for v in value)
    if hint is Path:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where} must be a file path, got {value!r}")
        return Path(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise ConfigError(f"{where} must be {hint.__name__}, got {type(value).__name__} {value!r}")
    if isinstance(value, (int, float)) and not (math.isfinite(value) and abs(value) <= MAX_NUMBER):
        raise ConfigError(f"{where} must be a finite number no larger than {MAX_NUMBER:g}, got {value!r}")
    if isinstance(value, str) and CONTROL.search(value):
        raise ConfigError(f"{where} has a control character (a line break?) in {value!r}; write it on one line")
    return value


def _check_ranges(config: Config, where: str) -> None:
    checks = [
        ("storage", "max_size_mb", config.storage.max_size_mb >= 0),
        ("storage", "busy_timeout_s", config.storage.busy_timeout_s >= 0),
        ("fetch", "timeout_s", config.fetch.timeout_s > 0),
        ("fetch", "per_host_delay_s", config.fetch.per_host_delay_s >= 0),
        ("fetch", "max_bytes", config.fetch.max_bytes > 0),
        ("fetch", "concurrency", config.fetch.concurrency >= 1),
        ("fetch", "retries", config.fetch.retries >= 0),
        ("fetch", "per_host_concurrency", config.fetch.per_host_concurrency >= 1),
        ("fetch", "host_max_failures", config.fetch.host_max_failures >= 1),
        ("fetch", "robots_ttl_s", config.fetch.robots_ttl_s >= 0),
        ("fetch", "max_url_length", config.fetch.max_url_length >= 64),
        ("crawl", "max_links_per_page", config.crawl.max_links_per_page >= 1),
        ("extract", "timeout_s", config.extract.timeout_s > 0),
        ("crawl", "max_pages", config.crawl.max_pages >= 0),
        ("crawl", "max_duration_s", config.crawl.max_duration_s >= 0),
        ("crawl", "stop_grace_s", config.crawl.stop_grace_s >= 0),
        ("crawl", "revalidate_after_days", config.crawl.revalidate_after_days >= 0),
        ("crawl", "retry_backoff_s", config.crawl.retry_backoff_s >= 0),
        ("crawl", "max_failure_share", 0 <= config.crawl.max_failure_share <= 1),
        ("extract", "workers", config.extract.workers >= 0),
        ("extract", "template_min_pages", config.extract.template_min_pages >= 0),
        ("extract", "template_share", 0 < config.extract.template_share <= 1),
        ("normalize", "words_per_minute", config.normalize.words_per_minute > 0),
        ("normalize", "chars_per_minute", config.normalize.chars_per_minute > 0),
    ]
    for section, key, ok in checks:
        if not ok:
            value = getattr(getattr(config, section), key)
            raise ConfigError(f"{where} [{section}]: key {key!r} has an out-of-range value {value!r}")
    if not config.fetch.user_agent.strip():
        raise ConfigError(
            f"{where} [fetch]: key 'user_agent' is empty; name the crawler and where to reach its operator, "
            f"e.g. {DEFAULT_USER_AGENT!r}"
        )
    for source in config.sources:
        if not source.name.strip():
            raise ConfigError(f"{where} [[sources]]: a source's 'name' is empty; give it a short name, e.g. 'ledger'")
    for network in config.fetch.allow_networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ConfigError(
                f"{where} [fetch]: key 'allow_networks' has {network!r}, which is not a network; "
                "write an address or a CIDR block, e.g. '10.1.0.0/16' or 'fd00::/8'"
            ) from None
    for source in config.sources:
        for key in ("feeds", "sitemaps", "start_urls", "home"):
            urls = getattr(source, key)
            for url in (urls,) if isinstance(urls, str) else urls:
                if url and (problem := url_problem(url)) is not None:
                    raise ConfigError(
                        f"{where} [[sources]] {source.name!r}: key {key!r} has {url!r}, which {problem}; "
                        "write a full http(s) URL such as 'https://news.example/feed.xml'"
                    )
        if not (source.feeds or source.sitemaps or source.start_urls or source.home):
            raise ConfigError(
                f"{where} [[sources]] {source.name!r}: nothing to crawl; give it feeds, sitemaps, "
                "start_urls or a home page"
            )
        if source.listing_pages < 1:
            raise ConfigError(
                f"{where} [[sources]] {source.name!r}: key 'listing_pages' must be 1 or more, got {source.listing_pages}"
            )
        for key, selectors in (("drop", source.drop), ("body", (source.body,) if source.body else ())):
            for selector in selectors:
                if not is_css_selector(selector):
                    raise ConfigError(
                        f"{where} [[sources]] {source.name!r}: key {key!r} has an invalid CSS selector "
                        f"{selector!r}; write it as for document.querySelector, e.g. 'div.promo, #newsletter'"
                    )
        for key in ("include", "exclude"):
            for pattern in getattr(source, key):
                try:
                    re.compile(pattern)
                except re.error as e:
                    raise ConfigError(
                        f"{where} [[sources]] {source.name!r}: key {key!r} has an invalid regular "
                        f"expression {pattern!r}: {e}"
                    ) from e


def is_css_selector(selector: str) -> bool:
    """True when selectolax (the extractor's parser) accepts ``selector``."""
    try:
        LexborHTMLParser("<p></p>").css(selector)
    except SelectolaxError:
        return False
    return bool(selector.strip())
