"""Number and symbol (số, ký hiệu) of a document: '15-NQ/TW', '30/2020/NĐ-CP', '456/UBND-VP'.

Two views of one symbol:
- `parse_symbol(printed) -> Symbol`: the printed symbol read with the usual OCR slips
  repaired, its number, year, type code and family (what the metadata records);
- `symbol_key(text)`: the form symbols are compared by, everywhere (the index, "cited
  by", the export's link from a citation to a document): folded, lower case, no spaces,
  leading zeros of the number dropped. '05-QĐi/TU', '5-QĐi/TU' and '5 - QDi/TU' are one
  symbol: copies of a document and the documents citing it write the number both ways.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from luutru.vietnamese.doctypes import canonical_type_code
from luutru.vietnamese.text import fold, nfc

# Party issuer codes (the part after the slash in 15-NQ/TW).
PARTY_ISSUER_CODES = (
    "TW", "TU", "HU", "QU", "ThU", "ĐU", "ĐUK", "CB", "VPTW", "BTCTW", "UBKTTW", "BTGTW",
    "BDVTW", "BNCTW", "BKTTW", "BTGDVTW", "VPTU", "BTCTU", "UBKTTU", "BTGTU", "BDVTU", "BNCTU",
    "BTGDVTU", "VPHU", "BTCHU", "UBKTHU", "BTGHU", "BDVHU", "BTGDVHU", "VPQU", "BTCQU",
    "UBKTQU", "VPĐU", "BTCĐU", "UBKTĐU", "BTGĐU", "ĐUQSTW", "ĐUCA", "ĐUQS",
)

# OCR confusions inside numbers.
_DIGITS = str.maketrans({"O": "0", "o": "0", "Q": "0", "Ø": "0", "ø": "0", "l": "1", "I": "1",
                         "|": "1", "!": "1"})
_NUMBERISH = r"[0-9OoQØølI|!]"

_PARTY = re.compile(rf"^({_NUMBERISH}+)-([^\W\d_]+)/([^\W_][\w-]*)$")
# The hyphen lost: '18CT/TU'.
_PARTY_GLUED = re.compile(r"^(\d+)([^\W\d_]{1,4})/([^\W_][\w-]*)$")
_STATE = re.compile(
    rf"^({_NUMBERISH}+)(?:/({_NUMBERISH}{{4}}))?/([^\W_][^\W_]*)(?:-([^\W_][\w-]*))?$"
)
# State issuer codes whose case OCR tends to lose.
_STATE_ISSUER_FIX = {"ttg": "TTg"}


@dataclass(frozen=True)
class Symbol:
    text: str  # normalised symbol, e.g. '30/2020/NĐ-CP'
    number: str
    year: str  # '' unless printed in the symbol
    type_code: str  # canonical known type code, or '' (a công văn names issuer and unit)
    code_text: str  # the type-code position as written in text ('NĐ', or 'UBND' of a công văn)
    family: str  # 'party' for 15-NQ/TW, 'state' for 15/QĐ-BNV, '' when unparsed
    valid: bool  # matches one of the printed shapes

    @property
    def key(self) -> str:
        return symbol_key(self.text)


# The printed 'Số' before a document's number as OCR reads it: the ô's hat lost or its
# tone mark taken for another's, or the letter read as a figure.
SO_KEYWORD = "S[oôốồổỗộơớờởỡợóOÔỐỒỔỖỘƠỚỜỞỠỢÓ60]"

# 'Số:' as OCR reads it on a blurred photo, the vowel's hat and tone taken for others' ('Sẻ:',
# 'Sá:'): only with its colon, and only where a printed code follows (metadata.slots).
SO_KEYWORD_SLIPPED = "S[aàáảãạăắằẳẵặâấầẩẫậeèéẻẽẹêếềểễệoòóỏõọôốồổỗộơớờởỡợ]:"

# The printed code after a document's number, where a word starts it: '/CT-UBND' of a State
# paper, '-NQ/TU' of a Party one (the type code before the stroke). A capital after the
# stroke tells it from 'V/v' and from a fraction.
PRINTED_CODE = re.compile(r"(?:-[A-ZĐ][A-Za-zĐđ]*)?/[^\s/]*[A-ZĐ]")

# The same code as a word of its own whose stroke OCR lost ('Số: ?#- CT-UBND' on a photo): a
# type code, a hyphen and an issuer's code.
BARE_CODE = re.compile(r"^[A-ZĐ][A-Za-zĐđ]{0,3}-[A-ZĐƯ][A-Za-zĐđƯư\d]+$")

# Letters a figure is read as in running text (a 'Q' there is a letter: 'Q1' for Quận 1).
_MISREAD_FIGURES = re.compile(r"[0-9OoIl|]*\d[0-9OoIl|]*")


def as_figures(token: str) -> str:
    """A number some of whose figures OCR read as letters ('I38' for 138, '1O' for 10) in
    figures; any other token as it is. A figure among them is what tells it from a word
    or a Roman numeral ('II', 'lo')."""
    return _fix_number(token) if len(token) > 1 and _MISREAD_FIGURES.fullmatch(token) \
        else token


def _fix_number(s: str) -> str:
    return s.translate(_DIGITS)


@cache
def _party_issuers() -> dict[str, str]:
    return {fold(c): c for c in PARTY_ISSUER_CODES}


def _issuer_case(part: str) -> str:
    # Issuer codes are capitals ('cp' is OCR losing the case); TTg keeps its small g.
    fixed = _STATE_ISSUER_FIX.get(fold(part))
    if fixed:
        return fixed
    return part.upper() if part.islower() else part


def _canonical_party_issuer(part: str) -> str:
    table = _party_issuers()
    return "-".join(table.get(fold(p), _issuer_case(p)) for p in part.split("-"))


def _plain_letter(c: str) -> str:
    # Codes are written in plain capitals and Đ; a mark on another letter is OCR's ('Ñ').
    if c in "ĐđÐð" or not c.isalpha():
        return c
    return unicodedata.normalize("NFD", c)[0]


@lru_cache(maxsize=65_536)  # the same symbols are cited again and again
def compact(raw: str) -> str:
    """Remove the spaces OCR and typists put around separators ('294 - QĐ/TW')."""
    s = raw.replace("Ð", "Đ").replace("ð", "đ").replace("–", "-").replace("—", "-")
    s = s.replace("⁄", "/").replace("∕", "/")  # fraction and division slashes
    s = re.sub(r"\s*([-/])\s*", r"\1", s.strip())
    s = re.sub(r"([-/])\1+", r"\1", s)  # '05-QĐi//HU': a doubled stroke is one
    # '12.NQ/HU': a dot or comma between the number and a Party type code is the hyphen.
    s = re.sub(r"^(\d+)[.,:;](?=[^\W\d_]+/)", r"\1-", s)
    # '104-CT-/TU': a mark between a Party type code and its stroke is a letter a streak or
    # a stain turned into a dash. The code is kept without it; the type line then says
    # which code it was (metadata.symbols.agree_with_type).
    s = re.sub(r"^(\d+-[^\W\d_]+)[-.,'`~_](?=/)", r"\1", s)
    s = "".join(_plain_letter(c) for c in s)
    return s.strip(" .,;:")


@lru_cache(maxsize=65_536)
def parse_symbol(raw: str) -> Symbol:
    """A printed symbol, read: '15-NQ/TW', 'l5 - nq/tw' -> Symbol('15-NQ/TW', ...)."""
    s = compact(raw).split(" ")[0] if raw.strip() else ""
    m = _PARTY.match(s) or _PARTY_GLUED.match(s)
    if m:
        number = _fix_number(m.group(1))
        code = canonical_type_code(m.group(2))
        issuer = _canonical_party_issuer(m.group(3))
        if number.isdigit():
            text = f"{number}-{code or m.group(2)}/{issuer}"
            return Symbol(text, number, "", code, code or m.group(2), "party", True)
    m = _STATE.match(s)
    if m:
        number = _fix_number(m.group(1))
        year = _fix_number(m.group(2) or "")
        first, rest = m.group(3), m.group(4)
        code = canonical_type_code(first) if rest is not None else ""
        if rest is None and not year:
            # '12/abc': neither a type-issuer pair nor a numbered law.
            return Symbol(s, _leading_number(s), "", "", "", "", False)
        head = f"{number}/{year}/" if year else f"{number}/"
        if rest is None:
            text = head + first
        else:
            rest = "-".join(_issuer_case(p) for p in rest.split("-"))
            text = f"{head}{code or first}-{rest}"
        if number.isdigit() and (not year or year.isdigit()):
            return Symbol(text, number, year, code, code or first, "state", True)
    return Symbol(s, _leading_number(s), "", "", "", "", False)


def _leading_number(s: str) -> str:
    m = re.match(rf"^{_NUMBERISH}+", s)
    if not m:
        return ""
    n = _fix_number(m.group(0))
    return n if n.isdigit() else ""


# --- the compared form ----------------------------------------------------------------------

# A number, then parts joined by - / or . ; at least one part must hold a letter.
_SYMBOL_RE = re.compile(r"(?<![^\W_])\d+[^\W\d_]?(?:[-/.][^\W_]+)+")
_SPACES = re.compile(r"\s+")
_SYMBOL_SPACES = re.compile(r"\s*([-/])\s*")


@dataclass(frozen=True)
class SymbolTerms:
    """A symbol as the index takes it apart: the key and the pieces people search by."""

    key: str  # symbol_key: "15-nq/tw"
    number: str  # "15"
    year: str  # "2020" in 30/2020/NĐ-CP, else ""
    codes: tuple[str, ...]  # folded lowercase letter parts: ("nq", "tw")
    type_code: str  # the part naming the type: "nq"; for 456/UBND-VP it is "ubnd"


def find_symbols(text: str) -> list[str]:
    """Symbol-shaped substrings of a text, as printed (spaces around - and / removed)."""
    text = _SYMBOL_SPACES.sub(r"\1", nfc(text))
    return [m.group(0) for m in _SYMBOL_RE.finditer(text) if _has_letter_part(m.group(0))]


def _has_letter_part(candidate: str) -> bool:
    return any(not part.isdigit() for part in re.split(r"[-/.]", candidate)[1:])


def symbol_terms(text: str) -> SymbolTerms | None:
    """'Số: 30/2020/NĐ-CP' -> SymbolTerms(key='30/2020/nd-cp', number='30', year='2020',
    codes=('nd', 'cp'), type_code='nd'); None when the text holds no symbol."""
    found = find_symbols(text)
    if not found:
        return None
    folded = fold(found[0])
    first, *rest = re.split(r"[-/.]", folded)
    number = re.sub(r"\D", "", first).lstrip("0") or "0"
    year = rest[0] if rest and re.fullmatch(r"(?:19|20)\d\d", rest[0]) else ""
    codes = tuple(p for p in rest if not p.isdigit())
    key = (first.lstrip("0") or "0") + folded[len(first):]
    return SymbolTerms(key=key, number=number, year=year, codes=codes,
                       type_code=codes[0] if codes else "")


def symbol_key(text: str) -> str:
    """The one form symbols are compared by: '294-QĐ/TW', '294 - qd/tw' and '0294-QĐ/TW'
    agree. Text holding no symbol is folded with its spaces removed."""
    terms = symbol_terms(text)
    return terms.key if terms else fold(_SPACES.sub("", text))
