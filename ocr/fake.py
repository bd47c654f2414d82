"""A deterministic OCR engine for tests: it reads only the pages it was shown.

`FakeEngine` knows pages by the hash of their pixels: a test shows it an image (usually
the cleaned page `read_page` will hand it) with the words on it, and it gives those words
back for exactly that image. Any other image reads as a blank page. It never guesses, so a
test that depends on it fails when the image the pipeline passes is not the one shown.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from luutru.ocr.recognise import Recognised
from luutru.ocr.types import Word


def image_key(image: np.ndarray) -> str:
    digest = hashlib.sha256(np.ascontiguousarray(image).tobytes())
    digest.update(repr((image.shape, image.dtype.str)).encode())
    return digest.hexdigest()


@dataclass
class FakeEngine:
    pages: dict[str, tuple[Word, ...]] = field(default_factory=dict)
    turns: dict[str, int] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)  # 'page', 'lines', 'orientation'

    def show(self, image: np.ndarray, words: tuple[Word, ...] | list[Word],
             turn: int | None = None) -> None:
        """Teach the engine the words on `image` (and, optionally, its orientation)."""
        key = image_key(image)
        self.pages[key] = tuple(words)
        if turn is not None:
            self.turns[key] = turn

    def page(self, image: np.ndarray, dpi: int) -> Recognised:
        self.calls.append("page")
        return Recognised(words=self.pages.get(image_key(image), ()))

    def lines(self, image: np.ndarray, dpi: int) -> tuple[Word, ...]:
        self.calls.append("lines")
        return self.pages.get(image_key(image), ())

    def orientation(self, image: np.ndarray) -> int | None:
        self.calls.append("orientation")
        return self.turns.get(image_key(image))
