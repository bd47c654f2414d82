"""Archival packages (BagIt + E-ARK CSIP METS, PREMIS, EAD, Dublin Core) and TT 05/2025
metadata, over a real data directory whose documents were finished by the pipeline."""
from __future__ import annotations

import csv
import io
import json
import shutil

import bagit
import pytest
from lxml import etree

from luutru.archive.catalog import Catalog
from luutru.archive.package import (
    METS_NS,
    PREMIS_NS,
    XLINK_NS,
    mets_schema,
    verify_package,
    write_packages,
)
from luutru.archive.pdfa import pdfa_problems
from luutru.archive.tt05 import (
    DOCUMENT_EXTRA,
    DOCUMENT_FIELDS,
    HOSO_FIELDS,
    documents_csv,
    hoso_csv,
)
from luutru.pipeline.cli import main
from tests.archive_data import add_document, make_archive
from tests.signing import SIGNER, make_pki, sign, unsigned

EAD_NS = "urn:isbn:1-931666-22-9"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    config = make_archive(tmp_path_factory.mktemp("data"), {"HS-2021-01": 3, "HS-2021-02": 2})
    catalog = Catalog(config.catalog_path)
    # a signed source PDF, a classified document and an archivist's correction
    signer, _, _ = make_pki(tmp_path_factory.mktemp("pki"))
    scans = tmp_path_factory.mktemp("scans")
    signed = sign(signer, unsigned(scans / "plain.pdf"), scans / "signed.pdf", "Signature1")
    batch = catalog.start_batch("more")
    signed_id = add_document(config, catalog, batch, "HS-2021-02", 3, source=signed)
    secret_id = add_document(config, catalog, batch, "HS-2021-02", 4, classified=True)
    catalog.add_correction(signed_id, "subject", "về thủy lợi nội đồng", "lan")
    catalog.close()
    return config, signed_id, secret_id


@pytest.fixture(scope="module")
def packages(archive, tmp_path_factory):
    config, _, _ = archive
    out = tmp_path_factory.mktemp("packages")
    catalog = Catalog(config.catalog_path)
    results = write_packages(config, catalog, out)
    catalog.close()
    return out, {r.hoso: r for r in results}


def test_one_valid_bag_per_hoso(packages):
    out, results = packages
    assert sorted(results) == ["HS-2021-01", "HS-2021-02"]
    assert results["HS-2021-01"].documents == 3 and results["HS-2021-02"].documents == 4
    for code in results:
        bag = bagit.Bag(str(out / code))
        bag.validate()
        assert "sha256" in bag.algorithms
        names = sorted(p.name for p in (out / code / "data/representations/rep1/data").iterdir())
        count = results[code].documents
        assert names == [f"{code}.{n:07d}.pdf" for n in range(1, count + 1)]
        for name in names:
            assert pdfa_problems(out / code / "data/representations/rep1/data" / name) == []


def test_mets_valid_against_its_schema_with_every_checksum(packages):
    out, _ = packages
    mets = etree.parse(str(out / "HS-2021-02" / "data" / "METS.xml"))
    schema = mets_schema()
    assert schema.validate(mets), schema.error_log
    files = mets.findall(f".//{{{METS_NS}}}file")
    pdfs = [f for f in files if f.get("MIMETYPE") == "application/pdf"]
    assert len(pdfs) == 4
    for f in files:
        assert f.get("CHECKSUMTYPE") == "SHA-256" and len(f.get("CHECKSUM")) == 64
    kinds = {r.get("MDTYPE") for r in mets.iter(f"{{{METS_NS}}}mdRef")}
    assert kinds == {"EAD", "DC", "PREMIS"}
    hrefs = [r.get(f"{{{XLINK_NS}}}href") for r in mets.iter(f"{{{METS_NS}}}FLocat")]
    assert "representations/rep1/data/HS-2021-02.0000003.pdf" in hrefs


def test_a_broken_mets_fails_its_schema(packages):
    out, _ = packages
    mets = etree.parse(str(out / "HS-2021-01" / "data" / "METS.xml"))
    first = mets.find(f".//{{{METS_NS}}}file")
    first.set("CHECKSUMTYPE", "SHA-257")
    assert not mets_schema().validate(mets)


def test_premis_records_what_happened(packages, archive):
    out, _ = packages
    premis = etree.parse(str(out / "HS-2021-02" / "data/metadata/preservation/premis.xml"))
    types = [e.text for e in premis.iter(f"{{{PREMIS_NS}}}eventType")]
    assert types.count("ingestion") == 4
    assert types.count("optical character recognition") == 4
    assert types.count("metadata extraction") == 4
    assert types.count("metadata modification") == 1  # the archivist's correction
    assert types.count("digital signature validation") == 1  # only the signed PDF
    text = etree.tostring(premis, encoding="unicode")
    assert "tesseract test" in text and SIGNER in text and "về thủy lợi nội đồng" in text
    digests = {e.text for e in premis.iter(f"{{{PREMIS_NS}}}messageDigest")}
    assert len(digests) == 4


