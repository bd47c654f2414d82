"""E-office PDFs: what annotations draw on a page (the number and day typed into the printed
slots, signature stamps) is part of the page's words, at its place. The PDFs are built here:
page text with fpdf2, then print-flagged annotations whose appearance streams pdfium writes
from text objects in a Vietnamese font, as an e-office's signing software does."""
from __future__ import annotations

import ctypes
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from fpdf import FPDF
from PIL import Image

from luutru.ocr.clean import map_box, page_map
from luutru.ocr.load import load_page
from luutru.ocr.page import read_page
from luutru.ocr.recognise import TesseractEngine
from luutru.ocr.text import insert_lines, words_to_text
from luutru.ocr.text_layer import text_layer_page, text_layer_words, widget_lines
from luutru.ocr.types import Word

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
PX = 300 / 72
BODY = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
# (left, bottom, right, top) in points, and the text lines drawn in it: x, baseline y, size.
NUMBER = ((80, 700, 140, 725), [(95, 708, "575", 13)])
STAMP = ((400, 780, 580, 830), [(405, 812, "Ký bởi: Ủy ban nhân dân tỉnh", 8),
                                (405, 800, "Thời gian ký: 06.11.2024 09:27:05 +07:00", 8)])
SEAL_TEXT = ((330, 780, 398, 830), [(332, 812, "TRUNG TÂM", 9), (332, 800, "CÔNG BÁO", 9)])


def page_pdf(path: Path, scan: bool = False) -> Path:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    if scan:
        pdf.image(Image.fromarray(np.full((842, 595), 235, np.uint8)), x=0, y=0, w=595, h=842)
    else:
        pdf.add_font("u", fname=SERIF)
        pdf.set_font("u", size=13)
        pdf.text(60, 100, "ỦY BAN NHÂN DÂN TỈNH")
        pdf.text(60, 130, "Số:             /UBND-VP")
        pdf.text(300, 130, "Hà Nội, ngày       tháng 02 năm 2025")
        for i in range(10):
            pdf.text(60, 200 + 20 * i, BODY)
    pdf.output(str(path))
    return path


def annotate(path: Path, annotations) -> Path:
    """Print-flagged stamp annotations whose appearance holds the given text lines, or one
    picture filling the rectangle (a PIL image), as signing software draws them."""
    doc = pdfium.PdfDocument(str(path))
    page = doc[0]
    data = Path(SERIF).read_bytes()
    font_data = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(doc.raw, font_data, len(data), raw.FPDF_FONT_TRUETYPE, True)
    for rect, content in annotations:
        left, bottom, right, top = rect
        annot = raw.FPDFPage_CreateAnnot(page.raw, raw.FPDF_ANNOT_STAMP)
        raw.FPDFAnnot_SetRect(annot, raw.FS_RECTF(left, top, right, bottom))
        raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)
        if isinstance(content, Image.Image):
            objects = [picture_object(doc, content, rect)]
        else:
            objects = [text_object(doc, font, *run) for run in content]
        for obj in objects:
            assert raw.FPDFAnnot_AppendObject(annot, obj)
        raw.FPDFPage_CloseAnnot(annot)
    page.close()
    out = path.with_name(path.stem + "-signed.pdf")
    doc.save(str(out))
    doc.close()
    return out


def text_object(doc: pdfium.PdfDocument, font, x: float, y: float, text: str,
                size: float) -> object:
    obj = raw.FPDFPageObj_CreateTextObj(doc.raw, font, size)
    wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    return obj


def picture_object(doc: pdfium.PdfDocument, im: Image.Image, rect) -> object:
    left, bottom, right, top = rect
    bgra = np.ascontiguousarray(np.asarray(im.convert("RGBA"))[:, :, [2, 1, 0, 3]])
    bitmap = raw.FPDFBitmap_CreateEx(bgra.shape[1], bgra.shape[0], raw.FPDFBitmap_BGRA,
                                     bgra.ctypes.data_as(ctypes.c_void_p), bgra.shape[1] * 4)
    obj = raw.FPDFPageObj_NewImageObj(doc.raw)
    assert raw.FPDFImageObj_SetBitmap(None, 0, obj, bitmap)
    raw.FPDFImageObj_SetMatrix(obj, right - left, 0, 0, top - bottom, left, bottom)
    raw.FPDFBitmap_Destroy(bitmap)
    return obj


