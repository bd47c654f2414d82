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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ocr.types import PageResult, Word

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


# Columns added after a table first shipped: (table, column, declaration).
_ADDED_COLUMNS = (
    # A disabled account cannot sign in; its sessions end at once.
    ("users", "disabled", "INTEGER NOT NULL DEFAULT 0"),
    # Sessions carry the generation they were opened in: raising it (logout, a new password,
    # disabling) ends every session of the user at once.
    ("users", "generation", "INTEGER NOT NULL DEFAULT 0"),
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
        self._add_columns()
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _add_columns(self) -> None:
        for table, column, declaration in _ADDED_COLUMNS:
            have = {r["name"] for r in self.db.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

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
            "  WHERE d.batch_id = b.id AND d.status != 'done')").fetchall()
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

    def documents(self, status: str | None = None) -> list[DocumentRow]:
        if status:
            rows = self.db.execute("SELECT * FROM documents WHERE status = ? ORDER BY created, id",
                                   (status,))
        else:
            rows = self.db.execute("SELECT * FROM documents ORDER BY created, id")
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

    def mark_indexed(self, doc_ids: list[str], indexed: bool = True) -> None:
        self.db.executemany("UPDATE documents SET indexed = ? WHERE id = ?",
                            [(int(indexed), d) for d in doc_ids])

    # -- pages -------------------------------------------------------------------------

    def done_pages(self, doc_id: str) -> set[int]:
        rows = self.db.execute("SELECT number FROM pages WHERE document_id = ?", (doc_id,))
        return {r[0] for r in rows}

    def save_page(self, doc_id: str, page: PageResult, review: bool,
                  seconds: dict[str, float]) -> None:
        words = [[w.text, *w.box, round(w.confidence, 3), w.line] for w in page.words]
        self.db.execute(
            "INSERT OR REPLACE INTO pages(document_id, number, text, words, width, height,"
            " confidence, quality, review, steps, method, seconds)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, page.number, page.text, json.dumps(words, ensure_ascii=False),
             page.width, page.height, page.confidence, page.quality, int(review),
             json.dumps(page.steps), page.method, json.dumps(seconds)))

    def pages(self, doc_id: str) -> list[PageResult]:
        rows = self.db.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number",
                               (doc_id,)).fetchall()
        return [_page(r) for r in rows]

    def page_rows(self, doc_id: str) -> list[dict]:
        """Pages as plain dicts (number, text, confidence, quality, review, words...)."""
        rows = self.db.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number",
                               (doc_id,)).fetchall()
        return [dict(r) | {"words": json.loads(r["words"]), "steps": json.loads(r["steps"])}
                for r in rows]

    def review_pages(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT p.document_id, p.number, p.quality, d.source FROM pages p"
            " JOIN documents d ON d.id = p.document_id WHERE p.review = 1"
            " ORDER BY p.quality").fetchall()
        return [dict(r) for r in rows]

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

    def correction_log(self, doc_id: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT field, value, user, at FROM corrections WHERE document_id = ? ORDER BY id",
            (doc_id,)).fetchall()
        return [dict(r) for r in rows]


def _document(row: sqlite3.Row) -> DocumentRow:
    return DocumentRow(
        id=row["id"], sha256=row["sha256"], source=row["source"], origin=row["origin"],
        page_count=row["page_count"], status=row["status"], batch_id=row["batch_id"],
        metadata=json.loads(row["metadata"]), citations=json.loads(row["citations"]),
        indexed=bool(row["indexed"]))


def _page(row: sqlite3.Row) -> PageResult:
    words = tuple(Word(t, (x0, y0, x1, y1), c, line)
                  for t, x0, y0, x1, y1, c, line in json.loads(row["words"]))
    return PageResult(
        number=row["number"], width=row["width"], height=row["height"], words=words,
        text=row["text"], confidence=row["confidence"], quality=row["quality"],
        steps=tuple(json.loads(row["steps"])), method=row["method"])
