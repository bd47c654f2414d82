"""The Whoosh backend's analysis, built like Whoosh's own `analysis` package from the
plain rules of index.analysis.

Small tokenizers and filters composed with `|`:

    Normalized(SyllableTokenizer()) | LowercaseFilter() | ToneFilter()      exact syllables
    ... | FoldFilter()                                                      diacritic-free
    ... | CompoundFilter()                 + underthesea compound words ("cải_cách")
    SymbolTokenizer()                      official-document symbols ("15-NQ/TW")
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

from whoosh.analysis import Filter, LowercaseFilter, Token, Tokenizer

from luutru.index.analysis import type_number_token, word_lengths
from luutru.vietnamese import SYLLABLE_RE, find_symbols, fold, place_tone, symbol_terms

# --- tokenizers -------------------------------------------------------------------------------

_NON_SPACE = re.compile(r"\S")


class Normalized(Tokenizer):
    """Unicode-normalises the text (NFC by default) and hands it to another tokenizer.

    Normalising before tokenising matters: many tokenizers split decomposed words at the
    combining marks. Character offsets refer to the normalised text, which is what the
    archive stores (text is NFC everywhere).
    """

    def __init__(self, tokenizer: Tokenizer,
                 form: Literal["NFC", "NFD", "NFKC", "NFKD"] = "NFC") -> None:
        self.tokenizer = tokenizer
        self.form = form

    def __call__(self, value: str, **kwargs) -> Iterator[Token]:
        return self.tokenizer(unicodedata.normalize(self.form, value), **kwargs)


class SyllableTokenizer(Tokenizer):
    """One token per space- or punctuation-separated syllable, with positions and chars.

    With breaks=True each token gets `brk`: True when punctuation separates it from the
    previous token, so the word segmenter does not join words across a comma.
    """

    def __init__(self, breaks: bool = False) -> None:
        self.breaks = breaks

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        previous_end = 0
        for pos, match in enumerate(SYLLABLE_RE.finditer(value)):
            t.text = match.group(0)
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            if self.breaks:
                t.brk = _NON_SPACE.search(value, previous_end, match.start()) is not None
                previous_end = match.end()
            yield t


class SymbolTokenizer(Tokenizer):
    """Official-document symbols kept whole, plus the pieces people search by.

    'Số: 30/2020/NĐ-CP' -> '30/2020/nd-cp', '30', '2020', 'nd', 'cp', 'nd#30'. Everything is
    folded and lowercase, so '294-QD/TW' typed without the stroke still matches.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for printed in find_symbols(value):
            parsed = symbol_terms(printed)
            if parsed is None:
                continue
            texts = [parsed.key, parsed.number, *([parsed.year] if parsed.year else []),
                     *parsed.codes]
            if parsed.type_code:
                texts.append(type_number_token(parsed.type_code, parsed.number))
            for text in dict.fromkeys(texts):
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = printed
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar = start_char
                    t.endchar = start_char + len(value)
                yield t


# --- filters ----------------------------------------------------------------------------------


class ToneFilter(Filter):
    """One tone-placement convention: hoà/hòa, thuỷ/thủy, uỷ/ủy all become hòa, thủy, ủy."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = place_tone(t.text)
            yield t


class FoldFilter(Filter):
    """Strips every diacritic, maps đ to d and lowers, for the diacritic-insensitive fields."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            yield t


class CompoundFilter(Filter):
    """Adds underthesea's compound words alongside the syllables.

    'cải cách hành chính' -> cải, cải_cách, cách, hành, hành_chính, chính; a compound sits at
    the position of its first syllable and spans its syllables' characters, so phrase
    queries over syllables and highlighting still work. Segmentation runs per stretch of
    text between punctuation marks (tokens need `brk` from SyllableTokenizer(breaks=True))
    and is cached, since the CRF costs about 10 µs per syllable.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        chunk: list[Token] = []
        for t in tokens:
            if chunk and getattr(t, "brk", False):
                yield from _with_compounds(chunk)
                chunk = []
            chunk.append(t.copy())
        if chunk:
            yield from _with_compounds(chunk)


def _with_compounds(chunk: list[Token]) -> Iterator[Token]:
    lengths = word_lengths(tuple(t.text for t in chunk))
    i = 0
    for n in lengths:
        yield chunk[i]
        if n > 1:
            words = chunk[i:i + n]
            compound = chunk[i].copy()
            compound.text = "_".join(w.text for w in words)
            if compound.chars:
                compound.endchar = words[-1].endchar
            yield compound
        yield from chunk[i + 1:i + n]
        i += n


# --- analyzers --------------------------------------------------------------------------------


def exact_analyzer():
    """Syllables, NFC, lowercase, one tone convention: the 'exact diacritics' fields."""
    return Normalized(SyllableTokenizer()) | LowercaseFilter() | ToneFilter()


def folded_analyzer():
    """As exact_analyzer, with every diacritic removed: 'nghi quyet' finds 'nghị quyết'."""
    return exact_analyzer() | FoldFilter()


def compound_analyzer(folded: bool = False):
    """Syllables plus compound words; used on the short subject, where segmentation pays."""
    analyzer = (Normalized(SyllableTokenizer(breaks=True)) | LowercaseFilter() | ToneFilter()
                | CompoundFilter())
    return analyzer | FoldFilter() if folded else analyzer


def symbol_analyzer():
    return SymbolTokenizer()
