"""ArchiveIndex: the Whoosh index of the archive, its one writer and its searches.

Layout of the index directory:

    CURRENT.json     {"dir": "ix-<hex>", "schema_version": N}, replaced atomically
    ix-<hex>/        the Whoosh index that CURRENT.json names

rebuild() fills a fresh ix-* directory and only then points CURRENT.json at it, so a crash
during a rebuild leaves the previous index in use (and still reporting needs_rebuild).
add() commits every `batch_size` documents; a Whoosh commit is atomic, so a crash loses at
most the batch in progress, and a failing batch is cancelled, which releases the lock.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as windex
from whoosh import query as wq
from whoosh.searching import Searcher

from luutru.index import engine
from luutru.index.backend import batches, highlight_terms, key_terms, unique_ids
from luutru.index.highlight import Terms, hit_snippet
from luutru.index.query import ParsedQuery, merge_filters, parse
from luutru.index.spec import exact_tokens
from luutru.index.suggest import suggestion
from luutru.index.types import (
    Hit,
    IndexBusy,
    IndexOutdated,
    IndexRecord,
    SearchFilters,
    SearchResults,
)
from luutru.index.whoosh_internals import LOCK_WAIT, Writer, merge_small_segments
from luutru.index.whoosh_query import Compiler, visible
from luutru.index.whoosh_schema import SCHEMA_VERSION, build_schema, to_document
from luutru.vietnamese import fold

log = logging.getLogger(__name__)

POINTER = "CURRENT.json"
FACETS = ("doc_type", "issuer", "year")
SORTS = ("relevance", "date", "-date")


class WhooshIndex:
    """Opens the index at `path`, creating an empty one when there is none.

    `needs_rebuild` is True when the index was just created, was written with another
    SCHEMA_VERSION, or could not be read: the caller then calls rebuild(records) with
    every document of its catalog. Searches of an outdated index find nothing.
    """

    def __init__(self, path: str | os.PathLike[str], *, batch_size: int = 5000,
                 limitmb: int = 1024, lock_wait: float = LOCK_WAIT) -> None:
        self.path = Path(path)
        self.batch_size = batch_size
        self.limitmb = limitmb
        self.lock_wait = lock_wait  # seconds a writer waits for another process's lock
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._snap: engine.Snapshot | None = None
        self._caches = engine.Caches()
        self._pointer_mtime = 0.0
        self.needs_rebuild = False
        self._ix: windex.Index | None = None
        self._open()

    # --- opening ------------------------------------------------------------------------

    def _read_pointer(self) -> dict[str, Any] | None:
        pointer = self.path / POINTER
        try:
            return json.loads(pointer.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None  # a new index
        except (OSError, ValueError) as e:
            log.warning("%s: unreadable (%s); the index will be rebuilt", pointer, e)
            return None

    def _open(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        pointer = self._read_pointer()
        self._close_searcher()
        self._ix = None
        if pointer is None:
            self._ix = self._create_fresh(publish=True)
            self.needs_rebuild = True
            return
        self._pointer_mtime = (self.path / POINTER).stat().st_mtime
        if pointer.get("schema_version") != SCHEMA_VERSION:
            self.needs_rebuild = True
            return
        try:
            self._ix = windex.open_dir(str(self.path / pointer["dir"]))
        except Exception as e:  # an unreadable index is rebuilt from the catalog, not fatal
            log.warning("%s: cannot be opened (%s: %s); the index will be rebuilt",
                        self.path / pointer["dir"], type(e).__name__, e)
            self.needs_rebuild = True

    def _create_fresh(self, *, publish: bool) -> windex.Index:
        name = f"ix-{uuid.uuid4().hex[:12]}"
        directory = self.path / name
        directory.mkdir()
        ix = windex.create_in(str(directory), build_schema())
        if publish:
            self._publish(name)
        return ix

    def _publish(self, name: str) -> None:
        tmp = self.path / f".{POINTER}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"dir": name, "schema_version": SCHEMA_VERSION}),
                       encoding="utf-8")
        os.replace(tmp, self.path / POINTER)
        self._pointer_mtime = (self.path / POINTER).stat().st_mtime

    def close(self) -> None:
        with self._lock:
            self._close_searcher()
            if self._ix is not None:
                self._ix.close()

    def __enter__(self) -> WhooshIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------

    def add(self, records: Iterable[IndexRecord]) -> int:
        """Adds or replaces (same id) documents; commits every batch_size. Returns the count."""
        with self._lock:
            if self._ix is None:
                raise IndexOutdated(f"{self.path}: index needs rebuild before adding")
            count = self._write(self._ix, records, replace=True)
            self._close_searcher()
            return count

    def _write(self, ix: windex.Index, records: Iterable[IndexRecord], *, replace: bool) -> int:
        count = 0
        for batch in batches(records, self.batch_size):
            # Later records win over earlier ones with the same id inside one batch.
            unique = {r.id: r for r in batch}
            writer = self._writer(ix)
            try:
                if replace:
                    # One term lookup per id; Whoosh's update_document runs a query per
                    # document and segment.
                    with ix.reader() as reader:
                        stale = [i for i in unique if ("id", i) in reader]
                    for doc_id in stale:
                        writer.delete_by_term("id", doc_id)
                for record in unique.values():
                    writer.add_document(**to_document(record))
                writer.commit(mergetype=merge_small_segments)
            except BaseException:
                writer.cancel()
                raise
            count += len(unique)
        return count

    def add_prepared(self, items: Iterable[IndexRecord]) -> int:
        """index.backend.preparer("whoosh") leaves records as they are: add() them."""
        return self.add(items)

    def _writer(self, ix: windex.Index) -> Writer:
        try:
            return Writer(ix, limitmb=self.limitmb, timeout=self.lock_wait)
        except windex.LockError as e:
            raise IndexBusy(f"{self.path}: the index is being written by another "
                            "process") from e

    def delete(self, ids: Iterable[str]) -> int:
        """Removes documents by id; returns how many were found."""
        with self._lock:
            if self._ix is None:
                raise IndexOutdated(f"{self.path}: index needs rebuild")
            writer = self._writer(self._ix)
            try:
                deleted = sum(writer.delete_by_term("id", i) for i in set(ids))
                writer.commit(mergetype=merge_small_segments)
            except BaseException:
                writer.cancel()
                raise
            self._close_searcher()
            return deleted

    def optimize(self) -> None:
        """Merges all segments into one: searches read each posting list in one piece.
        Costs about as much as indexing everything again."""
        with self._lock:
            if self._ix is None:
                raise IndexOutdated(f"{self.path}: index needs rebuild")
            writer = self._writer(self._ix)
            try:
                writer.commit(optimize=True)
            except BaseException:
                writer.cancel()
                raise
            self._close_searcher()

    def rebuild(self, records: Iterable[IndexRecord]) -> int:
        """Indexes `records` into a fresh index, then switches to it atomically. Returns the
        number indexed; of records repeating an id, the first is kept."""
        with self._lock:
            old = self._read_pointer()
            ix = self._create_fresh(publish=False)
            new_name = Path(ix.storage.folder).name
            try:
                # A fresh index holds no earlier version of any id: no lookups needed.
                count = self._write(ix, unique_ids(records), replace=False)
            except BaseException:
                ix.close()
                shutil.rmtree(self.path / new_name, ignore_errors=True)
                raise
            self._close_searcher()
            if self._ix is not None:
                self._ix.close()
            self._publish(new_name)
            self._ix = ix
            self.needs_rebuild = False
            if old and old.get("dir") and old["dir"] != new_name:
                shutil.rmtree(self.path / old["dir"], ignore_errors=True)
            return count

    # --- reading ------------------------------------------------------------------------

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._snap = None

    def _snapshot(self) -> engine.Snapshot | None:
        """The latest commit; another process may have written to or rebuilt the index."""
        try:
            mtime = (self.path / POINTER).stat().st_mtime
        except OSError:
            mtime = 0.0
        if mtime != self._pointer_mtime:
            self._open()
        if self._ix is None:
            return None
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        elif not self._searcher.up_to_date():
            # A new searcher, not refresh(): refresh() keeps the old segments' readers and
            # misses deletions, so a replaced document would be found twice.
            self._searcher.close()
            self._searcher = self._ix.searcher()
            self._snap = None
        if self._snap is None:
            self._snap = engine.Snapshot(self._searcher, self._caches)
        return self._snap

    def doc_count(self) -> int:
        with self._lock:
            snap = self._snapshot()
            return snap.doc_count if snap else 0

    def search(
        self,
        query: str,
        *,
        clearance: int,
        filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen, never mutated
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 10,
    ) -> SearchResults:
        """Documents matching `query` that a user with `clearance` may see."""
        return self.run(parse(query), clearance=clearance, filters=filters, sort=sort,
                        offset=max(offset, 0), limit=max(limit, 0))

    def run(self, parsed: ParsedQuery, *, clearance: int, filters: SearchFilters,
            sort: str, offset: int, limit: int, suggest: bool = True, facets: bool = True,
            snippets: bool = True
            ) -> SearchResults:
        """search() of a parsed query."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
        with self._lock:
            snap = self._snapshot()
            if snap is None:
                return SearchResults(hits=(), total=0)
            vocabulary = snap.vocabulary
            q, scoring = Compiler(vocabulary).compile(parsed, merge_filters(parsed, filters))
            seen = self._seen(snap, clearance)
            found = engine.evaluate(snap, visible(q, clearance), seen)
            mask = found.mask & snap.live
            if sort == "relevance" and scoring:
                ranked = engine.top(snap, found, offset + limit)
            else:
                ranked = engine.by_date(snap, mask, offset + limit,
                                        newest_first=sort != "date")
            terms = highlight_terms(parsed)
            return SearchResults(
                hits=tuple(self._hit(snap, d, score, terms if snippets else None)
                           for d, score in ranked[offset:]),
                total=int(mask.sum()),
                facets={name: engine.facet_counts(snap, mask, name) for name in FACETS}
                if facets else {},
                suggestion=suggestion(vocabulary, parsed, snap.counter(seen))
                if suggest and parsed.positive() else "",
            )

    @staticmethod
    def _seen(snap: engine.Snapshot, clearance: int) -> np.ndarray:
        """The documents a caller with `clearance` may see."""
        return engine.evaluate(snap, visible(wq.Every(), clearance)).mask

    @staticmethod
    def _hit(snap: engine.Snapshot, docnum: int, score: float, terms: Terms | None) -> Hit:
        """A hit with its snippet and matching pages; with terms None, without them."""
        stored = snap.searcher.stored_fields(docnum)
        doc = stored["doc"]
        meta = doc["metadata"]
        snippet, pages = ("", ()) if terms is None else hit_snippet(doc["pages"], meta, terms)
        return Hit(id=stored["id"], source=doc["source"], score=score, metadata=dict(meta),
                   snippet=snippet, pages=pages)

    @staticmethod
    def _visible_docnum(snap: engine.Snapshot, doc_id: str, clearance: int) -> int | None:
        found = engine.evaluate(snap, visible(wq.Term("id", doc_id), clearance))
        ids = np.flatnonzero(found.mask & snap.live)
        return int(ids[0]) if len(ids) else None

    def get(self, doc_id: str, clearance: int) -> dict[str, Any] | None:
        """The stored document (id, source, metadata, pages, cites, batch, level), or None
        when there is no such document or the caller may not see it."""
        with self._lock:
            snap = self._snapshot()
            docnum = self._visible_docnum(snap, doc_id, clearance) if snap else None
            if snap is None or docnum is None:
                return None
            stored = snap.searcher.stored_fields(docnum)
            doc = stored["doc"]
            return {
                "id": stored["id"],
                "source": doc["source"],
                "metadata": dict(doc["metadata"]),
                "pages": list(doc["pages"]),
                "cites": list(doc["cites"]),
                "batch": doc["batch"],
                "level": stored["level"],
            }

    def more_like_this(self, doc_id: str, *, clearance: int, limit: int = 10) -> SearchResults:
        """Documents sharing the most distinctive words of `doc_id` (never `doc_id` itself);
        nothing when the caller may not see `doc_id`. `total` is the number of hits."""
        with self._lock:
            snap = self._snapshot()
            docnum = self._visible_docnum(snap, doc_id, clearance) if snap else None
            if snap is None or docnum is None:
                return SearchResults(hits=(), total=0)
            doc = snap.searcher.stored_fields(docnum)["doc"]
            text = " ".join([doc["metadata"].get("subject", ""), *doc["pages"]])
            seen = self._seen(snap, clearance) & snap.live
            # Key terms weighed over what the caller may see (Whoosh's key_terms_from_text
            # counts every document, classified ones included).
            key = key_terms(exact_tokens(text),
                            lambda t: int(np.count_nonzero(seen[snap.postings("body", t)[0]])),
                            int(seen.sum()))
            if not key:
                return SearchResults(hits=(), total=0)
            top_weight = key[0][1] or 1.0
            likeness = wq.Or([wq.Term("body", term, boost=weight / top_weight)
                              for term, weight in key])
            q = visible(wq.AndNot(likeness, wq.Term("id", doc_id)), clearance)
            terms = Terms(frozenset(fold(term) for term, _ in key))
            ranked = engine.top(snap, engine.evaluate(snap, q, seen), limit)
            hits = tuple(self._hit(snap, d, score, terms) for d, score in ranked)
            return SearchResults(hits=hits, total=len(hits))


