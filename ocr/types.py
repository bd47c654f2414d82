"""The small values that flow out of the OCR stage."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an annotation only: `luutru search` imports this module, not numpy
    import numpy as np

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the cleaned page image


@dataclass(frozen=True)
class Page:
    """One page image as loaded from a scan file, before cleanup."""

    image: np.ndarray  # BGR uint8, or single-channel uint8 for bilevel/grey scans
    dpi: int
    number: int  # 1-based, in the order of the source file
    source: str
    # The resolution the paper was scanned at, where it differs from `dpi`: a scanned PDF
    # page is rendered at a fixed dpi whatever its image holds. 0 means the same as `dpi`.
    scan_dpi: int = 0


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    confidence: float  # 0..1
    line: int  # index of the text line on the page, in reading order
    # Read from pen strokes (a number or day the văn thư wrote into a printed slot), not print:
    # metadata treats such a value as less certain than printed text.
    handwritten: bool = False


@dataclass(frozen=True)
class PageResult:
    """What the OCR stage knows about one page once it is done."""

    number: int
    width: int
    height: int
    words: tuple[Word, ...]
    text: str  # reading order, lines separated by newlines
    confidence: float  # mean word confidence, 0..1
    quality: float  # page quality score, 0..1 (see ocr.quality)
    steps: tuple[str, ...] = field(default=())  # cleanup steps applied, in order
    method: str = "ocr"  # "ocr" or "text-layer"
    hocr: str = ""
    dpi: int = 300  # of the page image the word boxes refer to
    scan_dpi: int = 0  # the paper's scan resolution (0: unknown, a born-digital page)