def test_ead_and_dublin_core_describe_the_hoso(packages, archive):
    out, _ = packages
    ead = etree.parse(str(out / "HS-2021-02" / "data/metadata/descriptive/ead.xml"))
    [hoso] = ead.findall(f".//{{{EAD_NS}}}c[@level='file']")
    items = hoso.findall(f"{{{EAD_NS}}}c[@level='item']")
    assert len(items) == 4
    labels = [e.text for e in hoso.find(f"{{{EAD_NS}}}odd").iter(f"{{{EAD_NS}}}label")]
    assert tuple(labels) == HOSO_FIELDS
    restricted = [i for i in items if i.find(f"{{{EAD_NS}}}accessrestrict") is not None]
    assert len(restricted) == 1 and "MẬT" in etree.tostring(restricted[0], encoding="unicode")
    dc = etree.parse(str(out / "HS-2021-02" / "data/metadata/descriptive/dc.xml"))
    assert "HS-2021-02" in [e.text for e in dc.iter("{http://purl.org/dc/elements/1.1/}identifier")]


def test_verify_finds_every_kind_of_damage(packages, tmp_path):
    out, _ = packages
    assert verify_package(out / "HS-2021-01").valid
    broken = tmp_path / "broken"
    shutil.copytree(out / "HS-2021-01", broken)
    pdf = broken / "data/representations/rep1/data/HS-2021-01.0000002.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0xFF
    pdf.write_bytes(bytes(data))
    result = verify_package(broken)
    assert not result.valid
    assert any("HS-2021-01.0000002.pdf" in p for p in result.problems)
    (broken / "data/metadata/descriptive/dc.xml").unlink()
    assert any("dc.xml" in p for p in verify_package(broken).problems)
    assert not verify_package(tmp_path).valid  # not a bag at all


def test_package_and_verify_commands(archive, tmp_path, capsys):
    config, _, _ = archive
    out = tmp_path / "out"
    assert main(["package", str(out), "--data", str(config.data_dir),
                 "--hoso", "HS-2021-01"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["documents"] == 3
    assert [p.name for p in out.iterdir()] == ["HS-2021-01"]
    assert main(["verify", str(out / "HS-2021-01")]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True
    (out / "HS-2021-01" / "bagit.txt").unlink()
    assert main(["verify", str(out / "HS-2021-01")]) == 1
    assert main(["package", str(tmp_path / "x"), "--data", str(config.data_dir),
                 "--hoso", "NO-SUCH"]) == 1


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_tt05_document_csv(archive):
    config, signed_id, secret_id = archive
    catalog = Catalog(config.catalog_path)
    rows = {r["docId"]: r for r in _rows(documents_csv(catalog))}
    assert tuple(next(iter(rows.values()))) == DOCUMENT_FIELDS + DOCUMENT_EXTRA
    assert len(DOCUMENT_FIELDS) == 21
    signed = rows[signed_id]
    assert signed["docCode"] == "HS-2021-02.0000003"
    assert signed["issuedDate"] == "04/03/2021"  # DD/MM/YYYY
    assert signed["typeName"] == "01" and signed["typeNameText"] == "Nghị quyết"
    assert (signed["codeNumber"], signed["codeNotation"]) == ("3", "NQ/HU")
    assert signed["confidenceLevel"] == "02" and signed["maintenance"] == "01"
    assert signed["subject"] == "về thủy lợi nội đồng"  # the correction wins
    secret = rows[secret_id]
    assert secret["mode"] == "03" and secret["classification"] == "MẬT"
    assert signed["mode"] == "" and signed["classification"] == ""
    catalog.close()


def test_tt05_hoso_csv(archive):
    config, _, _ = archive
    catalog = Catalog(config.catalog_path)
    rows = {r["fileCode"]: r for r in _rows(hoso_csv(catalog))}
    assert len(HOSO_FIELDS) == 18 and tuple(rows["HS-2021-01"]) == HOSO_FIELDS
    second = rows["HS-2021-02"]
    assert second["totalDoc"] == "4" and second["numberOfPage"] == "8"
    assert second["mode"] == "03"  # it holds a MẬT document
    assert (second["startDate"], second["endDate"]) == ("02/03/2021", "05/03/2021")
    assert second["title"] == "Hồ sơ HS-2021-02"
    catalog.close()
