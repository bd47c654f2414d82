"""PDFs of classified documents as downloaded: every page stamped with who downloaded it
and when, so a copy that leaves the archive says where it came from."""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from luutru.ocr.load import PDFIUM_LOCK

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")  # fonts-dejavu-core
STAMP_PX = 36  # text height of the stamp image; it is scaled to the page's width
MARGIN = 0.04  # of the page's width, left and right of the stamp and below it


@cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(FONT), STAMP_PX)
    except OSError:  # no DejaVu: Pillow's own font still has the Latin letters
        return ImageFont.load_default(STAMP_PX)


def stamp_image(text: str) -> Image.Image:
    """The stamp: dark red text on a clear background, a thin frame around it."""
    font = _font()
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox(
        (0, 0), text, font=font)
    pad = STAMP_PX // 3
    size = (round(right - left) + 2 * pad, round(bottom - top) + 2 * pad)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, image.width - 1, image.height - 1), fill=(255, 255, 255, 200),
                   outline=(160, 0, 0, 255), width=2)
    draw.text((pad - left, pad - top), text, font=font, fill=(160, 0, 0, 255))
    return image


def stamped_pdf(source: Path, text: str) -> bytes:
    """The PDF at `source` with `text` stamped at the foot of every page."""
    import pypdfium2 as pdfium

    label = stamp_image(text)
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(source))
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                width, height = page.get_size()
                w = width * (1 - 2 * MARGIN)
                h = min(w * label.height / label.width, height * 0.06)
                w = h * label.width / label.height
                image = pdfium.PdfImage.new(pdf)
                image.set_bitmap(pdfium.PdfBitmap.from_pil(label))
                image.set_matrix(pdfium.PdfMatrix().scale(w, h).translate(
                    (width - w) / 2, min(width, height) * MARGIN / 4))
                page.insert_obj(image)
                page.gen_content()
            out = io.BytesIO()
            pdf.save(out)
        finally:
            pdf.close()
    return out.getvalue()
