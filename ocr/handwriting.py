"""Handwritten digits in a slot: the number and day a văn thư writes into a printed form.

Tesseract's print model reads a pen's digits as garbage, so a slot (see `metadata.slots`) is
read here: the pen strokes are told from the print around them (the dotted leader, rules,
the edge of a neighbouring printed word), cut into digits by the digit model itself
(segmentation by recognition, `ocr.digit_segments`), each digit normalised (scaled into
a 32 x 32 grid, the pen brought to one width; counted in 2 x 2 blocks and by stroke
direction), and classified by a support-vector machine with calibrated
probabilities.

The model is trained by scripts/install.sh (or on first use) and cached beside the
interpreter; nothing is downloaded. Its examples (`ocr.digit_examples`): MNIST's and
scikit-learn's writers, handwriting fonts, and pen shapes Vietnamese hands use, many
roughened as a real pen on a real form leaves them. A fifth of them is held out of
training and decides the accept threshold (MIN_CONFIDENCE).
A reading below it is not a value: an empty field flagged for review is better than a wrong
number, unless Tesseract, a reader of another kind, reads the same figures in the same
strokes (`confirmed`).
"""
from __future__ import annotations

import logging
import pickle
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import cv2
import numpy as np

from luutru.ocr import digit_segments
from luutru.ocr.clean import Points, map_box, page_map
from luutru.ocr.imaging import components
from luutru.ocr.recognise import figures_line
from luutru.ocr.text import STRAY_MARKS, char_x, insert_lines, renumbered, words_to_text
from luutru.ocr.types import Box, PageResult, Word
from luutru.vietnamese import PRINTED_CODE, SO_KEYWORD

if TYPE_CHECKING:  # for the type only: the examples' module imports `normalise` from here
    from luutru.ocr.digit_examples import Examples


class Slot(Protocol):
    """Where a handwritten figure is expected (metadata.slots finds them from word boxes)."""

    @property
    def page(self) -> int: ...

    @property
    def box(self) -> Box: ...

    @property
    def kind(self) -> str: ...

    @property
    def printed(self) -> bool:
        """Whether OCR read confident print there: read again only if the ink is a pen's."""
        ...

    def line_band(self) -> tuple[int, int]:
        """The top and bottom of the printed line the slot sits on."""
        ...

log = logging.getLogger(__name__)

# Of the whole reading, the product of its digits' probabilities. Chosen on held-out
# readings (digits of the MNIST subset, scikit-learn's writers, fonts, pen and continental
# shapes kept out of training, put side by side as slots hold them), never on real papers'
# readings: the lowest confidence at which 99 % of the readings at or above it are right
# was 0.668-0.733 over four draws of 20,000 such readings (`train` reports one as
# `threshold_99`); the threshold is the highest of them rounded up to a hundredth: at 0.74
# every draw was at least 99.03 % right, letting 93 % through (docs/ocr-real.md;
# tests/test_ocr_handwriting.py checks it). It was 0.7 for the model before the continental
# shapes (`continental_strokes`), chosen on held-out digits without them; with them held
# out too, that model's were 0.686-0.743 (0.75 by this rule). A reading below it is only a
# candidate: a wrong number is worse than none; one above it is still shown to a human
# (PEN_CAP).
MIN_CONFIDENCE = 0.74
# What a reading of pen strokes is given at most: below metadata.trust's HAND_SURE, so that
# a human still looks at it unless evidence independent of the pen agrees. The held-out
# hands are not an archive's: on real slots the readings above the threshold were not all
# right (a digit beyond the slot's estimated end left out, docs/ocr-real.md).
PEN_CAP = 0.97
MAX_DIGITS = 5
# Pen model and Tesseract reading the same figures: accepted, but below metadata.trust's
# HAND_SURE, so still shown to a human.
AGREED_CAP = 0.95
_GLUED = re.compile(r"^\d{1,5}[-/]\S*[A-ZĐ]")
_SO_PRINTED = re.compile(rf"^{SO_KEYWORD}:?")
CANDIDATES = 3  # readings kept for evidence to choose from (metadata.trust, archive.evidence)
# Below it a reading is too unlikely to be even a candidate.
MIN_CANDIDATE = 0.05
_GRID = 32  # a digit is drawn into a grid this size, then counted in 2 x 2 blocks
_BOX = 28  # the digit's longer side in the grid
_STROKE = 3.0  # the pen width every digit is brought near, in pixels of the grid
MODEL_VERSION = 11  # part of the cached model's name: a change here trains a new one


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float
    box: Box  # of the strokes, in the crop's pixels
    # The likeliest readings, best first, each with its probability (the product of its
    # digits'): the first is (text, confidence). Others swap one digit for its runner-up.
    candidates: tuple[tuple[str, float], ...] = ()
    # Whether the pixels tell the strokes from the print beside the slot (blue, or wider):
    # see `written_by_pen`.
    pen: bool = False
    # The pen's strokes the reading was made of (0/1, the crop's size): what the second
    # opinion (`second_opinion`) reads again.
    strokes: np.ndarray | None = field(default=None, compare=False, repr=False)


