"""robots.txt rules per host, parsed with protego and kept for the run; texts fetched in an earlier run
(``known``) are used without asking the host again, so the crawl can keep them for a TTL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

# protego.parse("") allows everything; a rule set that forbids everything for 5xx answers.
ALLOW_ALL = ""
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: a crawler must parse at least the first 500 KiB
MAX_ROBOTS_REDIRECTS = 5  # RFC 9309: follow at least five redirects


@dataclass(frozen=True)
class Loaded:
    """A host's robots.txt as loaded: its ``text``, or, when the host answered with an error (5xx, 429),
    ``unavailable``: everything is disallowed for this run, nothing is kept for the next."""

    text: str
    unavailable: bool = False


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsCache:
    """Loads each host's robots.txt once (through ``load``, on the fetcher's event loop) and answers
    ``allowed``/``crawl_delay``/``sitemaps``.

    ``load(robots_url)`` returns the robots.txt as :class:`Loaded`: its text, ``ALLOW_ALL`` for a missing
    file (4xx), or unavailable when the server errs (5xx, 429), as RFC 9309 says. An unavailable one
    disallows everything for this run and is not kept, so the next run asks again.
    """

    def __init__(
        self, user_agent: str, load: Callable[[str], Awaitable[Loaded]], known: Mapping[str, str] | None = None
    ) -> None:
        self._user_agent = user_agent
        self._load = load
        self._known = dict(known or {})
        self._loading: dict[str, asyncio.Lock] = {}
        self._rules: dict[str, Protego] = {}
        self._unavailable: set[str] = set()
        self.fetched: dict[str, str] = {}  # robots.txt URL -> text, for the ones loaded in this run (to keep)

    async def rules(self, url: str) -> Protego:
        key = robots_url(url)
        if (rules := self._rules.get(key)) is not None:
            return rules
        async with self._loading.setdefault(key, asyncio.Lock()):  # one load per host, others unaffected
            if key not in self._rules:
                if (text := self._known.get(key)) is None:
                    loaded = await self._load(key)
                    text = loaded.text
                    if loaded.unavailable:
                        self._unavailable.add(key)
                    else:
                        self.fetched[key] = text
                self._rules[key] = Protego.parse(text)
            return self._rules[key]

    def unavailable(self, url: str) -> bool:
        """Whether the host's robots.txt could not be read in this run (everything is disallowed)."""
        return robots_url(url) in self._unavailable

    async def allowed(self, url: str) -> bool:
        return bool((await self.rules(url)).can_fetch(url, self._user_agent))

    async def crawl_delay(self, url: str) -> float | None:
        delay = (await self.rules(url)).crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None

    async def sitemaps(self, url: str) -> list[str]:
        return list((await self.rules(url)).sitemaps)
