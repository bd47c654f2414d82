"""metadata.extract on laid-out pages of both families, damaged variants and non-documents."""
from __future__ import annotations

import pytest

from luutru import metadata
from luutru.metadata import FIELD_NAMES, Metadata
from luutru.ocr.types import PageResult, Word
from tests.test_metadata_support import (
    STATE_BODY,
    Sheet,
    body,
    nfd,
    party_doc,
    state_doc,
)


def values(pages: list[PageResult]) -> dict[str, str]:
    return metadata.extract(pages).values()


# --- Party documents ------------------------------------------------------------------------

def test_party_resolution_all_fields() -> None:
    v = values(party_doc())
    assert v == {
        "family": "party",
        "symbol": "12-NQ/HU",
        "number": "12",
        "doc_type": "Nghị quyết",
        "issuer": "HUYỆN ỦY NAM GIANG",
        "superior": "ĐẢNG BỘ TỈNH QUẢNG NAM",
        "place": "Nam Giang",
        "date": "2016-01-20",
        "subject": "về đẩy mạnh cải cách hành chính giai đoạn 2016 - 2020",
        "cv_subject": "",
        "signer_authority": "T/M BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ",
        "signer_name": "Trần Văn Hùng",
        "classification": "",
        "urgency": "",
        "signer_rank": "",
    }


def test_party_fields_carry_confidence_and_place_on_page() -> None:
    m = metadata.extract(party_doc())
    symbol = m.fields["symbol"]
    assert 0.5 < symbol.confidence <= 1.0
    assert symbol.where is not None and symbol.where.page == 1
    x0, y0, x1, y1 = symbol.where.box
    assert x1 < 2480 / 2 and y0 < 600  # left column, in the header
    name = m.fields["signer_name"]
    assert name.where is not None and name.where.page == 2 and name.where.box[0] > 1240
    assert m.fields["urgency"].confidence == 0.0


def test_party_citations_exclude_own_symbol() -> None:
    m = metadata.extract(party_doc())
    symbols = [c.symbol for c in m.citations]
    assert symbols == ["18-NQ/TW", "21-KL/TW"]
    assert m.citations[0].date == "2017-10-25"
    assert m.citations[0].doc_type == "Nghị quyết"


def test_two_line_issuer_and_secrecy_and_urgency_stamps() -> None:
    pages = party_doc(
        superior="ĐẢNG BỘ TỈNH BÌNH ĐỊNH", issuer="ĐẢNG ỦY KHỐI CÁC CƠ QUAN\nTỈNH",
        number_line="Số 318-CV/ĐUK", type_line="", subject=(),
        marks=("TỐI MẬT", "HOẢ TỐC"), date_line="Quy Nhơn, ngày 03 tháng 11 năm 2021",
    )
    v = values(pages)
    assert v["issuer"] == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    assert v["superior"] == "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
    assert v["classification"] == "TỐI MẬT"
    assert v["urgency"] == "HỎA TỐC"
    assert v["doc_type"] == "Công văn"
    assert v["subject"] == ""
    assert v["symbol"] == "318-CV/ĐUK"


def test_body_words_bi_mat_are_not_a_classification() -> None:
    # PARTY_BODY speaks of 'bí mật nhà nước'; only a stamp near the header counts.
    assert values(party_doc())["classification"] == ""


def test_central_committee_without_superior_and_without_title() -> None:
    v = values(party_doc(superior="", issuer="BAN CHẤP HÀNH TRUNG ƯƠNG",
                         number_line="Số 07-QĐi/TW", type_line="QUY ĐỊNH",
                         subject=("VỀ CÔNG TÁC KIỂM TRA CỦA ĐẢNG",), title="",
                         authority="T/M BAN BÍ THƯ", name="Võ Thành Trung"))
    assert v["issuer"] == "BAN CHẤP HÀNH TRUNG ƯƠNG"
    assert v["superior"] == ""
    assert v["doc_type"] == "Quy định"
    assert v["subject"] == "VỀ CÔNG TÁC KIỂM TRA CỦA ĐẢNG"
    assert v["signer_authority"] == "T/M BAN BÍ THƯ"
    assert v["signer_title"] == ""
    assert v["signer_name"] == "Võ Thành Trung"


def test_multi_word_type_line() -> None:
    v = values(party_doc(issuer="TỈNH ỦY QUẢNG NAM", superior="",
                         number_line="Số 45-CTr/TU", type_line="CHƯƠNG TRÌNH HÀNH ĐỘNG",
                         subject=("thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017",
                                  "của Ban Chấp hành Trung ương Đảng khóa XII")))
    assert v["doc_type"] == "Chương trình hành động"
    assert v["subject"] == ("thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 "
                            "của Ban Chấp hành Trung ương Đảng khóa XII")