def read_digits(crop: np.ndarray, dpi: int, inside: tuple[int, int] | None = None,
                line_bottom: int | None = None) -> Reading | None:
    """The digits handwritten in a slot's crop (BGR or grey), or None when there is no
    pen stroke there. `inside` is the slot's span across the crop, when the crop reaches
    beyond it, and `line_bottom` the row where the slot's printed line ends, when the crop
    reaches below it (see `pen_strokes`). The strokes are cut into digits by the model
    itself (`ocr.digit_segments`): the grouping of their pieces it reads most surely."""
    ink = pen_strokes(crop, dpi, inside, line_bottom)
    parts = digit_segments.pieces(ink)
    grouping = _grouped(parts)
    if grouping is None:
        return None
    model = digit_model()["model"]
    # A reading's confidence is its digits' probabilities' product, times its grouping's
    # share against the best grouping of the ink that reads other digits: a string the
    # ink could as well be cut into otherwise is doubtful however sure each digit is. On
    # held-out strings drawn touching, overlapping or broken, the product alone let 23 %
    # wrong readings through the threshold (docs/ocr-real.md).
    found = tuple((t, p * grouping.share) for t, p in
                  candidates(grouping.probabilities, [str(c) for c in model.classes_]))
    text, confidence = found[0]
    boxes = grouping.boxes
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
           max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Reading(text, confidence, box, found, written_by_pen(crop, ink, inside, dpi), ink)


# A 4 has a crossbar: a row of ink across at least this share of its width, below its top
# quarter. Of held-out 4s (MNIST, scikit-learn, fonts, the pen and continental shapes) 99 %
# have one of at least 0.45 of the width; a Vietnamese 1 (a long up-stroke from the lower
# left to the top of the stem), or two 1s touching, has none: the continental 1s' median
# is 0.24 (docs/ocr-real.md).
CROSSBAR = 0.4


def _inked(mask: np.ndarray) -> np.ndarray | None:
    """The mask cropped to the box of its ink; None when it has none."""
    ys, xs = np.nonzero(mask)
    if not len(ys):
        return None
    return mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def crossbar(glyph: np.ndarray) -> float:
    """The longest run of ink across one row, from a quarter of the glyph's height down to
    nine tenths, as a share of its width."""
    inked = _inked(glyph)
    if inked is None:
        return 0.0
    ink = inked > 0
    h, w = ink.shape
    rows = ink[int(0.25 * h):max(int(0.25 * h) + 1, int(0.9 * h))]
    # Per row, the longest stretch of consecutive ink pixels.
    padded = np.pad(rows, ((0, 0), (1, 1))).astype(np.int8)
    edges = np.diff(padded, axis=1)
    longest = 0
    for row in edges:
        starts, ends = np.flatnonzero(row == 1), np.flatnonzero(row == -1)
        if len(starts):
            longest = max(longest, int((ends - starts).max()))
    return longest / w


# Digits that stand on one stem: below their middle a row of a 4 (under its bar), a 7 or a
# 9 crosses one stroke. A median of two strokes across the lowest third is found in 0.2 %
# of MNIST's 7s, 1.0 % of its 4s, 1.4 % of its 9s, 1.1 % of scikit-learn's 9s, none of
# the fonts' and continental shapes' 4s, 7s and 9s, and in 90-100 % of two continental
# digits drawn touching (docs/ocr-real.md). Not the 1: a Vietnamese 1's up-stroke often
# starts low, beside its stem.
ONE_STEM = ("4", "7", "9")


def stems_at_foot(glyph: np.ndarray) -> float:
    """How many strokes a row crosses in the glyph's lowest third (from 0.65 to 0.95 of its
    height; the median over those rows): ink parted by a gap of at least 6 % of the height
    counts as two strokes, so that a rough pen's frayed edge is one."""
    inked = _inked(glyph)
    if inked is None:
        return 0.0
    ink = inked > 0
    h = ink.shape[0]
    gap = max(2, round(0.06 * h))
    counts = []
    for row in ink[int(0.65 * h):max(int(0.65 * h) + 1, int(0.95 * h))]:
        x = np.flatnonzero(row)
        counts.append(1 + int((np.diff(x) > gap).sum()) if len(x) else 0)
    return float(np.median(counts))


def _grouped(parts: list[digit_segments.Piece]) -> digit_segments.Grouping | None:
    """The model's grouping of the pieces into digits, where a glyph is not read as a digit
    whose shape it lacks: ink without a crossbar is no 4, ink that stands on two stems is
    no 4, 7 or 9. Two digits written close touch and make one glyph, which the model reads
    as one digit, surely: two Vietnamese 1s (each a long up-stroke to the top of its stem)
    as a 4, a 7 and a 1 as a 7. Those probabilities are taken away, not handed to the
    other digits, so that such a glyph scores low as one digit and the segmenter weighs
    cutting it in two; nor is the digit left a candidate (Tesseract reads the touching 1s
    as a 4 too, on held-out scikit-learn strings)."""
    model = digit_model()["model"]
    labels = [str(c) for c in model.classes_]
    four = labels.index("4")
    one_stem = [labels.index(d) for d in ONE_STEM]

    def read(masks: list[np.ndarray]) -> np.ndarray:
        rows = model.predict_proba(np.array([normalise(m) for m in masks]))
        rows[[crossbar(m) < CROSSBAR for m in masks], four] = 0.0
        rows[np.ix_([stems_at_foot(m) >= 2 for m in masks], one_stem)] = 0.0
        return rows

    return digit_segments.best_grouping(parts, read, labels, MAX_DIGITS)


