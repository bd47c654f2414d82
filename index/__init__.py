"""Vietnamese text analysis, the Whoosh index of the archive, and its search."""
from index.store import ArchiveIndex, IndexOutdated
from index.types import (
    CLASSIFICATION_LEVELS,
    OPERATOR_CLEARANCE,
    Hit,
    IndexRecord,
    SearchFilters,
    SearchResults,
)

__all__ = [
    "CLASSIFICATION_LEVELS", "OPERATOR_CLEARANCE", "ArchiveIndex", "Hit", "IndexOutdated",
    "IndexRecord", "SearchFilters", "SearchResults",
]
