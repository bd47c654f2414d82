"""Handwritten digits in a slot: the number and day a văn thư writes into a printed form.

Tesseract's print model reads a pen's digits as garbage, so a slot (see `metadata.slots`) is
read here: the pen strokes are told from the print around them (the dotted leader, rules,
the edge of a neighbouring printed word), split into digits, each normalised the way the
training set was (the optical digits of scikit-learn: 32 x 32 bitmaps counted in 4 x 4
blocks, 0-16), and classified by a support-vector machine with calibrated probabilities.
The model is trained on first use from the data set scikit-learn ships and cached beside
the interpreter; nothing is downloaded. A reading the model is unsure of is not returned:
an empty field flagged for review is better than a wrong number.
"""
from __future__ import annotations

import logging
import pickle
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from ocr.clean import map_box, page_transform
from ocr.imaging import components
from ocr.text import insert_lines, words_to_text
from ocr.types import Box, PageResult, Word

if TYPE_CHECKING:
    from metadata.slots import Slot

log = logging.getLogger(__name__)

# Of the whole reading, the product of its digits' probabilities. The 8 x 8 model is often
# sure and wrong on real slots (docs/ocr-real.md), so only near-certain readings are given:
# a wrong number is worse than none.
MIN_CONFIDENCE = 0.9
MAX_DIGITS = 5
_GRID = 32  # the training bitmaps' size, counted in 4 x 4 blocks to 8 x 8
_STROKE = 3.5  # the training bitmaps' pen width, in pixels of the 32 x 32 grid


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float
    box: Box  # of the strokes, in the crop's pixels


def read_digits(crop: np.ndarray, dpi: int) -> Reading | None:
    """The digits handwritten in a slot's crop (BGR or grey), or None when there are none or
    the model is unsure."""
    ink = pen_strokes(crop, dpi)
    glyphs = split_digits(ink, dpi)
    if not glyphs or len(glyphs) > MAX_DIGITS:
        return None
    model = _model()
    features = np.array([normalise(ink[y0:y1, x0:x1]) for x0, y0, x1, y1 in glyphs])
    probabilities = model.predict_proba(features)
    best = probabilities.argmax(axis=1)
    confidence = float(np.prod(probabilities[np.arange(len(best)), best]))
    text = "".join(str(model.classes_[i]) for i in best)
    x0 = min(g[0] for g in glyphs)
    y0 = min(g[1] for g in glyphs)
    x1 = max(g[2] for g in glyphs)
    y1 = max(g[3] for g in glyphs)
    return Reading(text, confidence, (x0, y0, x1, y1))


def read_slot(crop: np.ndarray, dpi: int, origin: tuple[int, int],
              line: int) -> Word | None:
    """A confident reading of a slot as a Word placed on the page (`origin` is the crop's
    top-left corner there), or None."""
    reading = read_digits(crop, dpi)
    if reading is None or reading.confidence < MIN_CONFIDENCE:
        return None
    ox, oy = origin
    x0, y0, x1, y1 = reading.box
    return Word(reading.text, (ox + x0, oy + y0, ox + x1, oy + y1), round(reading.confidence, 3),
                line, handwritten=True)


def pen_strokes(crop: np.ndarray, dpi: int) -> np.ndarray:
    """A 0/1 mask of the pen's strokes: dark or blue ink, without the print of the form.

    Dots of the leader and specks are too small for a digit's stroke; a rule is long and
    flat; anything touching the crop's left or right edge is the printed word beside the slot.
    """
    if crop.ndim == 3:
        b, g, r = (crop[:, :, i].astype(np.int16) for i in range(3))
        grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        blue = (b - r > 40) & (b - g > 10)
        ink = (grey < 140) | blue
    else:
        ink = crop < 140
    mask = ink.astype(np.uint8)
    count, labels, stats = components(mask)
    h, w = mask.shape
    keep = np.zeros(count, bool)
    min_height = 0.08 * dpi  # a handwritten digit is at least 2 mm tall
    for i in range(1, count):
        x, y, cw, ch, area = stats[i]
        flat = cw > 4 * ch
        touches = x == 0 or x + cw >= w
        big = ch >= min_height and area >= 0.075 * min_height ** 2
        keep[i] = big and not flat and not touches
    return keep.astype(np.uint8).take(labels, mode="clip")


def split_digits(ink: np.ndarray, dpi: int) -> list[Box]:
    """Boxes of the digits left to right: strokes overlapping across are one digit (a 5 or
    a 7 written in two strokes); a blob much wider than tall is two digits written joined."""
    count, _, stats = components(ink)
    boxes = sorted(
        [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:count]],
        key=lambda b: b[0])
    merged: list[list[int]] = []
    for box in boxes:
        if merged:
            last = merged[-1]
            overlap = min(last[2], box[2]) - max(last[0], box[0])
            if overlap > 0.5 * min(last[2] - last[0], box[2] - box[0]):
                merged[-1] = [min(last[0], box[0]), min(last[1], box[1]),
                              max(last[2], box[2]), max(last[3], box[3])]
                continue
        merged.append(list(box))
    out: list[Box] = []
    for x0, y0, x1, y1 in merged:
        out.extend(_split_wide(ink, (x0, y0, x1, y1)))
    # A digit is as tall as the tallest one, give or take: shorter bits are marks or dots.
    tallest = max((b[3] - b[1] for b in out), default=0)
    return [b for b in out if b[3] - b[1] >= 0.45 * tallest]


