"""Segmentation by recognition (`ocr.digit_segments`): the ink cut too much, then put back
together into the digits a reader is surest of. The reader here is a stand-in that knows
the true digits' boxes, so what is tested is the cutting and the weighing, not the model
(tests/test_ocr_handwriting.py reads real strokes with it)."""
from __future__ import annotations

import cv2
import numpy as np

from luutru.ocr import digit_segments
from luutru.ocr.digit_segments import best_grouping, pieces, width_prior
from luutru.ocr.imaging import components

DIGITS = list("0123456789")


def reader(widths: set[int], sure: float = 0.95, unsure: float = 0.1):
    """A stand-in digit model: sure of a mask as wide as one of `widths` (give or take a
    stroke joining it to the next), unsure of anything else."""

    def read(masks):
        rows = []
        for mask in masks:
            p = sure if any(abs(mask.shape[1] - w) <= 6 for w in widths) else unsure
            rows.append([p] + [(1 - p) / 9] * 9)
        return np.array(rows)
    return read


def ring(ink, x, width=30, height=60) -> int:
    """A 0 drawn at `x`; its width in pixels."""
    cv2.ellipse(ink, (x + width // 2, 20 + height // 2), (width // 2 - 2, height // 2 - 2),
                0, 0, 360, 1, 4)
    return int(np.ptp(np.nonzero(ink[:, x:x + width + 4])[1])) + 1


def bar(ink, x) -> int:
    """A 1 drawn as a bar at `x`; its width."""
    ink[20:80, x:x + 8] = 1
    return 8


def test_a_digit_broken_in_two_is_put_back_together():
    ink = np.zeros((100, 200), np.uint8)
    width = ring(ink, 20)
    ink[45:52, 20:60] = 0  # the ink skipped across the ring's middle
    ring(ink, 100)
    found = pieces(ink)
    grouping = best_grouping(found, reader({width}), DIGITS, 5)
    assert grouping is not None and len(grouping.digits) == 2
    assert [b[0] for b in grouping.boxes] == [20, 100]
    assert all(b[2] - b[0] == width for b in grouping.boxes)
    assert grouping.score > 2 * np.log(0.95) - 0.01  # no cut paid for: each 0 is whole


def test_touching_digits_are_cut_at_the_valley_between_them():
    ink = np.zeros((100, 200), np.uint8)
    width = bar(ink, 20)
    ink[70:74, 28:40] = 1  # a stroke joining the 1 to the next digit
    bar(ink, 40)
    assert components(ink)[0] == 2  # one component
    found = pieces(ink)
    assert len(found) >= 2
    grouping = best_grouping(found, reader({width}), DIGITS, 5)
    assert grouping is not None and len(grouping.digits) == 2
    # The joining stroke goes with one of the two; the cut through it is paid for.
    assert grouping.score < 2 * np.log(0.95)


def test_a_short_piece_is_no_digit_alone_and_may_be_left_out():
    ink = np.zeros((100, 200), np.uint8)
    width = bar(ink, 20)
    ink[70:76, 80:92] = 1  # a speck at the height of the digits' lower half
    found = pieces(ink)
    assert len(found) == 2
    grouping = best_grouping(found, reader({width}), DIGITS, 5)
    assert grouping is not None and grouping.digits == ((0,),)
    assert grouping.score < 0  # leaving the speck out is not free


def test_no_grouping_without_a_piece_as_tall_as_a_digit_or_beyond_the_digits_allowed():
    assert best_grouping([], reader([]), DIGITS, 5) is None
    ink = np.zeros((100, 400), np.uint8)
    for k in range(4):
        width = bar(ink, 10 + 60 * k)
    assert best_grouping(pieces(ink), reader({width}), DIGITS, 3) is None
    assert len(best_grouping(pieces(ink), reader({width}), DIGITS, 4).digits) == 4


def test_a_width_beyond_a_digits_costs_and_a_usual_one_does_not():
    assert width_prior(40, 60) == width_prior(10, 60) == 0.0
    assert width_prior(100, 60) < width_prior(80, 60) < 0
    assert width_prior(2, 60) < 0


def test_a_cut_through_two_strokes_costs_more_than_one_joining_stroke():
    assert digit_segments._strokes(np.array([3, 4, 5])) == 1
    assert digit_segments._strokes(np.array([3, 4, 5, 40, 41])) == 2
    assert digit_segments._strokes(np.array([], int)) == 0


def test_the_share_is_the_doubt_of_where_the_digits_part():
    ink = np.zeros((100, 200), np.uint8)
    width = bar(ink, 20)
    bar(ink, 60)
    clear = best_grouping(pieces(ink), reader({width}), DIGITS, 5)
    assert clear is not None and clear.share > 0.99  # nothing else reads half as well
    # Two bars close enough to be one digit, and a reader as sure of the pair as of each:
    # the ink could as well be one digit as two.
    ink = np.zeros((100, 200), np.uint8)
    bar(ink, 20)
    bar(ink, 34)
    both = best_grouping(pieces(ink), reader({width, 22}), DIGITS, 5)
    assert both is not None and both.share < 0.8
