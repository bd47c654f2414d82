"""A second look at what the first OCR pass read badly or not at all.

Two things go wrong in Tesseract's page layout analysis on official papers:
- it drops a word standing alone, such as a MẬT or KHẨN stamp or a number in a corner;
- where two columns have lines at different heights (the header, or the recipients beside
  the signature block) it joins their lines across the gap and cuts words of one column
  between two lines of the other.
`second_look` finds both (ink no recognised word covers; bands of lines joined across a
wide gap), stacks those pieces of the page into one small image, reads it in a single extra
Tesseract run as a block of lines, and puts the words back where they were.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from luutru.ocr.imaging import components
from luutru.ocr.recognise import Engine
from luutru.ocr.text import lines_of
from luutru.ocr.types import Box, Word

MAX_REGIONS = 12  # a page with more unread clusters than this is noise, not missed words
MIN_CONFIDENCE = 0.6
MIN_LETTERS = 3  # a cluster with fewer letter-sized shapes is a fragment, a rule or noise
MAX_LINE_INCHES = 0.5  # a line of a title; a taller cluster is a block
# A signature block whose lines a seal and the pen's stroke join into one cluster (a black
# seal on a bitonal scan) is about this tall; Tesseract's layout takes it for a picture.
MAX_BLOCK_INCHES = 2.0
BLOCK_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Region:
    box: Box  # where the cluster is on the page
    top: int  # where its pixels start in the stacked image
    left: int


def unread_regions(image: np.ndarray, words: tuple[Word, ...], dpi: int) -> list[Box]:
    """Boxes of word-like ink clusters that no recognised word covers."""
    ink = (image == 0).astype(np.uint8)
    pad = max(2, dpi // 50)
    for w in words:
        x0, y0, x1, y1 = w.box
        ink[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 0
    # Join letters into words, and a letter to its tone marks, but not lines to each other.
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                       (max(3, dpi // 12), max(3, dpi // 30))))
    count, _, stats = components(joined)
    boxes = []
    for x, y, w, h, _area in stats[1:count]:
        if not (dpi * 0.08 <= h <= dpi * MAX_BLOCK_INCHES and w >= dpi * 0.15):
            continue  # smaller than a word of body text, or larger than a signature block
        if _letters(ink[y:y + h, x:x + w], dpi) >= MIN_LETTERS:
            boxes.append((int(x), int(y), int(x + w), int(y + h)))
    return boxes if len(boxes) <= MAX_REGIONS else []


def _letters(ink: np.ndarray, dpi: int) -> int:
    """Components of a letter's size: not specks, not rules, not a fragment of a glyph."""
    count, _, stats = components(ink)
    heights, widths = stats[1:count, cv2.CC_STAT_HEIGHT], stats[1:count, cv2.CC_STAT_WIDTH]
    return int(((heights >= dpi * 0.07) & (heights <= dpi * 0.4) & (widths <= dpi * 0.4)).sum())


