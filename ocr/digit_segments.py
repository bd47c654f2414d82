"""Segmentation by recognition: a handwritten digit string cut into digits by the digit
model itself.

A văn thư's number is not a row of neat separate digits. A 5 whose flag the pen lifted for
is two pieces of ink; two digits written fast touch and are one; a stroke is broken where
the ink skipped. No rule on the pieces alone tells these apart, so the ink is first cut too
much (`pieces`: its connected components, and the wide ones cut again at the valleys of
their column counts), and then every way of putting consecutive pieces back together into
digits is weighed (`best_grouping`): the grouping whose digits the model reads most surely
(the sum of the logs of each digit's best probability), with a prior on a digit's width
against the string's height and a price for each cut through ink that ends up between two
digits, wins. A digit string's confidence is then the product of its digits'
probabilities, as before, times how clearly its grouping beats the best one that reads
other digits (`Grouping.share`): the trust rules (`ocr.handwriting.MIN_CONFIDENCE`) read it.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from luutru.ocr.imaging import components
from luutru.ocr.types import Box

# A digit's width against the string's height (the tallest piece's). Between these a width
# costs nothing; beyond them its log prior falls off as a Gaussian of this spread. Of the
# MNIST training digits 1 % are narrower than 0.2 of their height (a 1 as a stick), 5 %
# wider than 1.2 and 1 % wider than 1.45 (median 0.78). A prior by the digit read (the
# percentiles of each class) was tried: a touching pair was then read as one wide digit
# more often, on held-out strings (docs/ocr-real.md).
NARROWEST, WIDEST, WIDTH_SPREAD = 0.15, 1.2, 0.2
# A piece shorter than this share of the string's height is no digit alone: a 5's flag, a
# 7's bar, a broken stroke's end, or a speck. It joins a neighbour or is left out.
SHORT = 0.45
# Leaving a short piece out costs this much (log): less than a reading's small doubt, so
# that a stray mark is left out, more than nothing, so that a 5's flag is kept with it.
DROP_COST = math.log(0.6)
# A cut through ink that ends up between two digits costs this (log) for each stroke it
# crosses: two touching digits are most often joined by one stroke; a single digit cut in
# its middle (a 0 into two 1s) is crossed by two. On held-out strings 0.5 a stroke lost
# more touching pairs (read as one digit) than it saved; a steeper price for a second
# stroke changed nothing that counts (docs/ocr-real.md).
CUT_COST = math.log(0.8)
MAX_PIECES = 4  # pieces one digit may be made of
# The leans a cut may follow (across per pixel down; negative: the top to the right, as a
# right-handed writer slants).
SLANTS = (0.0, -0.2, -0.4, -0.6, 0.2)
# A component wider than this share of the string's height is cut at its valleys: a 1 with
# a flag touching the next digit is that wide.
CUT_WIDER = 0.45


@dataclass(frozen=True)
class Piece:
    """Ink of one piece: its pixels (row and column indices into the string's mask), box,
    and how many strokes the cut at its left went through (0 where it starts in paper)."""
    ys: np.ndarray
    xs: np.ndarray
    box: Box
    cut_left: int = 0

    @property
    def centre(self) -> float:
        return (self.box[0] + self.box[2]) / 2


def pieces(ink: np.ndarray) -> list[Piece]:
    """The ink's pieces left to right: its connected components, each wide one cut at the
    valleys of its column counts (`_cuts`) into narrower pieces. A hand slants its digits,
    and touching digits meet along the slant: the columns are counted along the lean that
    gives the deepest valley (`_slant`)."""
    count, labels, stats = components(ink)
    if count < 2:
        return []
    height = int(stats[1:count, 3].max())
    out: list[Piece] = []
    for i in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[i])
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        ys, xs = ys + y, xs + x
        if w <= CUT_WIDER * height:
            out.append(_piece(ys, xs))
            continue
        # Columns counted along the slant: x as it would be with the slant taken away.
        across = np.round(xs - _slant(ys, xs, height) * (ys - ys.mean())).astype(int)
        left = int(across.min())
        columns = np.bincount(across - left)
        edges = [left, *(left + c for c in _cuts(columns, height)), int(across.max()) + 1]
        strokes = [0, *(_strokes(ys[across == e]) for e in edges[1:-1])]
        for k, (a, b) in enumerate(zip(edges, edges[1:], strict=False)):
            part = (across >= a) & (across < b)
            if part.any():
                out.append(_piece(ys[part], xs[part], strokes[k]))
    return sorted(out, key=lambda p: p.centre)


def _slant(ys: np.ndarray, xs: np.ndarray, height: int) -> float:
    """The lean (across per pixel down) along which the ink's column counts have their
    deepest valley inside it: where two slanted digits meet, a cut along their slant
    crosses least ink. Of SLANTS, the first best; upright when the ink has no valley."""
    least = max(2, round(0.1 * height))
    best, chosen = None, 0.0
    for slant in SLANTS:
        across = np.round(xs - slant * (ys - ys.mean())).astype(int)
        columns = np.bincount(across - across.min())
        inner = columns[least:len(columns) - least]
        if len(inner) and (best is None or inner.min() < best):
            best, chosen = int(inner.min()), slant
    return chosen


def _piece(ys: np.ndarray, xs: np.ndarray, left: int = 0) -> Piece:
    return Piece(ys, xs, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1),
                 left)


def _cuts(columns: np.ndarray, height: int) -> list[int]:
    """Where to cut a wide component (columns from its left edge): every column whose
    smoothed count is the least within a narrow digit's width (a sixth of the height) on
    either side, leaving at least a tenth of the height at each end."""
    width = len(columns)
    least = max(2, round(0.1 * height))
    reach = max(2, round(height / 6))
    smooth = np.convolve(columns.astype(float), np.ones(3) / 3, mode="same")
    chosen: list[int] = []
    for c in range(least, width - least):
        window = smooth[max(0, c - reach):c + reach + 1]
        if smooth[c] <= window.min() and (not chosen or c - chosen[-1] >= least):
            chosen.append(c)
    return chosen


def _strokes(rows: np.ndarray) -> int:
    """How many strokes a cut crosses: the runs of ink down the cut's column."""
    if not len(rows):
        return 0
    rows = np.unique(rows)
    return 1 + int((np.diff(rows) > 1).sum())


def width_prior(width: float, height: float) -> float:
    """The log prior of a digit this wide in a string this tall (0 for a usual width)."""
    ratio = width / max(1.0, height)
    excess = max(0.0, NARROWEST - ratio, ratio - WIDEST)
    return -0.5 * (excess / WIDTH_SPREAD) ** 2


@dataclass(frozen=True)
class Grouping:
    """The digits a string was cut into: each digit's pieces (indices into `pieces`' list)
    and its box, left to right, each digit's class probabilities (rows as `read` gave
    them), the grouping's score (the sum of the logs), and its share against the best
    grouping that reads other digits: exp(score) / (exp(score) + exp(that one's score)),
    1 when there is none."""
    digits: tuple[tuple[int, ...], ...]
    boxes: tuple[Box, ...]
    probabilities: np.ndarray
    score: float
    share: float


def group_box(parts: list[Piece]) -> Box:
    return (min(p.box[0] for p in parts), min(p.box[1] for p in parts),
            max(p.box[2] for p in parts), max(p.box[3] for p in parts))


def group_mask(parts: list[Piece], box: Box) -> np.ndarray:
    """The 0/1 mask of the pieces' ink, cropped to their box."""
    x0, y0, x1, y1 = box
    out = np.zeros((y1 - y0, x1 - x0), np.uint8)
    for p in parts:
        out[p.ys - y0, p.xs - x0] = 1
    return out


def best_grouping(found: list[Piece], read: Callable[[list[np.ndarray]], np.ndarray],
                  labels: list[str], max_digits: int) -> Grouping | None:
    """The grouping of consecutive pieces into at most `max_digits` digits that scores
    best, or None when there is none (no piece as tall as a digit). `read` gives, for a list
    of digit masks, their class probabilities (a row each, in the order of `labels`).

    A digit's score is the log of its best probability and of its width's prior
    (`width_prior`); a piece left out costs DROP_COST and only a short one may be; a cut
    between two digits costs CUT_COST for each stroke it crossed. By dynamic programming
    over (pieces used, digits read so far), the BEAM best readings kept at each piece.

    How much better it scores than the best grouping that reads other digits is its
    `share` (see `Grouping`): the doubt of where the digits part, which each digit's own
    probability does not show (a touching `11` read as one 4, surely).
    """
    if not found:
        return None
    height = max(p.box[3] - p.box[1] for p in found)
    short = [p.box[3] - p.box[1] < SHORT * height for p in found]
    n = len(found)
    spans = [(i, j) for i in range(n) for j in range(i + 1, min(n, i + MAX_PIECES) + 1)
             if not all(short[i:j])]
    boxes = {s: group_box(found[s[0]:s[1]]) for s in spans}
    # Pieces grouped into a digit lie close together: a group with a gap across wider than
    # half the height holds two digits (or a digit and a stray), never one.
    spans = [s for s in spans if boxes[s][3] - boxes[s][1] >= SHORT * height
             and _gap(found[s[0]:s[1]]) <= 0.5 * height]
    if not spans:
        return None
    rows = dict(zip(spans, read([group_mask(found[i:j], boxes[(i, j)]) for i, j in spans]),
                    strict=True))
    digit = {s: labels[int(np.argmax(rows[s]))] for s in spans}
    score = {s: math.log(max(float(rows[s].max()), 1e-9))
             + width_prior(boxes[s][2] - boxes[s][0], height)
             # A digit that starts at a cut parts it from ink left of it, in another digit
             # or left out.
             + CUT_COST * found[s[0]].cut_left for s in spans}
    by_start: dict[int, list[tuple[int, int]]] = {}
    for s in spans:
        by_start.setdefault(s[0], []).append(s)
    # reached[i][text]: the best score of the groupings of pieces [0, i) that read `text`,
    # and its digits' spans.
    reached: list[dict[str, tuple[float, Path]]] = [{} for _ in range(n + 1)]
    reached[0][""] = (0.0, ())
    for i in range(n):
        for text, (total, path) in sorted(reached[i].items(), key=lambda kv: -kv[1][0])[:BEAM]:
            if short[i]:
                _better(reached[i + 1], text, total + DROP_COST, path)
            if len(text) < max_digits:
                for s in by_start.get(i, []):
                    _better(reached[s[1]], text + digit[s], total + score[s], (*path, s))
    ends = sorted(((total, path) for text, (total, path) in reached[n].items() if text),
                  key=lambda e: -e[0])
    if not ends:
        return None
    total, path = ends[0]
    share = 1 / (1 + math.exp((ends[1][0] - total) / DOUBT)) if len(ends) > 1 else 1.0
    return Grouping(tuple(tuple(range(i, j)) for i, j in path),
                    tuple(boxes[s] for s in path), np.array([rows[s] for s in path]), total,
                    share)


BEAM = 64  # readings kept at each piece
# How far apart (in log score) the best grouping and the best one reading other digits
# must be for the share to come near 1: share = 1 / (1 + exp(-margin / DOUBT)). Chosen on
# held-out strings (the installed model's held-out digits drawn apart, one to four as
# slots hold them; never the realset) as the value that lets the most right readings
# through the threshold with no more wrong ones than the segmenter before: of 300, before
# 246 passed, 11 wrong; with 0.15, 261, 11 wrong; 0.3: 243, 6 wrong; 1 (a plain ratio of
# the two): most right readings lost to groupings that cut one digit in two and read both
# halves surely; the product alone: 277, 18 wrong (docs/ocr-real.md).
DOUBT = 0.15
Path = tuple[tuple[int, int], ...]  # the spans of pieces, one a digit


def _better(reached: dict[str, tuple[float, Path]], text: str, total: float, path: Path
            ) -> None:
    if text not in reached or total > reached[text][0]:
        reached[text] = (total, path)


def _gap(parts: list[Piece]) -> int:
    """The widest stretch of paper across between the pieces (0 where they overlap)."""
    spans = sorted((p.box[0], p.box[2]) for p in parts)
    reach, gap = spans[0][1], 0
    for a, b in spans[1:]:
        gap = max(gap, a - reach)
        reach = max(reach, b)
    return gap
