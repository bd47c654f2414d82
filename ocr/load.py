"""Reading scan files into page images.

A scan file holds one document or several. Its kind is told by its first bytes, not its name, since
batches carry files with wrong extensions. Every reader checks the size of what it is about
to decode, so a PDF bomb or a 30,000 x 30,000 pixel image is refused with a reason instead
of exhausting memory.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from luutru.ocr.types import Page
from luutru.ocr.widgets import flattened_copy

RENDER_DPI = 300
# Maps and drawings up to A0 (841 x 1189 mm) are archived at 300 dpi, so a sheet that size
# with a tenth of scanner margin each way is read; anything larger is a bomb, not a paper.
A0_MM = (841, 1189)
_MARGIN = 1.1
MAX_PAGE_PIXELS = round(A0_MM[0] * _MARGIN / 25.4 * RENDER_DPI) * round(
    A0_MM[1] * _MARGIN / 25.4 * RENDER_DPI)
MAX_PDF_PAGE_POINTS = round(A0_MM[1] * _MARGIN / 25.4 * 72)  # the long side, about 1.3 m
Image.MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS

# pdfium is not thread-safe: every call into it goes through this lock.
PDFIUM_LOCK = threading.Lock()

_MAGIC = {
    b"%PDF": "pdf",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG": "png",
}


class UnreadableScan(Exception):
    """A scan file that cannot be turned into pages; the message says why."""


def sniff(path: Path) -> str | None:
    """The kind of scan file by its first bytes, or None when it is not one we read."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    # Some producers put junk before "%PDF"; readers accept it within the first kilobyte.
    if b"%PDF" in head:
        return "pdf"
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def page_count(path: Path) -> int:
    """How many pages the file holds, opening it as cheaply as possible."""
    kind = _kind_or_raise(path)
    if kind == "pdf":
        with PDFIUM_LOCK:
            pdf = _open_pdf(path)
            try:
                return len(pdf)
            finally:
                pdf.close()
    with _open_image(path) as im:
        return getattr(im, "n_frames", 1) if kind == "tiff" else 1


def load_page(path: Path, number: int, annotations: bool = True) -> Page:
    """Page `number` (1-based) of a scan file; a PDF page drawn as printed, the stamps an
    e-office draws for its digital signatures (annotations) included unless `annotations`
    is False."""
    kind = _kind_or_raise(path)
    if kind == "pdf":
        return _pdf_page(path, number, annotations)
    with _open_image(path) as im:
        if number > getattr(im, "n_frames", 1):
            raise UnreadableScan(f"{path}: has no page {number}")
        im.seek(number - 1)
        return _image_page(im, path, number)


def load(path: Path) -> Iterator[Page]:
    """Every page of a scan file, in order."""
    for number in range(1, page_count(path) + 1):
        yield load_page(path, number)


def _kind_or_raise(path: Path) -> str:
    try:
        kind = sniff(path)
    except OSError as e:
        raise UnreadableScan(f"{path}: cannot be read ({e.strerror or e})") from e
    if kind is None:
        size = path.stat().st_size
        reason = "empty file" if size == 0 else "not a PDF, TIFF, JPEG or PNG file"
        raise UnreadableScan(f"{path}: {reason}")
    return kind


def _open_pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        reason = "password-protected PDF" if "password" in str(e).lower() else (
            f"not a readable PDF ({e})")
        raise UnreadableScan(f"{path}: {reason}") from e


def _pdf_page(path: Path, number: int, annotations: bool) -> Page:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = _open_pdf(path)
        flat = None
        try:
            if number > len(pdf):
                raise UnreadableScan(f"{path}: has no page {number}")
            page = pdf[number - 1]
            width, height = page.get_size()
            if max(width, height) > MAX_PDF_PAGE_POINTS:
                raise UnreadableScan(
                    f"{path}: page {number} is {width:.0f} x {height:.0f} pt, too large to render"
                )
            # Drawn as printed: an e-office's stamps and the number and day it fills in are
            # annotations, which pdfium draws reliably only once flattened into the page.
            flat_bytes = flattened_copy(pdf, number - 1) if annotations else None
            if flat_bytes:
                flat = pdfium.PdfDocument(flat_bytes)
                page = flat[0]
            bitmap = page.render(scale=RENDER_DPI / 72, grayscale=False,
                                 draw_annots=annotations, may_draw_forms=annotations)
            image = bitmap.to_numpy()[:, :, :3].copy()  # BGRx -> BGR, owned by us
            scan_dpi = _scanned_dpi(page, width, height)
        finally:
            if flat is not None:
                flat.close()
            pdf.close()
    return Page(image=image, dpi=RENDER_DPI, number=number, source=str(path), scan_dpi=scan_dpi)


def _scanned_dpi(page, width: float, height: float) -> int:
    """The resolution of the scan a PDF page wraps: its largest image, when that image
    covers most of the page; 0 for a born-digital page."""
    import pypdfium2.raw as pdfium_c

    best = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) < 0.5 * width * height:
            continue
        px_w, px_h = obj.get_px_size()
        # The smaller of the two: an image stretched one way is only as sharp as its
        # coarser direction.
        dpi = min(px_w / ((right - left) / 72), px_h / ((top - bottom) / 72))
        best = max(best, round(dpi))
    return best


def _open_image(path: Path) -> Image.Image:
    try:
        im = Image.open(path)
        im.size  # noqa: B018 - touching the header is what validates it
        return im
    except Image.DecompressionBombError as e:
        raise UnreadableScan(f"{path}: image too large ({e})") from e
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise UnreadableScan(f"{path}: not a readable image ({e})") from e


def _image_page(im: Image.Image, path: Path, number: int) -> Page:
    w, h = im.size
    if w * h > MAX_PAGE_PIXELS:
        raise UnreadableScan(f"{path}: page {number} is {w} x {h} pixels, too large")
    try:
        # A phone stores its photo as the sensor saw it and says in EXIF how to turn it
        # (most often a quarter turn); a scanner's TIFF may too. Every viewer shows the
        # page turned, and so does this, before anything measures it.
        shown = ImageOps.exif_transpose(im)
        image = _to_array(shown)
    except (OSError, SyntaxError, ValueError) as e:
        raise UnreadableScan(f"{path}: page {number} cannot be decoded ({e})") from e
    return Page(image=image, dpi=_dpi_of(shown), number=number, source=str(path))


def _to_array(im: Image.Image) -> np.ndarray:
    if im.mode in ("1", "L", "I;16", "I"):
        return np.asarray(im.convert("L"), dtype=np.uint8).copy()
    rgb = np.asarray(im.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])  # RGB -> BGR, OpenCV's order


def _dpi_of(im: Image.Image) -> int:
    dpi = im.info.get("dpi")
    if dpi:
        value = float(dpi[0])
        # A dpi of 1 or 72 is a missing value written by a tool, not a real scan resolution.
        if 100 <= value <= 1200:
            return round(value)
    # Without a usable tag, guess from the width of an A4 page, the commonest paper.
    return max(100, min(600, round(im.size[0] / 8.27)))
