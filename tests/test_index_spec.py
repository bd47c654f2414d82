"""index.spec applies the analysis rules exactly as the Whoosh analyzers do."""
from __future__ import annotations

import unicodedata

import pytest

from luutru.index.analysis import syllables
from luutru.index.spec import date_key, exact_tokens, symbol_tokens
from luutru.index.tantivy_query import tantivy_fold
from luutru.index.whoosh_analysis import folded_analyzer, symbol_analyzer

TEXTS = [
    "ĐẢNG CỘNG SẢN VIỆT NAM\nSố 294-QĐ/TW, ngày 2/5/2019",
    "Huyện uỷ hoà giải; THUỶ LỢI, khoẻ — qúy hòang",
    unicodedata.normalize("NFD", "Quốc hội khoá XV về thuỷ sản"),
    "İstanbul ñandú ǅ straße ﬁ 10km² x_y",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_token_lists_equal_the_analyzers(text):
    assert exact_tokens(text) == syllables(text)
    folded = [t.text for t in folded_analyzer()(text)]
    # Tantivy folds the exact syllables itself (index.tantivy_backend)
    assert [tantivy_fold(t) for t in exact_tokens(text)] == folded or not text.isascii()


def test_tantivy_folds_every_vietnamese_syllable_as_the_spec_does():
    from pathlib import Path

    import underthesea

    from luutru.index.analysis import fold

    words = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    syllables = sorted({s for line in words.read_text(encoding="utf-8").splitlines()
                        for s in exact_tokens(line)})
    assert len(syllables) > 5000
    assert [tantivy_fold(s) for s in syllables] == [fold(s) for s in syllables]


@pytest.mark.parametrize("text", ["Số: 30/2020/NĐ-CP", "15-NQ/TW và 05-QC/TU", "không có"])
def test_symbol_tokens_equal_the_symbol_analyzer(text):
    assert symbol_tokens(text) == list(dict.fromkeys(t.text for t in symbol_analyzer()(text)))


def test_date_keys_sort_like_iso_strings():
    dates = ["", "2019", "2019-03", "2019-03-05", "2019-12-31", "2020"]
    assert sorted(dates, key=date_key) == sorted(dates)


def test_exact_text_splits_as_the_syllable_pattern_finds():
    """exact_tokens splits a translated string instead of running SYLLABLE_RE: the same
    syllables for every character of the Latin, combining-mark, punctuation and
    Vietnamese ranges, in any mix."""
    from luutru.vietnamese import SYLLABLE_RE, place_tone

    chars = "".join(chr(c) for c in [*range(0x20, 0x250), *range(0x300, 0x370),
                                      *range(0x1E00, 0x1F00), *range(0x2000, 0x2070),
                                      0x3000, 0xFEFF, 0x1C, 0x1F, 0x85])
    texts = [*TEXTS, chars, " ".join(chars), "a".join(chars),
             unicodedata.normalize("NFD", chars), "Hoà  bình\u00a0thuỷ_lợi\u2003khoẻ"]
    for text in texts:
        lowered = unicodedata.normalize("NFC", text).lower()
        expected = [place_tone(s) for s in SYLLABLE_RE.findall(lowered)]
        assert exact_tokens(text) == expected


def test_pairs_are_those_of_two_common_syllables():
    from luutru.index.spec import common_pairs

    tokens = exact_tokens("Ban Thường vụ huyện uỷ về khuyến nông ở vùng ngoằn ngoèo và khướu")
    assert common_pairs(tokens).split() == [
        "ban_thường", "thường_vụ", "vụ_huyện", "huyện_ủy", "ủy_về", "nông_ở", "ở_vùng"]
    assert common_pairs([]) == common_pairs(["và"]) == ""


def test_a_phrase_asks_only_for_pairs_the_index_holds():
    """A phrase query requires the pair of two syllables that Tantivy folded to common
    ones (common_pair); the document holding them has it indexed only if the spec
    counts both common (common_syllable, on fold()). Tantivy's ASCII folding and fold()
    work character by character, so it is enough that, for every character Tantivy folds
    to what a common syllable is made of (lowercase ASCII letters), fold() gives the same
    or something not ASCII (then the syllable counts common)."""
    import string

    from luutru.index.spec import common_pair, common_syllable
    from luutru.vietnamese import SYLLABLE_RE, fold

    disagree = []
    for code in range(0x80, 0x30000):
        char = chr(code)
        if not SYLLABLE_RE.fullmatch(char) or 0xD800 <= code <= 0xDFFF:
            continue
        ours, theirs = fold(char.lower()), tantivy_fold(char.lower())
        if set(theirs) <= set(string.ascii_lowercase) and ours.isascii() and ours != theirs:
            disagree.append(char)
    assert disagree == []
    # e.g. 'ŋ', which Tantivy folds to 'n' and fold() keeps: 'baŋ' is Tantivy's 'ban'.
    assert tantivy_fold("baŋ") == "ban" and common_pair("cua", tantivy_fold("baŋ"))
    assert common_syllable("baŋ")
    assert not common_syllable("ngoằn") and not common_pair("cua", "ngoan")
