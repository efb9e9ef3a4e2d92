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
    when it returns to Python. A block that ran past the limit raises even when the raise itself was swallowed
    (it can land in a C extension's callback, which reports the error and carries on)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    expired = False

    def expire(_signum: int, _frame: object) -> None:
        nonlocal expired
        expired = True
        raise PageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # the raise landed where it could not propagate (a C callback that swallows errors)
        raise PageTimeout
