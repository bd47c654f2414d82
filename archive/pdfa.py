"""The archival document PDF: PDF/A-2b, each page image under an invisible text layer.

Made the way OCRmyPDF makes its output, from what the catalog holds rather than from any
OCR engine's own PDF: the page image (colour where the scan was colour), the recognised
words drawn over it in text render mode 3 (invisible) in an embedded glyphless font whose
one empty glyph stands for every character, so that the text is found, selected and copied
exactly where it is printed; then the PDF/A parts: XMP metadata naming PDF/A-2 level B, an
sRGB output intent, every font embedded, no encryption.
"""
from __future__ import annotations

import functools
import io
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

import numpy as np
import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from luutru.ocr.types import Word

# Debian's icc-profiles-free ships the ICC v2 sRGB profile that PDF/A validators expect;
# Pillow's built-in profile (ICC v4) stands in where that package is missing.
SRGB_PROFILE = Path("/usr/share/color/icc/sRGB.icc")
PRODUCER = "luutru"

# The glyphless font: 1000 units to the em, every glyph 500 wide, the em box from 200 below
# the baseline to 800 above; a word's box is then the text's box at its font size.
_UNITS = 1000
_ADVANCE = 500
_DESCENT = -200
_ASCENT = 800


@dataclass(frozen=True)
class PdfPage:
    image: bytes  # JPEG (colour or grey) or PNG (grey or bilevel) of the whole page
    width: int  # pixels of that image, the frame of the words' boxes
    height: int
    dpi: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class PdfInfo:
    title: str = ""
    author: str = ""  # the issuing body
    subject: str = ""
    language: str = "vi"
    created: datetime | None = None


def build(pages: Iterable[PdfPage], info: PdfInfo) -> Pdf:
    pdf = Pdf.new()
    font = _font(pdf)
    for page in pages:
        _add_page(pdf, page, font)
    _make_pdfa(pdf, info)
    return pdf


def save(pdf: Pdf, target: Path) -> None:
    """Written whole or not at all; never encrypted, with the trailer's file identifier."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    pdf.save(tmp, encryption=False, deterministic_id=True, object_stream_mode=(
        pikepdf.ObjectStreamMode.generate))
    tmp.replace(target)


# -- pages -----------------------------------------------------------------------------


def _add_page(pdf: Pdf, page: PdfPage, font: Dictionary) -> None:
    scale = 72 / page.dpi
    width_pt, height_pt = page.width * scale, page.height * scale
    image = _image(pdf, page.image)
    content = [f"q {width_pt:.3f} 0 0 {height_pt:.3f} 0 0 cm /Im0 Do Q".encode()]
    content.append(_text_layer(page.words, scale, height_pt))
    pdf_page = pikepdf.Page(Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, round(width_pt, 3), round(height_pt, 3)]),
        Resources=Dictionary(XObject=Dictionary(Im0=image), Font=Dictionary(F1=font)),
        Contents=Stream(pdf, zlib.compress(b"\n".join(content)), Filter=Name.FlateDecode),
    ))
    pdf.pages.append(pdf_page)


def _image(pdf: Pdf, data: bytes) -> Stream:
    """The page image as an image XObject: a JPEG as it is, a PNG losslessly (one bit a
    pixel for a bilevel page)."""
    from PIL import Image

    passed = _png_stream(pdf, data)
    if passed is not None:
        return passed
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        width, height = im.size
        if im.format == "JPEG":
            colour = Name.DeviceRGB if im.mode == "RGB" else Name.DeviceGray
            return Stream(pdf, data, Type=Name.XObject, Subtype=Name.Image, Width=width,
                          Height=height, ColorSpace=colour, BitsPerComponent=8,
                          Filter=Name.DCTDecode)
        grey = np.asarray(im.convert("L"))
    if not np.any((grey > 0) & (grey < 255)):
        bits, raw = 1, np.packbits(grey > 127, axis=1).tobytes()
    else:
        bits, raw = 8, grey.tobytes()
    return Stream(pdf, zlib.compress(raw, 6), Type=Name.XObject, Subtype=Name.Image,
                  Width=width, Height=height, ColorSpace=Name.DeviceGray,
                  BitsPerComponent=bits, Filter=Name.FlateDecode)


def _png_stream(pdf: Pdf, data: bytes) -> Stream | None:
    """A grey or bilevel PNG's compressed data as it is: PDF's Flate filter with the PNG
    predictors reads it unchanged, so the page is neither decoded nor compressed again.
    None for any other PNG (colour, palette, alpha, interlaced) or a JPEG."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if colour_type != 0 or interlace or depth not in (1, 8):
        return None
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            chunks.append(data[at + 8:at + 8 + length])
        at += 12 + length
    return Stream(pdf, b"".join(chunks), Type=Name.XObject, Subtype=Name.Image, Width=width,
                  Height=height, ColorSpace=Name.DeviceGray, BitsPerComponent=depth,
                  Filter=Name.FlateDecode,
                  DecodeParms=Dictionary(Predictor=15, Colors=1, BitsPerComponent=depth,
                                         Columns=width))


