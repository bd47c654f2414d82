"""The archival PDF: PDF/A-2b parts, the invisible text where the words are, the page image
kept in colour; scan resolution and large sheets."""
from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pikepdf
import pytest
from PIL import Image

from luutru.archive import pdfa
from luutru.ocr.clean import Cleaned, upright
from luutru.ocr.load import MAX_PAGE_PIXELS, MAX_PDF_PAGE_POINTS, UnreadableScan, load_page
from luutru.ocr.page import is_colour
from luutru.ocr.types import Word

WIDTH, HEIGHT, DPI = 2480, 3508, 300  # A4 at 300 dpi

WORDS = (
    Word("CỘNG", (1300, 200, 1480, 260), 0.9, 0),
    Word("HÒA", (1500, 200, 1640, 260), 0.9, 0),
    Word("Số", (300, 500, 380, 560), 0.9, 1),
    Word("15-NQ/TW", (400, 500, 720, 560), 0.9, 1),
    Word("Thủy", (300, 900, 470, 960), 0.9, 2),
    Word("lợi", (490, 900, 590, 960), 0.9, 2),
)


def _colour_page() -> bytes:
    image = np.full((HEIGHT, WIDTH, 3), 250, np.uint8)
    cv2.rectangle(image, (300, 500), (720, 560), (20, 20, 20), -1)
    cv2.circle(image, (1800, 3000), 250, (30, 30, 220), 25)  # a red seal (BGR)
    return cv2.imencode(".jpg", image)[1].tobytes()


def _bilevel_page() -> bytes:
    image = np.full((HEIGHT, WIDTH), 255, np.uint8)
    image[500:560, 300:720] = 0
    return cv2.imencode(".png", image, [cv2.IMWRITE_PNG_BILEVEL, 1])[1].tobytes()


def _grey_page() -> bytes:
    image = np.full((HEIGHT, WIDTH), 240, np.uint8)
    image[500:560, 300:720] = np.arange(420, dtype=np.uint8) % 200
    return cv2.imencode(".png", image)[1].tobytes()


def _write(tmp_path: Path, image: bytes, words=WORDS, title="Nghị quyết 15-NQ/TW") -> Path:
    pdf = pdfa.build([pdfa.PdfPage(image, WIDTH, HEIGHT, DPI, words)],
                     pdfa.PdfInfo(title=title, author="BAN CHẤP HÀNH TRUNG ƯƠNG"))
    target = tmp_path / "doc.pdf"
    pdfa.save(pdf, target)
    return target


def test_document_pdf_is_pdfa_2b(tmp_path):
    path = _write(tmp_path, _colour_page())
    assert pdfa.pdfa_problems(path) == []
    with pikepdf.open(path) as pdf:
        assert not pdf.is_encrypted
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert meta["dc:title"] == "Nghị quyết 15-NQ/TW" == str(pdf.docinfo["/Title"])
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[12:20] == b"mntrRGB " and int(intent.DestOutputProfile.N) == 3
        font = pdf.pages[0].Resources.Font.F1
        descriptor = font.DescendantFonts[0].FontDescriptor
        assert len(descriptor.FontFile2.read_bytes()) > 100


def test_text_is_invisible_and_where_the_words_are(tmp_path):
    path = _write(tmp_path, _colour_page())
    scale = 72 / DPI
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        assert (page.width, page.height) == pytest.approx((WIDTH * scale, HEIGHT * scale))
        found = {w["text"]: w for w in page.extract_words()}
        text = page.extract_text()
    assert unicodedata.is_normalized("NFC", text)
    assert "CỘNG HÒA" in text and "Thủy lợi" in text
    for word in WORDS:
        got = found[word.text]
        x0, y0, x1, y1 = word.box
        assert got["x0"] == pytest.approx(x0 * scale, abs=0.5)
        assert got["x1"] == pytest.approx(x1 * scale, abs=0.5)
        assert got["top"] == pytest.approx(y0 * scale, abs=0.5)
        assert got["bottom"] == pytest.approx(y1 * scale, abs=0.5)
    with pikepdf.open(path) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
    assert b"3 Tr" in content  # render mode 3: drawn nowhere, found everywhere


