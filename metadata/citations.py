"""References in a body to other documents: 'Kết luận số 82-KL/TW ngày 16/8/2011'.

The search runs on folded text (no diacritics, one character per character), so OCR slips in
marks do not hide a citation; every value is then sliced from the original text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from luutru.vietnamese import TYPE_NAMES, compact, fold, iso_date, nfc, parse_symbol

from .types import Citation

# The look-behind comes after the first digit: a pattern that opens with a look-behind runs
# it at every character of the text, one that opens with a digit skips to the digits (2.5
# times faster over whole documents, the same matches).
_SYM = re.compile(
    r"\d(?<![\w/.\-].)\d{0,4}(?:"
    r"\s?-\s?[a-z]{1,5}\s?/\s?[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*"  # 15-NQ/TW, 05-QC/BTCTU-BDVTU
    # 30/2020/NĐ-CP, 1074/QĐ-BXD, 59/2020/QH14
    r"|(?:\s?/\s?\d{4})?\s?/\s?[a-z][a-z0-9]*(?:\s?-\s?[a-z][a-z0-9]*)*"
    r")(?![\w/])"
)
_SO_BEFORE = re.compile(r"\bso\s*:?\s*$")
_DATE_AFTER = re.compile(
    r"^[\s,|]*ngay\s+(\d{1,2})\s*(?:[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
    r"|thang\s+(\d{1,2})\s*,?\s*nam\s+(\d{4}))"
)
_LAWS = {"Luật", "Bộ luật", "Pháp lệnh"}
_BREAK = re.compile(r"[;:.!?()]")  # a sentence or clause between a type name and a symbol
_WINDOW = 160  # characters looked at before a symbol for its type name


@cache
def _type_pattern() -> re.Pattern[str]:
    names = sorted({fold(t) for t in TYPE_NAMES}, key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![a-z])({alt})(?![a-z])")


@cache
def _type_names() -> dict[str, str]:
    return {fold(t): t for t in TYPE_NAMES}


def _letters_capitalised(symbol: str) -> bool:
    # Type and issuer codes are written with a capital first letter (CTr, TTg, QĐ); only
    # the last code may have lost its case to OCR.
    runs = re.findall(r"[^\W\d_]+", symbol)
    return bool(runs) and all(run[0].isupper() for run in runs[:-1]) and (
        runs[-1][0].isupper() or len(runs[-1]) <= 4
    )


def _type_before(orig: str, folded: str, end: int) -> tuple[str, int] | None:
    """Type name printed before position end (where 'số' or the symbol starts)."""
    start = max(0, end - _WINDOW)
    best = None
    for m in _type_pattern().finditer(folded, start, end):
        name = _type_names()[re.sub(r"\s+", " ", m.group(1))]
        between = orig[m.end():end]
        words = between.split()
        if _BREAK.search(between) or any(map(str.isdigit, between)):
            continue
        limit = 16 if name in _LAWS else 3
        if len(words) > limit:
            continue
        if name not in _LAWS and any(w[:1].isupper() for w in words):
            continue
        if not orig[m.start()].isupper():
            continue
        best = (name, m.start())  # the closest one wins: later matches overwrite
    return best


def _trim(raw: str) -> str:
    """Drop a prose word the pattern took after a dash ('12/QĐ-UBND - về việc')."""
    parts = re.split(r"(\s?-\s?)", raw)
    # 'NĐ- cp' is a code whose case OCR lost; ' - về' or '-theo' is prose.
    while len(parts) > 2 and parts[-1][:1].islower() and (
        parts[-2].startswith(" ") or len(parts[-1]) > 4
    ):
        parts = parts[:-2]
    return "".join(parts)


def _strong(symbol: str) -> bool:
    """A symbol sure enough to count without 'số' or a type name in front of it."""
    s = parse_symbol(symbol)
    if not s.valid:
        return False
    if s.family == "party":
        return bool(s.type_code)
    return bool(s.year) and (bool(s.type_code) or "-" not in s.text)


def citations(text: str, exclude: Iterable[str] = ()) -> list[Citation]:
    """Every distinct document cited in text, in order of first mention.

    exclude: symbols not to report (the document's own). A document cited several times is
    reported once, with the type name and date of whichever mention prints them.
    """
    orig = " ".join(nfc(text).split())
    folded = fold(orig)
    skip = {fold(compact(s)) for s in exclude if s}
    found: dict[str, Citation] = {}
    for m in _SYM.finditer(folded):
        if m.start() > 0 and not (orig[m.start() - 1].isspace() or orig[m.start() - 1] in "(“\"'"):
            continue  # glued to something else: OCR junk, not a reference
        raw = _trim(orig[m.start():m.end()])
        if not _letters_capitalised(raw):
            continue
        parsed = parse_symbol(raw)
        symbol = parsed.text if parsed.valid else compact(raw)
        if fold(symbol) in skip:
            continue
        so = _SO_BEFORE.search(folded, max(0, m.start() - 8), m.start())
        head = so.start() if so else m.start()
        typed = _type_before(orig, folded, head)
        if not (so or typed or _strong(raw)):
            continue
        span_start = typed[1] if typed else head
        span_end = m.start() + len(raw)
        date = ""
        d = _DATE_AFTER.match(folded[span_end:])
        if d:
            day, month, year = d.group(1), d.group(2) or d.group(4), d.group(3) or d.group(5)
            date = iso_date(day, month, year)
            if date:
                span_end += d.end()
        cite = Citation(
            doc_type=typed[0] if typed else "",
            symbol=symbol,
            number=parsed.number,
            date=date,
            text=orig[span_start:span_end],
        )
        key = fold(symbol)
        old = found.get(key)
        if old is None:
            found[key] = cite
        elif (not old.doc_type and cite.doc_type) or (not old.date and cite.date):
            found[key] = Citation(
                old.doc_type or cite.doc_type, old.symbol, old.number, old.date or cite.date,
                old.text if old.doc_type and old.date else cite.text,
            )
    return list(found.values())
