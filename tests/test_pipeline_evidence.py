"""What the rest of the archive says of a document's number: citations confirm a value read,
and only suggest one that was not; a file name is a suggestion at most. And of its signer:
a name whose tone marks were in doubt is the form other papers of its issuer agree on."""
from __future__ import annotations

import dataclasses

from luutru.archive.catalog import DocumentRow
from luutru.archive.evidence import archive_evidence


def doc(doc_id: str, source: str, symbol: str = "", date: str = "", template: str = "",
        cites: list[dict] | None = None) -> DocumentRow:
    metadata = {"symbol": {"value": symbol, "template": template}, "date": {"value": date}}
    return DocumentRow(doc_id, doc_id * 4, source, "scan", 1, "done", None, metadata,
                       cites or [], True)


def values(*docs: DocumentRow) -> dict[str, dict[str, str]]:
    names = ("symbol", "date", "issuer", "signer_name")
    return {d.id: {n: (d.metadata.get(n) or {}).get("value", "") for n in names} for d in docs}


CITING = doc("b", "/scans/quyet-dinh-giao-dat.pdf", "88/QĐ-UBND", "2025-02-05", cites=[
    {"symbol": "87/QĐ-UBND", "date": "2025-02-05", "doc_type": "Quyết định"}])


def test_a_citation_with_the_same_date_confirms_the_symbol_read() -> None:
    cited = doc("a", "/scans/chuyen-muc-dich.pdf", "87/QĐ-UBND", "2025-02-05")
    said = archive_evidence([cited, CITING], values(cited, CITING))
    assert said["a"]["symbol"] == {"confirmed_by": ["b"]}
    assert "b" not in said  # nothing cites the citing one
    other_day = doc("a", "/scans/x.pdf", "87/QĐ-UBND", "2025-02-06")
    assert archive_evidence([other_day, CITING], values(other_day, CITING)) == {}


def test_an_unread_number_is_only_offered_from_a_fitting_citation() -> None:
    blank = doc("a", "/scans/chuyen-muc-dich.pdf", "", "2025-02-05", "…/QĐ-UBND")
    said = archive_evidence([blank, CITING], values(blank, CITING))
    assert said["a"]["symbol"] == {"suggestion": "87/QĐ-UBND", "suggested_by": ["b"]}
    # Another printed code: the citation is of some other body's decision.
    other = doc("a", "/scans/chuyen-muc-dich.pdf", "", "2025-02-05", "…/QĐ-BCĐ")
    assert archive_evidence([other, CITING], values(other, CITING)) == {}


def test_a_file_name_is_a_suggestion_when_it_holds_one_figure_group() -> None:
    blank = doc("a", "/scans/ubnd_374cv.pdf", "", "", "…/UBND-VHXH")
    said = archive_evidence([blank], values(blank))
    assert said["a"]["symbol"] == {"suggestion": "374/UBND-VHXH", "suggested_by": ["file name"]}
    for name in ("/scans/04qd_bcd138_2025.pdf", "/scans/scan_2025.pdf", "/scans/cong-van.pdf"):
        assert archive_evidence([doc("a", name, "", "", "…/QĐ-UBND")],
                                values(doc("a", name))) == {}
    # A second document cut from the same file: the file name is the first one's.
    second = dataclasses.replace(blank, id="a-3", page_start=3, page_end=4)
    assert archive_evidence([second], values(second)) == {}


def test_an_unread_day_is_offered_from_the_citing_documents_date() -> None:
    undated = doc("a", "/scans/chuyen-muc-dich.pdf", "87/QĐ-UBND", "")
    said = archive_evidence([undated, CITING], values(undated, CITING))
    assert said["a"] == {"date": {"suggestion": "2025-02-05", "suggested_by": ["b"]}}


def test_a_handwritten_candidate_a_fitting_citation_confirms_becomes_the_value() -> None:
    blank = doc("a", "/scans/chuyen-muc-dich.pdf", "", "2025-02-05", "…/QĐ-UBND")
    blank.metadata["symbol"]["suggestion"] = "87/QĐ-UBND"  # what the recogniser made of it
    said = archive_evidence([blank, CITING], values(blank, CITING))
    assert said["a"]["symbol"]["value"] == "87/QĐ-UBND"
    assert said["a"]["number"]["value"] == "87"
    assert said["a"]["symbol"]["accepted_by"] == ["b"]
    assert "05" in said["a"]["symbol"]["note"] or "2025-02-05" in said["a"]["symbol"]["note"]


