"""The catalog's hồ sơ table and documents cut out of one scan file."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from luutru.archive.catalog import Catalog
from luutru.ocr.types import PageResult, Word

# The documents table as the first catalog made it, before hồ sơ and page ranges.
_OLD_DOCUMENTS = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'scan', page_count INTEGER NOT NULL, status TEXT NOT NULL,
    batch_id INTEGER, metadata TEXT NOT NULL DEFAULT '{}', citations TEXT NOT NULL DEFAULT '[]',
    indexed INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL, updated TEXT NOT NULL);
INSERT INTO documents VALUES ('d1', 'aa', '/scans/a.pdf', 'scan', 3, 'done', NULL, '{}', '[]',
    1, '2025-01-01', '2025-01-01');
"""


def page(number: int, text: str) -> PageResult:
    return PageResult(number=number, width=100, height=100,
                      words=(Word(text, (1, 2, 3, 4), 0.9, 0),), text=text, confidence=0.9,
                      quality=0.9, steps=(), method="ocr")


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog(tmp_path / "catalog.sqlite")


def test_an_older_catalog_gains_the_new_columns_and_keeps_its_documents(tmp_path: Path):
    path = tmp_path / "catalog.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(_OLD_DOCUMENTS)
    catalog = Catalog(path)
    doc = catalog.document("d1")
    assert doc.hoso is None and doc.seq is None and doc.doc_code == ""
    assert (doc.page_start, doc.page_end, doc.scan) == (1, 3, "d1")
    Catalog(path).close()  # opening again adds nothing twice


def test_hoso_fields_are_set_by_what_is_given_and_totals_derived(catalog: Catalog):
    catalog.ensure_hoso("HS-2016-01", title="Hồ sơ Hội nghị Ban Chấp hành", maintenance="01")
    catalog.ensure_hoso("HS-2016-01", title="", keyword="cải cách hành chính")
    hs = catalog.hoso("HS-2016-01")
    assert hs.title == "Hồ sơ Hội nghị Ban Chấp hành" and hs.keyword == "cải cách hành chính"
    assert (hs.total_doc, hs.number_of_page, hs.number_of_paper) == (0, 0, 0)
    with pytest.raises(ValueError, match="unknown hồ sơ fields: tittle"):
        catalog.ensure_hoso("HS-2016-01", tittle="x")
    assert catalog.hoso("HS-khac") is None


def test_parts_of_a_scan_show_their_own_pages_and_number_in_order(catalog: Catalog):
    catalog.ensure_hoso("HS01", fonds="Phông Huyện ủy", number_of_paper=4)
    catalog.add_document("f" * 16, "f" * 64, "/scans/ba-van-ban.pdf", 6, None)
    for n in range(1, 7):
        catalog.save_page("f" * 16, page(n, f"trang {n}"), review=n == 5, seconds={})
    catalog.set_hoso("f" * 16, "HS01")
    scan = catalog.document("f" * 16)
    with catalog.transaction():
        catalog.save_part(scan, scan.id, 1, 2, "done", {}, [])
        catalog.save_part(scan, f"{scan.id}-3", 3, 4, "done", {}, [])
        catalog.save_part(scan, f"{scan.id}-5", 5, 6, "held", {}, [])
    catalog.number_documents("HS01")

    second = catalog.document(f"{scan.id}-3")
    assert second.sha256 == f"{'f' * 64}#3" and second.scan == scan.id
    assert [(p.number, p.text) for p in catalog.pages(second.id)] == [(1, "trang 3"),
                                                                      (2, "trang 4")]
    assert [r["number"] for r in catalog.page_rows(f"{scan.id}-5")] == [1, 2]
    assert len(catalog.scan_pages(scan.id)) == 6
    assert [d.page_count for d in catalog.documents_of_scan(scan.id)] == [2, 2, 2]
    assert [d.doc_code for d in catalog.hoso_documents("HS01", ("done", "held"))] == [
        "HS01.0000001", "HS01.0000002", "HS01.0000003"]
    assert second.file_page(2) == 4
    # A held document's page is not in the review queue; the numbers are the document's.
    assert catalog.review_pages() == []

    hs = catalog.hoso_list(fonds="Phông Huyện ủy")[0]
    assert (hs.code, hs.total_doc, hs.number_of_page, hs.number_of_paper) == ("HS01", 3, 6, 4)
    assert catalog.hoso_list(fonds="Phông khác") == []


def test_renumbering_follows_the_present_order(catalog: Catalog):
    catalog.add_document("a" * 16, "a" * 64, "/s/a.pdf", 4, None)
    catalog.set_hoso("a" * 16, "HS02")
    scan = catalog.document("a" * 16)
    with catalog.transaction():
        catalog.save_part(scan, scan.id, 1, 4, "done", {}, [])
    catalog.number_documents("HS02")
    # An archivist splits it at page 3: the new part takes its parent's place, then all are
    # numbered again.
    with catalog.transaction():
        catalog.save_part(scan, scan.id, 1, 2, "done", {}, [])
        catalog.save_part(scan, f"{scan.id}-3", 3, 4, "done", {}, [], seq=1)
    catalog.number_documents("HS02", renumber=True)
    assert [(d.id[-2:], d.seq) for d in catalog.hoso_documents("HS02")] == [("aa", 1),
                                                                            ("-3", 2)]
    catalog.set_status(f"{scan.id}-3", "merged")
    catalog.number_documents("HS02", renumber=True)
    assert catalog.document(f"{scan.id}-3").seq is None


def test_archival_codes_of_a_page_of_hits_in_one_read(catalog: Catalog):
    catalog.ensure_hoso("HS01")
    for n in range(3):
        catalog.add_document(f"{n}" * 16, f"{n}" * 64, f"/scans/{n}.pdf", 1, None)
        catalog.finish_document(f"{n}" * 16, {}, [])
    for n in (0, 1):
        catalog.set_hoso(f"{n}" * 16, "HS01")
    catalog.number_documents("HS01")
    ids = ["1" * 16, "9" * 16, "2" * 16, "0" * 16]
    assert catalog.archival_codes(ids) == {
        doc_id: (doc.hoso or "", doc.doc_code)
        for doc_id in ids if (doc := catalog.document(doc_id))}
    assert catalog.archival_codes(["0" * 16]) == {"0" * 16: ("HS01", "HS01.0000001")}
    assert catalog.archival_codes(["2" * 16] * 1200) == {"2" * 16: ("", "")}
    assert catalog.archival_codes([]) == {}
