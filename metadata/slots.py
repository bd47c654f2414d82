"""Where the văn thư writes by hand: the blank slots of a document's number and date.

A Vietnamese official paper is printed with its number and day left blank, `Số:      /CT-UBND`
and `…, ngày      tháng 02 năm 2025`, and the clerk who registers it writes them in by pen.
OCR reads the printed words around such a slot well and the handwriting in it badly or not at
all. A slot is found from the printed words alone: the gap after `Số`/`Số:` up to the
printed type and issuer code (`/CT-UBND`, or `-NQ/TU` of a Party paper), and the gaps
between `ngày` and `tháng` and between `tháng` and `năm` in the place-and-date line. A gap
that already holds clean printed digits is a slot marked `printed`: it is read again only
if its ink is a pen's (ocr.handwriting).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from luutru.metadata.dates import GLUED_NGAY, is_keyword
from luutru.ocr.text import STRAY_MARKS, char_x, lines_of
from luutru.ocr.types import Box, PageResult, Word
from luutru.vietnamese import BARE_CODE, PRINTED_CODE, SO_KEYWORD, SO_KEYWORD_SLIPPED, fold

Kind = Literal["number", "day", "month"]

# The number and date sit in the header, above the title: the top part of the first page.
HEADER_SHARE = 0.4
PAGES_SEARCHED = 2  # a cover sheet or receipt page may come first
# Printed digits read this confidently are the value itself, not a slot to read again.
PRINTED_CONFIDENCE = 0.85
# How far a slot reaches above and below its printed line, in line heights: a pen writes
# bigger than print and rarely on the line.
ABOVE, BELOW = 0.8, 0.5

_SO = re.compile(rf"^{SO_KEYWORD}\W*:?$")
_SO_SLIPPED = re.compile(rf"^{SO_KEYWORD_SLIPPED}$")
# "Số:" with the handwriting OCR glued to it ("Số:#4_", "Sóz⁄44"): the printed part, then a
# short tail that is no word.
_SO_GLUED = re.compile(rf"^({SO_KEYWORD}:?)([^\s/]{{1,8}})$")
# A box wider than its printed letters by more than this share holds handwriting as well.
TOO_WIDE = 1.3
_DIGITS = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class Slot:
    page: int  # page number, 1-based
    box: Box  # in pixels of the page image the words' boxes refer to
    kind: Kind
    # OCR read confident figures there: print, unless the pixels say pen (Tesseract reads
    # a neat hand's digits as confident print); ocr.handwriting reads it only then.
    printed: bool = False

    def line_band(self) -> tuple[int, int]:
        """Top and bottom of the slot's printed line: the box without the room it leaves
        above and below for the pen."""
        _, y0, _, y1 = self.box
        height = (y1 - y0) / (1 + ABOVE + BELOW)
        return round(y0 + ABOVE * height), round(y1 - BELOW * height)


def find_slots(pages: Sequence[PageResult]) -> list[Slot]:
    """The number, day and month slots of a document's header, from its words' boxes."""
    slots: list[Slot] = []
    for page in pages[:PAGES_SEARCHED]:
        header = [w for w in page.words if w.box[3] <= HEADER_SHARE * page.height]
        found = _number_slot(page.number, header) + _date_slots(page.number, header)
        if found:
            slots.extend(found)
            break  # the first page with a header is the document's
    return slots


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().lower()


def _number_slot(page: int, header: list[Word]) -> list[Slot]:
    lines = lines_of(header)
    # "Số:" of the header is capitalised; a body's "số" cites another paper. OCR reads a
    # capital S as small now and then (the letters differ only in size), so a "số" that
    # starts its line counts when no capitalised one does.
    return _number_slot_after(page, header, lines, capital=True) \
        or _number_slot_after(page, header, lines, capital=False)


def _number_slot_after(page: int, header: list[Word], lines: list[list[Word]],
                       capital: bool) -> list[Slot]:
    for line in lines:
        for i, word in enumerate(line):
            text = unicodedata.normalize("NFC", word.text).strip()
            if not capital:
                if i > 0:
                    break
                text = text[:1].upper() + text[1:]
            glued = None if _SO.match(text) else _SO_GLUED.match(text)
            if glued and (glued.group(2).isalpha() or PRINTED_CODE.search(text)):
                glued = None
            if not _SO.match(text) and not glued and not _SO_SLIPPED.match(text):
                continue
            left = (_printed_edge(word, len(glued.group(1)), _near(word, header),
                                  printed_after=False) if glued
                    else _printed_end(word, _near(word, header)))
            # The code after the slot: the first word to the right that starts one, or that
            # is one whose stroke OCR lost.
            for j in range(i + 1, min(i + 4, len(line))):
                code = PRINTED_CODE.search(line[j].text) or BARE_CODE.match(line[j].text)
                if not code:
                    continue
                between = line[i + 1:j]
                prefix = line[j].text[:code.start()]
                printed = not glued and _printed(between + ([line[j]] if prefix else []),
                                                 prefix)
                right = _printed_edge(line[j], code.start(), _near(line[j], header),
                                      printed_after=True)
                box = _gap_box(left, right, line[i:j + 1])
                return [Slot(page, box, "number", printed)] if box else []
    return []


def _date_slots(page: int, header: list[Word]) -> list[Slot]:
    for words in lines_of(header):
        # OCR glues the handwriting to the printed word beside it ("Vˆtháng", "ngày8Z"):
        # such a word is the printed word, with the glued part inside the slot.
        line = [part for w in words for part in _split_between(w, words)]
        marks = [_date_word(w) for w in line]
        keys = [m[0] if m else "" for m in marks]
        if "ngày" not in keys or "tháng" not in keys:
            continue
        slots = []
        day_at = keys.index("ngày")
        month_at = _after(keys, "tháng", day_at)
        year_at = _after(keys, "năm", month_at) if month_at is not None else None
        spans: tuple[tuple[Kind, int | None, int | None], ...] = (("day", day_at, month_at),
                                                    ("month", month_at, year_at))
        for kind, left, right in spans:
            if left is None or right is None or right - left > 4:
                continue
            left_mark, right_mark = marks[left], marks[right]
            assert left_mark is not None and right_mark is not None
            # What is glued on the slot's side of a word is in the slot: after "ngày",
            # before "tháng" and "năm".
            glued_left = left_mark[1] and left_mark[0] == "ngày"
            glued_right = right_mark[1]
            printed = not (glued_left or glued_right) and _printed(line[left + 1:right], "")
            x0 = (_printed_edge(line[left], left_mark[2], line, printed_after=False)
                  if glued_left else _printed_end(line[left], line))
            x1 = (_printed_edge(line[right], right_mark[2], line, printed_after=True)
                  if glued_right else _printed_start(line[right], line))
            box = _gap_box(x0, x1, line[left:right + 1])
            if box is None and not printed:
                # No room for a digit between the boxes, however little wider than its
                # letters the keyword's box before the slot is: OCR boxed the pen with the
                # keyword ('tháng?' over the month's figures).
                x0 = min(x0, _letters_end(line[left], left_mark[0], line))
                box = _gap_box(x0, x1, line[left:right + 1])
            if box:
                slots.append(Slot(page, box, kind, printed))
        return slots
    return []


_DATE_WORDS = ("ngày", "tháng", "năm")


def _split_between(word: Word, line: list[Word]) -> list[Word]:
    """A word OCR made of `ngày`, the handwritten day and `tháng` ("ngày7•tháng") as two:
    `ngày` with the handwriting glued to it, and `tháng` where its printed letters start."""
    text = _fold(word.text).strip(STRAY_MARKS)
    if not (text.startswith("ngày") and text.endswith("tháng") and len(text) > 9):
        return [word]
    start = len(word.text) - len(word.text.rstrip(STRAY_MARKS)) + len("tháng")
    middle = _printed_edge(word, len(word.text) - start, line, printed_after=True)
    x0, y0, x1, y1 = word.box
    head = word.text[:len(word.text) - start]
    return [replace(word, text=head, box=(x0, y0, middle, y1)),
            replace(word, text=word.text[len(head):], box=(middle, y0, x1, y1))]


def _date_word(word: Word) -> tuple[str, bool, int] | None:
    """Which of ngày/tháng/năm a word is, whether something is glued to it, and where the
    printed word ends (for ngày, glued after) or starts (for tháng and năm, glued before)."""
    text = _fold(word.text).strip(STRAY_MARKS)
    for key in _DATE_WORDS:
        if text == key:
            return key, False, 0
    # 'ngày' with the day glued on, or 'ngà' whose 'y' the pen turned into a capital, a
    # figure or a mark (the date parser's rule): the printed word is four letters either way.
    raw = unicodedata.normalize("NFC", word.text).strip()
    if len(text) > 4 and (text.startswith("ngày") or GLUED_NGAY.match(raw)):
        return "ngày", True, len("ngày")
    for key in ("tháng", "năm"):
        if text.endswith(key) and len(text) > len(key):
            return key, True, len(text) - len(key)
    # Read with a slip, as on a blurred photo ('ngủy', 'thảng'); a capital is a place name
    # ('Quảng Ngãi', 'Quảng Nam'), never the date's keyword.
    for key in _DATE_WORDS:
        if not raw[:1].isupper() and is_keyword(raw, fold(key)):
            return key, False, 0
    return None


def _after(folded: list[str], word: str, start: int | None) -> int | None:
    if start is None:
        return None
    for i in range(start + 1, len(folded)):
        if folded[i] == word:
            return i
    return None


def _printed(between: list[Word], prefix: str) -> bool:
    """Whether the gap already holds its value in clean print: the words between, and the
    `prefix` glued to the last of them (the code word, for a number)."""
    texts = [w.text for w in between if not prefix or w is not between[-1]]
    digits = "".join(texts + ([prefix] if prefix else []))
    return bool(digits) and bool(_DIGITS.match(digits)) and all(
        w.confidence >= PRINTED_CONFIDENCE and not w.handwritten for w in between)


def _near(word: Word, words: list[Word]) -> list[Word]:
    """The words within three line heights above or below a word: its header block."""
    height = word.box[3] - word.box[1]
    return [w for w in words if abs(w.box[1] - word.box[1]) <= 3 * height]


def _printed_edge(word: Word, index: int, line: list[Word], printed_after: bool) -> int:
    """Where the printed part of a word OCR glued to handwriting meets the handwriting: the
    part from `index` on ("/CT-UBND", "tháng") when `printed_after`, else the part before it
    ("ngày"). Printed letters are as wide as the line's other printed letters of the same
    case, while the garbled handwriting's are not; without such words, the box is shared
    out evenly."""
    printed = word.text[index:] if printed_after else word.text[:index]
    if not printed or len(printed) == len(word.text):
        return word.box[0] if printed_after else word.box[2]
    per_char = _letter_width(word, line, printed)
    if not per_char:
        return char_x(word, index)
    width = round(per_char * _letters(printed))
    if printed_after:
        return max(word.box[0], word.box[2] - width)
    return min(word.box[2], word.box[0] + width)


def _printed_end(word: Word, line: list[Word]) -> int:
    """Where a printed word before a slot ends ("Số:", "ngày"): its box's right edge, unless
    the box is much wider than its letters (OCR took the handwriting beside it in)."""
    per_char = _letter_width(word, line)
    if per_char and word.box[2] - word.box[0] > TOO_WIDE * per_char * len(word.text):
        return word.box[0] + round(per_char * len(word.text))
    return word.box[2]


def _printed_start(word: Word, line: list[Word]) -> int:
    """Where a printed word after a slot starts ("tháng", "năm"), likewise."""
    per_char = _letter_width(word, line)
    if per_char and word.box[2] - word.box[0] > TOO_WIDE * per_char * len(word.text):
        return word.box[2] - round(per_char * len(word.text))
    return word.box[0]


def _letters_end(word: Word, printed: str, line: list[Word]) -> int:
    """Where the `printed` word's letters end when they start at the word's box."""
    per_char = _letter_width(word, line, printed)
    return min(word.box[2], word.box[0] + round(per_char * _letters(printed))) if per_char \
        else word.box[2]


def _letter_width(word: Word, line: list[Word], printed: str | None = None) -> float:
    """The width of a printed letter of the line in the case of `word` (or of its
    `printed` part): the median over its other confidently read words (0 when none)."""
    capitals = (word.text if printed is None else printed).strip("/-:.,").isupper()
    others = [w for w in line if w is not word and len(w.text) >= 2 and w.confidence >= 0.8
              and w.text.isupper() == capitals]
    if not others:
        return 0.0
    return sorted((w.box[2] - w.box[0]) / len(w.text) for w in others)[len(others) // 2]


def _letters(printed: str) -> float:
    """How many letters' width printed text takes: punctuation ("/", "-", ":") about half."""
    return sum(0.5 if c in "/-:.,;" else 1.0 for c in printed)


def _gap_box(x0: int, right: int, line: list[Word]) -> Box | None:
    top = min(w.box[1] for w in line)
    bottom = max(w.box[3] for w in line)
    height = bottom - top
    if right - x0 < 0.5 * height:  # no room for even one handwritten digit
        return None
    return (x0, max(0, round(top - ABOVE * height)), right, round(bottom + BELOW * height))
