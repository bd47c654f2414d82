"""Vietnamese text analysis shared by every backend: a text's exact syllables, type codes
and the type + number token, the word segmenter's word lengths. Plain functions, without
Whoosh: the Whoosh backend's tokenizers and filters, built on these, are in
index.whoosh_analysis, so that searching a Tantivy index never loads Whoosh.

No stop words: English stop lists remove real Vietnamese syllables (an, to, in, ...).
The Vietnamese rules (`place_tone`, `fold`, `symbol_key`, `symbol_terms`) live in the
`vietnamese` package, shared with the metadata, the query builder, the highlighter and the
web app, so every side normalises text identically.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from luutru.vietnamese import (
    SYLLABLE_RE,
    fold,
    folded_type_codes,
    place_tone,
)

# --- pure functions -----------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def exact_form(syllable: str) -> str:
    """What the exact analyzer makes of one NFC syllable: lowercase, traditional tones."""
    return place_tone(syllable.lower())


def syllable_positions(text: str) -> dict[str, list[int]]:
    """Each exact syllable of text with its positions: the exact analyzer's output in the
    form Whoosh indexes, computed in one regex pass with cached per-syllable
    normalisation (the Token-per-filter pipeline costs about three times as much)."""
    positions: dict[str, list[int]] = {}
    for pos, raw in enumerate(SYLLABLE_RE.findall(unicodedata.normalize("NFC", text))):
        form = exact_form(raw)
        found = positions.get(form)
        if found is None:
            positions[form] = [pos]
        else:
            found.append(pos)
    return positions


# --- document types and symbols -------------------------------------------------------------


def type_codes(type_name: str) -> tuple[str, ...]:
    """'Nghị quyết' -> ('nq',); an unknown name -> ()."""
    return folded_type_codes().get(fold(" ".join(type_name.split())), ())


def type_number_token(code: str, number: str) -> str:
    """The token that lets 'nghị quyết 15' find 15-NQ/TW: 'nq#15'."""
    return f"{code}#{number.lstrip('0') or '0'}"


@lru_cache(maxsize=50_000)
def word_lengths(syllables: tuple[str, ...]) -> tuple[int, ...]:
    """How many syllables each word has, by underthesea's word_tokenize (CRF).

    Only the counts are used, never underthesea's output text, which applies its own
    normalisation. If its tokens do not line up with ours, every syllable is its own word.
    """
    if len(syllables) < 2:
        return (1,) * len(syllables)
    from underthesea.pipeline.word_tokenize import word_tokenize  # 0.7 s import: only if used

    lengths = tuple(len(word.split()) for word in word_tokenize(" ".join(syllables)))
    if sum(lengths) != len(syllables):
        return (1,) * len(syllables)
    return lengths


def syllables(text: str) -> list[str]:
    """The exact syllables of a text (what the exact analyzer indexes), for query building
    and tests: NFC, lowercase, one tone convention."""
    return [exact_form(raw) for raw in SYLLABLE_RE.findall(unicodedata.normalize("NFC", text))]
