"""TantivyIndex: the archive's index on Tantivy (tantivy-py), the default backend.

Layout of the index directory:

    TANTIVY.json        {"dir": "tv-<hex>", "schema_version": N}, replaced atomically
    tv-<hex>/level-<n>/ one Tantivy index per secrecy level (0 = not classified)

Tantivy is fed index.spec's token lists joined by spaces, on its whitespace tokenizer: the
Vietnamese rules are applied once, by our code, and Tantivy only counts and positions. The
folded fields get the same exact syllables through Tantivy's ASCII folding, which folds
every Vietnamese syllable exactly as index.analysis.fold does (tests/test_index_spec.py
checks all of Viet74K); queries fold their words with the same analyzer.

One index per secrecy level keeps the collection statistics (document frequencies, field
lengths) of what a caller may not see out of the scores a caller is shown: a reader
without clearance searches the level-0 index alone, so a classified document, whatever
it holds, cannot move that reader's scores. The clearance is also a clause of every query.

Writes: one writer per add()/delete(), committed, then merged; a Tantivy commit is atomic,
so a process killed mid-import leaves the last commit readable (the catalog re-feeds the
rest). Merging (Tantivy's log merge policy, or optimize()) drops deleted documents and
the files of merged segments, so replacing documents does not grow the index for ever.
"""
from __future__ import annotations

import heapq
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple

import tantivy
from tantivy import Occur, Query

from luutru.index.backend import key_terms, unique_ids
from luutru.index.highlight import Terms, hit_snippet
from luutru.index.query import ParsedQuery, merge_filters
from luutru.index.readahead import INDEX_FILES, RANDOM_ACCESS, advise_random, read_tails
from luutru.index.schema import MAX_LEVEL
from luutru.index.spec import VOCAB_SEPARATOR, Analysed, analyse, date_key
from luutru.index.tantivy_query import FOLD_ANALYZER, TantivyCompiler, any_of
from luutru.index.types import (
    Hit,
    IndexBusy,
    IndexOutdated,
    IndexRecord,
    SearchFilters,
    SearchResults,
)
from luutru.vietnamese import fold

