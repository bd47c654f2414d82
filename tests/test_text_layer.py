"""Text layers of born-digital PDFs, built here with fpdf2 or written byte by byte, and the
legacy TCVN3 / VNI conversion they need."""
from __future__ import annotations

import unicodedata
import zlib
from pathlib import Path

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image

from luutru.ocr.legacy_fonts import (
    detect_legacy,
    font_encoding,
    is_uppercase_font,
    to_unicode,
)
from luutru.ocr.load import load_page
from luutru.ocr.text import words_to_text
from luutru.ocr.text_layer import text_layer_quality, text_layer_words
from luutru.ocr.types import Word
from luutru.vietnamese import is_vietnamese_syllable

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 300
PX = DPI / 72  # pixels per point

# --- building PDFs -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def fonts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A Unicode TTF under the names legacy documents carry, as a renamed font would be."""
    folder = tmp_path_factory.mktemp("fonts")
    out = {"unicode": SERIF}
    for name in (".VnTime", ".VnTimeH", "VNI-Times"):
        font = TTFont(SERIF)
        for record in font["name"].names:
            if record.nameID in (1, 4, 6, 16):
                record.string = name
            elif record.nameID in (2, 17):
                record.string = "Regular"
        path = folder / f"{name.strip('.')}.ttf"
        font.save(path)
        out[name] = str(path)
    return out


def fpdf_page(path: Path, runs: list[tuple[str, float, float, str]], size: float = 14) -> Path:
    """One A4 page with each (font file, x, baseline y, text) drawn in points from top-left."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    for i, font_file in enumerate(dict.fromkeys(run[0] for run in runs)):
        pdf.add_font(f"f{i}", fname=font_file)
    families = {font_file: f"f{i}" for i, font_file in enumerate(dict.fromkeys(r[0] for r in runs))}
    for font_file, x, y, text in runs:
        pdf.set_font(families[font_file], size=size)
        pdf.text(x, y, text)
    pdf.output(str(path))
    return path


def scan_with_layer(path: Path, lines: list[str]) -> Path:
    """A page-sized image with an invisible text layer over it, as OCR tools leave them."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    paper = Image.fromarray(np.full((842, 595), 235, dtype=np.uint8))
    pdf.image(paper, x=0, y=0, w=595, h=842)
    pdf.add_font("u", fname=SERIF)
    pdf.set_font("u", size=12)
    pdf.text_mode = TextMode.INVISIBLE
    for i, line in enumerate(lines):
        pdf.text(60, 100 + 20 * i, line)
    pdf.output(str(path))
    return path


