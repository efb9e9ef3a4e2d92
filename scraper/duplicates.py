"""Near-duplicate articles, such as wire copies of one story across outlets: a MinHash signature (datasketch)
of the text's word 5-shingles, cut into bands for lookup. Two texts whose Jaccard similarity is 0.8 or
more share a band with high probability; ``similarity`` estimates it from the signatures."""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 9, 13  # what datasketch's MinHashLSH(threshold=0.8, num_perm=128) chooses
THRESHOLD = 0.8  # estimated Jaccard similarity of two texts in one cluster
SHINGLE = 5  # words per shingle
MIN_WORDS = 50  # a shorter text tells too little to call it a copy
BATCH = 4096  # shingles hashed at once: 4 MB of hash values


@cache
def prepare() -> tuple[Any, Any]:
    """datasketch's MinHash and its permutations, imported on first use (half a second): datasketch brings
    scipy (50 MB), which only the extraction workers need, not the crawl's own process or the read-only
    commands. Extraction calls it before its first page, outside the page's time limit."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=1).permutations


def signature(text: str) -> bytes:
    """The text's MinHash as little-endian uint32 values, or ``b""`` for a text under MIN_WORDS words."""
    words = text.casefold().split()
    if len(words) < MIN_WORDS:
        return b""
    minhash_type, permutations = prepare()
    minhash = minhash_type(num_perm=NUM_PERM, permutations=permutations, scheme="affine32")
    shingles = len(words) - SHINGLE + 1
    # In batches: datasketch hashes a batch into a (shingles x NUM_PERM) matrix of 64-bit values, which for
    # a 5 MB text in one batch is 1.3 GB. The minimum over the batches is the same signature.
    for start in range(0, shingles, BATCH):
        stop = min(start + BATCH, shingles)
        minhash.update_batch([" ".join(words[i : i + SHINGLE]).encode() for i in range(start, stop)])
    return bytes(minhash.hashvalues.astype("<u4").tobytes())


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
