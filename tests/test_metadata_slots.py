"""The number and date slots of a header, found from word boxes alone."""
from __future__ import annotations

from luutru.metadata.slots import Slot, find_slots
from luutru.ocr.types import PageResult, Word

WIDTH, HEIGHT = 2480, 3508  # A4 at 300 dpi


def page(lines: list[list[tuple[str, int, int, float]]], number: int = 1,
         top: int = 400) -> PageResult:
    """Words (text, x0, x1, confidence) line by line, 60 px apart from `top`."""
    words = tuple(Word(text, (x0, top + 60 * n, x1, top + 60 * n + 45), conf, n)
                  for n, line in enumerate(lines) for text, x0, x1, conf in line)
    return PageResult(number=number, width=WIDTH, height=HEIGHT, words=words, text="",
                      confidence=0.9, quality=0.9)


HEADER = [("ỦY", 300, 360, 0.96), ("BAN", 370, 450, 0.96)]


def blank_slots(pages: list[PageResult]) -> list[Slot]:
    """The slots OCR read no confident print in."""
    return [s for s in find_slots(pages) if not s.printed]
DATE = [("Quảng", 1300, 1430, 0.95), ("Ngãi,", 1440, 1560, 0.95), ("ngày", 1570, 1660, 0.95)]


def test_blank_number_and_day_are_slots_and_a_printed_month_is_marked_printed():
    found = find_slots([page([
        HEADER,
        [("Số:", 300, 370, 0.95), ("/CT-UBND", 560, 760, 0.93),
         *DATE, ("tháng", 1800, 1910, 0.95), ("02", 1920, 1965, 0.96),
         ("năm", 1975, 2050, 0.95), ("2025", 2060, 2150, 0.96)],
    ])])
    assert [(s.kind, s.printed) for s in found] == [
        ("number", False), ("day", False), ("month", True)]
    number, day, _ = found
    assert number == Slot(1, number.box, "number")
    assert number.box[0] == 370 and number.box[2] == 560
    assert day.box[0] == 1660 and day.box[2] == 1800
    assert number.box[1] < 460 < 505 < number.box[3]  # reaches above and below the line


def test_garbled_handwriting_glued_to_printed_words_is_inside_the_slot():
    found = blank_slots([page([
        HEADER,
        [("Số:", 300, 370, 0.95), ("Ð7/UBND-VHXH", 380, 760, 0.41),
         ("Quảng", 1300, 1430, 0.95), ("Ngãi,", 1440, 1560, 0.95), ("ngày", 1570, 1660, 0.95),
         ("Vˆtháng", 1680, 1910, 0.3), ("02", 1920, 1965, 0.96), ("năm", 1975, 2050, 0.95)],
        [("Độc", 1300, 1380, 0.95), ("lập", 1390, 1460, 0.95)],
    ])])
    number, day = found
    # "/UBND-VHXH" is 10 printed letters as wide as the line's others (about 25 px each).
    assert 380 < number.box[2] < 560
    assert day.kind == "day" and 1680 < day.box[2] < 1800


def test_printed_values_are_slots_marked_printed():
    found = find_slots([page([
        HEADER,
        [("Số:", 300, 370, 0.95), ("375", 390, 470, 0.95), ("/UBND-VHXH", 480, 760, 0.95),
         *DATE, ("04", 1670, 1715, 0.96), ("tháng", 1800, 1910, 0.95), ("02", 1920, 1965, 0.96),
         ("năm", 1975, 2050, 0.95)],
    ])])
    assert [(s.kind, s.printed) for s in found] == [
        ("number", True), ("day", True), ("month", True)]
    unsure = find_slots([page([HEADER, [("Số:", 300, 370, 0.95), ("375", 390, 470, 0.6),
                                        ("/UBND-VHXH", 480, 760, 0.95)]])])
    assert [(s.kind, s.printed) for s in unsure] == [("number", False)]


def test_a_cited_number_in_the_body_is_no_slot():
    found = find_slots([page([
        [("Thực", 300, 380, 0.95), ("hiện", 390, 470, 0.95), ("Chỉ", 480, 530, 0.95),
         ("thị", 540, 590, 0.95), ("số", 600, 650, 0.95), ("??", 660, 800, 0.3),
         ("/CT-TTg", 810, 960, 0.95)],
    ])])
    assert found == []


PARTY_HEADER = [("TỈNH", 330, 474, 0.96), ("ỦY", 490, 562, 0.96)]  # capitals 36 px wide


