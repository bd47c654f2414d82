"""Errors luutru recovers from are logged, not swallowed."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from luutru.index import ArchiveIndex, IndexRecord
from luutru.index.store import POINTER


def test_an_index_that_cannot_be_opened_is_logged_and_rebuilt(tmp_path: Path, caplog):
    path = tmp_path / "index"
    ArchiveIndex(path, backend="whoosh").add([IndexRecord(id="a", source="a.pdf",
                                                          pages=("Nghị quyết",),
                                        metadata={})])
    pointer = json.loads((path / POINTER).read_text(encoding="utf-8"))
    for segment_file in (path / pointer["dir"]).iterdir():
        segment_file.write_bytes(b"not an index")
    with caplog.at_level(logging.WARNING, logger="luutru.index.store"):
        index = ArchiveIndex(path, backend="whoosh")
    assert index.needs_rebuild
    assert any("cannot be opened" in r.getMessage() and pointer["dir"] in r.getMessage()
               for r in caplog.records)


def test_an_unreadable_pointer_is_logged(tmp_path: Path, caplog):
    path = tmp_path / "index"
    path.mkdir()
    (path / POINTER).write_text("{broken", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="luutru.index.store"):
        ArchiveIndex(path, backend="whoosh")
    assert any(POINTER in r.getMessage() for r in caplog.records)


def test_a_new_index_logs_nothing(tmp_path: Path, caplog):
    with caplog.at_level(logging.WARNING):
        ArchiveIndex(tmp_path / "index")
    assert caplog.records == []
