"""The review queue's handwritten slots: the slot's picture beside the machine's reading, the
number and day typed with the keyboard alone, a confirm-as-correct action, and corrections
that win over extraction and survive running extraction again.

A real page image is drawn and a document is put into the catalog the way a batch leaves it
(archive.finishing.extract_metadata over its stored words); the browser test drives Debian's
Chromium through Playwright against the app under uvicorn.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.export import export_jsonl
from luutru.archive.finishing import extract_metadata
from luutru.archive.indexing import Indexer
from luutru.samples.render import load_font
from tests.live_server import chromium, live_server, screenshots_dir
from tests.test_web_app import USERS, add_page_image, as_user, build_archive, csrf_of

SLOT_ID = "a1b2c3d4e5f60718"


def _at(left: str, right: str, column: int = 560) -> str:
    """left, then right starting at x = column on draw_page's page (spaces as padding)."""
    font = load_font("liberation", "regular", 26)
    space = font.getlength(" ")
    return left + " " * max(1, round((column - 60 - font.getlength(left)) / space)) + right


def _centred(text: str) -> str:
    font = load_font("liberation", "regular", 26)
    return " " * round((880 - font.getlength(text)) / 2 / font.getlength(" ")) + text


# A directive whose number and day the văn thư left blank for the pen.
SLOT_LINES = [
    _at("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 470),
    _at("TỈNH BÌNH AN", "Độc lập - Tự do - Hạnh phúc", 540),
    _at("Số:        /CT-UBND", "Bình An, ngày      tháng 02 năm 2025", 500),
    "",
    _centred("CHỈ THỊ"),
    _centred("Về việc tăng cường phòng chống cháy rừng mùa khô năm 2025"),
    "",
    "Mùa khô năm nay đến sớm, nguy cơ cháy rừng ở các huyện miền núi rất cao,",
    "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành và địa phương chuẩn",
    "bị lực lượng, phương tiện chữa cháy và trực suốt mùa khô năm nay.",
    "",
    _at("Nơi nhận:", "CHỦ TỊCH", 600),
    "- Như trên;",
    "- Lưu: VT.",
    "",
    _at("", "Lê Văn Bình", 590),
]


def build_with_slots(data: Path) -> Config:
    config = build_archive(data)
    catalog = Catalog(config.catalog_path)
    text = "\n".join(SLOT_LINES)
    catalog.add_document(SLOT_ID, hashlib.sha256(text.encode()).hexdigest(),
                         "/scans/lo-thang-3/ct-trong.tif", 1, None)
    add_page_image(config, catalog, SLOT_ID, text)
    extract_metadata(config, catalog, catalog.document(SLOT_ID))
    with Indexer(config, catalog) as indexer:
        indexer.add_unindexed()
    catalog.close()
    return config


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("slots") / "data"
    build_with_slots(data)
    return data


@pytest.fixture
def fresh(built: Path, tmp_path: Path) -> Config:
    shutil.copytree(built, tmp_path / "data")
    return Config.load(tmp_path / "data")


def record(config: Config, doc_id: str) -> dict:
    catalog = Catalog(config.catalog_path)
    try:
        return next(r for r in export_jsonl(config, catalog) if r["id"] == doc_id)
    finally:
        catalog.close()


def test_extraction_leaves_the_blank_slots_empty_and_flagged(built):
    fields = record(Config.load(built), SLOT_ID)["fields"]
    assert fields["symbol"]["value"] == "" and fields["symbol"]["review"]
    assert fields["symbol"]["template"] == "…/CT-UBND"
    assert fields["date"]["value"] == "" and fields["date"]["review"]
    assert fields["date"]["template"] == "2025-02-…"
    assert fields["doc_type"]["value"] == "Chỉ thị" and not fields["doc_type"]["review"]
    for name in ("symbol", "date"):
        assert fields[name]["page"] == 1 and len(fields[name]["box"]) == 4


def test_queue_shows_each_slot_with_its_picture(built):
    config = Config.load(built)
    with as_user(config, "luutru") as c:
        html = c.get("/review").text
        assert html.count('class="card slot"') == 2
        for name in ("symbol", "date"):
            url = f"/documents/{SLOT_ID}/slots/{name}.png"
            assert f'src="{url}"' in html
            r = c.get(url)
            assert r.status_code == 200 and r.headers["content-type"] == "image/png"
            page = Image.open(config.page_image(SLOT_ID, 1))
            crop = Image.open(io.BytesIO(r.content))
            # The slot, not the page: one line high, part of the width.
            assert crop.height < page.height / 4 and crop.width < page.width
        # A field never found has no place on the page to show.
        assert c.get(f"/documents/{SLOT_ID}/slots/superior.png").status_code == 404
        assert c.get(f"/documents/{SLOT_ID}/slots/nothing.png").status_code == 404


def test_slot_value_is_typed_into_its_template_and_survives_reextraction(fresh):
    with as_user(fresh, "luutru") as c:
        token = csrf_of(c, "/review")
        for name, typed in (("symbol", "17"), ("date", "5")):
            r = c.post(f"/documents/{SLOT_ID}/corrections",
                       data={"field": name, "value": typed, "csrf_token": token,
                             "next": "/review"}, follow_redirects=False)
            assert r.status_code == 303
        assert 'class="card slot"' not in c.get("/review").text
    rec = record(fresh, SLOT_ID)
    assert rec["metadata"]["symbol"] == "17/CT-UBND"
    assert rec["metadata"]["number"] == "17"
    assert rec["metadata"]["date"] == "2025-02-05"
    assert rec["fields"]["symbol"]["corrected"] and not rec["fields"]["symbol"]["review"]
    # Extraction run again (an upgrade, `luutru reextract`): the archivist's values win.
    catalog = Catalog(fresh.catalog_path)
    extract_metadata(fresh, catalog, catalog.document(SLOT_ID))
    catalog.close()
    rec = record(fresh, SLOT_ID)
    assert (rec["metadata"]["symbol"], rec["metadata"]["date"]) == ("17/CT-UBND", "2025-02-05")


def test_confirm_as_correct_clears_the_review(fresh):
    catalog = Catalog(fresh.catalog_path)
    doc = catalog.document(SLOT_ID)
    metadata = dict(doc.metadata)
    metadata["signer_name"] = metadata["signer_name"] | {"review": True, "note": "thử"}
    catalog.finish_document(SLOT_ID, metadata, doc.citations)
    catalog.close()
    value = metadata["signer_name"]["value"]
    assert value == "Lê Văn Bình"
    with as_user(fresh, "luutru") as c:
        html = c.get("/review").text
        assert "Xác nhận đúng" in html
        token = csrf_of(c, "/review")
        c.post(f"/documents/{SLOT_ID}/corrections",
               data={"field": "signer_name", "value": value, "csrf_token": token})
    field = record(fresh, SLOT_ID)["fields"]["signer_name"]
    assert field["value"] == value and field["corrected"] and not field["review"]


# --------------------------------------------------------------------------- in a browser



@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Config]]:
    config = build_with_slots(tmp_path_factory.mktemp("slots-browser") / "data")
    with live_server(config) as url:
        yield url, config


