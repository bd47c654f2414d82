"""One page through the OCR stage: load, clean, recognise (or read the text layer).

This is the unit of parallel work. It takes a file path and a page number, so that a worker
decodes the page's pixels itself, once, and returns plain data; writing files is the
caller's business.
"""
from __future__ import annotations

import struct
import time
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from luutru.ocr.clean import clean, map_box, page_map, upright
from luutru.ocr.load import load_page, sniff
from luutru.ocr.quality import page_quality
from luutru.ocr.recognise import Engine
from luutru.ocr.recover import second_look
from luutru.ocr.text import insert_lines, lines_of, renumbered, words_to_text
from luutru.ocr.types import Box, Page, PageResult, Word
from luutru.ocr.widgets import added_ink, inside

if TYPE_CHECKING:
    from luutru.ocr.text_layer import TextLayer


@dataclass(frozen=True)
class PageOutput:
    result: PageResult
    png: bytes  # the page image the words' boxes refer to
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage
    # The page in colour as scanned, upright, as a JPEG in the frame of `png`; empty when
    # the scan is grey or bilevel, whose archival image is `png` itself.
    colour: bytes = b""


def read_page(path: Path, number: int, engine: Engine) -> PageOutput:
    """Page `number` (1-based) of the file at `path`, read by `engine` unless the file's own
    text layer reads as Vietnamese."""
    timer = _Timer()
    page = load_page(path, number)
    timer.lap("load")
    if sniff(path) == "pdf":
        layer = _text_layer(path, number, page.dpi)
        timer.lap("text-layer")
        if layer.words:
            # The archival image of a born-digital page shows what a reader sees, the
            # e-office's signature stamps included (load_page draws them); the text is
            # read already, but for what annotations draw as pictures.
            words = layer.words
            if layer.unread:
                words = _with_pictured_annotations(words, path, page, layer.unread, engine)
                timer.lap("annotations")
            return _from_text_layer(page, words, timer)

    cleaned = clean(page, osd=engine.orientation)
    timer.lap("clean")
    recognised = engine.page(cleaned.image, cleaned.dpi)
    timer.lap("ocr")
    words = _unless_blank(second_look(cleaned.image, cleaned.dpi, recognised.words, engine))
    timer.lap("second-look")
    if sniff(path) == "pdf":
        words = _with_widget_words(words, path, page, cleaned.steps)
        timer.lap("widgets")
    h, w = cleaned.image.shape
    result = PageResult(
        number=number, width=w, height=h, words=words, text=words_to_text(words),
        confidence=_mean_confidence(words), quality=page_quality(words),
        steps=cleaned.steps, method="ocr", hocr=recognised.hocr, dpi=cleaned.dpi,
        scan_dpi=cleaned.paper_dpi or page.scan_dpi or page.dpi)
    png = _png(cleaned.image, cleaned.dpi)
    colour = _jpeg(upright(page.image, page.dpi, cleaned)) if is_colour(page.image) else b""
    timer.lap("encode")
    return PageOutput(result=result, png=png, seconds=timer.laps,
                      colour=colour)


def _text_layer(path: Path, number: int, dpi: int) -> TextLayer:
    from luutru.ocr.text_layer import text_layer_page

    return text_layer_page(path, number, dpi)


# A pictured annotation is read when OCR is this sure of its words on average: printed
# text reads at 0.9 and more, while a seal's curved rim or a handwritten signature reads
# as scraps well below it.
MIN_PICTURE_CONFIDENCE = 0.75


