"""Tesseract, the default OCR engine, behind a small seam.

An engine reads a whole page (`page`: words, hOCR and a one-page PDF of the invisible
text layer, to lay over the page image) and a
block of lines (`lines`: words only, for a second look at ink the page pass left unread).
`TesseractEngine` is the one luutru ships; another engine only has to offer the same two
methods. One Tesseract process per page writes the TSV, hOCR and PDF together, so the page is
recognised once for all three; the PDF holds text only, since embedding the image is cheaper
once, later, from the stored page image.
"""
from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
import pytesseract

from ocr.types import Word
from vietnamese import nfc

# Tesseract's own OpenMP threads fight the page-parallel workers for the same cores.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DEFAULT_LANG = "vie"
DEFAULT_PSM = 3  # fully automatic page segmentation: handles the two-column header


@dataclass(frozen=True)
class Recognised:
    words: tuple[Word, ...]
    hocr: str
    pdf: bytes  # one-page PDF holding only the invisible text layer, placed in page units


class Engine(Protocol):
    def page(self, image: np.ndarray, dpi: int) -> Recognised: ...

    def lines(self, image: np.ndarray, dpi: int) -> tuple[Word, ...]: ...


@dataclass(frozen=True)
class TesseractEngine:
    lang: str = DEFAULT_LANG
    psm: int = DEFAULT_PSM
    timeout: int = 300  # seconds for one page; a page that takes longer is a failure

    def page(self, image: np.ndarray, dpi: int) -> Recognised:
        return run_tesseract(image, dpi, lang=self.lang, psm=self.psm, timeout=self.timeout)

    def lines(self, image: np.ndarray, dpi: int) -> tuple[Word, ...]:
        outputs = _tesseract(image, f"--psm 6 --dpi {dpi} -c tessedit_create_tsv=1",
                             lang=self.lang, timeout=self.timeout)
        return parse_tsv(outputs[".tsv"].decode("utf-8"))


def run_tesseract(image: np.ndarray, dpi: int, *, lang: str, psm: int,
                  timeout: int) -> Recognised:
    config = (f"--psm {psm} --dpi {dpi} -c tessedit_create_tsv=1 -c tessedit_create_hocr=1 "
              "-c tessedit_create_pdf=1 -c textonly_pdf=1 -c hocr_font_info=0")
    outputs = _tesseract(image, config, lang=lang, timeout=timeout)
    return Recognised(words=parse_tsv(outputs[".tsv"].decode("utf-8")),
                      hocr=nfc(outputs[".hocr"].decode("utf-8")),
                      pdf=outputs[".pdf"])


def _tesseract(image: np.ndarray, config: str, *, lang: str, timeout: int) -> dict[str, bytes]:
    """One Tesseract run over the softened image: each output file by its suffix."""
    with tempfile.TemporaryDirectory(prefix="luutru-ocr-") as tmp:
        # An uncompressed TIFF: encoding a PNG of a page costs more than Tesseract's reading
        # it back, and Leptonica reads a PGM a byte at a time (a tenth of a page's OCR).
        source = Path(tmp) / "page.tif"
        cv2.imwrite(str(source), soften(image), [cv2.IMWRITE_TIFF_COMPRESSION, 1])
        base = Path(tmp) / "out"
        pytesseract.pytesseract.run_tesseract(str(source), str(base), extension="tsv",
                                              lang=lang, config=config, timeout=timeout)
        return {path.suffix: path.read_bytes() for path in Path(tmp).glob("out.*")}


def soften(image: np.ndarray) -> np.ndarray:
    """Anti-alias a binary page: Tesseract's LSTM models were trained on smooth grey
    renderings, and read thick, jagged bold strokes of a binarised scan poorly."""
    return cv2.GaussianBlur(image, (3, 3), 0)


def parse_tsv(tsv: str) -> tuple[Word, ...]:
    """Words of Tesseract's TSV output, with their text line counted in reading order."""
    words: list[Word] = []
    lines: dict[tuple[str, str, str], int] = {}
    for row in csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        line = lines.setdefault(key, len(lines))
        left, top = int(row["left"]), int(row["top"])
        box = (left, top, left + int(row["width"]), top + int(row["height"]))
        confidence = max(0.0, float(row["conf"])) / 100
        words.append(Word(nfc(text), box, confidence, line))
    return tuple(words)


def osd_rotation(image: np.ndarray) -> int | None:
    """Tesseract's orientation answer (degrees clockwise), or None when it is not sure."""
    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", output_type="dict")
    except pytesseract.TesseractError:
        return None  # too little text for OSD to say anything
    if float(osd.get("orientation_conf", 0)) < 2.0:
        return None
    return int(osd["rotate"]) % 360
