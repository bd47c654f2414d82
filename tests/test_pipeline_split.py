"""A hồ sơ scanned into one file: cut into its documents, numbered in its hồ sơ, corrected
by an archivist; a TUYỆT MẬT document held at the gate. Real OCR over generated scans."""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.export import export_jsonl
from luutru.archive.finishing import extract_metadata, finish
from luutru.archive.secrecy import GateError, held_documents, purge, release
from luutru.archive.splitting import SplitError, merge, split
from luutru.index import ArchiveIndex
from luutru.index.types import OPERATOR_CLEARANCE
from luutru.pipeline.batch import run_batch, thread_runner
from luutru.samples.generate import generate_joined
from luutru.samples.texts import by_id

pytestmark = pytest.mark.slow

THREE = ["s01", "s12", "s08"]  # 12-NQ/HU (2 pages), 86/KH-UBND (1), 2345/QĐ-UBND (2)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, dict, Path]:
    root = tmp_path_factory.mktemp("hoso")
    folder = root / "HS-2016-07"
    truth = {"three": generate_joined(folder / "ba-van-ban.pdf", THREE, profile="office")}
    secret = dataclasses.replace(by_id("s04"), classification="TUYỆT MẬT")
    truth["secret"] = generate_joined(folder / "mat.tiff", [by_id("s07"), secret],
                                      fmt="tiff-lzw")
    config = Config.load(root / "data", workers=2)
    report = run_batch(config, [folder], "b1", thread_runner(config))
    return config, truth | {"report": report}, folder


def symbol(catalog: Catalog, doc_id: str) -> str:
    return catalog.document(doc_id).metadata["symbol"]["value"]


def search(config: Config, text: str) -> list[str]:
    results = ArchiveIndex(config.index_dir).search(text, clearance=OPERATOR_CLEARANCE)
    return [h.id for h in results.hits]


def test_a_file_of_three_documents_comes_out_as_three(ingested):
    config, truth, folder = ingested
    catalog = Catalog(config.catalog_path)
    source = str(folder / "ba-van-ban.pdf")
    docs = [d for d in catalog.hoso_documents("HS-2016-07") if d.source == source]
    expected = [(t["meta"]["symbol"], t["page_start"], t["page_end"]) for t in truth["three"]]
    assert [(symbol(catalog, d.id), d.page_start, d.page_end) for d in docs] == expected
    assert [d.doc_code for d in docs] == [f"HS-2016-07.000000{n}" for n in (1, 2, 3)]
    # Each its own outputs: a PDF of its own pages, a text of its own.
    third = docs[2]
    assert len(pdfium.PdfDocument(str(config.document_pdf(third.id)))) == 2
    assert "2345" in config.document_text(third.id).read_text(encoding="utf-8")
    assert "2345" not in config.document_text(docs[0].id).read_text(encoding="utf-8")[:400]
    # Found by its own number, as itself.
    assert search(config, '"2345/QĐ-UBND"')[:1] == [third.id]
    records = {r["id"]: r for r in export_jsonl(config, catalog)}
    record = records[third.id]
    assert (record["source"], record["page_start"], record["page_end"]) == (source, 4, 5)
    assert record["hoso"] == "HS-2016-07" and record["doc_code"] == "HS-2016-07.0000003"
    assert [p["number"] for p in record["pages"]] == [1, 2]
    assert record["files"]["pages"][0].endswith(f"pages/{docs[0].id}/4.png")
    split_report = next(s for s in truth["report"].split if s["source"] == source)
    assert [d["pages"] for d in split_report["documents"]] == ["1-2", "3", "4-5"]
    hoso = catalog.hoso("HS-2016-07")
    assert hoso.total_doc == 5 and hoso.number_of_page == 8


def test_an_archivists_merge_and_split_hold_and_survive_reading_again(ingested):
    config, _, folder = ingested
    catalog = Catalog(config.catalog_path)
    source = str(folder / "ba-van-ban.pdf")
    first, second, third = [d for d in catalog.hoso_documents("HS-2016-07")
                            if d.source == source]
    with pytest.raises(SplitError, match="does not directly follow"):
        merge(config, catalog, first.id, third.id, "lan")
    parts = merge(config, catalog, first.id, second.id, "lan")
    assert [(p.first, p.last) for p in (x.range for x in parts)] == [(1, 3), (4, 5)]
    assert catalog.document(second.id).status == "merged"
    assert len(pdfium.PdfDocument(str(config.document_pdf(first.id)))) == 3
    assert not config.document_pdf(second.id).exists()
    assert second.id not in search(config, '"86/KH-UBND"')
    assert [d.doc_code for d in catalog.hoso_documents("HS-2016-07") if d.source == source] \
        == ["HS-2016-07.0000001", "HS-2016-07.0000002"]
    # Reading the file again, and the batch again, keep the archivist's cut.
    finish(config, catalog, catalog.document(first.id))
    again = run_batch(config, [folder], "b2", thread_runner(config))
    assert again.pages == 0 and again.already_done == 2  # the held file's too
    assert again.held == [] and again.split == []  # nothing cut or held again
    assert catalog.document(first.id).page_end == 3
    # Split back at the page where the plan starts: the same document, its id again.
    with pytest.raises(SplitError, match="pages 1-3"):
        split(config, catalog, first.id, 4, "lan")
    split(config, catalog, first.id, 3, "lan")
    back = catalog.document(second.id)
    assert (back.status, back.page_start, back.page_end) == ("done", 3, 3)
    assert symbol(catalog, back.id) == "86/KH-UBND"
    assert search(config, '"86/KH-UBND"')[:1] == [back.id]
    assert catalog.document(third.id).doc_code == "HS-2016-07.0000003"


