"""The Vietnamese analyzer: each tokenizer and filter, and the storage format details."""
from __future__ import annotations

import unicodedata

import pytest
from whoosh.fields import TEXT

from luutru.index import analysis, whoosh_analysis
from luutru.index.analysis import syllable_positions, syllables, type_codes
from luutru.index.schema import classification_level, doc_type_label
from luutru.index.whoosh_analysis import (
    CompoundFilter,
    FoldFilter,
    Normalized,
    SyllableTokenizer,
    SymbolTokenizer,
    ToneFilter,
    compound_analyzer,
    exact_analyzer,
    folded_analyzer,
)
from luutru.index.whoosh_internals import pack_values, unpack_values
from luutru.index.whoosh_schema import ArrayPositions, build_schema
from luutru.vietnamese import symbol_key


def texts(tokens) -> list[str]:
    return [t.text for t in tokens]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- NFC ---------------------------------------------------------------------------------


def test_normalized_composes_before_tokenising():
    raw = nfd("Tiếp tục đổi mới")
    assert len(raw) > len("Tiếp tục đổi mới")  # really decomposed
    assert texts(Normalized(SyllableTokenizer())(raw)) == ["Tiếp", "tục", "đổi", "mới"]


def test_syllable_tokenizer_alone_never_splits_at_combining_marks():
    # Even without Normalized, a decomposed word stays one token (marks belong to it).
    assert texts(SyllableTokenizer()(nfd("người dân"))) == [nfd("người"), nfd("dân")]


def test_nfd_and_nfc_give_the_same_tokens():
    text = "Ủy ban nhân dân xã Hòa Khánh"
    assert syllables(nfd(text)) == syllables(text)


# --- tone placement (the rule itself: tests/test_vietnamese.py) --------------------------


def test_tone_filter_applies_place_tone_to_every_token():
    tokens = ToneFilter()(SyllableTokenizer()("Hoà bình và thuỷ lợi"))
    assert texts(tokens) == ["Hòa", "bình", "và", "thủy", "lợi"]


def test_both_conventions_index_the_same_terms():
    assert syllables("Ủy ban hoà giải, THUỶ LỢI") == syllables("Uỷ ban hòa giải, THỦY LỢI")


# --- lowercase, positions, chars ----------------------------------------------------------


def test_exact_analyzer_lowercases_and_keeps_positions_and_chars():
    text = "CẢI CÁCH Hành chính"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in exact_analyzer()(text, positions=True, chars=True)]
    assert [t[0] for t in tokens] == ["cải", "cách", "hành", "chính"]
    assert [t[1] for t in tokens] == [0, 1, 2, 3]
    assert [text[s:e] for _, _, s, e in tokens] == ["CẢI", "CÁCH", "Hành", "chính"]


def test_no_stop_words_are_removed():
    # English stop lists would drop these real Vietnamese syllables.
    assert syllables("an to in may can on") == ["an", "to", "in", "may", "can", "on"]


def test_punctuation_and_symbols_split_syllables():
    assert syllables("Số 15-NQ/TW, ngày 03/02/2021") == [
        "số", "15", "nq", "tw", "ngày", "03", "02", "2021"]


# --- folding ------------------------------------------------------------------------------


def test_fold_filter_and_folded_analyzer():
    assert texts(FoldFilter()(SyllableTokenizer()("Đồng Tháp"))) == ["dong", "thap"]
    assert texts(folded_analyzer()("Huyện uỷ Đắk Glong")) == ["huyen", "uy", "dak", "glong"]


# --- compounds ----------------------------------------------------------------------------


def test_compounds_are_added_alongside_syllables_at_the_first_position():
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in
              compound_analyzer()("Đẩy mạnh cải cách hành chính", positions=True, chars=True)]
    syllable_tokens = [t for t in tokens if "_" not in t[0]]
    assert [t[0] for t in syllable_tokens] == ["đẩy", "mạnh", "cải", "cách", "hành", "chính"]
    assert [t[1] for t in syllable_tokens] == list(range(6))
    compounds = {t[0]: t for t in tokens if "_" in t[0]}
    assert "cải_cách" in compounds and "hành_chính" in compounds
    assert compounds["cải_cách"][1:] == (2, 9, 17)  # position of 'cải', chars of both


def test_folded_compounds():
    assert "cai_cach" in texts(compound_analyzer(folded=True)("cải cách hành chính"))


def test_segmentation_never_joins_across_punctuation(monkeypatch):
    chunks = []

    def fake_lengths(syls):
        chunks.append(syls)
        return (len(syls),)  # join everything it is given

    monkeypatch.setattr(whoosh_analysis, "word_lengths", fake_lengths)
    analyzer = Normalized(SyllableTokenizer(breaks=True)) | CompoundFilter()
    out = texts(analyzer("kinh tế, xã hội"))
    assert chunks == [("kinh", "tế"), ("xã", "hội")]
    assert "kinh_tế" in out and "xã_hội" in out and "tế_xã" not in out


