"""Everything of the Whoosh backend that reaches into Whoosh's private internals, in one
module, pinned to the one Whoosh version it was written against (whoosh-reloaded 2.7.5).

Why it exists: through Whoosh's public searcher the benchmark's 50 mixed queries over
10,000 documents take a median of 638 ms and a p95 of 3.7 s; with this module and
index.engine, 34 ms and 134 ms (same machine, same load; docs/benchmarks-index.md).
The Whoosh backend's target (10,000 documents, p95 <= 200 ms) needs it.

What it does:

1. How segments are written: Whoosh's W3 codec and SegmentWriter with three costs removed
   (measured on 3000-character pages, docs/benchmarks-index.md).
   - W3 pickles each block of postings with protocol 2: ids and weights as tuples of
     Python numbers, and every variable-size posting value (a position list) as a separate
     bytes object that unpickles through a function call; about a microsecond per posting.
     BlockValuesCodec stores a block's id deltas (uint32) and weights (float32) as raw
     arrays, and its values as one zlib-compressed string ([n][n lengths][values]); the
     query engine reads them with numpy, and Whoosh's own matchers get back the sequences
     they expect.
   - When a segment is flushed, Whoosh reads the length of the posting's field in the
     posting's document once per posting; Writer reads each document's lengths once.
   - The postings writer type-checks every argument of every posting; not here.
   Segments name their codec, so an index written with BlockValuesCodec reads with it.
2. How postings are read: a term's posting list block by block (matcher._data,
   _read_data(), _next_block(), reader._terms._postfile), one C unpickle per block.

tests/test_index_whoosh.py runs this code on posting lists long enough to span several
blocks (test indexes of a few documents only have inlined postings).
"""
from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator
from typing import Any

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.reading import IndexReader, SegmentReader, TermNotFound
from whoosh.writing import SegmentWriter

from luutru.index.whoosh_schema import ArrayPositions

WHOOSH_VERSION = (2, 7, 5)
if tuple(whoosh.__version__[:3]) != WHOOSH_VERSION:
    raise ImportError(f"index.whoosh_internals is written for Whoosh {WHOOSH_VERSION}, "
                      f"found {whoosh.__version__}: pin whoosh-reloaded==2.7.5")
NO_POSTINGS = (np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32))

BLOCK_POSTINGS = 1024  # postings per block (Whoosh: 128); fewer, larger blocks
INLINE_POSTINGS = 16  # shorter posting lists are kept in the term index, not in blocks
LOCK_WAIT = 60.0  # seconds to wait for another writer to finish
VALUES_COMPRESSION = 1  # zlib level for the values; positions compress well even at 1


def block_ids(packed: bytes) -> np.ndarray:
    """The document numbers of a block from its packed id deltas."""
    return np.cumsum(np.frombuffer(packed, dtype="<u4"), dtype=np.int64)


def pack_values(values: list[bytes]) -> bytes:
    lengths = array("I", [len(values), *map(len, values)])
    return zlib.compress(lengths.tobytes() + b"".join(values), VALUES_COMPRESSION)


def unpack_values(packed: bytes) -> tuple[list[int], memoryview]:
    """(length of each value, the values joined) of a packed block."""
    raw = zlib.decompress(packed)
    count = array("I", raw[:4])[0]
    lengths = array("I", raw[4:4 + 4 * count]).tolist()
    return lengths, memoryview(raw)[4 + 4 * count:]


