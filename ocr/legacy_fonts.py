"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC and VNI) and their conversion to Unicode.

Before Unicode, Vietnamese offices typed with fonts whose byte codes stood for Vietnamese
letters: a PDF made from such a file has a text layer that reads as `Uû ban nh©n d©n`
(TCVN3) or `UÛy ban nhaân daân` (VNI). Python has no codec for either, so the tables below
are written from the standards:

- TCVN3 (TCVN 5712:1993, the VN3 subset used by the ABC fonts `.VnTime`, `.VnArial`, ...):
  one byte per letter. Only the 67 lower-case letters and seven bare capitals (Ă Â Ê Ô Ơ Ư
  Đ) have codes; capitals with a tone are written with the same codes in a separate
  upper-case font (`.VnTimeH`, `.VnArialH`, ...), whose every glyph is a capital.
- VNI (VNI-Times, VNI-Helve, ...): a base letter followed by a byte that adds the marks
  (`a` + `ø` is `à`, `a` + `á` is `ấ`), plus single bytes for đ, ơ, ư, the toned `i` and `ỵ`.
  Capitals use the upper-case forms of the same bytes (`A` + `Ø` is `À`).

Deciding whether a piece of text is in a legacy encoding needs to know what Vietnamese
looks like: `vietnamese.is_vietnamese_syllable`.
"""
from __future__ import annotations

import re
import unicodedata

from luutru.vietnamese import TONE_MARKS, is_vietnamese_syllable

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’–—…•"
_PART_SEPARATORS = re.compile(r"[-/.,:;()]+")
_ABBREVIATION = re.compile(r"[A-ZĐa-zđ]{1,8}")


def _is_abbreviation(part: str) -> bool:
    # Type and issuer codes (UBND, NĐ, QĐi, TTg, ThU) and Roman numerals: mostly capitals.
    if not _ABBREVIATION.fullmatch(part):
        return False
    return sum(c.isupper() for c in part) * 2 >= len(part) and len(part) >= 2


def token_reads_well(token: str) -> bool:
    """Whether a whitespace-free token reads as Vietnamese text: syllables, numbers, codes
    such as `30/2020/NĐ-CP`, list markers such as `b)`, and ordinary punctuation."""
    core = token.strip(PUNCTUATION)
    if not core:
        return all(c in PUNCTUATION for c in token)
    if len(core) == 1 and core.isalpha() and core.isascii():
        return True  # list markers a), b), ... and initials
    for part in _PART_SEPARATORS.split(core):
        if not part:
            continue
        if not (part.isdigit() or is_vietnamese_syllable(part) or _is_abbreviation(part)):
            return False
    return True


def reading_share(text: str) -> float:
    """Share of the whitespace-separated tokens of `text` that read as Vietnamese."""
    tokens = text.split()
    if not tokens:
        return 0.0
    return sum(token_reads_well(t) for t in tokens) / len(tokens)


# --- TCVN3 ---------------------------------------------------------------------------------

# (first byte, the letters at that byte and the ones after it), from TCVN 5712:1993, VN3.
_TCVN3_ROWS = (
    (0xA1, "ĂÂÊÔƠƯĐăâêôơưđ"),  # A1-AE
    (0xB5, "àảãáạ"),  # B5-B9
    (0xBB, "ằẳẵắ"),  # BB-BE
    (0xC6, "ặầẩẫấậè"),  # C6-CC
    (0xCE, "ẻẽéẹềểễếệìỉ"),  # CE-D8
    (0xDC, "ĩíịò"),  # DC-DF
    (0xE1, "ỏõóọồổỗốộờởỡớợù"),  # E1-EF
    (0xF1, "ủũúụừửữứựỳỷỹýỵ"),  # F1-FE
)
TCVN3: dict[int, str] = {
    first + i: letter for first, letters in _TCVN3_ROWS for i, letter in enumerate(letters)
}

# --- VNI -----------------------------------------------------------------------------------

# Bytes that stand for a whole letter.
_VNI_LETTERS = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
# Bytes that add marks to the letter before them, as Unicode combining marks.
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_MARKS_LOWER = {
    "ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "à": _CIRCUMFLEX + _GRAVE, "á": _CIRCUMFLEX + _ACUTE,
    "å": _CIRCUMFLEX + _HOOK, "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "è": _BREVE + _GRAVE, "é": _BREVE + _ACUTE,
    "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS = {**_VNI_MARKS_LOWER, **{k.upper(): v for k, v in _VNI_MARKS_LOWER.items()}}
_VNI_VOWELS = frozenset("aeiouy")  # base letters, before their marks

# --- detection -----------------------------------------------------------------------------

# ".VnTime", ".VnTimeH", ".VnArial NarrowH"; some producers drop the leading dot.
_TCVN3_FONT = re.compile(r"\.?Vn[A-Z]")
_VNI_FONT = re.compile(r"VNI[-_ ]", re.IGNORECASE)
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(r"[,-](Bold|Italic|BoldItalic|Regular)$", re.IGNORECASE)
_CID = re.compile(r"\(cid:(\d{1,3})\)")
# A legacy font seen through a symbolic-font cmap extracts as U+F0xx for byte xx.
_SYMBOL_BASE = 0xF000


def _bare_font_name(fontname: str) -> str:
    name = _SUBSET_PREFIX.sub("", fontname.strip())
    return _STYLE_SUFFIX.sub("", name).strip()


def font_encoding(fontname: str) -> str | None:
    """'tcvn3' or 'vni' when the font's name says it is a legacy Vietnamese font."""
    name = _bare_font_name(fontname)
    if _TCVN3_FONT.match(name):
        return "tcvn3"
    if _VNI_FONT.match(name):
        return "vni"
    return None


