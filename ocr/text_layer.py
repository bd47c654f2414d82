"""Words from the text layer of a born-digital PDF page, when that layer can be trusted.

A PDF printed from a word processor carries its text exactly; reading it is faster and
better than any OCR of the rendered page. But a text layer can also be useless: glyphs
without a Unicode mapping (`(cid:12)`), a private-use font, a legacy 8-bit encoding that we
cannot place, or the invisible layer another tool's OCR left on a scan, which may read far
worse than our own OCR would. So the words are read, legacy encodings converted (see
`ocr.legacy_fonts`), and the layer is scored by how much of it reads as Vietnamese; below
the bar the caller gets nothing and OCRs the page instead.

A page with annotations is read flattened, as printed: an e-office PDF carries its number,
day and signature stamps in widgets (see `ocr.widgets`), and `widget_lines` gives those alone
for a scanned page whose text comes from OCR.

Boxes are in pixels of the page rendered at `dpi` (the crop box, top-left origin), the same
frame as `ocr.load` renders, so words from here and from OCR are interchangeable.
"""
from __future__ import annotations

import io
import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.utils.text import extract_words

from luutru.ocr.legacy_fonts import (
    PUNCTUATION,
    detect_legacy,
    font_encoding,
    is_uppercase_font,
    to_unicode,
    token_reads_well,
)
from luutru.ocr.load import PDFIUM_LOCK
from luutru.ocr.text import insert_lines, lines_of
from luutru.ocr.types import Box, Word
from luutru.ocr.widgets import annotation_boxes, flattened_page_pdf
from luutru.vietnamese import is_vietnamese_syllable, nfc

log = logging.getLogger(__name__)

Decision = tuple[str, bool] | None  # (legacy encoding, upper-case font), or None for Unicode

# A born-digital page is kept when this share of its words reads as Vietnamese; real text
# with names, codes and tables scores well above it, mis-encoded text far below.
MIN_QUALITY = 0.6
# Text over a page-sized image is another tool's OCR. It has to read about as well as our
# own OCR of a decent scan would, or OCRing the page again is the better bet.
MIN_OCR_LAYER_QUALITY = 0.85
# Fewer words than this over a page-sized image are a scanner's stamp ("Scanned by ..."),
# not the page's text.
MIN_OCR_LAYER_WORDS = 20
IMAGE_COVER = 0.5  # share of the page an image must cover for the page to count as a scan
# Most Vietnamese syllables carry a mark. A layer whose syllables almost never do was made
# by something that cannot write Vietnamese (an OCR engine without the language).
EXPECTED_MARKED_SHARE = 0.4
# Confidences for words of another tool's OCR layer, whose own scores we cannot see: a
# token that is not Vietnamese is where a misreading most likely is.
OCR_LAYER_CONFIDENCE = 0.9
OCR_LAYER_DOUBTFUL_CONFIDENCE = 0.5

_X_TOLERANCE_RATIO = 0.2  # gap, in font sizes, that still joins two characters into a word
_Y_TOLERANCE = 3  # points
_DEDUPE_CELL = 1  # points; fake bold prints every character twice, offset by less than this
# A space glyph is narrow (about a quarter of the font size). A wider "space" in a TCVN3
# font is byte 0xAD (ư), which the WinAnsi encoding names as a space.
_WIDE_SPACE = 0.4


@dataclass(frozen=True)
class TextLayer:
    """What a PDF page's text layer gives: its words, () when the layer cannot be trusted,
    and the annotations whose appearance draws no text that reads (an e-office's stamp or
    typed-in number saved as a picture, glyphs without a Unicode mapping), as boxes in
    pixels at the page's dpi: what those show is for OCR to read."""
    words: tuple[Word, ...]
    unread: tuple[Box, ...] = ()


def text_layer_page(path: Path, number: int, dpi: int) -> TextLayer:
    """The text layer of page `number` (1-based) of a PDF. Never raises: an odd PDF is left
    to OCR."""
    try:
        return _read_layer(path, number, dpi)
    except Exception as e:  # any failure of a PDF parser means "OCR the page"
        log.debug("%s page %s: text layer not read (%s)", path, number, e)
        return TextLayer(())


def text_layer_words(path: Path, number: int, dpi: int) -> tuple[Word, ...]:
    """The words of page `number` (1-based) of a PDF's text layer, or () when the page has
    no usable text layer."""
    return text_layer_page(path, number, dpi).words


