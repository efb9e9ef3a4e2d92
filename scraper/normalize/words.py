"""Word counts that work for every script: Chinese, Japanese and Korean characters count one each."""

from __future__ import annotations

import re
from typing import Any

WORD = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def count_words(text: str) -> int:
    """Words, counting each Chinese, Japanese or Korean character as one."""
    return len(WORD.findall(CJK.sub(" ", text))) + len(CJK.findall(text))


def is_cjk(text: str) -> bool:
    """True when most of the counted words are Chinese, Japanese or Korean characters."""
    return len(CJK.findall(text)) > 0.5 * max(1, count_words(text))


def squeeze(value: Any) -> str:
    """``value`` as text with its whitespace collapsed and soft hyphens dropped (``""`` for nothing)."""
    return " ".join(str(value).replace("\xad", "").split()) if value else ""
