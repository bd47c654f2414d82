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
    """Where page `number`'s annotations are, in pixels of the page rendered at `dpi`
    (top-left origin of the crop box, as `ocr.load` renders it)."""
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
            ok = raw.FPDFAnnot_GetRect(annot, rect)
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


def inside(word: Word, boxes: list[Box], margin: int = 0) -> bool:
    """Whether a word's centre lies in one of the boxes."""
    cx, cy = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    return any(x0 - margin <= cx <= x1 + margin and y0 - margin <= cy <= y1 + margin
               for x0, y0, x1, y1 in boxes)
