"""Where a long run (a crawl, a re-extraction, an import) reports how far it is: the CLI draws a bar on a
terminal; elsewhere nothing is drawn."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, step: int = 1) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, step: int = 1) -> None:
        pass
