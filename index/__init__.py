"""Vietnamese text analysis, the archive's search index behind a backend seam (Tantivy by
default, Whoosh by configuration), and its search."""
from index.backend import ArchiveIndex
from index.types import (
    CLASSIFICATION_LEVELS,
    OPERATOR_CLEARANCE,
    Hit,
    IndexOutdated,
    IndexRecord,
    SearchFilters,
    SearchResults,
)

__all__ = [
    "CLASSIFICATION_LEVELS", "OPERATOR_CLEARANCE", "ArchiveIndex", "Hit", "IndexOutdated",
    "IndexRecord", "SearchFilters", "SearchResults",
]