def test_colour_page_stays_colour_and_bilevel_page_one_bit(tmp_path):
    with pikepdf.open(_write(tmp_path, _colour_page())) as pdf:
        image = pdf.pages[0].Resources.XObject.Im0
        assert image.ColorSpace == "/DeviceRGB" and image.Filter == "/DCTDecode"
        pixels = np.asarray(pikepdf.PdfImage(image).as_pil_image())
        b, g, r = pixels[3000, 2050][::-1]  # on the seal's ring: still red
        assert r > 150 and g < 100
    for page, bits in ((_bilevel_page(), 1), (_grey_page(), 8)):
        with pikepdf.open(_write(tmp_path, page)) as pdf:
            image = pdf.pages[0].Resources.XObject.Im0
            assert image.ColorSpace == "/DeviceGray" and int(image.BitsPerComponent) == bits
            # the PNG's data went in as it was: what a reader decodes is the page, exactly
            decoded = np.asarray(pikepdf.PdfImage(image).as_pil_image().convert("L"))
            original = cv2.imdecode(np.frombuffer(page, np.uint8), cv2.IMREAD_GRAYSCALE)
            assert np.array_equal(decoded, original)


def test_page_without_words_still_a_pdfa(tmp_path):
    path = _write(tmp_path, _bilevel_page(), words=(), title="")
    assert pdfa.pdfa_problems(path) == []


def test_checker_finds_what_is_missing(tmp_path):
    plain = tmp_path / "plain.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(plain, encryption=pikepdf.Encryption(owner="o", user=""))
    problems = pdfa.pdfa_problems(plain)
    assert "encrypted" in problems
    assert "XMP metadata does not name PDF/A-2B" in problems
    assert "not exactly one PDF/A output intent" in problems


def test_colour_is_told_from_grey():
    grey = np.full((400, 300, 3), 200, np.uint8)
    assert not is_colour(grey) and not is_colour(grey[:, :, 0])
    seal = grey.copy()
    cv2.circle(seal, (150, 200), 60, (40, 40, 210), 6)
    assert is_colour(seal)


def test_upright_colour_page_matches_the_cleaned_frame():
    colour = np.full((1000, 700, 3), 255, np.uint8)
    colour[100:120, 50:300] = (0, 0, 200)
    cleaned = Cleaned(image=np.zeros((1400, 1000), np.uint8), dpi=300, steps=(),
                      rotation=90, skew=0.0)
    # 150 dpi, turned a quarter: 1000x700 becomes 1400x2000 at 300 dpi
    out = upright(colour, 150, cleaned)
    assert out.shape == (1400, 2000, 3)
    bar = out[150:550, 1765:1795]  # the red bar, now upright near the right edge
    assert bar[:, :, 2].min() > 150 and bar[:, :, 0].max() < 60
    assert out[150:550, 1000:1700].min() == 255


def _png(tmp_path: Path, size: tuple[int, int], dpi: int) -> Path:
    path = tmp_path / f"scan-{size[0]}x{size[1]}.png"
    Image.new("1", size, 1).save(path, dpi=(dpi, dpi))
    return path


def test_large_sheet_is_read_and_a_bomb_refused(tmp_path):
    a0_at_300 = (9933, 14043)
    assert a0_at_300[0] * a0_at_300[1] <= MAX_PAGE_PIXELS
    page = load_page(_png(tmp_path, a0_at_300, 300), 1)
    assert page.image.shape == (14043, 9933) and page.dpi == 300
    with pytest.raises(UnreadableScan, match="too large"):
        load_page(_png(tmp_path, (20000, 20000), 300), 1)
    assert MAX_PDF_PAGE_POINTS >= 3370  # A0's long side in points


def test_scan_resolution_of_a_pdf_page(tmp_path):
    """A scanned PDF page is rendered at 300 dpi whatever it holds; its own resolution is
    the image's, and 150 dpi is below the archival rule."""
    image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=150)
    path = tmp_path / "low.pdf"
    path.write_bytes(buffer.getvalue())
    page = load_page(path, 1)
    assert page.dpi == 300 and page.scan_dpi == 150


def _pdf_with_signature_stamp(path: Path) -> Path:
    """A page whose only marking is a signature field's widget drawing a red box, as an
    e-office draws its 'Ký bởi ...' stamp."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stamp = pikepdf.Stream(pdf, b"1 0 0 rg 0 0 200 60 re f")
    stamp.Type, stamp.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    stamp.BBox = [0, 0, 200, 60]
    widget = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Sig,
        T="Signature1", Rect=[380, 760, 580, 820], F=4, P=pdf.pages[0].obj,
        AP=pikepdf.Dictionary(N=stamp)))
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([widget]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[widget], SigFlags=3)
    pdf.save(path)
    return path


def test_born_digital_page_image_shows_signature_stamps(tmp_path):
    path = _pdf_with_signature_stamp(tmp_path / "signed-looking.pdf")
    drawn = load_page(path, 1).image
    scale = 300 / 72
    y, x = int((842 - 790) * scale), int(480 * scale)  # inside the stamp, top right
    assert tuple(drawn[y, x]) == (0, 0, 255)  # BGR red: the stamp is on the page
