"""A time limit for one page's work (extraction, template learning), in whichever process runs it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class PageTimeout(BaseException):  # not an Exception: the libraries' `except Exception` must not swallow it
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block after ``seconds`` (a SIGALRM timer). Signals reach the main
    thread only, so elsewhere the block runs without a limit; C code that holds on is interrupted only
    when it returns to Python."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise PageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
