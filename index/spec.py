"""The Vietnamese analysis spec as plain token lists: what every backend indexes.

One record becomes the terms of each field, in order (a term's place in its list is its
position, for phrases):

    body, subject     exact syllables: NFC, lowercase, the traditional tone placement
    body_f, subject_f the same syllables folded (no marks, đ -> d)
    subject_w         underthesea compound words of the subject ('cải_cách')
    symbol            the document's symbol whole and as number, year, codes, 'nq#15'
    cites             the symbols it cites, whole
    issuer_f          the issuer's folded syllables
    vocab             'folded|exact' once per distinct syllable: the vocabulary, counted
                      per document, so suggestions count only what a caller may see

The rules themselves (tone placement, folding, symbol parsing, type codes) live in
index.analysis; this module only applies them, so a backend that indexes these lists
matches text exactly as the Whoosh analyzers do (tests/test_index_conformance.py).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from index.analysis import (
    SYLLABLE_RE,
    exact_form,
    find_symbols,
    fold,
    parse_symbol,
    symbol_key,
    type_number_token,
    word_lengths,
)
from index.schema import (
    PAGE_SEPARATOR,
    classification_level,
    doc_type_label,
    folded_key,
    iso_date,
    upper_label,
)
from index.types import IndexRecord

VOCAB_SEPARATOR = "|"


def exact_tokens(text: str) -> list[str]:
    """The exact syllables of a text, in order."""
    return [exact_form(raw) for raw in SYLLABLE_RE.findall(unicodedata.normalize("NFC", text))]


def folded_tokens(tokens: list[str]) -> list[str]:
    return [fold(t) for t in tokens]


def symbol_tokens(text: str) -> list[str]:
    """Symbols kept whole plus the pieces people search by (as SymbolTokenizer)."""
    out: list[str] = []
    for printed in find_symbols(text):
        parsed = parse_symbol(printed)
        if parsed is None:
            continue
        out += [parsed.key, parsed.number, *([parsed.year] if parsed.year else []),
                *parsed.codes]
        if parsed.type_code:
            out.append(type_number_token(parsed.type_code, parsed.number))
    return list(dict.fromkeys(out))


def compound_tokens(text: str) -> list[str]:
    """Compound words (two syllables or more) of a short text, by underthesea; segmented
    per stretch between punctuation marks like index.analysis.CompoundFilter."""
    out: list[str] = []
    for stretch in _stretches(unicodedata.normalize("NFC", text)):
        syllables = tuple(exact_form(s) for s in stretch)
        i = 0
        for n in word_lengths(syllables):
            if n > 1:
                out.append("_".join(syllables[i:i + n]))
            i += n
    return out


def _stretches(text: str) -> list[list[str]]:
    stretches: list[list[str]] = [[]]
    previous_end = 0
    for m in SYLLABLE_RE.finditer(text):
        if text[previous_end:m.start()].strip() and stretches[-1]:
            stretches.append([])
        stretches[-1].append(m.group(0))
        previous_end = m.end()
    return [s for s in stretches if s]


def vocab_tokens(*token_lists: list[str]) -> list[str]:
    forms = {t for tokens in token_lists for t in tokens}
    return [f"{fold(t)}{VOCAB_SEPARATOR}{t}" for t in sorted(forms)]


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
    subject: list[str]
    subject_f: list[str]
    subject_w: list[str]
    body: list[str]
    body_f: list[str]
    vocab: list[str]
    stored: dict


def analyse(record: IndexRecord, *, compounds: bool = True) -> Analysed:
    meta = {k: unicodedata.normalize("NFC", v or "") for k, v in record.metadata.items()}
    pages = tuple(unicodedata.normalize("NFC", p) for p in record.pages)
    subject_text = " ".join(s for s in (meta.get("subject", ""), meta.get("cv_subject", ""))
                            if s)
    date = iso_date(meta.get("date", ""))
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
        subject=subject,
        subject_f=folded_tokens(subject),
        subject_w=compound_tokens(subject_text) if compounds else [],
        body=body,
        body_f=folded_tokens(body),
        vocab=vocab_tokens(body, subject),
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
