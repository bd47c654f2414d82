"""Vietnamese text analysis for Whoosh, built like Whoosh's own `analysis` package.

Small tokenizers and filters composed with `|`:

    Normalized(SyllableTokenizer()) | LowercaseFilter() | ToneFilter()      exact syllables
    ... | FoldFilter()                                                      diacritic-free
    ... | CompoundFilter()                 + underthesea compound words ("cải_cách")
    SymbolTokenizer()                      official-document symbols ("15-NQ/TW")

No stop words: English stop lists remove real Vietnamese syllables (an, to, in, ...).
The pure functions (`place_tone`, `fold`, `symbol_key`, `parse_symbol`) are what the
filters apply per token; the index's query builder and highlighter reuse them so that
index and query sides normalise text identically.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, Token, Tokenizer

# --- pure functions -----------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_COMBINING = re.compile("[\u0300-\u036f]")

# The vowel pairs whose tone goes on the first vowel in the traditional convention
# (hòa, hòe, thủy) and on the second in the newer one (hoà, hoè, thuỷ). We keep the
# traditional one for open syllables; with a final consonant (hoàng, khuyết) both
# conventions agree on the second vowel, and that is enforced too.
_PAIRS = {"o": "ae", "u": "y"}
_PAIR_RE = re.compile(
    r"(?P<onset>[^\W\d_]*?)(?P<first>[ou])(?P<second>[aey])(?P<coda>[cghmnpt]*|[iy])$",
    re.IGNORECASE,
)


def _split_tone(ch: str) -> tuple[str, str]:
    """'ò' -> ('o', '\u0300'); a letter without a tone mark -> (letter, '')."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in parts if c in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
    return base, tone


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


@lru_cache(maxsize=200_000)
def place_tone(syllable: str) -> str:
    """Put the tone mark of an oa/oe/uy syllable where the traditional convention does.

    hoà -> hòa, HOÁ -> HÓA, thuỷ -> thủy, uỷ -> ủy, hòang -> hoàng, qúy -> quý.
    Expects NFC; any other syllable comes back unchanged.
    """
    nfd = unicodedata.normalize("NFD", syllable)
    if not any(c in _TONE_MARKS for c in nfd):
        return syllable
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    if len(bare) != len(syllable):  # not composed letter by letter: leave it alone
        return syllable
    m = _PAIR_RE.match(bare)
    if m is None or m.group("second").lower() not in _PAIRS[m.group("first").lower()]:
        return syllable
    onset, coda = m.group("onset"), m.group("coda")
    start = len(onset)
    first, tone1 = _split_tone(syllable[start])
    second, tone2 = _split_tone(syllable[start + 1])
    tone = tone1 or tone2
    if not tone or (tone1 and tone2):
        return syllable
    after_q = onset.lower().endswith("q")  # "qu" is a consonant: quý has a single vowel y
    if not coda and not after_q:
        new = _with_tone(first, tone) + second
    else:
        new = first + _with_tone(second, tone)
    return syllable[:start] + new + syllable[start + 2:]


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Remove every diacritic: 'Đảng ủy' -> 'Dang uy'. Folding merges words (ma/mà/má)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed))


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


def normalize_text(text: str) -> str:
    """NFC, then the traditional tone placement on every syllable; case is kept."""
    text = unicodedata.normalize("NFC", text)
    return SYLLABLE_RE.sub(lambda m: place_tone(m.group(0)), text)


# --- document types and symbols -------------------------------------------------------------

# Folded type name -> the type codes a symbol may print for it (folded, lowercase).
# A Party "Quy định" prints QĐi or, often, QĐ.
DOC_TYPE_CODES: dict[str, tuple[str, ...]] = {
    "nghi quyet": ("nq",),
    "chi thi": ("ct",),
    "ket luan": ("kl",),
    "quyet dinh": ("qd",),
    "quy dinh": ("qdi", "qd"),
    "quy che": ("qc",),
    "huong dan": ("hd",),
    "thong bao": ("tb",),
    "thong tri": ("tt",),
    "thong tu": ("tt",),
    "bao cao": ("bc",),
    "ke hoach": ("kh",),
    "chuong trinh": ("ctr",),
    "chuong trinh hanh dong": ("ctr",),
    "to trinh": ("ttr",),
    "cong van": ("cv",),
    "bien ban": ("bb",),
    "quy trinh": ("qtr",),
    "de an": ("da",),
    "nghi dinh": ("nd",),
}