def test_a_party_papers_slot_ends_where_its_hyphened_code_starts():
    found = find_slots([page([
        PARTY_HEADER,
        [("Số", 300, 360, 0.95), ("-NQ/TU", 560, 740, 0.93)],
    ])])
    assert [(s.kind, s.printed) for s in found] == [("number", False)]
    assert found[0].box[0] == 360 and found[0].box[2] == 560
    # Handwriting OCR glued to the code: the slot ends where "-NQ/TU" starts (four letters
    # and two half-width marks, 180 px), not at its stroke (90 px further right).
    glued = find_slots([page([
        PARTY_HEADER,
        [("Số", 300, 360, 0.95), ("{B5-NQ/TU", 400, 740, 0.4)],
    ])])
    assert glued[0].box[2] == 560
    printed = find_slots([page([PARTY_HEADER, [("Số", 300, 360, 0.95),
                                               ("15-NQ/TU", 380, 740, 0.95)]])])
    assert [s.printed for s in printed] == [True]


def test_a_so_ocr_read_small_counts_where_it_starts_the_line():
    found = find_slots([page([
        PARTY_HEADER,
        [("số", 300, 360, 0.95), ("{5", 400, 450, 0.3), ("-NQ/TU", 560, 740, 0.93)],
    ])])
    assert [(s.kind, s.box[0], s.box[2]) for s in found] == [("number", 360, 560)]
    # Inside a line it cites another paper, and a capitalised "Số" comes first.
    assert find_slots([page([
        [("theo", 300, 380, 0.95), ("số", 400, 450, 0.95), ("-NQ/TU", 560, 740, 0.93)],
    ])]) == []
    both = find_slots([page([
        [("số", 300, 360, 0.95), ("/QĐ-UBND", 560, 740, 0.93)],
        [("Số:", 300, 370, 0.95), ("/CT-UBND", 600, 760, 0.93)],
    ])])
    assert [s.box[2] for s in both] == [600]


def test_the_header_may_be_on_the_second_page():
    cover = page([[("PHIẾU", 300, 420, 0.95), ("TRÌNH", 430, 560, 0.95)]])
    second = page([HEADER, [("Số:", 300, 370, 0.95), ("/QĐ-UBND", 560, 760, 0.93)]], number=2)
    assert [(s.page, s.kind) for s in find_slots([cover, second])] == [(2, "number")]


def test_slots_below_the_header_are_not_searched():
    low = page([[("Số:", 300, 370, 0.95), ("/QĐ-UBND", 560, 760, 0.93)]], top=2400)
    assert find_slots([low]) == []


def test_a_slots_printed_line_is_its_box_without_the_pens_room() -> None:
    # 0.8 of a line height above, 0.5 below: a 100-pixel line sits at 180..280.
    assert Slot(1, (0, 100, 10, 330), "number").line_band() == (180, 280)


def test_handwriting_glued_to_so_starts_the_slot_after_the_printed_part():
    found = find_slots([page([
        HEADER,
        [("Số:#7,", 300, 470, 0.3), ("/TTr-UBND", 560, 780, 0.93)],
        [("Độc", 1300, 1380, 0.95), ("lập", 1390, 1460, 0.95), ("Tự", 1480, 1530, 0.95)],
    ])])
    assert [s.kind for s in found] == ["number"]
    # "Số:" is three letters about 25 px wide: the slot starts near 375, not at 470.
    assert 360 < found[0].box[0] < 400 and found[0].box[2] == 560


def test_a_word_name_is_no_glued_so():
    found = find_slots([page([HEADER, [("Sống", 300, 400, 0.9), ("/CT-UBND", 560, 760, 0.93)]])])
    assert found == []


def test_day_glued_between_ngay_and_thang_is_a_slot():
    found = blank_slots([page([
        HEADER,
        [*DATE[:2], ("ngày8‡tháng", 1570, 1880, 0.3), ("01", 1895, 1940, 0.96),
         ("năm", 1955, 2030, 0.95), ("2025", 2040, 2130, 0.96)],
    ])])
    assert [s.kind for s in found] == ["day"]
    # ngày's four letters end near 1670, tháng's five start near 1755.
    assert 1650 < found[0].box[0] < 1700 and 1720 < found[0].box[2] < 1790


def test_a_keyword_box_that_took_the_pen_in_is_cut_to_its_letters():
    found = blank_slots([page([
        HEADER,
        [*DATE[:2], ("ngày", 1570, 1850, 0.35), ("%ö", 1690, 1735, 0.15),
         ("tháng?", 1860, 1990, 0.6), ("3", 2000, 2025, 0.95), ("năm", 2040, 2115, 0.95)],
    ])])
    assert [s.kind for s in found] == ["day"]
    assert 1650 < found[0].box[0] < 1700 and found[0].box[2] == 1860


