"""The index's own vocabulary, looked up by folded form.

The index keeps one exact (diacritic-bearing) token per syllable. A query word typed
without marks, or with other marks, is expanded here to every indexed form with the same
folded spelling ('nghi' -> nghị, nghĩ, nghỉ, nghi, ...). This spares a second, folded copy
of every page in the index, which would double the indexing cost.

Each segment's vocabulary is read once (segments never change; index.engine reads it)
into a map from folded form to exact forms and document counts; a commit only adds the
new segments' maps.
"""
from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from luutru.vietnamese import fold

TEXT_FIELDS = ("body", "subject")
FoldedMap = dict[str, set[str]]  # folded syllable -> the exact syllables indexed


def add_term(folded_map: FoldedMap, term: str) -> None:
    """Files an indexed syllable under its folded form (compounds are not filed: they are
    not what people type)."""
    if "_" not in term:
        folded_map.setdefault(fold(term), set()).add(term)


class Vocabulary:
    """The vocabulary of one commit: the union of its segments' maps."""

    def __init__(self, segments: Iterable[FoldedMap]) -> None:
        self._segments = list(segments)
        self._forms: dict[str, frozenset[str]] = {}
        self._by_initial: dict[str, list[str]] = {}

    def forms(self, folded: str) -> frozenset[str]:
        """Indexed syllables whose folded form is `folded`."""
        found = self._forms.get(folded)
        if found is None:
            found = frozenset().union(*(s.get(folded, ()) for s in self._segments))
            self._forms[folded] = found
        return found

    def nearest(self, folded: str, maxdist: int = 2) -> list[str]:
        """Folded syllables within a few edits of `folded` (same first letter), closest
        first, for misspelt words."""
        if len(folded) < 3:
            return []
        initial = folded[:1]
        candidates = self._by_initial.get(initial)
        if candidates is None:
            candidates = sorted({f for s in self._segments for f in s if f[:1] == initial})
            self._by_initial[initial] = candidates
        close = process.extract(folded, candidates, scorer=Levenshtein.distance,
                                score_cutoff=min(maxdist, len(folded) // 3), limit=20)
        return [c[0] for c in sorted(close, key=lambda c: (c[1], c[0])) if c[0] != folded]