# --- State documents ------------------------------------------------------------------------

def test_state_decree_all_fields() -> None:
    v = values(state_doc())
    assert v["family"] == "state"
    assert v["symbol"] == "45/2019/NĐ-CP"
    assert v["number"] == "45"
    assert v["doc_type"] == "Nghị định"
    assert v["issuer"] == "CHÍNH PHỦ"
    assert v["superior"] == ""
    assert v["place"] == "Hà Nội"
    assert v["date"] == "2019-03-05"
    assert v["subject"] == "Quy định về quản lý kho lưu trữ chuyên dụng"
    assert v["signer_authority"] == "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG"
    assert v["signer_title"] == "PHÓ THỦ TƯỚNG"
    assert v["signer_name"] == "Lê Minh Khôi"


def test_state_decree_citations() -> None:
    m = metadata.extract(state_doc())
    by_symbol = {c.symbol: c for c in m.citations}
    assert set(by_symbol) == {"33/2024/QH15", "30/2020/NĐ-CP"}
    assert by_symbol["33/2024/QH15"].doc_type == "Luật"
    assert by_symbol["30/2020/NĐ-CP"].date == "2020-03-05"


def test_state_cong_van_with_superior_and_vv() -> None:
    pages = state_doc(
        superior="UBND TỈNH QUẢNG NGÃI", issuer="SỞ TÀI CHÍNH",
        number_line="Số: 1250/STC-QLNS", date_line="Quảng Ngãi, ngày 12 tháng 9 năm 2023",
        type_line="", subject=(), vv=("V/v hướng dẫn lập dự toán", "ngân sách năm 2024"),
        authorities=("KT. GIÁM ĐỐC",), title="PHÓ GIÁM ĐỐC", name="Đỗ Thị Lan",
    )
    v = values(pages)
    assert v["doc_type"] == "Công văn"
    assert v["symbol"] == "1250/STC-QLNS"
    assert v["issuer"] == "SỞ TÀI CHÍNH"
    assert v["superior"] == "UBND TỈNH QUẢNG NGÃI"
    assert v["subject"] == ""
    assert v["cv_subject"] == "V/v hướng dẫn lập dự toán ngân sách năm 2024"
    assert v["place"] == "Quảng Ngãi"
    assert v["signer_authority"] == "KT. GIÁM ĐỐC"
    assert v["signer_title"] == "PHÓ GIÁM ĐỐC"
    assert v["signer_name"] == "Đỗ Thị Lan"


