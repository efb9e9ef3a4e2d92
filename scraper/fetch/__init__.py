"""The only network code: an httpx client with robots.txt, per-host politeness, retries and guards."""

from scraper.fetch.fetcher import Fetcher, FetchJob

__all__ = ["FetchJob", "Fetcher"]
