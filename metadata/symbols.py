"""Symbol repairs that need the rest of the header: the type line, the issue date.

Reading a symbol itself (`parse_symbol`, `Symbol`) is in `vietnamese.symbols`.
"""
from __future__ import annotations

from luutru.vietnamese import Symbol, codes_for_name, fold

from .text import edit_distance


def agree_with_type(symbol: Symbol, name: str, family: str) -> Symbol:
    """Repair a type code one slip away from the code of the printed type line.

    '104-CT/TU' under 'CHƯƠNG TRÌNH HÀNH ĐỘNG' is '104-CTr/TU' with the r lost; a code
    that already fits the type line, or is further off, is left as printed.
    """
    allowed = codes_for_name(name, family)
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
