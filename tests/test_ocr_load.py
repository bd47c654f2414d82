"""Reading scan files: every format, and a clear reason for every file that cannot be read."""
from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from fpdf import FPDF
from PIL import Image

from luutru.ocr.load import UnreadableScan, load, load_page, page_count, sniff
from tests.conftest import text_page


@pytest.fixture
def pil_page() -> Image.Image:
    return Image.fromarray(text_page(dpi=150))


def test_multipage_g4_tiff_gives_every_frame(tmp_path, pil_page):
    path = tmp_path / "box.tiff"
    bilevel = pil_page.convert("1")
    bilevel.save(path, compression="group4", save_all=True,
                 append_images=[bilevel, bilevel], dpi=(150, 150))
    assert sniff(path) == "tiff"
    pages = list(load(path))
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].dpi == 150 and pages[0].image.dtype == np.uint8
    assert set(np.unique(pages[2].image)) <= {0, 255}


def test_jpeg_and_png_are_one_page_colour_or_grey(tmp_path, pil_page):
    jpeg, png = tmp_path / "a.jpg", tmp_path / "b.png"
    pil_page.convert("RGB").save(jpeg, dpi=(200, 200), quality=90)
    pil_page.save(png)
    assert page_count(jpeg) == 1 and page_count(png) == 1
    colour = load_page(jpeg, 1)
    assert colour.image.ndim == 3 and colour.dpi == 200
    # No dpi tag: guessed from an A4 width.
    assert 100 <= load_page(png, 1).dpi <= 600


def test_a_photo_is_turned_as_its_exif_orientation_says(tmp_path, pil_page):
    # The sensor's landscape pixels, with EXIF orientation 6: turn 90° clockwise to show.
    sensor = pil_page.convert("RGB").transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = tmp_path / "ảnh chụp.jpg"
    sensor.save(photo, exif=exif, quality=95)
    page = load_page(photo, 1)
    assert page.image.shape[:2] == (pil_page.height, pil_page.width)
    upright = np.asarray(pil_page.convert("L"), dtype=float)
    shown = page.image.mean(axis=2)
    assert np.abs(shown - upright).mean() < 4  # the page as printed, up to JPEG's loss
    # The A4 guess of its resolution is made from the page's width, not the sensor's.
    assert page.dpi == round(pil_page.width / 8.27)


def test_pdf_pages_are_rendered_at_300_dpi(tmp_path, pil_page):
    image = tmp_path / "p.png"
    pil_page.save(image)
    pdf = FPDF(unit="pt", format=(595, 842))
    for _ in range(2):
        pdf.add_page()
        pdf.image(str(image), x=0, y=0, w=595)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert page_count(path) == 2
    page = load_page(path, 2)
    assert page.dpi == 300
    assert page.image.shape[:2] == pytest.approx((842 * 300 / 72, 595 * 300 / 72), abs=1)


def test_wrong_extension_is_read_by_content(tmp_path, pil_page):
    path = tmp_path / "scan.pdf"
    pil_page.save(path, format="PNG")
    assert sniff(path) == "png"
    assert load_page(path, 1).number == 1


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"hello, this is not a scan", "not a PDF, TIFF, JPEG or PNG"),
])
def test_files_that_are_not_scans(tmp_path, content, reason):
    path = tmp_path / "x.tiff"
    path.write_bytes(content)
    with pytest.raises(UnreadableScan, match=reason) as error:
        page_count(path)
    assert str(path) in str(error.value)


def test_truncated_image_names_the_file(tmp_path, pil_page):
    path = tmp_path / "cut.png"
    pil_page.save(path)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(UnreadableScan, match="cut.png"):
        load_page(path, 1)


def test_truncated_pdf_names_the_file(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    with pytest.raises(UnreadableScan, match="cut.pdf"):
        page_count(path)


def test_password_protected_pdf(tmp_path):
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="reader-secret")
    pdf.add_page()
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(UnreadableScan, match="password"):
        page_count(path)


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size: what a decompression bomb looks like to a reader."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_giant_image_is_refused_before_decoding(tmp_path):
    path = tmp_path / "giant.png"
    path.write_bytes(_png_header_only(30_000, 30_000))
    with pytest.raises(UnreadableScan, match="too large"):
        load_page(path, 1)


def test_giant_pdf_page_is_refused_before_rendering(tmp_path):
    pdf = FPDF(unit="pt", format=(14_000, 14_000))
    pdf.add_page()
    path = tmp_path / "bomb.pdf"
    pdf.output(str(path))
    with pytest.raises(UnreadableScan, match="too large to render"):
        load_page(path, 1)
