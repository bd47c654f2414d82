"""Page text from recognised words."""
from __future__ import annotations

import unicodedata
from itertools import groupby

from ocr.types import Word


def words_to_text(words: tuple[Word, ...] | list[Word]) -> str:
    """Lines in reading order, joined by newlines; the words of a line by single spaces."""
    lines = (" ".join(w.text for w in group) for _, group in groupby(words, key=lambda w: w.line))
    return normalise("\n".join(lines))


def normalise(text: str) -> str:
    """NFC, and no control characters but newlines and form feeds."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if c in "\n\f" or unicodedata.category(c) != "Cc")
