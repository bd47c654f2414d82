"""`luutru import`: records that are already text."""
from __future__ import annotations

import json
import unicodedata

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.index import ArchiveIndex
from luutru.index.types import OPERATOR_CLEARANCE
from luutru.pipeline.importer import import_records


def record(doc_id: str, text: str, **metadata: str) -> str:
    return json.dumps({"id": doc_id, "text": text, "metadata": metadata}, ensure_ascii=False)


def test_import_stores_indexes_and_replaces_by_id(data_dir):
    config = Config.load(data_dir)
    decomposed = unicodedata.normalize("NFD", "Quyết định về công tác thủy lợi")
    lines = [
        record("hs-01", decomposed, doc_type="Quyết định", symbol="12/QĐ-UBND"),
        record("hs-02", "Trang một\fTrang hai về đê điều", doc_type="Báo cáo"),
        "",
        "{not json",
        json.dumps({"text": "no id"}),
        record("../etc", "x"),
    ]
    count, problems = import_records(config, lines)
    assert count == 2
    assert [p.split(":")[0] for p in problems] == ["line 4", "line 5", "line 6"]

    catalog = Catalog(config.catalog_path)
    assert [p.text for p in catalog.pages("hs-02")] == ["Trang một", "Trang hai về đê điều"]
    assert catalog.pages("hs-01")[0].text == unicodedata.normalize("NFC", decomposed)
    index = ArchiveIndex(config.index_dir)
    assert [h.id for h in index.search("thuy loi", clearance=OPERATOR_CLEARANCE).hits] == ["hs-01"]

    import_records(config, [record("hs-01", "Quyết định về giao thông nông thôn")])
    index = ArchiveIndex(config.index_dir)
    assert not index.search("thuy loi", clearance=OPERATOR_CLEARANCE).hits
    assert len(catalog.documents()) == 2


def test_citations_are_resolved_to_documents_in_the_archive(data_dir):
    from luutru.archive.export import export_jsonl

    config = Config.load(data_dir)
    import_records(config, [
        record("kl-82", "Kết luận về công tác cán bộ", symbol="82-KL/TW", doc_type="Kết luận"),
        record("ct-5", "Thực hiện Kết luận số 82-KL/TW ngày 16/8/2011 của Bộ Chính trị và"
               " Nghị quyết số 15-NQ/TW", symbol="05-CTr/TU"),
    ])
    exported = {r["id"]: r for r in export_jsonl(config, Catalog(config.catalog_path))}
    cites = {c["symbol"]: c["document"] for c in exported["ct-5"]["citations"]}
    assert cites == {"82-KL/TW": "kl-82", "15-NQ/TW": ""}


def test_export_and_cited_by_agree_that_leading_zeros_make_no_other_symbol(data_dir):
    from luutru.archive.export import export_jsonl

    config = Config.load(data_dir)
    import_records(config, [
        record("qdi-5", "Quy định về công tác văn thư", symbol="05-QĐi/TU", doc_type="Quy định"),
        record("kh-7", "Thực hiện Quy định số 5-QĐi/TU của Ban Thường vụ", symbol="7-KH/HU"),
    ])
    exported = {r["id"]: r for r in export_jsonl(config, Catalog(config.catalog_path))}
    assert {c["symbol"]: c["document"] for c in exported["kh-7"]["citations"]} == {
        "5-QĐi/TU": "qdi-5"}
    index = ArchiveIndex(config.index_dir)
    cited_by = index.cited_by("05-QĐi/TU", clearance=OPERATOR_CLEARANCE)
    assert [h.id for h in cited_by.hits] == ["kh-7"]


def test_optimize_command_keeps_every_document_and_grows_nothing(data_dir, capsys):
    from luutru.pipeline.cli import main

    config = Config.load(data_dir)
    for edition in range(8):  # each import replaces the same documents: stale segments pile up
        import_records(config, [record(f"d{n}", f"Nghị quyết {n} về thủy lợi, lần {edition}")
                                for n in range(30)])
    size = lambda: sum(f.stat().st_size for f in config.index_dir.rglob("*") if f.is_file())  # noqa: E731
    before = size()
    assert main(["optimize", "--data", str(data_dir)]) == 0
    assert "MB before" in capsys.readouterr().err
    assert size() <= before
    index = ArchiveIndex(config.index_dir, **config.index_options)
    hits = index.search("thuy loi lan 7", clearance=OPERATOR_CLEARANCE, limit=50)
    assert hits.total == 30 and all(h.id.startswith("d") for h in hits.hits)


def test_an_import_indexes_what_the_catalog_would_give_back(data_dir, monkeypatch):
    """The importer hands the index the record it wrote instead of reading it back: the
    same record as archive.records.index_record, archivists' corrections included."""
    from luutru.archive.indexing import Indexer
    from luutru.archive.records import index_record

    config = Config.load(data_dir)
    import_records(config, [record("hs-09", "Trang một\fTrang hai về đê điều",
                                   doc_type="Báo cáo", symbol="15-BC/TU")])
    catalog = Catalog(config.catalog_path)
    with catalog.transaction():
        catalog.add_correction("hs-09", "subject", "Về thủy lợi", "an")
        catalog.add_correction("hs-09", "page:2", "Trang hai về thủy lợi", "an")
    catalog.close()
    given = []
    monkeypatch.setattr(Indexer, "add_record",
                        lambda self, r: (given.append(r), self.pending.append(r)))
    import_records(config, [record("hs-09", "Trang một\fTrang hai về đê điều, "
                                   "theo Nghị quyết số 05-NQ/TW",
                                   doc_type="Báo cáo", symbol="15-BC/TU")])
    catalog = Catalog(config.catalog_path)
    expected = index_record(catalog, catalog.written("hs-09"))
    # given[0]: the corrected document, re-fed as unindexed before the new one is stored
    assert given[-1] == expected
    assert given[-1].pages[1] == "Trang hai về thủy lợi"
    assert given[-1].metadata["subject"] == "Về thủy lợi"
    assert given[-1].cites == ("05-NQ/TW",)


def test_unindexed_documents_are_selected_by_the_catalog(data_dir):
    config = Config.load(data_dir)
    import_records(config, [record(f"hs-{n}", f"văn bản số {n}") for n in range(4)])
    catalog = Catalog(config.catalog_path)
    assert catalog.unindexed() == []
    catalog.mark_indexed(["hs-2", "hs-0"], indexed=False)
    assert [d.id for d in catalog.unindexed()] == ["hs-0", "hs-2"]
    assert [d.id for d in catalog.unindexed()] == [
        d.id for d in catalog.documents(status="done") if not d.indexed]
