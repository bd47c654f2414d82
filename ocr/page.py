"""One page through the OCR stage: load, clean, recognise (or read the text layer).

This is the unit of parallel work. It takes a file path and a page number, so that a worker
decodes the page's pixels itself, once, and returns plain data; writing files is the
caller's business.
"""
from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ocr.clean import clean
from ocr.load import load_page, sniff
from ocr.quality import page_quality
from ocr.recognise import Engine, TesseractEngine, osd_rotation
from ocr.recover import second_look
from ocr.text import words_to_text
from ocr.types import PageResult, Word


@dataclass(frozen=True)
class PageOutput:
    result: PageResult
    png: bytes  # the page image the words' boxes refer to
    pdf: bytes  # a one-page searchable PDF; empty when the source page already is one
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage


def read_page(path: Path, number: int, engine: Engine | None = None) -> PageOutput:
    timer = _Timer()
    page = load_page(path, number)
    timer.lap("load")
    if sniff(path) == "pdf":
        words = _text_layer(path, number, page.dpi)
        timer.lap("text-layer")
        if words:
            return _from_text_layer(page.image, number, words, timer)

    cleaned = clean(page, osd=osd_rotation)
    timer.lap("clean")
    engine = engine or TesseractEngine()
    recognised = engine.page(cleaned.image, cleaned.dpi)
    timer.lap("ocr")
    words = second_look(cleaned.image, cleaned.dpi, recognised.words, engine)
    timer.lap("second-look")
    h, w = cleaned.image.shape
    result = PageResult(
        number=number, width=w, height=h, words=words, text=words_to_text(words),
        confidence=_mean_confidence(words), quality=page_quality(words),
        steps=cleaned.steps, method="ocr", hocr=recognised.hocr)
    png = _png(cleaned.image, cleaned.dpi)
    timer.lap("encode")
    return PageOutput(result=result, png=png, pdf=recognised.pdf, seconds=timer.laps)


def _text_layer(path: Path, number: int, dpi: int) -> tuple[Word, ...]:
    from ocr.text_layer import text_layer_words

    return text_layer_words(path, number, dpi)


def _from_text_layer(image: np.ndarray, number: int, words: tuple[Word, ...],
                     timer: _Timer) -> PageOutput:
    h, w = image.shape[:2]
    result = PageResult(
        number=number, width=w, height=h, words=words, text=words_to_text(words),
        confidence=1.0, quality=1.0, steps=(), method="text-layer")
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    png = _png(grey, 300)
    timer.lap("encode")
    return PageOutput(result=result, png=png, pdf=b"", seconds=timer.laps)


def _mean_confidence(words: tuple[Word, ...]) -> float:
    if not words:
        return 0.0
    return round(float(np.mean([w.confidence for w in words])), 4)


def _png(image: np.ndarray, dpi: int) -> bytes:
    pil = Image.fromarray(image)
    if image.ndim == 2 and not np.any((image > 0) & (image < 255)):
        pil = pil.convert("1")
    buffer = io.BytesIO()
    pil.save(buffer, format="PNG", dpi=(dpi, dpi), optimize=False)
    return buffer.getvalue()


class _Timer:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0.0) + now - self._last, 4)
        self._last = now
