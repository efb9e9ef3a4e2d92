"""Near-duplicate signatures: the same signature however the shingles are batched, and bounded memory on a
very long text."""

from __future__ import annotations

import random
import re
import subprocess
import sys

from sqlite_utils import Database

from scraper import duplicates
from scraper.store.migrations import migrations

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
import random
from sqlite_utils import Database

from scraper import duplicates
from scraper.store.migrations import migrations
duplicates.prepare()
rng = random.Random(1)
words = [f"w{n}" for n in range(50_000)]
text = " ".join(rng.choice(words) for _ in range(850_000))  # about 5 MB, the fetcher's cap
def peak_kb():  # this process's own peak: ru_maxrss would carry the forking test process's across exec
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
before = peak_kb()
assert len(duplicates.signature(text)) == 4 * duplicates.NUM_PERM
print((peak_kb() - before) // 1024)
"""


def test_a_five_megabyte_article_is_signed_in_bounded_memory() -> None:
    """In one batch, a (shingles x 128) matrix of 64-bit hashes would take 1.3 GB for this text."""
    grown_mb = int(subprocess.run([sys.executable, "-c", PEAK], capture_output=True, text=True, check=True,
                                  timeout=300).stdout)  # fmt: skip
    assert grown_mb < 200


def test_the_signature_estimates_the_shingles_jaccard_similarity() -> None:
    """Unbiased, within what 128 hash functions allow (standard deviation at most 0.044)."""
    rng = random.Random(3)
    errors = []
    for _ in range(40):
        first = [rng.choice(WORDS) for _ in range(800)]
        changed = rng.randint(0, 400)
        second = first[: 800 - changed] + [rng.choice(WORDS) for _ in range(changed)]
        shingles = [{tuple(w[i : i + duplicates.SHINGLE]) for i in range(len(w) - 4)} for w in (first, second)]
        true = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
        estimate = duplicates.similarity(duplicates.signature(" ".join(first)), duplicates.signature(" ".join(second)))
        errors.append(estimate - true)
    assert abs(sum(errors) / len(errors)) < 0.03 and max(map(abs, errors)) < 0.15


def test_the_migration_signs_stored_articles_again_and_keeps_their_clusters(tmp_path) -> None:
    """m019: signatures by the new MinHash, bands and clusters made again in storing order."""
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m019_own_minhash")
    story, other = text(300), text(300, seed=2)
    rows = [("https://a.example/1", story), ("https://b.example/1", story + " Reporting by the wire."),
            ("https://c.example/1", other)]  # fmt: skip
    for n, (url, body) in enumerate(rows, start=1):
        db.table("articles").insert({"url": url, "source": "s", "text": body, "status": "article", "cluster": n})
        db.table("article_signatures").insert({"url": url, "signature": bytes(4 * duplicates.NUM_PERM)})  # old
    migrations.apply(db)
    signed = dict(db.execute("select url, signature from article_signatures").fetchall())
    assert signed == {url: duplicates.signature(body) for url, body in rows}
    clusters = dict(db.execute("select url, cluster from articles").fetchall())
    assert clusters == {"https://a.example/1": 1, "https://b.example/1": 1, "https://c.example/1": 3}
    assert db.execute("select count(*) from article_bands").fetchone()[0] == 3 * duplicates.BANDS


def test_a_text_split_as_bytes_is_signed_as_split_as_text(monkeypatch) -> None:
    """The fast path (the UTF-8 bytes split) signs as the general one (str.split, each word encoded): with
    tabs and line breaks, text beyond ASCII, and the separators only str.split knows (information
    separators, no-break and ideographic spaces), which send a text the general way."""
    story = text(300)
    separators = (" ", "\t", "\n", "\x0b", "\u00e9t\u00e9 ", "\x1c", "\x1f", "\xa0", "\u3000", "\u2009")
    texts = [story.replace(" ", separator, 40) for separator in separators]
    fast = [(duplicates._words(t), duplicates.signature(t)) for t in texts]
    monkeypatch.setattr(duplicates, "STR_ONLY_SPACE", re.compile(""))  # every text the general way
    monkeypatch.setattr(duplicates, "ASCII_STR_ONLY_SPACES", " ")
    assert fast == [(duplicates._words(t), duplicates.signature(t)) for t in texts]
    assert all(len(words) >= 300 and signature for words, signature in fast)


def test_the_separators_only_str_split_knows_are_all_listed() -> None:
    beyond_bytes = {chr(c) for c in range(0x110000) if chr(c).isspace()} - set(" \t\n\r\x0b\x0c")
    assert {c for c in beyond_bytes if duplicates.STR_ONLY_SPACE.fullmatch(c)} == beyond_bytes
    assert set(duplicates.ASCII_STR_ONLY_SPACES) == {c for c in beyond_bytes if c.isascii()}