def _split_wide(ink: np.ndarray, box: Box) -> list[Box]:
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    parts = round(width / (0.75 * height)) if height else 1
    if parts < 2:
        return [box]
    column = ink[y0:y1, x0:x1].sum(axis=0).astype(float)
    cuts = []
    for k in range(1, parts):
        centre = round(k * width / parts)
        reach = width // (3 * parts)
        lo, hi = max(1, centre - reach), min(width - 1, centre + reach)
        cuts.append(lo + int(np.argmin(column[lo:hi])) if hi > lo else centre)
    edges = [0, *cuts, width]
    return [(x0 + a, y0, x0 + b, y1) for a, b in zip(edges, edges[1:], strict=False) if b - a > 1]


def normalise(glyph: np.ndarray) -> np.ndarray:
    """A digit's 0/1 mask as the training set has them: scaled to fill the 32-pixel height
    (and at most the width), centred, the pen thickened or thinned to the set's width, and
    counted in 4 x 4 blocks: 64 values from 0 to 16."""
    ys, xs = np.nonzero(glyph)
    if not len(xs):
        return np.zeros(64)
    glyph = glyph[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.uint8)
    h, w = glyph.shape
    scale = min((_GRID - 2) / h, (_GRID - 2) / w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = cv2.resize(glyph * 255, size, interpolation=cv2.INTER_AREA) > 64
    stroke = _stroke_width(glyph) * scale
    grid = np.zeros((_GRID, _GRID), np.uint8)
    top, left = (_GRID - size[1]) // 2, (_GRID - size[0]) // 2
    grid[top:top + size[1], left:left + size[0]] = small
    grow = round((_STROKE - stroke) / 2)
    if grow > 0:
        grid = cv2.dilate(grid, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    return grid.reshape(8, 4, 8, 4).sum(axis=(1, 3)).astype(float).ravel()


def _stroke_width(mask: np.ndarray) -> float:
    """A pen's width: twice the mean distance of the ink to the paper, near enough."""
    distance = cv2.distanceTransform(mask, cv2.DIST_L2, 3)
    inside = distance[mask > 0]
    return float(2 * inside.mean()) if inside.size else 1.0


def _model_path() -> Path:
    import sklearn

    return Path(sys.prefix) / "share" / "luutru" / f"digits-svc-{sklearn.__version__}.pickle"


@lru_cache(maxsize=1)
def _model() -> Any:
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


def train() -> Any:
    """A support-vector machine on scikit-learn's handwritten digits, with each sample
    also shifted by a block, since a slot's digit is never centred quite like the set's.
    Probabilities are calibrated by cross-validation (Platt scaling)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.datasets import load_digits
    from sklearn.svm import SVC

    digits = load_digits()
    images, labels = [digits.images], [digits.target]
    for dx in (-1, 1):
        images.append(np.roll(digits.images, dx, axis=2))
        labels.append(digits.target)
    x = np.concatenate(images).reshape(-1, 64)
    y = np.concatenate(labels)
    return CalibratedClassifierCV(SVC(C=10, gamma=0.001), ensemble=False).fit(x, y)


def fill_slots(page: PageResult, slots: list[Slot], original: np.ndarray, dpi: int
               ) -> PageResult:
    """The page with the digits read from its slots added as handwritten words, in reading
    position, and what OCR made of the handwriting taken out. `original` is the page as
    loaded (colour if it was colour: blue ink is easiest told from print there), at `dpi`;
    `page.steps` say how cleanup moved it. A slot read without confidence is left as it is."""
    matrix = page_transform(original.shape, dpi, page.steps)
    back = np.linalg.inv(matrix)
    h, w = original.shape[:2]
    readings: list[tuple[Slot, Word]] = []
    for slot in (s for s in slots if s.page == page.number):
        x0, y0, x1, y1 = map_box(back, slot.box)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        word = read_slot(original[y0:y1, x0:x1], dpi, (x0, y0), 0)
        if word is not None:
            readings.append((slot, replace(word, box=map_box(matrix, word.box))))
    if not readings:
        return page
    words = page.words
    for slot, _ in readings:
        words = _clear(words, slot.box)
    words = insert_lines(_renumbered(words), [(word,) for _, word in readings])
    return replace(page, words=words, text=words_to_text(words))


def _clear(words: tuple[Word, ...], box: Box) -> tuple[Word, ...]:
    """Words without OCR's reading of the handwriting in a slot: words whose middle is in it
    go, and a word reaching into it from the left of a "/" keeps only its "/…" part."""
    x0, y0, x1, y1 = box
    out = []
    for w in words:
        cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
        if not (y0 <= cy <= y1):
            out.append(w)
        elif x0 <= cx <= x1:
            continue
        elif w.box[0] < x1 <= w.box[2] and "/" in w.text and w.text.index("/") > 0:
            at = w.text.index("/")
            left = round(w.box[0] + (w.box[2] - w.box[0]) * at / len(w.text))
            out.append(replace(w, text=w.text[at:], box=(left, *w.box[1:])))
        else:
            out.append(w)
    return tuple(out)


def _renumbered(words: tuple[Word, ...]) -> tuple[Word, ...]:
    numbers = {n: i for i, n in enumerate(sorted({w.line for w in words}))}
    return tuple(replace(w, line=numbers[w.line]) for w in words)