def test_issuer_name_wrapping_onto_a_second_line() -> None:
    v = values(state_doc(issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG\nNGÃI",
                         number_line="Số: 88/QĐ-UBND", type_line="QUYẾT ĐỊNH",
                         subject=("Về việc thành lập Hội đồng xác định giá trị tài liệu",)))
    assert v["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert v["superior"] == ""
    assert v["doc_type"] == "Quyết định"


@pytest.mark.parametrize("number_line", ["Sá: #34 /UBND-TTHC", "Số: QĐ-UBND", "SỐ: đ#- CT-UBND"])
def test_a_number_line_garbled_past_its_so_is_no_part_of_the_issuer(number_line) -> None:
    # What a phone photo at 80 dpi makes of 'Số: 234/UBND-TTHC': the issuer above it is the
    # issuer still, not its superior, and the line is not read into its name.
    v = values(state_doc(issuer="ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN", number_line=number_line,
                         type_line="QUYẾT ĐỊNH",
                         subject=("Về việc thành lập Hội đồng xác định giá trị tài liệu",)))
    assert v["issuer"] == "ỦY BAN NHÂN DÂN TỈNH BÌNH AN"
    assert v["superior"] == ""


def test_a_bodys_number_read_with_a_letter_for_a_figure() -> None:
    v = values(state_doc(superior="UBND TỈNH BÌNH AN", issuer="BAN CHỈ ĐẠO I38",
                         number_line="Số: 04/QĐ-BCĐ138", type_line="QUYẾT ĐỊNH",
                         subject=("Về việc kiện toàn Tổ giúp việc Ban Chỉ đạo",)))
    assert v["issuer"] == "BAN CHỈ ĐẠO 138"


def test_ministry_department_superior() -> None:
    v = values(state_doc(superior="BỘ CÔNG THƯƠNG", issuer="CỤC XUẤT NHẬP KHẨU",
                         number_line="Số: 310/XNK-TM", type_line="", subject=(),
                         vv=("V/v thủ tục cấp chứng nhận xuất xứ",)))
    assert v["superior"] == "BỘ CÔNG THƯƠNG"
    assert v["issuer"] == "CỤC XUẤT NHẬP KHẨU"
    assert v["doc_type"] == "Công văn"


def test_signer_with_military_rank_and_single_authority() -> None:
    v = values(state_doc(issuer="BỘ QUỐC PHÒNG", number_line="Số: 21/2022/TT-BQP",
                         type_line="THÔNG TƯ", subject=("QUY ĐỊNH VỀ CÔNG TÁC LƯU TRỮ",
                                                        "TRONG QUÂN ĐỘI"),
                         authorities=("KT. BỘ TRƯỞNG",), title="THỨ TRƯỞNG",
                         name="Trung tướng Phạm Đức Thắng"))
    assert v["doc_type"] == "Thông tư"
    assert v["subject"] == "QUY ĐỊNH VỀ CÔNG TÁC LƯU TRỮ TRONG QUÂN ĐỘI"
    # The rank is not part of the name (issue 12): it goes apart, with the title.
    assert v["signer_name"] == "Phạm Đức Thắng"
    assert v["signer_rank"] == "Trung tướng"
    assert v["signer_title"] == "THỨ TRƯỞNG"


def test_signer_without_authority_line() -> None:
    v = values(state_doc(issuer="THỦ TƯỚNG CHÍNH PHỦ", number_line="Số: 09/CT-TTg",
                         type_line="CHỈ THỊ", subject=("VỀ TĂNG CƯỜNG CÔNG TÁC LƯU TRỮ",),
                         authorities=(), title="THỦ TƯỚNG", name="Đặng Quốc Bảo"))
    assert v["signer_authority"] == ""
    assert v["signer_title"] == "THỦ TƯỚNG"
    assert v["signer_name"] == "Đặng Quốc Bảo"
    assert v["issuer"] == "THỦ TƯỚNG CHÍNH PHỦ"


def test_subject_stops_before_enacting_authority_line() -> None:
    pages = state_doc(issuer="BỘ NỘI VỤ", number_line="Số: 512/QĐ-BNV",
                      type_line="QUYẾT ĐỊNH",
                      subject=("Ban hành Quy chế công tác văn thư, lưu trữ",
                               "của Bộ Nội vụ", "BỘ TRƯỞNG BỘ NỘI VỤ"))
    assert values(pages)["subject"] == "Ban hành Quy chế công tác văn thư, lưu trữ của Bộ Nội vụ"


def test_single_page_document_signs_on_its_only_page() -> None:
    first = Sheet(1)
    first.put("BỘ TƯ PHÁP", "left", 200).put("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "right", 200)
    first.put("Độc lập - Tự do - Hạnh phúc", "right", 262)
    first.put("Số: 77/TB-BTP", "left", 330).put("Hà Nội, ngày 2 tháng 4 năm 2024", "right", 340)
    first.put("THÔNG BÁO", "center", 520).put("Kết quả kiểm tra công tác lưu trữ", "center", 600)
    y = body(first, 800, ["Bộ Tư pháp thông báo kết quả kiểm tra như sau: các đơn vị đã "
                          "chỉnh lý xong tài liệu tồn đọng."])
    first.put("Nơi nhận:", "recip", y + 80).put("TL. BỘ TRƯỞNG", "sign", y + 80)
    first.put("CHÁNH VĂN PHÒNG", "sign", y + 146).put("Hồ Thị Mai", "sign", y + 560)
    v = values([first.page()])
    assert v["doc_type"] == "Thông báo"
    assert v["subject"] == "Kết quả kiểm tra công tác lưu trữ"
    assert v["signer_authority"] == "TL. BỘ TRƯỞNG"
    assert v["signer_title"] == "CHÁNH VĂN PHÒNG"
    assert v["signer_name"] == "Hồ Thị Mai"


# --- OCR damage -----------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("SỐ: 45/2019/NĐ-CP", "45/2019/NĐ-CP"),
    ("S6: 45/2019/NĐ-CP", "45/2019/NĐ-CP"),
    ("Sô 45/2019/NĐ-CP", "45/2019/NĐ-CP"),
    ("So: 45/2019/ND-CP", "45/2019/NĐ-CP"),
    ("Số: 45/2019/NÐ- CP", "45/2019/NĐ-CP"),
    ("Số:45/2019/NĐ-CP.", "45/2019/NĐ-CP"),
    ("Số: 45 / 2019 / NĐ - CP", "45/2019/NĐ-CP"),
    ("Sẻ: 45/2019/NĐ-CP", "45/2019/NĐ-CP"),  # a blurred photo's: another vowel, its colon
    ("Sá: 45/2019/NĐ-CP", "45/2019/NĐ-CP"),
])
def test_number_line_slips(line: str, expected: str) -> None:
    v = values(state_doc(number_line=line))
    assert v["symbol"] == expected
    assert v["number"] == "45"


