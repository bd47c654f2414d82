"""Ingest to archival outputs: every document PDF is PDF/A-2b with its text where it is
printed, a signed PDF reports its signatures in the export and on the document page, and a
scan below 200 dpi is reported and flagged."""
from __future__ import annotations

from pathlib import Path

import cv2
import pdfplumber
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.export import export_jsonl
from luutru.archive.pdfa import pdfa_problems
from luutru.pipeline.batch import run_batch, thread_runner
from tests.signing import SIGNER, make_pki, sign

SAMPLES = Path(__file__).parent.parent / "samples" / "scans"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    scans = tmp_path_factory.mktemp("scans")
    signer, _, _ = make_pki(tmp_path_factory.mktemp("pki"))
    sign(signer, SAMPLES / "s02_31_CT_TU.pdf", scans / "signed.pdf", "Signature1")
    # a colour photo scan at half its resolution: about 150 dpi
    image = cv2.imread(str(SAMPLES / "s07_37_CV_DU.jpg"))
    small = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    Image.fromarray(small[:, :, ::-1]).save(scans / "low.jpg", dpi=(150, 150))
    config = Config.load(tmp_path_factory.mktemp("archive") / "data", workers=2)
    report = run_batch(config, [scans], "archival", thread_runner(config))
    assert not report.failures
    records = {Path(r["source"]).name: r
               for r in export_jsonl(config, Catalog(config.catalog_path))}
    return config, report, records


def test_every_document_pdf_is_pdfa(archive):
    config, _, records = archive
    assert len(records) == 2
    for record in records.values():
        path = Path(record["files"]["pdf"])
        assert pdfa_problems(path) == [], path
        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() for page in pdf.pages)
        # the text layer reads as the catalog's text, page for page
        first_line = record["pages"][0]["text"].splitlines()[0]
        assert " ".join(first_line.split()[:3]) in " ".join(text.split())


def test_signed_pdf_reports_its_signature(archive):
    config, _, records = archive
    [signature] = records["signed.pdf"]["signatures"]
    assert signature["signer"] == SIGNER and signature["intact"] is True
    assert signature["chain"] == "not verified" and signature["covers"] == "whole file"
    assert "signatures" not in records["low.jpg"]

    from luutru.search_ui.app import create_app

    with TestClient(create_app(config, anonymous=True)) as client:
        page = client.get(f"/documents/{records['signed.pdf']['id']}")
    assert page.status_code == 200
    assert "Chữ ký số" in page.text and SIGNER in page.text
    assert "chưa kiểm tra" in page.text


def test_low_resolution_scan_reported_and_flagged(archive):
    _, report, records = archive
    [low] = report.low_resolution
    assert Path(low["source"]).name == "low.jpg" and low["dpi"] == 150
    assert records["low.jpg"]["review_pages"] == [1]
    assert not any(Path(r["source"]).name == "signed.pdf" for r in report.low_resolution)
