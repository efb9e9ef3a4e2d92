"""The crawl's policy (:mod:`scraper.crawl.policy`: URL states and what each outcome does) and a run's
deadline and accounting (:mod:`scraper.crawl.run`). ``pipelines/crawl.py`` is the loop that feeds them."""

from scraper.crawl.policy import MAX_ATTEMPTS, Failure, Outcome, State, failure
from scraper.crawl.run import CrawlSummary, Stop

__all__ = ["MAX_ATTEMPTS", "CrawlSummary", "Failure", "Outcome", "State", "Stop", "failure"]
