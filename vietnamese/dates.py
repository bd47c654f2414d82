"""ISO dates: building, validating and reading them, and writing them the Vietnamese way.

The archive stores dates as ISO 8601 text, possibly only a year ('2019') or a year and
month ('2019-03') when that is all a document or a search says. A day must exist:
31/2 is no date.
"""
from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SHORT_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")


def iso_date(day: str | int, month: str | int, year: str | int) -> str:
    """('30', '7', '2007') -> '2007-07-30'; '' when that day does not exist."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def parse_date(value: str) -> str | None:
    """'2019', '2019-3', '5/3/2019', '05.03.2019' -> '2019', '2019-03', '2019-03-05';
    '' stays ''; None when the text is no date (a 13th month, a 31 February)."""
    value = value.strip()
    if not value:
        return ""
    dmy = _DMY.match(value)
    if dmy:
        value = f"{dmy.group(3)}-{dmy.group(2)}-{dmy.group(1)}"
    m = _ISO.match(value)
    if not m:
        return None
    year, month, day = m.groups()
    if day:
        return iso_date(day, month, year) or None
    if month:
        return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
    return year


def valid_iso(value: str) -> str:
    """A stored date checked: '2007-07-30', '2007-07' or '2007' as given, else ''."""
    value = (value or "").strip()
    return value if value and parse_date(value) == value else ""


def short_date(token: str) -> str:
    """'21/3/18' or '21/3/2018' as a clerk writes a receipt date; ISO, or ''."""
    m = _SHORT_DMY.fullmatch(token)
    if not m:
        return ""
    year = m.group(3) if len(m.group(3)) == 4 else "20" + m.group(3)
    return iso_date(m.group(1), m.group(2), year)


def format_date_vi(iso: str) -> str:
    """'2007-07-30' -> 'ngày 30/7/2007'; '' for anything that is not a full ISO date."""
    try:
        d = dt.date.fromisoformat((iso or "").strip())
    except ValueError:
        return ""
    return f"ngày {d.day}/{d.month}/{d.year}"


def format_date_dmy(iso: str) -> str:
    """'2007-07-30' -> '30/07/2007', the archival metadata's form (TT 05/2025); '' for
    anything that is not a full ISO date."""
    try:
        d = dt.date.fromisoformat((iso or "").strip())
    except ValueError:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def date_vi(value: str) -> str:
    """'2007-07-30' -> 'ngày 30/7/2007'; a year or year-month alone reads as such."""
    value = (value or "").strip()
    full = format_date_vi(value)
    if full:
        return full
    parts = value.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"tháng {int(parts[1])}/{parts[0]}"
    if len(parts) == 1 and len(value) == 4 and value.isdigit():
        return f"năm {value}"
    return value
