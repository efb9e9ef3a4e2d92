"""Near-duplicate articles, such as wire copies of one story across outlets: a MinHash signature of the
text's word 5-shingles, cut into bands for lookup. Two texts whose Jaccard similarity is 0.8 or more share
a band with high probability; ``similarity`` estimates it from the signatures.

Each of the 128 hash functions is multiply-shift hashing of the shingle's 32-bit hash,
``(a * h + b) mod 2^64 >> 32`` with ``a`` odd (Dietzfelbinger's 2-universal family: two multiplications
where the modulo of datasketch's ``mod 2^61 - 1`` family cost four times as much), in numpy over all
shingles at once. A shingle's hash is built from its words' hashes (CRC-32, mapped over the words in C)
by a polynomial over the five and a 64-bit mix, so no hash function runs per shingle in Python (datasketch
ran SHA-1 per shingle: 20 ms for an 11,000-word text).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import cache
from typing import Any

import numpy as np

from scraper.normalize.words import ASCII_SPACE

NUM_PERM = 128
BANDS, ROWS = 9, 13  # what datasketch's MinHashLSH(threshold=0.8, num_perm=128) chooses
THRESHOLD = 0.8  # estimated Jaccard similarity of two texts in one cluster
SHINGLE = 5  # words per shingle
MIN_WORDS = 50  # a shorter text tells too little to call it a copy
BATCH = 4096  # shingles permuted at once: a (NUM_PERM x BATCH) matrix of 64-bit values, 4 MB
SEED = 1
SHIFT = np.uint64(32)
POLYNOMIAL = np.uint64(0x100000001B3)  # FNV's 64-bit prime: each word of a shingle shifts the ones before
MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing's constant: spreads the 64 bits into the top 32
# What str.split splits at and bytes.split does not (chr(c).isspace() beyond ASCII's six; a test holds it)
STR_ONLY_SPACE = re.compile(r"[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# Those of them in ASCII (the information separators): str.split's ASCII whitespace that bytes.split's is not
ASCII_STR_ONLY_SPACES = bytes(byte for byte in ASCII_SPACE if not bytes([byte]).isspace()).decode()


@cache
def prepare() -> tuple[Any, Any]:
    """The hash functions' ``(a, b)``, drawn once per process from numpy's legacy generator (stable across
    numpy versions, so a signature made today compares with one made by the next release); ``a`` odd."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = generator.randint(0, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64)
    return a, b


def signature(text: str) -> bytes:
    """The text's MinHash as little-endian uint32 values, or ``b""`` for a text under MIN_WORDS words."""
    words = _words(text)
    if len(words) < MIN_WORDS:
        return b""
    a, b = prepare()
    hashes = shingle_hashes(words)
    # The minimum of each function's 64-bit values, shifted once at the end: the shift is monotone, so it
    # commutes with the minimum. A function per row, in place: three passes over a buffer that stays in cache.
    minimum = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    permuted = np.empty((NUM_PERM, min(BATCH, len(hashes))), dtype=np.uint64)
    for start in range(0, len(hashes), BATCH):  # bounded memory for a text of any length
        chunk = hashes[start : start + BATCH]
        values = permuted[:, : len(chunk)]
        np.multiply(a[:, None], chunk, out=values)  # wraps modulo 2^64, as intended
        np.add(values, b[:, None], out=values)
        np.minimum(minimum, values.min(axis=1), out=minimum)
    return bytes((minimum >> SHIFT).astype("<u4").tobytes())


def _words(text: str) -> list[bytes]:
    """The text's words, case-folded, as UTF-8 (what their hashes are of). Split as bytes, the whole text
    encoded at once, where str.split's separators are bytes.split's: a text without the whitespace that
    only str.split knows (the information separators, no-break and other Unicode spaces)."""
    folded = text.casefold()
    if folded.isascii():  # four searches for one character each, where the regex's cost more than the split
        general = any(space in folded for space in ASCII_STR_ONLY_SPACES)
    else:
        general = STR_ONLY_SPACE.search(folded) is not None
    if not general:
        return folded.encode().split()
    return [word.encode() for word in folded.split()]


def shingle_hashes(words: list[bytes]) -> Any:
    """A 32-bit hash of every run of SHINGLE words, as a uint64 array."""
    hashed = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):  # wraps modulo 2^64, as intended
        combined = combined * POLYNOMIAL + hashed[offset : offset + count]
    return ((combined ^ (combined >> np.uint64(29))) * MIX) >> np.uint64(32)


def bands(sig: bytes) -> list[int]:
    """One signed 64-bit hash per band of the signature (SQLite integers)."""
    width = ROWS * 4
    return [
        int.from_bytes(hashlib.blake2b(sig[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True)
        for i in range(BANDS)
    ]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingles."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))