def _with_pictured_annotations(words: tuple[Word, ...], path: Path, page: Page,
                               unread: tuple[Box, ...], engine: Engine) -> tuple[Word, ...]:
    """A born-digital page's words with what its annotations draw as pictures (an
    e-office's signature stamp, or the number and day it typed in, saved as an image),
    read by OCR from what each changes on the page, in lines of their own: the print under
    a transparent stamp is not read twice, and a seal or a signature is left out."""
    from luutru.ocr.text_layer import MIN_QUALITY, text_layer_quality

    bare = load_page(path, page.number, annotations=False).image
    lines = []
    for box in unread:
        found = added_ink(page.image, bare, box)
        if found is None:
            continue
        ink, (x0, y0, _, _) = found
        read = [w for w in engine.lines(ink, page.dpi) if any(c.isalnum() for c in w.text)]
        if (not read or sum(w.confidence for w in read) / len(read) < MIN_PICTURE_CONFIDENCE
                or text_layer_quality(read) < MIN_QUALITY):
            continue
        lines += [tuple(replace(w, box=(w.box[0] + x0, w.box[1] + y0, w.box[2] + x0,
                                        w.box[3] + y0)) for w in line)
                  for line in lines_of(read)]
    return insert_lines(words, lines) if lines else words


def _unless_blank(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """No words for a page none of whose words holds a letter or a digit: a blank back page
    whose specks and show-through OCR read as a stray quote or dash."""
    return words if any(c.isalnum() for w in words for c in w.text) else ()


def _with_widget_words(words: tuple[Word, ...], path: Path, page: Page,
                       steps: tuple[str, ...]) -> tuple[Word, ...]:
    """A scanned page's words with the text its annotations draw (an e-office's signature
    stamps) read exactly from them in place of what OCR made of it."""
    from luutru.ocr.text_layer import widget_lines

    drawn = widget_lines(path, page.number, page.dpi)
    if not drawn:
        return words
    forward = page_map(page.image.shape, page.dpi, steps).forward
    placed = [tuple(replace(w, box=map_box(forward, w.box)) for w in line) for line in drawn]
    pad = max(2, page.dpi // 100)
    covered = [(x0 - pad, y0 - pad, x1 + pad, y1 + pad)
               for x0, y0, x1, y1 in (w.box for line in placed for w in line)]
    kept = tuple(w for w in words if not inside(w, covered))
    return insert_lines(renumbered(kept), placed)


def _from_text_layer(page: Page, words: tuple[Word, ...], timer: _Timer) -> PageOutput:
    image = page.image
    h, w = image.shape[:2]
    result = PageResult(
        number=page.number, width=w, height=h, words=words, text=words_to_text(words),
        confidence=1.0, quality=1.0, steps=(), method="text-layer", dpi=page.dpi,
        scan_dpi=page.scan_dpi)
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    png = _png(grey, page.dpi)
    colour = _jpeg(image) if is_colour(image) else b""
    timer.lap("encode")
    return PageOutput(result=result, png=png, seconds=timer.laps, colour=colour)


# A colour scan of black print still shows colour in its seal, signature or paper; a grey
# page rendered or decoded to three channels has none beyond compression noise.
_CHROMA = 40
_COLOUR_SHARE = 0.0005


def is_colour(image: np.ndarray) -> bool:
    if image.ndim == 2:
        return False
    small = image[::4, ::4]
    chroma = small.max(axis=2).astype(np.int16) - small.min(axis=2)
    return bool(np.count_nonzero(chroma > _CHROMA) > _COLOUR_SHARE * chroma.size)


def _jpeg(image: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()


def _mean_confidence(words: tuple[Word, ...]) -> float:
    if not words:
        return 0.0
    return round(float(np.mean([w.confidence for w in words])), 4)


def _png(image: np.ndarray, dpi: int) -> bytes:
    """The page as a PNG that records its resolution; a binary page as one bit a pixel."""
    bilevel = image.ndim == 2 and not np.any((image > 0) & (image < 255))
    png = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_BILEVEL, int(bilevel),
                                       cv2.IMWRITE_PNG_COMPRESSION, 6])[1].tobytes()
    return _with_resolution(png, dpi)


def _with_resolution(png: bytes, dpi: int) -> bytes:
    """`png` with a pHYs chunk (pixels per metre) after its header, which OpenCV does not
    write: viewers and PDF tools size the page by it."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    header_end = 8 + 25  # the signature, then IHDR: length, type, 13 bytes, CRC
    return png[:header_end] + chunk + png[header_end:]


class _Timer:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0.0) + now - self._last, 4)
        self._last = now
