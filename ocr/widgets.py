"""What a PDF page shows through its annotations: e-office stamps and filled-in slots.

An e-office signs a document by adding signature widgets to its pages, and the widgets'
appearances carry what a reader sees there: the document's number and day typed into the
printed `Số: …` and `ngày … tháng` slots, "Ký bởi …, Thời gian ký …" and the issuing body's
stamp. None of it is in the page's content stream, so a text extractor reading the page (and
pdfium rendering it without a form environment) misses it. Flattening the page turns each
annotation's appearance into ordinary page content: its text becomes text with fonts and
positions, and a renderer draws it.

All calls into pdfium are the caller's to serialise (`ocr.load.PDFIUM_LOCK`).
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from luutru.ocr.types import Box, Word


def annotation_count(page: Any) -> int:
    import pypdfium2.raw as raw

    return int(raw.FPDFPage_GetAnnotCount(page))


def flattened_page_pdf(path: Path, number: int) -> bytes | None:
    """Page `number` (1-based) of a PDF as a one-page PDF with its annotations flattened into
    its content, or None when the page has no annotations (read the file as it is)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(path))
    try:
        return flattened_copy(source, number - 1)
    finally:
        source.close()


def flattened_copy(source: Any, index: int) -> bytes | None:
    """Page `index` (0-based) of an open pdfium document as a one-page PDF with its
    print-flagged annotations drawn into its content, or None when it has no annotations.

    The page is copied, flattened and saved: pdfium only draws or reads a flattened page
    reliably once it is loaded again from a saved file.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if not annotation_count(source[index]):
        return None
    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(source, [index])
        page = single[0]
        raw.FPDFPage_Flatten(page, raw.FLAT_PRINT)
        page.close()
        out = io.BytesIO()
        single.save(out)
        return out.getvalue()
    finally:
        single.close()


def annotation_boxes(path: Path, number: int, dpi: int) -> list[Box]:
    """Where page `number`'s printed annotations are, in pixels of the page rendered at
    `dpi` (top-left origin of the crop box, as `ocr.load` renders it). Links, pop-ups and
    annotations not flagged for print draw nothing on the printed page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    source = pdfium.PdfDocument(str(path))
    try:
        page = source[number - 1]
        if page.get_rotation():
            return []  # a turned page's frame is not worth mapping for a few stamps
        left, bottom, right, top = page.get_bbox()  # the crop box, however it is inherited
        scale = dpi / 72
        boxes = []
        for i in range(annotation_count(page)):
            annot = raw.FPDFPage_GetAnnot(page, i)
            rect = raw.FS_RECTF()
            ok = raw.FPDFAnnot_GetRect(annot, rect) and _printed(annot)
            raw.FPDFPage_CloseAnnot(annot)
            if not ok:
                continue
            box = (round((min(rect.left, rect.right) - left) * scale),
                   round((top - max(rect.top, rect.bottom)) * scale),
                   round((max(rect.left, rect.right) - left) * scale),
                   round((top - min(rect.top, rect.bottom)) * scale))
            if box[2] > box[0] and box[3] > box[1]:
                boxes.append(box)
        return boxes
    finally:
        source.close()


def _printed(annot: Any) -> bool:
    import pypdfium2.raw as raw

    flags = raw.FPDFAnnot_GetFlags(annot)
    return (raw.FPDFAnnot_GetSubtype(annot) not in (raw.FPDF_ANNOT_LINK, raw.FPDF_ANNOT_POPUP)
            and bool(flags & raw.FPDF_ANNOT_FLAG_PRINT)
            and not flags & raw.FPDF_ANNOT_FLAG_HIDDEN)


# A pixel an annotation darkens by this much (of 255) is its ink: anti-aliasing and the
# noise of a JPEG picture's white ground stay below it.
INK_STEP = 60
MIN_INK = 40  # pixels: fewer is a hairline frame or a speck, not text
INK_MARGIN = 12  # pixels of white around the ink, as OCR likes a text block
_STROKE = np.ones((7, 7), np.uint8)  # about a stroke of 12 pt print at 300 dpi


def added_ink(drawn: np.ndarray, bare: np.ndarray, box: Box) -> tuple[np.ndarray, Box] | None:
    """What an annotation draws on a page inside `box`: a grey crop of `drawn` (the page
    rendered with its annotations) keeping only the pixels the annotation changed from
    `bare` (rendered without), white elsewhere, and where the crop lies on the page; None
    when it adds next to nothing. The page's own print under a transparent stamp is not
    read twice."""
    h, w = drawn.shape[:2]
    x0, y0 = max(0, box[0] - INK_MARGIN), max(0, box[1] - INK_MARGIN)
    x1, y1 = min(w, box[2] + INK_MARGIN), min(h, box[3] + INK_MARGIN)
    if x1 <= x0 or y1 <= y0:
        return None
    with_ink, without = (_grey(im[y0:y1, x0:x1]) for im in (drawn, bare))
    change = without.astype(np.int16) - with_ink
    if np.count_nonzero(change >= INK_STEP) < MIN_INK:
        return None
    # What the annotation changed: its ink, and the print its opaque ground hides, widened
    # by a stroke so that its letters keep the pixels where they cross the hidden print.
    import cv2

    changed = cv2.dilate((np.abs(change) >= INK_STEP).astype(np.uint8), _STROKE) > 0
    crop = np.where(changed, with_ink, 255).astype(np.uint8)
    return crop, (x0, y0, x1, y1)



def _grey(image: np.ndarray) -> np.ndarray:
    # The darkest channel: a red or blue stamp's ink is as dark as black print.
    return image if image.ndim == 2 else image.min(axis=2)


def inside(word: Word, boxes: list[Box], margin: int = 0) -> bool:
    """Whether a word's centre lies in one of the boxes."""
    cx, cy = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    return any(x0 - margin <= cx <= x1 + margin and y0 - margin <= cy <= y1 + margin
               for x0, y0, x1, y1 in boxes)