def test_number_and_stamp_of_an_e_office_pdf_are_in_the_text_layer(tmp_path: Path):
    signed = annotate(page_pdf(tmp_path / "p.pdf"), [NUMBER, STAMP])
    words = text_layer_words(signed, 1, 300)
    lines = words_to_text(words).splitlines()
    assert "Ký bởi: Ủy ban nhân dân tỉnh" in lines
    assert "Thời gian ký: 06.11.2024 09:27:05 +07:00" in lines
    header = next(line for line in lines if line.startswith("Số:"))
    assert header.startswith("Số: 575 /UBND-VP")
    number = next(w for w in words if w.text == "575")
    assert abs(number.box[0] - 95 * PX) < 6 and abs(number.box[3] - (842 - 708) * PX) < 15
    # Without the annotations the slot is empty: the number came from them.
    plain = words_to_text(text_layer_words(tmp_path / "p.pdf", 1, 300))
    assert "575" not in plain and "Ký bởi" not in plain


def test_stamps_side_by_side_keep_their_own_lines(tmp_path: Path):
    signed = annotate(page_pdf(tmp_path / "p.pdf"), [SEAL_TEXT, STAMP])
    lines = words_to_text(text_layer_words(signed, 1, 300)).splitlines()
    assert "TRUNG TÂM" in lines and "CÔNG BÁO" in lines
    assert "Thời gian ký: 06.11.2024 09:27:05 +07:00" in lines


def test_a_scan_with_stamps_is_left_to_ocr_and_the_stamps_read_exactly(tmp_path: Path):
    signed = annotate(page_pdf(tmp_path / "scan.pdf", scan=True), [STAMP])
    assert text_layer_words(signed, 1, 300) == ()
    lines = [" ".join(w.text for w in line) for line in widget_lines(signed, 1, 300)]
    assert lines == ["Ký bởi: Ủy ban nhân dân tỉnh", "Thời gian ký: 06.11.2024 09:27:05 +07:00"]
    assert widget_lines(tmp_path / "scan.pdf", 1, 300) == []


def test_the_rendered_page_shows_its_annotations(tmp_path: Path):
    signed = annotate(page_pdf(tmp_path / "p.pdf"), [STAMP])
    image = load_page(signed, 1).image
    x0, y0, x1, y1 = (round(v * PX) for v in (400, 842 - 830, 580, 842 - 780))
    assert (image[y0:y1, x0:x1].min(axis=2) < 128).sum() > 500
    plain = load_page(tmp_path / "p.pdf", 1).image
    assert (plain[y0:y1, x0:x1].min(axis=2) < 128).sum() == 0


def word(text: str, box: tuple[int, int, int, int], line: int = 0) -> Word:
    return Word(text, box, 0.9, line)


def test_insert_lines_joins_the_line_beside_or_starts_its_own():
    page = (word("Số:", (100, 100, 160, 140), 0), word("/UBND-VP", (300, 100, 480, 140), 0),
            word("Căn", (100, 300, 160, 340), 1), word("cứ", (170, 300, 220, 340), 1))
    stamp = (word("Ký", (100, 200, 150, 230)), word("bởi", (160, 200, 220, 230)))
    merged = insert_lines(page, [(word("575", (180, 98, 260, 142)),), stamp])
    assert words_to_text(merged).splitlines() == ["Số: 575 /UBND-VP", "Ký bởi", "Căn cứ"]
    assert [w.line for w in merged] == [0, 0, 0, 1, 1, 2, 2]


def test_insert_lines_never_joins_a_far_column():
    page = (word("Quảng", (1500, 100, 1600, 140), 0), word("Ngãi", (1610, 100, 1700, 140), 0))
    merged = insert_lines(page, [(word("575", (180, 98, 260, 142)),)])
    line_of = {w.text: w.line for w in merged}
    assert line_of["575"] != line_of["Ngãi"]


