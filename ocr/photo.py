"""Phone photos of paper: find the sheet on the desk and take it out of its perspective.

What a document-scanner app does before anything else, as plain functions from image to
image. A scanner's page fills its image (white margins, at most a dark strip of lid at an
edge) and passes through untouched; a photo shows the sheet as a bright four-sided region
on a desk, at an angle and in perspective, at 70-150 dpi-equivalent. That sheet is warped
to an upright A4 page at 300 dpi, the resolution at which `vie` reads tone marks.

The sheet is found on a reduced copy: the text is closed away (a max filter wider than a
stroke), edges are traced, and the largest edge-free region brighter than its surroundings
is taken, so that a light gradient or a vignette (smooth) does not cut it while the sheet's
border (a step) does. Its hull is fitted with four lines, which gives the corner of a sheet
held under a finger or lying outside the frame where the lines meet.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from luutru.ocr.imaging import shrink

# Official papers are A4 (Nghị định 30/2020/NĐ-CP, Phụ lục I): 210 x 297 mm.
A4_MM = (210.0, 297.0)
TARGET_DPI = 300
# How far the sides' ratio may stray from A4's and still be taken for A4: a sheet seen in
# perspective is foreshortened, more than 10 % only when shot at a steep angle.
A4_TOLERANCE = 0.16
# The reduced copy's longer side: the sheet's border is still a clean step there, and
# the whole search costs a few milliseconds.
SEARCH_SIDE = 640
STEP = "sheet"


@dataclass(frozen=True)
class Sheet:
    """Where the paper lies in an image, and the upright page it becomes."""

    corners: np.ndarray  # 4 x 2 float: top-left, top-right, bottom-right, bottom-left
    width: int  # of the upright page, in pixels at `dpi`
    height: int
    dpi: int
    seen_dpi: int  # the resolution the photo gave the paper (what the camera kept)

    def matrix(self) -> np.ndarray:
        """The 3 x 3 perspective taking the image's pixels to the upright page's."""
        target = np.array([[0, 0], [self.width, 0], [self.width, self.height],
                           [0, self.height]], np.float32)
        return cv2.getPerspectiveTransform(self.corners.astype(np.float32), target)

    def step(self) -> str:
        """The cleanup step that records this sheet: enough to redo the warp (the boxes of
        handwriting and of e-office stamps are mapped through it)."""
        corners = ",".join(f"{v:.1f}" for v in self.corners.ravel())
        return f"{STEP}-{corners}-{self.width}x{self.height}-{self.seen_dpi}dpi"

    @classmethod
    def from_step(cls, step: str) -> Sheet | None:
        if not step.startswith(STEP + "-"):
            return None
        # Corners outside the photo are negative: split the sizes off the right.
        corners, size, seen = step[len(STEP) + 1:].rsplit("-", 2)
        width, height = (int(v) for v in size.split("x"))
        points = np.array([float(v) for v in corners.split(",")]).reshape(4, 2)
        return cls(points, width, height, TARGET_DPI, int(seen.removesuffix("dpi")))


def rectify(image: np.ndarray, sheet: Sheet) -> np.ndarray:
    """The sheet cut out of the photo, upright, at its page size. What lies outside the
    photo (a corner out of the frame) is white paper."""
    white = (255,) * (image.shape[2] if image.ndim == 3 else 1)
    return cv2.warpPerspective(image, sheet.matrix(), (sheet.width, sheet.height),
                               flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=white)


def find_sheet(image: np.ndarray) -> Sheet | None:
    """The sheet of paper in a photo, or None when the image is a page already (a scan, a
    rendered page, a photo filled by its page) or no sheet can be told from its desk."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    small = shrink(grey, SEARCH_SIDE)
    scale = grey.shape[1] / small.shape[1]
    for region in (paper_region(small), bright_region(small)):
        fitted = fit_quad(region) if region is not None else None
        if (region is not None and fitted is not None
                and _is_sheet(fitted[0], small.shape, region)
                and _stands_out(small, fitted[0])):
            return _sized(fitted[0] * scale, fitted[1])
    return None


# Grey levels the paper must stand above the desk around it. A scan's paper shades a little
# towards its edges (less than this); a desk, even a light one in bad light, is darker.
MIN_DESK_CONTRAST = 35


