"""The catalog: one SQLite file that is the archive's source of truth.

Every finished page is committed the moment it is done, so a batch killed at any point
resumes with at most the pages that were in flight. The search index and the output files
are derived from what is here and can be rebuilt from it.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from luutru.ocr.types import PageResult, Word

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,            -- from the content hash: the same scan under any name
    sha256 TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,           -- path as first given to ingest
    origin TEXT NOT NULL DEFAULT 'scan',   -- 'scan' or 'import'
    page_count INTEGER NOT NULL,
    status TEXT NOT NULL,           -- 'pending' until every page is done, then 'done'
    batch_id INTEGER REFERENCES batches(id),
    metadata TEXT NOT NULL DEFAULT '{}',    -- {field: {value, confidence, page, box}}
    citations TEXT NOT NULL DEFAULT '[]',
    indexed INTEGER NOT NULL DEFAULT 0,     -- 1 once the index holds its current state
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id)
);
CREATE TABLE IF NOT EXISTS pages (
    document_id TEXT NOT NULL REFERENCES documents(id),
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    words TEXT NOT NULL,            -- [[text, x0, y0, x1, y1, confidence, line], ...]
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    confidence REAL NOT NULL,
    quality REAL NOT NULL,
    review INTEGER NOT NULL,        -- 1 when quality is below the review threshold
    steps TEXT NOT NULL,
    method TEXT NOT NULL,
    seconds TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (document_id, number)
);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER REFERENCES batches(id),
    path TEXT NOT NULL,
    page INTEGER,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    field TEXT NOT NULL,            -- a metadata field, or 'page:N' for a page's text
    value TEXT NOT NULL,
    user TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,             -- reader, archivist, admin
    clearance INTEGER NOT NULL,     -- see index.types.CLASSIFICATION_LEVELS
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signatures (      -- digital signatures of a signed source PDF
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    signatures TEXT NOT NULL,       -- [{signer, signed_at, intact, covers, chain, ...}]
    checked TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence (        -- what the rest of the archive says of a document's
    document_id TEXT PRIMARY KEY REFERENCES documents(id),  -- fields (archive.evidence)
    said TEXT NOT NULL              -- {field: {confirmed_by | suggestion | value, note...}}
);
CREATE TABLE IF NOT EXISTS hoso (
    -- A hồ sơ (archival file) with the fields of Thông tư 05/2025/TT-BNV that a person
    -- gives; totalDoc and numberOfPage are derived from its documents (see HosoRow).
    code TEXT PRIMARY KEY,          -- mã hồ sơ (fileCode)
    fonds TEXT NOT NULL DEFAULT '', -- phông lưu trữ the hồ sơ belongs to
    title TEXT NOT NULL DEFAULT '',
    maintenance TEXT NOT NULL DEFAULT '',   -- thời hạn bảo quản, code 01..07
    mode TEXT NOT NULL DEFAULT '',          -- chế độ sử dụng, code 01..03
    language TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL DEFAULT '',    -- ISO 8601
    end_date TEXT NOT NULL DEFAULT '',      -- ISO 8601
    keyword TEXT NOT NULL DEFAULT '',
    paper_file_code TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',        -- tình trạng vật lý
    inforsign TEXT NOT NULL DEFAULT '',
    confidence_level TEXT NOT NULL DEFAULT '',
    risk_recovery TEXT NOT NULL DEFAULT '',
    risk_recovery_status TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    number_of_paper INTEGER,        -- số tờ when a person gave it; NULL: one side per sheet
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
-- Who read which classified document, searched with a clearance, administered or corrected
-- what: rows are only ever added (the triggers refuse changes and deletions).
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    address TEXT NOT NULL,          -- the client's IP address, or 'cli'
    action TEXT NOT NULL,           -- view, page, download, search, correct, delete, user...
    document TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE INDEX IF NOT EXISTS pages_review ON pages(review) WHERE review = 1;
CREATE INDEX IF NOT EXISTS corrections_doc ON corrections(document_id, field, id);
"""