def _text_layer(words: tuple[Word, ...], scale: float, height_pt: float) -> bytes:
    """Each word in invisible text, stretched across its box; a space after every word but
    a line's last, so that text tools read the words apart."""
    ops = ["BT", "3 Tr"]
    for _, line in groupby(words, key=lambda w: w.line):
        line_words = list(line)
        for i, word in enumerate(line_words):
            codes = _codes(word.text)
            if not codes:
                continue
            x0, y0, x1, y1 = word.box
            size = max((y1 - y0) * scale, 1.0)
            width = max((x1 - x0) * scale, 0.5)
            stretch = 100 * width / (len(codes) // 2 * size * _ADVANCE / _UNITS)
            baseline = height_pt - y1 * scale - size * _DESCENT / _UNITS
            if i < len(line_words) - 1:
                codes += _codes(" ")
            ops.append(f"/F1 {size:.2f} Tf {stretch:.2f} Tz "
                       f"1 0 0 1 {x0 * scale:.2f} {baseline:.2f} Tm <{codes.hex()}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def _codes(text: str) -> bytes:
    """Two-byte character codes, each the character's own code point (the font's encoding
    is Identity-H and its ToUnicode map the identity); outside the Basic Multilingual
    Plane, which Vietnamese never needs, the replacement character."""
    return b"".join((ord(c) if ord(c) <= 0xFFFF else 0xFFFD).to_bytes(2, "big")
                    for c in text if c.isprintable())


# -- the glyphless font ----------------------------------------------------------------


def _font(pdf: Pdf) -> Dictionary:
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/GlyphLessFont"), Flags=4,
        FontBBox=Array([0, _DESCENT, _ADVANCE, _ASCENT]), ItalicAngle=0, Ascent=_ASCENT,
        Descent=_DESCENT, CapHeight=_ASCENT, StemV=80,
        FontFile2=Stream(pdf, zlib.compress(_glyphless_truetype()), Filter=Name.FlateDecode))
    cid_font = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/GlyphLessFont"),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), DW=_ADVANCE,
        # Every code names glyph 1, the empty one.
        CIDToGIDMap=Stream(pdf, zlib.compress(b"\x00\x01" * 0x10000, 9),
                           Filter=Name.FlateDecode))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/GlyphLessFont"),
        Encoding=Name("/Identity-H"), DescendantFonts=Array([pdf.make_indirect(cid_font)]),
        ToUnicode=Stream(pdf, zlib.compress(_identity_cmap()), Filter=Name.FlateDecode)))


def _identity_cmap() -> bytes:
    # A bfrange may only vary the last byte, so the identity takes one range per high byte.
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256)]
    blocks = []
    for start in range(0, 256, 100):
        chunk = ranges[start:start + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
            ).encode("ascii")