def test_unparseable_symbol_is_never_emitted_but_flagged() -> None:
    m = metadata.extract(state_doc(number_line="Số: 4S/2019/NĐ-CP"))
    assert m.value("symbol") == "" and m.value("number") == ""
    assert m.fields["symbol"].review and m.fields["number"].review
    assert m.fields["symbol"].where is not None  # the reviewer is shown where it was


@pytest.mark.parametrize("line, symbol", [
    ("Số 294 - QĐ/TW", "294-QĐ/TW"),
    ("Số 294-QD/TW", "294-QĐ/TW"),
    ("Số: 294-QÐ/TW", "294-QĐ/TW"),
    ("SỐ 31- CTr/TU", "31-CTr/TU"),
    ("Số 15-NQ/DU", "15-NQ/ĐU"),
    ("Số O6-HD/TW", "06-HD/TW"),
])
def test_party_symbol_slips(line: str, symbol: str) -> None:
    v = values(party_doc(number_line=line))
    assert v["symbol"] == symbol
    assert v["family"] == "party"


@pytest.mark.parametrize("line, iso", [
    ("Hà Nội, ngảy O5 thảng 3 nằm 2019", "2019-03-05"),
    ("Hà Nội, ngày 5 tháng 3 năm 2O19", "2019-03-05"),
    ("Hà Nội, ngay 05 thang 03 nam 2019", "2019-03-05"),
    ("Hà Nội, ngày l5 tháng 3 năm 2019", "2019-03-15"),
    ("Hà Nội, ngày 05 tháng O3 năm P019", "2019-03-05"),
    ("Hà Nội, ngày 31 tháng 02 năm 2019", ""),  # no such day
    ("Hà Nội, ngày tháng năm 2019", ""),  # undated draft
])
def test_date_line_slips(line: str, iso: str) -> None:
    v = values(state_doc(date_line=line))
    assert v["date"] == iso
    if iso:
        assert v["place"] == "Hà Nội"


def test_capitals_without_diacritics_are_restored() -> None:
    pages = party_doc(superior="DANG BO TINH LAO CAI", issuer="DANG UY UY BAN NHAN DAN\nTINH",
                      motto="ĐĂNG CÔNG SẢN VIỆT NAM", authority="T/M BAN THUONG VU",
                      title="PHO BI THU")
    v = values(pages)
    assert v["superior"] == "ĐẢNG BỘ TỈNH LÀO CAI"
    assert v["issuer"] == "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"
    assert v["family"] == "party"
    assert v["signer_authority"] == "T/M BAN THƯỜNG VỤ"
    assert v["signer_title"] == "PHÓ BÍ THƯ"


def test_document_spelling_of_tone_marks_is_kept() -> None:
    v = values(party_doc(superior="", issuer="TỈNH UỶ QUẢNG NAM", number_line="Số 3-CT/TU"))
    assert v["issuer"] == "TỈNH UỶ QUẢNG NAM"


@pytest.mark.parametrize("authority, expected", [
    ("T.M BAN THƯỜNG VỤ", "T/M BAN THƯỜNG VỤ"),
    ("TM BAN THƯỜNG VỤ", "T/M BAN THƯỜNG VỤ"),  # a Party document: the slash form
    ("TUQ. BỘ TRƯỞNG", "TUQ. BỘ TRƯỞNG"),
    ("Q. GIÁM ĐỐC", "Q. GIÁM ĐỐC"),
])
def test_authority_prefix_variants(authority: str, expected: str) -> None:
    assert values(party_doc(authority=authority))["signer_authority"] == expected


def test_state_authority_without_its_dot() -> None:
    v = values(state_doc(authorities=("TM CHÍNH PHỦ", "KT THỦ TƯỚNG")))
    assert v["signer_authority"] == "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG"


def test_garbled_surname_is_repaired() -> None:
    pages = party_doc(name="Nguvễn Thị Hoa", name_conf=0.6)
    assert values(pages)["signer_name"] == "Nguyễn Thị Hoa"


