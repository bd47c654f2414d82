"""The Vietnamese text rules, written once: letters (NFC, folding, tone placement),
document types of both families, symbols, and dates.

Every package that reads or compares Vietnamese text (ocr, metadata, index, search_ui,
pipeline) takes these rules from here, so a query, the index, the metadata and the
export agree on what is the same word, the same type and the same symbol.
"""
from luutru.vietnamese.dates import (
    date_vi,
    format_date_dmy,
    format_date_vi,
    iso_date,
    parse_date,
    short_date,
    valid_iso,
)
from luutru.vietnamese.doctypes import (
    PARTY,
    STATE,
    TT05_TYPE_CODES,
    TYPE_NAMES,
    TYPES,
    DocType,
    canonical_type_code,
    codes_for_name,
    folded_type_codes,
    names_for_code,
    tt05_type_code,
    type_name,
)
from luutru.vietnamese.issuers import (
    ISSUER_ABBREVIATIONS,
    PARTY_ISSUER_ABBREVIATIONS,
    expand_issuer,
)
from luutru.vietnamese.syllables import TONE_MARKS, is_vietnamese_syllable, without_tones
from luutru.vietnamese.symbols import (
    BARE_CODE,
    PARTY_ISSUER_CODES,
    PRINTED_CODE,
    SO_KEYWORD,
    SO_KEYWORD_SLIPPED,
    Symbol,
    SymbolTerms,
    as_figures,
    compact,
    find_symbols,
    parse_symbol,
    symbol_key,
    symbol_terms,
)
from luutru.vietnamese.text import (
    SYLLABLE_RE,
    CommonCharmap,
    fold,
    nfc,
    normalize_text,
    place_tone,
    tone_key,
)

__all__ = [
    "CommonCharmap", "DocType", "ISSUER_ABBREVIATIONS", "PARTY", "PARTY_ISSUER_ABBREVIATIONS",
    "BARE_CODE", "PARTY_ISSUER_CODES", "PRINTED_CODE", "SO_KEYWORD",
    "SO_KEYWORD_SLIPPED", "STATE", "SYLLABLE_RE", "Symbol",
    "SymbolTerms",
    "TONE_MARKS", "TT05_TYPE_CODES", "TYPES", "TYPE_NAMES", "as_figures", "canonical_type_code",
    "codes_for_name", "compact", "date_vi", "expand_issuer", "find_symbols", "fold",
    "folded_type_codes", "format_date_dmy", "format_date_vi",
    "is_vietnamese_syllable", "iso_date", "names_for_code", "nfc", "normalize_text",
    "parse_date", "parse_symbol", "place_tone", "short_date", "symbol_key",
    "symbol_terms", "tone_key",
    "tt05_type_code", "type_name", "valid_iso", "without_tones",
]