def test_word_lengths_fall_back_to_syllables_when_segmenter_disagrees(monkeypatch):
    import underthesea.pipeline.word_tokenize as wt

    monkeypatch.setattr(wt, "word_tokenize", lambda text: ["a b c"])  # 3 != 2 syllables
    analysis.word_lengths.cache_clear()
    try:
        assert analysis.word_lengths(("xin", "chào")) == (1, 1)
    finally:
        analysis.word_lengths.cache_clear()


# --- the fast indexing path ---------------------------------------------------------------

SAMPLE = ("Ban Thường vụ HUYỆN UỶ quyết định: tiếp tục thực hiện Nghị quyết số 15-NQ/TW; "
          + nfd("hoà giải ở cơ sở, thuỷ lợi nội đồng") + " và hòa giải. Số: 456/UBND-VP")


def test_syllable_positions_equals_the_analyzer():
    expected: dict[str, list[int]] = {}
    for t in exact_analyzer()(SAMPLE, positions=True):
        expected.setdefault(t.text, []).append(t.pos)
    assert syllable_positions(SAMPLE) == expected


def test_body_field_indexes_what_a_plain_text_field_would():
    field = build_schema()["body"]
    assert sorted(field.index(SAMPLE)) == sorted(TEXT.index(field, SAMPLE))


def test_array_positions_round_trip():
    fmt = ArrayPositions()
    value = fmt.encode([0, 7, 300000])
    assert fmt.decode_positions(value) == [0, 7, 300000]
    assert fmt.decode_frequency(value) == 3
    assert fmt.decode_positions(fmt.combine([fmt.encode([5, 1]), fmt.encode([1, 2])])) == [1, 2, 5]


def test_block_values_round_trip():
    values = [b"abcd", b"", b"\x00\x01\x02\x03\x04\x05\x06\x07"]
    lengths, joined = unpack_values(pack_values(values))
    assert lengths == [4, 0, 8]
    assert bytes(joined) == b"".join(values)


# --- symbols ------------------------------------------------------------------------------


@pytest.mark.parametrize(("printed", "key", "pieces"), [
    ("15-NQ/TW", "15-nq/tw", {"15", "nq", "tw", "nq#15"}),
    ("30/2020/NĐ-CP", "30/2020/nd-cp", {"30", "2020", "nd", "cp", "nd#30"}),
    ("1074/QĐ-BXD", "1074/qd-bxd", {"1074", "qd", "bxd", "qd#1074"}),
    ("05-QC/BTCTU-BDVTU", "5-qc/btctu-bdvtu", {"5", "qc", "btctu", "bdvtu", "qc#5"}),
    ("Số: 456/UBND-VP", "456/ubnd-vp", {"456", "ubnd", "vp"}),
    ("Số 294-QĐi/TW", "294-qdi/tw", {"294", "qdi", "tw", "qdi#294"}),
])
def test_symbols_are_kept_whole_and_in_pieces(printed, key, pieces):
    tokens = texts(SymbolTokenizer()(printed))
    assert tokens[0] == key
    assert pieces <= set(tokens)
    assert symbol_key(printed) == key


def test_dates_and_plain_numbers_are_not_symbols():
    assert texts(SymbolTokenizer()("ngày 01-10-1997")) == []
    assert texts(SymbolTokenizer()("Điều 5")) == []


def test_type_names_map_to_codes():
    assert type_codes("Nghị quyết") == ("nq",)
    assert type_codes("quy dinh") == ("qdi", "qyd", "qd")
    assert type_codes("KẾT  LUẬN") == ("kl",)
    assert type_codes("Thư mời") == ()


# --- labels -------------------------------------------------------------------------------


def test_classification_levels_fail_closed():
    assert classification_level("") == 0
    assert classification_level("Mật") == 1
    assert classification_level("TỐI MẬT") == 2
    assert classification_level("tuyet mat") == 3
    assert classification_level("TỐl MẬT") == 3  # damaged by OCR: treated as the highest


def test_doc_type_label_is_one_facet_value_per_type():
    assert doc_type_label("NGHỊ  QUYẾT") == doc_type_label("nghị quyết") == "Nghị quyết"
    assert doc_type_label("Quyết định về hoà giải") == "Quyết định về hòa giải"


@pytest.mark.parametrize("text", [
    "Nghị quyết về công tác hòa giải", nfd("Thuỷ lợi, THỦY LỢI; hoà bình!"),
    "Số 15-NQ/TW ngày 30/7/2019 của Ban Chấp hành", "ĐẢNG CỘNG SẢN VIỆT NAM\nuỷ ban"])
def test_syllables_are_the_exact_analyzers_tokens(text):
    # index.analysis.syllables parses queries without Whoosh; it must give what the Whoosh
    # exact analyzer indexes.
    assert syllables(text) == texts(exact_analyzer()(text))