def test_a_tuyet_mat_document_is_held_until_an_admin_decides(ingested):
    config, truth, folder = ingested
    catalog = Catalog(config.catalog_path)
    held = held_documents(catalog)
    assert [(d.source, d.page_start, d.page_end) for d in held] == [
        (str(folder / "mat.tiff"), 2, 3)]
    doc = held[0]
    assert truth["report"].held == [{"id": doc.id, "source": doc.source, "pages": "2-3"}]
    assert not config.document_pdf(doc.id).exists() and not config.document_text(doc.id).exists()
    assert doc.id not in search(config, '"85-KL/HU"')
    assert doc.id not in {r["id"] for r in export_jsonl(config, catalog)}
    assert config.page_image(doc.scan, 2).exists()  # until the admin decides
    saved = json.loads(config.report("b1").read_text(encoding="utf-8"))
    assert saved["held"][0]["id"] == doc.id

    released = release(config, catalog, doc.id, "admin")
    assert released.status == "done" and config.document_pdf(doc.id).exists()
    assert search(config, '"85-KL/HU"')[:1] == [doc.id]
    with pytest.raises(GateError):
        purge(config, catalog, doc.id, "admin")  # released: no longer the gate's


def test_a_purged_document_keeps_only_its_register_entry(ingested, tmp_path):
    config, _, folder = ingested
    catalog = Catalog(config.catalog_path)
    # Another file, read as TUYỆT MẬT from its first page.
    secret = dataclasses.replace(by_id("s12"), classification="TUYỆT MẬT")
    generate_joined(folder.parent / "khac" / "tm.pdf", [secret])
    run_batch(config, [folder.parent / "khac"], "b3", thread_runner(config))
    doc = next(d for d in held_documents(catalog) if d.source.endswith("tm.pdf"))
    purged = purge(config, catalog, doc.id, "admin")
    assert purged.status == "purged" and not config.page_image(doc.scan, 1).exists()
    assert catalog.scan_pages(doc.scan)[0].text == ""
    assert purged.metadata["symbol"]["value"] == "86/KH-UBND"  # the register line stays
    assert catalog.hoso("khac").total_doc == 1
    with pytest.raises(SplitError, match="purged"):
        split(config, catalog, doc.id, 1, "lan")


def test_the_web_ui_browses_hoso_and_lets_archivists_and_admins_correct(ingested, tmp_path):
    from fastapi.testclient import TestClient

    from luutru.archive.users import add_user
    from luutru.search_ui.app import create_app
    from tests.test_web_app import USERS, csrf_of

    source, _, folder = ingested
    config = Config.load(tmp_path / "data", workers=2)
    shutil.copytree(source.data_dir, config.data_dir)
    secret = dataclasses.replace(by_id("s09"), classification="TUYỆT MẬT")
    generate_joined(tmp_path / "HS-mat" / "tm.pdf", [secret])
    run_batch(config, [tmp_path / "HS-mat"], "web", thread_runner(config))
    catalog = Catalog(config.catalog_path)
    for name, (password, role, clearance) in USERS.items():
        add_user(catalog, name, password, role, clearance)
    first, second, third = [d for d in catalog.hoso_documents("HS-2016-07")
                            if d.source.endswith("ba-van-ban.pdf")]
    held = held_documents(catalog)[0]

    def login(c: TestClient, name: str) -> None:
        r = c.post("/login", data={"name": name, "password": USERS[name][0],
                                   "csrf_token": csrf_of(c, "/login")}, follow_redirects=False)
        assert r.status_code == 303

    with TestClient(create_app(config, anonymous=True)) as c:
        listing = c.get("/hoso").text
        assert 'href="/hoso/HS-2016-07"' in listing and "HS-mat" not in listing  # none to see
        page = c.get("/hoso/HS-2016-07").text
        assert "HS-2016-07.0000003" in page and f'href="/documents/{third.id}"' in page
        assert c.get("/hoso/HS-mat").status_code == 404
        results = c.get("/", params={"q": "2345/QĐ-UBND"}).text
        assert "Hồ sơ <a" in results and "HS-2016-07.0000003" in results
        assert c.get(f"/documents/{held.id}").status_code == 404
        to_login = c.get("/held", follow_redirects=False)
        assert to_login.status_code == 303 and to_login.headers["location"].startswith("/login")

        login(c, "luutru")
        assert c.get("/held").status_code == 403
        token = csrf_of(c, f"/documents/{first.id}/boundaries")
        r = c.post(f"/documents/{first.id}/merge", data={"next_id": second.id,
                                                         "csrf_token": token})
        assert r.status_code == 200 and "Đã gộp hai văn bản" in r.text
        assert Catalog(config.catalog_path).document(second.id).status == "merged"
        r = c.post(f"/documents/{first.id}/split", data={"page": "3", "csrf_token": token})
        assert "Đã tách văn bản từ trang 3" in r.text
        assert Catalog(config.catalog_path).document(second.id).status == "done"
        c.post("/logout", data={"csrf_token": token})

        login(c, "quantri")
        page = c.get("/held").text
        assert held.id in page and "1187/UBND-NN" in page
        token = csrf_of(c, "/held")
        r = c.post(f"/held/{held.id}", data={"action": "purge", "csrf_token": token})
        assert "Hãy đánh dấu xác nhận" in r.text  # not without the box ticked
        r = c.post(f"/held/{held.id}", data={"action": "purge", "confirm": "yes",
                                             "csrf_token": token})
        assert "Đã xóa ảnh" in r.text and held.id not in c.get("/held").text
        assert Catalog(config.catalog_path).document(held.id).status == "purged"


