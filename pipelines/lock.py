"""One crawl at a time per database: an exclusive ``flock`` on ``<database>.lock``.

The kernel releases the lock when the process ends, however it ends (SIGKILL included), so a crashed
run never blocks the next one. The file holds the holder's pid, host and start time for the message
the second crawl prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scraper.clock import utc_now
from scraper.errors import LockHeldError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def crawl_lock(db_path: Path) -> Iterator[None]:
    """Hold the database's crawl lock, or raise :class:`LockHeldError` at once naming the holder."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeldError(
                f"{path}: another crawl is running on this database ({_holder(fd)}); this run exits without "
                "doing anything. Wait for it, or stop it with `kill -TERM <pid>`."
            ) from None
        os.ftruncate(fd, 0)
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "started_at": utc_now()}
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _holder(fd: int) -> str:
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except ValueError:
        return "holder unknown"
    if not isinstance(holder, dict) or "pid" not in holder:
        return "holder unknown"
    return f"pid {holder['pid']} on {holder.get('host', '?')}, started {holder.get('started_at', '?')}"
