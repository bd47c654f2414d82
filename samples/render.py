"""Render a sample document as A4 page images, with the ground truth of every printed line.

The layout follows the published presentation rules (Hướng dẫn 36-HD/VPTW for Party papers,
Nghị định 30/2020/NĐ-CP for State papers): a two-column header, a centred type line and
subject, a justified body, the signature block on the right with a red seal and a blue
signature over it, and the recipients at the bottom left. Every line drawn as text is
recorded with its kind, in reading order, so OCR can be scored line by line.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from luutru.samples.texts import PARTY, Document

A4_MM = (210.0, 297.0)
MARGIN_MM = {"top": 20.0, "bottom": 22.0, "left": 30.0, "right": 18.0}
FONTS_LIST = Path(__file__).with_name("fonts.txt")

# Line kinds, the same names as the devset truth.
HEADER, MARK, TITLE, BODY, PAGENO, SIGN, RECIP = (
    "header", "mark", "title", "body", "pageno", "sign", "recip",
)

INK = (22, 22, 22)
SEAL_RED = (206, 38, 44)
SIGNATURE_BLUE = (28, 48, 158)
# How dark a typewriter key strikes, and how often: mostly firm, now and then faint.
_KEY_GREYS = (18, 30, 45, 60, 85, 120)
_KEY_ODDS = (0.3, 0.25, 0.2, 0.12, 0.08, 0.05)


class FontMissingError(RuntimeError):
    """No font of a needed family and style is installed."""


@dataclass(frozen=True)
class RenderedPage:
    image: np.ndarray  # H x W x 3, uint8 RGB
    lines: list[dict[str, str]]  # {"text", "kind"} in reading order
    dpi: int


# ---------------------------------------------------------------- fonts


def _font_table() -> list[tuple[str, str, str, Path]]:
    rows = []
    for raw in FONTS_LIST.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            family, style, package, path = line.split()
            rows.append((family, style, package, Path(path)))
    return rows


def font_path(family: str, style: str = "regular") -> Path:
    """The first installed file of fonts.txt for that family and style."""
    rows = [r for r in _font_table() if r[0] == family and r[1] == style]
    if not rows:
        raise ValueError(f"fonts.txt knows no font {family!r} {style!r}")
    for _, _, _, path in rows:
        if path.is_file():
            return path
    packages = " or ".join(dict.fromkeys(r[2] for r in rows))
    looked = ", ".join(str(r[3]) for r in rows)
    raise FontMissingError(
        f"font {family} {style} not found (looked in {looked}); "
        f"install the Debian package {packages}"
    )


@lru_cache(maxsize=256)
def load_font(family: str, style: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(family, style)), size_px)


# ---------------------------------------------------------------- page writer


@dataclass(frozen=True)
class _Word:
    text: str
    style: str  # regular, bold, italic, bolditalic


class _Writer:
    """Draws one document page after page, keeping a cursor and the truth lines."""

    def __init__(self, doc: Document, dpi: int, rng: np.random.Generator, typewriter: bool):
        self.doc = doc
        self.dpi = dpi
        self.rng = rng
        self.typewriter = typewriter
        self.family = "mono" if typewriter else doc.font
        self.width = self.mm(A4_MM[0])
        self.height = self.mm(A4_MM[1])
        self.left = self.mm(MARGIN_MM["left"])
        self.right = self.width - self.mm(MARGIN_MM["right"])
        self.bottom = self.height - self.mm(MARGIN_MM["bottom"])
        self.pages: list[tuple[Image.Image, list[dict[str, str]]]] = []
        self.new_page()

    # units
    def mm(self, value: float) -> int:
        return round(value / 25.4 * self.dpi)

    def pt(self, value: float) -> int:
        return round(value / 72.0 * self.dpi)

    def font(self, style: str, size_pt: float) -> ImageFont.FreeTypeFont:
        if self.typewriter:
            # A typewriter has one face; bold is made by striking twice (see draw_text).
            style = "italic" if "italic" in style else "regular"
            size_pt = min(size_pt, 12.0)
        return load_font(self.family, style, self.pt(size_pt))

    def pitch(self, font: ImageFont.FreeTypeFont, spacing: float = 1.3) -> int:
        return round(font.size * (1.45 if self.typewriter else spacing))

    # pages
    @property
    def image(self) -> Image.Image:
        return self.pages[-1][0]

    @property
    def lines(self) -> list[dict[str, str]]:
        return self.pages[-1][1]

    def new_page(self) -> None:
        image = Image.new("RGB", (self.width, self.height), (255, 255, 255))
        self.pages.append((image, []))
        self.draw = ImageDraw.Draw(image)
        self.y = self.mm(MARGIN_MM["top"])
        number = len(self.pages)
        if number > 1:
            # Page numbers from page 2 on, centred in the top margin (NĐ 30/2020).
            font = self.font("regular", 13)
            self.centred(str(number), font, self.width // 2, self.mm(12), PAGENO)

    def ensure(self, needed: int) -> None:
        if self.y + needed > self.bottom:
            self.new_page()

    def record(self, text: str, kind: str) -> None:
        self.lines.append({"text": unicodedata.normalize("NFC", text), "kind": kind})

    def fitting_size(self, text: str, style: str, size_pt: float, width: float) -> float:
        """The largest size up to size_pt at which text fits on one line (wide faces shrink)."""
        while size_pt > 8 and self.text_width(text, self.font(style, size_pt)) > width:
            size_pt -= 0.5
        return size_pt

    # drawing primitives
    def draw_text(self, x: float, baseline: float, text: str, font: ImageFont.FreeTypeFont,
                   bold: bool) -> None:
        if not self.typewriter:
            self.draw.text((x, baseline), text, font=font, fill=INK, anchor="ls")
            return
        # Typewriter: each key strikes with its own force and lands a little off the line.
        advance = font.getlength("n")
        jitter = max(1, self.dpi // 200)
        for i, char in enumerate(text):
            if char == " ":
                continue
            grey = int(self.rng.choice(_KEY_GREYS, p=_KEY_ODDS))
            dx = x + i * advance + int(self.rng.integers(-jitter, jitter + 1))
            dy = baseline + int(self.rng.integers(-jitter, jitter + 1))
            self.draw.text((dx, dy), char, font=font, fill=(grey,) * 3, anchor="ls")
            if bold:
                self.draw.text((dx + jitter + 1, dy), char, font=font, fill=(grey,) * 3,
                               anchor="ls")

    def text_width(self, text: str, font: ImageFont.FreeTypeFont) -> float:
        return font.getlength(text) + (self.dpi // 200 + 1 if self.typewriter else 0)

    def centred(self, text: str, font: ImageFont.FreeTypeFont, cx: float, baseline: float,
                kind: str, bold: bool = False) -> float:
        width = self.text_width(text, font)
        self.draw_text(cx - width / 2, baseline, text, font, bold)
        self.record(text, kind)
        return width

    def rule(self, cx: float, y: float, width: float) -> None:
        thickness = max(1, self.mm(0.25))
        self.draw.rectangle((cx - width / 2, y, cx + width / 2, y + thickness), fill=INK)

    # text blocks
    def wrap(self, words: list[_Word], size_pt: float, width: float,
             indent: float = 0) -> list[list[_Word]]:
        """Greedy line breaking of styled words to a pixel width; the first line is indented."""
        lines: list[list[_Word]] = [[]]
        current = 0.0
        space = self.font("regular", size_pt).getlength(" ")
        for word in words:
            w = self.text_width(word.text, self.font(word.style, size_pt))
            limit = width - (indent if len(lines) == 1 else 0)
            if lines[-1] and current + space + w > limit:
                lines.append([word])
                current = w
            else:
                current += (space if lines[-1] else 0) + w
                lines[-1].append(word)
        return [line for line in lines if line]

    def centred_block(self, text: str, style: str, size_pt: float, cx: float, width: float,
                      kind: str, spacing: float = 1.2) -> list[tuple[float, float]]:
        """Wrapped, centred lines; returns (left, right) of each line for underlines."""
        font = self.font(style, size_pt)
        words = [_Word(w, style) for w in text.split()]
        count = len(self.wrap(words, size_pt, width))
        # Typists balance wrapped header lines ("ỦY BAN NHÂN DÂN / TỈNH QUẢNG NAM"): find the
        # narrowest width that still needs no more lines than the greedy break.
        lo, hi = 1.0, float(width)
        while hi - lo > 2:
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if len(self.wrap(words, size_pt, mid)) <= count else (mid, hi)
        spans = []
        for line in self.wrap(words, size_pt, hi):
            text_line = " ".join(w.text for w in line)
            self.y += self.pitch(font, spacing)
            w = self.centred(text_line, font, cx, self.y, kind, bold="bold" in style)
            spans.append((cx - w / 2, cx + w / 2))
        return spans

    def paragraph(self, raw: str, size_pt: float = 14) -> None:
        style, align, indent = "regular", "justify", self.mm(12.7)
        text = raw
        if raw.startswith("## "):
            style, align, indent, text = "bold", "centre", 0, raw[3:]
        elif raw.startswith("# "):
            style, text = "bold", raw[2:]
        elif raw.startswith("_ "):
            style, text = "italic", raw[2:]
        elif raw.startswith("= "):
            align, indent, text = "left", self.mm(30), raw[2:]
        words: list[_Word] = []
        bold_lead = text.startswith("**")
        for token in text.split():
            token_style = "bold" if bold_lead else style
            if bold_lead and token.endswith("**"):
                bold_lead = False
            words.append(_Word(token.replace("**", ""), token_style))
        if self.typewriter and align == "justify":
            align = "left"  # typewriters do not justify
        font = self.font("regular", size_pt)
        pitch = self.pitch(font)
        width = self.right - self.left
        self.y += round(font.size * 0.35)
        lines = self.wrap(words, size_pt, width, indent)
        for i, line in enumerate(lines):
            self.ensure(pitch)
            self.y += pitch
            line_text = " ".join(w.text for w in line)
            if align == "centre":
                self.centred(line_text, self.font(style, size_pt), (self.left + self.right) / 2,
                             self.y, BODY, bold=True)
                continue
            x0 = self.left + (indent if i == 0 else 0)
            widths = [self.text_width(w.text, self.font(w.style, size_pt)) for w in line]
            gap = font.getlength(" ")
            last = i == len(lines) - 1
            if align == "justify" and not last and len(line) > 1:
                gap = (self.right - x0 - sum(widths)) / (len(line) - 1)
            x: float = x0
            for word, w in zip(line, widths, strict=True):
                self.draw_text(x, self.y, word.text, self.font(word.style, size_pt),
                                "bold" in word.style)
                x += w + gap
            self.record(line_text, BODY)


# ---------------------------------------------------------------- header, title, signature


def _header(wr: _Writer) -> None:
    doc = wr.doc
    party = doc.family == PARTY
    text_w = wr.right - wr.left
    left_cx = wr.left + wr.mm(30 if party else 28)
    left_w = wr.mm(70 if party else 62)
    right_cx = wr.left + text_w * (0.70 if party else 0.69)
    right_w = wr.mm(100)
    top = wr.y

    # Left column: superior, issuer, '*' or a short rule, number, V/v, marks.
    size: float = 13
    if doc.superior:
        wr.centred_block(doc.superior, "regular", size, left_cx, left_w, HEADER)
    spans = wr.centred_block(doc.issuer, "bold", size if not party else 13.5, left_cx, left_w,
                             HEADER)
    if party:
        star = wr.font("regular", 13)
        wr.y += wr.pitch(star, 1.0)
        wr.draw.text((left_cx, wr.y), "*", font=star, fill=INK, anchor="ms")
    else:
        wr.y += wr.mm(1.6)
        issuer_w = max(r - left for left, r in spans)
        wr.rule(left_cx, wr.y, issuer_w * 0.4)
        wr.y += wr.mm(1.0)
    number_font = wr.font("regular", 13)
    wr.y += wr.pitch(number_font, 1.25)
    number_baseline = wr.y
    wr.centred(doc.number_line, number_font, left_cx, wr.y, HEADER)
    if doc.cv_subject:
        wr.y += wr.mm(1)
        wr.centred_block(doc.cv_subject, "regular", 12, left_cx, wr.mm(68), HEADER, 1.15)
    for mark in (doc.urgency, doc.classification):
        if mark:
            font = wr.font("bold", 13)
            wr.y += wr.pitch(font, 1.6)
            width = wr.centred(mark, font, left_cx, wr.y, MARK, bold=True)
            pad = wr.mm(1.5)
            box = (left_cx - width / 2 - pad, wr.y - font.size * 0.95 - pad,
                   left_cx + width / 2 + pad, wr.y + font.size * 0.25 + pad)
            wr.draw.rectangle(box, outline=INK, width=max(1, wr.mm(0.35)))
            wr.y += pad
    left_bottom = wr.y

    # Right column: national line(s), then place and date on the number's row.
    wr.y = top
    if party:
        party_name = "ĐẢNG CỘNG SẢN VIỆT NAM"
        size = wr.fitting_size(party_name, "bold", 15, right_w)
        spans = wr.centred_block(party_name, "bold", size, right_cx, right_w, HEADER)
        wr.rule((spans[0][0] + spans[0][1]) / 2, wr.y + wr.mm(1.2), spans[0][1] - spans[0][0])
    else:
        republic = "CỘNG HOÀ" if doc.old_tone else "CỘNG HÒA"
        national = f"{republic} XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        size = wr.fitting_size(national, "bold", 12, right_w)
        wr.centred_block(national, "bold", size, right_cx, right_w, HEADER)
        spans = wr.centred_block("Độc lập - Tự do - Hạnh phúc", "bold", min(13.5, size + 1),
                                 right_cx, right_w, HEADER, 1.25)
        wr.rule((spans[0][0] + spans[0][1]) / 2, wr.y + wr.mm(1.2), spans[0][1] - spans[0][0])
    date_font = wr.font("italic", 13.5)
    wr.y = max(number_baseline, wr.y + wr.pitch(date_font, 1.5))
    wr.centred(doc.date_line, date_font, right_cx, wr.y, HEADER)
    wr.y = max(left_bottom, wr.y) + wr.mm(4)


def _title(wr: _Writer) -> None:
    doc = wr.doc
    if not doc.type_name:
        return
    cx = (wr.left + wr.right) / 2
    wr.y += wr.mm(2)
    wr.centred_block(doc.type_name, "bold", 15, cx, wr.right - wr.left, TITLE)
    wr.centred_block(doc.subject, "bold", 14, cx, wr.mm(150), TITLE, 1.25)
    wr.y += wr.mm(4)
    wr.rule(cx, wr.y, wr.mm(28))
    wr.y += wr.mm(2)


def _seal(diameter: int, text: str, rng: np.random.Generator,
          font: ImageFont.FreeTypeFont) -> Image.Image:
    """An L image of seal ink: two rings, the issuer's name around, a star in the middle."""
    size = diameter + 8
    ink = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(ink)
    c = size / 2
    r = diameter / 2
    ring = max(2, diameter // 50)
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=ring)
    r2 = r * 0.66
    draw.ellipse((c - r2, c - r2, c + r2, c + r2), outline=255, width=max(1, ring // 2))
    # Letters around the ring, centred on the top, each turned to face outwards.
    rr = r * 0.83
    advances = [font.getlength(ch) * 1.15 + font.size * 0.12 for ch in text]
    total = sum(advances) / rr  # radians the label covers
    angle = -math.pi / 2 - total / 2
    for char, adv in zip(text, advances, strict=True):
        mid = angle + adv / rr / 2
        angle += adv / rr
        if char == " ":
            continue
        glyph = Image.new("L", (round(font.size * 2), round(font.size * 2)), 0)
        ImageDraw.Draw(glyph).text((font.size, font.size), char, font=font, fill=255,
                                   anchor="mm")
        glyph = glyph.rotate(-math.degrees(mid) - 90, resample=Image.Resampling.BICUBIC)
        x = c + rr * math.cos(mid) - font.size
        y = c + rr * math.sin(mid) - font.size
        ink.paste(255, (int(x), int(y)), glyph)
    star_r = r * 0.42
    points = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rad = star_r if k % 2 == 0 else star_r * 0.4
        points.append((c + rad * math.cos(a), c + rad * math.sin(a)))
    draw.polygon(points, fill=255)
    # Stamp ink is uneven: pressure fades one side and the pad leaves gaps.
    yy, xx = np.mgrid[0:size, 0:size]
    tilt = rng.uniform(0, 2 * math.pi)
    pressure = 0.72 + 0.28 * np.cos(np.arctan2(yy - c, xx - c) - tilt)
    grain = rng.uniform(0.6, 1.0, (size, size))
    arr = np.asarray(ink, dtype=np.float32) * pressure * grain
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def _catmull_rom(points: np.ndarray, steps: int = 24) -> np.ndarray:
    """A smooth curve through the points (pen strokes have no corners)."""
    padded = np.vstack([points[:1], points, points[-1:]])
    t = np.linspace(0, 1, steps, endpoint=False)[:, None]
    out = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        out.append(0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3))
    out.append(points[-1:])
    return np.vstack(out)


def _signature(width: int, height: int, rng: np.random.Generator, stroke: int) -> Image.Image:
    """An L image of a pen scribble: a looped name stroke and a flourish underneath."""
    ink = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(ink)
    n = int(rng.integers(7, 11))
    xs = np.sort(rng.uniform(0.05, 0.8, n)) * width
    xs[::3] -= width * 0.06  # small back-strokes make loops
    ys = np.where(np.arange(n) % 2 == 0, rng.uniform(0.1, 0.35, n), rng.uniform(0.5, 0.75, n))
    curve = _catmull_rom(np.column_stack([xs, ys * height]))
    draw.line([tuple(p) for p in curve], fill=255, width=stroke, joint="curve")
    flourish = np.array([
        [xs[-1], ys[-1] * height],
        [width * rng.uniform(0.55, 0.7), height * rng.uniform(0.8, 0.95)],
        [width * 0.3, height * rng.uniform(0.75, 0.9)],
        [width * rng.uniform(0.85, 0.98), height * rng.uniform(0.6, 0.75)],
    ])
    draw.line([tuple(p) for p in _catmull_rom(flourish)], fill=220, width=max(1, stroke - 1),
              joint="curve")
    return ink


def _overlay(page: Image.Image, ink: Image.Image, colour: tuple[int, int, int], xy: tuple[int, int],
             opacity: float) -> None:
    """Multiply-blends coloured ink onto the page, the way stamp ink sits over toner."""
    x, y = xy
    box = (x, y, x + ink.width, y + ink.height)
    region = np.asarray(page.crop(box), dtype=np.float32)
    alpha = np.asarray(ink, dtype=np.float32)[..., None] / 255.0 * opacity
    tint = np.array(colour, dtype=np.float32) / 255.0
    blended = region * (1 - alpha + alpha * tint)
    page.paste(Image.fromarray(blended.clip(0, 255).astype(np.uint8)), box[:2])


def _signature_block(wr: _Writer) -> None:
    doc = wr.doc
    auth_font = wr.font("bold", 13.5)
    name_font = wr.font("bold", 14)
    recip_head = wr.font("bolditalic", 12)
    recip_font = wr.font("regular", 11)
    authority = doc.signer_authority.split("\n") if doc.signer_authority else []
    titles = [*authority, *([doc.signer_title] if doc.signer_title else [])]
    gap = wr.mm(26)
    sign_h = wr.pitch(auth_font, 1.2) * len(titles) + gap + wr.pitch(name_font)
    recip_h = wr.pitch(recip_head) + wr.pitch(recip_font, 1.2) * len(doc.recipients)
    wr.y += wr.mm(4)
    wr.ensure(max(sign_h, recip_h) + wr.mm(2))
    top = wr.y
    cx = wr.left + (wr.right - wr.left) * 0.73
    for line in titles:
        wr.y += wr.pitch(auth_font, 1.2)
        wr.centred(line, auth_font, cx, wr.y, SIGN, bold=True)
    title_bottom = wr.y
    wr.y += gap
    wr.centred(doc.signer_name, name_font, cx, wr.y, SIGN, bold=True)
    sign_bottom = wr.y

    # The seal sits over the left part of the signature, the scribble between title and name.
    diameter = wr.mm(36)
    seal_font = load_font("liberation" if wr.typewriter else doc.font, "bold", wr.pt(8))
    seal = _seal(diameter, doc.issuer, wr.rng, seal_font)
    sx = int(cx - wr.mm(31) + wr.rng.integers(-wr.mm(3), wr.mm(3)))
    sy = int(title_bottom - wr.mm(6) + wr.rng.integers(-wr.mm(2), wr.mm(3)))
    _overlay(wr.image, seal, SEAL_RED, (sx, sy), 0.82)
    sig_w, sig_h = wr.mm(42), wr.mm(17)
    sig = _signature(sig_w, sig_h, wr.rng, max(2, wr.mm(0.45)))
    _overlay(wr.image, sig, SIGNATURE_BLUE,
             (int(cx - sig_w * 0.45), int(title_bottom + wr.mm(4))), 0.9)

    wr.y = top
    wr.y += wr.pitch(recip_head, 1.2)
    left_x = wr.left
    wr.draw_text(left_x, wr.y, "Nơi nhận:", recip_head, True)
    wr.record("Nơi nhận:", RECIP)
    for item in doc.recipients:
        wr.y += wr.pitch(recip_font, 1.2)
        wr.draw_text(left_x, wr.y, item, recip_font, False)
        wr.record(item, RECIP)
    # Reading order: signature lines before recipients, as the devset records them.
    wr.y = max(wr.y, sign_bottom)


def render(doc: Document, dpi: int = 300, *, seed: int = 0,
           typewriter: bool | None = None) -> list[RenderedPage]:
    """Draws the document on A4 pages at `dpi`; typewriter overrides the document's own."""
    rng = np.random.default_rng([seed, dpi, *doc.id.encode()])
    wr = _Writer(doc, dpi, rng, doc.typewriter if typewriter is None else typewriter)
    _header(wr)
    _title(wr)
    for paragraph in doc.body:
        wr.paragraph(paragraph)
    _signature_block(wr)
    return [RenderedPage(np.asarray(image), lines, dpi) for image, lines in wr.pages]
