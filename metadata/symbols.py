"""Number and symbol (số, ký hiệu) of a document: '15-NQ/TW', '30/2020/NĐ-CP', '456/UBND-VP'."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .lexicon import PARTY_ISSUER_CODES, TYPE_CODE_TT, TYPE_CODES_COMMON
from .text import edit_distance, fold

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


def _fix_number(s: str) -> str:
    return s.translate(_DIGITS)


@cache
def _type_codes() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for code in list(TYPE_CODES_COMMON) + ["TT"]:
        table.setdefault(fold(code), []).append(code)
    return table


@cache
def _party_issuers() -> dict[str, str]:
    return {fold(c): c for c in PARTY_ISSUER_CODES}


def canonical_type_code(code: str) -> str:
    """'ND' -> 'NĐ', 'QDi' -> 'QĐi'; '' for a code that is no document type."""
    code = code.replace("Ð", "Đ").replace("ð", "đ")
    known = _type_codes().get(fold(code), [])
    if code in known:
        return code
    if not known:
        return ""
    # Case slips ('Ctr', 'QDI'): prefer the known code whose letters agree ignoring marks,
    # then the first (most common) one.
    return known[0]


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
    # which code it was (`agree_with_type`).
    s = re.sub(r"^(\d+-[^\W\d_]+)[-.,'`~_](?=/)", r"\1", s)
    s = "".join(_plain_letter(c) for c in s)
    return s.strip(" .,;:")


def parse_symbol(raw: str) -> Symbol:
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


def codes_for_type(name: str, family: str) -> list[str]:
    """Type codes a document of type `name` may print ('Quy định': QĐi, or QĐ at TW)."""
    codes = [c for c, n in TYPE_CODES_COMMON.items() if n == name]
    if TYPE_CODE_TT.get(family) == name or not family and name in TYPE_CODE_TT.values():
        codes.append("TT")
    extra = {"Chương trình hành động": ["CTr"], "Quy định": ["QĐ"], "Chương trình": ["CTr"]}
    return codes + extra.get(name, [])


def agree_with_type(symbol: Symbol, name: str, family: str) -> Symbol:
    """Repair a type code one slip away from the code of the printed type line.

    '104-CT/TU' under 'CHƯƠNG TRÌNH HÀNH ĐỘNG' is '104-CTr/TU' with the r lost; a code
    that already fits the type line, or is further off, is left as printed.
    """
    allowed = codes_for_type(name, family)
    if not symbol.valid or not symbol.code_text or not allowed or symbol.code_text in allowed:
        return symbol
    near = [c for c in allowed if edit_distance(fold(c), fold(symbol.code_text)) <= 1]
    if not near:
        return symbol
    code = near[0]  # allowed lists the type's own code first ('QĐi' before 'QĐ')
    if symbol.family == "party":
        text = symbol.text.replace(f"-{symbol.code_text}/", f"-{code}/", 1)
    else:
        head = f"{symbol.number}/{symbol.year}/" if symbol.year else f"{symbol.number}/"
        text = head + code + symbol.text[len(head) + len(symbol.code_text):]
    return Symbol(text, symbol.number, symbol.year, code, code, symbol.family, True)


def agree_with_year(symbol: Symbol, iso_date: str) -> Symbol:
    """A symbol's year one figure away from the issue date's year takes the date's year.

    A normative document is numbered within the year it is issued ('30/2020/NĐ-CP' dated
    2020): '30/2026/NĐ-CP' dated 2020 is a misread figure, not another year.
    """
    year = iso_date[:4]
    if not symbol.valid or not symbol.year or not year or symbol.year == year:
        return symbol
    if edit_distance(symbol.year, year) != 1:
        return symbol
    text = symbol.text.replace(f"{symbol.number}/{symbol.year}/", f"{symbol.number}/{year}/", 1)
    return Symbol(text, symbol.number, year, symbol.type_code, symbol.code_text, symbol.family,
                  True)


def type_from_code(code: str, family: str) -> str:
    if code == "TT":
        return TYPE_CODE_TT.get(family, "Thông tư")
    return TYPE_CODES_COMMON.get(code, "")