# Columns added to tables of an older catalog, in order; `_migrate` adds those missing.
# A scan file holding several documents is read once, its pages stored under its first
# document's id (the file's id); the others are rows of their own whose `scan` names that
# id and whose sha256 is `<file sha256>#<first page>` (unique, not a content hash).
_ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("documents", "hoso", "TEXT REFERENCES hoso(code)"),
    ("documents", "seq", "INTEGER"),            # số thứ tự within the hồ sơ, from 1
    ("documents", "page_start", "INTEGER"),     # first page in the scan file (NULL: 1)
    ("documents", "page_end", "INTEGER"),       # last page in the scan file (NULL: all)
    ("documents", "scan", "TEXT"),              # the id holding its pages (NULL: itself)
    # A disabled account cannot sign in; its sessions end at once.
    ("users", "disabled", "INTEGER NOT NULL DEFAULT 0"),
    # Sessions carry the generation they were opened in: raising it (logout, a new password,
    # disabling) ends every session of the user at once.
    ("users", "generation", "INTEGER NOT NULL DEFAULT 0"),
)
_ADDED_INDEXES = """
CREATE INDEX IF NOT EXISTS documents_hoso ON documents(hoso, seq);
CREATE INDEX IF NOT EXISTS documents_scan ON documents(scan);
"""

# The fields of a hồ sơ a person (or a manifest) gives, in Thông tư 05/2025 order.
HOSO_FIELDS: tuple[str, ...] = (
    "fonds", "title", "maintenance", "mode", "language", "start_date", "end_date", "keyword",
    "paper_file_code", "format", "inforsign", "confidence_level", "risk_recovery",
    "risk_recovery_status", "description", "number_of_paper",
)




class ReadOnlyArchive(OSError):
    """A change was asked of an archive on read-only media (or without write permission)."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(f"{data_dir} is read-only: this command changes the archive; "
                         "search, export and serve work on a read-only copy")


def writable(folder: Path) -> bool:
    """Whether files can be created in `folder` (root included: a read-only mount says no)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError as e:
        # A full disk is no read-only archive: that error is for the write to report.
        return e.errno not in (errno.EROFS, errno.EACCES, errno.EPERM)


def private_dir(path: Path) -> None:
    """A folder only its owner may enter: the catalog holds password hashes and the text of
    classified documents, and the folder's pages, PDFs and texts are theirs too."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is cut by the umask; this is exact


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class DocumentRow:
    id: str
    sha256: str
    source: str
    origin: str
    page_count: int
    status: str
    batch_id: int | None  # the batch that first registered it
    metadata: dict
    citations: list
    indexed: bool
    hoso: str | None = None
    seq: int | None = None
    page_start: int = 1  # its pages in the scan file `source`, inclusive
    page_end: int = 0
    scan: str = ""  # the id under which its pages are stored (its own, or its file's)

    @property
    def doc_code(self) -> str:
        """The archival code (docCode, and the package file name): mã hồ sơ.số thứ tự."""
        return doc_code(self.hoso, self.seq)

    def file_page(self, number: int) -> int:
        """The page of the scan file that is this document's page `number` (from 1)."""
        return self.page_start + number - 1


@dataclass(frozen=True)
class HosoRow:
    code: str
    fonds: str
    title: str
    maintenance: str
    mode: str
    language: str
    start_date: str
    end_date: str
    keyword: str
    paper_file_code: str
    format: str
    inforsign: str
    confidence_level: str
    risk_recovery: str
    risk_recovery_status: str
    description: str
    total_doc: int  # documents read into it (held ones too), derived
    number_of_page: int  # their pages, derived
    number_of_paper: int  # as given, else one sheet per scanned page
    created: str
    updated: str


