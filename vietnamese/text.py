"""Letters: NFC, diacritic folding and tone placement.

Two tone-placement conventions coexist, even inside one document (hoà/hòa, thuỷ/thủy,
uỷ/ủy); NFC does not merge them, `place_tone` does. Folding removes every mark and maps
đ to d, so a query typed without diacritics finds the words; it also merges different
words (ma/mà/má), which is why callers rank an exact match above a folded one.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from luutru.vietnamese.syllables import TONE_MARKS as _TONE_MARKS
from luutru.vietnamese.syllables import without_tones

# A syllable: letters/digits plus combining marks, so decomposed (NFD) text never splits at a
# mark even when no precomposed letter exists. '_' is excluded: it joins compound tokens.
SYLLABLE_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


# The characters of nearly every lowercased Vietnamese text: ASCII, the lowercase
# Vietnamese letters, and the typographic marks and spaces documents print.
_COMMON = "".join(sorted(
    {unicodedata.normalize("NFC", vowel + tone)
     for vowel in "aăâeêioôơuưy" for tone in ("", *_TONE_MARKS)}
    | set("đð–—“”‘’…•·«»°§±×€©\u00a0\u200b\u202f")
    - set(map(chr, range(128)))))


class CommonCharmap:
    """A rule that maps each character to one character, applied to a text made only of
    ASCII and _COMMON characters in three C passes (encoding through a charmap, one
    bytes.translate, decoding), where str.translate looks each character up in a dict:
    about five times faster on a page. apply() gives None for a text with any other
    character: the caller then uses its own table, whose results these equal (tests
    check every character)."""

    def __init__(self, rule: Callable[[str], str]) -> None:
        alphabet = "".join(map(chr, range(128))) + _COMMON
        self.decoding = alphabet + "\ufffe" * (256 - len(alphabet))
        self.encoding = codecs.charmap_build(self.decoding)
        self.table = bytes(alphabet.index(rule(c)) for c in alphabet) + bytes(
            range(len(alphabet), 256))

    def apply(self, text: str) -> str | None:
        try:
            encoded = codecs.charmap_encode(text, "strict", self.encoding)[0]
        except UnicodeEncodeError:
            return None
        return codecs.charmap_decode(encoded.translate(self.table), "strict", self.decoding)[0]


# Tesseract reads the capital Đ as the Icelandic Ð (U+00D0) often enough to matter.
_D_LIKE = {"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"}


class _FoldTable(dict[int, str | None]):
    """str.translate table filled on first use of each character."""

    def __missing__(self, code: int) -> str | None:
        c = chr(code)
        if c in _D_LIKE:
            out: str | None = _D_LIKE[c]
        elif unicodedata.combining(c):
            out = None  # a mark of decomposed text: dropped with the others
        else:
            base = "".join(p for p in unicodedata.normalize("NFD", c.lower())
                           if not unicodedata.combining(p))
            # Keep one character per character ('İ' lowers to two): callers slice the
            # original text at offsets found in the folded one.
            out = base if len(base) == 1 else c
        self[code] = out
        return out


_FOLD = _FoldTable()
# fold() of a lowercased common text: one character per character, as the table folds.
_FOLD_COMMON = CommonCharmap(lambda c: c.translate(_FOLD))


def fold(text: str) -> str:
    """Lower case without diacritics: 'Đảng ủy' -> 'dang uy'.

    One character per character of NFC input, so a regex can run on the folded text
    (tolerant of lost or wrong marks) while the match is sliced from the original;
    decomposed (NFD) input folds the same as its NFC form.
    """
    if len(text) <= _CACHED_LENGTH:
        return _fold_short(text)
    folded = _FOLD_COMMON.apply(text.lower())
    return text.translate(_FOLD) if folded is None else folded


# Words and short lines are folded again and again (the index folds every term of its
# vocabulary): they are cached; whole documents are not, or the cache would hold them all.
_CACHED_LENGTH = 64


@lru_cache(maxsize=200_000)
def _fold_short(text: str) -> str:
    return text.translate(_FOLD)


# The vowel pairs whose tone goes on the first vowel in the traditional convention
# (hòa, hòe, thủy) and on the second in the newer one (hoà, hoè, thuỷ). We keep the
# traditional one for open syllables; with a final consonant (hoàng, khuyết) both
# conventions agree on the second vowel, and that is enforced too.
_PAIRS = {"o": "ae", "u": "y"}
_PAIR_RE = re.compile(
    r"(?P<onset>[^\W\d_]*?)(?P<first>[ou])(?P<second>[aey])(?P<coda>[cghmnpt]*|[iy])$",
    re.IGNORECASE,
)


def _split_tone(ch: str) -> tuple[str, str]:
    """'ò' -> ('o', '\u0300'); a letter without a tone mark -> (letter, '')."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in parts if c in _TONE_MARKS)
    base = without_tones(ch)
    return base, tone


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


@lru_cache(maxsize=200_000)
def place_tone(syllable: str) -> str:
    """Put the tone mark of an oa/oe/uy syllable where the traditional convention does.

    hoà -> hòa, HOÁ -> HÓA, thuỷ -> thủy, uỷ -> ủy, hòang -> hoàng, qúy -> quý.
    Expects NFC; any other syllable comes back unchanged.
    """
    bare = without_tones(syllable)
    if bare == syllable:
        return syllable
    if len(bare) != len(syllable):  # not composed letter by letter: leave it alone
        return syllable
    m = _PAIR_RE.match(bare)
    if m is None or m.group("second").lower() not in _PAIRS[m.group("first").lower()]:
        return syllable
    onset, coda = m.group("onset"), m.group("coda")
    start = len(onset)
    first, tone1 = _split_tone(syllable[start])
    second, tone2 = _split_tone(syllable[start + 1])
    tone = tone1 or tone2
    if not tone or (tone1 and tone2):
        return syllable
    after_q = onset.lower().endswith("q")  # "qu" is a consonant: quý has a single vowel y
    if not coda and not after_q:
        new = _with_tone(first, tone) + second
    else:
        new = first + _with_tone(second, tone)
    return syllable[:start] + new + syllable[start + 2:]


def normalize_text(text: str) -> str:
    """NFC, then the traditional tone placement on every syllable; case is kept."""
    return SYLLABLE_RE.sub(lambda m: place_tone(m.group(0)), nfc(text))


def tone_key(text: str) -> str:
    """Lower case with one tone-placement convention, for 'same word' comparisons:
    tone_key('Hoà') == tone_key('hòa')."""
    return normalize_text(text).lower()
