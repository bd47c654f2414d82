"""Trust and real-paper rules of metadata: format checks, review flags, handwritten slots,
e-signature dates, receipt stamps, attached drafts, ranks and tone slips in names.

Pages are laid out word by word (tests.test_metadata_support); every text is written here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from luutru import metadata
from luutru.metadata.dates import find_partial_date, signing_dates, split_tokens
from luutru.metadata.layout import build_layout
from luutru.metadata.repair import repair_name_tones
from luutru.metadata.trust import check_date, check_symbol, issuer_ok, issuer_usual, symbol_ok
from luutru.metadata.types import Field
from luutru.ocr.types import PageResult, Word
from luutru.vietnamese import short_date
from tests.test_metadata_support import state_doc

TODAY = dt.date(2026, 11, 30)


# --- format checks --------------------------------------------------------------------------

@pytest.mark.parametrize("value, ok", [
    ("12/QĐ-UBND", True), ("15-NQ/TW", True), ("30/2020/NĐ-CP", True),
    ("04/QĐ-BCĐ138", True), ("6'•Q/UBND-VHXH", False), ("04+/CT-UBND", False),
    ("z/44/CT-UBND", False), ("/TB-UBND", False), ("839./UBND-TTHC", False),
])
def test_symbol_shape(value: str, ok: bool) -> None:
    assert symbol_ok(value) is ok


@pytest.mark.parametrize("value, ok", [
    ("ỦY BAN NHÂN DÂN TỈNH BÌNH AN", True), ("BAN CHỈ ĐẠO 138", True),
    ("SỞ TƯ PHÁP", True), ("TỈNH ỦY LÀO CAI", True), ("UBND TỈNH BÌNH AN", True),
    ("CỤC HÓA CHẤT", True), ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", True),
    ("QUÂN KHU 5", True), ("SƯ ĐOÀN 2", True),
    ("Số: Ó# /CT-UBND", False), ("ỦY BAN NHÂN DÂN TỈNH BÌNH AN /TB-UBND", False),
    ("ỦY BAN NHÂN DÂN TỈNH BÌNH AN Sóz⁄44", False), ("Về việc tăng cường", False),
    ("TRÙNG TÀM CÔNG BẢO & Tin HỌC", False),
])
def test_issuer_shape(value: str, ok: bool) -> None:
    assert (issuer_ok(value) and issuer_usual(value)) is ok


def test_an_unusual_but_well_formed_issuer_is_kept_and_flagged() -> None:
    assert issuer_ok("NHÀ XUẤT BẢN CHÍNH TRỊ QUỐC GIA SỰ THẬT")
    assert issuer_ok("TRẠM KHÍ TƯỢNG THỦY VĂN") and not issuer_usual("TRẠM KHÍ TƯỢNG THỦY VĂN")


def test_malformed_symbol_is_emptied_and_flagged() -> None:
    symbol, number = check_symbol(Field("6'•Q/UBND-VHXH", 0.9), Field("", 0.9), "", None)
    assert (symbol.value, number.value) == ("", "")
    assert symbol.review and number.review


def test_handwritten_number_read_poorly_is_offered_not_emitted() -> None:
    symbol, number = check_symbol(Field("80/BC-UBND", 0.9), Field("80", 0.9), "…/BC-UBND",
                                  0.19)
    assert symbol.value == "" and symbol.review and symbol.suggestion == "80/BC-UBND"
    assert symbol.template == "…/BC-UBND"


def test_handwritten_number_is_kept_but_flagged_unless_near_certain() -> None:
    symbol, _ = check_symbol(Field("94/QĐ-UBND", 0.9), Field("94", 0.9), "…/QĐ-UBND", 0.88)
    assert symbol.value == "94/QĐ-UBND" and symbol.review
    symbol, _ = check_symbol(Field("51/QĐ-UBND", 0.95), Field("51", 0.95), "…/QĐ-UBND", 0.95,
                             hand=True)
    assert symbol.value == "51/QĐ-UBND" and symbol.review
    symbol, _ = check_symbol(Field("51/QĐ-UBND", 0.99), Field("51", 0.99), "…/QĐ-UBND", 0.99,
                             hand=True)
    assert not symbol.review


# --- dates ----------------------------------------------------------------------------------

def test_partial_dates_keep_month_and_year_when_the_day_is_unreadable() -> None:
    for text in ("Bình An, ngày %ơ tháng 3 năm 2018", "Bình An, ngàV/¬ tháng 5 năm 2021",
                 "Bình An, ngày7•tháng 01 năm 2025", "Bình An, ngày tháng 01 năm 2025"):
        found = find_partial_date(split_tokens(text))
        assert found is not None and found.year in text and found.start == 2, text
    # A month read with junk around it may be another month: no partial date then.
    assert find_partial_date(split_tokens("ngày@¿ tháng 1] năm 2024")) is None
    # A place name one letter from 'ngày' is no keyword.
    assert find_partial_date(split_tokens("Quảng Ngãi, tháng 5 năm 2021")) is None


def test_signing_dates_of_e_signature_stamps() -> None:
    text = ("Ký bởi: Ủy ban nhân dân tỉnh Bình An\nThời gian ký: 11/05/2021 11:26:39\n"
            "vanthu@binhan.gov.vn 12.05.2021 10:21:11 +07:00\nngày 16/8/2011 của Bộ")
    assert signing_dates(text) == ["2021-05-11", "2021-05-12"]
    # Other e-office systems' labels and formats; the body's "kể từ ngày ký" is no stamp.
    others = ("Người ký: Sở Tài chính\nNgày ký: 03-02-2025 09:14\n"
              "Thời gian ký: 2025-02-04 16:02:08\nCó hiệu lực kể từ ngày ký 05/02/2025.")
    assert signing_dates(others) == ["2025-02-03", "2025-02-04"]
    assert short_date("21/3/18") == "2018-03-21" and short_date("31/2/18") == ""


def test_date_agreeing_with_the_signing_date_is_confirmed() -> None:
    date = check_date(Field("2021-05-11", 0.7), "", ["2021-05-11"], None, TODAY)
    assert not date.review and date.confidence >= 0.95
    later = check_date(Field("2021-05-20", 0.95), "", ["2021-05-11"], None, TODAY)
    assert later.value == "2021-05-20" and later.review  # signed before it was dated
    far = check_date(Field("2011-12-12", 0.95), "", ["2025-01-21"], None, TODAY)
    assert far.review


def test_empty_day_gets_the_signing_date_only_as_a_suggestion() -> None:
    date = check_date(Field(""), "2025-02-…", ["2025-02-04", "2025-02-05"], None, TODAY)
    assert date.value == "" and date.review and date.suggestion == "2025-02-04"
    other_month = check_date(Field(""), "2025-01-…", ["2025-02-04"], None, TODAY)
    assert other_month.suggestion == ""


def test_impossible_or_future_dates_are_never_emitted() -> None:
    assert check_date(Field("2031-01-01", 0.99), "", [], None, TODAY).value == ""
    assert check_date(Field("1890-01-01", 0.99), "", [], None, TODAY).value == ""


# --- names ----------------------------------------------------------------------------------

def test_tone_slips_in_names_are_repaired_only_when_one_name_fits() -> None:
    assert repair_name_tones(["Trần", "Vẫn", "Hùng"]) == (["Trần", "Văn", "Hùng"], False)
    assert repair_name_tones(["Lê", "Thi", "Hồng"]) == (["Lê", "Thị", "Hồng"], False)
    # Hiên: Hiền, Hiển and Hiến are all names; left as read, and doubtful.
    assert repair_name_tones(["Trần", "Phước", "Hiên"]) == (["Trần", "Phước", "Hiên"], True)
    # Names of other peoples are no slips of Vietnamese ones.
    assert repair_name_tones(["Y", "Ngông", "Niê", "Kdăm"]) == (
        ["Y", "Ngông", "Niê", "Kdăm"], False)


def test_rank_and_degree_go_apart_from_the_name() -> None:
    m = metadata.extract(state_doc(name="PGS.TS. Nguyễn Vẫn Hùng"))
    assert m.value("signer_name") == "Nguyễn Văn Hùng"
    assert m.value("signer_rank") == "PGS.TS."


# --- slots on the page ----------------------------------------------------------------------

def _words_of(pages: list[PageResult], text: str) -> Word:
    return next(w for w in pages[0].words if w.text == text)


def _with(page: PageResult, *words: Word) -> PageResult:
    return replace(page, words=page.words + words)


def _widen(page: PageResult, text: str, gap: int) -> PageResult:
    """The blank a printed slot leaves: the word `text` and those right of it on its line
    moved `gap` pixels right."""
    at = next(w for w in page.words if w.text == text)
    moved = tuple(replace(w, box=(w.box[0] + gap, w.box[1], w.box[2] + gap, w.box[3]))
                  if w.line == at.line and w.box[0] >= at.box[0] else w for w in page.words)
    return replace(page, words=moved)


def test_blank_number_slot_is_flagged_with_its_template_and_place() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: /QĐ-UBND",
                      date_line="Bình An, ngày tháng 02 năm 2025", type_line="QUYẾT ĐỊNH",
                      authorities=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"))
    m = metadata.extract(pages)
    assert m.value("symbol") == "" and m.fields["symbol"].review
    assert m.fields["symbol"].template == "…/QĐ-UBND"
    assert m.fields["date"].template == "2025-02-…" and m.fields["date"].review
    assert m.fields["symbol"].where is not None and m.fields["date"].where is not None
    assert m.value("issuer") == "ỦY BAN NHÂN DÂN TỈNH BÌNH AN"  # not the 'Số' line


def test_handwritten_words_fill_the_slots() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: /QĐ-UBND",
                      date_line="Bình An, ngày tháng 02 năm 2025", type_line="QUYẾT ĐỊNH",
                      authorities=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"))
    pages = [_widen(pages[0], "/QĐ-UBND", 90), *pages[1:]]
    pages = [_widen(pages[0], "tháng", 70), *pages[1:]]
    so, code = _words_of(pages, "Số:"), _words_of(pages, "/QĐ-UBND")
    ngay, thang = _words_of(pages, "ngày"), _words_of(pages, "tháng")
    y0, y1 = so.box[1], so.box[3]
    # What the OCR stage inserts: the digits read from pen strokes, on lines of their own,
    # and Tesseract's reading of the same strokes, which they replace.
    number = Word("17", (so.box[2] + 20, y0 - 4, code.box[0] - 10, y1 + 4), 0.99, 900, True)
    scribble = Word("7•", (so.box[2] + 25, y0, code.box[0] - 15, y1), 0.3, so.line)
    dy0, dy1 = ngay.box[1], ngay.box[3]
    day = Word("05", (ngay.box[2] + 10, dy0 - 4, thang.box[0] - 8, dy1 + 4), 0.99, 901, True)
    page = _with(pages[0], number, scribble, day)
    m = metadata.extract([page, *pages[1:]])
    assert m.value("symbol") == "17/QĐ-UBND" and m.value("number") == "17"
    assert m.value("date") == "2025-02-05"
    assert not m.fields["symbol"].review
    # Read with less certainty, the same number is kept for the reviewer's eye.
    unsure = _with(pages[0], replace(number, confidence=0.9), day)
    m = metadata.extract([unsure, *pages[1:]])
    assert m.value("symbol") == "17/QĐ-UBND" and m.fields["symbol"].review


def test_signing_date_confirms_a_handwritten_day() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: 17/QĐ-UBND",
                      date_line="Bình An, ngày tháng 02 năm 2025", type_line="QUYẾT ĐỊNH")
    pages = [_widen(pages[0], "tháng", 70), *pages[1:]]
    ngay, thang = _words_of(pages, "ngày"), _words_of(pages, "tháng")
    day = Word("05", (ngay.box[2] + 10, ngay.box[1], thang.box[0] - 8, ngay.box[3]), 0.9, 901,
               True)
    stamp = "Thời gian ký: 05/02/2025 16:42:36"
    words = tuple(Word(t, (1500 + 120 * k, 3000, 1600 + 120 * k, 3040), 0.95, 950)
                  for k, t in enumerate(stamp.split()))
    page = replace(_with(pages[0], day, *words), text=pages[0].text + "\n" + stamp)
    m = metadata.extract([page, *pages[1:]])
    assert m.value("date") == "2025-02-05" and not m.fields["date"].review
    assert m.fields["date"].note == "khớp với thời gian ký số"


def test_cited_documents_symbol_never_becomes_the_documents_own() -> None:
    body_text = ["Căn cứ Thông tư số 15/2021/TT-BGDĐT ngày 26 tháng 5 năm 2021 của Bộ Giáo "
                 "dục và Đào tạo về quy chế thi, Ủy ban nhân dân tỉnh chỉ thị như sau."]
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: ý# /CT-UBND",
                      date_line="Bình An, ngày %ơ tháng 5 năm 2021", type_line="CHỈ THỊ",
                      body_text=body_text)
    m = metadata.extract(pages)
    assert m.value("symbol") == "" and m.fields["symbol"].review
    assert m.value("date") == ""
    assert m.value("doc_type") == "Chỉ thị"
    assert m.value("issuer") == "ỦY BAN NHÂN DÂN TỈNH BÌNH AN"


def receipt_stamp(pages: list[PageResult], day: str) -> tuple[Word, ...]:
    """A receiving office's stamp (CÔNG VĂN ĐẾN, số đến 2352, ngày đến `day`) over the first
    lines under the title, at the left."""
    y = _words_of(pages, "QUYẾT").box[3] + 30
    stamp = [("SỞ", 60, y), ("NỘI", 130, y), ("VỤ", 210, y),
             ("CÔNG", 60, y + 60), ("VĂN", 160, y + 60), ("ĐẾN", 250, y + 60),
             ("Số:", 60, y + 120), ("2352", 140, y + 120),
             ("Ngày:", 60, y + 180), (day, 180, y + 180), ("Chuyển:", 60, y + 240)]
    return tuple(Word(t, (x, yy, x + 22 * len(t), yy + 40), 0.6, 800 + k // 3)
                 for k, (t, x, yy) in enumerate(stamp))


def test_receipt_stamp_is_kept_apart() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: 17/QĐ-UBND",
                      type_line="QUYẾT ĐỊNH")
    words = receipt_stamp(pages, "21/3/25")
    m = metadata.extract([_with(pages[0], *words), *pages[1:]])
    assert m.receipt is not None
    assert (m.receipt.number, m.receipt.date) == ("2352", "2025-03-21")
    assert m.value("symbol") == "17/QĐ-UBND"
    assert "2352" not in m.value("subject") and "ĐẾN" not in m.value("subject")


def test_a_handwritten_day_after_the_receipt_stamps_day_is_no_date() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: 17/QĐ-UBND",
                      date_line="Bình An, ngày tháng 02 năm 2025", type_line="QUYẾT ĐỊNH")
    pages = [_widen(pages[0], "tháng", 70), *pages[1:]]
    ngay, thang = _words_of(pages, "ngày"), _words_of(pages, "tháng")
    words = receipt_stamp(pages, "21/2/25")

    def dated(day: str) -> metadata.Metadata:
        pen = Word(day, (ngay.box[2] + 10, ngay.box[1], thang.box[0] - 8, ngay.box[3]), 0.9,
                   901, True)
        return metadata.extract([_with(pages[0], pen, *words), *pages[1:]])

    # Received on the 21st: a pen day read as the 24th (a 1 read as 4) cannot be.
    late = dated("24")
    assert late.receipt is not None and late.receipt.date == "2025-02-21"
    assert late.value("date") == "" and late.fields["date"].review
    assert dated("20").value("date") == "2025-02-20"


def test_attached_draft_with_its_own_header_does_not_sign_the_document() -> None:
    own = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: 09/TTr-UBND",
                    type_line="TỜ TRÌNH", authorities=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
                    name="Trần Hoàng Tuấn")
    draft = state_doc(issuer="HỘI ĐỒNG NHÂN DÂN TỈNH BÌNH AN", number_line="Số: /2025/NQ-HĐND",
                      type_line="NGHỊ QUYẾT", authorities=("TM. HỘI ĐỒNG NHÂN DÂN",),
                      title="CHỦ TỊCH", name="Bùi Thị Quỳnh")
    pages = own + [replace(p, number=len(own) + k) for k, p in enumerate(draft, start=1)]
    m = metadata.extract(pages)
    assert m.value("signer_name") == "Trần Hoàng Tuấn"
    assert m.value("doc_type") == "Tờ trình" and m.value("symbol") == "09/TTr-UBND"


def test_header_columns_read_as_one_word_are_cut_where_the_motto_starts() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ", number_line="Số: 12/QĐ-UBND",
                      type_line="QUYẾT ĐỊNH", date_line="Hải Phòng, ngày 05 tháng 3 năm 2024")
    pho, cong = _words_of(pages, "PHỐ"), _words_of(pages, "CỘNG")
    assert pho.line == cong.line  # one printed row, as Tesseract joins the columns
    # What OCR made of 'PHỐ' and 'CỘNG' running together across the gutter.
    merged = Word("PHẳNG", (pho.box[0], cong.box[1], cong.box[2], cong.box[3]), 0.6, pho.line)
    words = tuple(merged if w is pho else w for w in pages[0].words if w is not cong)
    m = metadata.extract([replace(pages[0], words=words), *pages[1:]])
    assert m.value("issuer") == "ỦY BAN NHÂN DÂN THÀNH PHỐ"
    assert m.value("family") == "state"


def test_party_number_slot_and_an_impossible_date() -> None:
    from tests.test_metadata_support import party_doc

    pages = party_doc(number_line="Số -NQ/HU", date_line="Nam Giang, ngày 31 tháng 02 năm 2016")
    m = metadata.extract(pages)
    assert m.value("symbol") == "" and m.fields["symbol"].template == "…-NQ/HU"
    # 31 February is no date: never emitted, the month and year are the reviewer's template.
    assert m.value("date") == "" and m.fields["date"].template == "2016-02-…"
    assert m.fields["date"].review


def test_number_and_date_joined_across_the_gutter_are_still_read() -> None:
    # merge_rows and no gap: Tesseract gave 'Số: 12/QĐ-UBND Hà Nội, ngày ...' as one line.
    pages = state_doc(issuer="BỘ NỘI VỤ", number_line="Số: 12/QĐ-BNV", type_line="QUYẾT ĐỊNH",
                      date_line="Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2019")
    so = _words_of(pages, "Số:")
    row = sorted((w for w in pages[0].words if abs(w.box[1] - so.box[1]) < 30),
                 key=lambda w: w.box[0])
    # Close the gutter: every word of the row follows the one before at a word's spacing.
    x, moved = so.box[0], {}
    for w in row:
        width = w.box[2] - w.box[0]
        moved[w] = replace(w, box=(x, so.box[1], x + width, so.box[3]), line=so.line)
        x += width + 40
    page = replace(pages[0], words=tuple(moved.get(w, w) for w in pages[0].words))
    layout = build_layout(page)
    joined = next(s for s in layout.segments if s.words[0].text == "Số:")
    assert joined.x1 - joined.x0 > 0.6 * layout.text_width  # one wide line, as OCR gave it
    m = metadata.extract([page, *pages[1:]])
    assert m.value("symbol") == "12/QĐ-BNV" and m.value("date") == "2019-03-05"


def test_guessed_figures_equal_to_the_signing_day_prove_nothing() -> None:
    date = check_date(Field("2025-02-08", 0.75), "", ["2025-02-08"], 0.82, TODAY, clean=False)
    assert date.value == "2025-02-08" and date.review
    sure = check_date(Field("2025-02-08", 0.75), "", ["2025-02-08"], 0.82, TODAY)
    assert not sure.review


# --- handwritten candidates the recogniser was unsure of ------------------------------------

def test_unsure_handwritten_day_equal_to_the_signing_day_is_a_flagged_value() -> None:
    date = check_date(Field("2024-11-12", 0.9), "2024-11-…", ["2024-11-12"], 0.41, hand=True)
    assert date.value == "2024-11-12" and date.review
    assert "trùng ngày ký số 12/11/2024" in date.note and date.confidence == 0.75


def test_unsure_handwritten_day_not_the_signing_day_is_only_offered() -> None:
    date = check_date(Field("2024-11-13", 0.9), "2024-11-…", ["2024-11-12"], 0.41, hand=True)
    assert date.value == "" and date.review and date.suggestion == "2024-11-13"
    # Nor is the signing day put in its place: a hint never becomes the value.
    assert "đọc chưa chắc" in date.note


def test_the_files_signing_day_agrees_with_a_date_as_a_printed_stamp_does() -> None:
    date = check_date(Field("2024-11-12", 0.9), "2024-11-…", [], 0.41, hand=True,
                      file_signed=["2024-11-12"])
    assert date.value == "2024-11-12" and date.review and "trùng ngày ký số" in date.note
    printed = check_date(Field("2024-11-12", 0.9), "", [], None, TODAY,
                         file_signed=["2024-11-12"])
    assert printed.note == "khớp với thời gian ký số" and not printed.review
    blank = check_date(Field(""), "2024-11-…", [], None, file_signed=["2024-11-12"])
    assert blank.value == "" and blank.suggestion == "2024-11-12"


def test_a_file_signed_long_after_its_date_is_ordinary_but_before_it_is_not() -> None:
    # A digitised copy is signed when it is made, years after the paper was dated; a
    # printed e-signature stamp that far from the date is another matter.
    digitised = check_date(Field("2019-03-20", 0.9), "", [], None, TODAY,
                           file_signed=["2025-06-02"])
    assert digitised.value == "2019-03-20" and not digitised.review
    stamped = check_date(Field("2019-03-20", 0.9), "", ["2025-06-02"], None, TODAY)
    assert stamped.review
    # Dated after the file was signed: misread ('01' read as '4'), or a wrong file.
    later = check_date(Field("2021-04-04", 0.9), "", [], None, TODAY,
                       file_signed=["2021-01-05"])
    assert later.value == "2021-04-04" and later.review
    assert later.note == "ngày không khớp với thời gian ký số"


def test_handwritten_day_the_page_contradicts_is_never_emitted() -> None:
    # A 1 read as 4: the 11th became the 14th, a week and more after the paper was signed.
    late = check_date(Field("2024-11-21", 0.95), "2024-11-…", ["2024-11-11"], 0.9, hand=True)
    assert late.value == "" and late.review and "sau thời gian ký số" in late.note
    # The văn thư dates a paper on the signing day or a day or two later: kept (flagged).
    kept = check_date(Field("2024-11-13", 0.95), "2024-11-…", ["2024-11-11"], 0.9, hand=True)
    assert kept.value == "2024-11-13" and kept.review
    # Printed dates keep the old rule: flagged, not emptied.
    printed = check_date(Field("2024-11-21", 0.95), "", ["2024-11-11"], None)
    assert printed.value == "2024-11-21" and printed.review
    # Dated after the receipt stamp says the paper arrived: no date.
    arrived = check_date(Field("2024-11-14", 0.95), "2024-11-…", [], 0.9, hand=True,
                         received="2024-11-12")
    assert arrived.value == "" and arrived.review and "ngày đến" in arrived.note
    before = check_date(Field("2024-11-11", 0.95), "2024-11-…", [], 0.9, hand=True,
                        received="2024-11-12")
    assert before.value == "2024-11-11"
    # An unreadable ngày đến says nothing.
    assert check_date(Field("2024-11-14", 0.95), "2024-11-…", [], 0.9, hand=True,
                      received="").value == "2024-11-14"
    # The file's own signatures count too: a pen's day a week after the file was signed.
    filed = check_date(Field("2024-11-21", 0.95), "2024-11-…", [], 0.9, hand=True,
                       file_signed=["2024-11-11"])
    assert filed.value == "" and "sau thời gian ký số" in filed.note


def test_unsure_handwritten_number_is_a_candidate_not_a_value() -> None:
    symbol, number = check_symbol(Field("312/TTr-UBND", 0.9), Field("312", 0.9),
                                  "…/TTr-UBND", 0.62, hand=True)
    assert symbol.value == "" and symbol.review and symbol.suggestion == "312/TTr-UBND"
    assert number.value == "" and number.suggestion == "312"


def test_an_unsure_handwritten_month_makes_the_date_a_candidate() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: 17/QĐ-UBND",
                      date_line="Bình An, ngày tháng năm 2021", type_line="QUYẾT ĐỊNH")
    pages = [_widen(pages[0], "tháng", 70), *pages[1:]]
    pages = [_widen(pages[0], "năm", 70), *pages[1:]]
    ngay, thang, nam = (_words_of(pages, t) for t in ("ngày", "tháng", "năm"))
    y0, y1 = ngay.box[1], ngay.box[3]
    day = Word("04", (ngay.box[2] + 10, y0, thang.box[0] - 8, y1), 0.9, 901, True)
    month = Word("04", (thang.box[2] + 10, y0, nam.box[0] - 8, y1), 0.66, 902, True)
    m = metadata.extract([_with(pages[0], day, month), *pages[1:]])
    # The month read by the pen below ocr.handwriting.MIN_CONFIDENCE is only offered.
    assert m.value("date") == "" and m.fields["date"].review
    assert m.fields["date"].suggestion == "2021-04-04"
    sure = replace(month, confidence=0.9)
    m = metadata.extract([_with(pages[0], day, sure), *pages[1:]])
    assert m.value("date") == "2021-04-04" and m.fields["date"].review


def test_values_read_from_paper_below_150_dpi_are_all_shown_to_a_human() -> None:
    pages = state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH AN", number_line="Số: 17/QĐ-UBND",
                      type_line="QUYẾT ĐỊNH", name="Trần Thị Mỹ Hạnh")
    sharp = metadata.extract([replace(p, scan_dpi=200) for p in pages])
    assert sharp.value("symbol") == "17/QĐ-UBND" and not sharp.fields["symbol"].review
    assert not sharp.fields["subject"].review and not sharp.fields["signer_name"].review
    photo = metadata.extract([pages[0], replace(pages[1], scan_dpi=90)])
    assert photo.value("symbol") == "17/QĐ-UBND"  # kept: flagged, not emptied
    for name in ("symbol", "date", "doc_type", "issuer", "subject", "signer_name"):
        assert photo.fields[name].review, name
        assert "90 dpi" in photo.fields[name].note
    assert not photo.fields["family"].review


def test_a_signer_name_of_two_syllables_is_flagged() -> None:
    two = metadata.extract(state_doc(name="Hoàng Giang"))
    assert two.value("signer_name") == "Hoàng Giang" and two.fields["signer_name"].review
    three = metadata.extract(state_doc(name="Nguyễn Hoàng Giang"))
    assert not three.fields["signer_name"].review
