"""How much to trust a page's OCR, from the words Tesseract returned."""
from __future__ import annotations

from luutru.ocr.types import Word

# Pages scoring below this are flagged for a human look. Chosen so that pages read with a
# CER of a few percent or worse fall below it (see docs/ocr.md).
REVIEW_THRESHOLD = 0.80
MIN_WORDS = 20  # fewer words than this on a page is itself suspicious: a blank or lost page


def page_quality(words: tuple[Word, ...]) -> float:
    """Length-weighted mean word confidence, lowered for pages with almost no words."""
    chars = sum(len(w.text) for w in words)
    if chars == 0:
        return 0.0
    mean = sum(w.confidence * len(w.text) for w in words) / chars
    coverage = min(1.0, len(words) / MIN_WORDS)
    return round(mean * coverage, 4)