def candidates(probabilities: np.ndarray, labels: list[str], keep: int = CANDIDATES
               ) -> tuple[tuple[str, float], ...]:
    """The `keep` likeliest readings of digits whose class probabilities are the rows of
    `probabilities`: the best reading, then those that swap one or two digits for their
    second or third choice, by the product of the digits' probabilities."""
    order = np.argsort(-probabilities, axis=1)[:, :3]
    found: list[tuple[str, float]] = [("", 1.0)]
    for row, choices in zip(probabilities, order, strict=True):
        found = sorted(((text + labels[i], p * float(row[i])) for text, p in found
                        for i in choices), key=lambda c: -c[1])[:keep * 3]
    return tuple(found[:keep])


def read_slot(image: np.ndarray, slot: Slot, back: Callable[[np.ndarray, np.ndarray], Points],
              dpi: int) -> Reading | None:
    """The digits handwritten in a slot of the cleaned page, read from the page image as
    loaded (`image`, at `dpi`), to which `back` takes the cleaned page's points
    (`ocr.clean.PageMap.back`): the slot and the bottom of its printed line mapped there."""
    top, bottom = slot.line_band()
    line = map_box(back, (slot.box[0], top, slot.box[2], bottom))
    return read_slot_image(image, map_box(back, slot.box), dpi, line[3])


def read_slot_image(image: np.ndarray, box: Box, dpi: int, line_bottom: int | None = None
                    ) -> Reading | None:
    """The digits handwritten in `box` of a page image, their box in the page's pixels.
    `line_bottom` is the row of the image where the slot's printed line ends.

    A slot's ends are estimated from print and the pen does not keep inside them: the crop
    reaches a little beyond each end, and a stroke counts when its middle is inside.
    """
    h, w = image.shape[:2]
    x0, y0, x1, y1 = box
    margin = round(0.6 * (y1 - y0))
    left, right = max(0, x0 - margin), min(w, x1 + margin)
    top, bottom = max(0, y0), min(h, y1)
    if x1 - x0 < 4 or bottom - top < 4:
        return None
    reading = read_digits(image[top:bottom, left:right], dpi, (x0 - left, x1 - left),
                          None if line_bottom is None else line_bottom - top)
    if reading is None:
        return None
    rx0, ry0, rx1, ry1 = reading.box
    return replace(reading, box=(left + rx0, top + ry0, left + rx1, top + ry1))


