"""A time limit for one page's work (extraction, template learning), in whichever process runs it."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

MOMENT_S = 0.001


class PageTimeout(BaseException):  # not an Exception: the libraries' `except Exception` must not swallow it
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block after ``seconds`` (a SIGALRM timer). Signals reach the main
    thread only, so elsewhere the block runs without a limit; C code that holds on is interrupted only
    when it returns to Python. A block that ran past the limit raises even when the raise itself was swallowed
    (it can land in a C extension's callback, which reports the error and carries on).

    A timer the process had set before (another library's SIGALRM) is put back afterwards with the time it
    had left, and its handler with it; one that came due during the block goes off as the block ends."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    expired = False

    def expire(_signum: int, _frame: object) -> None:
        nonlocal expired
        expired = True
        raise PageTimeout

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:  # the earlier timer, with what it had left (at least a moment: it may be due)
            left = max(outer_delay - (time.monotonic() - started), MOMENT_S)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)
    if expired:  # the raise landed where it could not propagate (a C callback that swallows errors)
        raise PageTimeout