def test_confidently_read_rare_surname_is_kept() -> None:
    # 'Lường' folds like the commoner 'Lương'; read with confidence, it stays as printed.
    assert values(party_doc(name="Lường Thị Mai"))["signer_name"] == "Lường Thị Mai"


def test_type_line_unreadable_falls_back_to_symbol_code() -> None:
    v = values(state_doc(number_line="Số: 102/QĐ-UBND", issuer="ỦY BAN NHÂN DÂN HUYỆN ĐẠI LỘC",
                         type_line="QỤ#Ế  Đ|",
                         subject=("Về việc phê duyệt danh mục hồ sơ năm 2022",)))
    assert v["doc_type"] == "Quyết định"
    assert v["subject"] == "Về việc phê duyệt danh mục hồ sơ năm 2022"


def test_type_line_with_ocr_slip_still_matches() -> None:
    v = values(state_doc(type_line="NGHI DINH"))
    assert v["doc_type"] == "Nghị định"


def test_party_tt_code_is_thong_tri_and_state_tt_is_thong_tu() -> None:
    party = values(party_doc(number_line="Số 04-TT/TU", type_line="@#"))
    state = values(state_doc(number_line="Số: 04/2020/TT-BNV", type_line="@#"))
    assert party["doc_type"] == "Thông tri"
    assert state["doc_type"] == "Thông tư"


def test_columns_apart_when_ocr_gives_each_line_its_own_index() -> None:
    assert values(party_doc(merge_rows=False)) == values(party_doc(merge_rows=True))


def test_words_without_line_information_are_regrouped() -> None:
    pages = state_doc()
    flat = [
        PageResult(p.number, p.width, p.height,
                   tuple(Word(w.text, w.box, w.confidence, 0) for w in p.words),
                   p.text, p.confidence, p.quality)
        for p in pages
    ]
    v = values(flat)
    assert v["symbol"] == "45/2019/NĐ-CP"
    assert v["issuer"] == "CHÍNH PHỦ"
    assert v["signer_name"] == "Lê Minh Khôi"


def test_decomposed_input_gives_composed_output() -> None:
    pages = party_doc()
    decomposed = [
        PageResult(p.number, p.width, p.height,
                   tuple(Word(nfd(w.text), w.box, w.confidence, w.line) for w in p.words),
                   nfd(p.text), p.confidence, p.quality)
        for p in pages
    ]
    v = values(decomposed)
    assert v["issuer"] == "HUYỆN ỦY NAM GIANG"
    assert v["signer_name"] == "Trần Văn Hùng"
    assert all(s == s.__class__(s) and s == __import__("unicodedata").normalize("NFC", s)
               for s in v.values())


# --- missing fields and non-documents -------------------------------------------------------

def test_missing_date_and_signature_are_empty_not_guessed() -> None:
    m = metadata.extract(state_doc(date_line="", authorities=(), title="", name=""))
    v = m.values()
    assert v["date"] == "" and v["place"] == ""
    assert v["signer_name"] == "" and v["signer_title"] == ""
    assert v["symbol"] == "45/2019/NĐ-CP"
    assert m.fields["date"].confidence == 0.0


def test_personal_letter_gets_no_fields() -> None:
    sheet = Sheet(1)
    sheet.put("Đà Nẵng, ngày 8 tháng 5 năm 2019", "right", 200)
    sheet.put("Kính gửi anh Tuấn,", "body", 360)
    y = body(sheet, 440, ["Em viết thư này để hỏi thăm sức khỏe của anh và gia đình. Ở nhà "
                          "mọi việc vẫn bình thường, mùa này trời nắng nóng nhưng ai cũng khỏe.",
                          "Em mong sớm gặp lại anh vào dịp nghỉ hè năm nay."])
    sheet.put("Em gái", "sign", y + 60).put("Lê Thu Hà", "sign", y + 200)
    m = metadata.extract([sheet.page()])
    assert all(v == "" for v in m.values().values())
    assert all(f.confidence == 0.0 for f in m.fields.values())


def test_page_of_prose_gets_no_fields() -> None:
    sheet = Sheet(1)
    body(sheet, 200, [
        "Người dân nước Cộng hòa xã hội chủ nghĩa Việt Nam có quyền tiếp cận thông tin theo "
        "quy định của pháp luật; số liệu năm 2019 cho thấy nhu cầu tra cứu tài liệu tăng.",
        "Số lượng hồ sơ được số hóa trong năm đạt 12 nghìn đơn vị bảo quản, bảo đảm giữ gìn "
        "bí mật theo quy định.",
    ] * 3)
    assert all(v == "" for v in values([sheet.page()]).values())


