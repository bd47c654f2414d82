"""The OCR engine seam: read_page and a batch with an engine that is not Tesseract (the
fake engine: it gives back the words it was shown for exactly that image)."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.index import ArchiveIndex
from luutru.index.types import OPERATOR_CLEARANCE
from luutru.ocr.clean import clean
from luutru.ocr.fake import FakeEngine
from luutru.ocr.load import load_page
from luutru.ocr.page import read_page
from luutru.ocr.types import Word
from luutru.pipeline.batch import run_batch, thread_runner
from tests.conftest import text_page

LINE = ["Kính gửi: Phòng Nội vụ huyện Nam Giang"]


def scan(path: Path, lines: list[str]) -> Path:
    Image.fromarray(text_page(lines, width_in=8)).save(path, dpi=(300, 300))
    return path


def shown(engine: FakeEngine, path: Path, texts: list[str]) -> None:
    """Show the engine the cleaned page read_page will hand it, with `texts` on one line."""
    cleaned = clean(load_page(path, 1), osd=engine.orientation)
    words = [Word(t, (100 + 200 * i, 120, 280 + 200 * i, 170), 0.96, 0)
             for i, t in enumerate(texts)]
    engine.show(cleaned.image, words)
    engine.calls.clear()


def test_read_page_reads_through_the_engine_it_is_given(tmp_path: Path):
    path = scan(tmp_path / "letter.png", LINE)
    engine = FakeEngine()
    shown(engine, path, ["Kính", "gửi:", "Phòng", "Nội", "vụ"])
    out = read_page(path, 1, engine)
    assert out.result.text == "Kính gửi: Phòng Nội vụ"
    assert out.result.method == "ocr"
    assert "page" in engine.calls


def test_orientation_is_asked_of_the_engine_when_the_page_cannot_tell(tmp_path: Path):
    # One line of text is too little for the ascender test: the engine is asked.
    path = scan(tmp_path / "short.png", LINE)
    engine = FakeEngine()
    read_page(path, 1, engine)
    assert engine.calls[0] == "orientation"


def test_an_unknown_image_reads_as_a_blank_page(tmp_path: Path):
    path = scan(tmp_path / "letter.png", LINE)
    out = read_page(path, 1, FakeEngine())
    assert out.result.words == () and out.result.text == ""


def test_a_batch_finishes_with_an_engine_that_draws_no_pdf(tmp_path: Path):
    folder = tmp_path / "scans"
    folder.mkdir()
    path = scan(folder / "letter.png", LINE)
    engine = FakeEngine()
    shown(engine, path, ["Kính", "gửi:", "Phòng", "Nội", "vụ", "huyện", "Nam", "Giang"])
    config = Config.load(tmp_path / "data", workers=1)
    report = run_batch(config, [folder], "b1", thread_runner(config, engine))
    assert report.failures == [] and report.pages == 1
    doc = Catalog(config.catalog_path).documents(status="done")[0]
    pdf = pdfium.PdfDocument(str(config.document_pdf(doc.id)))
    assert len(pdf) == 1
    assert round(pdf[0].get_width()) == 8 * 72  # the 8-inch page, sized from its image
    hits = ArchiveIndex(config.index_dir).search("phong noi vu", clearance=OPERATOR_CLEARANCE)
    assert [h.id for h in hits.hits] == [doc.id]


def test_an_engine_without_provenance_is_named_and_nothing_more():
    from luutru.ocr.engines import EngineSettings, engine_provenance

    assert engine_provenance("other", EngineSettings()) == {"engine": "other"}


@pytest.mark.slow  # runs Tesseract
def test_the_configured_tesseract_names_its_version_and_model_files(tmp_path: Path):
    info = Config.load(tmp_path, lang="vie").ocr_provenance()
    assert info["engine"] == "tesseract" and info["model"] == "vie"
    assert info["version"][:1].isdigit()
    assert len(info["model_sha256:vie"]) == 64