def raw_pdf(
    path: Path, content: bytes, font: bytes, extra: list[bytes], page_entries: bytes = b""
) -> Path:
    """A PDF written object by object: page 3, contents 4, font 5, then `extra` from 6 on."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]%s"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>" % page_entries,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        font,
        *extra,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def simple_font_pdf(
    path: Path,
    fontname: str,
    lines: list[bytes],
    drawn: dict[int, str],
    page_entries: bytes = b"",
    text_matrix: bytes = b"1 0 0 1 72",
) -> Path:
    """What an old word processor printed through a PDF printer makes: a TrueType font with
    WinAnsi byte codes and no ToUnicode map, its widths those of the letters the font draws
    at each code (`drawn`, for a legacy font), the TTF embedded. Line i is drawn with the
    text matrix `text_matrix` and y = 700 - 30 i."""
    ttf = TTFont(SANS)
    cmap, hmtx, em = ttf.getBestCmap(), ttf["hmtx"], ttf["head"].unitsPerEm
    widths = []
    for code in range(32, 256):
        letter = drawn.get(code, chr(code))
        glyph = cmap.get(ord(letter))
        widths.append(round(hmtx[glyph][0] * 1000 / em) if glyph else 500)
    escaped = [
        ln.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") for ln in lines
    ]
    content = b"BT /F1 14 Tf " + b"".join(
        b"%s %d Tm (%s) Tj " % (text_matrix, 700 - 30 * i, ln) for i, ln in enumerate(escaped)
    ) + b"ET"
    name = fontname.encode()
    font_bytes = Path(SANS).read_bytes()
    packed = zlib.compress(font_bytes)
    return raw_pdf(
        path,
        content,
        b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar 32 /LastChar 255"
        b" /Widths [%s] /Encoding /WinAnsiEncoding /FontDescriptor 6 0 R >>"
        % (name, b" ".join(b"%d" % w for w in widths)),
        [
            b"<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [-200 -250 1100 950]"
            b" /ItalicAngle 0 /Ascent 890 /Descent -216 /CapHeight 660 /StemV 80"
            b" /FontFile2 7 0 R >>" % name,
            b"<< /Length %d /Length1 %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(packed), len(font_bytes), packed),
        ],
        page_entries,
    )


def ink_box(path: Path) -> tuple[int, int, int, int]:
    """Bounding box of the dark pixels of page 1 rendered at DPI."""
    page = load_page(path, 1)
    assert page.dpi == DPI
    ys, xs = np.nonzero(page.image.min(axis=2) < 128)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def texts(words: tuple[Word, ...]) -> list[str]:
    return [w.text for w in words]


# --- Unicode text layers -------------------------------------------------------------------


def test_unicode_layer_reads_words_lines_and_text(tmp_path: Path):
    path = fpdf_page(
        tmp_path / "unicode.pdf",
        [
            (SERIF, 60, 80, "ỦY BAN NHÂN DÂN"),
            (SERIF, 330, 80, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"),
            (SERIF, 60, 140, "Quyết định về việc phê duyệt đề án"),
            (SERIF, 60, 170, "cải cách hành chính giai đoạn 2021-2025."),
        ],
    )
    words = text_layer_words(path, 1, DPI)
    assert words_to_text(words) == (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA\n"
        "Quyết định về việc phê duyệt đề án\n"
        "cải cách hành chính giai đoạn 2021-2025."
    )
    assert [w.line for w in words][:10] == [0] * 10  # both header columns on one line
    assert {w.line for w in words} == {0, 1, 2}
    assert all(w.confidence == 1.0 for w in words)
    assert all(unicodedata.is_normalized("NFC", w.text) for w in words)
    assert text_layer_quality(words) > 0.95


def test_decomposed_text_comes_back_composed(tmp_path: Path):
    decomposed = unicodedata.normalize("NFD", "Nghị quyết của Hội đồng nhân dân tỉnh")
    path = fpdf_page(tmp_path / "nfd.pdf", [(SERIF, 72, 100, decomposed)])
    words = text_layer_words(path, 1, DPI)
    assert texts(words) == ["Nghị", "quyết", "của", "Hội", "đồng", "nhân", "dân", "tỉnh"]
    assert all(unicodedata.is_normalized("NFC", w.text) for w in words)


def test_word_box_is_where_the_word_is_drawn(tmp_path: Path):
    path = fpdf_page(tmp_path / "one.pdf", [(SERIF, 200, 300, "Nghị")], size=20)
    (word,) = text_layer_words(path, 1, DPI)
    assert word.text == "Nghị"
    assert word.box[0] == pytest.approx(200 * PX, abs=2)  # x of the pen, in pixels
    x0, y0, x1, y1 = ink_box(path)
    bx0, by0, bx1, by1 = word.box
    # The box holds the ink (a stacked mark may poke a few pixels above the font's ascent)
    assert bx0 <= x0 and bx1 >= x1 and by0 <= y0 + 4 and by1 >= y1
    # and is not much larger than it: a 20 pt line is 83 pixels high at 300 dpi.
    assert x0 - bx0 < 10 and bx1 - x1 < 10
    assert by1 - by0 < 1.3 * 20 * PX
    assert by0 < 300 * PX < by1  # the baseline runs through it


@pytest.mark.parametrize(
    ("page_entries", "text_matrix"),
    [
        (b" /CropBox [40 90 560 800]", b"1 0 0 1 150"),
        (b" /Rotate 90 /CropBox [40 90 560 800]", b"0 1 -1 0 400"),
        (b" /Rotate 180", b"-1 0 0 -1 400"),
        (b" /Rotate 270 /CropBox [60 110 545 800]", b"0 -1 1 0 200"),
    ],
)
def test_boxes_follow_the_crop_box_and_page_rotation(
    tmp_path: Path, page_entries: bytes, text_matrix: bytes
):
    # Text drawn turned against the page's /Rotate, so that it reads upright on screen.
    path = simple_font_pdf(
        tmp_path / "turned.pdf", "DejaVuSans", [b"ban h\xe0nh"], {}, page_entries, text_matrix
    )
    words = text_layer_words(path, 1, DPI)
    assert texts(words) == ["ban", "hành"]
    x0, y0, x1, y1 = ink_box(path)
    assert words[0].box[0] <= x0 < words[0].box[0] + 10
    assert words[1].box[2] - 10 < x1 <= words[1].box[2]
    assert all(w.box[1] <= y0 + 4 and w.box[3] >= y1 for w in words)


def test_text_turned_sideways_is_left_to_ocr(tmp_path: Path):
    path = simple_font_pdf(
        tmp_path / "sideways.pdf", "DejaVuSans", [b"ban h\xe0nh"], {}, b" /Rotate 90"
    )
    assert text_layer_words(path, 1, DPI) == ()


def test_fake_bold_printed_twice_is_read_once(tmp_path: Path):
    path = fpdf_page(
        tmp_path / "bold.pdf",
        [(SERIF, 72, 100, "QUYẾT ĐỊNH"), (SERIF, 72.4, 100, "QUYẾT ĐỊNH")],
    )
    assert texts(text_layer_words(path, 1, DPI)) == ["QUYẾT", "ĐỊNH"]


# --- legacy encodings in PDFs --------------------------------------------------------------


def test_tcvn3_layer_with_legacy_font_names_is_converted(tmp_path: Path, fonts: dict[str, str]):
    path = fpdf_page(
        tmp_path / "tcvn3.pdf",
        [
            (fonts[".VnTimeH"], 72, 80, "quyÕt ®Þnh"),
            (fonts[".VnTime"], 72, 110, "VÒ viÖc ban hµnh quy chÕ lµm viÖc cña Uû ban nh©n d©n"),
            (fonts[".VnTime"], 72, 140, "Tr­êng häc ®­îc x©y dùng n¨m 2003"),
        ],
    )
    words = text_layer_words(path, 1, DPI)
    assert words_to_text(words) == (
        "QUYẾT ĐỊNH\n"
        "Về việc ban hành quy chế làm việc của Ủy ban nhân dân\n"
        "Trường học được xây dựng năm 2003"
    )
    assert all(w.confidence == 1.0 for w in words)


def test_tcvn3_without_tounicode_keeps_the_u_horn_read_as_space(tmp_path: Path):
    drawn = {0xAD: "ư", 0xEA: "ờ", 0xED: "ớ", 0xB9: "ạ", 0xE4: "ọ"}
    path = simple_font_pdf(
        tmp_path / "winansi.pdf",
        ".VnTime",
        [b"Tr\xad\xeang h\xe4c s\xad ph\xb9m", b"n\xad\xedc ta"],
        drawn,
    )
    assert words_to_text(text_layer_words(path, 1, DPI)) == "Trường học sư phạm\nnước ta"


def test_vni_layer_is_converted(tmp_path: Path, fonts: dict[str, str]):
    path = fpdf_page(
        tmp_path / "vni.pdf",
        [
            (fonts["VNI-Times"], 72, 80, "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM"),
            (fonts["VNI-Times"], 72, 110, "Sôû Giaùo duïc vaø Ñaøo taïo tænh"),
            (fonts["VNI-Times"], 72, 140, "thöïc hieän keá hoaïch naêm hoïc môùi"),
        ],
    )
    assert words_to_text(text_layer_words(path, 1, DPI)) == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Sở Giáo dục và Đào tạo tỉnh\n"
        "thực hiện kế hoạch năm học mới"
    )


def test_legacy_bytes_in_an_ordinary_font_are_recognised(tmp_path: Path):
    # The legacy font was subset and renamed; the page's other font is real Unicode.
    path = fpdf_page(
        tmp_path / "renamed.pdf",
        [
            (SERIF, 72, 100, "Phßng Tµi chÝnh - KÕ ho¹ch huyÖn b¸o c¸o kÕt qu¶ thu chi"),
            (SANS, 72, 130, "Chủ tịch Ủy ban nhân dân huyện đã ký duyệt"),
        ],
    )
    assert words_to_text(text_layer_words(path, 1, DPI)) == (
        "Phòng Tài chính - Kế hoạch huyện báo cáo kết quả thu chi\n"
        "Chủ tịch Ủy ban nhân dân huyện đã ký duyệt"
    )


def test_unicode_text_in_a_font_with_a_legacy_name_is_left_alone(
    tmp_path: Path, fonts: dict[str, str]
):
    text = "Ban chấp hành Đảng bộ tỉnh khóa mới họp phiên thứ nhất"
    path = fpdf_page(tmp_path / "misnamed.pdf", [(fonts[".VnTime"], 72, 100, text)])
    assert words_to_text(text_layer_words(path, 1, DPI)) == text


# --- layers that must not be used ----------------------------------------------------------


def test_image_only_pdf_has_no_words(tmp_path: Path):
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.image(Image.fromarray(np.full((842, 595), 200, dtype=np.uint8)), x=0, y=0, w=595, h=842)
    pdf.output(str(tmp_path / "scan.pdf"))
    assert text_layer_words(tmp_path / "scan.pdf", 1, DPI) == ()


def test_glyphs_without_unicode_are_garbage(tmp_path: Path):
    # A subset CID font without a ToUnicode map: the text extracts as (cid:NN).
    glyph_ids = b"".join(b"<%s> Tj " % bytes(f"{g:04X}", "ascii") for g in range(36, 90))
    content = b"BT /F1 12 Tf 72 700 Td " + glyph_ids + b"ET"
    path = raw_pdf(
        tmp_path / "cid.pdf",
        content,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Arial /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] >>",
        [
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Arial"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            b" /DW 500 /FontDescriptor 7 0 R >>",
            b"<< /Type /FontDescriptor /FontName /ABCDEF+Arial /Flags 32"
            b" /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200"
            b" /CapHeight 700 /StemV 80 >>",
        ],
    )
    assert text_layer_words(path, 1, DPI) == ()


def test_text_that_is_not_vietnamese_is_garbage(tmp_path: Path):
    path = fpdf_page(
        tmp_path / "gibberish.pdf",
        [(SERIF, 72, 100 + 20 * i, "Xkq zvwr ptfl mnbq jjwe rrtz qqpl wzx") for i in range(5)],
    )
    assert text_layer_words(path, 1, DPI) == ()


def test_good_ocr_layer_over_a_scan_is_used_with_ocr_confidences(tmp_path: Path):
    lines = [
        "Căn cứ Luật Tổ chức chính quyền địa phương và kết quả kiểm tra,",
        "Ủy ban nhân dân huyện yêu cầu các xã, thị trấn khẩn trương rà soát,",
        "bổ sung hồ sơ lưu trữ và báo cáo kết quả về Văn phòng trước ngày 15.",
    ]
    words = text_layer_words(scan_with_layer(tmp_path / "ocr.pdf", lines), 1, DPI)
    assert words_to_text(words) == "\n".join(lines)
    assert all(w.confidence < 1.0 for w in words)  # another tool's reading, not the original


def test_ocr_layer_without_vietnamese_marks_is_not_used(tmp_path: Path):
    lines = [
        "Can cu Luat To chuc chinh quyen dia phuong va ket qua kiem tra,",
        "Uy ban nhan dan huyen yeu cau cac xa, thi tran khan truong ra soat,",
        "bo sung ho so luu tru va bao cao ket qua ve Van phong truoc ngay 15.",
    ]
    assert text_layer_words(scan_with_layer(tmp_path / "ascii.pdf", lines), 1, DPI) == ()


def test_a_stamp_over_a_scan_is_not_the_page_text(tmp_path: Path):
    path = scan_with_layer(tmp_path / "stamp.pdf", ["Bản sao điện tử"])
    assert text_layer_words(path, 1, DPI) == ()


def test_odd_files_give_no_words_instead_of_raising(tmp_path: Path):
    good = fpdf_page(tmp_path / "good.pdf", [(SERIF, 72, 100, "Thông báo kết luận")])
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[:400])
    not_pdf = tmp_path / "note.pdf"
    not_pdf.write_text("không phải PDF", encoding="utf-8")
    assert text_layer_words(good, 1, DPI) != ()
    assert text_layer_words(good, 2, DPI) == ()
    assert text_layer_words(good, 0, DPI) == ()
    assert text_layer_words(truncated, 1, DPI) == ()
    assert text_layer_words(not_pdf, 1, DPI) == ()
    assert text_layer_words(tmp_path / "missing.pdf", 1, DPI) == ()


# --- quality -------------------------------------------------------------------------------


def _words(text: str) -> list[Word]:
    return [Word(t, (0, 0, 1, 1), 1.0, 0) for t in text.split()]


def test_quality_separates_vietnamese_from_mis_encoded_and_unmarked_text():
    good = "Số: 12/2021/QĐ-UBND ngày 05 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh (kèm theo)."
    assert text_layer_quality(_words(good)) == 1.0
    assert text_layer_quality(_words("Sè: 12/2021/Q§-UBND ngµy 05 th¸ng 3 n¨m 2021 cña")) < 0.5
    assert text_layer_quality(_words("ngay 05 thang 3 nam 2021 cua Uy ban nhan dan tinh")) < 0.3
    assert text_layer_quality([]) == 0.0


@pytest.mark.parametrize(
    "token", ["nghiêng", "khuỷu", "người", "quốc", "giữ", "thuở", "Ủy", "HÒA", "oái", "ý"]
)
def test_vietnamese_syllables(token: str):
    assert is_vietnamese_syllable(token)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", token))


@pytest.mark.parametrize("token", ["nh©n", "cac", "chêp", "xqz", "hàá", "thành2", "Wifi", ""])
def test_not_vietnamese_syllables(token: str):
    assert not is_vietnamese_syllable(token)


# --- TCVN3 ---------------------------------------------------------------------------------

# Written out again from TCVN 5712:1993 (VN3), family by family, to check the module's table.
TCVN3_CODES = {
    "a": {"à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9},
    "ă": {"ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6},
    "â": {"â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB},
    "e": {"è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1},
    "ê": {"ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6},
    "i": {"ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE},
    "o": {"ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4},
    "ô": {"ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9},
    "ơ": {"ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE},
    "u": {"ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4},
    "ư": {"ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9},
    "y": {"ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE},
    "đ": {"đ": 0xAE},
    "capitals": {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7},
}
TCVN3_ENCODE = {
    letter: chr(code) for family in TCVN3_CODES.values() for letter, code in family.items()
}


def tcvn3_encode(text: str) -> str:
    return "".join(TCVN3_ENCODE.get(c, c) for c in text)


def test_tcvn3_table_has_every_letter():
    assert len(TCVN3_ENCODE) == 74  # 67 lower-case letters beyond ASCII and 7 bare capitals
    for letter, code in TCVN3_ENCODE.items():
        assert to_unicode(code, "tcvn3") == letter
        assert to_unicode(code, "tcvn3", uppercase_font=True) == letter.upper()


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Uû ban nh©n d©n", "Ủy ban nhân dân"),
        ("Së Tµi chÝnh tØnh", "Sở Tài chính tỉnh"),
        ("Phßng gi¸o dôc vµ ®µo t¹o", "Phòng giáo dục và đào tạo"),
        ("Kh«ng ®­îc sao chôp", "Không được sao chụp"),
        ("NghÞ quyÕt cña Ban Th­êng vô", "Nghị quyết của Ban Thường vụ"),
        ("ngµy 15 th¸ng 3 n¨m 2009", "ngày 15 tháng 3 năm 2009"),
        (
            "¡n n¨n, ¢m thanh, £m ¶, ¤ng, ¥n, ¦u tiªn, §oµn",
            "Ăn năn, Âm thanh, Êm ả, Ông, Ơn, Ưu tiên, Đoàn",
        ),
        ("CéNG HOµ X· HéI", "CỘNG HOÀ XÃ HỘI"),  # capitals typed in the lower-case font
        ("tr-êng vµ n−íc", "trường và nước"),  # byte 0xAD extracted as a hyphen or minus
        ("Bµ RÞa-Vòng Tµu, 05-NQ/TW", "Bà Rịa-Vũng Tàu, 05-NQ/TW"),  # real hyphens stay
        ("nh(cid:169)n d(cid:169)n", "nhân dân"),  # codes without a Unicode mapping
        ("nh\uf0a9n d\uf0a9n", "nhân dân"),  # a symbolic font's private-use codes
    ],
)
def test_tcvn3_phrases(legacy: str, expected: str):
    assert to_unicode(legacy, "tcvn3") == expected


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("§¶ng bé tØnh", "ĐẢNG BỘ TỈNH"),
        ("céng hoµ x· héi chñ nghÜa viÖt nam", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Tr­êng", "TRƯỜNG"),
    ],
)
def test_tcvn3_uppercase_font(legacy: str, expected: str):
    assert to_unicode(legacy, "tcvn3", uppercase_font=True) == expected


def test_tcvn3_round_trip():
    text = (
        "ở đây những người dân tộc thiểu số được hỗ trợ vay vốn ưu đãi, "
        "xoá đói giảm nghèo, khuyến khích học nghề và tự tạo việc làm ổn định"
    )
    assert to_unicode(tcvn3_encode(text), "tcvn3") == text
    capitals = "QUYẾT ĐỊNH PHÊ DUYỆT QUY HOẠCH SỬ DỤNG ĐẤT"
    assert to_unicode(tcvn3_encode(capitals.lower()), "tcvn3", uppercase_font=True) == capitals


# --- VNI -----------------------------------------------------------------------------------

# Written out from VNI's layout to check the module's decoder: tone keys, shape keys with
# their tones, and the bytes that are whole letters.
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
VNI_TONES = {"": "", GRAVE: "ø", ACUTE: "ù", HOOK: "û", TILDE: "õ", DOT: "ï"}
VNI_CIRCUMFLEX = {"": "â", GRAVE: "à", ACUTE: "á", HOOK: "å", TILDE: "ã", DOT: "ä"}
VNI_BREVE = {"": "ê", GRAVE: "è", ACUTE: "é", HOOK: "ú", TILDE: "ü", DOT: "ë"}
VNI_I = {"": "i", GRAVE: "ì", ACUTE: "í", HOOK: "æ", TILDE: "ó", DOT: "ò"}


def vni_encode_letter(letter: str) -> str:
    upper = letter.isupper()
    decomposed = unicodedata.normalize("NFD", letter.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = "".join(m for m in marks if m in VNI_TONES)
    shape = "".join(m for m in marks if m not in VNI_TONES)
    if letter.lower() == "đ":
        out = "ñ"
    elif base == "i":
        out = VNI_I[tone]
    elif base == "y" and tone == DOT:
        out = "î"
    elif shape == "\u031b":  # horn: ơ, ư are letters of their own, then the tone
        out = {"o": "ô", "u": "ö"}[base] + VNI_TONES[tone]
    elif shape == "\u0302":
        out = base + VNI_CIRCUMFLEX[tone]
    elif shape == "\u0306":
        out = base + VNI_BREVE[tone]
    else:
        out = base + VNI_TONES[tone]
    return out.upper() if upper else out


def vni_encode(text: str) -> str:
    return "".join(vni_encode_letter(c) if c.isalpha() else c for c in text)


ALL_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + shape + tone)
        for base, shapes in {
            "a": ["", "\u0306", "\u0302"],
            "e": ["", "\u0302"],
            "i": [""],
            "o": ["", "\u0302", "\u031b"],
            "u": ["", "\u031b"],
            "y": [""],
        }.items()
        for shape in shapes
        for tone in ["", GRAVE, ACUTE, TILDE, HOOK, DOT]
    }
    | {"đ"}
)


def test_vni_decodes_every_letter_in_both_cases():
    assert len(ALL_LETTERS) == 73  # 12 vowels x 6 tones, and đ
    for letter in ALL_LETTERS:
        for form in (letter, letter.upper()):
            assert to_unicode(vni_encode_letter(form), "vni") == form, form


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("UÛy ban nhaân daân", "Ủy ban nhân dân"),
        ("Sôû Taøi chính tænh", "Sở Tài chính tỉnh"),
        ("Phoøng giaùo duïc vaø ñaøo taïo", "Phòng giáo dục và đào tạo"),
        ("Khoâng ñöôïc sao chuïp", "Không được sao chụp"),
        ("Nghò quyeát cuûa Ban Thöôøng vuï", "Nghị quyết của Ban Thường vụ"),
        ("ngaøy 15 thaùng 3 naêm 2009", "ngày 15 tháng 3 năm 2009"),
        ("ÑAÛNG BOÄ TÆNH", "ĐẢNG BỘ TỈNH"),
        (
            "Baéc Ninh khaéc phuïc naëng neà, saün saøng, bình ñaúng",
            "Bắc Ninh khắc phục nặng nề, sẵn sàng, bình đẳng",
        ),
        ("yù kieán Kyø hoïp, Mî, lòch söû, nghó", "ý kiến Kỳ họp, Mỵ, lịch sử, nghĩ"),
    ],
)
def test_vni_phrases(legacy: str, expected: str):
    assert to_unicode(legacy, "vni") == expected


def test_vni_round_trip():
    text = (
        "Thực hiện Chỉ thị của Thủ tướng Chính phủ, Sở Nội vụ hướng dẫn chỉnh lý tài liệu "
        "tồn đọng, lập hồ sơ điện tử và nộp lưu vào Lưu trữ lịch sử của tỉnh Quảng Ngãi"
    )
    assert to_unicode(vni_encode(text), "vni") == text
    assert to_unicode(vni_encode(text.upper()), "vni") == text.upper()


# --- detection -----------------------------------------------------------------------------


def test_font_names():
    assert font_encoding("ABCDEF+.VnTime") == "tcvn3"
    assert font_encoding(".VnArial NarrowH,Bold") == "tcvn3"
    assert font_encoding("VnTimeH") == "tcvn3"
    assert font_encoding("VNI-Times-Bold") == "vni"
    assert font_encoding("TimesNewRomanPSMT") is None
    assert is_uppercase_font("BCDEFG+.VnTimeH,Bold")
    assert is_uppercase_font(".VnArialH")
    assert not is_uppercase_font(".VnTime")
    assert not is_uppercase_font("VNI-Helve")


def test_detect_legacy():
    assert detect_legacy("Uû ban nh©n d©n tØnh", set()) == "tcvn3"
    assert detect_legacy("UÛy ban nhaân daân tænh", set()) == "vni"
    assert detect_legacy("Ủy ban nhân dân tỉnh", set()) is None
    assert detect_legacy("Ban chap hanh", set()) is None
    assert detect_legacy("nh©n d©n", {"ABCDEF+.VnTimeH"}) == "tcvn3"
    assert detect_legacy("nhaân daân", {"VNI-Times"}) == "vni"
    # A legacy name over text that already is Unicode: nothing to convert.
    assert detect_legacy("Ủy ban nhân dân tỉnh", {".VnTime"}) is None
    assert detect_legacy("nhân dân", {".VnTime"}) is None