@functools.cache
def _glyphless_truetype() -> bytes:
    """A TrueType font of two empty glyphs (.notdef and the one every code maps to)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(_UNITS, isTTF=True)
    names = [".notdef", "glyph1"]
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty for name in names})
    builder.setupHorizontalMetrics({name: (_ADVANCE, 0) for name in names})
    builder.setupHorizontalHeader(ascent=_ASCENT, descent=_DESCENT)
    builder.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=_ASCENT, sTypoDescender=_DESCENT, usWinAscent=_ASCENT,
                     usWinDescent=-_DESCENT, fsType=0)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


# -- PDF/A -----------------------------------------------------------------------------


def _make_pdfa(pdf: Pdf, info: PdfInfo) -> None:
    created = info.created or datetime.now(UTC)
    pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1,
        OutputConditionIdentifier="sRGB IEC61966-2.1", Info="sRGB IEC61966-2.1",
        RegistryName="http://www.color.org",
        DestOutputProfile=pdf.make_indirect(Stream(pdf, _srgb_profile(), N=3))))])
    pdf.Root.Lang = info.language
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        if info.title:
            meta["dc:title"] = info.title
        if info.author:
            meta["dc:creator"] = [info.author]
        if info.subject:
            meta["dc:description"] = info.subject
        meta["dc:language"] = [info.language]
        stamp = created.isoformat(timespec="seconds")
        meta["xmp:CreateDate"] = stamp
        meta["xmp:ModifyDate"] = stamp
        meta["xmp:MetadataDate"] = stamp
        meta["xmp:CreatorTool"] = PRODUCER
        meta["pdf:Producer"] = PRODUCER


@functools.cache
def _srgb_profile() -> bytes:
    if SRGB_PROFILE.exists():
        return SRGB_PROFILE.read_bytes()
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# -- checking --------------------------------------------------------------------------


def pdfa_problems(path: Path) -> list[str]:
    """What keeps a file from being the PDF/A-2b this module writes, among the requirements
    that can be checked without a full validator (veraPDF): [] when none is found."""
    problems: list[str] = []
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as e:
        return [f"not a readable PDF ({e})"]
    with pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        if pdf.pdf_version > "1.7":
            problems.append(f"PDF version {pdf.pdf_version} is above PDF/A-2's 1.7")
        if "/ID" not in pdf.trailer:
            problems.append("no file identifier in the trailer")
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
            problems.append("XMP metadata does not name PDF/A-2B")
        title = str(pdf.docinfo.get("/Title", ""))
        if title and meta.get("dc:title") != title:
            problems.append("document information and XMP titles differ")
        problems += _output_intent_problems(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            problems += [f"page {number}: {p}" for p in _page_problems(page)]
    return problems


def _output_intent_problems(pdf: Pdf) -> list[str]:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFA1]
    if len(intents) != 1:
        return ["not exactly one PDF/A output intent"]
    profile = intents[0].get("/DestOutputProfile")
    if profile is None or int(profile.get("/N", 0)) != 3:
        return ["the output intent has no RGB ICC profile"]
    return []


def _page_problems(page: pikepdf.Page) -> list[str]:
    problems = []
    resources = page.obj.get("/Resources", Dictionary())
    for name, font in resources.get("/Font", Dictionary()).items():
        fonts = [font, *font.get("/DescendantFonts", [])]
        descriptors = [f.get("/FontDescriptor") for f in fonts if "/FontDescriptor" in f]
        if not any(any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                   for d in descriptors):
            problems.append(f"font {name} is not embedded")
    for name, xobject in resources.get("/XObject", Dictionary()).items():
        if xobject.get("/SMask") is not None or xobject.get("/Group") is not None:
            problems.append(f"{name} uses transparency")
    if "/AA" in page.obj or any(a.get("/Subtype") == Name.Movie
                                for a in page.obj.get("/Annots", [])):
        problems.append("actions or multimedia")
    return problems
