"""'Did you mean': diacritics for words typed without them, corrections for misspelt words,
both taken from the index's own vocabulary.

Words are counted only in the documents the caller may see (`frequency`), so a suggestion
never reveals a word that only classified documents contain."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from luutru.index.query import ParsedQuery
from luutru.vietnamese import SYLLABLE_RE, fold, place_tone

# A typed word is replaced when another form of it is this many times more frequent.
DOMINANCE = 3
Frequency = Callable[[str], int]  # exact syllable -> visible documents containing it


class Vocabulary(Protocol):
    """The index's words: each backend has its own (index.vocabulary for Whoosh)."""

    def forms(self, folded: str) -> frozenset[str]: ...

    def nearest(self, folded: str, maxdist: int = 2) -> list[str]: ...


def better_word(vocabulary: Vocabulary, word: str, frequency: Frequency) -> str:
    """The form of `word` (exact-analysed) to suggest, or '' when the typed form is fine."""
    folded = fold(word)
    counts = {form: frequency(form) for form in vocabulary.forms(folded)}
    if not any(counts.values()):
        # Misspelt: the closest spelling that visible documents have, then its best form.
        for near in vocabulary.nearest(folded):
            counts = {form: frequency(form) for form in vocabulary.forms(near)}
            if any(counts.values()):
                break
    best = max(counts, key=lambda f: (counts[f], f), default="")
    if not best or not counts[best] or best == word:
        return ""
    # A word typed with its marks and present in the index is taken as meant, even if
    # a differently marked word is more common (hỏa is not a misspelling of hóa).
    typed = counts.get(word, 0)
    if (typed and word != folded) or typed * DOMINANCE >= counts[best]:
        return ""
    return best


def suggestion(vocabulary: Vocabulary, parsed: ParsedQuery, frequency: Frequency) -> str:
    """The query with better words put in, or '' when nothing would change."""
    text = parsed.text
    replacements: list[tuple[int, int, str]] = []
    for clause in parsed.positive():
        if clause.kind == "symbol":
            continue
        start, end = clause.span
        for m in SYLLABLE_RE.finditer(text, start, end):
            better = better_word(vocabulary, place_tone(m.group(0).lower()), frequency)
            if better:
                replacements.append((m.start(), m.end(), better))
    if not replacements:
        return ""
    out, cursor = [], 0
    for start, end, better in replacements:
        out.append(text[cursor:start])
        out.append(better)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
