"""Snippet matching: the words searched in the text itself equal the words searched in the
text folded character by character (the definition)."""
from __future__ import annotations

import random
import re

import pytest

from luutru.index.highlight import _FOLD_LOWER, Terms, matches
from luutru.vietnamese import fold

TEXT = ("QUY ĐỊNH về công tác hoà giải ở cơ sở. Điều 1. Các cấp UỶ tăng cường lãnh đạo "
        "công tác hòa giải, HOÀ GIẢI viên; cải cách hành chính (CẢI CÁCH) năm 2019-2020. "
        "Ðoàn thể, đồng chí Đỗ Văn Đức; Nghị quyết 15-NQ/TW; thủy lợi, thuỷ lợi, Thuỷ Lợi.")


def by_folding(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_]|[\u0300-\u036f])")
    return [m.span() for m in pattern.finditer(text.translate(_FOLD_LOWER))]


@pytest.mark.parametrize("query", [
    "hoa giai", "hòa giải", "cai cach", "uy", "dong chi do van duc", "thuy loi", "2019",
    "doan the", "ve cong tac o co so", "15",
])
def test_words_match_as_in_the_folded_text(query):
    words = frozenset(fold(w.lower()) for w in query.split())
    assert matches(TEXT, Terms(words)) == by_folding(TEXT, words)
    assert matches(TEXT, Terms(words))  # each query finds something in the text


def test_words_match_as_in_the_folded_text_at_random():
    rng = random.Random(4)
    syllables = re.findall(r"[^\W\d_]+", TEXT)
    for _ in range(300):
        words = frozenset(fold(rng.choice(syllables).lower()) for _ in range(rng.randint(1, 4)))
        assert matches(TEXT, Terms(words)) == by_folding(TEXT, words)


def test_marked_and_capital_forms_are_marked():
    spans = matches(TEXT, Terms(frozenset({"hoa", "giai"})))
    assert [TEXT[s:e] for s, e in spans] == ["hoà", "giải", "hòa", "giải", "HOÀ", "GIẢI"]