def test_the_command_line_lists_hoso_and_splits_and_merges(ingested, tmp_path, capsys):
    from luutru.pipeline.cli import main

    source, _, _ = ingested
    data = tmp_path / "data"
    shutil.copytree(source.data_dir, data)
    catalog = Catalog(data / "catalog.sqlite")
    first, second, _ = [d for d in catalog.hoso_documents("HS-2016-07")
                        if d.source.endswith("ba-van-ban.pdf")]
    assert main(["hoso", "--data", str(data), "--json"]) == 0
    listed = {h["code"]: h for h in json.loads(capsys.readouterr().out)}
    assert listed["HS-2016-07"]["total_doc"] >= 5
    assert main(["hoso", "HS-2016-07", "--data", str(data), "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)["documents"]
    assert docs[1]["doc_code"] == "HS-2016-07.0000002" and docs[1]["symbol"] == "86/KH-UBND"
    assert main(["search", "2345/QĐ-UBND", "--json", "--data", str(data)]) == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert (hit["hoso"], hit["doc_code"]) == ("HS-2016-07", "HS-2016-07.0000003")
    assert main(["merge", first.id, second.id, "--data", str(data), "--user", "lan"]) == 0
    assert [p["page_end"] for p in json.loads(capsys.readouterr().out)] == [3, 5]
    assert main(["split", first.id, "3", "--data", str(data)]) == 0
    assert [p["id"] for p in json.loads(capsys.readouterr().out)][1] == second.id
    assert main(["split", first.id, "9", "--data", str(data)]) == 1
    assert "can be split at a page from 2 to 2" in capsys.readouterr().err
    assert main(["held", "--data", str(data)]) == 0
    json.loads(capsys.readouterr().out)  # a JSON list, whatever earlier tests decided
    assert main(["release", first.id, "--data", str(data)]) == 1
    assert "is not a held document" in capsys.readouterr().err


def test_a_file_read_as_one_document_can_still_be_split(ingested):
    """Each part's PDF/A is drawn anew from the file's stored page images and words: image
    and invisible text together."""
    config, _, folder = ingested
    catalog = Catalog(config.catalog_path)
    generate_joined(folder.parent / "mot" / "qd.pdf", ["s08"])
    run_batch(config, [folder.parent / "mot"], "b4", thread_runner(config))
    doc = next(d for d in catalog.hoso_documents("mot"))
    assert doc.page_count == 2
    first, second = split(config, catalog, doc.id, 2, "lan")
    assert (first.range.last, second.range.first) == (1, 2)
    for part in (first, second):
        pdf = pdfium.PdfDocument(str(config.document_pdf(part.id)))
        assert len(pdf) == 1
        assert len(pdf[0].get_textpage().get_text_range()) > 200  # its OCR text came along
        assert any(o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for o in pdf[0].get_objects())
    assert [d.doc_code for d in catalog.hoso_documents("mot")] == ["mot.0000001",
                                                                   "mot.0000002"]


def test_reextraction_reads_each_document_from_its_own_pages(ingested):
    """`luutru reextract` over a file cut into documents: each gets the metadata of its
    own page range again (the handwriting slots read on the file's pages), not the file's
    first document's; a held document is not among those re-extracted."""
    config, _, folder = ingested
    catalog = Catalog(config.catalog_path)
    source = str(folder / "ba-van-ban.pdf")
    docs = [d for d in catalog.documents(status="done") if d.source == source]
    assert len(docs) >= 2
    before = {d.id: symbol(catalog, d.id) for d in docs}
    assert len(set(before.values())) == len(docs)
    for doc in docs:
        assert extract_metadata(config, catalog, doc) == "done"
    assert {d.id: symbol(catalog, d.id) for d in docs} == before
    assert all(catalog.document(d.id).status == "done" for d in docs)
