"""The Prefect flow's head start: pages read while the orchestrator's server starts."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.records import file_hash
from luutru.pipeline.batch import PageJob
from luutru.pipeline.documents import document_id
from luutru.pipeline.flow import HeadStart
from tests.test_pipeline_batch import HEADER, write_scan

pytestmark = pytest.mark.slow  # Prefect and Tesseract


@pytest.fixture
def scans(tmp_path: Path) -> Path:
    folder = tmp_path / "scans"
    folder.mkdir()
    write_scan(folder / "a-cong-van.png", ["Kính gửi: Phòng Tài chính huyện Đắk Glei"])
    write_scan(folder / "b-quyet-dinh.tiff", HEADER, pages=2)
    (folder / "c-notes.txt").write_text("ghi chú", encoding="utf-8")
    return folder


def test_new_pages_are_read_in_batch_order_until_the_server_is_up(scans, tmp_path):
    config = Config.load(tmp_path / "data", workers=1)
    known, new = scans / "a-cong-van.png", scans / "b-quyet-dinh.tiff"
    catalog = Catalog(config.catalog_path)  # the first file is from an earlier batch
    catalog.add_document(document_id(file_hash(known)), file_hash(known), str(known), 1,
                         catalog.start_batch("earlier"))
    catalog.close()
    head = HeadStart(config)

    def server_up_after_two_pages() -> None:
        deadline = time.monotonic() + 120
        while not (len(head._early) == 2 and all(f.done() for f in head._early.values())):
            assert time.monotonic() < deadline
            time.sleep(0.05)

    head.read_while(server_up_after_two_pages, [scans])
    new_id = document_id(file_hash(new))
    assert head.take(PageJob(document_id(file_hash(known)), str(known), 1)) is None
    for number in (1, 2):
        early = head.take(PageJob(new_id, str(new), number))
        assert early.result().result.number == number
        assert "Nghị quyết" in early.result().result.text
    assert head.take(PageJob(new_id, str(new), 1)) is None  # taken once
    head.close()


def test_a_server_that_fails_to_start_is_an_error_not_a_hang(scans, tmp_path):
    head = HeadStart(Config.load(tmp_path / "data", workers=1))

    def fails() -> None:
        raise RuntimeError("Timed out while attempting to connect to ephemeral Prefect API")

    with pytest.raises(RuntimeError, match="ephemeral Prefect API"):
        head.read_while(fails, [scans])
    head.close()
