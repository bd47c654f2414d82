"""Bent and keystoned pages flattened by their own text lines.

A phone photo of a page that is curled, bent like a book's page, or shot in perspective with
no desk in sight keeps lines that bow or converge after the deskew has levelled them on
average: Tesseract follows a gentle bow, but loses words where the lines climb into their
neighbours. The text lines themselves say how the page is bent, as a page-dewarping app
reads them:

- the lines are found on a half-size copy of the level binary page (words joined along the
  line by a closing wider than a word space), and each long one sampled at its ink's centre
  every few millimetres;
- one smooth field of vertical displacement is fitted to all samples at once: each line's
  own height, plus a polynomial in x (up to the fourth power: a bow, a side lifting like a
  book's page) whose coefficients vary with y (up to the second power: lines converging in
  perspective, a curl that grows down the page). No term depends on y alone, as the lines'
  heights say nothing of a vertical stretch;
- the page is remapped by that field only when the field holds on lines it was not fitted
  to (`explained`) and moves them measurably, and left as it is otherwise.

A scanner presses its page flat, so its lines, once levelled, stay straight but for the
wobble tone marks give their centres (~2.5 px RMS at 300 dpi). A polynomial fits some of
that wobble on the lines it is fitted to and none on the others: on the realset's, the
devset's and the samples' 141 pages the held-out share stays at most 0.24 where a page has
12 lines or more, and none is remapped (docs/photos.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

STEP = "dewarp"
# Powers of the field's terms: x^a y^b, a >= 1 (a term in y alone would only stretch the
# page, which the lines do not show).
TERMS = tuple((a, b) for a in range(1, 5) for b in range(3))
# The largest vertical shift the field must make along the lines for the page to be
# remapped, in pixels at 300 dpi (a third of the height of a lower-case letter).
MIN_SHIFT = 8.0
# A field fitted to half the lines must remove this share of the other half's departure
# from straight (its mean square about each line's own height).
MIN_EXPLAINED = 0.5
# Fewer lines than this, split in two halves, tell a bend from noise too poorly (a scan
# with 9 lines, a streak and a seal passed the held-out test at 0.55).
MIN_LINES = 12
# The ridge's weight against the points' (per point): shrinks a term the whole page shows
# by a few per cent.
RIDGE = 0.005


@dataclass(frozen=True)
class Field:
    """A vertical displacement field over a page: dy(x, y) = sum p_ab X^a Y^b, with X and Y
    the page's coordinates scaled to -1..1 over the box the lines span (and held at its
    edges beyond it)."""

    box: tuple[int, int, int, int]  # x0, y0, x1, y1: where the lines were measured
    coefficients: tuple[float, ...]  # one per TERMS, in pixels

    def at(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.basis(x, y) @ np.asarray(self.coefficients)

    def basis(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Each term's value at the points: one column per term of TERMS."""
        x0, y0, x1, y1 = self.box
        big_x = np.clip((x - (x0 + x1) / 2) / max(1.0, (x1 - x0) / 2), -1, 1)
        big_y = np.clip((y - (y0 + y1) / 2) / max(1.0, (y1 - y0) / 2), -1, 1)
        big_x, big_y = np.broadcast_arrays(big_x, big_y)
        return np.stack([big_x ** a * big_y ** b for a, b in TERMS], axis=-1)

    def step(self) -> str:
        box = ",".join(str(v) for v in self.box)
        return f"{STEP}-{box}-" + ",".join(f"{p:.2f}" for p in self.coefficients)

    @classmethod
    def from_step(cls, step: str) -> Field | None:
        if not step.startswith(STEP + "-"):
            return None
        # Coefficients may be negative: split the box off the left.
        box, coefficients = step[len(STEP) + 1:].split("-", 1)
        return cls(tuple(int(v) for v in box.split(",")),  # type: ignore[arg-type]
                   tuple(float(v) for v in coefficients.split(",")))


def measure(binary: np.ndarray, dpi: int) -> Field | None:
    """The field that straightens a level binary page's text lines (0 ink, 255 paper), or
    None when its lines are straight already, too few, or bent in no way the field
    explains."""
    samples = line_samples(binary, dpi)
    if samples is None:
        return None
    xs, ys, line = samples
    field, _ = fit(xs, ys, line)
    if np.ptp(field.at(xs, ys)) < MIN_SHIFT * dpi / 300 or explained(xs, ys, line) < MIN_EXPLAINED:
        return None
    return field


