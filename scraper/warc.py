"""Web archives in and out: WARC 1.0/1.1 and ARC files (gzipped per record or not) read as pages, and
stored pages written as WARC ``response`` records with a ``metadata`` record of each clean record.

warcio does the format: measured on 4,000 gzipped records, it reads 54 us a record against FastWARC's 15 us,
both under 0.3% of the 25 ms extraction takes, and only warcio reads ARC, writes WARC and checks it
(``warcio check``). Damage is found here, as warcio reads on past it: a file that ends inside a record, a
record whose Content-Length is wrong, or bytes that are no record at all stop the reading at that record's
offset (:class:`Damaged`), after everything before it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper import __version__
from scraper.errors import ScraperError
from scraper.fetchable import is_html
from scraper.models import Page

GZIP_MAGIC, GZIP_WBITS = b"\x1f\x8b", 16 + zlib.MAX_WBITS
REQUESTED = "Scraper-Requested-URI"  # extension field: the URL asked for, when a redirect led elsewhere
DROPPED_HEADERS = ("content-encoding", "transfer-encoding", "content-length")  # the stored body is decoded


@dataclass(frozen=True)
class Response:
    """An HTML ``response`` record, as the page a crawl would have stored; ``record``, the clean record of
    the JSON ``metadata`` record written right after it about it (as ``scraper export`` writes them)."""

    page: Page
    record_id: str
    offset: int
    record: dict[str, Any] | None = None


@dataclass(frozen=True)
class Skipped:
    """A record that is no HTML page: its WARC type (``request``, ``revisit``, ``warcinfo``, ``metadata``...),
    ``not_html``, ``http_NNN`` for a response other than 200, or ``truncated_payload`` for a response the
    crawler cut short (``WARC-Truncated``, as Common Crawl does past 1 MiB): a part of a page would pass for
    a whole article."""

    kind: str
    offset: int


class Damaged(ScraperError):
    """The archive cannot be read on from ``offset`` (bytes into the file)."""

    def __init__(self, path: Path, offset: int, reason: str) -> None:
        self.path = path
        self.offset = offset
        self.reason = reason
        super().__init__(f"{path}: damaged at byte {offset:,}: {reason}")


class _Iterator(ArchiveIterator):  # type: ignore[misc]
    INC_RECORD = ""  # warcio writes a warning of a wrong Content-Length to stderr; Damaged reports it


def read_archive(path: Path) -> Iterator[Response | Skipped]:
    """Every record of the WARC or ARC file at ``path``, in order: an HTML response as a :class:`Response`,
    anything else as :class:`Skipped`; :class:`Damaged` at the first damaged record. A record is given once
    the next one was read, or the file's end checked: a gzipped file cut in its last record's trailer
    (its checksum and length) has that record's content but is no complete file."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        head = stream.read(64 * 1024)
        if size and not _starts_an_archive(head):
            raise Damaged(path, 0, "not a WARC or ARC file: it starts with no WARC/ or ARC record header")
        stream.seek(0)
        records = _Iterator(stream, arc2warc=True)
        pending: Response | Skipped | None = None
        try:
            for record in records:
                item, body = _checked(records, record, path)
                if isinstance(pending, Response) and (about := _record_about(record, body, pending.record_id)):
                    pending = dataclasses.replace(pending, record=about)
                if pending is not None:
                    yield pending
                pending = item
            if records.offset < size:  # a gzip member cut off: warcio ends without a word
                raise Damaged(path, records.offset, "the file ends inside this record (truncated?)")
            if pending is not None and head[:2] == GZIP_MAGIC and not _member_ends(stream, pending.offset):
                offset, pending = pending.offset, None
                raise Damaged(path, offset, "the file ends inside this record (truncated?)")
        # AttributeError: warcio's own, on a record whose headers the damage took (no WARC-Target-URI)
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, AttributeError) as e:
            raise Damaged(path, records.offset, f"not a readable WARC/ARC record ({str(e).strip()[:200]})") from e
        finally:  # the records before the damage (a generator may yield here: not once it is closed)
            if pending is not None and sys.exc_info()[0] is not GeneratorExit:
                yield pending


def _checked(records: _Iterator, record: ArcWarcRecord, path: Path) -> tuple[Response | Skipped, bytes]:
    """The record read to its end, and its content; :class:`Damaged` where the file ends inside it or its
    length is wrong."""
    body = record.content_stream().read()
    # An uncompressed file that ends inside the record (a record without a length has no limit)
    truncated = getattr(record.raw_stream, "limit", 0) > 0
    errors = records.err_count
    offset = records.get_record_offset()  # reads to the record's end: a wrong length shows here
    if truncated or record.rec_headers.get_header("Content-Length") is None:  # mandatory: cut in the headers
        raise Damaged(path, offset, "the file ends inside this record (truncated?)")
    if records.err_count > errors:
        raise Damaged(path, offset, "the record's Content-Length does not match its content")
    return _item(record, body, offset, path), body


def _record_about(record: ArcWarcRecord, body: bytes, record_id: str) -> dict[str, Any] | None:
    """The JSON object of a ``metadata`` record about the record ``record_id`` (WARC-Concurrent-To), else None."""
    headers = record.rec_headers
    if record.rec_type != "metadata" or headers.get_header("WARC-Concurrent-To") != record_id:
        return None
    if (headers.get_header("Content-Type") or "").split(";")[0].strip() != "application/json":
        return None
    try:
        about = json.loads(body)
    except ValueError:
        return None
    return about if isinstance(about, dict) else None


