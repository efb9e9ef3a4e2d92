"""One writing job at a time per database (``crawl``, ``reextract``): an exclusive ``flock`` on
``<database>.lock`` next to the database's real path, so a symlink or another spelling of the path is
the same database and the same lock.

The kernel releases the lock when the process ends, however it ends (SIGKILL included), so a crashed
run never blocks the next one. The file holds the holder's command, pid, host and start time for the
message the second job prints.
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
    real = db_path.resolve()  # the folder may not exist yet: resolve() still spells the path out
    return real.with_name(real.name + ".lock")


@contextmanager
def crawl_lock(db_path: Path, command: str = "crawl") -> Iterator[None]:
    """Hold the database's lock for ``command``, or raise :class:`LockHeldError` at once naming the holder."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            pid = holder.get("pid")
            stop = f"`kill -TERM {pid}`" + (
                f" on {holder['host']}" if holder.get("host") != socket.gethostname() else ""
            )
            raise LockHeldError(
                f"{path}: another job is writing to this database ({_described(holder)}); this {command} exits "
                f"without doing anything. Wait for it, or stop it with {stop if pid else 'kill -TERM and its pid'}."
            ) from None
        os.ftruncate(fd, 0)
        holder = {"command": command, "pid": os.getpid(), "host": socket.gethostname(), "started_at": utc_now()}
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _holder(fd: int) -> dict[str, object]:
    """What the lock file says of the job that holds it (empty when it says nothing readable)."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) and "pid" in holder else {}


def _described(holder: dict[str, object]) -> str:
    if not holder:
        return "holder unknown"
    command = holder.get("command", "crawl")
    return f"{command}, pid {holder['pid']} on {holder.get('host', '?')}, started {holder.get('started_at', '?')}"