@pytest.mark.browser
@pytest.mark.slow
def test_archivist_fills_number_and_day_with_the_keyboard_alone(server):
    base, config = server
    with chromium() as browser:
        page = browser.new_page(base_url=base, viewport={"width": 1366, "height": 900})
        page.goto("/login")
        page.fill("input[name=name]", "luutru")
        page.fill("input[name=password]", USERS["luutru"][0])
        page.click("form.stack button[type=submit]")
        page.wait_for_load_state()
        page.goto("/review")
        page.wait_for_function("document.querySelector('.slot-crop').complete && "
                               "document.querySelector('.slot-crop').naturalWidth > 0")
        page.screenshot(path=str(screenshots_dir() / "review-slots.png"), full_page=False)
        started = time.monotonic()
        for typed in ("17", "5"):
            # No mouse: the slot's input has the focus when the queue opens.
            assert page.evaluate("document.activeElement.classList.contains('slot-input')")
            page.keyboard.type(typed)
            with page.expect_navigation():
                page.keyboard.press("Enter")
        seconds = time.monotonic() - started
        assert page.locator(".card.slot").count() == 0
        assert "Đã lưu hiệu đính" in page.locator(".flash").inner_text()
    rec = record(config, SLOT_ID)
    assert (rec["metadata"]["symbol"], rec["metadata"]["date"]) == ("17/CT-UBND", "2025-02-05")
    assert seconds < 10, f"two slots took {seconds:.1f} s of the app's time"
    print(f"two slots typed and saved in {seconds:.2f} s (docs/metadata-real.md)")


