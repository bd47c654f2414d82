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

from index.analysis import fold

TEXT_FIELDS = ("body", "subject")
FoldedMap = dict[str, dict[str, int]]  # folded syllable -> {exact syllable: document count}


def add_term(folded_map: FoldedMap, term: str, doc_count: int) -> None:
    """Files an indexed syllable under its folded form (compounds are not filed: they are
    not what people type)."""
    if "_" not in term:
        forms = folded_map.setdefault(fold(term), {})
        forms[term] = max(forms.get(term, 0), doc_count)


class Vocabulary:
    """The vocabulary of one commit: the union of its segments' maps."""

    def __init__(self, segments: Iterable[FoldedMap]) -> None:
        self._segments = list(segments)
        self._forms: dict[str, dict[str, int]] = {}
        self._by_initial: dict[str, list[str]] = {}

    def forms(self, folded: str) -> dict[str, int]:
        """Indexed syllables whose folded form is `folded`, with their document counts."""
        found = self._forms.get(folded)
        if found is None:
            found = {}
            for segment in self._segments:
                for term, count in segment.get(folded, {}).items():
                    found[term] = found.get(term, 0) + count
            self._forms[folded] = found
        return found

    def nearest(self, folded: str, maxdist: int = 2) -> str:
        """The most frequent folded syllable within a few edits of `folded` (same first
        letter), for misspelt words; '' when there is none."""
        if len(folded) < 3:
            return ""
        initial = folded[:1]
        candidates = self._by_initial.get(initial)
        if candidates is None:
            candidates = sorted({f for s in self._segments for f in s if f[:1] == initial})
            self._by_initial[initial] = candidates
        close = process.extract(folded, candidates, scorer=Levenshtein.distance,
                                score_cutoff=min(maxdist, len(folded) // 3), limit=20)
        close = [c for c in close if c[0] != folded]
        if not close:
            return ""
        return min(close, key=lambda c: (c[1], -sum(self.forms(c[0]).values()), c[0]))[0]