class Catalog:
    """Thin typed access to the catalog; one connection, used from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # An existing archive in a folder that cannot be written (a published copy on
        # read-only media) is opened read-only: reading works, a change raises
        # ReadOnlyArchive through require_writable() or sqlite's own refusal.
        self.read_only = path.exists() and not writable(path.parent)
        if self.read_only:
            # immutable: SQLite would otherwise try to create the WAL index beside it.
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True,
                                      isolation_level=None, check_same_thread=True)
            self.db.row_factory = sqlite3.Row
            return
        private_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        elif path.stat().st_mode & 0o077:
            with contextlib.suppress(OSError):  # another owner's file stays as it is
                path.chmod(0o600)  # made by an older version: password hashes are in it
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        # WAL lets the web UI read while a batch writes; NORMAL is still crash-safe in WAL.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)
        self._migrate()
        _add_missing_columns(self.db, "pages", _PAGE_COLUMNS)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _migrate(self) -> None:
        """Add the columns an older catalog lacks; never renames or drops anything."""
        for table, column, kind in _ADDED_COLUMNS:
            have = {r["name"] for r in self.db.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        self.db.executescript(_ADDED_INDEXES)

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyArchive(self.path.parent)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- batches -----------------------------------------------------------------------

    def start_batch(self, name: str) -> int:
        cur = self.db.execute("INSERT INTO batches(name, started) VALUES (?, ?)", (name, now()))
        return int(cur.lastrowid or 0)

    def finish_batch(self, batch_id: int, summary: dict) -> None:
        self.db.execute("UPDATE batches SET finished = ?, summary = ? WHERE id = ?",
                        (now(), json.dumps(summary, ensure_ascii=False), batch_id))

    def batches(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM batches ORDER BY id DESC").fetchall()
        return [dict(r) | {"summary": json.loads(r["summary"] or "{}")} for r in rows]

    def resumed_by(self) -> dict[int, str]:
        """Unfinished batches (killed) whose documents were all finished by a later batch
        that ran to its end: batch id -> the name of the first such later batch."""
        rows = self.db.execute(
            "SELECT b.id, (SELECT name FROM batches l WHERE l.id > b.id AND l.finished"
            "  IS NOT NULL ORDER BY l.id LIMIT 1) AS later FROM batches b"
            " WHERE b.finished IS NULL AND NOT EXISTS (SELECT 1 FROM documents d"
            "  WHERE d.batch_id = b.id AND d.status = 'pending')").fetchall()
        return {r["id"]: r["later"] for r in rows if r["later"]}

    def record_failure(self, batch_id: int | None, path: str, reason: str,
                       page: int | None = None) -> None:
        self.db.execute(
            "INSERT INTO failures(batch_id, path, page, reason, at) VALUES (?, ?, ?, ?, ?)",
            (batch_id, path, page, reason, now()))

    def failures(self, batch_id: int) -> list[dict]:
        rows = self.db.execute("SELECT path, page, reason FROM failures WHERE batch_id = ? "
                               "ORDER BY id", (batch_id,)).fetchall()
        return [dict(r) for r in rows]

    # -- documents ---------------------------------------------------------------------

    def document_by_hash(self, sha256: str) -> DocumentRow | None:
        row = self.db.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return _document(row) if row else None

    def written(self, doc_id: str) -> DocumentRow:
        """A document this process has just written: an error if it is not there."""
        doc = self.document(doc_id)
        if doc is None:
            raise KeyError(f"document {doc_id} is not in the catalog")
        return doc

    def document(self, doc_id: str) -> DocumentRow | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _document(row) if row else None

    def archival_codes(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(hồ sơ, archival code) of each of these documents the catalog holds, '' for
        none: a page of search results reads them at once, not a document at a time."""
        out: dict[str, tuple[str, str]] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):  # under SQLite's limit on parameters
            chunk = ids[start:start + 500]
            rows = self.db.execute("SELECT id, hoso, seq FROM documents WHERE id IN "
                                   f"({','.join('?' * len(chunk))})", chunk)
            out.update((r["id"], (r["hoso"] or "", doc_code(r["hoso"], r["seq"])))
                       for r in rows)
        return out

    def documents(self, status: str | None = None, origin: str | None = None
                  ) -> list[DocumentRow]:
        where = " AND ".join(f"{column} = ?" for column, value
                             in (("status", status), ("origin", origin)) if value)
        rows = self.db.execute(f"SELECT * FROM documents {'WHERE ' + where if where else ''}"
                               " ORDER BY created, id", [v for v in (status, origin) if v])
        return [_document(r) for r in rows]

    def witness_rows(self) -> Iterator[tuple[str, list, dict]]:
        """Every finished document's id, citations, and the extracted fields that weigh on
        other documents (symbol, issuer, signer): SQLite picks them out of the metadata, so
        a large catalog is streamed, not read whole."""
        rows = self.db.execute(
            "SELECT id, citations, json_extract(metadata, '$.symbol.value') AS symbol,"
            " json_extract(metadata, '$.issuer.value') AS issuer,"
            " json_extract(metadata, '$.signer_name.value') AS signer,"
            " json_extract(metadata, '$.signer_name.review') AS review"
            " FROM documents WHERE status = 'done'")
        for r in rows:
            yield r["id"], json.loads(r["citations"]), {
                "symbol": {"value": r["symbol"] or ""}, "issuer": {"value": r["issuer"] or ""},
                "signer_name": {"value": r["signer"] or "", "review": bool(r["review"])}}

    def unindexed(self) -> list[DocumentRow]:
        """Finished documents whose current state the index has not committed, in the
        order of documents(): selected by SQLite, so a large catalog is not read whole."""
        rows = self.db.execute("SELECT * FROM documents WHERE status = 'done' AND indexed = 0"
                               " ORDER BY created, id")
        return [_document(r) for r in rows]

    def add_document(self, doc_id: str, sha256: str, source: str, page_count: int,
                     batch_id: int | None, origin: str = "scan") -> None:
        stamp = now()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO documents(id, sha256, source, origin, page_count, status, batch_id,"
                " created, updated) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                (doc_id, sha256, source, origin, page_count, batch_id, stamp, stamp))
            db.execute("INSERT OR IGNORE INTO sources(path, document_id) VALUES (?, ?)",
                       (source, doc_id))

    def replace_imported(self, doc_id: str, sha256: str, source: str, page_count: int,
                         metadata: dict, citations: list) -> None:
        """An imported document, done at once; inside the caller's transaction."""
        stamp = now()
        self.db.execute("DELETE FROM pages WHERE document_id = ?", (doc_id,))
        self.db.execute(
            "INSERT INTO documents(id, sha256, source, origin, page_count, status, metadata,"
            " citations, indexed, created, updated) VALUES (?, ?, ?, 'import', ?, 'done', ?, ?,"
            " 0, ?, ?) ON CONFLICT(id) DO UPDATE SET sha256 = excluded.sha256,"
            " source = excluded.source, page_count = excluded.page_count, status = 'done',"
            " metadata = excluded.metadata, citations = excluded.citations, indexed = 0,"
            " updated = excluded.updated",
            (doc_id, sha256, source, page_count, json.dumps(metadata, ensure_ascii=False),
             json.dumps(citations, ensure_ascii=False), stamp, stamp))

    def add_source(self, path: str, doc_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO sources(path, document_id) VALUES (?, ?)",
                        (path, doc_id))

    def finish_document(self, doc_id: str, metadata: dict, citations: list) -> None:
        self.db.execute(
            "UPDATE documents SET status = 'done', metadata = ?, citations = ?, indexed = 0,"
            " updated = ? WHERE id = ?",
            (json.dumps(metadata, ensure_ascii=False), json.dumps(citations, ensure_ascii=False),
             now(), doc_id))

    def documents_of_scan(self, scan_id: str) -> list[DocumentRow]:
        """Every row cut from one scan file (in file order), whatever its status."""
        rows = self.db.execute(
            "SELECT * FROM documents WHERE id = ? OR scan = ? ORDER BY COALESCE(page_start, 1)",
            (scan_id, scan_id)).fetchall()
        return [_document(r) for r in rows]

    def save_part(self, scan: DocumentRow, doc_id: str, page_start: int, page_end: int,
                  status: str, metadata: dict, citations: list, seq: int | None = None) -> None:
        """One document of a scan file, pages `page_start`..`page_end` of it, created or
        updated; inside the caller's transaction. The file's own row (doc_id == scan.id)
        keeps its hash; another part is keyed `<file sha256>#<first page>`."""
        stamp = now()
        own = doc_id == scan.id
        self.db.execute(
            "INSERT INTO documents(id, sha256, source, origin, page_count, status, batch_id,"
            " metadata, citations, indexed, created, updated, hoso, seq, page_start, page_end,"
            " scan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE"
            " SET page_count = excluded.page_count, status = excluded.status,"
            " metadata = excluded.metadata, citations = excluded.citations, indexed = 0,"
            " updated = excluded.updated, page_start = excluded.page_start,"
            " page_end = excluded.page_end, hoso = COALESCE(documents.hoso, excluded.hoso),"
            " seq = COALESCE(documents.seq, excluded.seq)",
            (doc_id, scan.sha256 if own else f"{scan.sha256}#{page_start}", scan.source,
             scan.origin, page_end - page_start + 1, status, scan.batch_id,
             json.dumps(metadata, ensure_ascii=False), json.dumps(citations, ensure_ascii=False),
             stamp, stamp, scan.hoso, seq, page_start, page_end, None if own else scan.id))

    def set_status(self, doc_id: str, status: str) -> None:
        """'done', 'held' (TUYỆT MẬT, waiting for an admin), 'purged' (its images deleted),
        or 'merged' (its pages went to the document before it: no document now)."""
        self.db.execute("UPDATE documents SET status = ?, indexed = 0, updated = ? WHERE id = ?",
                        (status, now(), doc_id))

    def mark_indexed(self, doc_ids: list[str], indexed: bool = True) -> None:
        self.db.executemany("UPDATE documents SET indexed = ? WHERE id = ?",
                            [(int(indexed), d) for d in doc_ids])

    # -- hồ sơ -------------------------------------------------------------------------

    def ensure_hoso(self, code: str, **fields: str | int | None) -> None:
        """Create the hồ sơ if it is new; set the fields given with a value (a manifest's
        empty cell leaves what is there)."""
        unknown = set(fields) - set(HOSO_FIELDS)
        if unknown:
            raise ValueError(f"unknown hồ sơ fields: {', '.join(sorted(unknown))}")
        stamp = now()
        self.db.execute("INSERT OR IGNORE INTO hoso(code, created, updated) VALUES (?, ?, ?)",
                        (code, stamp, stamp))
        given = {k: v for k, v in fields.items() if v not in (None, "")}
        if given:
            assignments = ", ".join(f"{k} = ?" for k in given)
            self.db.execute(f"UPDATE hoso SET {assignments}, updated = ? WHERE code = ?",
                            (*given.values(), stamp, code))

    def hoso(self, code: str) -> HosoRow | None:
        row = self.db.execute(_HOSO_SELECT + " WHERE h.code = ? GROUP BY h.code",
                              (code,)).fetchone()
        return _hoso(row) if row else None

    def hoso_list(self, fonds: str | None = None) -> list[HosoRow]:
        """Every hồ sơ (of one phông when given), by phông then code."""
        where, args = (" WHERE h.fonds = ?", (fonds,)) if fonds is not None else ("", ())
        rows = self.db.execute(_HOSO_SELECT + where + " GROUP BY h.code ORDER BY h.fonds, h.code",
                               args).fetchall()
        return [_hoso(r) for r in rows]

    def hoso_documents(self, code: str, statuses: tuple[str, ...] = ("done",)
                       ) -> list[DocumentRow]:
        """The documents of a hồ sơ in archival order: by số thứ tự, then the not yet
        numbered by file and page."""
        marks = ", ".join("?" * len(statuses))
        rows = self.db.execute(
            f"SELECT * FROM documents WHERE hoso = ? AND status IN ({marks})"
            " ORDER BY seq IS NULL, seq, source, COALESCE(page_start, 1)",
            (code, *statuses)).fetchall()
        return [_document(r) for r in rows]

    def set_hoso(self, doc_id: str, code: str) -> None:
        """Put a document (and the other documents of its scan file) into a hồ sơ."""
        self.ensure_hoso(code)
        self.db.execute("UPDATE documents SET hoso = ?, seq = NULL, updated = ?"
                        " WHERE id = ? OR scan = ?", (code, now(), doc_id, doc_id))

    def number_documents(self, code: str, renumber: bool = False) -> None:
        """Give the documents of a hồ sơ their số thứ tự. New ones follow the numbered ones,
        in file and page order; `renumber` numbers them all again from 1 in the present
        order (after an archivist split or merged documents)."""
        with self.transaction() as db:
            docs = self.hoso_documents(code, statuses=_NUMBERED)
            if renumber:
                numbering = list(enumerate(docs, start=1))
            else:
                last = max((d.seq for d in docs if d.seq is not None), default=0)
                fresh = [d for d in docs if d.seq is None]
                numbering = list(enumerate(fresh, start=last + 1))
            db.execute("UPDATE documents SET seq = NULL WHERE hoso = ? AND status NOT IN "
                       f"({', '.join('?' * len(_NUMBERED))})", (code, *_NUMBERED))
            db.executemany("UPDATE documents SET seq = ? WHERE id = ?",
                           [(seq, d.id) for seq, d in numbering])

    # -- pages -------------------------------------------------------------------------

    def done_pages(self, doc_id: str) -> set[int]:
        rows = self.db.execute("SELECT number FROM pages WHERE document_id = ?", (doc_id,))
        return {r[0] for r in rows}

    def save_page(self, doc_id: str, page: PageResult, review: bool,
                  seconds: dict[str, float]) -> None:
        words = [[w.text, *w.box, round(w.confidence, 3), w.line] for w in page.words]
        self.db.execute(
            "INSERT OR REPLACE INTO pages(document_id, number, text, words, width, height,"
            " confidence, quality, review, steps, method, seconds, dpi, scan_dpi)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, page.number, page.text, json.dumps(words, ensure_ascii=False),
             page.width, page.height, page.confidence, page.quality, int(review),
             json.dumps(page.steps), page.method, json.dumps(seconds), page.dpi,
             page.scan_dpi))

    def pages(self, doc_id: str) -> list[PageResult]:
        """A document's pages, numbered from 1 within the document."""
        return [_page(r) for r in self._document_pages(doc_id)]

    def page_rows(self, doc_id: str) -> list[dict]:
        """Pages as plain dicts (number, text, confidence, quality, review, words...),
        numbered from 1 within the document."""
        return [dict(r) | {"words": json.loads(r["words"]), "steps": json.loads(r["steps"])}
                for r in self._document_pages(doc_id)]

    def scan_pages(self, scan_id: str) -> list[PageResult]:
        """Every page read from a scan file, numbered as in the file, whichever documents
        it holds."""
        rows = self.db.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number",
                               (scan_id,)).fetchall()
        return [_page(r) for r in rows]

    def _document_pages(self, doc_id: str) -> list[dict]:
        doc = self.document(doc_id)
        if doc is None:
            return []
        rows = self.db.execute(
            "SELECT * FROM pages WHERE document_id = ? AND number BETWEEN ? AND ?"
            " ORDER BY number", (doc.scan, doc.page_start, doc.page_end)).fetchall()
        return [dict(r) | {"number": r["number"] - doc.page_start + 1} for r in rows]

    def clear_pages(self, scan_id: str, first: int, last: int) -> None:
        """Forget what was read on pages of a scan file (a purged document's): the rows
        stay, so the file's page count and the other documents' pages are unchanged."""
        self.db.execute("UPDATE pages SET text = '', words = '[]', review = 0"
                        " WHERE document_id = ? AND number BETWEEN ? AND ?",
                        (scan_id, first, last))

    def review_pages(self) -> list[dict]:
        """Pages flagged for review, each under the document it belongs to, numbered within
        that document."""
        rows = self.db.execute(
            "SELECT d.id AS document_id, p.number - COALESCE(d.page_start, 1) + 1 AS number,"
            " p.quality, d.source FROM pages p"
            " JOIN documents d ON (d.id = p.document_id OR d.scan = p.document_id)"
            " AND p.number BETWEEN COALESCE(d.page_start, 1)"
            " AND COALESCE(d.page_end, d.page_count)"
            " WHERE p.review = 1 AND d.status IN ('done', 'pending')"
            " ORDER BY p.quality").fetchall()
        return [dict(r) for r in rows]

    # -- signatures --------------------------------------------------------------------

    def save_signatures(self, doc_id: str, signatures: list[dict]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO signatures(document_id, signatures, checked) VALUES (?, ?, ?)",
            (doc_id, json.dumps(signatures, ensure_ascii=False), now()))

    def signatures_checked(self, doc_id: str) -> str:
        """When the document's signatures were read ('' when never)."""
        row = self.db.execute("SELECT checked FROM signatures WHERE document_id = ?",
                              (doc_id,)).fetchone()
        return row["checked"] if row else ""

    def signatures(self, doc_id: str) -> list[dict]:
        row = self.db.execute("SELECT signatures FROM signatures WHERE document_id = ?",
                              (doc_id,)).fetchone()
        return json.loads(row["signatures"]) if row else []

    # -- evidence ----------------------------------------------------------------------

    def evidence(self, doc_id: str) -> dict[str, dict]:
        """What the archive's evidence said of a document's fields when last weighed."""
        row = self.db.execute("SELECT said FROM evidence WHERE document_id = ?",
                              (doc_id,)).fetchone()
        return json.loads(row["said"]) if row else {}

    def replace_evidence(self, said: dict[str, dict[str, dict]]) -> dict[str, dict]:
        """Stores the archive's evidence, every document's at once; returns what was stored
        before for each document whose evidence changed ({} where there was none)."""
        old = {r["document_id"]: json.loads(r["said"])
               for r in self.db.execute("SELECT document_id, said FROM evidence")}
        changed = {i: old.get(i, {}) for i in old.keys() | said.keys()
                   if old.get(i) != said.get(i)}
        with self.transaction() as db:
            db.execute("DELETE FROM evidence")
            db.executemany("INSERT INTO evidence(document_id, said) VALUES (?, ?)",
                           [(i, json.dumps(s, ensure_ascii=False)) for i, s in said.items()])
        return changed

    # -- corrections -------------------------------------------------------------------

    def add_correction(self, doc_id: str, field: str, value: str, user: str) -> None:
        self.db.execute(
            "INSERT INTO corrections(document_id, field, value, user, at) VALUES (?, ?, ?, ?, ?)",
            (doc_id, field, value, user, now()))
        self.mark_indexed([doc_id], indexed=False)

    def corrections(self, doc_id: str) -> dict[str, str]:
        """The latest correction of each field of a document."""
        rows = self.db.execute(
            "SELECT field, value FROM corrections WHERE document_id = ? ORDER BY id",
            (doc_id,)).fetchall()
        return {r["field"]: r["value"] for r in rows}

    def corrected_documents(self, doc_ids: list[str]) -> set[str]:
        """Those of doc_ids that have corrections: one query for a chunk of an import."""
        found: set[str] = set()
        for start in range(0, len(doc_ids), 500):  # SQLite's limit on parameters
            part = doc_ids[start:start + 500]
            found.update(r[0] for r in self.db.execute(
                "SELECT DISTINCT document_id FROM corrections WHERE document_id IN"
                f" ({', '.join('?' * len(part))})", part))
        return found

    def all_corrections(self) -> dict[str, dict[str, str]]:
        """The latest correction of each field, by document."""
        out: dict[str, dict[str, str]] = {}
        for r in self.db.execute("SELECT document_id, field, value FROM corrections ORDER BY id"):
            out.setdefault(r["document_id"], {})[r["field"]] = r["value"]
        return out

    def correction_log(self, doc_id: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT field, value, user, at FROM corrections WHERE document_id = ? ORDER BY id",
            (doc_id,)).fetchall()
        return [dict(r) for r in rows]


