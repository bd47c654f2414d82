"""`luutru import`: documents that are already text, from other systems' exports."""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import fields
from itertools import chain, islice
from typing import Any, NamedTuple

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.indexing import Indexer
from luutru.archive.records import corrected_record, valid_id
from luutru.index.backend import preparer
from luutru.index.types import IndexRecord
from luutru.metadata import citations as find_citations
from luutru.metadata.types import FIELD_NAMES, Citation
from luutru.ocr.types import PageResult
from luutru.vietnamese import nfc

log = logging.getLogger(__name__)
COMMIT_EVERY = 500  # records per catalog transaction, and per chunk a worker prepares
# Documents per index commit: an import is fast, and a commit costs a few hundred ms
# whatever its size; a killed import loses at most this many, which the catalog re-feeds.
INDEX_COMMIT_EVERY = 5000


class BadRecord(ValueError):
    pass


def parse_record(line: str, line_number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadRecord(f"line {line_number}: not JSON ({e.msg})") from e
    if not isinstance(record, dict) or not record.get("id"):
        raise BadRecord(f"line {line_number}: a record needs an \"id\"")
    if not valid_id(str(record["id"])):
        raise BadRecord(f"line {line_number}: id {record['id']!r} must be letters, digits,"
                        " '.', '_' or '-', starting with a letter or digit")
    return record


def record_pages(record: dict) -> list[str]:
    pages = record.get("pages")
    if isinstance(pages, list) and pages:
        texts = [p if isinstance(p, str) else str(p.get("text", "")) for p in pages]
    else:
        texts = str(record.get("text", "")).split("\f")
    return [nfc(t) for t in texts]


def record_metadata(record: dict) -> dict:
    given = record.get("metadata") or {}
    return {name: {"value": nfc(str(given.get(name) or "")),
                   "confidence": 1.0 if given.get(name) else 0.0}
            for name in FIELD_NAMES}


class Imported(NamedTuple):
    """One good record as the catalog and the index take it, in plain values: made in a
    worker process (or in this one) and cheap to pickle."""

    id: str
    sha256: str
    source: str
    texts: list[str]  # page texts, NFC
    metadata: dict  # as the catalog stores it: {field: {"value", "confidence"}}
    citations: list[dict]
    prepared: Any  # index.backend.preparer's form of the record, before any correction


Line = tuple[int, str]  # (line number, text)


def prepare_lines(backend: str, lines: list[Line]) -> list[Imported | str]:
    """Each record of `lines` made ready for the catalog and the index, or the problem of
    a bad one ("line N: ..."); blank lines are skipped. The CPU of an import (parsing,
    citations, the index's analysis) is spent here, in `luutru import`'s workers."""
    prepare = preparer(backend)
    out: list[Imported | str] = []
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = parse_record(line, number)
        except BadRecord as e:
            out.append(str(e))
            continue
        out.append(_prepared(record, prepare))
    return out


def _prepared(record: dict, prepare: Callable[[IndexRecord], Any]) -> Imported:
    doc_id = str(record["id"])
    texts = record_pages(record)
    body = json.dumps(record, ensure_ascii=False, sort_keys=True)
    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    source = str(record.get("source") or f"import:{doc_id}")
    metadata = record_metadata(record)
    own = metadata["symbol"]["value"]
    cites = [_citation_dict(c) for c in find_citations("\n".join(texts),
                                                        exclude=[own] if own else [])]
    index_record = _index_record(doc_id, source, metadata, texts, cites, {})
    return Imported(doc_id, sha, source, texts, metadata, cites, prepare(index_record))


def _citation_dict(citation: Citation) -> dict[str, str]:
    # dataclasses.asdict deep-copies every value; a citation holds strings only.
    return {name: getattr(citation, name) for name in _CITATION_FIELDS}


_CITATION_FIELDS = tuple(f.name for f in fields(Citation))


def _index_record(doc_id: str, source: str, metadata: dict, texts: list[str],
                  cites: list[dict], corrected: dict[str, str]) -> IndexRecord:
    return corrected_record(doc_id, source, {k: v["value"] for k, v in metadata.items()},
                            texts, [c["symbol"] for c in cites], corrected)


def import_records(config: Config, lines: Iterable[str]) -> tuple[int, list[str]]:
    """Import every good record; returns how many, and the problems of the bad ones.

    With config.import_workers > 0 and more than one chunk of lines, the records are
    prepared (parsed, citations found, analysed for the index) in that many worker
    processes, while this process writes the catalog, chunk by chunk in the order of the
    lines, and feeds the index."""
    chunks = _chunks(enumerate(lines, start=1), COMMIT_EVERY)
    head = list(islice(chunks, 2))
    workers = config.import_workers if len(head) > 1 else 0  # a small import: no processes
    with _pool(workers) as pool:  # forked first: before the catalog, the index or a thread
        return _import(config, _prepared_chunks(pool, chain(head, chunks),
                                                config.index_backend, workers))


def _import(config: Config, prepared: Iterator[list[Imported | str]]) -> tuple[int, list[str]]:
    catalog = Catalog(config.catalog_path)
    problems: list[str] = []
    imported = 0
    # In the background: the next records are written to the catalog while Tantivy
    # indexes and commits the batch before them.
    with Indexer(config, catalog, every=max(config.index_commit_every, INDEX_COMMIT_EVERY),
                 background=True) as indexer:
        indexer.add_unindexed()  # left over from an import killed between catalog and index
        for chunk in prepared:
            good = [item for item in chunk if isinstance(item, Imported)]
            problems += [item for item in chunk if isinstance(item, str)]
            with catalog.transaction():
                for item in good:
                    _store(catalog, item)
                corrected = catalog.corrected_documents([item.id for item in good])
            for item in good:  # what was written, not read back from the catalog
                if item.id in corrected:  # an archivist corrected the document before
                    indexer.add_record(_index_record(
                        item.id, item.source, item.metadata, item.texts, item.citations,
                        catalog.corrections(item.id)))
                else:
                    indexer.add_record(item.prepared)
            imported += len(good)
    catalog.close()
    return imported, problems


def _chunks(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    while chunk := list(islice(lines, size)):
        yield chunk


@contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """`workers` processes, forked at once (a process with threads must not fork), that
    end with this one, kill -9 included; None for none."""
    if not workers:
        yield None
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_end_with_parent)
    started = True
    try:
        pool.submit(int).result()  # forks every worker now
    except (OSError, BrokenProcessPool) as e:
        log.warning("import workers could not start (%s); preparing in this process", e)
        started = False
    try:
        yield pool if started else None
    finally:
        pool.shutdown(cancel_futures=True)


def _prepared_chunks(pool: ProcessPoolExecutor | None, chunks: Iterator[list[Line]],
                     backend: str, workers: int) -> Iterator[list[Imported | str]]:
    """prepare_lines of each chunk, in order: in the pool's processes, or in this one."""
    if pool is None:
        return (prepare_lines(backend, chunk) for chunk in chunks)
    return _in_workers(pool, chunks, backend, workers)


def _in_workers(pool: ProcessPoolExecutor, chunks: Iterator[list[Line]], backend: str,
                workers: int) -> Iterator[list[Imported | str]]:
    running: deque[tuple[Future[list[Imported | str]] | None, list[Line]]] = deque()
    broken = False

    def submitted(chunk: list[Line]) -> Future[list[Imported | str]] | None:
        nonlocal broken
        if not broken:
            try:
                return pool.submit(prepare_lines, backend, chunk)
            except BrokenProcessPool:
                broken = True  # logged where the failed chunk's result is asked for
        return None

    def result(job: Future[list[Imported | str]] | None, chunk: list[Line]
               ) -> list[Imported | str]:
        nonlocal broken
        if job is not None and not broken:
            try:
                return job.result()
            except BrokenProcessPool as e:
                # A worker died (a bad record is a problem, not an error): this chunk
                # and the ones after it are prepared here.
                log.warning("import workers stopped (%s); preparing in this process", e)
                broken = True
        return prepare_lines(backend, chunk)

    for chunk in chunks:
        running.append((submitted(chunk), chunk))
        if len(running) >= 2 * workers:  # two chunks a worker: none waits for work
            yield result(*running.popleft())
    while running:
        yield result(*running.popleft())


def _end_with_parent() -> None:
    """A worker ends when the importing process does, even by kill -9 (it would wait on
    its queue for ever otherwise)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        def watch() -> None:
            parent.join()
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()


def _store(catalog: Catalog, item: Imported) -> None:
    """Insert or replace one imported document inside the caller's transaction."""
    catalog.replace_imported(item.id, item.sha256, item.source, len(item.texts),
                             item.metadata, item.citations)
    for number, text in enumerate(item.texts, start=1):
        page = PageResult(number=number, width=0, height=0, words=(), text=text,
                          confidence=1.0, quality=1.0, method="import")
        catalog.save_page(item.id, page, review=False, seconds={})
