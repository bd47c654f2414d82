"""A long-lived index (the web app's) sees documents replaced by another writer once."""
from __future__ import annotations

from luutru.index import ArchiveIndex
from luutru.index.types import OPERATOR_CLEARANCE, IndexRecord


def record(subject: str) -> IndexRecord:
    return IndexRecord(id="qd-15", source="qd-15.pdf", pages=("Quyết định về thủy lợi",),
                       metadata={"subject": subject, "symbol": "15/QĐ-UBND",
                                 "doc_type": "Quyết định"})


def test_a_replaced_document_is_found_once_by_a_reader_opened_before(tmp_path):
    reader = ArchiveIndex(tmp_path / "index")
    writer = ArchiveIndex(tmp_path / "index")
    writer.add([record("Về công tác thủy lợi")])
    assert reader.search("thuy loi", clearance=OPERATOR_CLEARANCE).total == 1
    writer.add([record("Về công tác thủy lợi năm 2016")])
    results = reader.search("thuy loi", clearance=OPERATOR_CLEARANCE)
    assert results.total == 1 and [h.id for h in results.hits] == ["qd-15"]
    assert results.hits[0].metadata["subject"].endswith("2016")