class _PostingsWriter(W3PostingsWriter):
    # Set by W3PostingsWriter, which ships no type information.
    _maxweight: float
    _minlength: int | None
    _maxlength: int
    _terminfo: Any

    def _mini_ids(self) -> Any:
        if self._byteids:
            return super()._mini_ids()
        ids = np.frombuffer(self._ids, dtype=np.uint32)
        return np.diff(ids, prepend=np.uint32(0)).astype("<u4").tobytes()

    def _mini_weights(self) -> Any:
        weights = np.frombuffer(self._weights, dtype=np.float32)
        if weights.min() == weights.max():
            return None if weights[0] == 1.0 else float(weights[0])
        return weights.astype("<f4").tobytes()

    def add_posting(self, id_: int, weight: float, vbytes: bytes, length: int | None = None
                    ) -> None:
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def finish_postings(self) -> Any:
        # Short posting lists go into the term's entry instead of a block of their own.
        # (W3PostingsWriter means to, but calls a method its TermInfo does not have.)
        if not self.written() and len(self) < self._inlinelimit:
            terminfo = self._terminfo
            terminfo.add_block(self)
            # Valueless formats store no values; merging reads one per posting.
            values = self._values if len(self._values) == len(self._ids) else (
                [b""] * len(self._ids))
            terminfo.set_inlined(self._ids, self._weights, values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _mini_values(self) -> Any:
        # Variable-size values (positions) are bytes, one per posting.
        if self._format.fixed_value_size() is None and len(self._values) == len(self._ids):
            return pack_values(self._values)
        return super()._mini_values()


class _LeafMatcher(W3LeafMatcher):
    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        if isinstance(self._data[0], bytes):
            self._ids = array("I", block_ids(self._data[0]).astype(np.uint32).tobytes())
        else:
            super()._read_ids()

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        if isinstance(self._data[1], bytes):
            self._weights = array("f", np.frombuffer(self._data[1], "<f4").astype(np.float32)
                                  .tobytes())
        else:
            super()._read_weights()

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        packed = self._data[2]
        if self._fixedsize is None and isinstance(packed, bytes):
            lengths, joined = unpack_values(packed)
            values, offset = [], 0
            for length in lengths:
                values.append(bytes(joined[offset:offset + length]))
                offset += length
            self._values = tuple(values)
        else:
            super()._read_values()


class BlockValuesCodec(W3Codec):
    def __init__(self, blocklimit: int = BLOCK_POSTINGS, compression: int = 0,
                 inlinelimit: int = INLINE_POSTINGS) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None,
                        scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return _LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class _LengthCache:
    """Wraps a per-document reader; memoises doc_field_length per field."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[tuple[str, int], list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lengths.get((fieldname, default))
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = [read(d, fieldname, default) for d in range(self._reader.doc_count_all())]
            self._lengths[(fieldname, default)] = lengths
        return lengths[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class Writer(SegmentWriter):
    """SegmentWriter with BlockValuesCodec, lengths read once per document, and a wait
    (rather than an error) when another process holds the write lock. Segments stay
    compound files: Whoosh reads those through mmap, plain files with a read() per lookup
    (measured: 23 µs a read, most of a symbol query's time)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("codec", BlockValuesCodec())
        kwargs.setdefault("timeout", LOCK_WAIT)
        kwargs.setdefault("delay", 0.25)
        super().__init__(ix, **kwargs)

    def per_document_reader(self) -> Any:
        return _LengthCache(super().per_document_reader())


MERGE_FACTOR = 10  # this many small segments are merged into one
MERGE_BELOW = 5000  # segments with fewer documents than this are small


def merge_small_segments(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: once MERGE_FACTOR segments are small, merge them.

    Merging costs Whoosh about 10 ms a document (every posting goes through its pool again),
    more than indexing it. So segments from bulk commits (MERGE_BELOW documents or more) are
    never merged automatically, and only the leftovers of small commits are; the query
    engine reads any number of segments, and optimize() merges everything when wanted."""
    small = [s for s in segments if s.doc_count_all() < MERGE_BELOW]
    if len(small) < MERGE_FACTOR:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s.doc_count_all() >= MERGE_BELOW]


# --- reading postings ---------------------------------------------------------------------


def _blocks(matcher: Any, wanted: np.ndarray | None = None
            ) -> Iterator[tuple[Any, Any, Any]]:
    """(id deltas, weights, values) per block of a W3 posting list.

    Reads Whoosh's W3 block data directly (whoosh-reloaded 2.7: a pickled tuple of
    delta-coded ids, weights and values, maybe zlib-compressed; values packed by
    index.segments.BlockValuesCodec), so a block costs one C unpickle instead of a Python
    step per posting. With `wanted` (sorted document numbers), blocks whose id range holds
    none of them are skipped unread: the block header gives the range."""
    low = -1
    while matcher.is_active():
        high = matcher.block_max_id()
        if wanted is not None:
            i = int(np.searchsorted(wanted, low, side="right"))
            if i == len(wanted):
                return
            if wanted[i] > high:
                low = high
                matcher._next_block()
                continue
        if matcher._data is None:
            matcher._read_data()
        yield matcher._data
        low = high
        matcher._next_block()


def _ids(block_ids_: Any) -> np.ndarray:
    if isinstance(block_ids_, bytes):  # BlockValuesCodec
        return block_ids(block_ids_)
    return np.cumsum(np.asarray(block_ids_, dtype=np.int64))


def _weights(block_weights: Any, count: int) -> np.ndarray:
    if block_weights is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(block_weights, float):
        return np.full(count, block_weights, dtype=np.float32)
    if isinstance(block_weights, bytes):  # BlockValuesCodec
        return np.frombuffer(block_weights, dtype="<f4").astype(np.float32)
    return np.asarray(block_weights, dtype=np.float32)


def _open_term(reader: IndexReader, field: str, text: str) -> tuple[Any, Any] | None:
    """(inlined postings, posting matcher) of a term in one segment, one of them None; None
    when the segment lacks the term. One lookup in the term index (reader.postings() makes
    three, each a few disk reads). Deleted documents are left in: the engine masks them out
    (Snapshot.live)."""
    try:
        info = reader.term_info(field, text)
    except TermNotFound:
        return None
    if info.is_inlined():
        return info.inlined_postings(), None
    terms = getattr(reader, "_terms", None)
    if terms is None:  # not a W3 segment reader: Whoosh's own way
        return None, reader.postings(field, text)
    offset, length = info.extent()
    return None, W3LeafMatcher(terms._postfile, offset, length, reader.schema[field].format)


def read_postings(reader: IndexReader, field: str, text: str
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of one term in one segment reader."""
    opened = _open_term(reader, field, text)
    if opened is None:
        return NO_POSTINGS
    inlined, matcher = opened
    if matcher is None:
        ids, weights, _values = inlined
        return np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32)
    if not isinstance(matcher, W3LeafMatcher):
        ids = np.fromiter(matcher.all_ids(), dtype=np.int32)
        return ids, np.ones(len(ids), dtype=np.float32)
    id_parts, weight_parts = [], []
    for deltas, block_weights, _values in _blocks(matcher):
        ids = _ids(deltas)
        id_parts.append(ids.astype(np.int32))
        weight_parts.append(_weights(block_weights, len(ids)))
    if not id_parts:
        return NO_POSTINGS
    return np.concatenate(id_parts), np.concatenate(weight_parts)


def _flat_positions(counts: np.ndarray, values: Any, fmt: Any
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(positions per posting, all positions in order) of a block of postings.

    ArrayPositions values are [count, p1 ... pcount] as uint32 and BlockValuesCodec keeps
    a block's values as one string, so a block decodes with one numpy call; any other
    format is decoded per posting."""
    if isinstance(fmt, ArrayPositions):
        joined = unpack_values(values)[1] if isinstance(values, bytes) else b"".join(values)
        flat = np.frombuffer(joined, dtype=np.uint32)
        if len(flat) == len(counts) + int(counts.sum()):
            keep = np.ones(len(flat), dtype=bool)
            keep[np.concatenate(([0], np.cumsum(counts[:-1] + 1)))] = False
            return counts, flat[keep].astype(np.int64)
    if isinstance(values, bytes):
        sizes, joined = unpack_values(values)
        offsets = np.concatenate(([0], np.cumsum(sizes))).tolist()
        values = [bytes(joined[a:b]) for a, b in zip(offsets, offsets[1:], strict=False)]
    lists = [fmt.decode_positions(v) for v in values]
    lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
    positions = np.fromiter((p for x in lists for p in x), dtype=np.int64,
                            count=int(lengths.sum()))
    return lengths, positions


def read_positions(reader: IndexReader, field: str, text: str, wanted: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(document, position) pairs of one term in one segment, for the documents `wanted`
    (sorted segment document numbers)."""
    none = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    opened = _open_term(reader, field, text) if len(wanted) else None
    if opened is None:
        return none
    fmt = reader.schema[field].format
    inlined, matcher = opened
    if matcher is None:
        ids, weights, values = inlined
        blocks = [(np.asarray(ids, dtype=np.int64), np.asarray(weights), list(values))]
    else:
        if not isinstance(matcher, W3LeafMatcher):
            pairs = [(d, p) for d, ps in matcher.items_as("positions") for p in ps]
            docs = np.fromiter((d for d, _ in pairs), dtype=np.int64, count=len(pairs))
            pos = np.fromiter((p for _, p in pairs), dtype=np.int64, count=len(pairs))
            keep = np.isin(docs, wanted)
            return docs[keep], pos[keep]
        blocks = []
        for deltas, w, values in _blocks(matcher, wanted):
            ids = _ids(deltas)
            blocks.append((ids, _weights(w, len(ids)), values))
    doc_parts, pos_parts = [], []
    for ids, weights, values in blocks:
        selected = np.isin(ids, wanted, assume_unique=True)
        if not selected.any():
            continue
        lengths, pos = _flat_positions(np.rint(weights).astype(np.int64), values, fmt)
        keep = np.repeat(selected, lengths)
        doc_parts.append(np.repeat(ids, lengths)[keep])
        pos_parts.append(pos[keep])
    if not doc_parts:
        return none
    return np.concatenate(doc_parts), np.concatenate(pos_parts)