def test_a_blank_back_page_is_not_queued_for_review(tmp_path):
    from luutru.ocr.page import PageOutput
    from luutru.ocr.types import PageResult, Word
    from luutru.pipeline.documents import save_page

    config = Config.load(tmp_path / "data")
    catalog = Catalog(config.catalog_path)
    catalog.add_document("b1a2c3k4", "b" * 64, "/scans/x.pdf", 2, None)
    png = io.BytesIO()
    Image.new("L", (100, 140), 255).save(png, "PNG")
    # The back of the sheet: only a seal showing through, read as a speck.
    blank = PageResult(2, 100, 140, (Word("`", (40, 60, 44, 66), 0.2, 0),), "`", 0.2, 0.05)
    assert save_page(config, catalog, "b1a2c3k4", PageOutput(blank, png.getvalue())) is False
    # A page with words read badly is queued.
    poor = replace(blank, number=1, words=(Word("Quyết", (10, 10, 40, 20), 0.3, 0),
                                            Word("đjnh", (45, 10, 70, 20), 0.2, 0)))
    assert save_page(config, catalog, "b1a2c3k4", PageOutput(poor, png.getvalue())) is True
    catalog.close()


def test_csv_notes_name_the_fields_to_check(built):
    import csv

    from luutru.archive.export import export_csv

    config = Config.load(built)
    catalog = Catalog(config.catalog_path)
    rows = list(csv.reader(io.StringIO(export_csv(config, catalog).lstrip("\ufeff"))))
    catalog.close()
    notes = rows[0].index("Ghi chú")
    row = next(r for r in rows if r[0] == SLOT_ID)
    assert row[notes] == "Trường cần kiểm tra: Số, ký hiệu, Ngày"


def test_the_review_page_and_the_export_agree_on_an_accepted_number(tmp_path):
    """A number the archive's evidence accepted (a citation agreeing with the pen's unsure
    reading) is shown as the export gives it: the value, unflagged, with its evidence."""
    from luutru.archive.export import export_record
    from luutru.archive.records import effective_metadata, with_accepted
    from luutru.search_ui import documents
    from luutru.search_ui.archive import Archive

    config = build_with_slots(tmp_path)
    catalog = Catalog(config.catalog_path)
    doc = catalog.document(SLOT_ID)
    symbol = doc.metadata["symbol"]
    assert symbol["value"] == "" and symbol["template"] == "…/CT-UBND"
    accepted = {"value": "12/CT-UBND", "accepted_by": ["b"], "note": "khớp với văn bản dẫn chiếu b"}
    said = {"symbol": accepted, "number": accepted | {"value": "12"}}

    def exported_with(said: dict) -> dict:
        values = with_accepted(effective_metadata(catalog, doc), said,
                               catalog.corrections(SLOT_ID))
        return export_record(config, catalog, doc, values, evidence=said)

    def shown() -> dict:
        return {f.name: f for f in documents.fields(Archive(config), doc)}

    # Before the evidence is stored the slot stays empty and in the queue.
    assert shown()["symbol"].value == "" and shown()["symbol"].slot
    assert catalog.replace_evidence({SLOT_ID: said}) == {SLOT_ID: {}}
    exported = exported_with(said)
    assert exported["metadata"]["symbol"] == shown()["symbol"].value == "12/CT-UBND"
    assert exported["fields"]["symbol"]["review"] is False and not shown()["symbol"].low
    assert shown()["symbol"].note == accepted["note"]
    assert shown()["symbol"] not in documents.review_fields(doc, list(shown().values()))

    # An archivist's correction wins over an accepted value in both.
    catalog.add_correction(SLOT_ID, "symbol", "13/CT-UBND", "archivist")
    assert shown()["symbol"].value == "13/CT-UBND"
    assert exported_with(said)["metadata"]["symbol"] == "13/CT-UBND"
    catalog.close()
