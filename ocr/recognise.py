"""The OCR engine seam, and Tesseract, the engine luutru ships.

An engine answers three questions about a cleaned page image:
- `page`: its words (text, box, confidence, line), and optionally hOCR; the searchable
  PDF/A is drawn from the words (`archive.pdfa`), so an engine writes no PDF;
- `lines`: the words of a block of lines (the second look at ink the page pass left unread);
- `orientation`: how far the page is turned (degrees clockwise), or None when unsure; asked
  only when luutru's own upside-down test cannot decide.
The engine is chosen in the configuration (`ocr.engines.make_engine`); `ocr.fake.FakeEngine`
lets tests run the pipeline without Tesseract.

One Tesseract process per page writes the TSV and hOCR together, so the page is recognised
once for both.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import logging
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from luutru.ocr.types import Word
from luutru.vietnamese import nfc

if TYPE_CHECKING:
    import numpy as np

# cv2 and pytesseract (which imports pandas) are imported where a page is read: the
# configuration imports this module, and a `luutru search` that never runs OCR would
# spend a quarter of a second of CPU loading them.

log = logging.getLogger(__name__)

DEFAULT_LANG = "vie"
DEFAULT_PSM = 3  # fully automatic page segmentation: handles the two-column header


@dataclass(frozen=True)
class Recognised:
    words: tuple[Word, ...]
    hocr: str = ""


class Engine(Protocol):
    def page(self, image: np.ndarray, dpi: int) -> Recognised: ...

    def lines(self, image: np.ndarray, dpi: int) -> tuple[Word, ...]: ...

    def orientation(self, image: np.ndarray) -> int | None: ...


@dataclass(frozen=True)
class TesseractEngine:
    lang: str = DEFAULT_LANG
    psm: int = DEFAULT_PSM
    timeout: int = 300  # seconds for one page; a page that takes longer is a failure
    # Tesseract's own OpenMP threads fight the page-parallel workers for the same cores.
    threads: int = 1

    def page(self, image: np.ndarray, dpi: int) -> Recognised:
        self._limit_threads()
        return run_tesseract(image, dpi, lang=self.lang, psm=self.psm, timeout=self.timeout)

    def lines(self, image: np.ndarray, dpi: int) -> tuple[Word, ...]:
        self._limit_threads()
        outputs = _tesseract(image, f"--psm 6 --dpi {dpi} -c tessedit_create_tsv=1",
                             lang=self.lang, timeout=self.timeout)
        return parse_tsv(outputs[".tsv"].decode("utf-8"))

    def orientation(self, image: np.ndarray) -> int | None:
        self._limit_threads()
        return osd_rotation(image, timeout=self.timeout)

    def _limit_threads(self) -> None:
        # Tesseract runs as a child process and reads the limit from its environment.
        os.environ["OMP_THREAD_LIMIT"] = str(self.threads)


def run_tesseract(image: np.ndarray, dpi: int, *, lang: str, psm: int,
                  timeout: int) -> Recognised:
    config = (f"--psm {psm} --dpi {dpi} -c tessedit_create_tsv=1 -c tessedit_create_hocr=1 "
              "-c hocr_font_info=0")
    outputs = _tesseract(image, config, lang=lang, timeout=timeout)
    return Recognised(words=parse_tsv(outputs[".tsv"].decode("utf-8")),
                      hocr=nfc(outputs[".hocr"].decode("utf-8")))


def _tesseract(image: np.ndarray, config: str, *, lang: str, timeout: int) -> dict[str, bytes]:
    """One Tesseract run over the softened image: each output file by its suffix."""
    import cv2
    import pytesseract

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
    import cv2

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


def osd_rotation(image: np.ndarray, timeout: int = 0) -> int | None:
    """Tesseract's orientation answer (degrees clockwise), or None when it is not sure."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", output_type="dict",
                                       timeout=timeout)
    except pytesseract.TesseractError:
        return None  # too little text for OSD to say anything
    if float(osd.get("orientation_conf", 0)) < 2.0:
        return None
    return int(osd["rotate"]) % 360


@functools.cache
def tesseract_provenance(lang: str) -> dict[str, str]:
    """Tesseract's version and which model files read the pages (name and SHA-256), so that
    a package can say what made its text years later."""
    import pytesseract

    try:
        listing = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
                                 capture_output=True, text=True, timeout=30).stdout
        version = str(pytesseract.get_tesseract_version())
    except (OSError, subprocess.SubprocessError, pytesseract.TesseractError) as e:
        return {"engine": "tesseract", "error": str(e)}
    folder = Path(listing.split('"')[1]) if listing.count('"') >= 2 else None
    info = {"engine": "tesseract", "version": version, "model": lang}
    for name in lang.split("+"):
        model = folder / f"{name}.traineddata" if folder else None
        if model and model.exists():
            info[f"model_sha256:{name}"] = hashlib.sha256(model.read_bytes()).hexdigest()
    return info


# Tesseract's single-line mode: on held-out handwritten strings it read more of them right
# than single-word mode (67 against 45 of 400 MNIST strings); single-character mode on each
# cut digit read 15 (docs/ocr-real.md).
_FIGURES_CONFIG = "--psm 7 -c tessedit_char_whitelist=0123456789"


def figures_line(image: np.ndarray, timeout: int = 30) -> tuple[str, float]:
    """Tesseract's (`eng`) reading of a grey image of one line of figures, and its least
    word confidence (0 to 1); ("", 0.0) when it reads none or fails. The handwriting
    reader's second opinion (`ocr.handwriting.confirmed`)."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(image, lang="eng", config=_FIGURES_CONFIG,
                                         output_type=pytesseract.Output.DICT, timeout=timeout)
    except (pytesseract.TesseractError, RuntimeError) as e:
        log.warning("Tesseract on a line of figures failed: %s", e)
        return "", 0.0
    read = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=True)
            if t.strip()]
    if not read:
        return "", 0.0
    return "".join(t for t, _ in read), max(0.0, min(c for _, c in read)) / 100
