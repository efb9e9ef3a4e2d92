"""The files the offline commands read (``extract``'s saved pages, ``clean``'s text dumps): their bytes, or an
error that names the file and the fix. A gzipped file (``page.html.gz``, ``dump.txt.gz``: how archives and
datasets keep pages) is read as the file it holds, whatever its name; a WARC file is pointed to
``import-warc``."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from scraper.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
ARCHIVE_START = re.compile(rb"\s*(WARC/\d|filedesc://)")  # a WARC record's first line; an ARC file's first record
MAX_UNPACKED_BYTES = 256 * 2**20  # a gzipped page or dump past this is no page (or a decompression bomb)


def read_input(path: Path, what: str, pattern: str) -> bytes:
    """The bytes of ``path``, a ``what`` ("a saved HTML page"; such files are named like ``pattern``,
    "*.html"), gunzipped when gzipped."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found; give the path of {what}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give the files in it (e.g. {path / pattern})") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read the file: {e.strerror}") from e
    except ValueError as e:  # a NUL byte in the path
        raise InputError(f"{str(path)!r}: not a usable file path ({e})") from e
    return unpacked(data, str(path), what)


def unpacked(data: bytes, where: str, what: str) -> bytes:
    """``data`` read from ``where`` (a file, ``-``), gunzipped when gzipped; an error for a web archive."""
    _no_archive(where, data, what)
    return _gunzip(where, data, what) if data.startswith(GZIP_MAGIC) else data


def _no_archive(path: str, head: bytes, what: str) -> None:
    if ARCHIVE_START.match(head):
        file = "FILE` (saved from standard input)" if path == "-" else f"{path}`"
        raise InputError(f"{path}: is a web archive (WARC/ARC), not {what}; import its pages with "
                         f"`scraper import-warc {file}")  # fmt: skip


def _gunzip(path: str, data: bytes, what: str) -> bytes:
    """Every gzip member of ``data`` unpacked, at most MAX_UNPACKED_BYTES; a gzipped web archive (a member a
    record) is refused at its first."""
    out: list[bytes] = []
    size = 0
    while data.startswith(GZIP_MAGIC):
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out.append(member.decompress(data, MAX_UNPACKED_BYTES - size + 1))
        except zlib.error as e:
            raise InputError(f"{path}: gzipped, but its data is damaged ({e}); check it with `gunzip -t {path}`") from e
        if not size:
            _no_archive(path, out[0], what)
        size += len(out[-1])
        if size > MAX_UNPACKED_BYTES or member.unconsumed_tail:
            raise InputError(f"{path}: unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB, which no page or "
                             f"dump holds; give the page itself")  # fmt: skip
        if not member.eof:
            raise InputError(
                f"{path}: gzipped, but it ends inside its data (cut short?); check it with `gunzip -t {path}`"
            )
        data = member.unused_data
    return b"".join(out)