def test_page_map_follows_the_image_operations():
    """A dot taken through resampling, a quarter turn, a deskew and a half turn, done with
    the same OpenCV calls `clean` makes, lands where the map says."""
    image = np.full((1100, 850), 255, np.uint8)
    cv2.circle(image, (200, 300), 6, 0, -1)
    steps = ("resample-200-to-300dpi", "rotate-90", "deskew-+1.3", "rotate-180")
    out = cv2.resize(image, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    out = cv2.rotate(out, cv2.ROTATE_90_CLOCKWISE)
    h, w = out.shape
    out = cv2.warpAffine(out, cv2.getRotationMatrix2D((w / 2, h / 2), 1.3, 1.0), (w, h),
                         borderValue=255)
    out = cv2.rotate(out, cv2.ROTATE_180)
    ys, xs = np.nonzero(out < 128)
    x0, y0, x1, y1 = map_box(page_map(image.shape, 200, steps).forward, (200, 300, 200, 300))
    assert abs((x0 + x1) / 2 - xs.mean()) < 2 and abs((y0 + y1) / 2 - ys.mean()) < 2


def picture(lines: list[str], size: float, box: tuple[float, float, float, float],
            opaque: bool = False) -> Image.Image:
    """Lines of text drawn as a 300 dpi RGBA picture filling `box` (points), transparent
    where it is white unless `opaque`: what signing software saves when it draws its stamp
    as an image."""
    from PIL import ImageDraw, ImageFont

    left, bottom, right, top = box
    im = Image.new("RGBA", (round((right - left) * PX), round((top - bottom) * PX)),
                   (255, 255, 255, 255 if opaque else 0))
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(SERIF, round(size * PX))
    for i, line in enumerate(lines):
        draw.text((4, 2 + i * size * PX * 1.4), line, font=font, fill=(0, 0, 0, 255))
    return im


def scribble(box: tuple[float, float, float, float]) -> Image.Image:
    """A signature's loops and strokes as a transparent picture."""
    from PIL import ImageDraw

    left, bottom, right, top = box
    w, h = round((right - left) * PX), round((top - bottom) * PX)
    im = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    draw = ImageDraw.Draw(im)
    rng = np.random.default_rng(3)
    points = [(float(x), float(y)) for x, y in zip(np.linspace(10, w - 10, 40),
                                                    h / 2 + rng.normal(0, h / 5, 40), strict=True)]
    draw.line(points, fill=(20, 40, 160, 255), width=5)
    draw.ellipse((w * 0.2, h * 0.2, w * 0.45, h * 0.8), outline=(20, 40, 160, 255), width=5)
    return im


def test_annotations_drawn_as_pictures_are_left_for_ocr(tmp_path: Path):
    box, lines = STAMP
    signed = annotate(page_pdf(tmp_path / "p.pdf"),
                      [(box, picture([t for _, _, t, _ in lines], 8, box))])
    layer = text_layer_page(signed, 1, 300)
    assert layer.words and "Ký bởi" not in words_to_text(layer.words)
    (x0, y0, x1, y1), = layer.unread
    assert abs(x0 - 400 * PX) < 3 and abs(y1 - (842 - 780) * PX) < 3
    # Text drawn as text is read exactly, and nothing is left over for OCR.
    assert text_layer_page(annotate(page_pdf(tmp_path / "q.pdf"), [STAMP]), 1, 300).unread == ()


@pytest.mark.slow
def test_a_pictured_stamp_is_read_by_ocr_in_lines_of_its_own(tmp_path: Path):
    box, lines = STAMP
    pictures = [(box, picture([t for _, _, t, _ in lines], 8, box)),
                # An opaque picture over the last line of the body: the print it hides is
                # neither read again nor taken for the picture's.
                ((300, 452, 520, 476), picture(["Nơi nhận:"], 12, (300, 452, 520, 476), True)),
                # A signature over the body.
                ((80, 560, 250, 620), scribble((80, 560, 250, 620)))]
    signed = annotate(page_pdf(tmp_path / "p.pdf"), pictures)
    out = read_page(signed, 1, TesseractEngine())
    text = out.result.text.splitlines()
    assert out.result.method == "text-layer"
    assert "Ký bởi: Ủy ban nhân dân tỉnh" in text
    assert "Thời gian ký: 06.11.2024 09:27:05 +07:00" in text
    words = [w.text for w in out.result.words]
    assert "Nơi" in words and "nhận:" in words
    # The scribble read as nothing, and no print under a picture was read again.
    assert words.count("Căn") == 10 and len(text) == 2 + 2 + 10
    assert all(any(c.isalnum() for c in w) for w in words)