def test_no_pages() -> None:
    m = metadata.extract([])
    assert isinstance(m, Metadata)
    assert m.values() == {name: "" for name in FIELD_NAMES}
    assert m.citations == ()


def test_state_body_reference_does_not_become_the_symbol() -> None:
    # The number line is missing: the symbols cited in the body must not stand in for it.
    v = values(state_doc(number_line="", body_text=STATE_BODY))
    assert v["symbol"] == "" and v["number"] == ""
    assert v["issuer"] == "CHÍNH PHỦ"


# --- repairs that use the rest of the page --------------------------------------------------

def test_type_code_one_slip_from_the_type_line_is_repaired() -> None:
    v = values(party_doc(issuer="TỈNH ỦY QUẢNG NAM", superior="", number_line="Số 45-CT/TU",
                         type_line="CHƯƠNG TRÌNH HÀNH ĐỘNG"))
    assert v["symbol"] == "45-CTr/TU"
    assert v["doc_type"] == "Chương trình hành động"


@pytest.mark.parametrize("line", ["Số 45-CT-/TU", "Số 45-CT./TU", "Số 45-CT'/TU"])
def test_type_code_letter_turned_into_a_mark_is_repaired(line: str) -> None:
    # A photocopier streak across the r of 'CTr' leaves a dash or a dot in its place.
    v = values(party_doc(issuer="TỈNH ỦY QUẢNG NAM", superior="", number_line=line,
                         type_line="CHƯƠNG TRÌNH HÀNH ĐỘNG"))
    assert v["symbol"] == "45-CTr/TU"


def test_a_mark_after_a_type_code_that_fits_the_type_line_is_dropped() -> None:
    v = values(party_doc(issuer="TỈNH ỦY QUẢNG NAM", superior="", number_line="Số 7-NQ./TU",
                         type_line="NGHỊ QUYẾT"))
    assert v["symbol"] == "7-NQ/TU"


def test_type_code_that_fits_the_type_line_is_kept() -> None:
    # The Central Committee numbers its Quy định with QĐ: nothing to repair.
    v = values(party_doc(superior="", issuer="BAN CHẤP HÀNH TRUNG ƯƠNG",
                         number_line="Số 294-QĐ/TW", type_line="QUY ĐỊNH"))
    assert v["symbol"] == "294-QĐ/TW"


def test_province_name_with_garbled_first_letters() -> None:
    v = values(party_doc(date_line="lrảo Cai, ngày 30 tháng 08 năm 2021"))
    assert v["place"] == "Lào Cai"
    assert v["date"] == "2021-08-30"


def test_place_that_is_no_province_is_kept_as_printed() -> None:
    assert values(party_doc())["place"] == "Nam Giang"


def test_number_stamped_apart_from_so() -> None:
    sheet_pages = state_doc(number_line="")
    first = sheet_pages[0]
    # 'Số:' on the left of the column, the number stamped far to its right on the same row.
    y = next(w.box[1] for w in first.words if w.text == "Hà")
    extra = (
        Word("Số:", (300, y - 20, 360, y + 24), 0.95, 999),
        Word("45/2019/NĐ-CP", (620, y - 20, 900, y + 24), 0.9, 998),
    )
    pages = [PageResult(1, first.width, first.height, first.words + extra, first.text,
                        0.9, 0.9), *sheet_pages[1:]]
    assert values(pages)["symbol"] == "45/2019/NĐ-CP"


def test_letter_spaced_type_line() -> None:
    assert values(state_doc(type_line="N G H Ị  Đ Ị N H"))["doc_type"] == "Nghị định"


def test_dollar_sign_read_for_s_of_so() -> None:
    assert values(state_doc(number_line="$ố: 45/2019/NĐ-CP"))["symbol"] == "45/2019/NĐ-CP"


def test_one_letter_slip_in_a_known_header_phrase() -> None:
    v = values(party_doc(superior="ĐẢNG BỘ TỈNH LÀO CAl", issuer="BAN CHẤP HÀNH 1RUNG ƯƠNG"))
    assert v["superior"] == "ĐẢNG BỘ TỈNH LÀO CAI"
    assert v["issuer"] == "BAN CHẤP HÀNH TRUNG ƯƠNG"


