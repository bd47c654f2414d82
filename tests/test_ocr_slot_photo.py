"""A slot's pen strokes on a phone photo: grey, uneven paper and blurred strokes, and the
print of the lines above and below that a photo's slot reaches into."""
from __future__ import annotations

import cv2
import numpy as np

from luutru.ocr.handwriting import pen_strokes, split_digits
from tests.test_ocr_handwriting import PRINT, slot_crop


def stroke_width(paper: int, blur: float) -> int:
    """How wide the pen's mask is across a pen stroke 6 px wide, photographed on paper of
    `paper` grey, darker to the right (a hand's shadow), blurred by `blur`."""
    crop = np.full((150, 200, 3), 250, np.uint8)
    cv2.line(crop, (100, 40), (100, 110), (40, 40, 40), 6)
    light = (paper / 250) * np.linspace(1.0, 0.85, crop.shape[1])[None, :, None]
    photo = cv2.GaussianBlur((crop * light).astype(np.uint8), (0, 0), blur)
    return int(pen_strokes(photo, 300)[75].sum())


def test_a_photos_grey_paper_does_not_fatten_the_strokes() -> None:
    # The ink is what is darker than its own paper: on a photo's grey paper, a fixed level
    # took in the blur around each stroke (13 px for 7 on paper at 170), which glued a 2
    # to its 0 and the pen to the printed "ngày" beside it.
    white = stroke_width(250, 2.0)
    assert 6 <= white <= 8
    for paper in (200, 170):
        for blur in (2.0, 3.0):
            assert stroke_width(paper, blur) <= white + 1, (paper, blur)


def test_the_lines_above_and_below_are_no_pen() -> None:
    crop = slot_crop("27", PRINT)
    h, w = crop.shape[:2]
    # Letters of the line above cut by the crop's top, one whole letter in its top third,
    # and a letter of the line below cut by its bottom, all across the slot's span.
    page = np.vstack([np.full((40, w, 3), 250, np.uint8), crop, np.full((40, w, 3), 250, np.uint8)])
    for x in (60, 110):
        cv2.putText(page, "H", (x, 36), cv2.FONT_HERSHEY_TRIPLEX, 1.6, PRINT, 3)
    cv2.putText(page, "A", (150, 78), cv2.FONT_HERSHEY_TRIPLEX, 1.2, PRINT, 3)
    cv2.putText(page, "V", (90, h + 70), cv2.FONT_HERSHEY_TRIPLEX, 1.6, PRINT, 3)
    top = 20
    slot = page[top:top + h + 40]
    ink = pen_strokes(slot, 300)
    ys, _ = np.nonzero(ink)
    assert len(split_digits(ink)) == 2
    assert ys.min() > 50 and ys.max() < h + 20 - top
