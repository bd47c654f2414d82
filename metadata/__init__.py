"""Header fields and citations of Vietnamese official documents, from OCR output.

    extract(pages: Sequence[PageResult], file_signed: Sequence[str] = ()) -> Metadata
    citations(text: str, exclude: Iterable[str] = ()) -> list[Citation]
"""
from .citations import citations
from .extract import extract
from .types import FIELD_NAMES, Citation, Field, Metadata, Where

__all__ = [
    "FIELD_NAMES", "Citation", "Field", "Metadata", "Where", "citations", "extract",
]