def _stands_out(small: np.ndarray, quad: np.ndarray) -> bool:
    """Whether the image around the sheet is a desk: a band a little outside the sheet's
    border (inside the frame) clearly darker than a band a little inside it."""
    h, w = small.shape
    sheet = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(sheet, np.round(quad).astype(np.int32), 1)
    band = max(3, max(h, w) // 60)
    kernel = np.ones((2 * band + 1, 2 * band + 1), np.uint8)
    inside = sheet - cv2.erode(sheet, kernel)
    outside = cv2.dilate(sheet, kernel) - sheet
    if outside.sum() < 0.1 * inside.sum():
        return False
    paper = float(np.median(small[inside > 0]))
    desk = float(np.median(small[outside > 0]))
    return paper - desk >= MIN_DESK_CONTRAST


def paper_region(small: np.ndarray) -> np.ndarray | None:
    """uint8 mask of the smooth bright region the sheet's border encloses, or None.

    Text and rules are closed away first. Edges are traced with low thresholds (a light
    desk's border with the paper is faint), then thickened so that a faint stretch of
    border does not let the paper's region leak onto the desk. Of the large edge-free
    regions, the paper is the one brighter than what surrounds it by the most, weighed by
    its size.
    """
    h, w = small.shape
    side = max(h, w)
    text = max(5, side // 45) | 1
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (text, text)))
    smooth = cv2.GaussianBlur(closed, (0, 0), 1.5)
    edges = cv2.Canny(smooth, 12, 36)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    free = (edges == 0).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    if count < 2:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    best, best_score = None, 0.0
    for label in np.argsort(areas)[::-1][:4] + 1:
        area = stats[label, cv2.CC_STAT_AREA]
        if area < 0.2 * h * w:
            break
        mask = (labels == label).astype(np.uint8)
        inside = float(np.median(smooth[mask > 0]))
        around = cv2.dilate(mask, np.ones((15, 15), np.uint8)) - mask
        outside = smooth[(around > 0) & (edges == 0)]
        # Paper is the bright side of its border; the desk the darker one.
        contrast = inside - (float(np.median(outside)) if outside.size else 0.0)
        if inside >= 90 and contrast > 0 and area * contrast > best_score:
            best, best_score = mask, area * contrast
    return best


