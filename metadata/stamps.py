"""Receipt stamps: the 'CÔNG VĂN ĐẾN' box a receiving office stamps over the first lines.

The box holds the receiving office's name, 'Số:' (số đến, the registration number), 'Ngày:'
(ngày đến), 'Chuyển:' and handwriting. Its words are no part of the document: they are taken
off the page before the header and title are read, and what the box says is kept apart as
receipt data.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from luutru.ocr.types import Box, PageResult, Word
from luutru.vietnamese import fold, short_date

# Words printed in every receipt stamp (folded): 'Chuyển:', 'ĐẾN' of 'CÔNG VĂN ĐẾN' or
# 'CV ĐẾN', and 'Số đến' / 'Ngày đến'.
_CHUYEN = re.compile(r"^\W*chuyen\W*$")
_DEN = re.compile(r"^\W*den\W*$")


@dataclass(frozen=True)
class Receipt:
    box: Box
    number: str  # số đến, '' when unreadable
    date: str  # ngày đến, ISO, '' when unreadable


def _height(words: list[Word]) -> float:
    hs = [w.box[3] - w.box[1] for w in words if any(c.isalnum() for c in w.text)]
    return float(statistics.median(hs)) if hs else 1.0


def _anchors(words: list[Word], h: float) -> list[Word] | None:
    chuyen = [w for w in words if _CHUYEN.match(fold(w.text))]
    den = [w for w in words if _DEN.match(fold(w.text)) and w.text.strip(".,:;|").isupper()]
    for c in chuyen:
        near = [d for d in den if abs(d.box[1] - c.box[1]) < 6 * h and abs(d.box[0] - c.box[0])
                < 8 * h]
        if near:
            return [c, *near]
    return None


def find_receipt(page: PageResult) -> Receipt | None:
    """The receipt stamp on a page, when its printed words 'ĐẾN' and 'Chuyển' are read."""
    words = [w for w in page.words if w.text.strip()]
    h = _height(words)
    anchors = _anchors(words, h)
    if anchors is None:
        return None
    x0 = min(w.box[0] for w in anchors) - h
    y0 = min(w.box[1] for w in anchors) - 4.5 * h  # the office name, then số đến
    y1 = max(w.box[3] for w in anchors) + 0.5 * h
    x1 = max(w.box[2] for w in anchors)
    # The box reaches right as far as the stamp's own marks go: words read with little
    # confidence or in capitals, each close to the last; the body's clean words stop it.
    rows = sorted((w for w in words if y0 <= (w.box[1] + w.box[3]) / 2 <= y1 and w.box[0] >= x0),
                  key=lambda w: w.box[0])
    for w in rows:
        if w.box[0] > x1 + 2 * h:
            break
        stampish = w.confidence < 0.7 or w.text.strip("“\"'|.,:;").isupper()
        if stampish or w.box[2] <= x1:
            x1 = max(x1, w.box[2])
    box = (round(max(0, x0)), round(max(0, y0)), round(x1), round(y1))
    inside = [w for w in words if _inside(w.box, box)]
    return Receipt(box, _number(inside), _date(inside))


def _inside(b: Box, box: Box) -> bool:
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _after(words: list[Word], key: str) -> list[str]:
    """The two words right of each label `key` ('số', 'ngày') on its row."""
    out: list[str] = []
    for w in words:
        if fold(w.text).strip(".,:;|") == key:
            h, cy = w.box[3] - w.box[1], (w.box[1] + w.box[3]) / 2
            row = sorted((x for x in words if x.box[0] > w.box[0]
                          and abs((x.box[1] + x.box[3]) / 2 - cy) < 0.5 * h),
                         key=lambda x: x.box[0])
            out += [x.text for x in row[:2]]
    return out


def _number(words: list[Word]) -> str:
    for tok in _after(words, "so"):
        digits = tok.strip(".,:;|")
        if digits.isdigit():
            return digits
    return ""


def _date(words: list[Word]) -> str:
    for tok in _after(words, "ngay"):
        iso = short_date(tok.strip(".,:;|"))
        if iso:
            return iso
    return ""


def without_receipt(page: PageResult, receipt: Receipt) -> PageResult:
    """The page with the stamp's words taken off (body words it covers go with them)."""
    kept = tuple(w for w in page.words if not _inside(w.box, receipt.box))
    return replace(page, words=kept)
