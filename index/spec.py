"""The Vietnamese analysis spec as plain token lists: what every backend indexes.

One record becomes the terms of each field, in order (a term's place in its list is its
position, for phrases):

    body, subject     exact syllables: NFC, lowercase, the traditional tone placement;
                      given as one string, the syllables separated by single spaces,
                      which a whitespace tokenizer splits back
    body_f, subject_f the same syllables folded (no marks, đ -> d); a backend may fold
                      them itself where a test shows its folding is index.analysis.fold
    symbol            the document's symbol whole and as number, year, codes, 'nq#15'
    cites             the symbols it cites, whole
    issuer_f          the issuer's folded syllables
    body2_f           the body's syllables two by two ('ban_thường thường_vụ'), folded,
                      where both are common (common_pair): a quoted phrase's pairs of
                      common syllables select the documents before positions
    vocab             'folded|exact' once per distinct syllable: the vocabulary, counted
                      per document, so suggestions count only what a caller may see
                      (one string, terms separated by spaces)

The rules themselves (tone placement, folding, symbol parsing, type codes) live in
index.analysis; this module only applies them, so a backend that indexes these lists
matches text exactly as the Whoosh analyzers do (tests/test_index_conformance.py).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, islice
from operator import and_

from luutru.index.analysis import type_number_token
from luutru.index.schema import (
    PAGE_SEPARATOR,
    classification_level,
    doc_type_label,
    folded_key,
    upper_label,
)
from luutru.index.types import IndexRecord
from luutru.vietnamese import (
    SYLLABLE_RE,
    CommonCharmap,
    find_symbols,
    fold,
    place_tone,
    symbol_key,
    symbol_terms,
    valid_iso,
)
from luutru.vietnamese.frequent import COMMON_FOLDED

VOCAB_SEPARATOR = "|"
PAIR = "_"  # joins two syllables into one term of the syllable-pair field


class _Memo(dict[str, str]):
    """A per-process memo of a per-syllable rule, read with C-level map()."""

    def __init__(self, rule: Callable[[str], str]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, key: str) -> str:
        value = self[key] = self.rule(key)
        return value


class _FoldTable(dict[int, str]):
    """fold() one character at a time, for str.translate: folding removes marks and maps
    đ to d character by character, so folding a whole text in one pass equals folding
    each of its syllables."""

    def __missing__(self, code: int) -> str:
        value = self[code] = fold(chr(code))
        return value


class _SpaceTable(dict[int, str]):
    """For str.translate: a character SYLLABLE_RE takes into a syllable stays, any other
    becomes a space, so str.split() then yields exactly SYLLABLE_RE.findall()."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = self[code] = char if SYLLABLE_RE.fullmatch(char) else " "
        return value


def common_syllable(syllable: str) -> bool:
    """Whether the pairs of an exact syllable (index.spec's form) are indexed: its folded
    form is one of Vietnamese's most frequent syllables (vietnamese.frequent). Only
    phrases of such syllables are slow from positions alone; a phrase holding a rarer
    syllable is found through that syllable's short posting list.

    A syllable whose folded form is not plain ASCII also counts (its pairs are indexed):
    a backend whose folding maps more letters to ASCII than fold() does (Tantivy folds
    'ø' to 'o') may fold it to a common syllable, and a phrase query asks for the pairs
    of what the backend folded (common_pair); tests/test_index_spec.py checks every
    character."""
    folded = fold(syllable)
    return folded in COMMON_FOLDED or not folded.isascii()


def common_pair(first: str, second: str) -> bool:
    """Whether a phrase may require the pair of two folded syllables: a document holding
    them side by side has that pair indexed (common_syllable)."""
    return first in COMMON_FOLDED and second in COMMON_FOLDED


class _Flags(dict[str, bool]):
    def __missing__(self, key: str) -> bool:
        value = self[key] = common_syllable(key)
        return value


_EXACT = _Memo(place_tone)
_COMMON = _Flags()
_FOLD = _FoldTable()
_SPACE = _SpaceTable()
_SPACE_COMMON = CommonCharmap(lambda c: c.translate(_SPACE))
# 'folded|exact' of a syllable: the same few thousand syllables recur in every document.
_VOCAB = _Memo(lambda t: f"{t.translate(_FOLD)}{VOCAB_SEPARATOR}{t}")