def is_uppercase_font(fontname: str) -> bool:
    """Whether a TCVN3 font is one of the all-capitals fonts (`.VnTimeH`, `.VnArialH`)."""
    name = _bare_font_name(fontname).replace(" ", "")
    return font_encoding(fontname) == "tcvn3" and name.endswith("H")


def _has_high_bytes(text: str) -> bool:
    return any(0xA0 <= ord(c) <= 0xFF or ord(c) >> 8 == _SYMBOL_BASE >> 8 for c in text) or bool(
        _CID.search(text)
    )


# Letters that only Unicode text has: legacy codes all extract as characters up to U+00FF.
_UNICODE_ONLY_LETTERS = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")
_MIN_PATTERN_GAIN = 0.15  # without a font name to go on, conversion must clearly help


def detect_legacy(text: str, fontnames: set[str]) -> str | None:
    """'tcvn3', 'vni' or None for text extracted from a PDF in fonts `fontnames`.

    Font names decide first (`.Vn*` is TCVN3, `VNI-*` is VNI); otherwise both encodings are
    tried when the text holds the bytes they use (`nh©n`, `nhaân`). Text that already holds
    Vietnamese letters beyond Latin-1 is Unicode whatever its font is called, and an
    encoding is kept only if converting makes the text read better as Vietnamese (or changes
    nothing, as for plain ASCII in an upper-case font).
    """
    if len(_UNICODE_ONLY_LETTERS.findall(text)) >= 3:
        return None
    named = {enc for enc in map(font_encoding, fontnames) if enc}
    before = reading_share(text)
    if named:
        for encoding in sorted(named):
            converted = to_unicode(text, encoding)
            if converted == unicodedata.normalize("NFC", text) or reading_share(converted) > before:
                return encoding
        return None
    if not _has_high_bytes(text):
        return None
    gains = {enc: reading_share(to_unicode(text, enc)) - before for enc in ("tcvn3", "vni")}
    best = max(gains, key=lambda enc: gains[enc])
    return best if gains[best] >= _MIN_PATTERN_GAIN else None


# --- conversion ----------------------------------------------------------------------------


def _byte_codes(text: str) -> str:
    """Undo what the PDF text extraction did to the legacy byte codes: `(cid:169)` and the
    symbolic-font U+F0A9 both stand for byte 0xA9."""
    text = _CID.sub(lambda m: chr(int(m[1])) if int(m[1]) < 256 else m[0], text)
    return "".join(
        chr(ord(c) - _SYMBOL_BASE) if _SYMBOL_BASE <= ord(c) <= _SYMBOL_BASE + 0xFF else c
        for c in text
    )