def pen_strokes(crop: np.ndarray, dpi: int, inside: tuple[int, int] | None = None,
                line_bottom: int | None = None) -> np.ndarray:
    """A 0/1 mask of the pen's strokes: dark or blue ink, without the print of the form.

    Dots of the leader and specks are too small for a digit's stroke; a rule is long and
    flat; anything touching the crop's left or right edge is the printed word beside the
    slot, and so is a stroke whose middle lies outside `inside` (the slot's span across).
    Ink that starts below `line_bottom` (the row where the slot's printed line ends) is the
    next line's print: a công văn's "V/v" line often sits right under its number, its
    tone marks and ascenders reaching up into the room the slot leaves for the pen, and
    a digit written in the slot starts on or above the line.
    Where the pixels tell the pen from the print beside the slot (blue, or wider), the pen's
    part of ink that print touches is kept (`_pen_parts`). Pieces smaller than a digit (a
    5's flag the pen lifted for, a stroke broken where the ink skipped) are kept when they
    lie among the digits: `ocr.digit_segments` puts them back with their digit or leaves
    them out.
    """
    mask = _ink(crop)
    count, labels, stats = components(mask)
    h, w = mask.shape
    lo, hi = inside or (0, w)
    keep = np.zeros(count, bool)
    straddling = []
    min_height = 0.08 * dpi  # a handwritten digit is at least 2 mm tall
    for i in range(1, count):
        x, y, cw, ch, area = stats[i]
        flat = cw > 4 * ch
        # The crop's left or right edge: the printed word beside the slot. Its top or bottom
        # edge short of the middle row (the slot's printed line), or its top third alone
        # (the room left for the pen above that line): the line above's or below's print,
        # which a photo's slot, sized by its blurred line's boxes, reaches into.
        touches = (x == 0 or x + cw >= w or y + ch <= h // 3
                   or (y == 0 or y + ch >= h) and not y <= h // 2 < y + ch)
        big = ch >= min_height and area >= 0.075 * min_height ** 2 and \
            (line_bottom is None or y < line_bottom)
        keep[i] = big and not flat and not touches and lo <= x + cw / 2 <= hi
        if big and not flat and not keep[i] and x < hi and x + cw > lo:
            straddling.append(i)
    pen = keep.astype(np.uint8).take(labels, mode="clip")
    pen = _pen_parts(crop, labels, stats, straddling, pen, (lo, hi), dpi)
    return pen | _small_pieces(stats, labels, pen, (lo, hi), dpi)


def _small_pieces(stats: np.ndarray, labels: np.ndarray, pen: np.ndarray,
                  inside: tuple[int, int], dpi: int) -> np.ndarray:
    """Pieces of ink too small for a digit that lie among the pen's digits (`pen`): across
    the slot's span, within the digits' height, at least a millimetre long (the leader's
    dots are smaller) and not a rule. Print touching the crop's edge is never one."""
    out = np.zeros_like(pen)
    if not pen.any():
        return out
    ys = np.flatnonzero(pen.any(axis=1))
    top, bottom = int(ys[0]), int(ys[-1])
    lo, hi = inside
    least = 0.035 * dpi
    width = labels.shape[1]
    for i in range(1, len(stats)):
        x, y, cw, ch, _ = stats[i]
        if (max(cw, ch) >= least and cw <= 0.15 * dpi and ch < 0.08 * dpi
                and x > 0 and x + cw < width and lo <= x + cw / 2 <= hi
                and y >= top - 0.1 * dpi and y + ch <= bottom + 0.05 * dpi
                and not pen[labels == i].any()):
            out[labels == i] = 1
    return out


def _ink(crop: np.ndarray) -> np.ndarray:
    """A 0/1 mask of the dark or blue ink of a crop (BGR or grey): darker than INK_LEVEL
    of the paper around it, or blue."""
    grey = crop if crop.ndim != 3 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    dark = grey < INK_LEVEL * np.minimum(WHITE_PAPER, _paper(grey))
    if crop.ndim != 3:
        return dark.astype(np.uint8)
    b, g, r = (crop[:, :, i].astype(np.int16) for i in range(3))
    return (dark | ((b - r > 40) & (b - g > 10))).astype(np.uint8)


# Ink is darker than this share of its paper's brightness: 140 on a scan's white paper. A
# phone photo's paper is grey (140 there took in the blur around every stroke, which glued
# a 2 to its 0 and the pen to the printed "ngày" beside it), and uneven under a hand's
# shadow; paper at least this bright is a scan's, held to 140 as before.
INK_LEVEL = 140 / 235
WHITE_PAPER = 235


def _paper(grey: np.ndarray) -> np.ndarray:
    """The paper's brightness around each pixel of a crop: the brightest nearby, over a
    window wider than any stroke (a third of the crop's height: the slot's line and the
    room above and below it), smoothed."""
    side = max(3, grey.shape[0] // 3) | 1
    paper = cv2.dilate(grey, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    return cv2.blur(paper, (side, side)).astype(np.float32)


# A stroke this much wider than the print beside the slot is the pen's (a felt-tip or a
# ballpoint pressed hard against a laser printer's thin serif strokes).
PEN_WIDER = 1.3


def _pen_parts(crop: np.ndarray, labels: np.ndarray, stats: np.ndarray,
               straddling: list[int], pen: np.ndarray, inside: tuple[int, int], dpi: int
               ) -> np.ndarray:
    """The pen strokes `pen` with print touching them taken off, and the pen's part of the
    ink that straddles one of the slot's estimated ends or touches the crop's edge, when the
    pixels tell pen from print (`_unlike_print`, against the printed letters beside the
    slot). A slot's ends come from OCR's boxes, and OCR boxes the printed word after a slot
    ("tháng", "/CT-UBND") from the last pen digit that runs into it; the printed "Số:" or
    "/" is often touched by the pen: the pixels tell where the print really is.

    A blue pen beside black print keeps only its blue ink (and its edge); a pen clearly
    wider than the print keeps what an opening as wide as the print's stroke leaves (the
    print's thin strokes go). Of ink that straddles an end, a part is kept when it is like
    the pen and reaches into the slot."""
    reference = _print_beside(crop, labels, stats, set(straddling) |
                              set(np.unique(labels[pen > 0]).tolist()), inside, dpi)
    if reference is None:
        return pen
    width, blue = reference
    if crop.ndim == 3 and blue < 0.2 and pen.any() and _blue_share(crop, pen > 0) > 0.5:
        near_blue = cv2.dilate(_blue(crop), np.ones((3, 3), np.uint8))
        pen = pen & near_blue
    lo, hi = inside
    h, w = pen.shape
    for i in straddling:
        strokes = (labels == i).astype(np.uint8)
        part = _pen_part(crop, strokes, reference)
        if part is None:
            continue
        count, part_labels, part_stats = components(part)
        for k in range(1, count):
            x, y, cw, ch, _ = part_stats[k]
            piece = (part_labels == k).astype(np.uint8)
            if (ch >= 0.04 * dpi and x > 0 and x + cw < w and x < hi and x + cw > lo
                    and _unlike_print(crop, piece, reference)):
                pen = pen | piece
    return pen


def _pen_part(crop: np.ndarray, strokes: np.ndarray, reference: tuple[float, float]
              ) -> np.ndarray | None:
    """The pen's part of ink where pen and print touch (a 0/1 mask), None when the pixels
    do not tell them apart: a blue pen's blue ink next to black print, or a pen wider than
    the print what is left of it by an opening the print's strokes do not survive."""
    width, blue = reference
    if crop.ndim == 3 and blue < 0.2 and _blue_share(crop, strokes > 0) > 0.3:
        return strokes & cv2.dilate(_blue(crop), np.ones((3, 3), np.uint8))
    if _stroke_width(strokes) < width:
        return None
    size = max(2, round(width) + 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    opened = cv2.morphologyEx(strokes, cv2.MORPH_OPEN, kernel)
    if not opened.any():
        return None
    return strokes & cv2.dilate(opened, kernel)


def _print_beside(crop: np.ndarray, labels: np.ndarray, stats: np.ndarray, leave_out: set[int],
                  inside: tuple[int, int], dpi: int) -> tuple[float, float] | None:
    """The stroke width and share of blue of the printed letters beside a slot (the ink
    whose middle lies outside its span `inside`, letter-sized): None when there are none."""
    lo, hi = inside
    letter = 0.04 * dpi  # a printed letter is at least 1 mm tall
    printed = [i for i in range(1, len(stats)) if i not in leave_out
               and letter <= stats[i][3] < 0.5 * crop.shape[0]
               and not lo <= stats[i][0] + stats[i][2] / 2 <= hi]
    if not printed:
        return None
    widths = [_stroke_width((labels == i).astype(np.uint8)) for i in printed]
    return float(np.median(widths)), _blue_share(crop, np.isin(labels, printed))


def _unlike_print(crop: np.ndarray, strokes: np.ndarray, reference: tuple[float, float]
                  ) -> bool:
    """Whether strokes (a 0/1 mask of the crop) are a pen's next to print of this width and
    blueness: blue where the print is not, or a clearly wider stroke."""
    width, blue = reference
    return _stroke_width(strokes) >= PEN_WIDER * width or \
        (blue < 0.2 and _blue_share(crop, strokes > 0) > 0.5)


def written_by_pen(crop: np.ndarray, ink: np.ndarray, inside: tuple[int, int] | None,
                   dpi: int) -> bool:
    """Whether the strokes `ink` (from `pen_strokes`) found in a slot's crop are told from
    the print beside the slot by the pixels: blue, or a wider stroke. Figures OCR read
    confidently in a slot may be a văn thư's neat hand (Tesseract reads such digits as
    print, and wrongly); a printed value's figures are as wide and as black as its letters."""
    if not ink.any():
        return False
    _, labels, stats = components(_ink(crop))
    pen = set(np.unique(labels[ink > 0]).tolist()) - {0}
    reference = _print_beside(crop, labels, stats, pen, inside or (0, crop.shape[1]), dpi)
    return reference is not None and _unlike_print(crop, ink, reference)


def _blue(crop: np.ndarray) -> np.ndarray:
    """A 0/1 mask of a colour crop's blue ink."""
    b, g, r = (crop[:, :, i].astype(np.int16) for i in range(3))
    return ((b - r > 40) & (b - g > 10)).astype(np.uint8)


def _blue_share(crop: np.ndarray, where: np.ndarray) -> float:
    """The share of the pixels `where` (a mask of the crop) that are blue ink (0 on a grey
    page)."""
    if crop.ndim != 3:
        return 0.0
    pixels = crop[where].astype(np.int16)
    if not len(pixels):
        return 0.0
    b, g, r = pixels[:, 0], pixels[:, 1], pixels[:, 2]
    return float(((b - r > 40) & (b - g > 10)).mean())


def split_digits(ink: np.ndarray) -> list[Box]:
    """Boxes of the digits of a string of pen strokes, left to right, as the digit model
    cuts them (`ocr.digit_segments`)."""
    grouping = _grouped(digit_segments.pieces(ink))
    return list(grouping.boxes) if grouping is not None else []


def normalise(glyph: np.ndarray) -> np.ndarray:
    """A digit's 0/1 mask as the model sees it (`FEATURES` values): scaled to fill a
    28-pixel box in a 32 x 32 grid, centred, the pen brought near the examples' width; then
    the grid counted in 2 x 2 blocks and its strokes' directions (a histogram of oriented
    gradients), which a pen's wobble moves less. The slant is left as written: shearing it
    away by the ink's moments turned 1s with a long up-stroke into λ shapes, near a 4."""
    inked = _inked(glyph)
    if inked is None:
        return np.zeros(FEATURES, np.float32)
    glyph = inked.astype(np.uint8)
    h, w = glyph.shape
    scale = min(_BOX / h, _BOX / w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = cv2.resize(glyph * 255, size, interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    stroke = _stroke_width(glyph) * scale
    grid: np.ndarray = np.zeros((_GRID, _GRID), np.float32)
    top, left = (_GRID - size[1]) // 2, (_GRID - size[0]) // 2
    grid[top:top + size[1], left:left + size[0]] = small
    if stroke < _STROKE - 0.8:
        grid = cv2.dilate(grid, np.ones((2, 2), np.uint8))
    elif stroke > _STROKE + 1.5:
        grid = cv2.erode(grid, np.ones((2, 2), np.uint8))
    half = (_GRID // 2, _GRID // 2)
    blocks = cv2.resize(grid, half, interpolation=cv2.INTER_AREA).ravel()
    return np.concatenate([blocks, _directions(grid)]).astype(np.float32)


_CELL = 8  # the grid's cells whose stroke directions are counted
_BINS = 9  # directions from 0 to 180 degrees
FEATURES = (_GRID // 2) ** 2 + (_GRID // _CELL) ** 2 * _BINS


def _directions(grid: np.ndarray) -> np.ndarray:
    """For each 8 x 8 cell of the grid, how much of its ink's edge runs in each of 9
    directions (a histogram of oriented gradients), each cell scaled to unit length."""
    gx = cv2.Sobel(grid, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grid, cv2.CV_32F, 0, 1, ksize=3)
    magnitude, angle = cv2.cartToPolar(gx, gy)
    bins = ((angle % np.pi) / np.pi * _BINS).astype(np.int32) % _BINS
    cells = _GRID // _CELL
    cell = (np.arange(_GRID) // _CELL)
    index = (cell[:, None] * cells + cell[None, :]) * _BINS + bins
    hist = np.bincount(index.ravel(), magnitude.ravel(), cells * cells * _BINS)
    hist = hist.reshape(cells * cells, _BINS)
    return (hist / (np.linalg.norm(hist, axis=1, keepdims=True) + 1e-3)).ravel()


def _stroke_width(mask: np.ndarray) -> float:
    """A pen's width: twice the mean distance of the ink to the paper, near enough."""
    distance = cv2.distanceTransform(np.pad(mask, 1), cv2.DIST_L2, 3)
    inside = distance[np.pad(mask, 1) > 0]
    return float(2 * inside.mean()) if inside.size else 1.0


def _model_path() -> Path:
    import sklearn

    name = f"digits-v{MODEL_VERSION}-sklearn{sklearn.__version__}.pickle"
    return Path(sys.prefix) / "share" / "luutru" / name


@lru_cache(maxsize=1)
def digit_model() -> dict[str, Any]:
    """The trained digit classifier (`model`) and its held-out report (`held_out`), from the
    cache beside the interpreter, trained and cached first when it is not there
    (scripts/install.sh calls this once)."""
    path = _model_path()
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own file, written below
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    model = train()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(model))
        tmp.replace(path)
    except OSError as e:  # a read-only install trains again next time, that is all
        log.info("digit model not cached at %s (%s)", path, e)
    return model



def train(seed: int = 0) -> dict[str, Any]:
    """The digit model: a support-vector machine on the training examples (see `examples`),
    its digit probabilities made by cross-validation (Platt scaling of each pair of
    classes), and how its readings fare on the held-out digits (`held_out_report`)."""
    from sklearn.svm import SVC

    from luutru.ocr.digit_examples import examples

    fit, held = examples(seed)
    with warnings.catch_warnings():
        # SVC's own probabilities (Platt scaling of each pair of classes, coupled) keep a
        # sure digit near 1 and an unsure one low. The replacement scikit-learn 1.9 suggests,
        # CalibratedClassifierCV (one class against the rest, normalised), squeezed them:
        # held-out right digits had a median of 0.96, wrong ones 0.93, and no reading of
        # three digits reached the threshold. pyproject.toml keeps scikit-learn below 1.11.
        warnings.simplefilter("ignore", FutureWarning)
        model = SVC(C=10, gamma="scale", probability=True, random_state=seed).fit(fit.x, fit.y)
    return {"model": model,
            "held_out": held_out_report(model, held, np.random.default_rng(seed + 1))}


def held_out_readings(model: Any, held: Examples, rng: np.random.Generator,
                      count: int = 10000) -> tuple[np.ndarray, np.ndarray]:
    """Readings of one to four held-out digits put side by side, as slots hold them (a day's
    one or two, a number's up to four): each reading's confidence (the product of its
    digits' probabilities, as `read_digits` gives it) and whether every digit is right."""
    probabilities = model.predict_proba(held.x)
    best = probabilities.max(axis=1)
    ok = model.classes_[probabilities.argmax(axis=1)] == held.y
    lengths = rng.choice([1, 2, 3, 4], count, p=[0.25, 0.4, 0.3, 0.05])
    scores, right = np.empty(count), np.empty(count, bool)
    for i, n in enumerate(lengths):
        pick = rng.integers(0, len(held.y), n)
        scores[i], right[i] = np.prod(best[pick]), ok[pick].all()
    return scores, right


def threshold_for(scores: np.ndarray, right: np.ndarray, share: float) -> float:
    """The lowest confidence at which at least `share` of the readings at or above it are
    right (1.0 when there is none)."""
    order = np.argsort(-scores)
    running = np.cumsum(right[order]) / np.arange(1, len(order) + 1)
    ok = np.flatnonzero(running >= share)
    return float(scores[order][ok.max()]) if len(ok) else 1.0


def held_out_report(model: Any, held: Examples, rng: np.random.Generator) -> dict[str, Any]:
    """On the held-out digits: digit accuracy by source; the readings' confidences and
    whether each is right (see `let_through`); the threshold at which 99 % of readings are
    right (docs/ocr-real.md)."""
    predicted = model.predict(held.x)
    scores, right = held_out_readings(model, held, rng)
    return {"digits": {str(s): round(float((predicted == held.y)[held.source == s].mean()), 4)
                       for s in np.unique(held.source)},
            "digits_all": round(float((predicted == held.y).mean()), 4),
            "scores": scores, "right": right,
            "threshold_99": round(threshold_for(scores, right, 0.99), 4)}


def let_through(report: dict[str, Any], threshold: float) -> tuple[int, float]:
    """How many of the held-out readings a threshold lets through, and the share of them
    that is right."""
    accepted = report["scores"] >= threshold
    return int(accepted.sum()), float(report["right"][accepted].mean()) if accepted.any() \
        else 1.0



def fill_slots(page: PageResult, slots: Sequence[Slot], original: np.ndarray, dpi: int
               ) -> PageResult:
    """The page with the digits read from its slots added as handwritten words, in reading
    position, and what OCR made of the handwriting taken out. `original` is the page as
    loaded (colour if it was colour: blue ink is easiest told from print there), at `dpi`;
    `page.steps` say how cleanup moved it.

    A slot where OCR read confident figures (`Slot.printed`) is read again only when its
    ink is a pen's by the pixels (`written_by_pen`): Tesseract reads a neat hand's digits
    as confident print, and wrongly.

    A reading below MIN_CONFIDENCE is added as a candidate: a word with its low confidence,
    which metadata (metadata.trust, archive.evidence) takes as a value only when evidence
    independent of the pen agrees, and otherwise offers to the reviewer. Only the likeliest
    plausible reading is a candidate: the model's runner-ups matched against the signing day
    agreed by chance on real slots (a 5 taken for the 6 of a signing a day later), since the
    văn thư's day is most often the signing day or one close to it."""
    where = page_map(original.shape, dpi, page.steps)
    readings: list[tuple[Slot, Word]] = []
    for slot in (s for s in slots if s.page == page.number):
        reading = read_slot(original, slot, where.back, dpi)
        chosen = _chosen(reading, slot.kind) if reading is not None else None
        if reading is None or chosen is None or slot.printed and not reading.pen:
            continue
        if _glued_print(page.words, slot.box):
            # Figures OCR read glued to the printed code ('67/2025/TT-BCT') are print, read
            # whole; the digit model reads print too, and sure of it, but in pieces.
            continue
        if chosen[1] < MIN_CONFIDENCE and chosen[0] == _ocr_figures(page.words, slot):
            chosen = chosen[0], _agreed(chosen[1], _ocr_confidence(page.words, slot))
        if chosen[1] < MIN_CONFIDENCE:
            chosen = chosen[0], confirmed(reading, *chosen)
        # On the printed line, where the value belongs, however far the pen strayed: a box
        # reaching into the next line would pull that line's words into the header's.
        x0, _, x1, _ = map_box(where.forward, reading.box)
        top, bottom = slot.line_band()
        box = (x0, top, x1, bottom)
        readings.append((slot, Word(chosen[0], box, round(min(chosen[1], PEN_CAP), 3), 0,
                                    handwritten=True)))
    if not readings:
        return page
    words = page.words
    for slot, _ in readings:
        words = _clear(words, slot.box, slot.line_band())
    words = insert_lines(renumbered(words), [(word,) for _, word in readings])
    return replace(page, words=words, text=words_to_text(words))


def _chosen(reading: Reading, kind: str) -> tuple[str, float] | None:
    """The reading a slot gets: the likeliest plausible one (a day of 45 is no day: its
    runner-up 15 may be), None when none is likely enough to be even a candidate."""
    options = [(t, p) for t, p in reading.candidates or ((reading.text, reading.confidence),)
               if p >= MIN_CANDIDATE and plausible(kind, t)]
    return options[0] if options else None


def plausible(kind: str, digits: str) -> bool:
    """Whether digits can be what a slot of this kind holds: a day of a month, a month, or
    a document's number (which starts again at 1 each year)."""
    value = int(digits)
    if kind == "day":
        return len(digits) <= 2 and 1 <= value <= 31
    if kind == "month":
        return len(digits) <= 2 and 1 <= value <= 12
    return len(digits) <= 4 and value >= 1


def _in_slot(words: tuple[Word, ...], slot: Slot) -> list[Word]:
    """OCR's words in the slot, on its printed line, in reading order."""
    x0, _, x1, _ = slot.box
    top, bottom = slot.line_band()
    return sorted((w for w in words if w.box[2] > x0 and w.box[0] < x1
                   and top <= (w.box[1] + w.box[3]) / 2 <= bottom), key=lambda w: w.box[0])


def _ocr_figures(words: tuple[Word, ...], slot: Slot) -> str:
    """The figures OCR read standing alone in the slot ('84', '84.'), or ''."""
    figures = [w.text.strip(".,:;") for w in _in_slot(words, slot)]
    figures = [f for f in figures if f.isdigit()]
    return "".join(figures) if len(figures) == 1 else ""


def _ocr_confidence(words: tuple[Word, ...], slot: Slot) -> float:
    return min((w.confidence for w in _in_slot(words, slot)
                if w.text.strip(".,:;").isdigit()), default=0.0)


def _agreed(pen: float, ocr: float) -> float:
    """Two readers of different kinds (the pen model and Tesseract's print model) that
    read the same figures: wrong both at once and alike is rarer than either wrong alone.
    Capped below metadata.trust's HAND_SURE: agreement of two unsure readers is shown to a
    human still."""
    return min(AGREED_CAP, 1 - (1 - pen) * (1 - ocr))


def confirmed(reading: Reading, text: str, confidence: float) -> float:
    """The confidence of `text`, read from `reading`'s strokes at `confidence`, after a
    second opinion: raised (`_agreed`) when Tesseract reads the very same figures in the
    same strokes (never lowered by it), unchanged otherwise.

    Tesseract's line model and the digit model are readers of different kinds (a recurrent
    network over the whole line, trained on print; a classifier of single cut-out digits,
    trained on hands), so their errors are unlike: on held-out strings of a source the
    digit model never saw, the readings below MIN_CONFIDENCE that Tesseract read the same
    were right, and Tesseract alone reads few handwritten strings right (docs/ocr-real.md).
    Disagreement says little (Tesseract misses most handwriting) and lowers nothing."""
    if reading.strokes is None:
        return confidence
    other, other_confidence = second_opinion(reading.strokes)
    return max(confidence, _agreed(confidence, other_confidence)) if other == text \
        else confidence


SECOND_HEIGHT = 40  # pixels: the strokes' height as Tesseract is given them


def second_opinion(strokes: np.ndarray) -> tuple[str, float]:
    """Tesseract's reading of a slot's pen strokes as one line of figures, and its least
    word confidence (0 to 1); ("", 0.0) when it reads none."""
    inked = _inked(strokes)
    if inked is None:
        return "", 0.0
    ink = inked.astype(np.uint8) * 255
    scale = SECOND_HEIGHT / ink.shape[0]
    glyphs = cv2.resize(ink, (max(1, round(ink.shape[1] * scale)), SECOND_HEIGHT),
                        interpolation=cv2.INTER_AREA)
    pad = SECOND_HEIGHT // 2
    image = np.full((SECOND_HEIGHT + 2 * pad, glyphs.shape[1] + 2 * pad), 255, np.uint8)
    image[pad:pad + SECOND_HEIGHT, pad:pad + glyphs.shape[1]] = 255 - glyphs
    return figures_line(image)


def _glued_print(words: tuple[Word, ...], box: Box) -> bool:
    """Whether OCR read, in the slot, figures glued to a printed code ('1074/QĐ-BXD',
    '06-HD/TW'): a printed number, which the pen's strays do not make."""
    x0, y0, x1, y1 = box
    return any(_GLUED.match(unicodedata.normalize("NFC", w.text))
               for w in words if w.box[2] > x0 and w.box[0] < x1
               and y0 <= (w.box[1] + w.box[3]) / 2 <= y1)


def _clear(words: tuple[Word, ...], box: Box, band: tuple[int, int]) -> tuple[Word, ...]:
    """Words without OCR's reading of the handwriting in a slot. Words whose middle is in it
    go; a printed word OCR glued to the handwriting keeps only its printed part: the "/…"
    code after a number, "ngày" before a day, "tháng" or "năm" after one. Above or below
    the slot's printed line (`band`) only what cannot be print goes: a word of letters
    there belongs to the next line ('V/v công bố …' under a crowded 'Số' line)."""
    x0, y0, x1, y1 = box
    out = []
    for w in words:
        cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
        outside = not (y0 <= cy <= y1) or w.box[2] <= x0 or w.box[0] >= x1
        next_line = not (band[0] <= cy <= band[1]) and w.text.isalpha()
        if outside or next_line:
            out.append(w)
            continue
        # A word OCR made of print on both sides and the pen between ("ngày7•tháng").
        parts = ([_printed_part(w, True, x0)] if w.box[0] < x0 else []) + \
            ([_printed_part(w, False, x1)] if w.box[2] > x1 else [])
        printed = [p for p in parts if p is not None]
        if printed or not x0 <= cx <= x1:
            out.extend(printed or [w])
    return tuple(out)


def _printed_part(word: Word, reaches_right: bool, edge: int) -> Word | None:
    """The printed part of a word reaching into a slot whose near end is at `edge`, its box
    shrunk in proportion and kept out of the slot; None when no printed part is known:
    "Số:" or "ngày" before a slot, "tháng", "năm" or a "/…" ("-NQ/…") code after one."""
    text = unicodedata.normalize("NFC", word.text)
    lower = text.lower()
    x0, y0, x1, y1 = word.box
    if reaches_right:
        so = _SO_PRINTED.match(text)
        keep = text[:len("ngày")] if lower.startswith("ngày") else so.group(0) if so else ""
        return replace(word, text=keep, box=(x0, y0, min(edge, char_x(word, len(keep))), y1)) \
            if keep else None
    for tail in ("tháng", "năm"):
        if lower.rstrip(STRAY_MARKS).endswith(tail):
            start = len(lower.rstrip(STRAY_MARKS)) - len(tail)
            return replace(word, text=text[start:],
                           box=(max(edge, char_x(word, start)), y0, x1, y1))
    code = PRINTED_CODE.search(text)
    if code or "/" in text:
        start = code.start() if code else text.index("/")
        return replace(word, text=text[start:], box=(max(edge, char_x(word, start)), y0, x1, y1))
    return None
