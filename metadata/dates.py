"""Dates as printed ('ngày 09 tháng 6 năm 2025', 'ngày 16/8/2011') with OCR slips."""
from __future__ import annotations

import re
from dataclasses import dataclass

from luutru.vietnamese import fold, iso_date

from .text import edit_distance

_DIGITS = str.maketrans({
    "O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "i": "1", "|": "1", "!": "1",
    "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9",
})
_SPLIT = re.compile(r"(?<=[^\W\d_]{3})(?=\d)|(?<=\d)(?=[^\W\d_]{3})")
_SLASHED = re.compile(r"^(\w{1,2})[/.\-](\w{1,2})[/.\-](\w{4})$")
FIRST_YEAR, LAST_YEAR = 1945, 2099
# 'ngày' with the day's scribble glued on, or 'ngà' whose 'y' the pen's stroke turned into
# a capital, a figure or a mark: what follows is no letter of a printed word.
GLUED_NGAY = re.compile(r"^[Nn]g(?:[àa]y|[àa](?:[A-Z\d]|[^\w\s]))")  # also metadata.slots


@dataclass(frozen=True)
class DateMatch:
    iso: str
    start: int  # index of the 'ngày' token
    end: int  # index after the year token
    repaired: bool  # a digit or keyword had to be guessed


_EDGES = re.compile(r"^[^\w|!]+|[^\w|!]+$")
# Figures a worn or typewritten 0 is read as.
_ROUND = "689"


def fix_digits(token: str) -> str:
    return _EDGES.sub("", token).translate(_DIGITS)


def _number(token: str, max_len: int) -> str | None:
    t = fix_digits(token)
    return t if t.isdigit() and len(t) <= max_len else None


def _only_fit(t: str, positions: list[int], figures: str, lo: int, hi: int) -> str | None:
    """The single way of replacing one figure at one of positions that lands in lo..hi."""
    fits = {
        t[:i] + d + t[i + 1:] for i in positions for d in figures
        if d != t[i] and lo <= int(t[:i] + d + t[i + 1:]) <= hi
    }
    return fits.pop() if len(fits) == 1 else None


def _year(token: str) -> tuple[str, bool] | None:
    t = fix_digits(token)
    if len(t) != 4:
        return None
    if t.isdigit():
        if FIRST_YEAR <= int(t) <= LAST_YEAR:
            return t, False
        # '2920', '2822': a 0 read as another round figure.
        fit = _only_fit(t, [i for i, c in enumerate(t) if c in _ROUND], "0", FIRST_YEAR,
                        LAST_YEAR)
        return (fit, True) if fit else None
    # One unreadable figure: the year must be the one plausible completion (P026 -> 2026).
    bad = [i for i, c in enumerate(t) if not c.isdigit()]
    if len(bad) != 1:
        return None
    filled = [t[:bad[0]] + d + t[bad[0] + 1:] for d in "0123456789"]
    fits = [f for f in filled if FIRST_YEAR <= int(f) <= LAST_YEAR]
    return (fits[0], True) if len(fits) == 1 else None


def _in_range(value: str, hi: int) -> tuple[str, bool] | None:
    """A day or month, with a 0 read as 6, 8 or 9 put back ('61' -> '01', '19' -> '10')."""
    if 1 <= int(value) <= hi:
        return value, False
    if len(value) != 2:
        return None
    fit = _only_fit(value, [i for i, c in enumerate(value) if c in _ROUND], "0", 1, hi)
    return (fit, True) if fit else None


def is_keyword(token: str, word: str) -> bool:
    """Whether an OCR token is the date's keyword `word` (folded: 'ngay', 'thang', 'nam'),
    read with at most one slip (also metadata.slots)."""
    f = fold(token).strip(".,;:")
    if f == word:
        return True
    if edit_distance(f, word) > 1:
        return False
    # Short keywords ('năm') need their first letter too, or too much would pass.
    return len(word) >= 4 or f[:1] == word[:1]


def split_tokens(text: str) -> list[str]:
    """Whitespace tokens, with 'ngày05' and '05tháng' cut apart."""
    out: list[str] = []
    for tok in text.split():
        out.extend(p for p in _SPLIT.split(tok) if p)
    return out


def find_date(tokens: list[str]) -> DateMatch | None:
    """The first 'ngày D tháng M năm Y' (or 'ngày D/M/Y') among tokens."""
    # A cleanly read 'ngày' first: a place name like 'Ngãi' is one slip away from it.
    exact = [i for i, tok in enumerate(tokens) if fold(tok).strip(".,;:") == "ngay"]
    fuzzy = [i for i, tok in enumerate(tokens)
             if i not in exact and is_keyword(tok, "ngay") and not _place_like(tokens, i)]
    for i in exact + fuzzy:
        found = _date_after(tokens, i)
        if found:
            return found
    return None


def _place_like(tokens: list[str], i: int) -> bool:
    """'Ngãi,' in 'Quảng Ngãi, ngày': a capitalised word after another one is a name."""
    return tokens[i][:1].isupper() and i > 0 and tokens[i - 1][:1].isupper()


