"""The search box's query language, parsed into plain data (the backends compile it:
index.tantivy_query, index.whoosh_query).

    words                 all required (AND), matched with or without diacritics
    "a quoted phrase"     consecutive syllables
    -word  -"phrase"      excluded
    a OR b                either
    type:NQ  type:"nghị quyết"  issuer:"nam giang"  year:2019  year:2015..2020
    date:2019-01-01..2019-06-30  from:2019-03  to:2020
    cites:15-NQ/TW  symbol:294-QĐ/TW
    294-QĐ/TW             a symbol: the document bearing it first, then those citing it
    nghị quyết 15         a type name and a number also find 15-NQ/TW

Parsing never fails: anything that is not valid syntax is read as plain words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from luutru.index.analysis import syllables, type_codes
from luutru.index.types import SearchFilters
from luutru.vietnamese import fold, parse_date, symbol_terms

# Field boosts: symbol > subject > body. A word's other forms (same letters, other marks)
# count less than the form typed; exactly() makes exact matches rank first.
SYMBOL_BOOST = 25.0
SUBJECT_BOOST = 3.0
BODY_BOOST = 1.0
FOLDED_FACTOR = 0.4
CITES_BOOST = 2.0
TYPE_NUMBER_BOOST = 20.0
EXACT_BONUS = 1000.0

_FIELD_ALIASES = {
    "type": "type", "loai": "type",
    "issuer": "issuer", "coquan": "issuer",
    "year": "year", "nam": "year",
    "date": "date", "ngay": "date",
    "from": "from", "tu": "from",
    "to": "to", "den": "to",
    "cites": "cites", "trichdan": "cites",
    "symbol": "symbol", "kyhieu": "symbol", "so": "symbol",
}
_TOKEN = re.compile(
    r"""(?P<neg>-(?=[^\s-]))?
        (?:(?P<field>[^\W\d_]+):(?=[^\s]))?
        (?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))""",
    re.VERBOSE,
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "(": " ", ")": " "})
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Clause:
    """One unit of the query: a syllable, a phrase (several syllables) or a symbol."""

    kind: str  # "word" | "phrase" | "symbol"
    syllables: tuple[str, ...]  # exact-analysed syllables (a symbol: its body tokens)
    text: str = ""  # a symbol as typed
    span: tuple[int, int] = (0, 0)  # where it was in the (NFC) query string


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # AND of ORs
    negated: list[Clause] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)  # type/issuer/date_from/...
    text: str = ""  # the NFC query the spans refer to

    def positive(self) -> list[Clause]:
        return [c for group in self.groups for c in group]


def parse(text: str) -> ParsedQuery:
    text = unicodedata.normalize("NFC", text or "").translate(_QUOTES)
    parsed = ParsedQuery(text=text)
    pending_or = False
    for m in _TOKEN.finditer(text):
        name = m.group("field")
        if m.group("word") == "OR" and not m.group("neg") and not name:
            pending_or = bool(parsed.groups)
            continue
        value = m.group("phrase") if m.group("phrase") is not None else m.group("word") or ""
        if name and _apply_filter(parsed.filters, name, value):
            continue
        if name:  # unknown field or invalid value: what was typed is words
            start = m.start("field")
            clauses = _clauses(name, start, quoted=False)
            value_start = m.start("phrase") if m.group("phrase") is not None else m.start("word")
            clauses += _clauses(value, value_start, quoted=m.group("phrase") is not None)
        else:
            start = m.start("phrase") if m.group("phrase") is not None else m.start("word")
            clauses = _clauses(value, start, quoted=m.group("phrase") is not None)
        if not clauses:
            continue
        if m.group("neg"):
            parsed.negated.extend(clauses)
        elif pending_or:
            parsed.groups[-1].append(clauses[0])
            parsed.groups.extend([c] for c in clauses[1:])
        else:
            parsed.groups.extend([c] for c in clauses)
        pending_or = False
    return parsed


def _clauses(value: str, start: int, *, quoted: bool) -> list[Clause]:
    span = (start, start + len(value))
    syls = tuple(syllables(value))
    if not syls:
        return []
    if not quoted and re.match(r"\d", value) and symbol_terms(value) is not None:
        return [Clause("symbol", syls, value.strip(), span)]
    # Several syllables in one token ('kinh-tế', 'a/b') stay together, like a phrase.
    return [Clause("word" if len(syls) == 1 else "phrase", syls, value, span)]


def _apply_filter(filters: dict[str, str], name: str, value: str) -> bool:
    """Records a field filter; False when the field or value is not understood."""
    key = _FIELD_ALIASES.get(fold(name).lower())
    value = value.strip()
    if not key or not value:
        return False
    if key in ("type", "issuer", "cites", "symbol"):
        filters[{"type": "doc_type"}.get(key, key)] = value
        return True
    if key == "year":
        low, _, high = value.partition("..")
        high = high or low
        if not (_YEAR.match(low) and _YEAR.match(high)):
            return False
        filters["date_from"], filters["date_to"] = low, high
        return True
    if key == "date":
        low, sep, high = value.partition("..")
        first, last = parse_date(low), parse_date(high) if sep else parse_date(low)
        if (first is None) or (last is None) or not (first or last):
            return False
        filters["date_from"], filters["date_to"] = first, last
        return True
    date = parse_date(value)
    if not date:
        return False
    filters["date_from" if key == "from" else "date_to"] = date
    return True


def merge_filters(parsed: ParsedQuery, filters: SearchFilters) -> dict[str, str]:
    """Filters from SearchFilters win over the same filter typed in the query."""
    merged = dict(parsed.filters)
    for name in ("doc_type", "issuer", "date_from", "date_to", "classification", "cites"):
        value = getattr(filters, name)
        if value:
            merged[name] = value
    return merged


def type_numbers(parsed: ParsedQuery) -> list[tuple[str, tuple[str, ...], str]]:
    """'nghị quyết 15', 'quy dinh số 294', 'lệnh 5' -> (folded type name, the codes it
    prints, number) for each type name followed by a number in the query."""
    words = [g[0] for g in parsed.groups if len(g) == 1 and g[0].kind in ("word", "phrase")]
    flat = [fold(s) for c in words for s in c.syllables]
    found: list[tuple[str, tuple[str, ...], str]] = []
    for i, number in enumerate(flat):
        if not number.isdigit():
            continue
        j = i - 1 if i > 0 and flat[i - 1] == "so" else i
        for size in (4, 3, 2, 1):
            codes = type_codes(" ".join(flat[j - size:j])) if j >= size else ()
            if codes:
                found.append((" ".join(flat[j - size:j]), codes, number))
                break
    return found


def upper_bound(date: str) -> str:
    """An inclusive upper bound: '2019' covers every date in 2019, '2019-03' all of March."""
    return {4: date + "-12-31", 7: date + "-31"}.get(len(date), date)
