"""The Vietnamese text rules (`vietnamese/`): letters, document types, symbols, dates; and
the full type list of both families found through the index search."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from luutru.index import ArchiveIndex, IndexRecord
from luutru.vietnamese import (
    PARTY,
    STATE,
    TYPE_NAMES,
    TYPES,
    as_figures,
    canonical_type_code,
    codes_for_name,
    date_vi,
    expand_issuer,
    fold,
    format_date_dmy,
    format_date_vi,
    iso_date,
    nfc,
    normalize_text,
    parse_date,
    parse_symbol,
    place_tone,
    symbol_key,
    symbol_terms,
    tone_key,
    tt05_type_code,
    type_name,
    valid_iso,
)

# --- letters ------------------------------------------------------------------------------


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_fold_removes_every_mark_strokes_d_and_lowers():
    assert fold("Đảng ủy Ượng Ữ") == "dang uy uong u"
    assert fold("đ") == fold("Đ") == fold("Ð") == "d"  # Ð: Tesseract's Đ


def test_fold_keeps_one_character_per_character_of_nfc_text():
    text = "Nghị quyết số 15-NQ/TW của Bộ Chính trị"
    assert len(fold(text)) == len(text)


def test_fold_of_decomposed_text_equals_fold_of_composed():
    text = "Tỉnh ủy Quảng Ngãi, hoà giải, THUỶ LỢI"
    assert fold(nfd(text)) == fold(text)


def test_folding_merges_words_that_differ_only_in_marks():
    assert {fold(w) for w in ("ma", "mà", "má", "mả", "mã", "mạ")} == {"ma"}


def test_nfc_composes_and_accepts_none_like_empty():
    assert nfc(nfd("Nghị quyết")) == "Nghị quyết"
    assert nfc("") == ""


TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


@pytest.mark.parametrize("onset", ["h", "th", "x", "", "kh", "t"])
@pytest.mark.parametrize("pair", ["oa", "oe", "uy"])
@pytest.mark.parametrize("tone", list(TONES))
def test_open_oa_oe_uy_take_the_tone_on_the_first_vowel(onset, pair, tone):
    new_style = nfc(onset + pair[0] + pair[1] + tone)  # hoà, thuỷ, uỷ
    old_style = nfc(onset + pair[0] + tone + pair[1])  # hòa, thủy, ủy
    assert place_tone(new_style) == old_style
    assert place_tone(old_style) == old_style
    assert place_tone(new_style.upper()) == old_style.upper()
    assert place_tone(new_style.capitalize()) == old_style.capitalize()


@pytest.mark.parametrize(("given", "expected"), [
    ("hoà", "hòa"), ("uỷ", "ủy"), ("thuỷ", "thủy"), ("hoá", "hóa"), ("HOẢ", "HỎA"),
    ("khoẻ", "khỏe"), ("Tuỳ", "Tùy"), ("toạ", "tọa"),
])
def test_examples(given, expected):
    assert place_tone(given) == expected


@pytest.mark.parametrize(("given", "expected"), [
    ("hoàng", "hoàng"), ("hòang", "hoàng"),  # closed syllable: tone on the second vowel
    ("huỳnh", "huỳnh"), ("hùynh", "huỳnh"),
    ("hoài", "hoài"), ("khoái", "khoái"),  # oai/oay: on the a in both conventions
    ("quý", "quý"), ("qúy", "quý"), ("quỳ", "quỳ"),  # qu is a consonant
    ("khuya", "khuya"), ("thuở", "thuở"), ("người", "người"), ("nghị", "nghị"),
])
def test_other_syllables_keep_or_get_the_standard_placement(given, expected):
    assert place_tone(given) == expected


def test_normalize_text_and_tone_key_merge_the_two_conventions():
    assert normalize_text(nfd("Uỷ ban hoà giải, THUỶ LỢI")) == "Ủy ban hòa giải, THỦY LỢI"
    assert tone_key("Hoà Bình") == tone_key("hòa bình") == "hòa bình"
    assert tone_key("hoàng") != tone_key("hòa")


# --- document types -----------------------------------------------------------------------

# Nghị định 30/2020/NĐ-CP, Phụ lục III (and the normative types), and Hướng dẫn
# 36-HD/VPTW: every code and name a symbol of either family may print.
STATE_TYPES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
    "QyĐ": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn",
    "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án",
    "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng",
    "CĐ": "Công điện", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch", "L": "Lệnh", "PL": "Pháp lệnh", "CV": "Công văn",
}
PARTY_TYPES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận",
    "QC": "Quy chế", "QĐi": "Quy định", "TT": "Thông tri", "HD": "Hướng dẫn",
    "BC": "Báo cáo", "KH": "Kế hoạch", "QHo": "Quy hoạch", "CTr": "Chương trình",
    "TB": "Thông báo", "TTr": "Tờ trình", "ĐA": "Đề án", "CV": "Công văn",
    "BB": "Biên bản", "QTr": "Quy trình", "GCN": "Giấy chứng nhận",
    "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi",
}


@pytest.mark.parametrize(("family", "table"), [(STATE, STATE_TYPES), (PARTY, PARTY_TYPES)])
def test_every_code_of_both_families_names_its_type(family, table):
    for code, name in table.items():
        assert type_name(code, family) == name, code
        assert code in codes_for_name(name, family), code
        assert name in TYPE_NAMES


def test_the_table_holds_nothing_but_the_two_lists():
    listed = {(c, n) for c, n in STATE_TYPES.items()} | {(c, n) for c, n in PARTY_TYPES.items()}
    assert {(t.code, t.name) for t in TYPES} == listed


def test_tt05_type_codes_are_given_only_for_known_type_names():
    assert [tt05_type_code(n) for n in ("Nghị quyết", "Quyết định", "Chỉ thị", "Công văn",
                                        "Công điện")] == ["01", "02", "03", "22", "23"]
    # No guessed 32 'Khác': a type the table does not hold gets no code.
    assert tt05_type_code("Giấy mời") == "" and tt05_type_code("") == ""
    assert tt05_type_code("Khác") == "32"
    assert tt05_type_code(nfc("Quye\u0302\u0301t đi\u0323nh")) == "02"  # decomposed input


def test_tt_is_thong_tri_for_the_party_and_thong_tu_for_the_state():
    assert type_name("TT", PARTY) == "Thông tri"
    assert type_name("TT", STATE) == type_name("TT") == "Thông tư"
    assert "TT" not in codes_for_name("Thông tri", STATE)


def test_type_names_that_print_another_code():
    assert codes_for_name("Quy định", PARTY)[0] == "QĐi"
    assert "QĐ" in codes_for_name("Quy định", PARTY)
    assert codes_for_name("Chương trình hành động") == ("CTr",)
    assert codes_for_name("Thư công") == ()


@pytest.mark.parametrize(("read", "code"), [
    ("ND", "NĐ"), ("QDi", "QĐi"), ("Ctr", "CTr"), ("CD", "CĐ"), ("DA", "DA"), ("ĐA", "ĐA"),
    ("QyD", "QyĐ"), ("XYZ", ""), ("ÐA", "ĐA"),
])
def test_canonical_type_code(read, code):
    assert canonical_type_code(read) == code


# --- symbols ------------------------------------------------------------------------------


@pytest.mark.parametrize(("printed", "text", "number", "year", "code", "family"), [
    ("15-NQ/TW", "15-NQ/TW", "15", "", "NQ", PARTY),
    ("Số 294 - QĐi / TW", "294-QĐi/TW", "294", "", "QĐi", PARTY),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "30", "2020", "NĐ", STATE),
    ("12/CĐ-UBND", "12/CĐ-UBND", "12", "", "CĐ", STATE),
    ("456/UBND-VP", "456/UBND-VP", "456", "", "", STATE),
    ("l5-nq/tw", "15-NQ/TW", "15", "", "NQ", PARTY),
])
def test_parse_symbol(printed, text, number, year, code, family):
    s = parse_symbol(printed.removeprefix("Số "))
    assert (s.text, s.number, s.year, s.type_code, s.family, s.valid) == (
        text, number, year, code, family, True)


def test_unparsed_symbols_are_marked_invalid():
    assert not parse_symbol("12/abc").valid
    assert not parse_symbol("").valid


@pytest.mark.parametrize(("token", "figures"), [
    ("I38", "138"), ("1O", "10"), ("l5", "15"), ("138", "138"),
    # No figure: a word or a Roman numeral; a Q before a figure is Quận's.
    ("II", "II"), ("XIV", "XIV"), ("lo", "lo"), ("Q1", "Q1"), ("ỦY", "ỦY"), ("15-NQ", "15-NQ"),
])
def test_a_number_read_with_letters_for_figures(token, figures):
    assert as_figures(token) == figures


def test_leading_zeros_make_no_other_symbol():
    assert symbol_key("05-QĐi/TU") == symbol_key("5-QĐi/TU") == "5-qdi/tu"
    assert parse_symbol("05-QĐi/TU").key == parse_symbol("5-QĐi/TU").key


def test_symbol_spellings_agree():
    assert symbol_key("294-QĐ/TW") == symbol_key("294-qd/tw") == symbol_key("294 - QĐ / TW")
    assert symbol_key("294-QĐ/TW") != symbol_key("294-QĐi/TW")
    assert symbol_key("30/2020/NĐ-CP") != symbol_key("30/2021/NĐ-CP")


def test_dates_and_plain_numbers_are_not_symbols():
    assert symbol_terms("ngày 16/8/2011") is None
    assert symbol_terms("Điều 5") is None


# --- dates --------------------------------------------------------------------------------


def test_iso_date_refuses_days_that_do_not_exist():
    assert iso_date("30", "7", "2007") == "2007-07-30"
    assert iso_date(29, 2, 2024) == "2024-02-29"
    assert iso_date("31", "2", "2020") == ""
    assert iso_date("29", "2", "2023") == ""
    assert iso_date("1", "13", "2020") == ""


@pytest.mark.parametrize(("typed", "iso"), [
    ("2019", "2019"), ("2019-3", "2019-03"), ("5/3/2019", "2019-03-05"),
    ("05.03.2019", "2019-03-05"), ("", ""), ("31/2/2020", None), ("2020-02-30", None),
    ("2020-13", None), ("abc", None), ("29/2/2024", "2024-02-29"), ("30/2/2021", None),
    ("29/2/2021", None), ("2020-02-31", None), ("hôm qua", None),
])
def test_parse_date(typed, iso):
    assert parse_date(typed) == iso


def test_valid_iso_keeps_only_stored_iso_dates():
    assert valid_iso(" 2007-07-30 ") == "2007-07-30"
    assert valid_iso("2007-07") == "2007-07"
    assert valid_iso("2019-02-31") == ""
    assert valid_iso("30/7/2007") == ""


@pytest.mark.parametrize(("iso", "text"), [
    ("2007-07-30", "ngày 30/7/2007"), ("2020-03-05", "ngày 5/3/2020"),
    ("1997-10-01", "ngày 1/10/1997"), ("", ""), ("2019-02-30", ""), ("30/7/2007", ""),
])
def test_format_date_vi(iso: str, text: str) -> None:
    assert format_date_vi(iso) == text


@pytest.mark.parametrize(("iso", "text"), [
    ("2007-07-30", "30/07/2007"), ("2020-03-05", "05/03/2020"), ("", ""),
    ("2019-02-30", ""), ("2019-02", ""), ("30/7/2007", ""),
])
def test_format_date_dmy_is_the_archival_dd_mm_yyyy(iso: str, text: str) -> None:
    assert format_date_dmy(iso) == text
    if text:
        assert parse_date(text) == iso  # and reads back
def test_issuer_abbreviations_are_spelled_out():
    assert expand_issuer("UBND tỉnh Bình An") == "ỦY BAN NHÂN DÂN tỉnh Bình An"
    assert expand_issuer("ubnd tinh") == "ỦY BAN NHÂN DÂN tinh"
    assert expand_issuer("HU Sông Trà") == "HUYỆN ỦY Sông Trà"
    assert expand_issuer("TU Bình An") == "TỈNH ỦY Bình An"
    assert expand_issuer("HĐND tỉnh") == "HỘI ĐỒNG NHÂN DÂN tỉnh"
    assert expand_issuer(nfd("HĐND tỉnh")) == "HỘI ĐỒNG NHÂN DÂN tỉnh"
    assert expand_issuer("sở tu pháp") == "sở tu pháp"  # a syllable, not a code


def test_date_vi_reads_partial_dates():
    assert date_vi("2007-07-30") == "ngày 30/7/2007"
    assert date_vi("2007-07") == "tháng 7/2007"
    assert date_vi("2007") == "năm 2007"


# --- every type through the index search --------------------------------------------------

FAMILY_TYPES = [(PARTY, c, n) for c, n in PARTY_TYPES.items()] + [
    (STATE, c, n) for c, n in STATE_TYPES.items()]


def _symbol(family: str, code: str, number: int) -> str:
    return f"{number}-{code}/TU" if family == PARTY else f"{number}/{code}-UBND"


def _record(i: int, family: str, code: str, name: str) -> IndexRecord:
    number = 101 + i
    symbol = _symbol(family, code, number)
    header = "ĐẢNG CỘNG SẢN VIỆT NAM" if family == PARTY else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    return IndexRecord(
        id=f"{family}-{code}", source=f"scans/{i}.pdf",
        pages=(f"{header}\nSố {symbol}\n{name.upper()}\nvề công tác lưu trữ",),
        metadata={"symbol": symbol, "doc_type": name, "family": family,
                  "date": "2021-05-04", "subject": "về công tác lưu trữ"},
    )


@pytest.fixture(scope="module")
def every_type(tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    index = ArchiveIndex(Path(tmp_path_factory.mktemp("types")) / "index")
    index.add(_record(i, *t) for i, t in enumerate(FAMILY_TYPES))
    # For each type, a report that only mentions that type and number in its text: the
    # document bearing the symbol must still come first.
    index.add(IndexRecord(
        id=f"mentions-{family}-{code}", source=f"scans/m{i}.pdf",
        pages=(f"BÁO CÁO\nThực hiện {name} {101 + i} về công tác lưu trữ",),
        metadata={"symbol": f"{900 + i}-BC/TU", "doc_type": "Báo cáo",
                  "subject": f"thực hiện {name} {101 + i}"},
    ) for i, (family, code, name) in enumerate(FAMILY_TYPES))
    return index


def _found(ix: ArchiveIndex, query: str) -> list[str]:
    return [h.id for h in ix.search(query, clearance=3, limit=100).hits]


@pytest.mark.parametrize(("i", "family", "code", "name"),
                         [(i, *t) for i, t in enumerate(FAMILY_TYPES)],
                         ids=[f"{f}-{c}" for f, c, _ in FAMILY_TYPES])
def test_every_type_is_found_by_code_type_filter_and_name_with_number(
        every_type, i, family, code, name):
    doc = f"{family}-{code}"
    number = 101 + i
    # By its symbol, which holds the code: the document itself first.
    assert _found(every_type, _symbol(family, code, number))[0] == doc
    # type:CODE, and every document it finds is of a type printing that code.
    by_code = _found(every_type, f"type:{code}")
    assert doc in by_code
    assert all(code in codes_for_name(every_type_name(d), "") for d in by_code
               if not d.startswith("mentions-")), by_code
    # type:"name", typed with or without diacritics.
    assert doc in _found(every_type, f'type:"{name}"')
    assert doc in _found(every_type, f'type:"{fold(name)}"')
    # "name number" finds the document first, before the report that mentions them.
    assert _found(every_type, f"{name} {number}")[0] == doc
    assert _found(every_type, f"{fold(name)} số {number}")[0] == doc


def every_type_name(doc_id: str) -> str:
    family, code = doc_id.split("-", 1)
    return (PARTY_TYPES if family == PARTY else STATE_TYPES)[code]


def test_the_frequent_syllables_are_a_few_hundred_well_formed_syllables():
    from luutru.vietnamese import is_vietnamese_syllable, place_tone
    from luutru.vietnamese.frequent import COMMON_FOLDED, COMMON_SYLLABLES

    assert 300 <= len(COMMON_SYLLABLES) <= 600
    for syllable in COMMON_SYLLABLES:
        assert is_vietnamese_syllable(syllable), syllable
        assert syllable == unicodedata.normalize("NFC", syllable).lower() == place_tone(syllable)
    assert {"cua", "ban", "thuong", "vu", "tinh", "uy", "nhan", "dan"} <= COMMON_FOLDED
    assert all(s.isascii() and s.isalpha() for s in COMMON_FOLDED)
