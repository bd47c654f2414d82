"""Archivists' corrections: stored as such, winning over extraction, re-indexed at once.

A correction is never written over the extracted value: both stay in the catalog, with who
corrected what and when, so re-ingesting or re-indexing cannot lose it.

A corrected number, date, issuer or signer is also a witness for the rest of the archive
(`archive.evidence`): `reweigh` weighs that evidence again and indexes the documents whose
accepted values it changed.
"""
from __future__ import annotations

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.evidence import refresh_evidence
from luutru.archive.indexing import Indexer
from luutru.metadata.types import FIELD_NAMES
from luutru.vietnamese import nfc, parse_date


class CorrectionError(ValueError):
    pass


# The fields other documents' evidence reads (`archive.evidence.witness`, `wanted_by`).
WITNESSED_FIELDS = frozenset({"symbol", "number", "date", "issuer", "signer_name"})


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


def reweigh(config: Config, catalog: Catalog) -> list[str]:
    """The archive's evidence weighed again after corrections, and the documents whose
    accepted values changed indexed again; returns those documents."""
    changed = refresh_evidence(catalog)
    if changed:
        with Indexer(config, catalog) as indexer:
            indexer.add_unindexed()
    return changed