def test_a_candidate_the_citation_contradicts_stays_a_suggestion() -> None:
    blank = doc("a", "/scans/chuyen-muc-dich.pdf", "", "2025-02-05", "…/QĐ-UBND")
    blank.metadata["symbol"]["suggestion"] = "81/QĐ-UBND"
    said = archive_evidence([blank, CITING], values(blank, CITING))
    assert said["a"]["symbol"] == {"suggestion": "87/QĐ-UBND", "suggested_by": ["b"]}
    # Nor does a candidate without the date: the citation's date cannot be checked.
    undated = doc("a", "/scans/chuyen-muc-dich.pdf", "", "", "…/QĐ-UBND")
    undated.metadata["symbol"]["suggestion"] = "87/QĐ-UBND"
    assert "value" not in archive_evidence([undated, CITING],
                                           values(undated, CITING)).get("a", {}).get("symbol", {})


def test_an_accepted_number_goes_out_unflagged_with_its_evidence() -> None:
    from luutru.archive.export import _field_entry

    extracted = {"value": "", "review": True, "suggestion": "87/QĐ-UBND",
                 "note": "số viết tay đọc chưa chắc (0.41): cần đối chiếu với ảnh"}
    said = {"value": "87/QĐ-UBND", "accepted_by": ["b"], "note": "khớp với văn bản dẫn chiếu b"}
    entry = _field_entry(extracted, "87/QĐ-UBND", False, said)
    assert entry["value"] == "87/QĐ-UBND" and entry["review"] is False
    assert entry["note"] == "khớp với văn bản dẫn chiếu b" and "suggestion" not in entry
    # An archivist's correction still wins.
    assert _field_entry(extracted, "88/QĐ-UBND", True, said)["value"] == "88/QĐ-UBND"


ISSUER = "ỦY BAN NHÂN DÂN TỈNH BÌNH AN"


def signed(doc_id: str, name: str, doubtful: bool = False, issuer: str = ISSUER) -> DocumentRow:
    row = doc(doc_id, f"/scans/{doc_id}.pdf")
    row.metadata.update({"issuer": {"value": issuer},
                         "signer_name": {"value": name, "review": doubtful}})
    return row


def test_a_doubtful_signer_takes_the_tone_marks_other_papers_of_its_issuer_agree_on() -> None:
    docs = [signed("a", "Lê Văn Bính", doubtful=True), signed("b", "Lê Văn Bình"),
            signed("c", "Lê Văn Bình"), signed("d", "Trần Thị Hoa")]
    said = archive_evidence(docs, values(*docs))
    assert said["a"]["signer_name"]["value"] == "Lê Văn Bình"
    assert said["a"]["signer_name"]["accepted_by"] == ["b", "c"]
    assert set(said) == {"a"}  # names read without doubt are left as they are
    # One paper is a suggestion only.
    said = archive_evidence(docs[:2], values(*docs[:2]))
    assert said["a"] == {"signer_name": {"suggestion": "Lê Văn Bình", "suggested_by": ["b"]}}


def test_no_signer_is_taken_from_another_issuer_a_different_vowel_or_two_people() -> None:
    bính = signed("a", "Lê Văn Bính", doubtful=True)
    agreed = [signed("b", "Lê Văn Bình"), signed("c", "Lê Văn Bình")]
    elsewhere = "SỞ TƯ PHÁP TỈNH BÌNH AN"
    cases = {
        "another issuer": [bính, signed("b", "Lê Văn Bình", issuer=elsewhere),
                           signed("c", "Lê Văn Bình", issuer=elsewhere)],
        "another vowel (ê is no tone mark)": [signed("a", "Lê Văn Bênh", doubtful=True), *agreed],
        "two people": [bính, *agreed, signed("e", "Lê Văn Bịnh")],
        "its own reading made elsewhere": [bính, *agreed, signed("e", "Lê Văn Bính")],
    }
    for case, docs in cases.items():
        assert "a" not in archive_evidence(docs, values(*docs)), case


def test_an_accepted_signer_goes_out_as_the_value_unless_corrected() -> None:
    from luutru.archive.records import with_accepted

    said = {"signer_name": {"value": "Lê Văn Bình", "accepted_by": ["b", "c"], "note": "…"}}
    read = {"signer_name": "Lê Văn Bính", "issuer": ISSUER}
    assert with_accepted(read, said, [])["signer_name"] == "Lê Văn Bình"
    assert with_accepted(read, said, ["signer_name"])["signer_name"] == "Lê Văn Bính"


