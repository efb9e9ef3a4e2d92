"""Undo a response's ``Content-Encoding`` without ever holding more than a given number of bytes.

httpx's decoders inflate each chunk whole: a body encoded ``gzip, gzip`` turns 800 bytes on the wire into
hundreds of megabytes in one call, before any size check sees them. Here every stage of the chain
inflates at most the room left under the limit, and the body is refused (or cut, for a caller that
wants only its start) as soon as it would pass it.
"""

from __future__ import annotations

import zlib

WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class UnsupportedEncoding(ValueError):
    """A content coding this decoder does not know (we ask for gzip and deflate only)."""


class _Stage:
    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.inflate = zlib.decompressobj(WBITS[coding])
        self.started = False

    def run(self, data: bytes, room: int) -> tuple[bytes, bool]:
        """Up to ``room`` bytes of output, and whether there was more."""
        try:
            out = self.inflate.decompress(data, room + 1)
        except zlib.error:
            if self.coding != "deflate" or self.started:
                raise
            self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent raw, without its zlib header
            out = self.inflate.decompress(data, room + 1)
        self.started = True
        return out[:room], len(out) > room or bool(self.inflate.unconsumed_tail)


class BodyDecoder:
    """Feed it the raw body chunk by chunk; it returns the decoded bytes, never more than ``limit`` in
    all, and sets ``overflow`` once the body holds more."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        unknown = [c for c in codings if c not in WBITS]
        if unknown:
            raise UnsupportedEncoding(f"Content-Encoding {unknown[0]!r} (we ask for gzip or deflate)")
        self._stages = [_Stage(c) for c in reversed(codings)]  # the last coding applied is undone first
        self._limit = limit
        self.size = 0
        self.overflow = False

    def decode(self, chunk: bytes) -> bytes:
        """The decoded bytes of ``chunk`` that fit under the limit; raises ``zlib.error`` on bad data."""
        if self.overflow:
            return b""
        data = chunk
        for stage in self._stages:
            data, more = stage.run(data, self._limit - self.size)
            if more:
                self.overflow = True
        data = data[: self._limit - self.size]
        self.size += len(data)
        return data

    def finish(self) -> bytes:
        """What the stages still hold once the body has ended (usually nothing); raises ``zlib.error``
        when a stage's data ended before its stream did (a body cut off or damaged)."""
        data = b""
        for stage in self._stages:
            if self.overflow:
                return b""
            out, more = stage.run(data, self._limit - self.size) if data else (b"", False)
            data = out + stage.inflate.flush()
            self.overflow = self.overflow or more
            if not stage.inflate.eof and not self.overflow:
                raise zlib.error(f"the {stage.coding} stream ends before its end")
        data = data[: self._limit - self.size] if not self.overflow else b""
        self.size += len(data)
        return data
