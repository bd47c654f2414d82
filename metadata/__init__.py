"""Header fields and citations of Vietnamese official documents, from OCR output.

    extract(pages: Sequence[PageResult]) -> Metadata
    citations(text: str, exclude: Iterable[str] = ()) -> list[Citation]
    format_date_vi(iso: str) -> str   # '2007-07-30' -> 'ngày 30/7/2007'
"""
from .citations import citations
from .dates import format_date_vi
from .extract import extract
from .types import FIELD_NAMES, Citation, Field, Metadata, Where

__all__ = [
    "FIELD_NAMES", "Citation", "Field", "Metadata", "Where", "citations", "extract",
    "format_date_vi",
]