log = logging.getLogger(__name__)
POINTER = "TANTIVY.json"
# Bump whenever the schema or index.spec changes what is indexed.
SCHEMA_VERSION = 5  # 5: syllable pairs of common syllables only
FACETS = ("doc_type", "issuer", "year")
# Indexing threads per writer. One: each thread writes segments of its own, which are
# merged again; with one, indexing 20,000 generated documents in commits of 5,000 (merges
# included) takes 0.55 ms of CPU a document instead of 0.68 ms, and `luutru import`
# keeps both cores busy with its analysis workers anyway (docs/benchmarks-index.md).
WRITER_THREADS = 1
# Threads counting facets beside the searching thread (shared by a server's requests).
FACET_THREADS = max(2, os.cpu_count() or 2)
DATE_NONE_ASC = 0  # undated documents sort last both ways
WS = "whitespace"
WS_FOLD = "ws_fold"
_DATE_MAX = 99_999_999


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("level", stored=True, indexed=True, fast=True)
    for name in ("doc_type", "issuer", "year"):  # facet labels
        sb.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in ("doc_type_f", "classification", "batch"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("date_desc", indexed=True, fast=True)
    sb.add_unsigned_field("date_asc", fast=True)
    for name in ("symbol", "cites", "vocab"):
        sb.add_text_field(name, tokenizer_name=WS, index_option="freq")
    for name in ("subject", "body", "issuer_f"):
        sb.add_text_field(name, tokenizer_name=WS, index_option="position")
    for name in ("subject_f", "body_f"):  # fed the exact syllables, folded by Tantivy
        sb.add_text_field(name, tokenizer_name=WS_FOLD, index_option="position")
    # Syllable pairs of the body, folded ('ban_thuong', 'thuong_vu'), where both syllables
    # are common (index.spec.common_syllable): Vietnamese syllables repeat so much that
    # phrases of common ones are slow from positions alone. A phrase query requires its
    # pairs (rarer terms) before the positions of its syllables are read, so positions
    # are checked in fewer documents. A pair holding a rarer syllable is not indexed (it
    # was half of Tantivy's indexing time): that syllable's own posting list is short.
    # One field, document ids only: the pairs select, the body's positions decide and score.
    sb.add_text_field("body2_f", tokenizer_name=WS_FOLD, index_option="basic")
    sb.add_bytes_field("doc", stored=True)
    return sb.build()


class Prepared(NamedTuple):
    """One record as the writer adds it, in plain values: computed wherever is convenient
    (`luutru import` computes it in worker processes) and cheap to pickle, where a
    tantivy.Document pickles slowly. build_document turns it into the Document."""

    id: str
    level: int
    texts: tuple[tuple[str, str], ...]  # (field, text) of every non-empty text field
    date: int  # date_key of the document's date, 0 when undated
    stored: bytes  # the JSON that searches give back


_LABELS = ("doc_type", "issuer", "year", "doc_type_f", "classification", "batch")


def prepared(a: Analysed) -> Prepared:
    texts = [(name, value) for name in _LABELS if (value := getattr(a, name))]
    texts += [(name, " ".join(tokens)) for name in ("symbol", "cites", "issuer_f")
              if (tokens := getattr(a, name))]
    if a.vocab:
        texts.append(("vocab", a.vocab))
    for name in ("subject", "body"):
        text = getattr(a, name)
        if text:
            texts += ((name, text), (f"{name}_f", text))
    if a.pairs:
        texts.append(("body2_f", a.pairs))
    return Prepared(a.id, a.level, tuple(texts), date_key(a.date),
                    json.dumps(a.stored, ensure_ascii=False).encode("utf-8"))


def prepare(record: IndexRecord) -> Prepared:
    """A record analysed (index.spec) and made ready for the writer."""
    return prepared(analyse(record))


def build_document(p: Prepared) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", p.id)
    doc.add_integer("level", p.level)
    add_text = doc.add_text
    for name, text in p.texts:
        add_text(name, text)
    doc.add_unsigned("date_desc", p.date)
    doc.add_unsigned("date_asc", _DATE_MAX - p.date if p.date else DATE_NONE_ASC)
    doc.add_bytes("doc", p.stored)
    return doc


class _Shard:
    """The Tantivy index of one secrecy level."""

    def __init__(self, directory: Path, schema: tantivy.Schema, *, create: bool,
                 scattered: tuple[str, ...] = RANDOM_ACCESS) -> None:
        if create:
            directory.mkdir(parents=True)
        elif not (directory / "meta.json").is_file():
            raise OSError(f"{directory}: no Tantivy index")
        self.path = directory
        self.schema = schema
        self.scattered = scattered  # files that searches map without read-ahead
        self._loaded: tuple[int, int, int] | None = None  # meta.json the reader has read
        self._advised: tuple[int, int, int] | None = None  # ... when its maps were advised
        self._index: tantivy.Index | None = None
        if create:
            self._open()

    @property
    def index(self) -> tantivy.Index:
        """The Tantivy index, opened when first used: opening one reads a piece of every
        file of each of its segments (their footers), which on a cold cache means
        megabytes a file (the kernel reads ahead around each page an mmap touches), so
        the levels a caller may not see are not opened for that caller's searches. The
        caller holds TantivyIndex's lock."""
        return self._index or self._open()

    def _open(self) -> tantivy.Index:
        state = self._meta_state()
        read_tails(self.path)
        self._index = tantivy.Index(self.schema, path=str(self.path))
        self._index.register_tokenizer(WS_FOLD, FOLD_ANALYZER)
        self._loaded = state  # read at or after this state of meta.json
        return self._index

    def _meta_state(self) -> tuple[int, int, int] | None:
        try:
            meta = os.stat(self.path / "meta.json")
        except OSError:
            return None
        return (meta.st_mtime_ns, meta.st_ino, meta.st_size)

    def searcher(self, *, for_queries: bool = False) -> tantivy.Searcher:
        """The searcher of the latest commit, whichever process made it: Tantivy replaces
        meta.json at each commit, so the reader is reloaded only when that file changed
        (a stat instead of a reload per search). for_queries: searches will read it, so
        the maps of its `scattered` files (new segments' too) get no read-ahead
        (index.readahead); a writer's merges, which read whole segments, keep it."""
        index = self.index
        state = self._meta_state()
        if state is None or state != self._loaded:
            index.reload()
            self._loaded = state
        if for_queries and (state is None or state != self._advised):
            advise_random(self.path, self.scattered)
            self._advised = state
        return index.searcher()

    def writer(self, heap: int, lock_wait: float) -> tantivy.IndexWriter:
        """A writer, waiting while another process or index object holds the lock (an
        import and a correction from the web app may write at the same time)."""
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                return self.index.writer(heap, WRITER_THREADS)
            except ValueError as e:
                if "LockBusy" not in str(e):
                    raise
                if time.monotonic() > deadline:
                    raise IndexBusy(f"{self.path}: the index is being written by another "
                                    "process") from e
                time.sleep(0.25)


class TantivyIndex:
    """Opens the index at `path`, creating an empty one when there is none; the same
    interface as index.store.WhooshIndex (see index.backend.Backend)."""

    def __init__(self, path: str | os.PathLike[str], *, batch_size: int = 5000,
                 heap_mb: int = 256, lock_wait: float = 60.0, read_ahead: bool = True
                 ) -> None:
        self.path = Path(path)
        self._copy: tempfile.TemporaryDirectory[str] | None = None
        if self.path.is_dir() and not os.access(self.path, os.W_OK):
            # Tantivy takes a lock file beside meta.json even to read, which read-only media
            # (a published copy of an archive) refuse: such an index is read from a private
            # temporary copy, removed with this object.
            self._copy = tempfile.TemporaryDirectory(prefix="luutru-index-")
            self.path = Path(shutil.copytree(self.path, Path(self._copy.name) / "index"))
            log.info("%s is read-only: searching a copy in %s", path, self.path)
        self.batch_size = batch_size
        self.heap = heap_mb * 1_000_000
        self.lock_wait = lock_wait  # seconds a writer waits for another one's lock
        # The files whose maps searches read without read-ahead (index.readahead).
        self.scattered = RANDOM_ACCESS if read_ahead else INDEX_FILES
        self.schema = build_schema()
        self.compiler = TantivyCompiler(self.schema)
        self._lock = threading.RLock()
        self._pointer_mtime = 0.0
        self.needs_rebuild = False
        self._shards: list[_Shard] | None = None
        self._facet_pool: ThreadPoolExecutor | None = None
        self._open()

    # --- opening ------------------------------------------------------------------------

    def _read_pointer(self) -> dict[str, Any] | None:
        try:
            return json.loads((self.path / POINTER).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None  # a new index
        except (OSError, ValueError) as e:
            log.warning("%s: unreadable (%s); the index will be rebuilt", self.path / POINTER, e)
            return None

    def _open(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        pointer = self._read_pointer()
        self._shards = None
        if pointer is None:
            self._shards = self._create(self._new_name(), publish=True)
            self.needs_rebuild = True
            return
        self._pointer_mtime = (self.path / POINTER).stat().st_mtime
        if pointer.get("schema_version") != SCHEMA_VERSION:
            self.needs_rebuild = True
            return
        try:
            self._shards = self._load(self.path / pointer["dir"])
        except (OSError, ValueError, KeyError) as e:  # unreadable: rebuilt from the catalog
            log.warning("%s: cannot be opened (%s: %s); the index will be rebuilt",
                        self.path / str(pointer.get("dir")), type(e).__name__, e)
            self.needs_rebuild = True

    @staticmethod
    def _new_name() -> str:
        return f"tv-{uuid.uuid4().hex[:12]}"

    def _load(self, directory: Path, *, create: bool = False) -> list[_Shard]:
        return [_Shard(directory / f"level-{n}", self.schema, create=create,
                       scattered=self.scattered)
                for n in range(MAX_LEVEL + 1)]

    def _create(self, name: str, *, publish: bool) -> list[_Shard]:
        shards = self._load(self.path / name, create=True)
        if publish:
            self._publish(name)
        return shards

    def _publish(self, name: str) -> None:
        tmp = self.path / f".{POINTER}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"dir": name, "schema_version": SCHEMA_VERSION}),
                       encoding="utf-8")
        os.replace(tmp, self.path / POINTER)
        self._pointer_mtime = (self.path / POINTER).stat().st_mtime

    def _current(self) -> list[_Shard] | None:
        """The shards of the latest published index (another process may have rebuilt)."""
        try:
            mtime = (self.path / POINTER).stat().st_mtime
        except OSError:
            mtime = 0.0
        if mtime != self._pointer_mtime:
            self._open()
        return self._shards

    def _writable(self) -> list[_Shard]:
        shards = self._current()
        if shards is None:
            raise IndexOutdated(f"{self.path}: index needs rebuild")
        return shards

    def close(self) -> None:
        with self._lock:
            self._shards = None
            if self._facet_pool is not None:
                self._facet_pool.shutdown()
                self._facet_pool = None

    def __enter__(self) -> TantivyIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------

    def add(self, records: Iterable[IndexRecord]) -> int:
        """Adds or replaces (same id) documents; commits every batch_size."""
        return self.add_prepared(records)

    def add_prepared(self, items: Iterable[IndexRecord | Prepared]) -> int:
        """As add(), for records or their prepare() done already (by another process)."""
        with self._lock:
            shards = self._writable()
            return self._write(shards, items, replace=True)

    def _write(self, shards: list[_Shard], records: Iterable[IndexRecord | Prepared], *,
               replace: bool) -> int:
        """Adds the records, committing every batch_size. Each one is handed to Tantivy as
        it comes (records may be a stream that an importer is still filling): Tantivy
        indexes it in its own threads while the next is prepared. A replaced id (already
        in the index, or earlier in the same batch) is deleted first, so the later wins."""
        count = 0
        items = iter(records)
        while (first := next(items, None)) is not None:
            count += self._write_batch(shards, chain([first], islice(items, self.batch_size - 1)),
                                       replace=replace)
        return count

    def _write_batch(self, shards: list[_Shard], items: Iterator[IndexRecord | Prepared], *,
                     replace: bool) -> int:
        searchers = [(level, s) for level, shard in enumerate(shards)
                     if replace and (s := shard.searcher()).num_docs]
        added: dict[str, int] = {}  # id -> level, of this batch
        writers = _Writers(shards, self.heap, self.lock_wait)
        try:
            for item in items:
                ready = prepare(item) if isinstance(item, IndexRecord) else item
                if ready.id in added:
                    writers[added[ready.id]].delete_documents_by_term("id", ready.id)
                else:
                    for level, searcher in searchers:
                        if searcher.doc_freq("id", ready.id):
                            writers[level].delete_documents_by_term("id", ready.id)
                added[ready.id] = ready.level
                writers[ready.level].add_document(build_document(ready))
            for w in writers.values():
                w.commit()
        except BaseException:
            for w in writers.values():
                w.rollback()
            raise
        finally:
            for w in writers.values():
                w.wait_merging_threads()
        return len(added)

    def delete(self, ids: Iterable[str]) -> int:
        """Removes documents by id; returns how many were found."""
        wanted = set(ids)
        deleted = 0
        with self._lock:
            for shard in self._writable():
                searcher = shard.searcher()
                found = [i for i in wanted if _live_count(searcher, self.compiler, i)]
                if not found:
                    continue
                writer = shard.writer(self.heap, self.lock_wait)
                try:
                    for doc_id in found:
                        writer.delete_documents_by_term("id", doc_id)
                    writer.commit()
                finally:
                    writer.wait_merging_threads()
                deleted += len(found)
        return deleted

    def optimize(self) -> None:
        """Runs the merges Tantivy's merge policy asks for to the end and deletes the files
        no commit uses any more (tantivy-py has no public force-merge)."""
        with self._lock:
            for shard in self._writable():
                writer = shard.writer(self.heap, self.lock_wait)
                writer.commit()
                writer.garbage_collect_files()
                writer.wait_merging_threads()

    def rebuild(self, records: Iterable[IndexRecord]) -> int:
        """Indexes `records` into a fresh index, then switches to it atomically."""
        with self._lock:
            old = self._read_pointer()
            name = self._new_name()
            shards = self._create(name, publish=False)
            try:
                count = self._write(shards, unique_ids(records), replace=False)
            except BaseException:
                shutil.rmtree(self.path / name, ignore_errors=True)
                raise
            self._publish(name)
            self._shards = shards
            self.needs_rebuild = False
            if old and old.get("dir") and old["dir"] != name:
                shutil.rmtree(self.path / old["dir"], ignore_errors=True)
            return count

    # --- reading ------------------------------------------------------------------------

    def _visible(self, clearance: int) -> list[tuple[int, tantivy.Searcher]]:
        shards = self._current()
        if shards is None:
            return []
        return [(level, shard.searcher(for_queries=True)) for level, shard in enumerate(shards)
                if level <= clearance]

    def doc_count(self) -> int:
        with self._lock:  # not a search: no read-ahead advice (an importer counts too)
            shards = self._current()
            return sum(shard.searcher().num_docs for shard in shards) if shards else 0

    def run(self, parsed: ParsedQuery, *, clearance: int, filters: SearchFilters,
            sort: str, offset: int, limit: int, suggest: bool = True, facets: bool = True,
            snippets: bool = True
            ) -> SearchResults:
        from luutru.index.backend import highlight_terms
        from luutru.index.suggest import suggestion

        searchers = [(level, s) for level, s in self._searchers(clearance) if s.num_docs]
        if not searchers:
            return SearchResults(hits=(), total=0)
        merged = merge_filters(parsed, filters)
        q, scoring = self.compiler.compile(parsed, merged)
        q = self.compiler.visible(q, clearance)
        want = offset + limit
        order = None if sort == "relevance" and scoring else (
            "date_asc" if sort == "date" else "date_desc")
        tier = self.compiler.exact_tier(parsed, merged) if order is None else None
        # Tantivy's search and aggregation both release the GIL and each evaluates the
        # query over every hit: the facets, and the total when the ranking below may not
        # see every hit, are counted in other threads while this one ranks, over the same
        # documents unscored (TantivyCompiler.matching).
        apart = facets or tier is not None
        if apart:
            matching = self.compiler.visible(
                self.compiler.compile(parsed, merged, scored=False)[0], clearance)
            counting = [self._pool().submit(self._counts, searcher, matching, facets)
                        for _, searcher in searchers]
        else:
            counting = []
        ranked = self._tier(searchers, tier, want, clearance) if tier is not None else None
        total = 0
        if ranked is None:
            ranked = []
            for level, searcher in searchers:
                result = searcher.search(q, max(want, 1), count=not apart,
                                         order_by_field=order)
                total += 0 if apart else _hit_count(result)
                ranked += [(float(key), -level, i, (searcher, addr))
                           for i, (key, addr) in enumerate(result.hits)]
        counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
        for job in counting:
            matched, found = job.result()
            total += matched
            for name, values in found.items():
                counts[name].update(values)
        best = heapq.nlargest(want, ranked, key=lambda r: (r[0], r[1], -r[2]))[offset:]
        terms = highlight_terms(parsed)
        hits = tuple(self._hit(searcher, addr, score if order is None else 0.0,
                               terms if snippets else None)
                     for score, _, _, (searcher, addr) in best)
        vocabulary = _Vocabulary(self, searchers, clearance)
        text = suggestion(vocabulary, parsed, vocabulary.count) \
            if suggest and parsed.positive() else ""
        return SearchResults(
            hits=hits, total=total,
            facets={n: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
                    for n, c in counts.items()} if facets else {},
            suggestion=text)

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._facet_pool is None:
                self._facet_pool = ThreadPoolExecutor(
                    max_workers=FACET_THREADS, thread_name_prefix="luutru-facets")
            return self._facet_pool

    def _tier(self, searchers: list[tuple[int, tantivy.Searcher]], tier: tuple[Query, float],
              want: int, clearance: int) -> list[tuple[float, int, int, Any]] | None:
        """The best `want` hits from the exact tier (TantivyCompiler.exact_tier), scored as
        the whole query scores them; None when the tier holds fewer: then the whole query
        ranks."""
        q = self.compiler.visible(tier[0], clearance)
        ranked = []
        for level, searcher in searchers:
            result = searcher.search(q, max(want, 1), count=False)
            ranked += [(float(score) + tier[1], -level, i, (searcher, addr))
                       for i, (score, addr) in enumerate(result.hits)]
        return ranked if len(ranked) >= want else None

    @staticmethod
    def _counts(searcher: tantivy.Searcher, q: Query, facets: bool
                ) -> tuple[int, dict[str, dict[str, int]]]:
        """How many documents match, and with facets their values' counts, in one pass."""
        # Every document has a level: counting the values counts the documents.
        spec: dict[str, Any] = {"hits": {"value_count": {"field": "level"}}}
        if facets:
            # Complete facets: a field has at most as many values as the index has documents.
            size = max(searcher.num_docs, 1)
            spec.update({name: {"terms": {"field": name, "size": size}} for name in FACETS})
        found = searcher.aggregate(q, spec)
        return int(found["hits"]["value"]), {
            name: {b["key"]: int(b["doc_count"]) for b in found[name]["buckets"] if b["key"]}
            for name in FACETS if facets}

    @staticmethod
    def _stored(searcher: tantivy.Searcher, addr: Any) -> dict[str, Any]:
        fields = searcher.doc(addr).to_dict()
        doc = json.loads(bytes(fields["doc"][0]).decode("utf-8"))
        doc["id"] = fields["id"][0]
        doc["level"] = fields["level"][0]
        return doc

    def _hit(self, searcher: tantivy.Searcher, addr: Any, score: float, terms: Terms | None
             ) -> Hit:
        """A hit with its snippet and matching pages; with terms None, without them (a
        hit that may not be shown is not highlighted)."""
        doc = self._stored(searcher, addr)
        meta = doc["metadata"]
        snippet, pages = ("", ()) if terms is None else hit_snippet(doc["pages"], meta, terms)
        return Hit(id=doc["id"], source=doc["source"], score=score, metadata=dict(meta),
                   snippet=snippet, pages=pages)

    def _searchers(self, clearance: int) -> list[tuple[int, tantivy.Searcher]]:
        """The searchers of the levels a caller may see; Tantivy searchers are safe to
        share between threads, so only finding them takes the lock."""
        with self._lock:
            return self._visible(clearance)

    def _find(self, doc_id: str, clearance: int) -> tuple[tantivy.Searcher, Any] | None:
        q = self.compiler.visible(self.compiler.term("id", doc_id), clearance)
        for _, searcher in self._searchers(clearance):
            hits = searcher.search(q, 1, count=False).hits
            if hits:
                return searcher, hits[0][1]
        return None

    def get(self, doc_id: str, clearance: int) -> dict[str, Any] | None:
        found = self._find(doc_id, clearance)
        if found is None:
            return None
        doc = self._stored(*found)
        return {"id": doc["id"], "source": doc["source"], "metadata": doc["metadata"],
                "pages": doc["pages"], "cites": doc["cites"], "batch": doc["batch"],
                "level": doc["level"]}

    def more_like_this(self, doc_id: str, *, clearance: int, limit: int = 10
                       ) -> SearchResults:
        """Documents sharing the most distinctive syllables of `doc_id`; idf counted over
        the visible levels only."""
        found = self._find(doc_id, clearance)
        if found is None:
            return SearchResults(hits=(), total=0)
        doc = self._stored(*found)
        a = analyse(IndexRecord(id=doc_id, source="", pages=tuple(doc["pages"]),
                                metadata=doc["metadata"]))
        searchers = self._searchers(clearance)
        key = key_terms(a.subject.split() + a.body.split(),
                        lambda t: sum(s.doc_freq("body", t) for _, s in searchers),
                        sum(s.num_docs for _, s in searchers))
        if not key:
            return SearchResults(hits=(), total=0)
        top = key[0][1] or 1.0
        likeness = any_of([self.compiler.term("body", t, w / top) for t, w in key])
        q = self.compiler.visible(Query.boolean_query(
            [(Occur.Must, likeness),
             (Occur.MustNot, self.compiler.term("id", doc_id))]), clearance)
        ranked = []
        for level, searcher in searchers:
            if searcher.num_docs:
                ranked += [(s, -level, i, searcher, addr) for i, (s, addr)
                           in enumerate(searcher.search(q, limit, count=False).hits)]
        best = heapq.nlargest(limit, ranked, key=lambda r: (r[0], r[1], -r[2]))
        terms = Terms(frozenset(fold(t) for t, _ in key))
        hits = tuple(self._hit(searcher, addr, s, terms)
                     for s, _, _, searcher, addr in best)
        return SearchResults(hits=hits, total=len(hits))


class _Writers(dict[int, tantivy.IndexWriter]):
    """One writer per secrecy level, opened when first needed."""

    def __init__(self, shards: list[_Shard], heap: int, lock_wait: float) -> None:
        super().__init__()
        self.shards = shards
        self.heap = heap
        self.lock_wait = lock_wait

    def __missing__(self, level: int) -> tantivy.IndexWriter:
        writer = self[level] = self.shards[level].writer(self.heap, self.lock_wait)
        return writer


class _Vocabulary:
    """index.vocabulary.Vocabulary's interface over the `vocab` field of the visible
    levels: forms and their document counts come from one term-dictionary walk, counted
    only over documents the caller may see."""

    def __init__(self, index: TantivyIndex, searchers: list[tuple[int, tantivy.Searcher]],
                 clearance: int) -> None:
        visible = index.compiler.visible(Query.all_query(), clearance)
        # Each level's index holds only documents of that level, which the caller may see;
        # so the term dictionary's document counts are the visible counts, unless the
        # index still holds deleted documents (a replaced document's old words, maybe of
        # another level now) until a merge drops them: then each count is of the live
        # documents the clearance query finds (milliseconds a word at 300,000 documents,
        # instead of microseconds).
        self.searchers = [(searcher, None if _no_deletions(searcher, level) else visible)
                          for level, searcher in searchers]
        self.counts: dict[str, int] = {}

    def forms(self, folded: str) -> frozenset[str]:
        prefix = f"{folded}{VOCAB_SEPARATOR}"
        found: Counter[str] = Counter()
        for searcher, live in self.searchers:
            for term, count in searcher.terms_with_prefix("vocab", prefix, filter_query=live):
                found[term[len(prefix):]] += count
        self.counts.update(found)
        return frozenset(f for f, c in found.items() if c)

    def nearest(self, folded: str, maxdist: int = 2) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if len(folded) < 3:
            return []
        candidates: set[str] = set()
        for searcher, _ in self.searchers:
            candidates.update(t.split(VOCAB_SEPARATOR)[0]
                              for t, _ in searcher.terms_with_prefix("vocab", folded[:1]))
        close = process.extract(folded, sorted(candidates), scorer=Levenshtein.distance,
                                score_cutoff=min(maxdist, len(folded) // 3), limit=20)
        return [c[0] for c in sorted(close, key=lambda c: (c[1], c[0])) if c[0] != folded]

    def count(self, form: str) -> int:
        """Visible documents holding `form`: known from the forms() call before."""
        return self.counts.get(form, 0)


def _no_deletions(searcher: tantivy.Searcher, level: int) -> bool:
    """Whether the index of `level` holds no deleted document: every document, deleted or
    not, has its level as a term, and num_docs counts the live ones."""
    return searcher.doc_freq("level", level) == searcher.num_docs


def _live_count(searcher: tantivy.Searcher, compiler: TantivyCompiler, doc_id: str) -> int:
    return _hit_count(searcher.search(compiler.term("id", doc_id), 1, count=True))


def _hit_count(result: tantivy.SearchResult) -> int:
    """How many documents matched (searched with count=True); tantivy-py's type stub leaves
    the attribute out."""
    return result.count or 0  # type: ignore[attr-defined]