def second_look(image: np.ndarray, dpi: int, words: tuple[Word, ...],
                engine: Engine) -> tuple[Word, ...]:
    """`words` with joined columns re-read apart and unread ink read, in reading order."""
    groups = lines_of(words)
    # A band of one line has nothing of one column between lines of the other: its words
    # already run left column first, so reading it again would only cost a Tesseract run.
    bands = [band for band in _bands(groups, dpi) if band.gutter and len(band.lines) > 1]
    columns = [box for band in bands for box in band.columns(image.shape[1])]
    unread = [box for box in unread_regions(image, words, dpi)
              if not any(_inside(box, column) for column in columns)]
    if not columns and not unread:
        return words
    stacked, regions = _stack(image, columns + unread, gap=dpi // 6)
    found: dict[int, list[Word]] = {}
    for word in engine.lines(stacked, dpi):
        placed = _place(word, regions)
        if placed:
            found.setdefault(placed[0], []).append(placed[1])
    groups = _replace_bands(groups, bands, found)
    recovered = [line for i, box in enumerate(unread, start=len(columns))
                 for line in lines_of(_as_read_in(box, dpi, found.get(i, [])))]
    groups = _insert_lines(groups, recovered)
    return tuple(Word(w.text, w.box, w.confidence, n)
                 for n, line in enumerate(groups) for w in line)


def _as_read_in(box: Box, dpi: int, words: list[Word]) -> list[Word]:
    """The sure words read in a cluster. A cluster taller than a line of a title is a block
    that a seal or a pen stroke joined (Tesseract's layout took it for a picture): what is
    read there may have lost a word under the seal ('KT.', 'PHÓ'), so its words come out
    below metadata's review threshold (metadata.trust.REVIEW_BELOW) whatever Tesseract said."""
    sure = [w for w in words if w.confidence >= MIN_CONFIDENCE]
    if box[3] - box[1] <= dpi * MAX_LINE_INCHES:
        return sure
    # A seal's ring and star read as stray marks and single letters ('»', 'v'): not words.
    return [replace(w, confidence=min(w.confidence, BLOCK_CONFIDENCE)) for w in sure
            if sum(c.isalnum() for c in w.text) >= 2]


def _inside(box: Box, outer: Box) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _stack(image: np.ndarray, boxes: list[Box], gap: int) -> tuple[np.ndarray, list[Region]]:
    """The clusters one under another, a gap apart, on a white strip."""
    width = max(x1 - x0 for x0, _, x1, _ in boxes) + 2 * gap
    height = sum(y1 - y0 for _, y0, _, y1 in boxes) + gap * (len(boxes) + 1)
    stacked = np.full((height, width), 255, np.uint8)
    regions, top = [], gap
    for x0, y0, x1, y1 in boxes:
        stacked[top:top + y1 - y0, gap:gap + x1 - x0] = image[y0:y1, x0:x1]
        regions.append(Region((x0, y0, x1, y1), top, gap))
        top += y1 - y0 + gap
    return stacked, regions


def _place(word: Word, regions: list[Region]) -> tuple[int, Word] | None:
    """Which region a word of the stacked image came from, and the word at its page place."""
    x0, y0, x1, y1 = word.box
    middle = (y0 + y1) / 2
    for i, region in enumerate(regions):
        rx0, ry0, _, ry1 = region.box
        if region.top <= middle <= region.top + ry1 - ry0:
            dx, dy = rx0 - region.left, ry0 - region.top
            return i, Word(word.text, (x0 + dx, y0 + dy, x1 + dx, y1 + dy), word.confidence,
                           word.line)
    return None


def _insert_lines(groups: list[list[Word]], found: list[list[Word]]) -> list[list[Word]]:
    """Each recovered line as a line of its own, right after the last line that starts
    above it; Tesseract's reading order is kept otherwise."""
    ordered = list(groups)
    for group in sorted(found, key=lambda g: g[0].box[1], reverse=True):
        top = group[0].box[1]
        after = max((i for i, line in enumerate(ordered) if min(w.box[1] for w in line) <= top),
                    default=-1)
        ordered.insert(after + 1, sorted(group, key=lambda w: w.box[0]))
    return ordered


def _replace_bands(groups: list[list[Word]], bands: list[_Band],
                   found: dict[int, list[Word]]) -> list[list[Word]]:
    """Each band's lines replaced by its left column's lines, then its right column's.

    Band i was read as stacked regions 2i (left) and 2i+1 (right).
    """
    ordered = list(groups)
    for i, band in reversed(list(enumerate(bands))):
        reread = [line for column in (2 * i, 2 * i + 1) for line in lines_of(found.get(column, []))]
        if not reread:
            continue
        first = ordered.index(band.lines[0])
        ordered = [line for line in ordered if line not in band.lines]
        ordered[first:first] = reread
    return ordered


@dataclass
class _Band:
    lines: list[list[Word]]
    gutter: int | None

    def columns(self, width: int) -> list[Box]:
        assert self.gutter is not None, "only a joined line has columns"
        top = min(w.box[1] for line in self.lines for w in line)
        bottom = max(w.box[3] for line in self.lines for w in line)
        return [(0, top, self.gutter, bottom), (self.gutter, top, width, bottom)]


def _bands(groups: list[list[Word]], dpi: int) -> list[_Band]:
    """Clusters of joined lines, with the lines between them, and their gutter if real.

    The gutter must lie in the gap of every joined line of the cluster (a short first line
    of one column leaves a wider gap than the long lines under it), and no word of the band
    may cross it. A cluster's first lines are left out of it while their gap overlaps no
    gap the rest share: a body line with a wide gap of its own (a blank left for a day
    filled in by hand) just above the recipients and the signature block would otherwise
    leave the block's joined lines no common gutter, and the block unread. Bands never
    share a line.
    """
    joined = [(line, gap) for line in groups if (gap := _wide_gap(line, dpi))]
    clusters: list[_Cluster] = []
    for line, gap in sorted(joined, key=lambda j: _middle(j[0])):
        if clusters and _middle(line) - _middle(clusters[-1][-1][0]) <= dpi:
            clusters[-1].append((line, gap))
        else:
            clusters.append([(line, gap)])
    clusters = [_without_stray_first_lines(cluster) for cluster in clusters]
    bands: list[_Band] = []
    for cluster in clusters:
        top = min(w.box[1] for line, _ in cluster for w in line)
        bottom = max(w.box[3] for line, _ in cluster for w in line)
        taken = [line for band in bands for line in band.lines]
        lines = [line for line in groups
                 if top <= _middle(line) <= bottom and not any(line is t for t in taken)]
        left, right = _shared_gap(cluster)
        gutter = (left + right) // 2 if left < right else None
        if gutter and any(w.box[0] < gutter < w.box[2] for line in lines for w in line):
            gutter = None
        bands.append(_Band(lines, gutter))
    return bands


_Cluster = list[tuple[list[Word], tuple[int, int]]]  # joined lines, each with its wide gap


def _shared_gap(cluster: _Cluster) -> tuple[int, int]:
    """The span across that lies in the gap of every line of the cluster (left >= right
    when there is none)."""
    return max(lo for _, (lo, _) in cluster), min(hi for _, (_, hi) in cluster)


def _without_stray_first_lines(cluster: _Cluster) -> _Cluster:
    """The cluster without its first lines while their gap overlaps none the rest share
    (see `_bands`)."""
    while len(cluster) > 2:
        (_, (lo, hi)), rest = cluster[0], cluster[1:]
        left, right = _shared_gap(rest)
        if left >= right or max(lo, left) < min(hi, right):
            break  # the rest share no gap either, or the first line's gap is theirs
        cluster = rest
    return cluster


def _middle(line: list[Word]) -> float:
    return (min(w.box[1] for w in line) + max(w.box[3] for w in line)) / 2


def _wide_gap(line: list[Word], dpi: int) -> tuple[int, int] | None:
    """The widest gap between a line's words, as (left edge, right edge), when it is wider
    than half an inch."""
    gaps = [(left.box[2], right.box[0]) for left, right in zip(line, line[1:], strict=False)]
    widest = max(gaps, key=lambda g: g[1] - g[0], default=None)
    return widest if widest and widest[1] - widest[0] > dpi // 2 else None