def exact_tokens(text: str) -> list[str]:
    """The exact syllables of a text, in order (index.analysis.exact_form of each)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    # C-level passes (translate, split) instead of a regex match per syllable.
    spaced = _SPACE_COMMON.apply(lowered)
    if spaced is None:
        spaced = lowered.translate(_SPACE)
    return list(map(_EXACT.__getitem__, spaced.split()))


def folded_tokens(tokens: list[str]) -> list[str]:
    return [fold(t) for t in tokens]


def common_pairs(tokens: list[str]) -> str:
    """The pairs of neighbouring syllables both common, 'ban_thường thường_vụ', joined by
    spaces (C-level passes: a flag per syllable, then the pairs whose flags both hold)."""
    flags = list(map(_COMMON.__getitem__, tokens))
    both = map(and_, flags, islice(flags, 1, None))
    return " ".join(map(PAIR.join, compress(zip(tokens, islice(tokens, 1, None), strict=False),
                                             both)))


def symbol_tokens(text: str) -> list[str]:
    """Symbols kept whole plus the pieces people search by (as SymbolTokenizer)."""
    out: list[str] = []
    for printed in find_symbols(text):
        parsed = symbol_terms(printed)
        if parsed is None:
            continue
        out += [parsed.key, parsed.number, *([parsed.year] if parsed.year else []),
                *parsed.codes]
        if parsed.type_code:
            out.append(type_number_token(parsed.type_code, parsed.number))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Analysed:
    """One record as every backend indexes it; `stored` is what searches give back."""

    id: str
    level: int
    doc_type: str  # facet label: 'Nghị quyết'
    doc_type_f: str  # filter key: 'nghi quyet'
    issuer: str  # facet label, capitals
    issuer_f: list[str]
    classification: str
    date: str  # ISO, maybe only year or year-month; '' when unknown
    year: str
    batch: str
    symbol: list[str]
    cites: list[str]
    subject: str  # exact syllables, separated by single spaces
    body: str  # the same
    pairs: str  # the body's common syllables two by two: 'ban_thường thường_vụ'
    vocab: str  # 'folded|exact' once per distinct syllable of subject and body
    stored: dict


def analyse(record: IndexRecord) -> Analysed:
    meta = {k: unicodedata.normalize("NFC", v or "") for k, v in record.metadata.items()}
    pages = tuple(unicodedata.normalize("NFC", p) for p in record.pages)
    subject_text = " ".join(s for s in (meta.get("subject", ""), meta.get("cv_subject", ""))
                            if s)
    date = valid_iso(meta.get("date", ""))
    doc_type = doc_type_label(meta.get("doc_type", ""))
    issuer = upper_label(meta.get("issuer", ""))
    body = exact_tokens(PAGE_SEPARATOR.join(pages))
    subject = exact_tokens(subject_text)
    return Analysed(
        id=record.id,
        level=classification_level(meta.get("classification", "")),
        doc_type=doc_type,
        doc_type_f=folded_key(doc_type),
        issuer=issuer,
        issuer_f=folded_tokens(exact_tokens(issuer)),
        classification=upper_label(meta.get("classification", "")),
        date=date,
        year=date[:4],
        batch=record.batch,
        symbol=symbol_tokens(meta.get("symbol", "")),
        cites=list(dict.fromkeys(symbol_key(c) for c in record.cites if c.strip())),
        subject=" ".join(subject),
        body=" ".join(body),
        pairs=common_pairs(body),
        vocab=" ".join(map(_VOCAB.__getitem__, set(body).union(subject))),
        stored={"source": record.source, "metadata": meta, "pages": list(pages),
                "cites": list(record.cites), "batch": record.batch},
    )


def date_key(date: str) -> int:
    """An ISO date, maybe partial, as an integer in the same order as the strings:
    '2019' -> 20190000, '2019-03' -> 20190300, '2019-03-05' -> 20190305; '' -> 0."""
    if not date:
        return 0
    parts = date.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 0
    day = int(parts[2]) if len(parts) > 2 else 0
    return year * 10000 + month * 100 + day
