"""How the index's segments are written: Whoosh's W3 codec and SegmentWriter with two
costs removed. Both were measured on 3000-character pages (docs/benchmarks-index.md).

1. W3 pickles each block of postings with protocol 2: ids and weights as tuples of
   Python numbers, and every variable-size posting value (a position list) as a separate
   bytes object that unpickles through a function call; about a microsecond per posting,
   to read or to write. And it compresses the block as a whole, so reading a term's
   documents also inflates its positions. BlockValuesCodec stores a block's id deltas
   (uint32) and weights (float32) as raw arrays, and its values as one zlib-compressed
   string ([n][n lengths][values], uint32); the query engine reads them with numpy
   (index.engine), and Whoosh's own matchers get back the sequences they expect.
2. When a segment is flushed, Whoosh reads the length of the posting's field in the
   posting's document from the on-disk lengths column once per posting; Writer reads
   each document's lengths once. The values are the ones Whoosh's reader returns.
3. The postings writer type-checks every argument of every posting; not here.

Segments name their codec, so an index written with BlockValuesCodec reads with it.
"""
from __future__ import annotations

import zlib
from array import array
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

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
