"""`luutru import`: documents that are already text, from other systems' exports."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.indexing import Indexer
from luutru.archive.records import corrected_record, valid_id
from luutru.index.types import IndexRecord
from luutru.metadata import citations as find_citations
from luutru.metadata.types import FIELD_NAMES
from luutru.ocr.types import PageResult
from luutru.vietnamese import nfc

COMMIT_EVERY = 500  # records per catalog transaction
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


def import_records(config: Config, lines: Iterable[str]) -> tuple[int, list[str]]:
    """Import every good record; returns how many, and the problems of the bad ones."""
    catalog = Catalog(config.catalog_path)
    problems: list[str] = []
    imported = 0
    # In the background: the next records are parsed and written to the catalog while
    # Tantivy indexes and commits the batch before them.
    with Indexer(config, catalog, every=max(config.index_commit_every, INDEX_COMMIT_EVERY),
                 background=True) as indexer:
        indexer.add_unindexed()  # left over from an import killed between catalog and index
        for chunk in _chunks(_records(lines, problems), COMMIT_EVERY):
            with catalog.transaction():
                stored = [_store(catalog, record) for record in chunk]
            for record in stored:  # what was written, not read back from the catalog
                indexer.add_record(record)
            imported += len(stored)
    catalog.close()
    return imported, problems


def _records(lines: Iterable[str], problems: list[str]) -> Iterator[dict]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield parse_record(line, number)
        except BadRecord as e:
            problems.append(str(e))


def _chunks(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _store(catalog: Catalog, record: dict) -> IndexRecord:
    """Insert or replace one imported document inside the caller's transaction; returns
    it as the index takes it."""
    doc_id = str(record["id"])
    texts = record_pages(record)
    body = json.dumps(record, ensure_ascii=False, sort_keys=True)
    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    source = str(record.get("source") or f"import:{doc_id}")
    metadata = record_metadata(record)
    own = metadata["symbol"]["value"]
    cites = [asdict(c) for c in find_citations("\n".join(texts), exclude=[own] if own else [])]
    catalog.replace_imported(doc_id, sha, source, len(texts), metadata, cites)
    for number, text in enumerate(texts, start=1):
        page = PageResult(number=number, width=0, height=0, words=(), text=text,
                          confidence=1.0, quality=1.0, method="import")
        catalog.save_page(doc_id, page, review=False, seconds={})
    return corrected_record(doc_id, source, {k: v["value"] for k, v in metadata.items()},
                            texts, [c["symbol"] for c in cites], catalog.corrections(doc_id))
