"""Keeping the search index in step with the catalog: one writer, batched commits.

A document is marked indexed in the catalog only after the index has committed it, so a
run killed in between re-indexes it next time (`add_unindexed`), and an index whose schema
version changed is rebuilt from the catalog, which is the source of truth.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.index import ArchiveIndex
from luutru.index.types import IndexRecord

# archive.records and archive.finishing import the metadata package (its extraction, cv2):
# imported where documents are written, so that opening the index for a search does not.
if TYPE_CHECKING:
    from luutru.archive.finishing import Part


def open_index(config: Config, catalog: Catalog) -> ArchiveIndex:
    """The index, rebuilt from the catalog first when its schema version is not current."""
    index = ArchiveIndex(config.index_dir, **config.index_options)
    if index.needs_rebuild:
        rebuild(index, catalog)
    return index


def rebuild(index: ArchiveIndex, catalog: Catalog) -> int:
    from luutru.archive.records import index_record

    docs = catalog.documents(status="done")
    index.rebuild(index_record(catalog, d) for d in docs)
    catalog.mark_indexed([d.id for d in docs])
    return len(docs)


class Indexer:
    """Collects index records and writes them `every` documents.

    With `background`, a batch is indexed and committed in a thread of its own while the
    caller goes on writing the next ones to the catalog (Tantivy's commit releases the GIL);
    the documents are still marked indexed, by the caller's thread, only once the index
    has committed them. Only the thread that owns the catalog touches it.
    """

    def __init__(self, config: Config, catalog: Catalog, every: int | None = None, *,
                 background: bool = False) -> None:
        self.catalog = catalog
        self.every = every or config.index_commit_every
        self.index = open_index(config, catalog)
        self.pending: list[IndexRecord] = []
        self._thread = (ThreadPoolExecutor(max_workers=1, thread_name_prefix="luutru-index")
                        if background else None)
        self._running: tuple[Future[int], list[str]] | None = None

    def add(self, doc: DocumentRow) -> None:
        from luutru.archive.records import index_record

        self.add_record(index_record(self.catalog, doc))

    def add_record(self, record: IndexRecord) -> None:
        """A document the caller has just written to the catalog, as index_record reads it."""
        self.pending.append(record)
        if len(self.pending) >= self.every:
            self.flush()

    def remove(self, doc_ids: list[str]) -> None:
        """Take documents out of the index (merged into another, or held): at once, since
        a held document must not stay findable until the next commit."""
        self.finish()
        if doc_ids:
            self.index.delete(doc_ids)

    def add_unindexed(self) -> None:
        for doc in self.catalog.unindexed():
            self.add(doc)

    def flush(self) -> None:
        """Sends the pending records to the index: at once, or, in the background, once
        the batch before them is committed."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        if self._thread is None:
            self.index.add(batch)
            self.catalog.mark_indexed([r.id for r in batch])
            return
        self._wait()
        self._running = (self._thread.submit(self.index.add, batch), [r.id for r in batch])

    def finish(self) -> None:
        """Everything added so far indexed, committed and marked in the catalog."""
        self.flush()
        self._wait()

    def _wait(self) -> None:
        if self._running is None:
            return
        job, ids = self._running
        self._running = None
        job.result()  # an indexing error is raised here, in the caller's thread
        self.catalog.mark_indexed(ids)

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        # Whatever was finished before an error is committed too: the catalog holds it already.
        try:
            self.finish()
        finally:
            if self._thread is not None:
                self._thread.shutdown()


def index_parts(catalog: Catalog, indexer: Indexer, scan_id: str, parts: list[Part]) -> None:
    """The index after a scan file was cut: its documents in, anything else of it out."""
    done = {p.id for p in parts if p.status == "done"}
    indexer.remove([d.id for d in catalog.documents_of_scan(scan_id) if d.id not in done])
    for part in parts:
        if part.status == "done":
            indexer.add(catalog.written(part.id))