def test_correct_names_near_other_known_names_are_left_alone() -> None:
    v = values(party_doc(superior="ĐẢNG BỘ TỈNH QUẢNG NINH", issuer="HUYỆN ỦY BA CHẼ"))
    assert v["superior"] == "ĐẢNG BỘ TỈNH QUẢNG NINH"
    assert v["issuer"] == "HUYỆN ỦY BA CHẼ"
    # One letter from the known 'ĐẠI HỌC', but a real place name: kept.
    v = values(party_doc(issuer="HUYỆN ỦY ĐẠI LỘC", date_line="Đại Lộc, ngày 3 tháng 3 năm 2020"))
    assert v["issuer"] == "HUYỆN ỦY ĐẠI LỘC"
    assert v["place"] == "Đại Lộc"


def test_date_with_a_speck_read_as_a_figure() -> None:
    v = values(party_doc(date_line="Tam Kỳ, ngày 25 tháng 4 10 năm 2022"))
    assert v["date"] == "2022-10-25"


def test_party_symbol_that_lost_its_hyphen_or_doubled_a_stroke() -> None:
    glued = values(party_doc(number_line="Số 18CT/TU", issuer="TỈNH ỦY QUẢNG NAM", superior="",
                             type_line="CHƯƠNG TRÌNH HÀNH ĐỘNG"))
    assert glued["symbol"] == "18-CTr/TU"
    doubled = values(party_doc(number_line="Số 05-QĐi//HU", type_line="QUY ĐỊNH"))
    assert doubled["symbol"] == "05-QĐi/HU"


def test_symbol_year_one_figure_off_the_issue_year() -> None:
    v = values(state_doc(number_line="Số: 45/2018/NĐ-CP"))  # dated 2019
    assert v["symbol"] == "45/2019/NĐ-CP"
    far = values(state_doc(number_line="Số: 45/2007/NĐ-CP"))  # not a slip: as printed
    assert far["symbol"] == "45/2007/NĐ-CP"


def test_stray_marks_around_the_signer_title() -> None:
    assert values(party_doc(title="'.- PHÓ BÍ THƯ ĐT"))["signer_title"] == "PHÓ BÍ THƯ"


