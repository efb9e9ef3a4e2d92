"""The article's language: the page's markup, checked against the text itself (py3langid, offline).

A page declares its language in ``<html lang>``, ``xml:lang``, ``og:locale``, JSON-LD ``inLanguage`` or
Content-Language; templates copy it from a site default, so a German article on a site set up in English
says ``en``. The text decides when the markup says nothing, or when it names another language and the
text is long and clear enough to be sure (a short or mixed text is guessed wrong more often than markup
lies)."""

from __future__ import annotations

import functools
import mmap
import os
import pickle
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier, _load_model_file

from scraper.normalize.words import count_words

MIN_WORDS = 30  # shorter texts are left to the markup, or unknown
# The opening is enough, and keeps a long article's cost flat; not less: the identifier's probability grows
# with the text's length, and at 1,500 characters a Xhosa text marked up as English stayed under SURE
SAMPLE_CHARS = 3000
# Enough of the opening to see that a text is in the language its markup says (its top guess, LIKELY or
# more), a fifth of the sample: on most pages the markup is right, and the text is read no further
OPENING_CHARS = 600
SURE = 0.99  # the normalized probability above which the text overrules its markup
LIKELY = 0.9  # ... and above which it fills in a language the markup does not give
# Languages so close that a text's statistics cannot tell them apart reliably: among them the markup is
# believed ("nb" is Norwegian as much as the "no" the text suggests).
CLOSE = ({"no", "nb", "nn", "da"}, {"bs", "hr", "sr", "sh", "cnr"}, {"id", "ms"}, {"gl", "pt"})
# py3langid versions whose walk of its automaton (``visit_counts``) WindowedIdentifier's was read from and
# checked against; another version is run as it ships
READ_ON = frozenset({"0.4.0"})


def choose_language(declared: str, text: str) -> tuple[str | None, str | None]:
    """``(language, source)``: ISO 639-1 code and ``markup`` or ``text``; ``(None, None)`` when unknown. A
    text whose opening reads, likely, as the language its markup declares is taken as declared, unread
    further (not an opening of boilerplate or links, which reads as nothing in particular)."""
    if declared:
        opening, probability = detect_language(text, OPENING_CHARS)
        if opening is not None and probability >= LIKELY and close(opening, declared):
            return declared, "markup"
    guess, probability = detect_language(text)
    if declared and (guess is None or probability < SURE or close(guess, declared)):
        return declared, "markup"
    if guess is not None and probability >= (SURE if declared else LIKELY):
        return guess, "text"
    return (declared, "markup") if declared else (None, None)


def close(one: str, other: str) -> bool:
    return one == other or any(one in group and other in group for group in CLOSE)


def detect_language(text: str, sample: int | None = SAMPLE_CHARS) -> tuple[str | None, float]:
    """The text's language and its probability, or ``(None, 0.0)`` for a text too short to tell; read from
    its first ``sample`` characters (None: the whole text)."""
    if count_words(text) < MIN_WORDS:
        return None, 0.0
    language, probability = load_identifier().classify(text[:sample])
    return str(language), float(probability)


@functools.cache
def load_identifier() -> Any:
    """py3langid's identifier, its model memory-mapped from a decompressed copy in the user's cache: the
    packaged model takes 0.5 s to decompress in every process and 70 MB of each one's memory; mapped, it
    loads at once and the extraction workers share one copy. Its table of weights is held in bytes
    (:class:`ByteRows`), from the cache or, without a usable cache, from the packaged model: the same answers
    either way. From the cache, on the py3langid versions READ_ON, features are counted by
    :class:`WindowedIdentifier`."""
    try:
        ptc, pc, classes, nextmove, row, output, depth = _mapped_model(MODEL_DIR / MODEL_FILE)
    except (OSError, ValueError, ImportError, AttributeError, KeyError, pickle.PickleError):
        table, pc, classes, nextmove, row, output = _load_model_file(MODEL_DIR / MODEL_FILE)
        ptc, depth = ByteRows(*ByteRows.encode(table)), None
    model = (ptc, pc, classes, nextmove, output)
    if depth is None or version("py3langid") not in READ_ON:
        return LanguageIdentifier(*model, norm_probs=True, tk_row=row)
    return WindowedIdentifier(*model, norm_probs=True, tk_row=row, depth=depth)


