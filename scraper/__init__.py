"""Crawl news sites into a clean, searchable SQLite corpus.

The library is a set of stages with no orchestration; ``pipelines/`` composes them:

    discover -> fetch -> pages (raw bytes kept) -> extract -> normalize -> articles
"""

__version__ = "0.1.0"
