"""The map between a page as loaded and the page `clean` made of it (`ocr.clean.page_map`),
exact for every recorded step, a bent photo's dewarp included: the handwriting reader crops
a slot found on the cleaned page from the original, where the pen's blue is."""
from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from luutru.ocr import dewarp
from luutru.ocr.clean import clean, map_box, page_map, upright
from luutru.ocr.handwriting import read_slot_image
from luutru.ocr.types import Page
from tests.test_ocr_dewarp import bent
from tests.test_ocr_photo import a4_page

BLUE = (170, 50, 25)  # BGR ballpoint blue
PHOTO_DPI = 200


def with_pen(page: np.ndarray, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The page with `text` written by pen in the right margin of its third line, near the
    top right corner where a lifted side moves the page most; and the pen's strokes alone
    on white paper, drawn the same way."""
    pen = np.full_like(page, 255)
    cv2.putText(pen, text, (2120, 470), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.6, BLUE, 5,
                cv2.LINE_AA)
    written = np.where(pen < 255, np.minimum(page, pen), page)
    return written, pen


def photographed(image: np.ndarray) -> np.ndarray:
    """The page bent (its right side lifting, its bottom sagging) and taken at 200 dpi."""
    curved = bent(image, sag=0.02, lift=0.05)
    return cv2.resize(curved, None, fx=PHOTO_DPI / 300, fy=PHOTO_DPI / 300,
                      interpolation=cv2.INTER_AREA)


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    """The box around an image's ink (anything not near white)."""
    ys, xs = np.nonzero(image.min(axis=2) < 200 if image.ndim == 3 else image < 200)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@pytest.fixture(scope="module")
def bent_photo() -> tuple[np.ndarray, np.ndarray, Page, object]:
    written, pen = with_pen(a4_page(300, colour=True), "27")
    photo, pen_photo = photographed(written), photographed(pen)
    page = Page(photo, PHOTO_DPI, 1, "bent.jpg")
    return photo, pen_photo, page, clean(page)


def test_a_slot_on_a_bent_page_lands_on_its_number(bent_photo) -> None:
    photo, pen_photo, _, cleaned = bent_photo
    assert any(s.startswith(dewarp.STEP) for s in cleaned.steps)
    assert any(s.startswith("resample-") for s in cleaned.steps)
    # Where the number is: on the photo, and on the cleaned page (the pen's strokes alone
    # taken through the same steps, as `upright` redoes them on the archival image).
    on_photo = ink_box(pen_photo)
    on_page = ink_box(upright(pen_photo, PHOTO_DPI, cleaned))
    where = page_map(photo.shape, PHOTO_DPI, cleaned.steps)
    back = map_box(where.back, on_page)
    assert max(abs(a - b) for a, b in zip(back, on_photo, strict=True)) <= 3, (back, on_photo)
    forward = map_box(where.forward, on_photo)
    assert max(abs(a - b) for a, b in zip(forward, on_page, strict=True)) <= 4, (forward, on_page)
    # Left out, the dewarp puts the slot off the number by many pixels (what the matrix
    # alone did): the test above would fail without it.
    flat = map_box(replace(where, bend=None).back, on_page)
    assert max(abs(a - b) for a, b in zip(flat, on_photo, strict=True)) > 10


def test_the_map_round_trips_every_point_of_a_bent_page(bent_photo) -> None:
    photo, _, _, cleaned = bent_photo
    where = page_map(photo.shape, PHOTO_DPI, cleaned.steps)
    ys, xs = np.mgrid[0:photo.shape[0]:97, 0:photo.shape[1]:89].astype(np.float64)
    again = where.back(*where.forward(xs, ys))
    assert np.abs(again[0] - xs).max() < 0.05 and np.abs(again[1] - ys).max() < 0.05


def test_the_points_map_follows_the_remap() -> None:
    """A dot moved by `dewarp.apply` lands where `to_straight` says, and comes back by
    `to_bent`, anywhere on the page (the grid's interpolation at its edges included)."""
    field = dewarp.Field((100, 150, 2300, 3300), (40.0, -12.0, 6.0, 25.0, 9.0, -4.0,
                                                   -18.0, 5.0, 3.0, 11.0, -6.0, 2.0))
    for x, y in [(5, 4), (1240, 300), (2400, 1800), (600, 3400)]:
        image = np.full((3508, 2480), 255, np.uint8)
        cv2.circle(image, (x, y), 5, 0, -1)
        out = dewarp.apply(image, field)
        ys, xs = np.nonzero(out < 128)
        sx, sy = dewarp.to_straight(field, np.array([float(x)]), np.array([float(y)]))
        assert abs(sx[0] - xs.mean()) < 0.5 and abs(sy[0] - ys.mean()) < 0.5
        bx, by = dewarp.to_bent(field, sx, sy)
        assert abs(bx[0] - x) < 0.05 and abs(by[0] - y) < 0.05


@pytest.mark.slow  # the digit model
def test_the_number_is_read_from_the_bent_photo(bent_photo) -> None:
    photo, pen_photo, _, cleaned = bent_photo
    x0, y0, x1, y1 = ink_box(upright(pen_photo, PHOTO_DPI, cleaned))
    # The slot as `metadata.slots` makes it: the printed line's band with room above and
    # below for the pen, across the gap the number fills.
    pad = (y1 - y0) // 3
    slot = (x0 - 10, y0 - pad, x1 + 10, y1 + pad)
    where = page_map(photo.shape, PHOTO_DPI, cleaned.steps)
    reading = read_slot_image(photo, map_box(where.back, slot), PHOTO_DPI)
    assert reading is not None and reading.text == "27"
