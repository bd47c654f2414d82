"""Deleting a wrongly ingested document: from the index, the catalog and the data folder.

The index goes first so that no search finds a document the catalog no longer has; the
files go last, and only from inside the data directory. Who deleted what is in the audit
trail (the callers record it).
"""
from __future__ import annotations

import shutil

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.indexing import open_index
from luutru.archive.records import valid_id
from luutru.index import IndexBusy


class RemovalError(ValueError):
    pass


def delete_document(config: Config, catalog: Catalog, doc_id: str) -> None:
    catalog.require_writable()
    doc = catalog.document(doc_id) if valid_id(doc_id) else None
    if doc is None:
        raise RemovalError(f"no document {doc_id!r}")
    index = open_index(config, catalog)
    try:
        index.delete([doc.id])
    except IndexBusy as e:
        raise RemovalError("the index is busy (a batch is running): try again after it") from e
    finally:
        index.close()
    with catalog.transaction() as db:
        for table in ("pages", "sources", "corrections", "signatures", "evidence"):
            db.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc.id,))
        db.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
    for path in _files(config, doc.id):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _files(config: Config, doc_id: str) -> list:
    root = config.data_dir
    return [config.document_pdf(doc_id), config.document_text(doc_id),
            root / "pages" / doc_id, root / "hocr" / doc_id, root / "work" / doc_id]