def test_issuer_glued_to_the_motto() -> None:
    sheet = Sheet(1)
    sheet.put("ỦY BAN NHÂN DÂN TỈNH LÀOCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "body", 200)
    sheet.put("CAI", "left", 262).put("Độc lập - Tự do - Hạnh phúc", "right", 262)
    sheet.put("Số: 61/QĐ-UBND", "left", 350).put("Lào Cai, ngày 4 tháng 1 năm 2024", "right", 360)
    sheet.put("QUYẾT ĐỊNH", "center", 540).put("Về việc ban hành danh mục hồ sơ", "center", 620)
    body(sheet, 800, ["Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;"])
    v = values([sheet.page()])
    assert v["issuer"] == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI"
    assert v["family"] == "state"


def test_issuer_takes_the_marks_of_the_place_line() -> None:
    v = values(party_doc(issuer="HUYỆN ỦY ĐẠI LỌC", date_line="Đại Lộc, ngày 3 tháng 3 năm 2020"))
    assert v["issuer"] == "HUYỆN ỦY ĐẠI LỘC"


def test_two_header_words_read_as_one_and_a_wrong_mark_on_tinh() -> None:
    v = values(party_doc(superior="ĐẢNG BỘ TÍNH QUẢNG NAM", issuer="BAN CHẤP HÀNH TRUNGƯƠNG"))
    assert v["superior"] == "ĐẢNG BỘ TỈNH QUẢNG NAM"
    assert v["issuer"] == "BAN CHẤP HÀNH TRUNG ƯƠNG"


def test_subject_ends_where_the_body_starts_without_extra_space() -> None:
    sheet = Sheet(1)
    sheet.put("BỘ NỘI VỤ", "left", 200).put("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "right", 200)
    sheet.put("Độc lập - Tự do - Hạnh phúc", "right", 262)
    sheet.put("Số: 9/KH-BNV", "left", 340).put("Hà Nội, ngày 9 tháng 1 năm 2023", "right", 350)
    sheet.put("KẾ HOẠCH", "center", 520)
    sheet.put("Chỉnh lý tài liệu tồn đọng", "center", 598)
    sheet.put("năm 2023", "center", 676)
    body(sheet, 754, ["Thực hiện chương trình công tác năm 2023, Bộ Nội vụ ban hành kế hoạch "
                      "chỉnh lý tài liệu tồn đọng tại các đơn vị thuộc Bộ như sau:"])
    assert values([sheet.page()])["subject"] == "Chỉnh lý tài liệu tồn đọng năm 2023"


def test_columns_ocr_could_not_tell_apart() -> None:
    # Both header rows come out as single runs of words with ordinary spaces.
    sheet = Sheet(1)
    sheet.put("HUYỆN ỦY NAM GIANG ĐẢNG CỘNG SẢN VIỆT NAM", "body", 200)
    sheet.put("Số 7-KH/HU Nam Giang, ngày 2 tháng 6 năm 2018", "body", 330)
    sheet.put("KẾ HOẠCH", "center", 520).put("tổng kết công tác lưu trữ", "center", 600)
    body(sheet, 800, ["Thực hiện chương trình công tác năm 2018, Ban Thường vụ Huyện ủy "
                      "ban hành kế hoạch tổng kết như sau."])
    v = values([sheet.page()])
    assert v["family"] == "party"
    assert v["issuer"] == "HUYỆN ỦY NAM GIANG"
    assert v["symbol"] == "7-KH/HU"
    assert v["date"] == "2018-06-02"
    assert v["place"] == "Nam Giang"
    assert v["doc_type"] == "Kế hoạch"


def test_authority_lines_with_ocr_slips() -> None:
    assert values(party_doc(authority="T/M-BAN THƯỜNG VỤ"))["signer_authority"] == \
        "T/M BAN THƯỜNG VỤ"
    v = values(state_doc(authorities=("TM. ỦY BAN NHÂN DÂN", "KL CHỦ TỊCH"),
                         title="PHÓ CHỦ TỊCH"))
    assert v["signer_authority"] == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    assert v["signer_title"] == "PHÓ CHỦ TỊCH"


def test_name_found_beside_recipients_when_no_authority_or_title_is_readable() -> None:
    pages = party_doc(authority="", title="", name="Huỳnh Tấn Lợi")
    last = pages[-1]
    # A speck before 'Nơi nhận' too.
    words = tuple(Word("‹e " + w.text if w.text == "Nơi" else w.text, w.box, w.confidence,
                       w.line) for w in last.words)
    pages[-1] = PageResult(last.number, last.width, last.height, words, last.text, 0.9, 0.9)
    assert values(pages)["signer_name"] == "Huỳnh Tấn Lợi"


@pytest.mark.parametrize("name, expected", [
    ("Đoàn Thị Kim.Ngân", "Đoàn Thị Kim Ngân"),
    ("Võ NgọcBích", "Võ Ngọc Bích"),
])
def test_name_words_ocr_glued(name: str, expected: str) -> None:
    assert values(party_doc(name=name))["signer_name"] == expected


def test_name_fragment_is_not_completed_into_another_name() -> None:
    # The seal hid the start of the name: 'linh Chính' is no 'Đinh Chính'.
    assert values(party_doc(name="linh Chính", name_conf=0.7))["signer_name"] == ""


@pytest.mark.parametrize("line, symbol", [
    ("Số 12.NQ/HU", "12-NQ/HU"),
    ("Số Ø5-QĐi/HU", "05-QĐi/HU"),
])
def test_more_party_number_slips(line: str, symbol: str) -> None:
    assert values(party_doc(number_line=line))["symbol"] == symbol


def test_fraction_slash_and_marked_letters_in_a_state_symbol() -> None:
    v = values(state_doc(number_line="Số: 21⁄2019/TT-BNNPTÑT", issuer="BỘ NÔNG NGHIỆP",
                         type_line="THÔNG TƯ"))
    assert v["symbol"] == "21/2019/TT-BNNPTNT"


@pytest.mark.parametrize("line, iso", [
    ("Tam Kỳ, ngày 18 tháng 03 năm 2920", "2020-03-18"),  # a typewritten 0 read as 9
    ("Tam Kỳ, ngày 25 tháng 19 năm 2822", "2022-10-25"),
    ('Tam Kỳ, ngày 20 tháng 01 năm 2016"', "2016-01-20"),
])
def test_round_figures_read_for_zero(line: str, iso: str) -> None:
    assert values(party_doc(date_line=line))["date"] == iso


def test_a_name_read_right_with_little_confidence_under_a_seal_is_kept() -> None:
    m = metadata.extract(party_doc(name="Hoàng Văn Giang", name_conf=0.06))
    assert m.value("signer_name") == "Hoàng Văn Giang"


def test_signature_strokes_read_with_little_confidence_are_not_a_name() -> None:
    m = metadata.extract(party_doc(name="Xzq Ww", name_conf=0.06))
    assert m.value("signer_name") == ""
