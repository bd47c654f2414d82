"""Query evaluation over whole posting lists with numpy.

Whoosh's matchers step through postings one document at a time in Python, about a
microsecond per posting per clause: too slow for totals, facets and ranking over a
100,000-document archive, and slower still once a query word is expanded into its
folded-equal forms. Here each query is still a tree of Whoosh query objects (Term, Or,
And, AndNot, AndMaybe, Phrase, Sequence, ...), and Whoosh still owns the index files;
but each term's posting list is read once, block by block, into arrays, and the tree
is evaluated with array operations: a match mask and a BM25 score per document.
A node of another type is run by Whoosh itself (docs_for_query) and contributes a mask.

The evaluation of a tree gives the same documents as Whoosh's own matching of the same
tree (the tests check this); scores are BM25 computed here, over the documents the caller
may see. Reading the posting blocks needs Whoosh's private internals: that lives in
index.whoosh_internals, pinned to one Whoosh version.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from luutru.index.vocabulary import TEXT_FIELDS, FoldedMap, Vocabulary, add_term
from luutru.index.whoosh_internals import NO_POSTINGS, read_positions, read_postings
from luutru.vietnamese import fold

K1 = 1.2
B = 0.75
COLUMN_FIELDS = ("doc_type", "issuer", "year", "date")  # text columns
LEVEL = "level"  # the secrecy level column
POSTINGS_CACHE = 6_000_000  # postings kept in memory across queries (~50 MB)


class Matches(NamedTuple):
    mask: np.ndarray  # bool, one per document
    score: np.ndarray  # float32, one per document


# --- per-segment and per-commit data ----------------------------------------------------------


@dataclass
class SegmentData:
    """What is read once per segment (segments never change once written)."""

    doc_count: int
    lengths: dict[str, np.ndarray]  # field -> token count per document
    columns: dict[str, list[str]]  # facet and date values per document
    levels: np.ndarray  # secrecy level per document
    folded: FoldedMap  # the text fields' syllables by folded form


    def has(self, term: str) -> bool:
        """Whether the text fields hold this syllable (compounds: assumed, then looked up)."""
        return "_" in term or term in self.folded.get(fold(term), ())


def _segment_data(reader: IndexReader) -> SegmentData:
    count = reader.doc_count_all()
    lengths = {
        f: np.fromiter((reader.doc_field_length(d, f) for d in range(count)),
                       dtype=np.float32, count=count)
        for f in TEXT_FIELDS
    }
    columns = {
        name: list(reader.column_reader(name)) if reader.has_column(name) else [""] * count
        for name in COLUMN_FIELDS
    }
    if reader.has_column(LEVEL):
        levels = np.fromiter(reader.column_reader(LEVEL), dtype=np.int64, count=count)
    else:  # unknown level: treated as the highest, like an unreadable secrecy mark
        levels = np.full(count, np.iinfo(np.int64).max)
    folded: FoldedMap = {}
    for field in TEXT_FIELDS:
        for raw in reader.lexicon(field):
            add_term(folded, raw.decode("utf-8"))
    return SegmentData(count, lengths, columns, levels, folded)


class Caches:
    """Segment data and posting lists kept across commits, keyed by segment id."""

    def __init__(self) -> None:
        self.segments: dict[str, SegmentData] = {}
        self.postings: OrderedDict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]] = (
            OrderedDict())
        self.posting_count = 0

    def segment(self, segment_id: str, reader: IndexReader) -> SegmentData:
        data = self.segments.get(segment_id)
        if data is None:
            data = self.segments[segment_id] = _segment_data(reader)
        return data

    def term(self, segment_id: str, reader: IndexReader, field: str, text: str
             ) -> tuple[np.ndarray, np.ndarray]:
        key = (segment_id, field, text)
        found = self.postings.get(key)
        if found is not None:
            self.postings.move_to_end(key)
            return found
        if field in TEXT_FIELDS and not self.segment(segment_id, reader).has(text):
            return NO_POSTINGS  # not in this segment: known without a lookup
        found = read_postings(reader, field, text)
        self.postings[key] = found
        self.posting_count += len(found[0])
        while self.posting_count > POSTINGS_CACHE and len(self.postings) > 1:
            _, (ids, _w) = self.postings.popitem(last=False)
            self.posting_count -= len(ids)
        return found

    def forget(self, live_segments: set[str]) -> None:
        """Drops data of segments that were merged away."""
        for segment_id in [s for s in self.segments if s not in live_segments]:
            del self.segments[segment_id]
        for key in [k for k in self.postings if k[0] not in live_segments]:
            self.posting_count -= len(self.postings.pop(key)[0])


class Snapshot:
    """Arrays over every document of one searcher (one commit of the index)."""

    def __init__(self, searcher: Searcher, caches: Caches) -> None:
        self.searcher = searcher
        self.caches = caches
        self.leaves: list[tuple[str, IndexReader, int]] = []
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            segment = reader.segment()
            if segment is None:  # a new index's empty reader: no segment, no documents
                continue
            self.leaves.append((segment.segment_id(), reader, offset))
        caches.forget({segment_id for segment_id, _, _ in self.leaves})
        self.size = searcher.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        segments = [caches.segment(sid, reader) for sid, reader, _ in self.leaves]
        for (_, reader, offset), data in zip(self.leaves, segments, strict=True):
            if reader.has_deletions():
                alive = set(reader.all_doc_ids())
                dead = [d for d in range(data.doc_count) if d not in alive]
                self.live[np.asarray(dead, dtype=np.int64) + offset] = False
        self.doc_count = int(self.live.sum())
        self.lengths = {f: _concat([s.lengths[f] for s in segments], np.float32)
                        for f in TEXT_FIELDS}
        self.columns = {name: [v for s in segments for v in s.columns[name]]
                        for name in COLUMN_FIELDS}
        self.levels = _concat([s.levels for s in segments], np.int64)
        self._codes: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._fallback: dict[str, np.ndarray] = {}
        self._vocabulary: Vocabulary | None = None

    def codes(self, name: str) -> tuple[np.ndarray, list[str]]:
        """A column as integer codes plus the labels they stand for (sorted, so a
        column's codes also sort its values: used to sort by date)."""
        found = self._codes.get(name)
        if found is None:
            labels = sorted(set(self.columns[name]))
            index = {label: i for i, label in enumerate(labels)}
            codes = np.fromiter((index[v] for v in self.columns[name]), dtype=np.int32,
                                count=self.size)
            found = self._codes[name] = (codes, labels)
        return found

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(top-level document numbers, weights) of a term across all segments."""
        id_parts, weight_parts = [], []
        for segment_id, reader, offset in self.leaves:
            ids, weights = self.caches.term(segment_id, reader, field, text)
            if len(ids):
                id_parts.append(ids.astype(np.int64) + offset)
                weight_parts.append(weights)
        if not id_parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        return np.concatenate(id_parts), np.concatenate(weight_parts)

    def positions(self, field: str, text: str, wanted: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
        """(top-level document, position) pairs of a term in the documents `wanted`. Only
        the documents the term is in are read (its document list is in memory), so a
        segment or block holding none of them is skipped."""
        wanted = np.intersect1d(wanted, self.postings(field, text)[0], assume_unique=True)
        doc_parts, pos_parts = [], []
        for segment_id, reader, offset in self.leaves:
            local = wanted[(wanted >= offset) & (wanted < offset + reader.doc_count_all())]
            if not len(local) or (field in TEXT_FIELDS
                                  and not self.caches.segment(segment_id, reader).has(text)):
                continue
            docs, pos = read_positions(reader, field, text, local - offset)
            doc_parts.append(docs + offset)
            pos_parts.append(pos)
        return _concat(doc_parts, np.int64), _concat(pos_parts, np.int64)

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.caches.segment(sid, reader).folded
                                          for sid, reader, _ in self.leaves)
        return self._vocabulary

    def counter(self, among: np.ndarray) -> Callable[[str], int]:
        """How many documents of the mask `among` have an exact syllable in their text."""
        def count(text: str) -> int:
            return int(np.count_nonzero(among[self.postings("body", text)[0]]))
        return count

    def range_mask(self, q: wq.Query) -> np.ndarray | None:
        """A range over a column (secrecy level, date, year) read from the column arrays;
        None for any other query. Matches what Whoosh matches: a document without a value
        is in no range."""
        if isinstance(q, wq.NumericRange) and q.fieldname == LEVEL:
            values, inside = self.levels, np.ones(self.size, dtype=bool)
            if q.start is not None:
                inside &= values > q.start if q.startexcl else values >= q.start
            if q.end is not None:
                inside &= values < q.end if q.endexcl else values <= q.end
            return inside
        if isinstance(q, wq.TermRange) and q.fieldname in COLUMN_FIELDS:
            codes, labels = self.codes(q.fieldname)
            allowed = np.fromiter((bool(label) and _in_range(label, q) for label in labels),
                                  dtype=bool, count=len(labels))
            return allowed[codes]
        return None

    def whoosh_mask(self, q: wq.Query) -> np.ndarray:
        """A node evaluated by Whoosh itself (or from the columns, for ranges); cached per
        commit, as filters repeat."""
        key = repr(q)
        mask = self._fallback.get(key)
        if mask is None:
            mask = self.range_mask(q)
            if mask is None:
                mask = np.zeros(self.size, dtype=bool)
                mask[np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)] = True
            self._fallback[key] = mask
        return mask


def _in_range(label: str, q: wq.TermRange) -> bool:
    if q.start is not None and (label < q.start or (q.startexcl and label == q.start)):
        return False
    return q.end is None or not (label > q.end or (q.endexcl and label == q.end))


def _concat(parts: Sequence[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)


# --- evaluation -----------------------------------------------------------------------------


def _empty(snap: Snapshot) -> Matches:
    return Matches(np.zeros(snap.size, dtype=bool), np.zeros(snap.size, dtype=np.float32))


def _bm25(snap: Snapshot, avg_length: dict[str, float], field: str, ids: np.ndarray,
          tf: np.ndarray, idf: float, boost: float) -> np.ndarray:
    if field in snap.lengths:
        norm = 1.0 - B + B * snap.lengths[field][ids] / avg_length[field]
    else:
        norm = 1.0
    return (boost * idf * tf * (K1 + 1.0) / (tf + K1 * norm)).astype(np.float32)


def _slots(q: wq.Query) -> tuple[str, list[list[str]]] | None:
    """A phrase as a field and, per position, the terms that may stand there."""
    if isinstance(q, wq.Phrase):
        return q.fieldname, [[w] for w in q.words]
    if isinstance(q, wq.Sequence) and q.slop == 1 and q.ordered:
        slots: list[list[str]] = []
        fields: set[str] = set()
        for sub in q.subqueries:
            if isinstance(sub, wq.Term):
                terms = [sub]
            elif isinstance(sub, wq.Or) and all(isinstance(t, wq.Term) for t in sub.subqueries):
                terms = list(sub.subqueries)
            else:
                return None
            fields.update(t.fieldname for t in terms)
            slots.append([t.text for t in terms])
        if len(fields) == 1:
            return fields.pop(), slots
    return None


class _Evaluation:
    """One query's evaluation; leaf results and positions read are shared by the
    branches that repeat them (the exact-match bonus repeats the exact terms)."""

    def __init__(self, snap: Snapshot, seen: np.ndarray | None) -> None:
        self.snap = snap
        # Collection statistics count only the documents the caller may see, so what
        # the caller cannot see never moves the scores the caller is shown.
        self.seen = snap.live if seen is None else seen & snap.live
        self.doc_count = int(self.seen.sum())
        self.avg_length = {
            f: float(snap.lengths[f][self.seen].mean()) if self.doc_count else 1.0
            for f in snap.lengths}
        self.leaves: dict[wq.Query, Matches] = {}
        self.terms: dict[wq.Term, tuple[np.ndarray, np.ndarray]] = {}
        self.read: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def _term(self, q: wq.Term) -> tuple[np.ndarray, np.ndarray]:
        """(documents, scores) of a term: sparse, since most terms match few documents."""
        found = self.terms.get(q)
        if found is None:
            ids, tf = self.snap.postings(q.fieldname, q.text)
            df = int(np.count_nonzero(self.seen[ids]))
            scores = _bm25(self.snap, self.avg_length, q.fieldname, ids, tf, self.idf(df),
                           q.boost)
            found = self.terms[q] = (ids, scores)
        return found

    def run(self, q: wq.Query) -> Matches:
        snap = self.snap
        if isinstance(q, wq.Term):
            return self._or([q], 1.0)
        if isinstance(q, wq.Phrase | wq.Sequence):
            found = self.leaves.get(q)
            if found is None:
                found = self.leaves[q] = self._leaf(q)
            return found
        if isinstance(q, wq.Or):
            return self._or(q.subqueries, q.boost)
        if isinstance(q, wq.And):
            parts = [self.run(sub) for sub in q.subqueries]
            if not parts:
                return _empty(snap)
            mask = np.logical_and.reduce([p.mask for p in parts])
            score = np.add.reduce([p.score for p in parts], dtype=np.float32) * q.boost
            return Matches(mask, np.where(mask, score, np.float32(0)))
        if isinstance(q, wq.AndNot):
            kept = self.run(q.a)
            mask = kept.mask & ~self.run(q.b).mask
            return Matches(mask, np.where(mask, kept.score, np.float32(0)))
        if isinstance(q, wq.AndMaybe):
            required, optional = self.run(q.a), self.run(q.b)
            return Matches(required.mask,
                           np.where(required.mask, required.score + optional.score,
                                    np.float32(0)))
        if isinstance(q, wq.ConstantScoreQuery):
            mask = self.run(q.child).mask
            return Matches(mask, np.where(mask, np.float32(q.score), np.float32(0)))
        if isinstance(q, wq.Every):
            return Matches(snap.live.copy(), np.zeros(snap.size, dtype=np.float32))
        if q is wq.NullQuery:
            return _empty(snap)
        return Matches(snap.whoosh_mask(q).copy(), np.zeros(snap.size, dtype=np.float32))

    def _or(self, subqueries: Sequence[wq.Query], boost: float) -> Matches:
        """Terms are summed in one pass over their postings; other parts as arrays."""
        terms = [self._term(sub) for sub in subqueries if isinstance(sub, wq.Term)]
        parts = [self.run(sub) for sub in subqueries if not isinstance(sub, wq.Term)]
        mask = np.zeros(self.snap.size, dtype=bool)
        score = np.zeros(self.snap.size, dtype=np.float32)
        if terms:
            ids = np.concatenate([t[0] for t in terms])
            mask[ids] = True
            score += np.bincount(ids, weights=np.concatenate([t[1] for t in terms]),
                                 minlength=self.snap.size).astype(np.float32)
        for part in parts:
            mask |= part.mask
            score += part.score
        if boost != 1.0:
            score *= np.float32(boost)
        return Matches(mask, score)

    def _leaf(self, q: wq.Query) -> Matches:
        phrase = _slots(q)
        if phrase is None:  # a Sequence of something else: let Whoosh run it
            return Matches(self.snap.whoosh_mask(q).copy(),
                           np.zeros(self.snap.size, dtype=np.float32))
        return self._phrase(phrase[0], phrase[1], q.boost)

    def _positions(self, field: str, text: str, wanted: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Positions of a term in the documents `wanted`, reusing an earlier read that
        covered them."""
        earlier = self.read.get((field, text))
        if earlier is not None and np.isin(wanted, earlier[0], assume_unique=True).all():
            _, docs, pos = earlier
            keep = np.isin(docs, wanted)
            return docs[keep], pos[keep]
        docs, pos = self.snap.positions(field, text, wanted)
        self.read[(field, text)] = (wanted, docs, pos)
        return docs, pos

    def _phrase(self, field: str, slots: list[list[str]], boost: float) -> Matches:
        """Documents where the slots' terms stand at consecutive positions."""
        snap = self.snap
        out = _empty(snap)
        slot_docs = []
        candidates = snap.live.copy()
        for terms in slots:
            in_slot = np.zeros(snap.size, dtype=bool)
            for t in terms:
                in_slot[snap.postings(field, t)[0]] = True
            candidates &= in_slot
            slot_docs.append(int(np.count_nonzero(in_slot & self.seen)))
        wanted = np.flatnonzero(candidates)
        if not len(wanted) or not slots:
            return out
        # Slot k's occurrence at position p means a phrase start at p - k: key every
        # occurrence by (document, start) and keep the starts that every slot has.
        # Rarest slot first; each later read only touches documents still in play.
        starts: np.ndarray | None = None
        for k in sorted(range(len(slots)), key=lambda i: slot_docs[i]):
            pairs = [self._positions(field, t, wanted) for t in slots[k]]
            docs = np.concatenate([d for d, _ in pairs])
            pos = np.concatenate([p for _, p in pairs]) - k
            keys = (docs[pos >= 0] << 32) | pos[pos >= 0]
            if len(pairs) > 1:
                keys = np.sort(keys)
            if starts is None:
                starts = keys
            else:
                at = np.minimum(np.searchsorted(keys, starts), max(len(keys) - 1, 0))
                starts = starts[keys[at] == starts] if len(keys) else keys
            if not len(starts):
                return out
            wanted = np.unique(starts >> 32)
        if starts is None:  # no slots: nothing to match
            return out
        ids, freq = np.unique(starts >> 32, return_counts=True)
        idf = sum(self.idf(df) for df in slot_docs)
        out.mask[ids] = True
        out.score[ids] = _bm25(snap, self.avg_length, field, ids, freq.astype(np.float32),
                               idf, boost)
        return out

    def idf(self, df: int) -> float:
        return math.log(1.0 + (self.doc_count - df + 0.5) / (df + 0.5))


def evaluate(snap: Snapshot, q: wq.Query, seen: np.ndarray | None = None) -> Matches:
    """Match mask and score of every document for the query tree q; BM25 statistics over
    the documents `seen` (default: all)."""
    return _Evaluation(snap, seen).run(q)


def top(snap: Snapshot, matches: Matches, upto: int) -> list[tuple[int, float]]:
    """The best `upto` matches, highest score first, then index order."""
    ids = np.flatnonzero(matches.mask & snap.live)
    if not len(ids) or upto <= 0:
        return []
    scores = matches.score[ids]
    if len(ids) > upto:
        keep = np.argpartition(-scores, upto - 1)[:upto]
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))
    return [(int(ids[i]), float(scores[i])) for i in order]


def by_date(snap: Snapshot, mask: np.ndarray, upto: int, *, newest_first: bool
            ) -> list[tuple[int, float]]:
    """Matches sorted by date (undated last when newest first), then index order."""
    ids = np.flatnonzero(mask & snap.live)
    if not len(ids) or upto <= 0:
        return []
    codes, labels = snap.codes("date")
    keys = codes[ids].astype(np.int64)
    if not newest_first and labels and labels[0] == "":
        keys[keys == 0] = len(labels)  # undated documents last either way
    order = np.lexsort((ids, -keys)) if newest_first else np.lexsort((ids, keys))
    return [(int(ids[i]), 0.0) for i in order[:upto]]


def facet_counts(snap: Snapshot, mask: np.ndarray, name: str) -> dict[str, int]:
    codes, labels = snap.codes(name)
    counts = np.bincount(codes[mask & snap.live], minlength=len(labels))
    found = {labels[i]: int(c) for i, c in enumerate(counts.tolist()) if c and labels[i]}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

