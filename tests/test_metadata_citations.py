"""metadata.citations."""
from __future__ import annotations

import unicodedata

import pytest

from luutru.metadata import Citation, citations


def one(text: str) -> Citation:
    found = citations(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, doc_type, symbol, number, date", [
    ("theo Nghị quyết số 15-NQ/TW ngày 30/7/2007 của Bộ Chính trị",
     "Nghị quyết", "15-NQ/TW", "15", "2007-07-30"),
    ("thực hiện Quyết định số 1074/QĐ-BXD của Bộ Xây dựng", "Quyết định", "1074/QĐ-BXD",
     "1074", ""),
    ("tinh thần Kết luận 82-KL/TW của Bộ Chính trị", "Kết luận", "82-KL/TW", "82", ""),
    ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
     "Nghị định", "30/2020/NĐ-CP", "30", "2020-03-05"),
    ("Căn cứ Luật Phòng, chống tham nhũng số 36/2018/QH14;", "Luật", "36/2018/QH14", "36", ""),
    ("theo Chỉ thị số 05-CT/TU ngày 01-10-1997 của Tỉnh ủy", "Chỉ thị", "05-CT/TU", "05",
     "1997-10-01"),
    ("Chương trình hành động số 31- CTr/TW ngày 8/9/2021", "Chương trình hành động",
     "31-CTr/TW", "31", "2021-09-08"),
    ("Nghị định số 45/2019/NĐ- CP ngày 12 tháng 5 năm 2019", "Nghị định", "45/2019/NĐ-CP",
     "45", "2019-05-12"),
    ("Nghị định số 45/2019/NÐ-CP", "Nghị định", "45/2019/NĐ-CP", "45", ""),
    ("tại các Thông báo kết luận số 112/TB-VPCP ngày 3 tháng 4 năm 2023", "Thông báo",
     "112/TB-VPCP", "112", "2023-04-03"),
    ("Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành", "Quy định", "294-QĐ/TW", "294",
     "2025-05-26"),
    ("SỬA ĐỔI THÔNG TƯ SỐ 12/2022/TT-BNV NGÀY 30 THÁNG 12 NĂM 2022 CỦA BỘ NỘI VỤ", "Thông tư",
     "12/2022/TT-BNV", "12", "2022-12-30"),
    ("về việc thực hiện số 48/UBND-VX ngày 2/2/2024", "", "48/UBND-VX", "48", "2024-02-02"),
    ("sửa đổi Quyết\nđịnh số 1696/QĐ-UBND ngày 15 tháng 5\nnăm 2026", "Quyết định",
     "1696/QĐ-UBND", "1696", "2026-05-15"),
    ("xem Công văn số 77/UBND-NC - về việc rà soát", "Công văn", "77/UBND-NC", "77", ""),
])
def test_citation_forms(text: str, doc_type: str, symbol: str, number: str, date: str) -> None:
    c = one(text)
    assert (c.doc_type, c.symbol, c.number, c.date) == (doc_type, symbol, number, date)
    assert c.text in " ".join(text.split())


def test_span_covers_type_number_and_date() -> None:
    c = one("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ")
    assert c.text == "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020"


def test_several_citations_in_order_and_each_once() -> None:
    text = ("Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 và Nghị quyết số 18-NQ/TW; "
            "quán triệt Kết luận số 21-KL/TW đến chi bộ, kết hợp Nghị quyết 18-NQ/TW "
            "ngày 25/10/2017.")
    found = citations(text)
    assert [c.symbol for c in found] == ["21-KL/TW", "18-NQ/TW"]
    # The date printed only at the second mention is kept.
    assert found[1].date == "2017-10-25"
    assert found[0].date == "2021-10-25"


def test_own_symbol_excluded() -> None:
    text = "Nghị quyết số 12-NQ/HU thay thế Nghị quyết số 05-NQ/HU ngày 3/1/2011."
    assert [c.symbol for c in citations(text, exclude=["12-NQ/HU"])] == ["05-NQ/HU"]
    assert [c.symbol for c in citations(text, exclude=["12 - NQ/HU"])] == ["05-NQ/HU"]


@pytest.mark.parametrize("text", [
    "ngày 16/8/2011 tại Hà Nội",
    "đạt 2/3 số đại biểu dự họp",
    "tốc độ tối đa 60 km/h trên đường",
    "Quyết định này có hiệu lực kể từ ngày ký.",
    "theo quy định của Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015",
    "tổng số 1250 hồ sơ, trong đó 30 hồ sơ mật",
    "trong thời kỳ mới (gọi tắt là Kết luận số Ÿ •7-KL/TW)",
])
def test_not_citations(text: str) -> None:
    assert citations(text) == []


def test_lowercase_type_word_is_not_a_type() -> None:
    c = one("như các kết luận số 44-KL/TU đã nêu")
    assert c.doc_type == ""
    assert c.symbol == "44-KL/TU"


def test_decomposed_text_gives_composed_values() -> None:
    text = unicodedata.normalize("NFD", "Căn cứ Quyết định số 88/QĐ-UBND ngày 2 tháng 4 năm 2020")
    c = one(text)
    assert c.doc_type == "Quyết định"
    assert c.symbol == "88/QĐ-UBND"
    assert unicodedata.is_normalized("NFC", c.text)


def test_ocr_slips_in_marks_do_not_hide_a_citation() -> None:
    c = one("Căn cứ Nghi đinh số 15/2021/ND-CP ngảy 3 thảng 3 nằm 2021")
    assert c.doc_type == "Nghị định"
    assert c.symbol == "15/2021/NĐ-CP"
    assert c.date == "2021-03-03"