def test_a_glued_codes_slash_and_hyphen_count_as_narrow():
    found = find_slots([page([
        [("ỦY", 300, 360, 0.96), ("BAN", 370, 460, 0.96)],  # capitals 30 px wide
        [("Số:", 300, 370, 0.95), ("Ð7/UBND-VHXH", 380, 760, 0.41)],
    ])])
    # "/UBND-VHXH": eight letters and two half-width marks, 270 px: the pen's last digit
    # before 490 stays in the slot (ten full letters would cut it off at 460).
    assert found[0].box[2] == 490


def test_ngay_whose_y_the_pen_turned_into_a_capital_starts_a_day_slot():
    # 'ngà' + a capital or a mark: the pen's stroke through the printed 'y'.
    found = blank_slots([page([
        HEADER,
        [*DATE[:2], ("ngàW/†", 1570, 1760, 0.6), ("tháng", 1790, 1900, 0.95),
         ("5", 1915, 1940, 0.95), ("năm", 1955, 2030, 0.95)],
    ])])
    assert [s.kind for s in found] == ["day"]
    # ngày's four letters (about 25 px each) end near 1670; the pen is after them.
    assert 1650 < found[0].box[0] < 1700 and found[0].box[2] == 1790
    assert find_slots([page([HEADER, [*DATE[:2], ("Ngãi", 1570, 1660, 0.9),
                                      ("tháng", 1790, 1900, 0.95)]])]) == []


def test_a_keyword_box_a_little_wider_than_its_letters_leaves_no_room_is_cut():
    # 'tháng?' reaches up to 'năm': its box holds the month's figures, though it is not
    # wider than its letters by TOO_WIDE.
    found = blank_slots([page([
        HEADER,
        [*DATE, ("4", 1680, 1700, 0.5), ("tháng?", 1775, 1950, 0.3),
         ("năm", 1965, 2050, 0.95), ("2021", 2060, 2150, 0.96)],
    ])])
    assert [s.kind for s in found] == ["day", "month"]
    month = found[1]
    assert 1870 < month.box[0] < 1930 and month.box[2] == 1965


def test_date_keywords_read_with_a_slip_still_frame_the_slots():
    # A blurred photo's 'ngày' and 'tháng' ('ngủy', 'thảng'): one slip each.
    found = blank_slots([page([
        HEADER,
        [*DATE[:2], ("ngủy", 1570, 1660, 0.5), ("thảng", 1800, 1910, 0.6),
         ("năm", 2010, 2085, 0.9), ("2025", 2095, 2185, 0.96)],
    ])])
    assert [(s.kind, s.box[0], s.box[2]) for s in found] == [
        ("day", 1660, 1800), ("month", 1910, 2010)]
    # Two slips are no keyword, and a capital with a slip may be a place name ('Ngãi').
    for garbled in ("ngờ", "Ngủy"):
        assert find_slots([page([HEADER, [*DATE[:2], (garbled, 1570, 1660, 0.5),
                                          ("thảng", 1800, 1910, 0.6)]])]) == []


def test_a_photos_number_line_read_with_slips_still_frames_the_slot():
    # 'Số:' read with another vowel, and the code's stroke lost (a word of its own).
    for keyword, garbled, code in (("Sẻ:", "#4", "/QĐ-UBND"), ("Số:", "?#-", "CT-UBND"),
                                   ("Sá:", "¿42", "TTr-UBND")):
        found = find_slots([page([HEADER, [(keyword, 300, 370, 0.5), (garbled, 400, 500, 0.2),
                                           (code, 560, 760, 0.6)]])])
        assert [(s.kind, s.box[0], s.box[2]) for s in found] == [("number", 370, 560)], keyword
    # A slipped 'Số' needs its colon; a lower-case code or none is no code.
    for words in ([("Sẻ", 300, 360, 0.5), ("#4", 400, 500, 0.2), ("/QĐ-UBND", 560, 760, 0.6)],
                  [("Số:", 300, 370, 0.5), ("#4", 400, 500, 0.2), ("tURND-KTTH", 560, 760, 0.6)],
                  [("SỞ", 300, 370, 0.9), ("TÀI", 400, 480, 0.9), ("CHÍNH", 500, 640, 0.9)]):
        assert find_slots([page([HEADER, words])]) == []