_LETTERS = r"[^\W\d_]"
_HYPHEN_RUN = re.compile(f"{_LETTERS}+[-\u2212]{_LETTERS}*|[-\u2212]{_LETTERS}+")
_TITLE_UY = re.compile(r"\b([UO])([ỳýỷỹỵàáảãạèéẻẽẹ])(?![^\W\d_])")


def _tcvn3(text: str) -> str:
    text = "".join(TCVN3.get(ord(c), c) for c in text)

    # Byte 0xAD (ư) is the soft hyphen's code; some extractions give it as a hyphen or a
    # minus sign, as in `tr-êng`. Read it as ư only where that makes a Vietnamese syllable,
    # so that real hyphens (`Bà Rịa-Vũng Tàu`, `NQ-TW`) stay.
    def horn_u(m: re.Match[str]) -> str:
        candidate = re.sub("[-\u2212]", "ư", m[0])
        return candidate if is_vietnamese_syllable(candidate) else m[0]

    text = _HYPHEN_RUN.sub(horn_u, text)
    return _restore_capitals(text)


def _restore_capitals(text: str) -> str:
    """Capitals that a lower-case TCVN3 font had no code for.

    A word typed in capitals shows its toned vowels in lower case (`CéNG` for CỘNG), and a
    capitalised word cannot put the tone on its capital, which is why `Uû ban` (Uỷ ban) was
    typed for Ủy ban; the tone goes back onto the capital, the placement of the official
    spelling.
    """

    # Words, and what lies between them, in turn.
    pieces = re.split(f"({_LETTERS}+)", text)
    words = pieces[1::2]

    def shouted(w: str) -> bool:  # capitals where ASCII could write them, lower case elsewhere
        ascii_letters = [c for c in w if c.isascii()]
        return bool(ascii_letters) and all(c.isupper() for c in ascii_letters) and not w.isupper()

    repaired = [shouted(w) and sum(c.isascii() for c in w) >= 2 for w in words]
    # `X·` alone could be a capitalised Xã; next to a word repaired above it is XÃ.
    near_repaired = [
        shouted(w) and any(0 <= j < len(words) and repaired[j] for j in (i - 1, i + 1))
        for i, w in enumerate(words)
    ]
    pieces[1::2] = [
        w.upper() if whole or near else w
        for w, whole, near in zip(words, repaired, near_repaired, strict=True)
    ]
    text = "".join(pieces)

    def move_tone(m: re.Match[str]) -> str:
        decomposed = unicodedata.normalize("NFD", m[2])
        tone = "".join(c for c in decomposed if c in TONE_MARKS)
        base = "".join(c for c in decomposed if c not in TONE_MARKS)
        return unicodedata.normalize("NFC", m[1] + tone + base)

    return _TITLE_UY.sub(move_tone, text)


def _vni(text: str) -> str:
    out: list[str] = []
    for c in text:
        marks = _VNI_MARKS.get(c)
        if marks and out and unicodedata.normalize("NFD", out[-1])[0].lower() in _VNI_VOWELS:
            combined = unicodedata.normalize("NFC", out[-1] + marks)
            if len(combined) == 1:
                out[-1] = combined
                continue
        out.append(_VNI_LETTERS.get(c, c))
    return "".join(out)


def to_unicode(text: str, encoding: str, uppercase_font: bool = False) -> str:
    """Text extracted from a run of one legacy font, as NFC Unicode.

    `encoding` is 'tcvn3' or 'vni'; `uppercase_font` says the run is in an all-capitals
    font (`.VnTimeH`), where every code, the ASCII letters too, is drawn as a capital.
    """
    text = _byte_codes(unicodedata.normalize("NFC", text))
    if encoding == "tcvn3":
        text = _tcvn3(text)
    elif encoding == "vni":
        text = _vni(text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    if uppercase_font:
        text = text.upper()
    return unicodedata.normalize("NFC", text)
