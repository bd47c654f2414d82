"""Page text from recognised words."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace

from luutru.ocr.types import Box, Word
from luutru.vietnamese import nfc

# Punctuation OCR makes of a pen stroke or a fleck of the paper beside a printed word
# ("tháng?", "năm'", "Số:"): not part of the word.
STRAY_MARKS = ",.;:?!|'\"`"


def words_to_text(words: Iterable[Word]) -> str:
    """Lines in reading order, joined by newlines; the words of a line by single spaces."""
    lines: dict[int, list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    return normalise("\n".join(" ".join(lines[n]) for n in sorted(lines)))


def lines_of(words: Iterable[Word]) -> list[list[Word]]:
    """Words by line, lines in their reading order, words left to right."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return [sorted(lines[n], key=lambda w: w.box[0]) for n in sorted(lines)]


def renumbered(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """Lines numbered 0, 1, 2 … again, in their order, once some words are gone."""
    numbers = {n: i for i, n in enumerate(sorted({w.line for w in words}))}
    return tuple(replace(w, line=numbers[w.line]) for w in words)


def char_x(word: Word, index: int) -> int:
    """Where the character at `index` of a word starts, spreading the box evenly."""
    x0, _, x1, _ = word.box
    return round(x0 + (x1 - x0) * index / max(1, len(word.text)))


def normalise(text: str) -> str:
    """NFC, and no control characters but newlines and form feeds."""
    text = nfc(text)
    return "".join(c for c in text if c in "\n\f" or unicodedata.category(c) != "Cc")


def insert_lines(words: tuple[Word, ...], extra: Iterable[Sequence[Word]]) -> tuple[Word, ...]:
    """`words` with lines of `extra` words placed in reading order. Each extra line joins as
    a whole the line of `words` beside it (overlapping it vertically, nearest across), or
    becomes a line of its own after the last line above it. Extra lines never join each
    other: two stamps side by side have baselines of their own. Lines are numbered again
    from 0."""
    own: dict[float, list[Word]] = {}
    for w in words:
        own.setdefault(float(w.line), []).append(w)
    lines = {key: list(members) for key, members in own.items()}
    for group in extra:
        if not group:
            continue
        box = (min(w.box[0] for w in group), min(w.box[1] for w in group),
               max(w.box[2] for w in group), max(w.box[3] for w in group))
        target = _line_beside(box, own)
        if target is None:
            target = _new_line_key(box, lines)
            lines[target] = []
        lines[target].extend(group)
    return tuple(replace(w, line=n)
                 for n, key in enumerate(sorted(lines))
                 for w in sorted(lines[key], key=lambda w: w.box[0]))


def _span(members: list[Word]) -> Box:
    return (min(w.box[0] for w in members), min(w.box[1] for w in members),
            max(w.box[2] for w in members), max(w.box[3] for w in members))


def _line_beside(box: Box, lines: dict[float, list[Word]]) -> float | None:
    x0, top, x1, bottom = box
    best, best_gap = None, float("inf")
    for key, members in lines.items():
        left, ltop, right, lbottom = _span(members)
        overlap = min(bottom, lbottom) - max(top, ltop)
        if overlap < 0.5 * min(bottom - top, lbottom - ltop):
            continue
        gap = max(0, left - x1, x0 - right)
        # A line far across is another column's (the header's two columns share heights).
        if gap <= 4 * (bottom - top) and gap < best_gap:
            best, best_gap = key, gap
    return best


def _new_line_key(box: Box, lines: dict[float, list[Word]]) -> float:
    """A key that sorts a new line after the last line whose middle is above the box's."""
    centre = (box[1] + box[3]) / 2
    above = [key for key, members in lines.items()
             if members and (_span(members)[1] + _span(members)[3]) / 2 <= centre]
    if not above:
        return min(lines, default=0.0) - 1.0
    after = max(above)
    later = [key for key in lines if key > after]
    return (after + min(later)) / 2 if later else after + 1.0
