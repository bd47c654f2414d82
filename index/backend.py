"""The backend seam: ArchiveIndex is what the pipeline and the web app use; a backend
(Tantivy by default, Whoosh by configuration) does the indexing and matching.

Both backends index the same analysis (index.analysis rules, index.spec token lists),
parse the same query language (index.query.parse) and make snippets with the same
highlighter (index.highlight), so tests/test_index_conformance.py runs one suite on both.

What sits above the backends, here, is backend-neutral: OCR-tolerant retrieval. When every
word together finds too little, the query is retried with numbers widened to their common
OCR misreadings (1950 -> 1959, 1958, ...), then with one word left out at a time, and each
such hit says which words it lacks (Hit.missing).
"""
from __future__ import annotations

import heapq
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar

from luutru.index.highlight import Terms, hit_snippet
from luutru.index.query import Clause, ParsedQuery, parse
from luutru.index.types import Hit, IndexRecord, SearchFilters, SearchResults
from luutru.vietnamese import fold, symbol_key

BACKENDS = ("tantivy", "whoosh")
SORTS = ("relevance", "date", "-date")
DEFAULT_BACKEND = "tantivy"
T = TypeVar("T")
RELAX_BELOW = 3  # a query finding fewer documents than this is retried, relaxed
RELAX_MIN_WORDS = 3  # leaving a word out of a shorter query floods the results
RELAX_POOL = 50  # relaxed hits collected per retry

# Digits Tesseract reads for one another on worn or faint scans (round shapes, strokes).
OCR_DIGITS: dict[str, str] = {
    "0": "689", "1": "47", "3": "8", "4": "1", "5": "6", "6": "058", "7": "1",
    "8": "0369", "9": "08",
}


class Backend(Protocol):
    needs_rebuild: bool

    def add(self, records: Iterable[IndexRecord]) -> int: ...
    def add_prepared(self, items: Iterable[Any]) -> int: ...
    def delete(self, ids: Iterable[str]) -> int: ...
    def rebuild(self, records: Iterable[IndexRecord]) -> int: ...
    def optimize(self) -> None: ...
    def doc_count(self) -> int: ...
    def close(self) -> None: ...

    def run(self, parsed: ParsedQuery, *, clearance: int, filters: SearchFilters,
            sort: str, offset: int, limit: int, suggest: bool = True, facets: bool = True,
            snippets: bool = True
            ) -> SearchResults:
        """The page of hits, the total, the facets and the suggestion of one query; with
        facets False no facets, with snippets False hits without snippet and pages."""

    def get(self, doc_id: str, clearance: int) -> dict[str, Any] | None: ...
    def more_like_this(self, doc_id: str, *, clearance: int, limit: int = 10
                       ) -> SearchResults: ...


def open_backend(path: Path, name: str, *, batch_size: int, memory_mb: int,
                 lock_wait: float, read_ahead: bool = True) -> Backend:
    if name == "whoosh":
        from luutru.index.store import WhooshIndex

        return WhooshIndex(path, batch_size=batch_size, limitmb=memory_mb,
                           lock_wait=lock_wait)
    from luutru.index.tantivy_backend import TantivyIndex

    return TantivyIndex(path, batch_size=batch_size, heap_mb=memory_mb, lock_wait=lock_wait,
                        read_ahead=read_ahead)


def preparer(name: str) -> Callable[[IndexRecord], Any]:
    """The backend's analysis of one record as a plain, picklable value that add_prepared
    takes, so that it can run in another process (`luutru import`'s workers). Whoosh
    analyses inside its writer: its prepared form is the record itself."""
    if name == "tantivy":
        from luutru.index.tantivy_backend import prepare

        return prepare
    return _as_is


def _as_is(record: IndexRecord) -> IndexRecord:
    return record


