"""Snippets: the document's own text, HTML-escaped, with the matched words in <mark>.

Matching is diacritic-insensitive like the search itself, so a query typed without marks
highlights the marked words it found. Each folded query word becomes a regular expression
matching it in every marking and case (what folding the text character by character, which
keeps every offset, would match), and the page texts are searched with one expression, so
a hit costs well under a millisecond; the same matches tell which pages matched.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from luutru.index.schema import PAGE_SEPARATOR
from luutru.vietnamese import fold, symbol_key

SNIPPET_CHARS = 240
_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstu"
            "ùúủũụưừứửữựvwxyỳýỷỹỵz")
# One character in, one character out: offsets in the folded text are offsets in the text.
_FOLD_LOWER = str.maketrans({**{c: fold(c) for c in _LETTERS},
                             **{c.upper(): fold(c) for c in _LETTERS}})
_SYMBOL_IN_TEXT = re.compile(r"\d+[^\W\d_]?(?:\s?[-/.]\s?[^\W_]+)+")


@dataclass(frozen=True)
class Terms:
    """What to highlight: folded syllables and symbol keys."""

    words: frozenset[str]
    symbols: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words or self.symbols)


# The characters that _FOLD_LOWER turns into each character (itself included, unless the
# table maps it to another).
_FOLDS_TO: dict[str, set[str]] = {}
for _code, _folded in _FOLD_LOWER.items():
    _FOLDS_TO.setdefault(_folded, set()).add(chr(_code))


def _any_marking(char: str) -> str:
    """A regex matching every character that folds to `char`."""
    chars = set(_FOLDS_TO.get(char, ()))
    if ord(char) not in _FOLD_LOWER:
        chars.add(char)
    if len(chars) == 1:
        return re.escape(char)
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=1024)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """The folded words in any marking and case, searched in the text itself: the same
    matches as the words in the text folded character by character (which keeps
    offsets), without folding a whole document for each hit."""
    alternatives = "|".join("".join(map(_any_marking, w))
                            for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_]|[\u0300-\u036f])")


def matches(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Character spans of the matched words and symbols in text, in order, not overlapping."""
    spans: list[tuple[int, int]] = []
    if terms.symbols:
        spans += [m.span() for m in _SYMBOL_IN_TEXT.finditer(text)
                  if symbol_key(m.group(0)) in terms.symbols]
    if terms.words:
        spans += [m.span() for m in _words_pattern(terms.words).finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if not merged or start >= merged[-1][1]:
            merged.append((start, end))
    return merged


def render(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None
           ) -> str:
    """text[start:end] escaped, with the spans inside it wrapped in <mark>."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[cursor:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def _best_window(spans: list[tuple[int, int]], text: str, width: int) -> tuple[int, int]:
    """The stretch of `width` characters holding the most distinct matched words."""
    words = [text[s:e].translate(_FOLD_LOWER) for s, e in spans]
    best, best_score, j = 0, -1, 0
    inside: Counter[str] = Counter()
    for i, (start, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + width:
            inside[words[j]] += 1
            j += 1
        if len(inside) > best_score:
            best, best_score = i, len(inside)
        inside[words[i]] -= 1
        if not inside[words[i]]:
            del inside[words[i]]
    begin = max(0, spans[best][0] - width // 4)
    if begin > 0:  # start and end at word boundaries
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < spans[best][0] else begin
    stop = min(len(text), begin + width)
    if stop < len(text):
        space = text.rfind(" ", begin, stop)
        stop = space if space > spans[best][1] else stop
    return begin, stop


def highlight(pages: Sequence[str], subject: str, terms: Terms, separator: str,
              width: int = SNIPPET_CHARS) -> tuple[str, tuple[int, ...]]:
    """(snippet, 1-based numbers of the pages holding a match).

    The snippet is the best window of the text around the matches, else the subject
    with its matches marked, else the start of the text."""
    body = separator.join(pages)
    spans = matches(body, terms) if terms else []
    if spans:
        starts, offset = [], 0
        for page in pages:
            starts.append(offset)
            offset += len(page) + len(separator)
        numbers = tuple(sorted({bisect_right(starts, s) for s, _ in spans}))
        begin, stop = _best_window(spans, body, width)
        text = render(body, spans, begin, stop).replace("\n", " ")
        return ("…" if begin else "") + text + ("…" if stop < len(body) else ""), numbers
    if subject:
        return render(subject, matches(subject, terms) if terms else []), ()
    cut = html.escape(body[:width]).replace("\n", " ")
    return cut + ("…" if len(body) > width else ""), ()


def hit_snippet(pages: Sequence[str], metadata: Mapping[str, str], terms: Terms
                ) -> tuple[str, tuple[int, ...]]:
    """highlight() of a stored document: its pages, and its subject (or the subject read
    from the file's cover, cv_subject) for a document whose text holds no match."""
    subject = " ".join(x for x in (metadata.get("subject", ""), metadata.get("cv_subject", ""))
                       if x)
    return highlight(pages, subject, terms, PAGE_SEPARATOR)
