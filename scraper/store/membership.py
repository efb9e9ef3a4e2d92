"""Which sources list a URL: every source that found it (``frontier_sources``), not only the first one,
under which its page and article are stored (``frontier.source``). Asked by the crawl (a source's run
fetches the URLs it lists) and by the researchers' ``--source`` filters."""

from __future__ import annotations

from collections.abc import Iterable


def listed_by(sources: Iterable[str], column: str = "url") -> tuple[str, list[str]]:
    """An SQL condition on ``column`` (a URL): listed by one of ``sources``; and its parameters."""
    names = list(sources)
    marks = ",".join("?" * len(names))
    return f"{column} in (select url from frontier_sources where source in ({marks}))", names