def text_layer_quality(words: Iterable[Word]) -> float:
    """0..1: how well a page's words read as Vietnamese text.

    The share of tokens that are Vietnamese syllables, numbers, document codes or
    punctuation, lowered when hardly any syllable carries a Vietnamese mark.
    """
    texts = [w.text for w in words]
    if not texts:
        return 0.0
    reads_well = sum(token_reads_well(t) for t in texts) / len(texts)
    syllables = [core for t in texts if is_vietnamese_syllable(core := t.strip(PUNCTUATION))]
    if len(syllables) < 5:
        return reads_well
    marked = sum(not t.isascii() for t in syllables) / len(syllables)
    return reads_well * min(1.0, marked / EXPECTED_MARKED_SHARE)


def widget_lines(path: Path, number: int, dpi: int) -> list[tuple[Word, ...]]:
    """The lines of text that page `number`'s annotations draw (e-signature stamps, the
    number and day an e-office fills in), exact, from their appearance streams: one tuple
    of words per line, their `line` only their order there; [] when there are none that
    read as text. Never raises: an odd annotation never costs the page its text."""
    try:
        _, lines, _ = _own_and_widget_words(path, number, dpi)
    except Exception as e:
        log.debug("%s page %s: annotations not read (%s)", path, number, e)
        return []
    return lines


def _read_layer(path: Path, number: int, dpi: int) -> TextLayer:
    (words, scanned), lines, unread = _own_and_widget_words(path, number, dpi)
    if scanned:
        words = tuple(
            Word(
                w.text,
                w.box,
                OCR_LAYER_CONFIDENCE if token_reads_well(w.text) else OCR_LAYER_DOUBTFUL_CONFIDENCE,
                w.line,
            )
            for w in words
        )
        if len(words) < MIN_OCR_LAYER_WORDS:
            return TextLayer(())
    bar = MIN_OCR_LAYER_QUALITY if scanned else MIN_QUALITY
    if text_layer_quality(words) < bar:
        return TextLayer(())
    # The page's own text decides whether the layer is trusted; what its annotations draw
    # (the number and day of an e-office PDF, its signature stamps) is then part of it.
    return TextLayer(insert_lines(words, lines) if lines else words, unread)


Chars = list[dict[str, Any]]


def _own_and_widget_words(
    path: Path, number: int, dpi: int
) -> tuple[tuple[tuple[Word, ...], bool], list[tuple[Word, ...]], tuple[Box, ...]]:
    """The page's own words (and whether it is a scan), the lines its annotations draw, and
    the boxes (in pixels at `dpi`) of the annotations that draw no text that reads.

    An annotation's text is what the page flattened shows and the page itself does not.
    It is laid out one annotation at a time: two stamps side by side have lines at heights
    of their own, which grouping them together would interleave.
    """
    own, scanned, crop = _page_chars(path, number)
    with PDFIUM_LOCK:
        boxes = annotation_boxes(path, number, 72)
        flat = flattened_page_pdf(path, number) if boxes else None
    own_words = _words(own, crop, dpi)
    if flat is None:
        return (own_words, scanned), [], ()
    flat_chars, _, flat_crop = _page_chars(io.BytesIO(flat), 1)
    printed = Counter(_char_key(c) for c in own)
    drawn: dict[int, Chars] = {}
    last: int | None = None
    for c in flat_chars:
        key = _char_key(c)
        if printed[key]:
            printed[key] -= 1
            continue
        # Annotation rectangles may overlap; flattening draws one annotation after another,
        # so a char that could be either's belongs to the one drawing before it.
        holders = _boxes_of(c, boxes, flat_crop)
        if holders:
            last = last if last is not None and last in holders else holders[0]
            drawn.setdefault(last, []).append(c)
    lines: list[tuple[Word, ...]] = []
    unread: list[Box] = []
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        words = _words(drawn.get(i, []), flat_crop, dpi)
        if text_layer_quality(words) < MIN_QUALITY:
            px = dpi / 72
            unread.append((round(x0 * px), round(y0 * px), round(x1 * px), round(y1 * px)))
            continue
        lines += map(tuple, lines_of(words))
    return (own_words, scanned), lines, tuple(unread)


def _char_key(c: dict[str, Any]) -> tuple[str, int, int]:
    return c["text"], round(c["x0"]), round(c["top"])


def _boxes_of(c: dict[str, Any], boxes: list[Box], crop: tuple[float, float, float, float]
              ) -> list[int]:
    """Which annotation rectangles (in points from the crop box's top left) hold a char."""
    x = (c["x0"] + c["x1"]) / 2 - crop[0]
    y = (c["top"] + c["bottom"]) / 2 - crop[1]
    return [i for i, (x0, y0, x1, y1) in enumerate(boxes)
            if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1]