def one_signer_three_papers(tmp_path):
    """An archive of three papers of one signer: two read the name without doubt; on the
    third a seal hid a tone mark."""
    from luutru.archive.catalog import Catalog
    from tests.archive_data import make_archive

    config = make_archive(tmp_path, {"HS-01": 3}, pages=1)
    catalog = Catalog(config.catalog_path)
    docs = catalog.documents(status="done")
    for row, name, doubtful in zip(docs, ["Phạm Thị Hường", "Phạm Thị Hường", "Phạm Thị Hương"],
                                   [False, False, True], strict=True):
        metadata = row.metadata | {"issuer": {"value": ISSUER},
                                   "signer_name": {"value": name, "review": doubtful}}
        catalog.finish_document(row.id, metadata, row.citations)
    return config, catalog, docs


def test_every_export_gives_the_signer_the_archive_accepted(tmp_path) -> None:
    """The JSON lines, the TT 05 CSV and its EAD take their values from one place."""
    from luutru.archive import tt05
    from luutru.archive.export import export_jsonl

    config, catalog, docs = one_signer_three_papers(tmp_path)

    by_id = {r["id"]: r for r in export_jsonl(config, catalog)}
    assert by_id[docs[2].id]["metadata"]["signer_name"] == "Phạm Thị Hường"
    rows = tt05.documents_csv(catalog)
    assert "Phạm Thị Hương" not in rows and rows.count("Phạm Thị Hường") == 3
    ead = tt05.ead_bytes(tt05.hoso_records(catalog)).decode()
    assert "Phạm Thị Hương" not in ead and ead.count("Phạm Thị Hường") == 3
    catalog.close()


def test_the_archive_page_and_index_show_what_the_evidence_accepted(tmp_path) -> None:
    """refresh_evidence stores what the archive's evidence says, so that the document page
    and the index give the value the exports give; weighing it again changes nothing."""
    from luutru.archive.evidence import refresh_evidence
    from luutru.archive.records import effective_metadata, index_record
    from luutru.search_ui import documents
    from luutru.search_ui.archive import Archive

    config, catalog, docs = one_signer_three_papers(tmp_path)
    catalog.mark_indexed([d.id for d in docs])
    sealed = catalog.document(docs[2].id)
    assert effective_metadata(catalog, sealed)["signer_name"] == "Phạm Thị Hương"

    assert refresh_evidence(catalog) == [sealed.id]
    assert [d.id for d in catalog.unindexed()] == [sealed.id]
    assert effective_metadata(catalog, sealed)["signer_name"] == "Phạm Thị Hường"
    assert index_record(catalog, sealed).metadata["signer_name"] == "Phạm Thị Hường"
    shown = {f.name: f for f in documents.fields(Archive(config), sealed)}
    assert shown["signer_name"].value == "Phạm Thị Hường" and not shown["signer_name"].review
    assert "khớp với người ký" in shown["signer_name"].note
    # The accepted value does not feed the evidence it came from.
    assert refresh_evidence(catalog) == []

    # An archivist's correction wins; a correction that takes the agreement away lets the
    # value go back to what was read at the next weighing.
    catalog.add_correction(docs[0].id, "signer_name", "Phạm Thị Hưởng", "archivist")
    assert refresh_evidence(catalog) == [sealed.id]
    assert effective_metadata(catalog, sealed)["signer_name"] == "Phạm Thị Hương"
    catalog.close()


def test_witnesses_kept_only_where_they_bear_give_the_same_evidence() -> None:
    """Sources.gather with `wanted` keeps only what the documents weighed can use; what it
    says of them is what the whole archive says."""
    from luutru.archive.evidence import Sources, wanted_by, witness

    blank = doc("a", "/scans/chuyen-muc-dich.pdf", "", "2025-02-05", "…/QĐ-UBND")
    blank.metadata["symbol"]["suggestion"] = "87/QĐ-UBND"
    cited = doc("c", "/scans/giao-dat.pdf", "86/QĐ-UBND", "2025-02-04")
    citing_c = doc("x", "/scans/thong-bao.pdf", "9/TB-UBND", "2025-03-01", cites=[
        {"symbol": "86/QĐ-UBND", "date": "2025-02-04"}])
    unrelated = doc("u", "/scans/khac.pdf", "5/KH-UBND", "2024-01-02", cites=[
        {"symbol": "3/BC-UBND", "date": "2023-12-30"}])
    signers = [signed("s", "Lê Văn Bính", doubtful=True), signed("t", "Lê Văn Bình"),
               signed("v", "Lê Văn Bình"), signed("w", "Trần Thị Hoa")]
    archive = [blank, cited, citing_c, unrelated, CITING, *signers]
    read = values(*archive)
    weighed = [blank, cited, signers[0]]
    wanted = wanted_by(weighed, read)
    lean = Sources.gather((witness(d.id, d.citations, read[d.id],
                                   d.metadata.get("signer_name") or {}) for d in archive), wanted)
    assert "3/BC-UBND" not in str(lean.by_symbol) + str(lean.by_date)
    assert ("trần thị hoa" not in str(lean.signers))
    full = archive_evidence(archive, read)
    assert archive_evidence(weighed, read, lean) == {d.id: full[d.id] for d in weighed}
    assert full["a"]["symbol"]["value"] == "87/QĐ-UBND" and "signer_name" in full["s"]
    assert full["c"]["symbol"] == {"confirmed_by": ["x"]}