class ArchiveIndex:
    """The archive's search index at `path`, on the configured backend ("tantivy" or
    "whoosh": Config.index_backend). `needs_rebuild` is True when the
    index was just created or was written with another schema: the caller then calls
    rebuild(records) with every document of its catalog.

    read_ahead False is for a short-lived reader (one command's search): it touches a few
    pages of each index file, so the kernel reads no more than those pages of any of
    them; a long-running reader (the web app), which reads most of the index over time,
    keeps read-ahead for postings, norms and columns (index.readahead)."""

    def __init__(self, path: str | os.PathLike[str], *, backend: str = DEFAULT_BACKEND,
                 batch_size: int = 5000, memory_mb: int = 256, lock_wait: float = 60.0,
                 read_ahead: bool = True) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"index backend must be one of {BACKENDS}, not {backend!r}")
        self.path = Path(path)
        self.backend_name = backend
        self.backend = open_backend(self.path, backend, batch_size=batch_size,
                                    memory_mb=memory_mb, lock_wait=lock_wait,
                                    read_ahead=read_ahead)

    @property
    def needs_rebuild(self) -> bool:
        return self.backend.needs_rebuild

    def add(self, records: Iterable[IndexRecord]) -> int:
        """Adds or replaces (same id) documents."""
        return self.backend.add(records)

    def add_prepared(self, items: Iterable[Any]) -> int:
        """As add(), for records or what preparer(backend) made of them (both may mix);
        the same documents as add() of the records."""
        return self.backend.add_prepared(items)

    def delete(self, ids: Iterable[str]) -> int:
        return self.backend.delete(ids)

    def rebuild(self, records: Iterable[IndexRecord]) -> int:
        return self.backend.rebuild(records)

    def optimize(self) -> None:
        self.backend.optimize()

    def doc_count(self) -> int:
        return self.backend.doc_count()

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> ArchiveIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, doc_id: str, clearance: int) -> dict[str, Any] | None:
        """The stored document (id, source, metadata, pages, cites, batch, level), or None
        when there is no such document or the caller may not see it."""
        return self.backend.get(doc_id, clearance)

    def more_like_this(self, doc_id: str, *, clearance: int, limit: int = 10
                       ) -> SearchResults:
        return self.backend.more_like_this(doc_id, clearance=clearance, limit=limit)

    def cited_by(self, symbol: str, *, clearance: int, offset: int = 0, limit: int = 10,
                 sort: str = "-date") -> SearchResults:
        """Documents that cite `symbol` (any spelling: '15-NQ/TW', '15-nq/tw')."""
        return self.search("", clearance=clearance, filters=SearchFilters(cites=symbol),
                           sort=sort, offset=offset, limit=limit)

    def search(self, query: str, *, clearance: int,
               filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen
               sort: str = "relevance", offset: int = 0, limit: int = 10,
               facets: bool = True) -> SearchResults:
        """Documents matching `query` that a user with `clearance` may see; when all the
        words together find fewer than RELAX_BELOW, also those nearly matching. With
        facets False, no facets: a caller that shows none saves a second evaluation of
        the query over every hit."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
        offset, limit = max(offset, 0), max(limit, 0)
        parsed = parse(query)
        strict = self.backend.run(parsed, clearance=clearance, filters=filters, sort=sort,
                                  offset=offset, limit=limit, facets=facets)
        if strict.total >= RELAX_BELOW or not parsed.groups:
            return strict
        return self._relaxed(parsed, strict, clearance=clearance, filters=filters,
                             sort=sort, offset=offset, limit=limit)

    def _relaxed(self, parsed: ParsedQuery, strict: SearchResults, *, clearance: int,
                 filters: SearchFilters, sort: str, offset: int, limit: int
                 ) -> SearchResults:
        seen = {h.id for h in strict.hits}
        extra: list[tuple[Hit, Terms]] = []
        # Each looser query gives up to RELAX_POOL documents, counted in the total; only
        # those on the page shown are highlighted, and no facets are counted for them.
        for variant, missing, terms in relaxations(parsed):
            found = self.backend.run(variant, clearance=clearance, filters=filters, sort=sort,
                                     offset=0, limit=RELAX_POOL, suggest=False, facets=False,
                                     snippets=False)
            for hit in found.hits:
                if hit.id not in seen:
                    seen.add(hit.id)
                    extra.append((replace(hit, missing=missing), terms))
        if not extra:
            return strict
        # The strict hits came back for this page already; relaxed ones follow them.
        start = max(offset - strict.total, 0)
        room = max(limit - len(strict.hits), 0)
        shown = [self._highlighted(hit, terms, clearance)
                 for hit, terms in extra[start:start + room]]
        return replace(strict, hits=strict.hits + tuple(h for h in shown if h is not None),
                       total=strict.total + len(extra), relaxed=True)

    def _highlighted(self, hit: Hit, terms: Terms, clearance: int) -> Hit | None:
        doc = self.backend.get(hit.id, clearance)
        if doc is None:  # gone since the search (deleted by another process)
            return None
        snippet, pages = hit_snippet(doc["pages"], doc["metadata"], terms)
        return replace(hit, snippet=snippet, pages=pages)


def relaxations(parsed: ParsedQuery) -> list[tuple[ParsedQuery, tuple[str, ...], Terms]]:
    """Looser forms of a query, most faithful first: (query, words it lets go, what to
    mark). Numbers widened to their one-digit OCR misreadings; then, for queries of
    RELAX_MIN_WORDS words or more, each word left out in turn."""
    out = []
    widened_groups, widened = [], []
    for group in parsed.groups:
        variants = [misread for c in group for misread in ocr_variants(c)]
        widened_groups.append(group + variants)
        if variants:
            widened.append(group[0].text or " ".join(group[0].syllables))
    if widened:
        variant = replace(parsed, groups=widened_groups)
        out.append((variant, tuple(widened), highlight_terms(variant)))
    if len(parsed.groups) >= RELAX_MIN_WORDS:
        for i, group in enumerate(parsed.groups):
            variant = replace(parsed, groups=parsed.groups[:i] + parsed.groups[i + 1:])
            word = group[0].text or " ".join(group[0].syllables)
            out.append((variant, (word,), highlight_terms(variant)))
    return out


def ocr_variants(clause: Clause) -> list[Clause]:
    """A number of three digits or more with one digit replaced by a digit OCR confuses it
    with; short numbers would match too much."""
    if clause.kind != "word" or not clause.syllables[0].isdigit():
        return []
    number = clause.syllables[0]
    if len(number) < 3:
        return []
    out = []
    for i, digit in enumerate(number):
        for other in OCR_DIGITS.get(digit, ""):
            misread = number[:i] + other + number[i + 1:]
            out.append(Clause("word", (misread,), misread, clause.span))
    return out


def highlight_terms(parsed: ParsedQuery) -> Terms:
    words: set[str] = set()
    symbols: set[str] = set()
    for clause in parsed.positive():
        if clause.kind == "symbol":
            symbols.add(symbol_key(clause.text))
        else:
            words.update(fold(s) for s in clause.syllables)
    return Terms(frozenset(words), frozenset(symbols))


def batches(records: Iterable[T], size: int) -> Iterator[list[T]]:
    """The records in lists of `size`, for a backend's commits."""
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def unique_ids(records: Iterable[IndexRecord]) -> Iterator[IndexRecord]:
    """Drops repeated ids (the first wins) so a rebuild can add documents without a delete."""
    seen: set[str] = set()
    for record in records:
        if record.id not in seen:
            seen.add(record.id)
            yield record


MLT_TERMS = 15  # key terms of a document that more-like-this searches for


def key_terms(syllables: list[str], doc_freq: Callable[[str], int], size: int
              ) -> list[tuple[str, float]]:
    """The most distinctive syllables of a document for more-like-this, by tf-idf, with
    document frequencies and the collection size counted over what the caller may see only
    (so what the caller cannot see never shapes the query). A syllable no other document
    holds finds nothing, so it is left out."""
    weights = {}
    size = max(size, 1)
    for term, tf in Counter(syllables).items():
        df = doc_freq(term)
        if df > 1:
            weights[term] = tf * math.log(1.0 + (size - df + 0.5) / (df + 0.5))
    return heapq.nlargest(MLT_TERMS, weights.items(), key=lambda kv: (kv[1], kv[0]))