# Columns added after a catalog may already exist: (name, declaration).
_PAGE_COLUMNS = (
    ("dpi", "INTEGER NOT NULL DEFAULT 300"),  # of the stored page image
    ("scan_dpi", "INTEGER NOT NULL DEFAULT 0"),  # of the paper's scan; 0 when unknown
)


def _add_missing_columns(db: sqlite3.Connection, table: str,
                         columns: tuple[tuple[str, str], ...]) -> None:
    have = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
    for name, declaration in columns:
        if name not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


# Statuses of a document that is one of its hồ sơ's documents (and so has a số thứ tự).
_NUMBERED = ("done", "held", "purged")

_HOSO_SELECT = (
    "SELECT h.*, COUNT(d.id) AS total_doc, COALESCE(SUM(d.page_count), 0) AS number_of_page"
    " FROM hoso h LEFT JOIN documents d ON d.hoso = h.code"
    f" AND d.status IN ({', '.join(repr(s) for s in _NUMBERED)})")


def _hoso(row: sqlite3.Row) -> HosoRow:
    values = {k: row[k] for k in row.keys()}  # noqa: SIM118 - sqlite3.Row is no mapping
    given_paper = values.pop("number_of_paper")
    return HosoRow(**values, number_of_paper=given_paper if given_paper is not None
                   else values["number_of_page"])


