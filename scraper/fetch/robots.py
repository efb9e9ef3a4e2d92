"""robots.txt rules per host, parsed with protego and kept for the run; texts fetched in an earlier run
(``known``) are used without asking the host again, so the crawl can keep them for a TTL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit

from protego import Protego

# protego.parse("") allows everything; a rule set that forbids everything for 5xx answers.
ALLOW_ALL = ""
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsCache:
    """Loads each host's robots.txt once (through ``load``, on the fetcher's event loop) and answers
    ``allowed``/``crawl_delay``/``sitemaps``.

    ``load(robots_url)`` returns the robots.txt text: ``ALLOW_ALL`` for a missing file (4xx),
    ``DISALLOW_ALL`` when the server errs (5xx), as Google and RFC 9309 do.
    """

    def __init__(
        self, user_agent: str, load: Callable[[str], Awaitable[str]], known: Mapping[str, str] | None = None
    ) -> None:
        self._user_agent = user_agent
        self._load = load
        self._known = dict(known or {})
        self._loading: dict[str, asyncio.Lock] = {}
        self._rules: dict[str, Protego] = {}
        self.fetched: dict[str, str] = {}  # robots.txt URL -> text, for the ones loaded in this run

    async def rules(self, url: str) -> Protego:
        key = robots_url(url)
        if (rules := self._rules.get(key)) is not None:
            return rules
        async with self._loading.setdefault(key, asyncio.Lock()):  # one load per host, others unaffected
            if key not in self._rules:
                if (text := self._known.get(key)) is None:
                    text = self.fetched[key] = await self._load(key)
                self._rules[key] = Protego.parse(text)
            return self._rules[key]

    async def allowed(self, url: str) -> bool:
        return bool((await self.rules(url)).can_fetch(url, self._user_agent))

    async def crawl_delay(self, url: str) -> float | None:
        delay = (await self.rules(url)).crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None

    async def sitemaps(self, url: str) -> list[str]:
        return list((await self.rules(url)).sitemaps)
