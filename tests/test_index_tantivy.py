"""The Tantivy backend's own behaviour; the rest is in the conformance suite."""
from __future__ import annotations

import gc
import threading
import time

import pytest

from luutru.index import ArchiveIndex, IndexRecord


def test_a_second_writer_waits_for_the_first(tmp_path):
    first = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    held = first.backend._current()[0].writer(64_000_000, lock_wait=60.0)

    def release() -> None:
        time.sleep(1.0)
        held.commit()
        held.wait_merging_threads()

    releaser = threading.Thread(target=release)
    releaser.start()
    start = time.monotonic()
    second = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    second.add([IndexRecord(id="a", source="a.pdf", pages=("thủy lợi",), metadata={})])
    releaser.join()
    assert time.monotonic() - start >= 0.9
    assert [h.id for h in first.search("thuy loi", clearance=0).hits] == ["a"]


def test_a_writer_that_cannot_get_the_lock_says_the_index_is_busy(tmp_path):
    from luutru.index import IndexBusy

    first = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    held = first.backend._current()[0].writer(64_000_000, lock_wait=60.0)
    second = ArchiveIndex(tmp_path / "ix", backend="tantivy", lock_wait=0.3)
    record = IndexRecord(id="a", source="a.pdf", pages=("thủy lợi",), metadata={})
    with pytest.raises(IndexBusy, match="written by another process"):
        second.add([record])
    held.rollback()
    del held
    gc.collect()  # Tantivy lets the lock go when the writer is dropped
    second.add([record])
    assert second.doc_count() == 1


def test_one_index_per_secrecy_level(tmp_path):
    index = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    index.add([IndexRecord(id=f"d{level}", source="d.pdf", pages=("kinh tế",),
                           metadata={"classification": mark})
               for level, mark in enumerate(["", "MẬT", "TỐI MẬT", "TUYỆT MẬT"])])
    shards = index.backend._current()
    assert [s.searcher().num_docs for s in shards] == [1, 1, 1, 1]
    for clearance in range(4):
        found = {h.id for h in index.search("kinh tế", clearance=clearance).hits}
        assert found == {f"d{n}" for n in range(clearance + 1)}
