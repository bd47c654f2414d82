"""What a Vietnamese syllable looks like: onset + vowel nucleus + final consonant, one tone.

Vietnamese has a closed set of valid syllables, which makes many OCR errors and legacy-font
garbage detectable.
"""
from __future__ import annotations

import re
import unicodedata

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave acute tilde hook dot-below
_STOP_TONES = frozenset("\u0301\u0323")  # the only tones a syllable ending in c/ch/p/t takes
_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
_NUCLEI = (
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "iê", "oa", "oă", "oe", "oi",
    "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "iêu", "yêu",
)  # fmt: skip
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")


def _alternation(options: tuple[str, ...]) -> str:
    # Longest first, so that `ngh` is tried before `ng` and `n`.
    return "|".join(sorted(options, key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_alternation(_ONSETS)})?(?:{_alternation(_NUCLEI)})(?P<coda>{_alternation(_CODAS)})?"
)


def without_tones(text: str) -> str:
    """NFC text with its tone marks taken off and every other mark kept: 'Hiền' and 'Hiến'
    are 'Hiên', 'Hưng' stays 'Hưng'. Two readings equal without tones differ only in
    the marks a seal or a faint stroke hides most often."""
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONE_MARKS))


def is_vietnamese_syllable(token: str) -> bool:
    """Whether `token` (any case, NFC or NFD) is a well-formed Vietnamese syllable.

    Checks the structure onset + vowel nucleus + final consonant, at most one tone mark,
    and that a syllable closed by c, ch, p or t carries the acute or dot-below tone.
    """
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) > 1:
        return False
    match = _SYLLABLE.fullmatch(without_tones(decomposed))
    if match is None:
        return False
    if match["coda"] in ("c", "ch", "p", "t"):
        return bool(tones) and tones[0] in _STOP_TONES
    return True