def bright_region(small: np.ndarray) -> np.ndarray | None:
    """uint8 mask of the largest region brighter than Otsu's split of the page with its
    text closed away: the sheet on a dark desk where its border has a gap the edges leak
    through (a finger, a fold)."""
    h, w = small.shape
    text = max(5, max(h, w) // 45) | 1
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (text, text)))
    _, bright = cv2.threshold(cv2.GaussianBlur(closed, (0, 0), 1.5), 0, 1,
                              cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if count < 2:
        return None
    label = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[label, cv2.CC_STAT_AREA] < 0.2 * h * w:
        return None
    return (labels == label).astype(np.uint8)


def fit_quad(mask: np.ndarray) -> tuple[np.ndarray, str] | None:
    """Four corners (top-left first, clockwise) fitted to a region's hull: the lines of its
    four longest sides, met where they cross, and which of the sheet's sizes can be
    measured on them: "whole", or "across" / "down" when the frame cut the sheet's top or
    bottom / a side. Sides along the image's own border are not the sheet's, and a corner
    hidden by a finger or lying just outside the frame comes back where its two sides meet;
    a sheet with two corners outside the frame is cut where the frame cuts it."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(outline)
    h, w = mask.shape
    # A fine polygon first, so that a stretch along the frame is a side of its own, then
    # its nearly straight runs joined into the sheet's sides.
    polygon = cv2.approxPolyDP(hull, 0.004 * cv2.arcLength(hull, True), True)[:, 0, :]
    sides = _straight_runs(polygon.astype(np.float64), w, h)
    n = len(sides)
    if n < 4:
        return None
    lengths = [float(np.hypot(*(b - a))) for a, b in sides]
    framed = [_on_frame(s, w, h) for s in sides]
    own = sorted(range(n), key=lambda i: -lengths[i] if not framed[i] else 0.0)
    own = [i for i in own if not framed[i]][:4]
    measured = "whole"
    if len(own) == 3:
        frame = max((i for i in range(n) if framed[i]), key=lambda i: lengths[i], default=None)
        if frame is None:
            return None
        (x0, y0), (x1, y1) = sides[frame]
        measured = "across" if abs(y1 - y0) < abs(x1 - x0) else "down"
        own.append(frame)
    if len(own) < 4:
        return None
    order = sorted(own)
    chosen = [sides[i] for i in order]
    if measured != "whole":
        # The frame's border is not the sheet's: the cut side is drawn parallel to the side
        # across from it, through the farthest point of the sheet the photo shows.
        cut = order.index(own[-1])
        a, b = chosen[(cut + 2) % 4]
        normal = np.array([b[1] - a[1], a[0] - b[0]]) / np.hypot(*(b - a))
        far = hull[:, 0, :][np.argmax(np.abs((hull[:, 0, :] - a) @ normal))].astype(np.float64)
        chosen[cut] = (far, far + (b - a))
    chosen = [_refit(side, outline[:, 0, :], w, h) for side in chosen]
    corners = []
    for (a1, b1), (a2, b2) in zip(chosen, chosen[1:] + chosen[:1], strict=True):
        point = _crossing(a1, b1, a2, b2)
        if point is None:
            return None
        corners.append(point)
    return _ordered(np.array(corners)), measured


def _refit(side: tuple[np.ndarray, np.ndarray], outline: np.ndarray, w: int,
           h: int) -> tuple[np.ndarray, np.ndarray]:
    """The side's line fitted to the region's outline along it: a short side's two hull
    points alone give its direction poorly, and the outline bends where it meets the frame,
    so points near the frame are left out."""
    a, b = side
    length = float(np.hypot(*(b - a)))
    if length < 1:
        return side
    along = (b - a) / length
    normal = np.array([-along[1], along[0]])
    rel = outline - a
    t, d = rel @ along, np.abs(rel @ normal)
    near = max(3.0, 0.01 * max(w, h))
    inner = ((outline[:, 0] > near) & (outline[:, 0] < w - 1 - near)
             & (outline[:, 1] > near) & (outline[:, 1] < h - 1 - near))
    points = outline[(d <= 3) & (t >= 0.1 * length) & (t <= 0.9 * length) & inner]
    if len(points) < 10:
        return side
    vx, vy, x0, y0 = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)[:, 0]
    start = np.array([x0, y0], np.float64)
    return start, start + np.array([vx, vy], np.float64)


def _straight_runs(polygon: np.ndarray, w: int, h: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The polygon's sides with consecutive ones turning less than 8 degrees joined, the
    stretches along the frame never joined to the sheet's own sides."""
    n = len(polygon)
    sides = [(polygon[i], polygon[(i + 1) % n]) for i in range(n)]
    framed = [_on_frame(side, w, h) for side in sides]
    # Start at a sharp turn, so that no run wraps round the end of the list.
    turns = [_turn_between(sides[i - 1], sides[i]) for i in range(n)]
    start = int(np.argmax(turns))
    runs: list[tuple[np.ndarray, np.ndarray]] = []
    run_framed: list[bool] = []
    for k in range(n):
        i = (start + k) % n
        if (runs and run_framed[-1] == framed[i]
                and _turn_between(runs[-1], sides[i]) < 8.0):
            runs[-1] = (runs[-1][0], sides[i][1])
        else:
            runs.append(sides[i])
            run_framed.append(framed[i])
    return runs


def _turn_between(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    da, db = a[1] - a[0], b[1] - b[0]
    cosine = float(da @ db / (np.linalg.norm(da) * np.linalg.norm(db) + 1e-9))
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def _on_frame(side: tuple[np.ndarray, np.ndarray], w: int, h: int) -> bool:
    (x0, y0), (x1, y1) = side
    near = max(3.0, 0.02 * max(w, h))  # the region stops short of the border by its edge
    return ((x0 <= near and x1 <= near) or (y0 <= near and y1 <= near)
            or (x0 >= w - 1 - near and x1 >= w - 1 - near)
            or (y0 >= h - 1 - near and y1 >= h - 1 - near))


def _crossing(a1: np.ndarray, b1: np.ndarray, a2: np.ndarray,
              b2: np.ndarray) -> np.ndarray | None:
    d1, d2 = b1 - a1, b2 - a2
    det = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(det) < 1e-6 * np.hypot(*d1) * np.hypot(*d2) + 1e-9:
        return None
    t = ((a2[0] - a1[0]) * d2[1] - (a2[1] - a1[1]) * d2[0]) / det
    return a1 + t * d1


def _ordered(corners: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left, whatever the hull's order."""
    centre = corners.mean(axis=0)
    angles = np.arctan2(corners[:, 1] - centre[1], corners[:, 0] - centre[0])
    ring = corners[np.argsort(angles)]  # clockwise on screen, from the left
    start = int(np.argmin(ring.sum(axis=1)))
    return np.roll(ring, -start, axis=0)


# A sheet taken for a photo's must leave a fifth of the frame to the desk, or lie visibly
# askew or in perspective; a scan's page, with at most a lid's strip around it, does not.
MAX_COVER = 0.8
MIN_TURN = 3.0  # degrees: more than a scanner's skew leaves together with a dark border


def _is_sheet(quad: np.ndarray, shape: tuple[int, int], region: np.ndarray) -> bool:
    """Whether four corners are a sheet lying in a photo, not a scan's page or an accident
    of the edges: a convex four-sided figure with near-right corners, not reaching far out
    of the frame, whose region fills most of it, and which either leaves the desk a good
    part of the frame or lies turned or in perspective."""
    h, w = shape
    area = cv2.contourArea(quad.astype(np.float32))
    if area < 0.25 * h * w or not cv2.isContourConvex(quad.astype(np.float32)):
        return False
    if (quad[:, 0].min() < -0.25 * w or quad[:, 0].max() > 1.25 * w
            or quad[:, 1].min() < -0.25 * h or quad[:, 1].max() > 1.25 * h):
        return False
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cosine = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
        if abs(cosine) > math.cos(math.radians(65)):
            return False
    # The fitted sheet must be the region, not a shape its hull made up.
    hull_area = cv2.contourArea(cv2.convexHull(cv2.findNonZero(region)))
    inside = np.clip(quad, [0, 0], [w - 1, h - 1]).astype(np.float32)
    if hull_area < 0.85 * cv2.contourArea(inside):
        return False
    cover = cv2.contourArea(inside) / (h * w)
    return cover <= MAX_COVER or _turn(quad) >= MIN_TURN


def _turn(quad: np.ndarray) -> float:
    """The largest angle, in degrees, any side makes with the image's rows or columns."""
    worst = 0.0
    for i in range(4):
        dx, dy = quad[(i + 1) % 4] - quad[i]
        angle = math.degrees(math.atan2(dy, dx)) % 90
        worst = max(worst, min(angle, 90 - angle))
    return worst


def _sized(corners: np.ndarray, measured: str = "whole") -> Sheet:
    """The sheet with the upright page it becomes: A4 at 300 dpi when its sides' ratio is
    A4's within the foreshortening of a photo (portrait or landscape), otherwise its own
    ratio with the shorter side as long as A4's. A sheet the frame cut is scaled by the
    size it shows whole: its width (`across`) or height (`down`), taken for A4 portrait."""
    tl, tr, br, bl = corners
    across = (np.hypot(*(tr - tl)) + np.hypot(*(br - bl))) / 2
    down = (np.hypot(*(bl - tl)) + np.hypot(*(br - tr))) / 2
    short_px = round(A4_MM[0] / 25.4 * TARGET_DPI)
    long_px = round(A4_MM[1] / 25.4 * TARGET_DPI)
    if measured == "across":
        width, height = short_px, round(short_px * down / across)
        seen = across / (A4_MM[0] / 25.4)
    elif measured == "down":
        width, height = round(long_px * across / down), long_px
        seen = down / (A4_MM[1] / 25.4)
    else:
        ratio = max(across, down) / min(across, down)
        a4 = abs(ratio / (A4_MM[1] / A4_MM[0]) - 1) <= A4_TOLERANCE
        if across <= down:
            width, height = short_px, long_px if a4 else round(short_px * ratio)
        else:
            width, height = long_px if a4 else round(short_px * ratio), short_px
        seen = min(across, down) / (A4_MM[0] / 25.4)
    return Sheet(corners, width, height, TARGET_DPI, round(seen))
