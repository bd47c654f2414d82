"""The damage that archive scans show, one small function per kind.

Each function takes an RGB page (H x W x 3 uint8) and a seeded numpy Generator and returns a
new page; none modifies its input. `apply_profile` composes them into the named profiles
the devset uses, so the samples are damaged the way real batches are.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

Rng = np.random.Generator

PROFILE_NAMES = (
    "clean", "office", "aged", "photocopy", "lowres", "upside", "sideways", "shadow",
    "faded", "bleed", "typewritten",
)
LOW_DPI = 150


# ---------------------------------------------------------------- helpers


def _as_float(img: np.ndarray) -> np.ndarray:
    return img.astype(np.float32)


def _to_uint8(img: np.ndarray) -> np.ndarray:
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def _grey(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)


def paper_colour(img: np.ndarray) -> tuple[int, int, int]:
    """The median colour of a thin frame round the page: what fills in after a rotation."""
    h, w = img.shape[:2]
    b = max(2, min(h, w) // 100)
    frame = np.concatenate([img[:b].reshape(-1, 3), img[-b:].reshape(-1, 3),
                            img[:, :b].reshape(-1, 3), img[:, -b:].reshape(-1, 3)])
    r, g, b = (int(v) for v in np.median(frame, axis=0))
    return r, g, b


def _smooth_field(shape: tuple[int, int], rng: Rng, cells: int = 8) -> np.ndarray:
    """Low-frequency noise in [-1, 1]: uneven paper, ink and light vary slowly over a page."""
    h, w = shape
    gh, gw = max(2, cells * h // max(h, w)), max(2, cells * w // max(h, w))
    coarse = rng.uniform(-1, 1, (gh + 1, gw + 1)).astype(np.float32)
    return cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC).clip(-1, 1)


def _blob(shape: tuple[int, int], centre: tuple[float, float], axes: tuple[float, float],
          angle: float) -> np.ndarray:
    """A soft filled ellipse in [0, 1]."""
    mask = np.zeros(shape, np.float32)
    cv2.ellipse(mask, (int(centre[0]), int(centre[1])), (int(axes[0]), int(axes[1])),
                angle, 0, 360, 1.0, -1)
    sigma = max(axes) * 0.25 + 1
    return cv2.GaussianBlur(mask, (0, 0), sigma)


# ---------------------------------------------------------------- geometry


def skew(img: np.ndarray, rng: Rng, angle: float | None = None,
         low: float = 0.5, high: float = 4.0) -> np.ndarray:
    """Turns the page by a small angle (degrees, counter-clockwise), as a crooked feed does."""
    if angle is None:
        angle = float(rng.uniform(low, high) * rng.choice([-1, 1]))
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=paper_colour(img))


def rotate(img: np.ndarray, quarter_turns: int) -> np.ndarray:
    """Turns the page by quarter turns counter-clockwise: 1 and 3 sideways, 2 upside down."""
    return np.ascontiguousarray(np.rot90(img, k=quarter_turns % 4))


# ---------------------------------------------------------------- paper and ink


def photocopy(img: np.ndarray, rng: Rng) -> np.ndarray:
    """A worn copier: hard contrast, toner speckle, drum streaks and dark borders."""
    h, w = img.shape[:2]
    grey = _as_float(_grey(img))
    # Copiers push greys to black or white; the seal's red turns to a dark grey.
    grey = 255.0 / (1.0 + np.exp(-(grey - rng.uniform(150, 175)) / rng.uniform(14, 20)))
    grey -= rng.uniform(4, 14) * (1 + _smooth_field((h, w), rng, 5))
    scale = min(h, w) / 2480
    # Toner speckle: a fine grain of faint dots all over, darker specks, a few clusters.
    n_grain = int(rng.integers(8000, 20000) * (h * w) / (2480 * 3508))
    grain_size = max(1, round(scale * 2))
    ys, xs = rng.integers(0, h - grain_size, n_grain), rng.integers(0, w - grain_size, n_grain)
    for dy in range(grain_size):
        for dx in range(grain_size):
            grey[ys + dy, xs + dx] = np.minimum(grey[ys + dy, xs + dx],
                                                rng.uniform(90, 200, n_grain))
    n_dots = int(rng.integers(1500, 3500) * (h * w) / (2480 * 3508))
    ys, xs = rng.integers(0, h, n_dots), rng.integers(0, w, n_dots)
    radii = np.maximum(1, (rng.exponential(1.2, n_dots) * scale * 1.5).astype(int))
    for y, x, r in zip(ys, xs, radii, strict=True):
        cv2.circle(grey, (int(x), int(y)), int(r), float(rng.uniform(0, 90)), -1)
    for _ in range(int(rng.integers(2, 6))):
        cy, cx = rng.integers(0, h), rng.integers(0, w)
        pts = rng.normal(0, 25 * scale, (60, 2)) + (cx, cy)
        for x, y in pts.astype(int):
            cv2.circle(grey, (int(x), int(y)), max(1, int(2 * scale)), 40.0, -1)
    # Streaks along the feed direction from a scratched drum or dirty glass: thin, dark,
    # mostly the whole height of the sheet.
    for _ in range(int(rng.integers(2, 6))):
        x = int(rng.integers(0, w))
        width = max(1, int(rng.uniform(1, 3.5) * scale))
        y0 = 0 if rng.random() < 0.7 else int(rng.integers(0, h // 3))
        y1 = h if rng.random() < 0.7 else int(rng.integers(2 * h // 3, h))
        grey[y0:y1, x:x + width] *= rng.uniform(0.1, 0.5)
    if rng.random() < 0.5:
        y = int(rng.integers(h // 4, 3 * h // 4))
        band = max(2, int(rng.uniform(6, 20) * scale))
        grey[y:y + band] *= rng.uniform(0.8, 0.92)
    # The lid was open or the page smaller than the glass: black bands at some edges.
    for edge in rng.choice(4, size=int(rng.integers(1, 3)), replace=False):
        size = int(rng.uniform(0.008, 0.03) * (w if edge in (1, 3) else h))
        ragged = (size * (1 + 0.15 * _smooth_field((1, max(h, w)), rng, 12)[0])).astype(int)
        _dark_edge(grey, int(edge), ragged)
    out = _to_uint8(grey)
    return np.repeat(out[..., None], 3, axis=2)


def _dark_edge(grey: np.ndarray, edge: int, depth: np.ndarray) -> None:
    """Blackens a ragged band along one edge (0 top, 1 right, 2 bottom, 3 left) in place."""
    h, w = grey.shape
    rows, cols = np.arange(h)[:, None], np.arange(w)[None, :]
    if edge == 0:
        mask = rows < depth[None, :w]
    elif edge == 2:
        mask = rows >= h - depth[None, :w]
    elif edge == 1:
        mask = cols >= w - depth[:h, None]
    else:
        mask = cols < depth[:h, None]
    grey[mask] = 25.0


def spine_shadow(img: np.ndarray, rng: Rng, side: str | None = None,
                 width_frac: float | None = None, depth: float | None = None) -> np.ndarray:
    """The dark fall-off near a book's spine: a gradient at one edge of the page."""
    side = side or str(rng.choice(["left", "right"]))
    width_frac = width_frac if width_frac is not None else float(rng.uniform(0.18, 0.32))
    depth = depth if depth is not None else float(rng.uniform(0.6, 0.85))
    h, w = img.shape[:2]
    along = w if side in ("left", "right") else h
    span = max(2, int(along * width_frac))
    t = np.linspace(0, 1, span, dtype=np.float32)
    profile: np.ndarray = np.ones(along, np.float32)
    profile[:span] = 1 - depth * (1 - t) ** 2.2
    if side in ("right", "bottom"):
        profile = profile[::-1]
    shade = profile[None, :, None] if side in ("left", "right") else profile[:, None, None]
    # Light also falls off a little along the spine.
    shade = shade * (1 - 0.06 * (1 + _smooth_field((h, w), rng, 3)))[..., None]
    return _to_uint8(_as_float(img) * shade)