# A number, then parts joined by - / or . ; at least one part must hold a letter.
_SYMBOL_RE = re.compile(r"(?<![^\W_])\d+[^\W\d_]?(?:[-/.][^\W_]+)+")
_SPACES = re.compile(r"\s+")
_SYMBOL_SPACES = re.compile(r"\s*([-/])\s*")


@dataclass(frozen=True)
class Symbol:
    key: str  # whole, folded, lowercase, no spaces, leading zeros dropped: "15-nq/tw"
    number: str  # "15"
    year: str  # "2020" in 30/2020/NĐ-CP, else ""
    codes: tuple[str, ...]  # folded lowercase letter parts: ("nq", "tw")
    type_code: str  # the part naming the type: "nq"; for 456/UBND-VP it is "ubnd"


def find_symbols(text: str) -> list[str]:
    """Symbol-shaped substrings of a text, as printed (spaces around - and / removed)."""
    text = _SYMBOL_SPACES.sub(r"\1", unicodedata.normalize("NFC", text))
    return [m.group(0) for m in _SYMBOL_RE.finditer(text) if _has_letter_part(m.group(0))]


def _has_letter_part(candidate: str) -> bool:
    return any(not part.isdigit() for part in re.split(r"[-/.]", candidate)[1:])


def parse_symbol(text: str) -> Symbol | None:
    """'Số: 30/2020/NĐ-CP' -> Symbol(key='30/2020/nd-cp', number='30', year='2020', ...)."""
    found = find_symbols(text)
    if not found:
        return None
    folded = fold(found[0]).lower()
    first, *rest = re.split(r"[-/.]", folded)
    number = re.sub(r"\D", "", first).lstrip("0") or "0"
    year = rest[0] if rest and re.fullmatch(r"(?:19|20)\d\d", rest[0]) else ""
    codes = tuple(p for p in rest if not p.isdigit())
    # Leading zeros vary between copies (05-QC/... and 5-QC/...): the key drops them.
    key = (first.lstrip("0") or "0") + folded[len(first):]
    return Symbol(key=key, number=number, year=year, codes=codes,
                  type_code=codes[0] if codes else "")


def symbol_key(text: str) -> str:
    """The form symbols are indexed and looked up by: '294-QĐ/TW' and '294-qd/tw' agree."""
    parsed = parse_symbol(text)
    return parsed.key if parsed else fold(_SPACES.sub("", text)).lower()


def type_codes(type_name: str) -> tuple[str, ...]:
    """'Nghị quyết' -> ('nq',); an unknown name -> ()."""
    return DOC_TYPE_CODES.get(fold(_SPACES.sub(" ", type_name).strip()).lower(), ())


def type_number_token(code: str, number: str) -> str:
    """The token that lets 'nghị quyết 15' find 15-NQ/TW: 'nq#15'."""
    return f"{code}#{number.lstrip('0') or '0'}"


# --- tokenizers -------------------------------------------------------------------------------

# A syllable: letters/digits plus combining marks, so decomposed (NFD) text never splits at a
# mark even when no precomposed letter exists. '_' is excluded: it joins compound tokens.
SYLLABLE_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_NON_SPACE = re.compile(r"\S")


class Normalized(Tokenizer):
    """Unicode-normalises the text (NFC by default) and hands it to another tokenizer.

    Normalising before tokenising matters: many tokenizers split decomposed words at the
    combining marks. Character offsets refer to the normalised text, which is what the
    archive stores (text is NFC everywhere).
    """

    def __init__(self, tokenizer: Tokenizer, form: str = "NFC") -> None:
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
            parsed = parse_symbol(printed)
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
    """Strips every diacritic and maps đ to d, for the diacritic-insensitive fields."""

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


def syllables(text: str) -> list[str]:
    """The exact analyzer's token texts, for query building and tests."""
    return [t.text for t in exact_analyzer()(text)]
