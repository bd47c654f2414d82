"""Turn a page's OCR words into positioned text segments.

Tesseract often joins the two header columns into one line ('BỘ CÔNG THƯƠNG  CỘNG HÒA XÃ
HỘI...') and the signature block with 'Nơi nhận:'; what the extractor needs are the runs
of words that belong together on the paper. A segment is such a run: words of one text
line with no wide horizontal gap between them.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, replace

from luutru.ocr.types import PageResult, Word
from luutru.vietnamese import nfc

from .text import clean_tokens, strip_edges

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Segment:
    page: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def tokens(self) -> list[str]:
        return [w.text for w in self.words]

    @property
    def confidences(self) -> list[float]:
        return [w.confidence for w in self.words]

    @property
    def box(self) -> Box:
        return union_box([w.box for w in self.words])

    @property
    def x0(self) -> int:
        return self.box[0]

    @property
    def y0(self) -> int:
        return self.box[1]

    @property
    def x1(self) -> int:
        return self.box[2]

    @property
    def y1(self) -> int:
        return self.box[3]

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return _word_height(self.words)

    @property
    def confidence(self) -> float:
        return statistics.fmean(self.confidences) if self.words else 0.0


@dataclass(frozen=True)
class PageLayout:
    number: int
    width: int
    height: int
    segments: tuple[Segment, ...]  # top to bottom, then left to right
    left: float  # text area, from the body lines
    right: float
    pitch: float  # usual distance between body line tops

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2

    @property
    def text_width(self) -> float:
        return max(self.right - self.left, 1.0)

    def rel_x(self, x: float) -> float:
        """Position across the text area: 0 at the left margin, 1 at the right."""
        return (x - self.left) / self.text_width


def union_box(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )


def _word_height(words: tuple[Word, ...] | list[Word]) -> float:
    # Words with letters or digits; punctuation boxes are tiny and would shrink the height.
    hs = [w.box[3] - w.box[1] for w in words if any(c.isalnum() for c in w.text)]
    return float(statistics.median(hs)) if hs else 1.0


def _rows_by_geometry(words: list[Word]) -> list[list[Word]]:
    """Group words into rows by vertical position, for lines the OCR did not separate."""
    h = _word_height(words)
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        cy = (w.box[1] + w.box[3]) / 2
        if rows:
            row = rows[-1]
            rcy = statistics.fmean((r.box[1] + r.box[3]) / 2 for r in row)
            if abs(cy - rcy) <= 0.5 * h:
                row.append(w)
                continue
        rows.append([w])
    return rows


def _split_by_gaps(words: list[Word], gap_factor: float) -> list[list[Word]]:
    words = sorted(words, key=lambda w: w.box[0])
    h = _word_height(words)
    out: list[list[Word]] = [[words[0]]]
    for prev, w in zip(words, words[1:], strict=False):
        if w.box[0] - prev.box[2] > gap_factor * h:
            out.append([w])
        else:
            out[-1].append(w)
    return out


def build_layout(page: PageResult, gap_factor: float = 2.2) -> PageLayout:
    words = [replace(w, text=nfc(w.text).strip()) for w in page.words if nfc(w.text).strip()]
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    rows: list[list[Word]] = []
    for line_words in by_line.values():
        h = _word_height(line_words)
        cys = [(w.box[1] + w.box[3]) / 2 for w in line_words]
        # A 'line' that spans several rows (no line info, or OCR joined rows): regroup it.
        if max(cys) - min(cys) > 1.2 * h:
            rows.extend(_rows_by_geometry(line_words))
        else:
            rows.append(line_words)
    segments = [
        Segment(page.number, tuple(run))
        for row in rows for run in _split_by_gaps(row, gap_factor)
    ]
    segments.sort(key=lambda s: (s.y0, s.x0))
    left, right = _text_area(segments, page.width)
    pitch = _line_pitch(segments, right - left)
    return PageLayout(page.number, page.width, page.height, tuple(segments), left, right, pitch)


def _text_area(segments: list[Segment], width: int) -> tuple[float, float]:
    body = [s for s in segments if len(s.words) >= 5]
    if len(body) < 3:
        body = segments
    if not body:
        return 0.0, float(max(width, 1))
    x0s = sorted(s.x0 for s in body)
    x1s = sorted(s.x1 for s in body)
    left = float(x0s[len(x0s) // 10])
    right = float(x1s[(len(x1s) * 9) // 10])
    if right - left < 0.3 * width:
        return float(min(x0s)), float(max(x1s))
    return left, right


def _line_pitch(segments: list[Segment], text_width: float) -> float:
    wide = [s for s in segments if s.x1 - s.x0 > 0.5 * text_width and len(s.words) >= 4]
    gaps = [
        b.y0 - a.y0 for a, b in zip(wide, wide[1:], strict=False)
        if 0.5 * a.height < b.y0 - a.y0 < 4 * a.height
    ]
    if gaps:
        return float(statistics.median(gaps))
    heights = [s.height for s in segments]
    return 1.6 * float(statistics.median(heights)) if heights else 20.0


def rows_of(segments: list[Segment]) -> list[list[Segment]]:
    """Segments that sit side by side on one printed row, top to bottom."""
    rows: list[list[Segment]] = []
    for s in sorted(segments, key=lambda s: s.cy):
        if rows and abs(s.cy - statistics.fmean(r.cy for r in rows[-1])) <= 0.5 * s.height:
            rows[-1].append(s)
        else:
            rows.append([s])
    return [sorted(r, key=lambda s: s.x0) for r in rows]


def is_noise(seg: Segment) -> bool:
    """Specks, rules and stroke fragments that OCR turned into a word or two."""
    kept = clean_tokens(seg.tokens, seg.confidences)
    solid = sum(c.isalnum() for t in kept for c in t)
    return solid == 0 or solid <= 2 and len(kept) <= 2 and seg.confidence < 0.9


def ink_extent(segs: list[Segment]) -> tuple[int, int]:
    """Left and right ends of the real words of segs, leaving out edge specks ('„', '|')."""
    words = [
        w for s in segs for w in s.words
        if sum(c.isalnum() for c in strip_edges(w.text)) >= 2 or w.confidence >= 0.6
        and any(c.isalnum() for c in w.text)
    ]
    if not words:
        words = [w for s in segs for w in s.words]
    return min(w.box[0] for w in words), max(w.box[2] for w in words)