def explained(xs: np.ndarray, ys: np.ndarray, line: np.ndarray) -> float:
    """The share of the lines' departure from straight (its mean square about each line's
    own height) that a field fitted to the other half of the lines removes: every other
    line left out in turn. The noise of tone marks along a scan's straight lines is fitted
    by no field that holds on lines it was not fitted to; a page's bend is."""
    before = after = 0.0
    for half in (0, 1):
        out = line % 2 == half
        if len(np.unique(line[~out])) < MIN_LINES // 2 or not out.any():
            return 0.0
        field, _ = fit(xs[~out], ys[~out], np.unique(line[~out], return_inverse=True)[1])
        own = np.unique(line[out], return_inverse=True)[1]
        before += _about_own_height(ys[out], own)
        after += _about_own_height(ys[out] - field.at(xs[out], ys[out]), own)
    return 1 - after / before if before else 0.0


def fit(xs: np.ndarray, ys: np.ndarray, line: np.ndarray) -> tuple[Field, float]:
    """The field fitted to points along lines, by least squares with outliers (a tone mark
    or a stamp joined to its line) dropped; and how far the points depart from straight
    lines before it (RMS about each line's own height).

    Each line's own height is a free parameter; it is taken out by measuring every point,
    and every term's value there, from its line's mean (the least-squares solution for the
    terms is the same), which leaves a system of only as many unknowns as terms.
    """
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    basis = Field(box, (0.0,) * len(TERMS)).basis(xs, ys)
    # A little ridge on the terms, so that a part of the page with few lines (a short
    # last page, a gap) does not let the high powers run wild there.
    ridge = RIDGE * len(xs) * np.eye(len(TERMS))
    kept = np.ones(len(xs), bool)
    for _ in range(3):
        centred_ys = _about_own_mean(ys, line, kept)
        centred = _about_own_mean(basis, line, kept)
        inside = centred[kept]
        terms = np.linalg.solve(inside.T @ inside + ridge, inside.T @ centred_ys[kept])
        residual = centred_ys - centred @ terms
        spread = 1.4826 * float(np.median(np.abs(residual[kept]))) + 0.5
        kept = np.abs(residual) <= 3 * spread
    bent = float(np.sqrt(np.mean(_about_own_mean(ys, line, kept)[kept] ** 2)))
    return Field(box, tuple(float(p) for p in terms)), bent


