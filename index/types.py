"""What goes into the search index and what comes out of it."""
from __future__ import annotations

from dataclasses import dataclass, field

# Clearance levels: a user with clearance N sees documents whose level is <= N.
CLASSIFICATION_LEVELS = {"": 0, "MẬT": 1, "TỐI MẬT": 2, "TUYỆT MẬT": 3}
OPERATOR_CLEARANCE = 3  # the operator of the data directory sees everything


class IndexOutdated(RuntimeError):
    """The index on disk was written with another schema: rebuild() it first."""


class IndexBusy(RuntimeError):
    """Another process held the index's write lock for longer than the writer waits (a
    batch is running): whatever was to be written is in the catalog, for the next run."""


@dataclass(frozen=True)
class IndexRecord:
    """One document as the index sees it; built by the pipeline from the catalog."""

    id: str
    source: str
    pages: tuple[str, ...]  # page texts, in order
    metadata: dict[str, str]  # the contract's metadata fields (metadata.types.FIELD_NAMES)
    cites: tuple[str, ...] = ()  # symbols this document cites, as printed
    batch: str = ""


@dataclass(frozen=True)
class SearchFilters:
    doc_type: str = ""
    issuer: str = ""
    date_from: str = ""  # ISO date or year, inclusive
    date_to: str = ""
    classification: str = ""
    cites: str = ""  # a symbol: only documents that cite it ("cited by")


@dataclass(frozen=True)
class Hit:
    id: str
    source: str
    score: float
    metadata: dict[str, str]
    snippet: str  # HTML: the document's own text escaped, matched terms wrapped in <mark>
    pages: tuple[int, ...] = ()  # page numbers where the query matched
    missing: tuple[str, ...] = ()  # query words this document lacks (a relaxed match)


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[Hit, ...]
    total: int  # matching documents the caller may see
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # doc_type/issuer/year
    suggestion: str = ""  # "did you mean", empty when the query looks fine
    relaxed: bool = False  # too few documents held every word: hits may lack some (missing)
