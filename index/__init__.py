"""Vietnamese text analysis, the archive's search index behind a backend seam (Tantivy by
default, Whoosh by configuration), and its search."""
from luutru.index.backend import ArchiveIndex
from luutru.index.types import (
    CLASSIFICATION_LEVELS,
    OPERATOR_CLEARANCE,
    Hit,
    IndexBusy,
    IndexOutdated,
    IndexRecord,
    SearchFilters,
    SearchResults,
)

__all__ = [
    "CLASSIFICATION_LEVELS", "OPERATOR_CLEARANCE", "ArchiveIndex", "Hit", "IndexBusy",
    "IndexOutdated", "IndexRecord", "SearchFilters", "SearchResults",
]
