"""A document as the archive shows it: archivists' corrections win over extraction.

The read side shared by the batch, the exports and the web app.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from pathlib import Path

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.index.types import IndexRecord
from luutru.metadata.types import FIELD_NAMES

# Scanned documents are named by the first 16 hex digits of their hash; imported ones keep
# the id of the system they came from. Either must be one plain file-name component:
# letters, digits, '.', '_' and '-', starting with a letter or digit, and never '..', so no
# id can climb out of the folder it names on disk or in a URL.
_DOC_ID = re.compile(r"^[^\W_][\w.-]{0,127}$")


def valid_id(doc_id: str) -> bool:
    return bool(_DOC_ID.match(doc_id)) and ".." not in doc_id


def effective_metadata(catalog: Catalog, doc: DocumentRow) -> dict[str, str]:
    """Field values as archivists see them: what extraction read, what the archive's
    evidence accepted when last weighed (archive.evidence), and their corrections over all."""
    corrected = catalog.corrections(doc.id)
    return with_accepted(read_metadata(doc.metadata, corrected), catalog.evidence(doc.id),
                         corrected)


def read_metadata(metadata: dict, corrected: dict[str, str]) -> dict[str, str]:
    """Field values from extraction (a document's `metadata`) and corrections alone: what
    the archive's evidence is weighed on (what it accepted itself must not feed back)."""
    values = {name: (metadata.get(name) or {}).get("value", "") for name in FIELD_NAMES}
    return values | {name: value for name, value in corrected.items() if name in values}


def with_accepted(values: dict[str, str], evidence: dict[str, dict],
                  corrected: Collection[str]) -> dict[str, str]:
    """The document's values with what the archive's evidence accepted put in, wherever no
    archivist has corrected the field."""
    return values | {name: str(said["value"]) for name, said in evidence.items()
                     if said.get("accepted_by") and name not in corrected and name in values}


def page_texts(catalog: Catalog, doc: DocumentRow) -> list[str]:
    """Page texts with archivists' corrections of a page's text applied."""
    corrected = catalog.corrections(doc.id)
    return [corrected.get(f"page:{p.number}", p.text) for p in catalog.pages(doc.id)]


def index_record(catalog: Catalog, doc: DocumentRow) -> IndexRecord:
    """The document as effective_metadata and page_texts give it; its corrections are read
    once and applied by corrected_record."""
    corrected = catalog.corrections(doc.id)
    return corrected_record(
        doc.id, doc.source,
        with_accepted(read_metadata(doc.metadata, {}), catalog.evidence(doc.id), corrected),
        [p.text for p in catalog.pages(doc.id)], [c["symbol"] for c in doc.citations],
        corrected)


def corrected_record(doc_id: str, source: str, values: dict[str, str], texts: list[str],
                     cites: list[str], corrected: dict[str, str]) -> IndexRecord:
    """The index's record of a document from the values and page texts (numbered from 1)
    written to the catalog, with archivists' corrections applied as effective_metadata
    and page_texts apply them: what an import indexes without reading its rows back."""
    metadata = {name: corrected.get(name, value) for name, value in values.items()}
    pages = tuple(corrected.get(f"page:{n}", t) for n, t in enumerate(texts, start=1))
    return IndexRecord(id=doc_id, source=source, pages=pages, metadata=metadata,
                       cites=tuple(cites))


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's content: how a scan is known whatever its name, and the
    checksum packages carry."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