def test_an_imported_record_is_a_witness_but_is_not_weighed(tmp_path) -> None:
    """refresh_evidence weighs scanned papers on the witness of every document, e-office
    records imported from another system included."""
    from luutru.archive.evidence import refresh_evidence
    from luutru.archive.records import effective_metadata

    config, catalog, docs = one_signer_three_papers(tmp_path)
    catalog.add_correction(docs[0].id, "signer_name", "Phạm Thị Hà", "archivist")
    refresh_evidence(catalog)
    sealed = catalog.document(docs[2].id)
    assert catalog.evidence(sealed.id)["signer_name"]["suggestion"] == "Phạm Thị Hường"
    assert effective_metadata(catalog, sealed)["signer_name"] == "Phạm Thị Hương"

    catalog.add_document("vb-dientu-1", "f" * 64, "edoc.json", 1, None, origin="import")
    catalog.finish_document("vb-dientu-1", {"issuer": {"value": ISSUER},
                                            "signer_name": {"value": "Phạm Thị Hường"}}, [])
    assert refresh_evidence(catalog) == [sealed.id]
    assert catalog.evidence(sealed.id)["signer_name"]["accepted_by"] == [docs[1].id,
                                                                          "vb-dientu-1"]
    assert effective_metadata(catalog, sealed)["signer_name"] == "Phạm Thị Hường"
    assert catalog.evidence("vb-dientu-1") == {}
    catalog.close()


def test_a_correction_in_the_web_app_reweighs_the_archive_after_the_response(tmp_path) -> None:
    """A signer corrected on one paper is a witness for the others: once the response is
    sent, the evidence is weighed again and the papers it changes are indexed again."""
    from fastapi.testclient import TestClient

    from luutru.archive.corrections import reweigh
    from luutru.archive.records import effective_metadata
    from luutru.archive.users import add_user
    from luutru.index import ArchiveIndex
    from luutru.search_ui.app import create_app
    from tests.test_web_app import csrf_of

    config, catalog, docs = one_signer_three_papers(tmp_path)
    sealed = docs[2].id
    reweigh(config, catalog)
    add_user(catalog, "luutru", "mat-khau-luu-tru", "archivist", 1)

    def indexed_signer() -> str:
        index = ArchiveIndex(config.index_dir, **config.index_options)
        found = index.get(sealed, 3)
        assert found is not None
        return str(found["metadata"]["signer_name"])

    assert indexed_signer() == "Phạm Thị Hường"
    with TestClient(create_app(config, anonymous=True)) as c:
        token = csrf_of(c, "/login")
        c.post("/login", data={"name": "luutru", "password": "mat-khau-luu-tru",
                               "csrf_token": token, "next": "/"})
        token = csrf_of(c, f"/documents/{docs[0].id}")
        r = c.post(f"/documents/{docs[0].id}/corrections", follow_redirects=False,
                   data={"field": "signer_name", "value": "Phạm Thị Hưởng", "csrf_token": token})
        assert r.status_code == 303
        # Two papers no longer agree on the name: the sealed one keeps what was read.
        assert "accepted_by" not in catalog.evidence(sealed).get("signer_name", {})
        assert effective_metadata(catalog, catalog.document(sealed))["signer_name"] \
            == "Phạm Thị Hương"
        assert indexed_signer() == "Phạm Thị Hương"
        page = c.get(f"/documents/{sealed}").text
        assert "Phạm Thị Hương" in page and "Phạm Thị Hường" not in page
    catalog.close()


def test_luutru_correct_reweighs_the_archive(tmp_path) -> None:
    from luutru.archive.corrections import reweigh
    from luutru.archive.records import effective_metadata
    from luutru.pipeline.cli import main

    config, catalog, docs = one_signer_three_papers(tmp_path)
    sealed = docs[2].id
    reweigh(config, catalog)
    assert effective_metadata(catalog, catalog.document(sealed))["signer_name"] == "Phạm Thị Hường"
    assert main(["correct", "--data", str(config.data_dir), docs[0].id, "signer_name",
                 "Phạm Thị Hưởng", "--user", "archivist"]) == 0
    assert effective_metadata(catalog, catalog.document(sealed))["signer_name"] == "Phạm Thị Hương"
    catalog.close()