def doc_code(hoso: str | None, seq: int | None) -> str:
    """The archival code (docCode, and the package file name): mã hồ sơ.số thứ tự; '' for
    a document in no hồ sơ or not numbered in it yet."""
    if not hoso or seq is None:
        return ""
    return f"{hoso}.{seq:07d}"


def _document(row: sqlite3.Row) -> DocumentRow:
    return DocumentRow(
        id=row["id"], sha256=row["sha256"], source=row["source"], origin=row["origin"],
        page_count=row["page_count"], status=row["status"], batch_id=row["batch_id"],
        metadata=json.loads(row["metadata"]), citations=json.loads(row["citations"]),
        indexed=bool(row["indexed"]), hoso=row["hoso"], seq=row["seq"],
        page_start=row["page_start"] or 1, page_end=row["page_end"] or row["page_count"],
        scan=row["scan"] or row["id"])


def _page(row: Mapping[str, Any]) -> PageResult:
    words = tuple(Word(t, (x0, y0, x1, y1), c, line)
                  for t, x0, y0, x1, y1, c, line in json.loads(row["words"]))
    return PageResult(
        number=row["number"], width=row["width"], height=row["height"], words=words,
        text=row["text"], confidence=row["confidence"], quality=row["quality"],
        steps=tuple(json.loads(row["steps"])), method=row["method"], dpi=row["dpi"],
        scan_dpi=row["scan_dpi"])
