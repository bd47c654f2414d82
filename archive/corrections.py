"""Archivists' corrections: stored as such, winning over extraction, re-indexed at once.

A correction is never written over the extracted value: both stay in the catalog, with who
corrected what and when, so re-ingesting or re-indexing cannot lose it.
"""
from __future__ import annotations

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.indexing import Indexer
from luutru.metadata.types import FIELD_NAMES
from luutru.vietnamese import nfc, parse_date


class CorrectionError(ValueError):
    pass


def correct(config: Config, catalog: Catalog, doc_id: str, field: str, value: str,
            user: str) -> None:
    doc = catalog.document(doc_id)
    if doc is None or doc.status != "done":
        raise CorrectionError(f"no document {doc_id!r}")
    if field.startswith("page:"):
        number = field.removeprefix("page:")
        if not number.isdigit() or not 1 <= int(number) <= doc.page_count:
            raise CorrectionError(f"{doc_id} has no page {number}")
    elif field not in FIELD_NAMES:
        raise CorrectionError(f"unknown field {field!r}: one of {', '.join(FIELD_NAMES)}")
    if field == "date" and value.strip():
        date = parse_date(value)
        if not date:
            raise CorrectionError(f"{value.strip()!r} is not a date (30/7/2007 or 2007-07-30)")
        value = date  # stored as ISO, like extraction's
    catalog.add_correction(doc_id, field, nfc(value.strip()), user)
    with Indexer(config, catalog) as indexer:
        indexer.add(catalog.written(doc_id))
