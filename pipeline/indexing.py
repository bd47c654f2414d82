"""Keeping the search index in step with the catalog: one writer, batched commits.

A document is marked indexed in the catalog only after the index has committed it, so a
run killed in between re-indexes it next time (`add_unindexed`), and an index whose schema
version changed is rebuilt from the catalog, which is the source of truth.
"""
from __future__ import annotations

from types import TracebackType

from index import ArchiveIndex
from index.types import IndexRecord
from pipeline.catalog import Catalog, DocumentRow
from pipeline.config import Config
from pipeline.documents import Part, index_record


def open_index(config: Config, catalog: Catalog) -> ArchiveIndex:
    """The index, rebuilt from the catalog first when its schema version is not current."""
    index = ArchiveIndex(config.index_dir, **config.index_options)
    if index.needs_rebuild:
        rebuild(index, catalog)
    return index


def rebuild(index: ArchiveIndex, catalog: Catalog) -> int:
    docs = catalog.documents(status="done")
    index.rebuild(index_record(catalog, d) for d in docs)
    catalog.mark_indexed([d.id for d in docs])
    return len(docs)


class Indexer:
    def __init__(self, config: Config, catalog: Catalog, every: int | None = None) -> None:
        self.catalog = catalog
        self.every = every or config.index_commit_every
        self.index = open_index(config, catalog)
        self.pending: list[IndexRecord] = []

    def add(self, doc: DocumentRow) -> None:
        self.pending.append(index_record(self.catalog, doc))
        if len(self.pending) >= self.every:
            self.flush()

    def remove(self, doc_ids: list[str]) -> None:
        """Take documents out of the index (merged into another, or held): at once, since
        a held document must not stay findable until the next commit."""
        self.flush()
        if doc_ids:
            self.index.delete(doc_ids)

    def add_unindexed(self) -> None:
        for doc in self.catalog.documents(status="done"):
            if not doc.indexed:
                self.add(doc)

    def flush(self) -> None:
        if not self.pending:
            return
        self.index.add(self.pending)
        self.catalog.mark_indexed([r.id for r in self.pending])
        self.pending = []

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        # Whatever was finished before an error is committed too: the catalog holds it already.
        self.flush()


def index_parts(catalog: Catalog, indexer: Indexer, scan_id: str, parts: list[Part]) -> None:
    """The index after a scan file was cut: its documents in, anything else of it out."""
    done = {p.id for p in parts if p.status == "done"}
    indexer.remove([d.id for d in catalog.documents_of_scan(scan_id) if d.id not in done])
    for part in parts:
        if part.status == "done":
            indexer.add(catalog.written(part.id))
