"""The secrecy gate: TUYỆT MẬT documents are held, and an admin decides what becomes of them.

Party archives do not digitise TUYỆT MẬT documents (Hướng dẫn 40-HD/VPTW). A document read
as TUYỆT MẬT is held by `finishing.finish`: no searchable PDF or text file, not indexed,
listed in the batch report and here. An admin either releases it (it is then finished and
indexed like any other, visible only with TUYỆT MẬT clearance) or purges it: its page
images, OCR text and text layers are deleted, and only its catalog entry (the register
line: number, date, subject) stays. Each decision is kept as a correction of the document
(who, when); the audit trail of issue 15 should record it too, where marked "audit".
"""
from __future__ import annotations

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.finishing import SECRECY_GATE, finish
from luutru.archive.indexing import Indexer, index_parts
from luutru.archive.records import effective_metadata


class GateError(ValueError):
    pass


def held_documents(catalog: Catalog) -> list[DocumentRow]:
    return catalog.documents(status="held")


def release(config: Config, catalog: Catalog, doc_id: str, user: str) -> DocumentRow:
    """Let a held document through: access copies made, indexed."""
    doc = _held(catalog, doc_id)
    catalog.add_correction(doc.id, SECRECY_GATE, "released", user)  # audit: release
    scan = catalog.document(doc.scan)
    assert scan is not None
    parts = finish(config, catalog, scan)
    with Indexer(config, catalog) as indexer:
        index_parts(catalog, indexer, scan.id, parts)
    released = catalog.document(doc.id)
    assert released is not None
    return released


def purge(config: Config, catalog: Catalog, doc_id: str, user: str) -> DocumentRow:
    """Delete what was digitised of a held document; keep its register entry."""
    doc = _held(catalog, doc_id)
    pages = range(doc.page_start, doc.page_end + 1)
    for number in pages:
        for path in (config.page_image(doc.scan, number), config.page_hocr(doc.scan, number),
                     config.page_colour(doc.scan, number)):
            path.unlink(missing_ok=True)
    with catalog.transaction():
        catalog.clear_pages(doc.scan, doc.page_start, doc.page_end)
        catalog.set_status(doc.id, "purged")
    catalog.add_correction(doc.id, SECRECY_GATE, "purged", user)  # audit: purge
    purged = catalog.document(doc.id)
    assert purged is not None
    return purged


def _held(catalog: Catalog, doc_id: str) -> DocumentRow:
    doc = catalog.document(doc_id)
    if doc is None or doc.status != "held":
        raise GateError(f"{doc_id!r} is not a held document")
    return doc


def describe(catalog: Catalog, doc: DocumentRow) -> dict:
    """A held or purged document as the admin page and `luutru held` show it."""
    values = effective_metadata(catalog, doc)
    return {"id": doc.id, "source": doc.source, "pages": f"{doc.page_start}-{doc.page_end}",
            "hoso": doc.hoso or "", "doc_code": doc.doc_code, "status": doc.status,
            "symbol": values["symbol"], "doc_type": values["doc_type"], "date": values["date"],
            "issuer": values["issuer"], "classification": values["classification"]}
