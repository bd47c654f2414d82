"""Archivists' corrections of where documents start in a scan file: split and merge.

The corrected boundaries are stored as a correction of the scan file's row (who, when), so
that reading the file again keeps them; the file is then cut again (`finishing.finish`),
its documents re-indexed and its hồ sơ numbered again.
"""
from __future__ import annotations

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.finishing import BOUNDARIES, Part, finish
from luutru.archive.indexing import Indexer, index_parts


class SplitError(ValueError):
    pass


# Rows of a scan file that are documents of it now, whatever an admin decided about them.
_CURRENT = ("done", "held", "purged")


def split(config: Config, catalog: Catalog, doc_id: str, page: int, user: str) -> list[Part]:
    """Cut document `doc_id` in two: its page `page` (counted within it) starts a new one."""
    doc = _document(catalog, doc_id)
    if not 2 <= page <= doc.page_count:
        raise SplitError(f"{doc_id} has pages 1-{doc.page_count}: it can be split at a page "
                         f"from 2 to {doc.page_count}")
    starts = _starts(catalog, doc) | {doc.file_page(page)}
    return _recut(config, catalog, doc, starts, user)


def merge(config: Config, catalog: Catalog, first_id: str, second_id: str,
          user: str) -> list[Part]:
    """Join document `second_id` to `first_id`, which it must directly follow in the same
    scan file."""
    first, second = _document(catalog, first_id), _document(catalog, second_id)
    if first.scan != second.scan or second.page_start != first.page_end + 1:
        raise SplitError(f"{second_id} does not directly follow {first_id} in one scan file: "
                         "only neighbouring documents of a file can be merged")
    return _recut(config, catalog, first, _starts(catalog, first) - {second.page_start}, user)


def _document(catalog: Catalog, doc_id: str) -> DocumentRow:
    doc = catalog.document(doc_id)
    if doc is None or doc.status not in _CURRENT or doc.origin != "scan":
        raise SplitError(f"no scanned document {doc_id!r}")
    if doc.status == "purged":
        raise SplitError(f"{doc_id} was purged: its pages are gone")
    return doc


def _starts(catalog: Catalog, doc: DocumentRow) -> set[int]:
    return {d.page_start for d in catalog.documents_of_scan(doc.scan) if d.status in _CURRENT}


def _recut(config: Config, catalog: Catalog, doc: DocumentRow, starts: set[int],
           user: str) -> list[Part]:
    scan = catalog.document(doc.scan)
    assert scan is not None
    purged = [d for d in catalog.documents_of_scan(scan.id) if d.status == "purged"]
    for gone in purged:
        # A purged document keeps its exact range: its pages can join nothing.
        if gone.page_start not in starts or gone.page_end + 1 not in starts | {
                _last_page(catalog, scan) + 1}:
            raise SplitError(f"{gone.id} was purged: the documents around it cannot take "
                             "its pages")
    catalog.add_correction(scan.id, BOUNDARIES, ",".join(map(str, sorted(starts))), user)
    parts = finish(config, catalog, scan)
    with Indexer(config, catalog) as indexer:
        index_parts(catalog, indexer, scan.id, parts)
    if scan.hoso:
        catalog.number_documents(scan.hoso, renumber=True)
    return parts


def _last_page(catalog: Catalog, scan: DocumentRow) -> int:
    return max(d.page_end for d in catalog.documents_of_scan(scan.id) if d.status in _CURRENT)