def _about_own_mean(values: np.ndarray, line: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Values (one per point, or one row per point) less the mean of their line's kept
    points."""
    lines = int(line.max()) + 1
    counts = np.maximum(1, np.bincount(line[kept], minlength=lines))
    if values.ndim == 1:
        return values - (np.bincount(line[kept], values[kept], minlength=lines) / counts)[line]
    means = np.stack([np.bincount(line[kept], column[kept], minlength=lines)
                      for column in values.T], axis=1) / counts[:, None]
    return values - means[line]


def _about_own_height(ys: np.ndarray, line: np.ndarray) -> float:
    """The sum of squares of points' heights about their own line's mean height."""
    return float(np.sum((ys - (np.bincount(line, ys) / np.bincount(line))[line]) ** 2))


def line_count(binary: np.ndarray, dpi: int) -> int:
    """How many long text lines run across a binary page."""
    return len(_long_lines(binary, dpi)[0])


def _long_lines(binary: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                      np.ndarray]:
    """The labels of the long text lines of a binary page on a half-size copy, with the
    copy's ink, its labels and their stats."""
    ink = (binary < 128).astype(np.uint8)
    half = cv2.resize(ink, (ink.shape[1] // 2, ink.shape[0] // 2),
                      interpolation=cv2.INTER_AREA)
    half = (half > 0).astype(np.uint8)
    hdpi = dpi / 2
    # A word space is under 0.1 inch; the gap between lines of body text a few points.
    joined = cv2.morphologyEx(half, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT,
                                                        (max(3, round(hdpi * 0.12)), 1)))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    w = ink.shape[1] // 2
    bw, bh = stats[:, 2], stats[:, 3]
    # A line of text: long, far wider than tall, no taller than two lines of large print.
    chosen = np.flatnonzero((bw >= 0.2 * w) & (bw >= 8 * bh) & (bh <= hdpi * 0.35)
                            & (bh >= hdpi * 0.04))
    return chosen[chosen > 0], half, labels, stats


def line_samples(binary: np.ndarray, dpi: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Points along the page's long text lines: x, y (in the page's pixels) and the line
    each belongs to, from a half-size copy. None with fewer than MIN_LINES lines."""
    chosen, half, labels, stats = _long_lines(binary, dpi)
    if len(chosen) < MIN_LINES:
        return None
    hdpi = dpi / 2
    x, y, bw, bh = (stats[:, i] for i in range(4))
    step = max(4, round(hdpi * 0.12))  # a sample every ~3 mm of the line
    xs_out, ys_out, line_out = [], [], []
    for number, label in enumerate(chosen):
        x0, y0, ww, hh = x[label], y[label], bw[label], bh[label]
        own = (labels[y0:y0 + hh, x0:x0 + ww] == label) & (half[y0:y0 + hh, x0:x0 + ww] > 0)
        rows = np.arange(y0, y0 + hh, dtype=np.float64)[:, None]
        for start in range(0, ww - step + 1, step):
            cell = own[:, start:start + step]
            mass = cell.sum()
            if mass < step:  # a gap between words
                continue
            centre = float((cell * rows).sum() / mass)
            xs_out.append(2.0 * (x0 + start + step / 2))
            ys_out.append(2.0 * centre)
            line_out.append(number)
    return np.array(xs_out), np.array(ys_out), np.array(line_out, np.intp)


# `apply` evaluates the field on a grid of this many pixels and enlarges it: the field is
# smooth, and the points' map (`shift`) interpolates the same grid, so the two agree.
CELL = 16


def apply(image: np.ndarray, field: Field, *, binary: bool = False) -> np.ndarray:
    """The page remapped so that its lines lie straight: each pixel (x, y) taken from
    (x, y + shift(x, y)), where the field says its line has moved. A `binary` page stays
    binary."""
    h, w = image.shape[:2]
    gy, gx = np.mgrid[0:h + CELL:CELL, 0:w + CELL:CELL].astype(np.float64)
    coarse = field.at(gx, gy).astype(np.float32)
    full = cv2.resize(coarse, (coarse.shape[1] * CELL, coarse.shape[0] * CELL),
                      interpolation=cv2.INTER_LINEAR)[:h, :w]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    white = (255,) * (image.shape[2] if image.ndim == 3 else 1)
    out = cv2.remap(image, xs, ys + full, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                    borderValue=white)
    if binary:
        out = cv2.threshold(out, 127, 255, cv2.THRESH_BINARY)[1]
    return out


def shift(field: Field, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The vertical shift `apply` gives the points (x, y) of the straightened page: the
    grid's values interpolated as `cv2.resize` enlarges them (a pixel's centre at
    (x + 0.5) / CELL - 0.5 of the grid, held at its first row and column)."""
    gx = np.maximum(0.0, (np.asarray(x, np.float64) + 0.5) / CELL - 0.5)
    gy = np.maximum(0.0, (np.asarray(y, np.float64) + 0.5) / CELL - 0.5)
    ix, iy = np.floor(gx), np.floor(gy)
    fx, fy = gx - ix, gy - iy
    x0, y0 = ix * CELL, iy * CELL
    return ((1 - fy) * ((1 - fx) * field.at(x0, y0) + fx * field.at(x0 + CELL, y0))
            + fy * ((1 - fx) * field.at(x0, y0 + CELL) + fx * field.at(x0 + CELL, y0 + CELL)))


def to_straight(field: Field, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where points of the bent page land on the straightened one: the y that `apply` takes
    from the given one (y + shift(x, y) = given), found by fixed-point iteration, which
    converges since the field changes far less than a pixel a pixel down the page."""
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    out = y.copy()
    for _ in range(20):
        moved = y - shift(field, x, out)
        done = np.abs(moved - out).max(initial=0.0) < 0.01
        out = moved
        if done:
            break
    return x, out


def to_bent(field: Field, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where points of the straightened page came from on the bent one."""
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    return x, y + shift(field, x, y)
