"""robots.txt rules per host, parsed with protego and kept for the run; texts fetched in an earlier run
(``known``) are used without asking the host again, so the crawl can keep them for a TTL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from protego import Protego

# protego.parse("") allows everything; a rule set that forbids everything for 5xx answers.
ALLOW_ALL = ""
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsCache:
    """Fetches each host's robots.txt once (through ``load``) and answers ``allowed``/``crawl_delay``.

    ``load(robots_url)`` returns the robots.txt text: ``ALLOW_ALL`` for a missing file (4xx),
    ``DISALLOW_ALL`` when the server errs (5xx), as Google and RFC 9309 do.
    """

    def __init__(self, user_agent: str, load: Callable[[str], str], known: Mapping[str, str] | None = None) -> None:
        self._user_agent = user_agent
        self._load = load
        self._known = dict(known or {})
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, Protego] = {}
        self.fetched: dict[str, str] = {}  # robots.txt URL -> text, for the ones loaded in this run

    def _rules_for(self, url: str) -> Protego:
        key = robots_url(url)
        with self._lock:
            host_lock = self._host_locks.setdefault(key, threading.Lock())
        with host_lock:  # one load per host, other hosts unaffected
            if key not in self._rules:
                if (text := self._known.get(key)) is None:
                    text = self.fetched[key] = self._load(key)
                self._rules[key] = Protego.parse(text)
            return self._rules[key]

    def allowed(self, url: str) -> bool:
        return bool(self._rules_for(url).can_fetch(url, self._user_agent))

    def crawl_delay(self, url: str) -> float | None:
        delay = self._rules_for(url).crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None

    def sitemaps(self, url: str) -> list[str]:
        return list(self._rules_for(url).sitemaps)
