"""What the web interface may read of the archive, and as whom.

Every document, page image and download goes through `Archive.document(user, id)`: a
document the user may not see is answered exactly like one that does not exist, so its
existence cannot be probed. Files are served only from inside the data directory.
"""
from __future__ import annotations

import threading
from pathlib import Path

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.corrections import reweigh
from luutru.archive.indexing import open_index
from luutru.archive.records import effective_metadata, valid_id
from luutru.archive.users import User
from luutru.index import ArchiveIndex, IndexBusy
from luutru.index.schema import classification_level


def inside(root: Path, path: Path) -> Path | None:
    """`path` resolved, when it is an existing file inside `root`; else None."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(root.resolve()) and real.is_file() else None


class Archive:
    """The catalog and the index as the web app uses them.

    SQLite connections belong to one thread and requests run in a thread pool, so each
    thread opens its own Catalog once; the index is shared (it locks internally).
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._local = threading.local()
        self.index: ArchiveIndex = open_index(config, self.catalog())
        # Corrections write the index; one at a time from this process.
        self.write_lock = threading.Lock()
        self._reweigh_queued = threading.Event()

    def reopen_index(self) -> None:
        """A fresh index object, after this process changed documents in it.

        Whoosh's Searcher.refresh(), which the index uses to follow new commits, reuses
        the readers of unchanged segments and so misses deletions: a corrected document
        would be found twice, old and new. A new object reads the current commit whole.
        Requests still holding the old object finish with it; it is then dropped.
        """
        self.index = ArchiveIndex(self.config.index_dir, **self.config.index_options)

    def reweigh_later(self) -> bool:
        """Whether the caller should run `reweigh` after its response: False when a
        reweighing is queued already and has not started, which will see this change too."""
        if self._reweigh_queued.is_set():
            return False
        self._reweigh_queued.set()
        return True

    def reweigh(self) -> None:
        """The archive's evidence weighed again after a correction (archive.corrections),
        after the response: weighing reads every document, too slow to keep an archivist
        waiting between two corrections. A batch holding the index leaves the changed
        documents marked for it."""
        self._reweigh_queued.clear()
        with self.write_lock:
            try:
                changed = reweigh(self.config, self.catalog())
            except IndexBusy:
                return
            if changed:
                self.reopen_index()

    def catalog(self) -> Catalog:
        catalog = getattr(self._local, "catalog", None)
        if catalog is None:
            catalog = Catalog(self.config.catalog_path)
            self._local.catalog = catalog
        return catalog

    def document(self, user: User, doc_id: str) -> DocumentRow | None:
        """The document when it exists, is finished and `user` may see it; else None.

        Both the catalog (source of truth, corrections included) and the index must agree
        that the user's clearance covers it: the stricter of the two wins while one lags.
        """
        if not valid_id(doc_id):
            return None
        catalog = self.catalog()
        doc = catalog.document(doc_id)
        if doc is None or doc.status != "done":
            return None
        if self.level(doc) > user.clearance or not self.searchable():
            return None
        if self.index.get(doc_id, user.clearance) is None:
            return None
        return doc

    def searchable(self) -> bool:
        """Whether the index holds any document yet. A brand-new archive, or one between a
        killed first batch and its re-run, has none: searches then find nothing rather than
        asking an index with no segments."""
        row = self.catalog().db.execute(
            "SELECT 1 FROM documents WHERE indexed = 1 LIMIT 1").fetchone()
        return row is not None

    def level(self, doc: DocumentRow) -> int:
        return classification_level(effective_metadata(self.catalog(), doc)["classification"])

    def page_image(self, doc: DocumentRow, number: int) -> Path | None:
        return inside(self.config.data_dir,
                      self.config.page_image(doc.scan, doc.file_page(number)))

    def pdf(self, doc: DocumentRow) -> Path | None:
        return inside(self.config.data_dir, self.config.document_pdf(doc.id))

    def document_for_source(self, path: str) -> DocumentRow | None:
        """The document a scan file became, if it became one (for batch failure rows)."""
        row = self.catalog().db.execute(
            "SELECT document_id FROM sources WHERE path = ?", (path,)).fetchone()
        return self.catalog().document(row[0]) if row else None