def _stains(shape: tuple[int, int], rng: Rng, count: int) -> np.ndarray:
    """Opacity in [0, 0.5] of a few water or coffee stains, darker at the rim."""
    h, w = shape
    # Stains are smooth: draw them at 1/8 scale, where blurring is cheap, and enlarge.
    sh, sw = max(8, h // 8), max(8, w // 8)
    alpha = np.zeros((sh, sw), np.float32)
    for _ in range(count):
        centre = (rng.uniform(0, sw), rng.uniform(0, sh))
        axes = (rng.uniform(0.04, 0.12) * sw, rng.uniform(0.04, 0.12) * sw)
        angle = float(rng.uniform(0, 180))
        fill = _blob((sh, sw), centre, axes, angle)
        inner = _blob((sh, sw), centre, (axes[0] * 0.85, axes[1] * 0.85), angle)
        ring = np.clip(fill - inner, 0, 1) * 2.5
        alpha += rng.uniform(0.08, 0.2) * fill + rng.uniform(0.1, 0.25) * ring
    return cv2.resize(alpha, (w, h), interpolation=cv2.INTER_LINEAR).clip(0, 0.5)


def aged(img: np.ndarray, rng: Rng, stains: int | None = None) -> np.ndarray:
    """Yellowed paper with uneven tone, brown stains and foxing spots; ink turns brownish."""
    h, w = img.shape[:2]
    out = _as_float(img) / 255.0
    paper = np.array([rng.uniform(228, 240), rng.uniform(212, 226), rng.uniform(168, 192)],
                     np.float32)
    tone = 1 + 0.05 * _smooth_field((h, w), rng, 6)
    out = out * paper * tone[..., None]
    # Old ink loses some black.
    ink = 1 - img.astype(np.float32).mean(axis=2, keepdims=True) / 255.0
    out += ink * np.array([38, 30, 22], np.float32)
    stain_colour = np.array([0.78, 0.62, 0.42], np.float32)
    alpha = _stains((h, w), rng, int(rng.integers(1, 4)) if stains is None else stains)
    out *= 1 - alpha[..., None] * (1 - stain_colour)
    for _ in range(int(rng.integers(15, 50))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = max(1, int(rng.uniform(1, 5) * w / 2480))
        cv2.circle(out, (x, y), r, (paper * stain_colour * 0.95).tolist(), -1)
    out += rng.normal(0, 2.0, (h, w, 1)).astype(np.float32)
    return _to_uint8(out)


def bleed_through(img: np.ndarray, rng: Rng, back: np.ndarray,
                  strength: float | None = None) -> np.ndarray:
    """Faint mirrored text from the other side of the sheet showing through thin paper."""
    strength = strength if strength is not None else float(rng.uniform(0.14, 0.26))
    h, w = img.shape[:2]
    reverse = cv2.resize(_grey(back), (w, h), interpolation=cv2.INTER_AREA)[:, ::-1]
    shift = np.array([[1, 0, rng.integers(-w // 60, w // 60)],
                      [0, 1, rng.integers(-h // 60, h // 60)]], np.float32)
    reverse = cv2.warpAffine(reverse, shift, (w, h), borderValue=255)
    sigma = 1.2 * w / 2480 + 0.5
    darkness = cv2.GaussianBlur(1 - reverse.astype(np.float32) / 255.0, (0, 0), sigma)
    return _to_uint8(_as_float(img) * (1 - strength * darkness)[..., None])


def faded(img: np.ndarray, rng: Rng, keep: float | None = None) -> np.ndarray:
    """Ink that has faded unevenly: every dark pixel moves part of the way to the paper."""
    keep = keep if keep is not None else float(rng.uniform(0.4, 0.55))
    h, w = img.shape[:2]
    field = keep * (1 + 0.3 * _smooth_field((h, w), rng, 7))
    paper = np.array(paper_colour(img), np.float32)
    out = paper - (paper - _as_float(img)) * field[..., None]
    sigma = 0.6 * w / 2480 + 0.2
    return _to_uint8(cv2.GaussianBlur(out, (0, 0), sigma))


def low_resolution(img: np.ndarray, rng: Rng, dpi: int, target_dpi: int = LOW_DPI) -> np.ndarray:
    """A scan made at `target_dpi`: the page resampled down from `dpi`, slightly soft."""
    if target_dpi >= dpi:
        return img.copy()
    h, w = img.shape[:2]
    size = (round(w * target_dpi / dpi), round(h * target_dpi / dpi))
    soft = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(0.4, 0.8)) * dpi / target_dpi)
    return cv2.resize(soft, size, interpolation=cv2.INTER_AREA)


def office(img: np.ndarray, rng: Rng) -> np.ndarray:
    """An ordinary office scanner: a slight tilt, grey-ish paper, a little sensor noise."""
    out = skew(img, rng, low=0.3, high=1.2)
    out = _as_float(out) * rng.uniform(0.94, 0.98) + rng.uniform(2, 8)
    out += rng.normal(0, 2.0, out.shape[:2] + (1,)).astype(np.float32)
    return _to_uint8(out)


def uneven_ink(img: np.ndarray, rng: Rng) -> np.ndarray:
    """A worn typewriter ribbon: ink varies over the page and within letters, and spreads."""
    h, w = img.shape[:2]
    ink: np.ndarray = 255.0 - _as_float(_grey(img))
    ribbon = 0.8 + 0.2 * _smooth_field((h, w), rng, 14)
    grain: np.ndarray = rng.uniform(0.55, 1.0, (h, w)).astype(np.float32)
    grain = cv2.GaussianBlur(grain, (0, 0), 0.8 * w / 2480 + 0.3)
    ink = cv2.GaussianBlur(ink * ribbon * (0.4 + 0.75 * grain), (0, 0), 0.5 * w / 2480 + 0.3)
    paper = np.array([246, 243, 232], np.float32)
    out = paper * (1 - ink[..., None] / 255.0 * 0.93)
    return _to_uint8(out)


# ---------------------------------------------------------------- profiles


def _bleed_pages(pages: list[np.ndarray], rng: Rng) -> list[np.ndarray]:
    out = []
    for i, page in enumerate(pages):
        # The back of a sheet is the next page; a last or single page shows the one before,
        # or itself shifted, which is what a double-sided original looks like through paper.
        back = pages[i + 1] if i + 1 < len(pages) else pages[i - 1] if i else page
        out.append(bleed_through(page, rng, back))
    return out


def _per_page(fn: Callable[[np.ndarray, Rng], np.ndarray]):
    def run(pages: list[np.ndarray], rng: Rng) -> list[np.ndarray]:
        return [fn(page, rng) for page in pages]
    return run


def _sideways(pages: list[np.ndarray], rng: Rng) -> list[np.ndarray]:
    turns = int(rng.choice([1, 3]))  # one batch is usually fed the same wrong way
    return [rotate(skew(p, rng, low=0.2, high=0.8), turns) for p in pages]


_PROFILES: dict[str, Callable[[list[np.ndarray], Rng], list[np.ndarray]]] = {
    "clean": lambda pages, rng: [p.copy() for p in pages],
    "office": _per_page(office),
    "aged": _per_page(lambda p, rng: aged(skew(p, rng, low=0.5, high=1.5), rng)),
    "photocopy": _per_page(lambda p, rng: photocopy(skew(p, rng, low=0.5, high=3.0), rng)),
    "upside": _per_page(lambda p, rng: rotate(skew(p, rng, low=0.2, high=0.8), 2)),
    "sideways": _sideways,
    "shadow": _per_page(lambda p, rng: spine_shadow(skew(p, rng, low=0.5, high=2.0), rng)),
    "faded": _per_page(faded),
    "bleed": lambda pages, rng: _bleed_pages([office(p, rng) for p in pages], rng),
    "typewritten": _per_page(
        lambda p, rng: aged(skew(uneven_ink(p, rng), rng, low=0.5, high=2.0), rng, stains=0)
    ),
}


def apply_profile(name: str, pages: list[np.ndarray], rng: Rng,
                  dpi: int) -> tuple[list[np.ndarray], int]:
    """Damages a document's pages the way the named profile does; returns pages and dpi."""
    if name == "lowres":
        low = [low_resolution(skew(p, rng, low=0.3, high=1.5), rng, dpi) for p in pages]
        return low, min(dpi, LOW_DPI)
    if name not in _PROFILES:
        raise ValueError(f"unknown damage profile {name!r}; known: {', '.join(PROFILE_NAMES)}")
    return _PROFILES[name](pages, rng), dpi