def _member_ends(stream: BinaryIO, offset: int) -> bool:
    """Whether the gzip member at ``offset`` ends (its trailer is there), read through to the file's end."""
    stream.seek(offset)
    member = zlib.decompressobj(GZIP_WBITS)
    while (chunk := stream.read(1 << 16)) and not member.eof:
        member.decompress(chunk, 1 << 16)
        while member.unconsumed_tail and not member.eof:  # bounded output: a large page is not held twice
            member.decompress(member.unconsumed_tail, 1 << 16)
    return member.eof


def is_archive(path: Path) -> bool:
    """Whether the file at ``path`` begins as a WARC or ARC file does (gzipped or not); an empty file does."""
    with path.open("rb") as stream:
        head = stream.read(64 * 1024)
    return not head or _starts_an_archive(head)


def _starts_an_archive(head: bytes) -> bool:
    """Whether a file's first bytes (gzipped or not) begin a WARC record ("WARC/1.0") or an ARC file (its
    "filedesc://" record)."""
    if head[:2] == GZIP_MAGIC:
        try:
            head = zlib.decompressobj(GZIP_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://"))


def _item(record: ArcWarcRecord, body: bytes, offset: int, path: Path) -> Response | Skipped:
    if record.rec_type != "response" or record.http_headers is None:
        return Skipped(record.rec_type or "unknown", offset)
    if record.rec_headers.get_header("WARC-Truncated"):  # the crawler cut the payload (size, time): a part
        return Skipped("truncated_payload", offset)
    status = int(record.http_headers.get_statuscode() or 0)
    headers = {name.lower(): value for name, value in record.http_headers.headers}
    if status != 200:
        return Skipped(f"http_{status}", offset)
    if not is_html(headers.get("content-type", ""), body):
        return Skipped("not_html", offset)
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    requested = record.rec_headers.get_header(REQUESTED) or target
    fetched_at = _fetched_at(record.rec_headers.get_header("WARC-Date") or "")
    record_id = record.rec_headers.get_header("WARC-Record-ID") or _arc_id(path, offset, target)
    return Response(Page(requested, target, status, headers, body, fetched_at), record_id, offset)


def _fetched_at(warc_date: str) -> str:
    """A WARC-Date (``2024-05-01T12:00:00Z``, with fractions in WARC 1.1; ARC's ``20240501120000``) as our
    fetch times are written."""
    if warc_date.isdigit() and len(warc_date) == 14:
        when = datetime.strptime(warc_date, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    else:
        when = datetime.fromisoformat(warc_date)
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat(timespec="seconds")


def _arc_id(path: Path, offset: int, url: str) -> str:
    """An id for an ARC record, which has none: its file, place and URL."""
    return "<urn:sha1:" + hashlib.sha1(f"{path.name}\0{offset}\0{url}".encode()).hexdigest() + ">"


class ArchiveWriter:
    """Writes pages as gzipped WARC/1.1 ``response`` records, each followed by a ``metadata`` record that
    holds its clean record (``application/json``), after a ``warcinfo`` record naming the software."""

    def __init__(self, out: BinaryIO, *, description: str = "") -> None:
        self._writer = WARCWriter(out, gzip=True, warc_version="1.1")
        info = {"software": f"scraper/{__version__}", "format": "WARC File Format 1.1", "description": description}
        self._writer.write_record(self._writer.create_warcinfo_record("", {k: v for k, v in info.items() if v}))

    def write(self, page: Page, record: dict[str, Any] | None) -> None:
        """``page`` as a response record; ``record`` (JSON-able), when given, as its metadata record."""
        reason = _reason(page.status)
        headers = [(name, value) for name, value in page.headers.items() if name not in DROPPED_HEADERS]
        http = StatusAndHeaders(f"{page.status} {reason}", headers, protocol="HTTP/1.1")
        extra = {"WARC-Date": _warc_date(page.fetched_at)}
        if page.url != page.final_url:
            extra[REQUESTED] = page.url
        response = self._writer.create_warc_record(
            page.final_url or page.url,
            "response",
            payload=io.BytesIO(page.body),
            length=len(page.body),  # a known length: warcio then digests the bytes in place, no temporary file
            http_headers=http,
            warc_headers_dict=extra,
        )
        self._writer.write_record(response)
        if record is None:
            return
        data = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
        metadata = self._writer.create_warc_record(
            page.final_url or page.url,
            "metadata",
            payload=io.BytesIO(data),
            length=len(data),
            warc_content_type="application/json",
            warc_headers_dict={
                "WARC-Date": extra["WARC-Date"],
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        self._writer.write_record(metadata)


def write_archive(out: BinaryIO, items: Iterable[tuple[Page, dict[str, Any] | None]], *, description: str = "") -> int:
    """Write ``(page, record)`` pairs with an :class:`ArchiveWriter`; return how many pages."""
    writer = ArchiveWriter(out, description=description)
    count = 0
    for page, record in items:
        writer.write(page, record)
        count += 1
    return count


def _warc_date(fetched_at: str) -> str:
    when = datetime.fromisoformat(fetched_at) if fetched_at else datetime.now(UTC)
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
