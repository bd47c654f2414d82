"""Page text from recognised words."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ocr.types import Word
from vietnamese import nfc


def words_to_text(words: Iterable[Word]) -> str:
    """Lines in reading order, joined by newlines; the words of a line by single spaces."""
    lines: dict[int, list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    return normalise("\n".join(" ".join(lines[n]) for n in sorted(lines)))


def normalise(text: str) -> str:
    """NFC, and no control characters but newlines and form feeds."""
    text = nfc(text)
    return "".join(c for c in text if c in "\n\f" or unicodedata.category(c) != "Cc")