def _page_chars(source: Path | io.BytesIO, number: int
                ) -> tuple[Chars, bool, tuple[float, float, float, float]]:
    """A page's upright characters, once each, whether the page is a scan (text over a
    page-sized image), and its rendered box."""
    with pdfplumber.open(source, pages=[number]) as pdf:
        pages = pdf.pages
        if len(pages) != 1 or pages[0].page_number != number:
            return [], False, (0.0, 0.0, 0.0, 0.0)
        page = pages[0]
        all_chars = page.chars
        chars = _dedupe([c for c in all_chars if _left_to_right(c)])
        scanned = _image_cover(page) >= IMAGE_COVER
        crop = _rendered_box(page)
    # A page whose text runs sideways or upside down is shown turned; OCR, which finds
    # the page's orientation, deals with it better than words in a turned frame.
    if 2 * len(chars) < len(all_chars):
        return [], scanned, crop
    return chars, scanned, crop


def _words(chars: Chars, crop: tuple[float, float, float, float], dpi: int) -> tuple[Word, ...]:
    if not chars:
        return ()
    encodings = _font_encodings(chars)
    chars = _restore_wide_spaces(chars, encodings)
    raw_words = extract_words(
        chars,
        return_chars=True,
        use_text_flow=True,
        keep_blank_chars=False,
        x_tolerance_ratio=_X_TOLERANCE_RATIO,
        y_tolerance=_Y_TOLERANCE,
    )
    placed = [(text, w) for w in raw_words if (text := _word_text(w["chars"], encodings))]
    return _layout(placed, crop, dpi)


def _left_to_right(char: dict[str, Any]) -> bool:
    """Whether a character is drawn upright, within 45 degrees of horizontal."""
    a, b, _, d = char["matrix"][:4]
    return a > 0 and d > 0 and abs(b) < a


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop characters printed again over themselves (fake bold, shadow text): same text and
    font less than a grid cell away.

    pdfplumber's own dedupe is quadratic in the number of characters, which is what makes
    big pages slow; looking up the neighbouring cells of a grid does it in one pass. The
    distance itself is checked too: in small print two letters of a word ("tt") can stand
    less than two cells apart.
    """
    seen: dict[tuple[str, str, int, int], list[tuple[float, float]]] = {}
    kept = []
    for c in chars:
        x, y = c["x0"], c["top"]
        gx, gy = round(x / _DEDUPE_CELL), round(y / _DEDUPE_CELL)
        if any(
            abs(x - sx) < _DEDUPE_CELL and abs(y - sy) < _DEDUPE_CELL
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for sx, sy in seen.get((c["text"], c["fontname"], gx + dx, gy + dy), ())
        ):
            continue
        seen.setdefault((c["text"], c["fontname"], gx, gy), []).append((x, y))
        kept.append(c)
    return kept


def _rendered_box(page: Any) -> tuple[float, float, float, float]:
    """The crop box, which is what a renderer draws, in pdfplumber's frame for the page.

    pdfplumber's own `cropbox` ignores the page's rotation; this maps the box's corners the
    way its characters are mapped: pdfminer's rotation matrix, then pdfplumber's flip to a
    top-left origin.
    """
    mx0, my0, mx1, my1 = (float(v) for v in page.page_obj.mediabox)
    rotation = page.rotation
    ctm = {
        90: (0, -1, 1, 0, -my0, mx1),
        180: (-1, 0, 0, -1, mx1, my1),
        270: (0, 1, -1, 0, my1, -mx0),
    }.get(rotation, (1, 0, 0, 1, -mx0, -my0))
    a, b, c, d, e, f = ctm
    cx0, cy0, cx1, cy1 = (float(v) for v in page.page_obj.cropbox)
    xs, tops = [], []
    for x, y in ((cx0, cy0), (cx1, cy1)):
        dx, dy = a * x + c * y + e, b * x + d * y + f
        xs.append(dx + page.mediabox[0])
        tops.append(page.height - dy + page.mediabox[1])
    return min(xs), min(tops), max(xs), max(tops)


def _image_cover(page: Any) -> float:
    area = float(page.width * page.height)
    if area <= 0:
        return 0.0
    covered = 0.0
    x0, top, x1, bottom = page.bbox
    for im in page.images:
        w = min(im["x1"], x1) - max(im["x0"], x0)
        h = min(im["bottom"], bottom) - max(im["top"], top)
        if w > 0 and h > 0:
            covered += w * h
    return min(1.0, covered / area)


def _font_encodings(chars: list[dict[str, Any]]) -> dict[str, Decision]:
    """How to read each font's text.

    Fonts named as legacy fonts are judged together, one group per encoding. Any other font
    is judged alone by its byte patterns, since an encoding belongs to a font and a subset
    or renamed legacy font keeps its codes under a new name.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in chars:
        groups.setdefault(font_encoding(c["fontname"]) or c["fontname"], []).append(c)
    decisions: dict[str, Decision] = {}
    for group in groups.values():
        fonts = {c["fontname"] for c in group}
        named = {font for font in fonts if font_encoding(font)}
        found = detect_legacy("".join(c["text"] for c in group), named)
        for font in fonts:
            decisions[font] = (found, is_uppercase_font(font)) if found else None
    return decisions


