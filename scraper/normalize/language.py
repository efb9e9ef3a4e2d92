"""The article's language: the page's markup, checked against the text itself (py3langid, offline).

A page declares its language in ``<html lang>``, ``xml:lang``, ``og:locale``, JSON-LD ``inLanguage`` or
Content-Language; templates copy it from a site default, so a German article on a site set up in English
says ``en``. The text decides when the markup says nothing, or when it names another language and the
text is long and clear enough to be sure (a short or mixed text is guessed wrong more often than markup
lies)."""

from __future__ import annotations

import functools
from typing import Any

from scraper.normalize.words import count_words

MIN_WORDS = 30  # shorter texts are left to the markup, or unknown
SAMPLE_CHARS = 3000  # the opening is enough, and keeps a long article's cost flat
SURE = 0.99  # the normalized probability above which the text overrules its markup
LIKELY = 0.9  # ... and above which it fills in a language the markup does not give
# Languages so close that a text's statistics cannot tell them apart reliably: among them the markup is
# believed ("nb" is Norwegian as much as the "no" the text suggests).
CLOSE = ({"no", "nb", "nn", "da"}, {"bs", "hr", "sr", "sh", "cnr"}, {"id", "ms"}, {"gl", "pt"})


def choose_language(declared: str, text: str) -> tuple[str | None, str | None]:
    """``(language, source)``: ISO 639-1 code and ``markup`` or ``text``; ``(None, None)`` when unknown."""
    guess, probability = detect_language(text)
    if declared and (guess is None or probability < SURE or close(guess, declared)):
        return declared, "markup"
    if guess is not None and probability >= (SURE if declared else LIKELY):
        return guess, "text"
    return (declared, "markup") if declared else (None, None)


def close(one: str, other: str) -> bool:
    return one == other or any(one in group and other in group for group in CLOSE)


def detect_language(text: str) -> tuple[str | None, float]:
    """The text's language and its probability, or ``(None, 0.0)`` for a text too short to tell."""
    if count_words(text) < MIN_WORDS:
        return None, 0.0
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
