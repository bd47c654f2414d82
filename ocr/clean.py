"""Image cleanup before OCR: each step a small function from image to image.

`clean(page)` runs the steps in order and records which ones changed the page. The order
matters: a phone photo's sheet is taken off its desk first (`ocr.photo`: nothing else
knows a desk from paper), colour dropout and resolution next (every later step assumes a
grey 300 dpi page), illumination before binarisation (a shadow or yellowed paper would
otherwise become ink), streak removal on the binary page before streaks can mislead the
layout; then the quarter turn and skew, found together; a bent photo's lines straightened
(`ocr.dewarp`) once level; frames and speckle on the level page, where a frame's edges are
straight; and last the test for a page upside down, which needs level, clean lines.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from luutru.ocr import dewarp
from luutru.ocr.imaging import components, shrink
from luutru.ocr.orientation import detect_upside_down
from luutru.ocr.photo import STEP, Sheet, find_sheet, rectify
from luutru.ocr.types import Page

TARGET_DPI = 300
PHOTO_DPI = 200  # a page seen at less than this came from a camera, not a scanner


@dataclass(frozen=True)
class Cleaned:
    image: np.ndarray  # grey uint8, text black on white, upright, at `dpi`
    dpi: int
    steps: tuple[str, ...]
    rotation: int  # degrees the page was turned clockwise to stand upright
    skew: float  # degrees of the small deskew rotation
    # A photo's sheet: the resolution the camera gave the paper (what it could see), 0 for
    # a page that was not taken out of a photo.
    paper_dpi: int = 0


def clean(page: Page, *, osd: Callable[[np.ndarray], int | None] | None = None) -> Cleaned:
    """Run every cleanup step over one page. `osd` is asked when orientation is unsure."""
    steps: list[str] = []

    image, dpi, sheet = take_sheet(page.image, page.dpi)
    if sheet:
        steps.append(sheet.step())
    # A photo: a sheet taken off its desk, or a page the camera saw at under 200 dpi. Its
    # blur spreads a red seal's ink into a halo that colour dropout alone leaves behind.
    photo = sheet is not None or (page.scan_dpi or page.dpi) < PHOTO_DPI
    grey, dropped = to_grey(image, dpi, photo=photo)
    if dropped:
        steps.append("colour-dropout")
    loaded_dpi = dpi
    grey, dpi, rescaled = normalise_resolution(grey, dpi)
    if rescaled:
        steps.append(f"resample-{loaded_dpi}-to-{dpi}dpi")
    grey = remove_dark_borders(grey, steps)
    grey = normalise_background(grey)
    steps.append("background")
    seals = find_seals(grey, dpi)
    dark_seals = []
    for seal in seals:
        lifted = lift_grey_seal(grey, seal)
        if lifted is None:
            dark_seals.append(seal)
        else:
            grey = lifted
    binary = binarise(grey)
    steps.append("binarise")
    for seal in dark_seals:
        binary = thin_out_seal(binary, seal, dpi)
    if seals:
        steps.append("seal")
    binary, removed = remove_streaks(binary, dpi)
    if removed:
        steps.append("destreak")
    # A photo's sheet says which way its lines run: along its short side, as on an A4
    # page printed upright; a landscape-shaped sheet is a page lying on its side.
    favoured = int(binary.shape[1] > binary.shape[0]) if sheet else None
    quarter_turn, angle = estimate_layout(binary, favoured=favoured)
    if quarter_turn and not sheet:
        quarter_turn, angle = _lines_say_level(binary, dpi, angle)
    if quarter_turn:
        binary = rotate_right_angle(binary, 90)
        steps.append("rotate-90")
    if abs(angle) >= 0.1:
        binary = rotate_small(binary, angle)
        steps.append(f"deskew-{angle:+.1f}")
    # Lines still bowed or converging once level: a photo of a bent page, or one in
    # perspective with no desk to take it out by. A scan's lines are straight here.
    bend = dewarp.measure(binary, dpi)
    if bend:
        binary = dewarp.apply(binary, bend, binary=True)
        steps.append(bend.step())
    parts = Components.of(binary)
    binary, removed = remove_frames(binary, dpi, parts)
    if removed:
        steps.append("deframe")
    # Components are found once for both steps. A removed frame still counts as ink near
    # the speckle beside it, which at worst keeps a few specks next to a stamp.
    binary, removed = remove_speckle(binary, dpi, parts)
    if removed:
        steps.append("despeckle")
    half_turn = detect_upside_down(binary, osd=osd)
    if half_turn:
        binary = rotate_right_angle(binary, 180)
        steps.append("rotate-180")
    rotation = (90 * quarter_turn + 180 * half_turn) % 360
    paper_dpi = 0
    if sheet:
        # A sheet in a PDF page was drawn at the renderer's resolution, not the camera's.
        paper_dpi = round(sheet.seen_dpi * (page.scan_dpi or page.dpi) / page.dpi)
    return Cleaned(image=binary, dpi=dpi, steps=tuple(steps), rotation=rotation, skew=angle,
                   paper_dpi=paper_dpi)


def take_sheet(image: np.ndarray, dpi: int) -> tuple[np.ndarray, int, Sheet | None]:
    """A photo's sheet taken out of its desk and perspective, upright at 300 dpi (with the
    sheet found); any other page as it is."""
    sheet = find_sheet(image)
    if sheet is None:
        return image, dpi, None
    return rectify(image, sheet), sheet.dpi, sheet


def upright(image: np.ndarray, dpi: int, cleaned: Cleaned) -> np.ndarray:
    """The page as scanned (colour kept) turned and levelled as `clean` turned it, at the
    cleaned page's resolution: the archival image, on which the OCR words' boxes fall."""
    sheet = _sheet_of(cleaned.steps)
    if sheet:
        image, dpi = rectify(image, sheet), sheet.dpi
    out, _, _ = normalise_resolution(image, dpi)
    if cleaned.rotation in (90, 270):
        out = rotate_right_angle(out, 90)
    if abs(cleaned.skew) >= 0.1:
        h, w = out.shape[:2]
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), cleaned.skew, 1.0)
        white = (255,) * (out.shape[2] if out.ndim == 3 else 1)
        out = cv2.warpAffine(out, matrix, (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=white)
    bend = _bend_of(cleaned.steps)
    if bend:
        out = dewarp.apply(out, bend)
    if cleaned.rotation in (180, 270):
        out = rotate_right_angle(out, 180)
    return out


def to_grey(image: np.ndarray, dpi: int = TARGET_DPI, *,
            photo: bool = False) -> tuple[np.ndarray, bool]:
    """Grey page with coloured ink dropped: red seals and blue signatures are not text.

    Printed text is black or grey, so it has low chroma; seals, signatures and highlighter
    have high chroma. Those pixels take the value of their brightest channel, which for red
    or blue ink is close to paper white while black text under a seal stays dark. On a
    photo, a red seal's blurred edges and pale strokes, too weak in colour for that, are
    lifted next (`lift_red_seal`); a scan's seal is left to `find_seals`, as it was tuned.
    """
    if image.ndim == 2:
        return image, False
    b, g, r = cv2.split(image)
    hi = cv2.max(cv2.max(b, g), r)
    lo = cv2.min(cv2.min(b, g), r)
    coloured = cv2.subtract(hi, lo) > 60
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if cv2.countNonZero(coloured.view(np.uint8)) < 0.0005 * coloured.size:
        return grey, False
    grey[coloured] = hi[coloured]
    return (lift_red_seal(image, grey, dpi) if photo else grey), True


# A red seal's ink, measured against the paper it is on (each channel divided by the
# paper's): its red channel exceeds its green one by this much at least where it is
# clearly red, and by twice as much in its solid strokes. Paper under a warm light, or
# black print, stays far below (a colour cast is divided away with the paper).
SEAL_RED = 0.16
# Blur spreads a seal's ink this far beyond where it is still visibly red (a phone photo
# at 70-120 dpi, enlarged to 300 dpi).
SEAL_BLUR_MM = 1.2


def lift_red_seal(image: np.ndarray, grey: np.ndarray, dpi: int) -> np.ndarray:
    """`grey` with what is left of red seal ink lifted to paper: its blurred rim and pale
    strokes, which a blurred phone photo turns into a pink halo too weak in colour for the
    chroma test, and binarisation then into a black ring that joins the name it touches.

    Red ink absorbs green and blue and lets red through, black ink absorbs all three: on the
    red ink and around it the page's brightest channel (each channel divided by its own
    paper) shows black print only, once divided by how much of it the seal's ink itself
    lets through. Only ever lightens: a pixel never comes out darker than it was.
    """
    b, g, r = (channel.astype(np.float32) / np.maximum(_paper(channel), 1)
               for channel in cv2.split(image))
    red = r - g
    strong = red > 2 * SEAL_RED
    if cv2.countNonZero(strong.view(np.uint8)) < 100:
        return grey
    reach = max(3, round(SEAL_BLUR_MM * dpi / 25.4)) | 1
    zone = cv2.dilate((red > SEAL_RED).view(np.uint8),
                      cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach))) > 0
    hi = cv2.max(cv2.max(b, g), r)
    # The seal's own ink: a low percentile of its solid strokes, so its darker parts go too.
    passes = float(np.percentile(hi[strong], 25))
    lifted = np.minimum(hi / max(passes, 0.05), 1.0) * _paper(grey)
    out = grey.copy()
    out[zone] = np.maximum(grey[zone], lifted[zone].astype(np.uint8))
    return out


def _paper(grey: np.ndarray) -> np.ndarray:
    """The page's paper: its text closed away (a max filter larger than a stroke) on a
    quarter-size copy, which keeps it cheap and smooth."""
    h, w = grey.shape
    small = cv2.resize(grey, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.medianBlur(paper, 15)
    return cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)


def normalise_resolution(grey: np.ndarray, dpi: int) -> tuple[np.ndarray, int, bool]:
    """Bring the page to about 300 dpi, where Tesseract's `vie` model reads best.

    Low-resolution scans (150-200 dpi) lose the small tone marks unless upsampled; very high
    resolution only costs time.
    """
    if 270 <= dpi <= 420:
        return grey, dpi, False
    scale = TARGET_DPI / dpi
    interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    resized = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=interpolation)
    return resized, TARGET_DPI, True


def remove_dark_borders(grey: np.ndarray, steps: list[str]) -> np.ndarray:
    """Paint white the dark scanner margins that touch the page edges.

    A dark border is found as rows or columns at the edge that are mostly dark; those are
    whitened up to where the paper starts.
    """
    dark = grey < 100
    h, w = grey.shape
    limit = 0.6
    top = _edge_run(dark.mean(axis=1), limit)
    bottom = _edge_run(dark.mean(axis=1)[::-1], limit)
    left = _edge_run(dark.mean(axis=0), limit)
    right = _edge_run(dark.mean(axis=0)[::-1], limit)
    if not (top or bottom or left or right):
        return grey
    out = grey.copy()
    pad = 4  # the border's soft edge
    if top:
        out[: top + pad] = 255
    if bottom:
        out[h - bottom - pad:] = 255
    if left:
        out[:, : left + pad] = 255
    if right:
        out[:, w - right - pad:] = 255
    steps.append("border")
    return out


def _edge_run(fraction_dark: np.ndarray, limit: float) -> int:
    """How many lines from the start are mostly dark (a border), allowing a short gap."""
    n = 0
    max_run = len(fraction_dark) // 8  # a border is never an eighth of the page
    while n < max_run and fraction_dark[n] > limit:
        n += 1
    return n


def rotate_right_angle(grey: np.ndarray, degrees: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(grey, codes[degrees])


# A scanner feeds a page up to a few degrees askew; a phone held over a desk, up to a dozen.
MAX_SKEW = 12.0


# How much more strongly the lines must show across the view a sheet's shape favours: on
# a phone photo's blurred, curled lines the two views' peaks come close, and a tall page's
# columns (its margins) alone peak high (1.57 times the level view on a curled sheet the
# frame cut, read upright).
FAVOURED_VIEW = 2.0


def estimate_layout(binary: np.ndarray, max_angle: float = MAX_SKEW,
                    favoured: int | None = None,
                    views: tuple[int, ...] = (0, 1)) -> tuple[bool, float]:
    """Whether the page lies on its side, and the small rotation that levels its lines.

    Projection-profile method on a reduced copy: when text lines are level, the ink per row
    alternates sharply between lines and gaps, so the profile's variance peaks. The page and
    its quarter turn are probed every degree up to `max_angle` (the peak of a page of long
    lines is about a degree wide: a sparser probe misses it and finds a sideways page);
    the view with the higher peak tells sideways pages apart even when skewed, and its angle
    is then refined coarse to fine. A photo tilted past `max_angle` in the probe's range
    would otherwise be taken for a page on its side. `favoured` (0 level, 1 on its side)
    is the view the page's shape makes likelier: the other must peak FAVOURED_VIEW times
    higher to win. `views` limits the search to one view (the angle of a page taken level).
    """
    ink = 1 - shrink(binary, 640, side=1).astype(np.float32) / 255
    if ink.mean() < 0.002:
        return False, 0.0
    profiles = {v: _InkProfile.of(np.rot90(ink, k=-v)) for v in views}
    probe = np.arange(-max_angle, max_angle + 0.5, 1.0)
    peaks = {v: max((profile.score(a), a) for a in probe) for v, profile in profiles.items()}
    scores = {v: peak[0] * (FAVOURED_VIEW if v == favoured else 1.0)
              for v, peak in peaks.items()}
    view = max(views, key=lambda v: (scores[v], -v))
    best = float(peaks[view][1])
    for step, span in ((0.25, 0.5), (0.1, 0.2)):
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=profiles[view].score))
    return bool(view), round(best, 1)


def _lines_say_level(binary: np.ndarray, dpi: int, angle: float) -> tuple[bool, float]:
    """The layout search's verdict that a page lies on its side, checked by its lines.

    On a bent photo (no sheet to say which way its lines run) the bend smears the rows'
    profile of the upright page while its straight margins still make the sideways view
    peak: such a page was turned on its side. Text lines are long ink runs along the line;
    a page on its side has few. The page stays level when its level view has at least
    twice as many long lines as the sideways one, and the page enough lines to tell.
    """
    level = estimate_layout(binary, views=(0,))[1]
    across = dewarp.line_count(rotate_small(binary, level), dpi)
    sideways = dewarp.line_count(rotate_small(rotate_right_angle(binary, 90), angle), dpi)
    if across >= dewarp.MIN_LINES and across >= 2 * sideways:
        return False, level
    return True, angle


@dataclass(frozen=True)
class _InkProfile:
    """The inked pixels of a reduced page as points, so that the row profile of the page
    turned by any angle is a histogram of turned coordinates: a few times cheaper than
    turning the image itself, and the layout search tries some thirty angles."""

    dx: np.ndarray  # x of each inked pixel from the page's centre
    dy: np.ndarray
    weight: np.ndarray  # how much ink the reduced pixel holds
    height: int

    @classmethod
    def of(cls, ink: np.ndarray) -> _InkProfile:
        ys, xs = np.nonzero(ink)
        h, w = ink.shape
        return cls(xs - w / 2, ys - h / 2, ink[ys, xs], h)

    def score(self, angle: float) -> float:
        """Variance of the ink per row once the page is turned `angle` degrees
        anticlockwise about its centre (as cv2.getRotationMatrix2D turns it).

        Each pixel's ink is shared between the two rows it falls between, as the linear
        interpolation of a turned image shares it. That blurs the profile a little at any
        angle but zero, so a level page is not turned for nothing.
        """
        a = np.deg2rad(angle)
        rows = np.cos(a) * self.dy - np.sin(a) * self.dx + self.height / 2
        above = np.floor(rows)
        share = (rows - above) * self.weight
        # Row r is bin r + 1, so a pixel just above the page still has a bin to share.
        bins = above.astype(np.intp) + 1
        inside = (bins >= 0) & (bins <= self.height)
        bins, share, weight = bins[inside], share[inside], self.weight[inside]
        size = self.height + 2
        profile = (np.bincount(bins, weight - share, minlength=size)
                   + np.bincount(bins + 1, share, minlength=size))
        return float(np.var(profile[1:-1]))


def rotate_small(binary: np.ndarray, angle: float) -> np.ndarray:
    h, w = binary.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(binary, matrix, (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return cv2.threshold(rotated, 127, 255, cv2.THRESH_BINARY)[1]


def normalise_background(grey: np.ndarray) -> np.ndarray:
    """Divide the page by its own paper: flattens shadows, yellowing, stains and uneven light.

    The paper is estimated by `_paper`.
    """
    return cv2.divide(grey, np.maximum(_paper(grey), 1), scale=255)


@dataclass(frozen=True)
class Seal:
    x: int
    y: int
    radius: int

    def disc(self, shape: tuple[int, ...]) -> np.ndarray:
        mask = np.zeros(shape[:2], np.uint8)
        cv2.circle(mask, (self.x, self.y), self.radius, 1, -1)
        return mask


def find_seals(grey: np.ndarray, dpi: int) -> list[Seal]:
    """Round seals: circles of the usual size (about 32-42 mm across) whose circumference is
    inked. The narrow radius range is what keeps the circle search cheap."""
    scale = 75 / dpi
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    circles = cv2.HoughCircles(cv2.medianBlur(small, 3), cv2.HOUGH_GRADIENT, dp=1.5,
                               minDist=60, param1=120, param2=35, minRadius=42, maxRadius=66)
    if circles is None:
        return []
    seals = []
    for cx, cy, r in circles[0][:3]:
        ring = _outer_ring(small, cx, cy, r)
        if ring:
            seals.append(Seal(round(cx / scale), round(cy / scale), round(ring / scale * 1.06)))
    return seals


def lift_grey_seal(grey: np.ndarray, seal: Seal) -> np.ndarray | None:
    """The page with a seal printed in lighter ink than the text lifted off, or None when
    the seal is as dark as the text.

    A red seal scanned in grey, faded, or photocopied into black dots has no colour left to
    drop, but its ink is lighter than the text's, on average over a few pixels. The seal's
    grey is read on its outer ring, the text's on the strokes around the seal. Inside the
    disc, whatever a median filter (which turns a photocopier's dots into the grey they stand
    for) finds lighter than midway between the two goes; the text keeps its edges.
    """
    # Everything is read in a band of the page around the seal: its disc, and the text
    # beside it on the same lines.
    top = max(0, seal.y - 3 * seal.radius)
    band = grey[top:seal.y + 3 * seal.radius]
    local = Seal(seal.x, seal.y - top, seal.radius)
    smooth = cv2.medianBlur(band, 5)
    ring, text = _ring_ink(band, local), _text_ink(band, smooth, local)
    if text is None or ring - text < MIN_INK_GAP:
        return None
    cut = (ring + text) / 2
    seal_ink = smooth > cut
    if _ring_ink(band, local, blur=0) > cut:
        # Solid grey ink, not dots: only pixels lighter than the cut themselves are the
        # seal's, which spares thin dark strokes (accents) the median filter thins away.
        seal_ink &= band > cut
    keep = cv2.dilate((smooth <= cut).astype(np.uint8), np.ones((3, 3), np.uint8))
    # The ring is lifted out to a little beyond the circle found: its radius is measured at
    # 75 dpi and a photocopy's seal is seldom quite round, so its outer edge may stand a
    # millimetre or so outside, as an arc that joins the family name it touches, which is
    # then misread. Only the seal's lighter ink goes there too.
    reach = Seal(local.x, local.y, round(local.radius * SEAL_REACH))
    lifted = grey.copy()
    lifted[top:top + band.shape[0]][(reach.disc(band.shape) > 0) & seal_ink & (keep == 0)] = 255
    return lifted


SEAL_REACH = 1.08


# Grey levels between a seal's ring and the text's strokes for two inks to be told apart:
# the anti-aliased edges of one ink spread less than this.
MIN_INK_GAP = 30


def _ring_ink(grey: np.ndarray, seal: Seal, blur: float = 2) -> float:
    """The grey of a seal's outer ring, averaged over its dots unless `blur` is 0: along
    each radius the darkest point near the ring, and the median of those round the circle,
    so text crossing the ring does not count."""
    blurred = cv2.GaussianBlur(grey, (0, 0), blur) if blur else grey
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    h, w = grey.shape
    radii = np.arange(0.8 * seal.radius, seal.radius + 1, 2.0)
    xs = np.clip((seal.x + np.outer(radii, np.cos(angles))).astype(int), 0, w - 1)
    ys = np.clip((seal.y + np.outer(radii, np.sin(angles))).astype(int), 0, h - 1)
    return float(np.median(blurred[ys, xs].min(axis=0)))


def _text_ink(band: np.ndarray, smooth: np.ndarray, seal: Seal) -> float | None:
    """The grey of the text's stroke cores around the seal, as the median filter sees them."""
    split, _ = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    cores = cv2.erode((band < split).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    strokes = smooth[cores & (seal.disc(band.shape) == 0)]
    return float(np.median(strokes)) if strokes.size > 500 else None


def thin_out_seal(binary: np.ndarray, seal: Seal, dpi: int) -> np.ndarray:
    """Inside a seal as dark as the text (a photocopy, a faded scan), keep only bold strokes.

    A seal is drawn in thin rings and tiny lettering; the title and name it covers are
    printed bold. An opening as wide as a bold stroke's core removes the first and keeps
    the second.
    """
    disc = seal.disc(binary.shape)
    ink = cv2.threshold(binary, 127, 1, cv2.THRESH_BINARY_INV)[1]
    size = max(3, round(dpi / 75)) | 1  # 4-5 px at 300 dpi, odd
    bold = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    # Grow the kept strokes back to their edges, but only where there was ink.
    bold = cv2.bitwise_and(cv2.dilate(bold, np.ones((3, 3), np.uint8)), ink)
    kept = np.where(disc > 0, bold, ink).astype(np.uint8)
    return _paper_and_ink(kept)


def _outer_ring(small: np.ndarray, cx: float, cy: float, r: float) -> float | None:
    """The radius of the outermost inked ring near a circle found at radius r, if any.

    A seal has an outer and an inner ring, and the circle search may settle on either or
    between them: radii around its estimate are tried, and a ring counts when most of its
    circumference lies on ink.
    """
    angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    h, w = small.shape
    inked = None
    for radius in np.arange(0.8 * r, 1.3 * r, 1.0):
        xs = np.clip((cx + radius * np.cos(angles)).astype(int), 0, w - 1)
        ys = np.clip((cy + radius * np.sin(angles)).astype(int), 0, h - 1)
        if (small[ys, xs] < 230).mean() > 0.6:  # a faded seal's ring is light grey
            inked = float(radius)
    return inked


def binarise(grey: np.ndarray) -> np.ndarray:
    """Black ink on white paper, with faint bleed-through and faded ink told apart.

    On a flattened page the paper is near 255. Otsu's threshold splits ink from paper; when
    ink is faded the split moves up with it, and bleed-through (ghost text lighter than any
    real ink) stays on the paper side.
    """
    threshold, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # A clean page's Otsu split sits midway; never let it climb into the paper's own noise.
    threshold = min(threshold, 215)
    return cv2.threshold(grey, threshold, 255, cv2.THRESH_BINARY)[1]


def remove_streaks(binary: np.ndarray, dpi: int) -> tuple[np.ndarray, bool]:
    """Remove photocopier streaks: long, thin, vertical lines, often broken into dashes.

    Short gaps are bridged first (closing), then only vertical runs longer than an inch are
    kept (opening): taller than any glyph, even with stacked tone marks, and far taller than
    a line of text, whose strokes are cut by the gaps between lines. Both are done at half
    resolution, where a streak is still a line. Only ink pixels on such a run are whitened;
    where a letter's stroke crosses the streak (ink on both sides) the stroke is joined again.
    """
    ink = cv2.threshold(binary, 127, 1, cv2.THRESH_BINARY_INV)[1]
    h, w = ink.shape
    half = cv2.resize(ink, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    half = cv2.threshold(half, 0, 1, cv2.THRESH_BINARY)[1]  # any ink in the 2x2 cell
    bridged = cv2.morphologyEx(half, cv2.MORPH_CLOSE,
                               cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(2, dpi // 40))))
    runs = cv2.morphologyEx(bridged, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, dpi // 2)))
    if not cv2.countNonZero(runs):
        return binary, False
    runs = cv2.resize(runs, (w, h), interpolation=cv2.INTER_NEAREST)
    # Widen by a pixel each side: a streak's soft edges binarise a pixel wider than its core.
    streaks = cv2.dilate(cv2.bitwise_and(runs, ink),
                         cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    kept = cv2.bitwise_and(ink, 1 - streaks)
    joined = cv2.morphologyEx(kept, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    ink = cv2.bitwise_or(kept, cv2.bitwise_and(joined, streaks))
    return _paper_and_ink(ink), True


@dataclass(frozen=True)
class Components:
    """Connected ink components of a binary page, computed once for the steps that need
    them."""

    labels: np.ndarray  # 0 for paper
    stats: np.ndarray  # per label: x, y, width, height, area

    @classmethod
    def of(cls, binary: np.ndarray) -> Components:
        _, labels, stats = components(cv2.threshold(binary, 127, 1, cv2.THRESH_BINARY_INV)[1])
        return cls(labels, stats)

    def mask(self, chosen: np.ndarray) -> np.ndarray:
        """uint8 mask of the pixels of the labels where `chosen` (one bool per label) holds."""
        # Every label indexes `chosen`, so the bounds check of the default mode is wasted.
        return chosen.astype(np.uint8).take(self.labels, mode="clip")


def remove_frames(binary: np.ndarray, dpi: int,
                  parts: Components | None = None) -> tuple[np.ndarray, bool]:
    """Remove rectangular frames drawn around words, such as the box of a MẬT stamp.

    Tesseract reads a framed word poorly or not at all. A frame is a component larger than
    any letter whose ink lies almost all along the edges of its own bounding box; a letter,
    even a hollow one like O, is smaller, and a table's grid has ink inside its box.
    """
    parts = parts or Components.of(binary)
    x, y, w, h, area = parts.stats.T
    candidates = np.flatnonzero((w >= dpi // 3) & (h >= dpi // 8) & (area <= 0.3 * w * h))
    chosen = np.zeros(len(parts.stats), bool)
    for label in candidates[candidates > 0]:
        stroke = area[label] / (2 * (w[label] + h[label]))  # a frame's line width, if it is one
        edge = max(2, round(2.5 * stroke))  # room for a stroke that wavers or leans
        own = parts.labels[y[label]:y[label] + h[label], x[label]:x[label] + w[label]] == label
        inner = own[edge:h[label] - edge, edge:w[label] - edge]
        chosen[label] = inner.size > 0 and inner.sum() < 0.05 * area[label]
    if not chosen.any():
        return binary, False
    return cv2.bitwise_or(binary, parts.mask(chosen) * 255), True


def remove_speckle(binary: np.ndarray, dpi: int,
                   parts: Components | None = None) -> tuple[np.ndarray, bool]:
    """Remove photocopy speckle: dots too small for a letter and too far from any letter.

    Dots of a pixel or two go wherever they are. Larger specks, up to the size of a full
    stop or a dash, are told from tone marks, i-dots and punctuation by where they are: a
    mark sits just above or below its letter, and punctuation on the letters' row at most a
    word space away, while speckle lies in margins and between lines.
    """
    parts = parts or Components.of(binary)
    area = parts.stats[:, cv2.CC_STAT_AREA]
    scale = (dpi / 300) ** 2
    tiny = area <= max(2, round(6 * scale))
    small = area <= round(40 * scale)
    tiny[0] = small[0] = False  # label 0 is the paper
    letters = ~small
    letters[0] = False
    across = max(6, round(dpi * 0.12))  # a word space: a dash between words, "..." after one
    up_down = max(3, round(dpi / 30))  # ~0.85 mm: a tone mark's distance from its letter
    reach = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * across + 1, 2 * up_down + 1))
    kept = small & _any_in_box(cv2.dilate(parts.mask(letters), reach), parts.stats)
    # Marks stack: a hook (hỏi) or tilde (ngã) sits on a circumflex or breve, which sits on
    # its letter, so the top mark may be farther from the letter than a mark's reach. A
    # small piece straight above both a kept mark and a letter stays too, unless it is a
    # thin upright sliver or a dot: what a photocopier's streak leaves once removed stands
    # in columns of dots and dashes, which may have a kept piece and a letter below.
    side = max(1, round(dpi / 150))
    def over(mask: np.ndarray, depth: int) -> np.ndarray:
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * side + 1, depth + 1))
        return cv2.dilate(mask, kernel, anchor=(side, 0))
    width, height = parts.stats[:, cv2.CC_STAT_WIDTH], parts.stats[:, cv2.CC_STAT_HEIGHT]
    stacked = (small & ~kept & (2 * width >= height) & (area >= round(15 * scale))
               & _any_in_box(over(parts.mask(kept), up_down), parts.stats)
               & _any_in_box(over(parts.mask(letters), 3 * up_down), parts.stats))
    remove = tiny | (small & ~kept & ~stacked)
    if not remove.any():
        return binary, False
    return cv2.bitwise_or(binary, parts.mask(remove) * 255), True


def _any_in_box(mask: np.ndarray, stats: np.ndarray) -> np.ndarray:
    """Per component, whether `mask` is set anywhere in its bounding box: a sum over the
    box from the mask's integral image, for thousands of specks at once."""
    total = cv2.integral(mask)
    x, y, w, h = (stats[:, i] for i in range(4))
    inside = total[y + h, x + w] - total[y, x + w] - total[y + h, x] + total[y, x]
    return inside > 0


def _paper_and_ink(ink: np.ndarray) -> np.ndarray:
    """A binary page (0 ink, 255 paper) from a 0/1 ink mask."""
    return cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY_INV)[1]


Points = tuple[np.ndarray, np.ndarray]  # xs, ys


@dataclass(frozen=True)
class PageMap:
    """Where `clean` put each point of the page as loaded, rebuilt from the steps it
    recorded, so that words on the cleaned page are found on the colour original (the
    handwritten digits) and words drawn on the original placed on the cleaned page (an
    e-office's stamps): a photo's sheet, resampling, the quarter turn and the deskew make
    one 3 x 3 matrix (`level`); a bent page's dewarp (`ocr.dewarp`) is a field, no matrix,
    and comes next (`bend`); the half turn last (`turn`)."""

    level: np.ndarray
    bend: dewarp.Field | None
    turn: np.ndarray

    def forward(self, xs: np.ndarray, ys: np.ndarray) -> Points:
        """The points of the page as loaded, on the cleaned page."""
        xs, ys = _through(self.level, xs, ys)
        if self.bend:
            xs, ys = dewarp.to_straight(self.bend, xs, ys)
        return _through(self.turn, xs, ys)

    def back(self, xs: np.ndarray, ys: np.ndarray) -> Points:
        """The points of the cleaned page, on the page as loaded."""
        xs, ys = _through(np.linalg.inv(self.turn), xs, ys)
        if self.bend:
            xs, ys = dewarp.to_bent(self.bend, xs, ys)
        return _through(np.linalg.inv(self.level), xs, ys)


def page_map(shape: tuple[int, ...], dpi: int, steps: tuple[str, ...]) -> PageMap:
    """The map from the page as loaded (`shape`, at `dpi`) to the page `clean` made of it
    with these steps, each taken as the OpenCV call that made it takes a pixel."""
    h, w = shape[:2]
    matrix = np.eye(3)
    sheet = _sheet_of(steps)
    if sheet:
        matrix = sheet.matrix() @ matrix
        h, w, dpi = sheet.height, sheet.width, sheet.dpi
    if any(step.startswith("resample-") for step in steps):
        scale = TARGET_DPI / dpi
        # cv2.resize puts a pixel's centre at (x + 0.5) * scale - 0.5.
        shift = 0.5 * scale - 0.5
        matrix = np.array([[scale, 0.0, shift], [0.0, scale, shift], [0.0, 0.0, 1.0]]) @ matrix
        h, w = round(h * scale), round(w * scale)
    if "rotate-90" in steps:
        matrix = np.array([[0.0, -1.0, h - 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]) @ matrix
        h, w = w, h
    for step in steps:
        if step.startswith("deskew"):
            turn = cv2.getRotationMatrix2D((w / 2, h / 2), float(step[len("deskew-"):]), 1.0)
            matrix = np.vstack([turn, [0.0, 0.0, 1.0]]) @ matrix
    bend = _bend_of(steps)
    half = np.eye(3)
    if "rotate-180" in steps:
        half = np.array([[-1.0, 0.0, w - 1.0], [0.0, -1.0, h - 1.0], [0.0, 0.0, 1.0]])
    return PageMap(matrix, bend, half)


def _through(matrix: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> Points:
    """Points taken through a 3 x 3 matrix (a photo's perspective divides by the third
    coordinate; every other step leaves it 1)."""
    xs, ys = np.asarray(xs, np.float64), np.asarray(ys, np.float64)
    x, y, z = matrix @ np.stack([xs.ravel(), ys.ravel(), np.ones(xs.size)])
    return (x / z).reshape(xs.shape), (y / z).reshape(ys.shape)


def sheet_taken(image: np.ndarray, dpi: int, steps: tuple[str, ...]
                ) -> tuple[np.ndarray, int, tuple[str, ...]]:
    """A page as loaded with a photo's sheet taken out as `clean` took it (from its recorded
    step), at the sheet's resolution, and the steps left between it and the cleaned page;
    any other page as it is. Readers of the original's pixels (the handwritten digits) then
    see the paper upright and at the resolution they are told, not the camera's frame."""
    sheet = _sheet_of(steps)
    if sheet is None:
        return image, dpi, steps
    return rectify(image, sheet), sheet.dpi, tuple(s for s in steps if not s.startswith(STEP))


def _sheet_of(steps: tuple[str, ...]) -> Sheet | None:
    return next((sheet for sheet in map(Sheet.from_step, steps) if sheet), None)


def _bend_of(steps: tuple[str, ...]) -> dewarp.Field | None:
    return next((field for field in map(dewarp.Field.from_step, steps) if field), None)


def map_box(points: Callable[[np.ndarray, np.ndarray], Points],
            box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The upright box around a box taken through a map of points (`PageMap.forward` or
    `.back`). A bent page's map bends the box's sides, so points along them are taken,
    not only its corners."""
    x0, y0, x1, y1 = box
    along = np.linspace(0.0, 1.0, 9)
    xs = np.concatenate([x0 + (x1 - x0) * along, x0 + (x1 - x0) * along,
                         np.full(9, x0), np.full(9, x1)])
    ys = np.concatenate([np.full(9, y0), np.full(9, y1),
                         y0 + (y1 - y0) * along, y0 + (y1 - y0) * along])
    xs, ys = points(xs, ys)
    return (int(np.floor(xs.min())), int(np.floor(ys.min())),
            int(np.ceil(xs.max())), int(np.ceil(ys.max())))