def _date_after(tokens: list[str], i: int) -> DateMatch | None:
    rest = tokens[i + 1:i + 7]
    if rest:
        m = _SLASHED.match(rest[0].strip(".,;:"))
        if m:
            d, mo, y = _number(m.group(1), 2), _number(m.group(2), 2), _year(m.group(3))
            if d and mo and y and (iso := iso_date(d, mo, y[0])):
                return DateMatch(iso, i, i + 2, y[1])
    if len(rest) < 5:
        return None
    day, kw_month, month, kw_year, year = rest[:5]
    d, mo, y = _number(day, 2), _number(month, 2), _year(year)
    if not (d and mo and y):
        return _date_with_noise(tokens, i)
    month_ok, year_ok = is_keyword(kw_month, "thang"), is_keyword(kw_year, "nam")
    # One of the two keywords may be garbled beyond recognition; both is too little evidence.
    if not (month_ok or year_ok):
        return None
    dd, mm = _in_range(d, 31), _in_range(mo, 12)
    if not (dd and mm):
        return None
    iso = iso_date(dd[0], mm[0], y[0])
    if not iso:
        return None
    repaired = y[1] or dd[1] or mm[1] or not (month_ok and year_ok) or d != day
    return DateMatch(iso, i, i + 6, repaired)


def _date_with_noise(tokens: list[str], i: int) -> DateMatch | None:
    """'ngày 25 tháng 4 10 năm 2022': a speck read as a figure between the words. Both
    keywords must be there; the figure nearest each keyword's right is taken."""
    rest = tokens[i + 1:i + 9]
    t = next((k for k, tok in enumerate(rest) if is_keyword(tok, "thang")), None)
    n = next((k for k, tok in enumerate(rest) if t is not None and k > t + 1
              and is_keyword(tok, "nam")), None)
    if t is None or n is None or n + 1 >= len(rest):
        return None
    days = [d for d in (_number(tok, 2) for tok in rest[:t]) if d]
    months = [m for m in (_number(tok, 2) for tok in rest[t + 1:n]) if m]
    y = _year(rest[n + 1])
    if not (days and months and y):
        return None
    iso = iso_date(days[-1], months[-1], y[0])
    return DateMatch(iso, i, i + n + 3, True) if iso else None


@dataclass(frozen=True)
class PartialDate:
    """'ngày … tháng 02 năm 2025' with the day not readable (written by hand, or left blank
    for the e-office to stamp): the month and year are printed, the day is not known."""

    year: str
    month: str  # two figures
    start: int  # index of the 'ngày' token


def find_partial_date(tokens: list[str]) -> PartialDate | None:
    """A 'ngày' followed within three tokens by 'tháng M năm Y', whatever stands between."""
    # 'ngày7•tháng', 'ngàV/¬': the keyword may carry the day's scribble glued to it; a
    # place name ('Ngãi') is no keyword.
    starts = [i for i, tok in enumerate(tokens) if fold(tok).strip(".,;:") == "ngay"]
    starts += [i for i, tok in enumerate(tokens)
               if i not in starts and GLUED_NGAY.match(tok)]
    starts += [i for i, tok in enumerate(tokens)
               if i not in starts and is_keyword(tok, "ngay") and not tok[:1].isupper()]
    for i in starts:
        rest = tokens[i + 1:i + 8]
        t = next((k for k, x in enumerate(rest[:4])
                  if is_keyword(x, "thang") or fold(x).endswith("thang")), None)
        if t is None or len(rest) < t + 4 or not is_keyword(rest[t + 2], "nam"):
            continue
        # The month and year are print: taken only when read cleanly ('1]' may be '11').
        if not all(x.strip(".,;:").isdigit() for x in (rest[t + 1], rest[t + 3])):
            continue
        month, year = _number(rest[t + 1], 2), _year(rest[t + 3])
        if not (month and year and not year[1]):
            continue
        mm = _in_range(month, 12)
        if mm and not mm[1]:
            return PartialDate(year[0], f"{int(mm[0]):02d}", i)
    return None


# The e-signature stamps: 'Thời gian ký: 11/05/2021 11:26:39', 'Ngày ký: 11-05-2021' or
# 'Thời gian ký: 2021-05-11 11:26:39' of other e-office systems, and the e-office's
# '09.01.2025 10:21:11 +07:00'. Matched on folded text.
_SIGNED = re.compile(
    r"(?:thoi gian ky|ngay ky\s*:)\W{0,3}(?:(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
    r"|(\d{4})-(\d{2})-(\d{2})(?=[T\s]\d{1,2}:\d{2}))"
    r"|(?<![\d/.])(\d{2})[/.](\d{2})[/.](\d{4}),?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{2}:?\d{2})"
)


def signing_dates(text: str) -> list[str]:
    """ISO dates of the e-signature stamps printed on a page, in the order they appear."""
    out = []
    for m in _SIGNED.finditer(fold(text)):
        if m.group(1):
            d, mo, y = m.group(1, 2, 3)
        elif m.group(4):
            y, mo, d = m.group(4, 5, 6)
        else:
            d, mo, y = m.group(7, 8, 9)
        iso = iso_date(d, mo, y)
        if iso and iso not in out:
            out.append(iso)
    return out