class WindowedIdentifier(LanguageIdentifier):  # type: ignore[misc]
    """py3langid's identifier, counting a text's features at all its positions at once (numpy) instead of
    walking its automaton byte by byte in Python, and scoring them from the table's bytes (a 3,000-character
    sample in 0.25 ms instead of 1.3).

    The automaton is Aho-Corasick's over the features (byte n-grams): after a byte it is in the state of the
    longest suffix read so far that begins a feature, and that suffix is at most ``depth`` bytes long (the
    deepest state). So the state after byte ``i`` is the state reached from the start on bytes
    ``i - depth + 1 .. i`` alone: ``depth`` steps taken for every position together. A position's feature is
    its state's: the same counts as ``visit_counts``', and the same scores but for the rounding of sums
    taken in another order (a few hundredths in scores of thousands)."""

    def __init__(self, *args: Any, depth: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.depth = depth
        self.moves = numpy.asarray(self.tk_nextmove)
        self.rows = numpy.asarray(self.tk_row, dtype=numpy.int32) << 8
        self.features = numpy.asarray(self.tk_output, dtype=numpy.int32)

    def _raw_score(self, text: bytes) -> Any:
        features, counts = self.counts(text)
        if not len(features):
            return super()._raw_score(text)  # py3langid's score of a text without features
        return self.nb_ptc.weigh(features, numpy.log1p(counts.astype(numpy.float32))) + self.nb_pc

    def counts(self, text: bytes) -> tuple[Any, Any]:
        """The features that occur in ``text`` (ascending) and how often each does (``visit_counts``')."""
        data = numpy.frombuffer(text, dtype=numpy.uint8)
        states = numpy.zeros(len(data), dtype=numpy.int32)
        for lag in range(min(self.depth, len(data)) - 1, -1, -1):  # position i reads byte i - lag
            states[lag:] = self.moves[self.rows[states[lag:]] + data[: len(data) - lag]]
        found = self.features[states]
        return numpy.unique(found[found >= 0], return_counts=True)


class ByteRows:
    """py3langid's table of weights (a row of log-probabilities per text feature, a column per language) in
    one byte an entry: each row is its least value plus a step of 1/255 of its range times the byte. An entry
    stays within half a step of the packaged one (0.024 at most, 0.006 on average, against scores that
    differ between languages by whole units), and the table, which a crawl's texts touch almost whole, takes
    14 MB instead of 28. The identifier reads the table only by rows (``table[features]``)."""

    def __init__(self, codes: Any, low: Any, step: Any) -> None:
        self.codes, self.low, self.step = codes, low, step

    def __getitem__(self, rows: Any) -> Any:
        return self.codes[rows] * self.step[rows] + self.low[rows]

    def weigh(self, rows: Any, weights: Any) -> Any:
        """``weights @ self[rows]`` from the bytes: the rows' bytes weighed by the weights times each row's
        step, plus the rows' least values weighed (one product over the rows instead of their scaling,
        shifting and product)."""
        return (weights * self.step[rows, 0]) @ self.codes[rows] + weights @ self.low[rows, 0]

    @staticmethod
    def encode(table: Any) -> tuple[Any, Any, Any]:
        """``(codes, low, step)`` of a table: bytes, and each row's least value and step (float32 columns)."""
        table = numpy.asarray(table, dtype=numpy.float32)
        low = table.min(axis=1, keepdims=True)
        step = (table.max(axis=1, keepdims=True) - low) / 255
        step[step == 0] = 1  # a row of one value: every byte 0
        codes = numpy.rint((table - low) / step).astype(numpy.uint8)
        return codes, low, step


def _mapped_model(packaged: Path) -> tuple[Any, ...]:
    folder = _cache_folder() / f"py3langid-{version('py3langid')}-bytes-depth"
    if not (folder / "done").exists():
        _unpack(packaged, folder)
    small = pickle.loads((folder / "small.pickle").read_bytes())
    with (folder / "nextmove.bin").open("rb") as stream:
        nextmove = memoryview(mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)).cast(small["typecode"])
    codes = numpy.load(folder / "codes.npy", mmap_mode="r")
    low, step, pc = (numpy.load(folder / f"{name}.npy") for name in ("low", "step", "pc"))
    return ByteRows(codes, low, step), pc, small["classes"], nextmove, small["row"], small["output"], small["depth"]


def _unpack(packaged: Path, folder: Path) -> None:
    """Write the decompressed model into ``folder``, whole or not at all (another process may race)."""
    ptc, pc, classes, nextmove, row, output = _load_model_file(packaged)
    # not a name the sweep of stale copies below matches, though it holds "done" before it is renamed
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{folder.name}", dir=folder.parent))
    try:
        for name, array in zip(("codes", "low", "step"), ByteRows.encode(ptc), strict=True):
            numpy.save(staging / f"{name}.npy", array)
        numpy.save(staging / "pc.npy", pc)
        (staging / "nextmove.bin").write_bytes(nextmove.tobytes())
        small = {"typecode": nextmove.typecode, "classes": classes, "row": row, "output": output,
                 "depth": automaton_depth(nextmove, row)}  # fmt: skip
        (staging / "small.pickle").write_bytes(pickle.dumps(small))
        (staging / "done").write_text("")
        staging.replace(folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (folder / "done").exists():
            raise
    for stale in folder.parent.glob("py3langid-*/done"):  # whole copies of other versions or layouts
        if stale.parent != folder:
            shutil.rmtree(stale.parent, ignore_errors=True)


def automaton_depth(nextmove: Any, row: Any) -> int:
    """The length of the longest string that leads from the start to a state not reached by a shorter one
    (a breadth-first walk of all states: the trie's depth, the longest feature's length). A state's moves
    are its row's, so each level reads the moves of its states' rows, a few thousand rows at a time."""
    moves, rows = numpy.asarray(nextmove), numpy.asarray(row, dtype=numpy.int64) << 8
    seen = numpy.zeros(len(rows), dtype=bool)
    seen[0] = True
    frontier, depth = numpy.zeros(1, dtype=numpy.int64), 0
    while True:
        starts = numpy.unique(rows[frontier])
        reached = numpy.unique(
            numpy.concatenate([moves[(part[:, None] + numpy.arange(256)).ravel()] for part in numpy.split(
                starts, range(4096, len(starts), 4096))])
        )  # fmt: skip
        frontier = reached[~seen[reached]]
        if not len(frontier):
            return depth
        seen[frontier] = True
        depth += 1


def _cache_folder() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scraper"
    root.mkdir(parents=True, exist_ok=True)
    return root
