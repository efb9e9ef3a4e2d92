"""Near-duplicate signatures: the same signature however the shingles are batched, and bounded memory on a
very long text."""

from __future__ import annotations

import random
import subprocess
import sys

from scraper import duplicates

WORDS = [f"w{n}" for n in range(5000)]


def text(words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words))


def test_the_signature_does_not_depend_on_the_batch_size(monkeypatch) -> None:
    long = text(3 * duplicates.BATCH + 17)
    batched = duplicates.signature(long)
    monkeypatch.setattr(duplicates, "BATCH", 10**9)  # one batch
    assert duplicates.signature(long) == batched
    assert len(batched) == 4 * duplicates.NUM_PERM


def test_copies_are_similar_and_other_texts_are_not() -> None:
    story = text(400)
    copy = story + " Reporting by the wire service."
    assert duplicates.similarity(duplicates.signature(story), duplicates.signature(copy)) > duplicates.THRESHOLD
    assert duplicates.similarity(duplicates.signature(story), duplicates.signature(text(400, seed=2))) < 0.2
    assert duplicates.signature("too short to tell") == b""


PEAK = """
import random, resource
from scraper import duplicates
duplicates.prepare()
rng = random.Random(1)
words = [f"w{n}" for n in range(50_000)]
text = " ".join(rng.choice(words) for _ in range(850_000))  # about 5 MB, the fetcher's cap
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert len(duplicates.signature(text)) == 4 * duplicates.NUM_PERM
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_a_five_megabyte_article_is_signed_in_bounded_memory() -> None:
    """In one batch datasketch held a (shingles x 128) matrix of 64-bit hashes: 1.3 GB for this text."""
    grown_mb = int(subprocess.run([sys.executable, "-c", PEAK], capture_output=True, text=True, check=True,
                                  timeout=300).stdout)  # fmt: skip
    assert grown_mb < 200