def _restore_wide_spaces(
    chars: list[dict[str, Any]], encodings: dict[str, Decision]
) -> list[dict[str, Any]]:
    """Give back ư to TCVN3 text extracted without a ToUnicode map, where byte 0xAD came out
    as a space: such a "space" is as wide as a letter, unlike the font's real spaces. A font
    without any narrow space on the page may be monospaced, and is left alone."""

    def em_width(c: dict[str, Any]) -> float:
        return (c["x1"] - c["x0"]) / c["size"] if c["size"] > 0 else 0.0

    tcvn3_fonts = {font for font, found in encodings.items() if found and found[0] == "tcvn3"}
    spaces = [c for c in chars if c["text"] == " " and c["fontname"] in tcvn3_fonts]
    with_narrow_spaces = {c["fontname"] for c in spaces if em_width(c) < _WIDE_SPACE}
    wide = {
        id(c) for c in spaces if c["fontname"] in with_narrow_spaces and em_width(c) >= _WIDE_SPACE
    }
    return [{**c, "text": "\xad"} if id(c) in wide else c for c in chars]


def _word_text(chars: list[dict[str, Any]], encodings: dict[str, Decision]) -> str:
    """A word's text as NFC Unicode, converting each run of a legacy font on its own."""
    parts = []
    for font, run in groupby(chars, key=itemgetter("fontname")):
        text = "".join(c["text"] for c in run)
        decision = encodings.get(font)
        parts.append(to_unicode(text, *decision) if decision else text)
    return nfc("".join(parts)).strip()


def _layout(
    placed: list[tuple[str, dict[str, Any]]], crop: tuple[float, float, float, float], dpi: int
) -> tuple[Word, ...]:
    """Words with pixel boxes and line numbers, in reading order: lines top to bottom,
    words left to right within a line."""
    scale = dpi / 72
    cx0, ctop, cx1, cbottom = crop
    width, height = round((cx1 - cx0) * scale), round((cbottom - ctop) * scale)
    boxed = []
    for text, w in placed:
        box = (
            max(0, math.floor((w["x0"] - cx0) * scale)),
            max(0, math.floor((w["top"] - ctop) * scale)),
            min(width, math.ceil((w["x1"] - cx0) * scale)),
            min(height, math.ceil((w["bottom"] - ctop) * scale)),
        )
        if box[2] > box[0] and box[3] > box[1]:  # outside the crop box: not on the page
            boxed.append((text, box))
    lines = _group_lines(boxed)
    return tuple(
        Word(text=text, box=box, confidence=1.0, line=n)
        for n, line in enumerate(lines)
        for text, box in sorted(line, key=lambda item: item[1][0])
    )


def _group_lines(
    boxed: list[tuple[str, Box]],
) -> list[list[tuple[str, Box]]]:
    """Words whose boxes overlap vertically by at least half the smaller height share a
    line. Sorted by vertical centre, each word only needs comparing with the last line.

    A line's span is its first word's: grown by every word that joins, a line beside a
    taller line of another column (a signer's title in bold beside small recipients) would
    reach the next line of small print and swallow it.
    """
    lines: list[list[tuple[str, Box]]] = []
    span = (0, 0)
    for item in sorted(boxed, key=lambda item: item[1][1] + item[1][3]):
        _, (_, top, _, bottom) = item
        overlap = min(bottom, span[1]) - max(top, span[0])
        if lines and overlap >= 0.5 * min(bottom - top, span[1] - span[0]):
            lines[-1].append(item)
        else:
            lines.append([item])
            span = (top, bottom)
    return lines
