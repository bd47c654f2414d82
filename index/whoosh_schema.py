"""The Whoosh schema and how an IndexRecord becomes one Whoosh document."""
from __future__ import annotations

import struct
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions

from luutru.index.analysis import syllable_positions
from luutru.index.schema import (
    PAGE_SEPARATOR,
    classification_level,
    doc_type_label,
    folded_key,
    upper_label,
)
from luutru.index.types import IndexRecord
from luutru.index.whoosh_analysis import (
    compound_analyzer,
    exact_analyzer,
    folded_analyzer,
    symbol_analyzer,
)
from luutru.vietnamese import symbol_key, valid_iso

# Bump whenever the schema or any analyzer changes what is indexed: an index written with
# another version reports needs_rebuild and is rebuilt from the catalog.
SCHEMA_VERSION = 1

_UINT = array("I").itemsize
assert _UINT == 4, "positions are stored as 4-byte unsigned integers"


@lru_cache(maxsize=4096)
def _packer(count: int) -> Callable[..., bytes]:
    return struct.Struct(f"={count + 1}I").pack


class ArrayPositions(Positions):
    """Positions stored as a count then the positions, all native uint32.

    Whoosh's Positions pickles a list of deltas per posting, so reading positions costs a
    pickle.loads per document. This layout lets the query engine decode the positions of
    a whole block of postings with one numpy call (index.engine.read_positions)."""

    def encode(self, poslist: list[int]) -> bytes:
        return _packer(len(poslist))(len(poslist), *poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return array("I", valuestring[_UINT:]).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return array("I", valuestring[:_UINT])[0]

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def combine(self, vs: Iterable[bytes]) -> bytes:
        return self.encode(sorted({p for v in vs for p in self.decode_positions(v)}))


class PositionalText(TEXT):
    """TEXT with ArrayPositions postings."""

    format: Any  # set by TEXT, which ships no type information

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.format = ArrayPositions(field_boost=self.format.field_boost)


class SyllableText(PositionalText):
    """A TEXT field on exact_analyzer() whose indexing skips the Token pipeline: it yields
    the same terms, frequencies and positions (tests check this), about three times faster.
    Queries and highlighting still use the analyzer."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(analyzer=exact_analyzer(), **kwargs)

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        boost = self.format.field_boost
        encode = self.format.encode
        for term, positions in syllable_positions(value).items():
            yield term.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)


def build_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        # The document's own symbol: whole ('15-nq/tw') plus number, codes and 'nq#15'.
        symbol=TEXT(analyzer=symbol_analyzer(), phrase=False),
        # Symbols this document cites, as symbol_key() forms.
        cites=KEYWORD(lowercase=False, commas=False, scorable=True),
        # Facet values (display form) and filter keys (folded, lowercase).
        doc_type=ID(sortable=True),
        doc_type_f=ID,
        issuer=ID(sortable=True),
        issuer_text=PositionalText(analyzer=folded_analyzer()),
        date=ID(sortable=True),  # ISO 8601, possibly only a year or year-month
        year=ID(sortable=True),
        level=NUMERIC(int, bits=8, signed=False, stored=True, sortable=True),
        classification=ID,
        batch=ID,
        # Exact syllables (NFC, lowercase, one tone convention) with positions. Folded
        # matching expands query words through the vocabulary instead of indexing a
        # folded copy (index.vocabulary). The subject also gets underthesea compounds; the
        # body does not (see docs/benchmarks-index.md: segmentation costs ~25 ms a page).
        subject=PositionalText(analyzer=compound_analyzer()),
        body=SyllableText(),
        # Everything shown back to callers: source, metadata, page texts, cites, batch.
        doc=STORED,
    )


def to_document(record: IndexRecord) -> dict[str, Any]:
    """The Whoosh fields of one record. Text is stored NFC so that character offsets from
    the analyzers (which normalise to NFC) point into the stored text."""
    meta = {k: unicodedata.normalize("NFC", v or "") for k, v in record.metadata.items()}
    pages = tuple(unicodedata.normalize("NFC", p) for p in record.pages)
    subject = " ".join(s for s in (meta.get("subject", ""), meta.get("cv_subject", "")) if s)
    date = valid_iso(meta.get("date", ""))
    doc_type = doc_type_label(meta.get("doc_type", ""))
    issuer = upper_label(meta.get("issuer", ""))
    body = PAGE_SEPARATOR.join(pages)
    fields: dict[str, Any] = {
        "id": record.id,
        "symbol": meta.get("symbol", ""),
        "cites": " ".join(dict.fromkeys(symbol_key(c) for c in record.cites if c.strip())),
        "doc_type": doc_type,
        "doc_type_f": folded_key(doc_type),
        "issuer": issuer,
        "issuer_text": issuer,
        "date": date,
        "year": date[:4],
        "level": classification_level(meta.get("classification", "")),
        "classification": upper_label(meta.get("classification", "")),
        "batch": record.batch,
        "subject": subject,
        "body": body,
        "doc": {
            "source": record.source,
            "metadata": meta,
            "pages": pages,
            "cites": tuple(record.cites),
            "batch": record.batch,
        },
    }
    # Whoosh rejects empty strings for some field types and they carry nothing anyway.
    return {k: v for k, v in fields.items() if v != "" and v != ()}
