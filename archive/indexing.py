"""Keeping the search index in step with the catalog: one writer, batched commits.

A document is marked indexed in the catalog only after the index has committed it, so a
run killed in between re-indexes it next time (`add_unindexed`), and an index whose schema
version changed is rebuilt from the catalog, which is the source of truth.
"""
from __future__ import annotations

import queue
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from types import TracebackType
from typing import TYPE_CHECKING, Any

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.index import ArchiveIndex
from luutru.index.types import IndexRecord

# archive.records and archive.finishing import the metadata package (its extraction, cv2):
# imported where documents are written, so that opening the index for a search does not.
if TYPE_CHECKING:
    from luutru.archive.finishing import Part


def open_index(config: Config, catalog: Catalog, *, read_ahead: bool = True) -> ArchiveIndex:
    """The index, rebuilt from the catalog first when its schema version is not current;
    read_ahead False for one command's search (ArchiveIndex)."""
    index = ArchiveIndex(config.index_dir, **config.index_options, read_ahead=read_ahead)
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

    With `background`, records stream to the index as they are added: a thread of its
    own hands each to the index at once (Tantivy indexes it in its own threads, which
    release the GIL) and commits every `every`, while the caller goes on writing the next
    ones to the catalog. The documents are still marked indexed, by the caller's thread,
    only once the index has committed them. Only the thread that owns the catalog
    touches it.
    """

    def __init__(self, config: Config, catalog: Catalog, every: int | None = None, *,
                 background: bool = False) -> None:
        self.catalog = catalog
        self.every = every or config.index_commit_every
        self.index = open_index(config, catalog)
        self.pending: list[Any] = []  # IndexRecords or their prepared forms
        self._stream: _Stream | None = _Stream(self.index, self.every) if background else None

    def add(self, doc: DocumentRow) -> None:
        from luutru.archive.records import index_record

        self.add_record(index_record(self.catalog, doc))

    def add_record(self, record: IndexRecord | Any) -> None:
        """A document the caller has just written to the catalog, as index_record reads it,
        or what index.backend.preparer made of that record (in a worker process)."""
        if self._stream is not None:
            self._stream.put(record)
            if committed := self._stream.committed():
                self.catalog.mark_indexed(committed)
            return
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
        """Sends the pending records to the index and commits them: at once, or, in the
        background, without waiting."""
        if self._stream is not None:
            self._stream.put(_COMMIT)
            return
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        self.index.add_prepared(batch)
        self.catalog.mark_indexed([r.id for r in batch])

    def finish(self) -> None:
        """Everything added so far indexed, committed and marked in the catalog."""
        self.flush()
        if self._stream is not None:
            self._stream.wait()
            self.catalog.mark_indexed(self._stream.committed())

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        # Whatever was finished before an error is committed too: the catalog holds it already.
        try:
            self.finish()
        finally:
            if self._stream is not None:
                self._stream.close()


_COMMIT = object()  # in a stream: commit what came before
_END = object()  # in a stream: commit, and the thread ends


class _Stream:
    """The indexing thread of a background Indexer: takes records from a queue, hands
    them to index.add_prepared as they come, a batch of `every` (or up to a _COMMIT) per
    call, so one commit each; the ids of each committed batch are queued for the caller's
    thread to mark in the catalog."""

    def __init__(self, index: ArchiveIndex, every: int) -> None:
        self.index = index
        self.every = every
        # Bounded: when the index falls behind, the caller waits instead of piling up
        # prepared documents in memory.
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=max(every // 4, 1))
        self.done: queue.Queue[list[str]] = queue.Queue()
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="luutru-index")
        self.job: Future[None] | None = None

    def put(self, item: Any) -> None:
        if self.job is None:  # a new queue: a failed thread may have left items in the old
            self.queue = queue.Queue(maxsize=self.queue.maxsize)
            self.job = self.thread.submit(self._run)
        while True:
            try:
                self.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                if self.job.done():  # the thread failed: its error, in the caller's thread
                    job, self.job = self.job, None
                    job.result()
                    raise RuntimeError("the indexing thread ended early") from None

    def _run(self) -> None:
        while (item := self.queue.get()) is not _END:
            if item is _COMMIT:
                continue
            ids = [item.id]
            self.index.add_prepared(chain([item], self._batch(ids)))
            self.done.put(ids)

    def _batch(self, ids: list[str]) -> Iterator[Any]:
        """The queue's records up to `every` or the next _COMMIT; an _END is put back."""
        while len(ids) < self.every:
            item = self.queue.get()
            if item is _END:
                self.queue.put(item)
                return
            if item is _COMMIT:
                return
            ids.append(item.id)
            yield item

    def committed(self) -> list[str]:
        """The ids committed since the last call."""
        out: list[str] = []
        while True:
            try:
                out += self.done.get_nowait()
            except queue.Empty:
                return out

    def wait(self) -> None:
        """Until everything put so far is committed (an indexing error is raised here)."""
        if self.job is None:
            return
        self.put(_END)
        job, self.job = self.job, None
        job.result()

    def close(self) -> None:
        self.thread.shutdown()


def index_parts(catalog: Catalog, indexer: Indexer, scan_id: str, parts: list[Part]) -> None:
    """The index after a scan file was cut: its documents in, anything else of it out."""
    done = {p.id for p in parts if p.status == "done"}
    indexer.remove([d.id for d in catalog.documents_of_scan(scan_id) if d.id not in done])
    for part in parts:
        if part.status == "done":
            indexer.add(catalog.written(part.id))
