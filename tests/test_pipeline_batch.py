"""A batch through every step with the plain thread runner: no orchestrator needed."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.corrections import correct
from luutru.archive.export import export_csv, export_jsonl
from luutru.index import ArchiveIndex
from luutru.index.types import OPERATOR_CLEARANCE
from luutru.pipeline.batch import run_batch, thread_runner
from tests.conftest import text_page

HEADER = [
    "UBND HUYỆN NAM GIANG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Số: 15/QĐ-UBND                      Độc lập - Tự do - Hạnh phúc",
    "                          Nam Giang, ngày 20 tháng 01 năm 2016",
    "QUYẾT ĐỊNH",
    "Về việc thành lập Ban chỉ đạo cải cách hành chính",
    "Căn cứ Nghị quyết số 15-NQ/TW ngày 30/7/2007 của Ban Chấp hành Trung ương;",
]


def write_scan(path: Path, lines: list[str], pages: int = 1) -> Path:
    images = [Image.fromarray(text_page(lines, width_in=8)) for _ in range(pages)]
    if path.suffix == ".tiff":
        images[0].save(path, save_all=True, append_images=images[1:], dpi=(300, 300),
                       compression="tiff_lzw")
    else:
        images[0].save(path, dpi=(300, 300))
    return path


@pytest.fixture
def scans(tmp_path: Path) -> Path:
    folder = tmp_path / "scans"
    (folder / "box1").mkdir(parents=True)
    write_scan(folder / "box1" / "quyet-dinh.tiff", HEADER, pages=2)
    write_scan(folder / "letter.png", ["Kính gửi: Phòng Nội vụ huyện Nam Giang",
                                       "Đề nghị báo cáo kết quả cải cách hành chính."])
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "notes.txt").write_text("ghi chú", encoding="utf-8")
    (folder / "fake.tiff").write_text("ghi chú", encoding="utf-8")
    (folder / "cut.png").write_bytes((folder / "letter.png").read_bytes()[:300])
    return folder


def run(config: Config, scans: Path, batch: str = "b1"):
    return run_batch(config, [scans], batch, thread_runner(config))


@pytest.mark.slow  # Tesseract
def test_batch_reads_every_page_reports_bad_files_and_goes_on(scans, data_dir):
    config = Config.load(data_dir, workers=2)
    report = run(config, scans)
    # The truncated PNG has a good header: it is a document whose page cannot be decoded.
    assert report.documents == 3 and report.pages == 3
    failed = {Path(f["path"]).name: f["reason"] for f in report.failures}
    assert failed["empty.jpg"] == "empty file"
    assert failed["fake.tiff"] == "not a PDF, TIFF, JPEG or PNG"
    assert "cut.png" in failed
    assert [Path(p).name for p in report.not_scans] == ["notes.txt"]  # not a scan at all
    saved = json.loads(config.report("b1").read_text(encoding="utf-8"))
    assert saved["pages"] == 3 and len(saved["failures"]) == 3

    catalog = Catalog(config.catalog_path)
    docs = catalog.documents(status="done")
    assert len(docs) == 2 and all(d.indexed for d in docs)
    decision = next(d for d in docs if d.source.endswith("quyet-dinh.tiff"))
    pdf = pdfium.PdfDocument(str(config.document_pdf(decision.id)))
    assert len(pdf) == 2
    assert "cải cách hành chính" in pdf[0].get_textpage().get_text_range()  # searchable
    assert any(o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for o in pdf[0].get_objects())
    assert config.page_image(decision.id, 2).exists()
    assert "ocrx_word" in config.page_hocr(decision.id, 1).read_text(encoding="utf-8")
    assert "cải cách hành chính" in config.document_text(decision.id).read_text("utf-8")


@pytest.mark.slow  # Tesseract
def test_running_again_does_no_work_twice_even_under_another_name(scans, data_dir):
    config = Config.load(data_dir, workers=2)
    run(config, scans)
    copy = scans / "box1" / "copy-of-letter.png"
    copy.write_bytes((scans / "letter.png").read_bytes())
    again = run(config, scans, "b2")
    assert again.pages == 0 and again.new_documents == 0 and again.already_done == 2
    assert [d["path"] for d in again.duplicates] == [str(copy)]


@pytest.mark.slow  # Tesseract
def test_a_batch_killed_after_some_pages_finishes_without_redoing_them(scans, data_dir):
    config = Config.load(data_dir, workers=1)

    class Killed(BaseException):
        pass

    def runner_killed_after_two_pages(jobs):
        read = 0
        for job, outcome in thread_runner(config)(jobs):
            if read == 2:
                raise Killed  # like SIGKILL: nothing after this point runs
            read += not isinstance(outcome, BaseException)
            yield job, outcome

    with pytest.raises(Killed):
        run_batch(config, [scans], "b1", runner_killed_after_two_pages)
    catalog = Catalog(config.catalog_path)
    done_before = sum(len(catalog.done_pages(d.id)) for d in catalog.documents())
    assert done_before == 2
    resumed = run(config, scans, "b2")
    assert resumed.pages == 3 - done_before  # 4 pages, one of which cannot be decoded
    good = [d for d in catalog.documents() if not d.source.endswith("cut.png")]
    assert all(d.status == "done" and d.indexed for d in good)


@pytest.mark.slow  # Tesseract
def test_export_contract_and_csv(scans, data_dir):
    config = Config.load(data_dir, workers=2)
    run(config, scans)
    catalog = Catalog(config.catalog_path)
    records = {Path(r["source"]).name: r for r in export_jsonl(config, catalog)}
    decision = records["quyet-dinh.tiff"]
    assert [p["number"] for p in decision["pages"]] == [1, 2]
    assert 0 < decision["pages"][0]["confidence"] <= 1
    meta = decision["metadata"]
    assert set(meta) >= {"family", "symbol", "number", "doc_type", "issuer", "superior",
                         "place", "date", "subject", "signer_authority", "signer_title",
                         "signer_name", "classification", "urgency"}
    assert meta["symbol"] == "15/QĐ-UBND" and meta["doc_type"] == "Quyết định"
    assert any(c["symbol"] == "15-NQ/TW" for c in decision["citations"])
    assert decision["files"]["pdf"].endswith(".pdf")
    table = export_csv(config, catalog)
    assert table.startswith("\ufeffMã định danh,")
    assert "15/QĐ-UBND" in table


@pytest.mark.slow  # Tesseract
def test_a_correction_wins_is_logged_and_is_searchable_at_once(scans, data_dir):
    config = Config.load(data_dir, workers=2)
    run(config, scans)
    catalog = Catalog(config.catalog_path)
    doc = next(d for d in catalog.documents(status="done") if d.source.endswith(".tiff"))
    correct(config, catalog, doc.id, "subject", "Về việc thành lập Tổ công tác đặc biệt", "lan")
    assert catalog.correction_log(doc.id)[0]["user"] == "lan"
    index = ArchiveIndex(config.index_dir)
    hits = index.search('"tổ công tác đặc biệt"', clearance=OPERATOR_CLEARANCE).hits
    assert [h.id for h in hits] == [doc.id]
    # Re-running the batch (re-ingest) keeps the correction.
    run(config, scans, "b2")
    record = next(r for r in export_jsonl(config, Catalog(config.catalog_path))
                  if r["id"] == doc.id)
    assert record["metadata"]["subject"] == "Về việc thành lập Tổ công tác đặc biệt"
    assert record["fields"]["subject"]["corrected"]


def test_discovery_walks_folders_in_order_and_reports_missing_paths(tmp_path):
    from luutru.pipeline.documents import discover

    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for name in ("b/2.png", "b/1.png", "a/z.tiff", "a/.hidden.png"):
        (tmp_path / name).write_bytes(b"x")
    files, problems = discover([tmp_path, tmp_path / "khong-co"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/z.tiff", "b/1.png",
                                                                   "b/2.png"]
    assert [(Path(p.path).name, p.reason) for p in problems] == [
        ("khong-co", "no such file or folder")]


@pytest.mark.slow  # Tesseract
def test_an_unreadable_folder_is_reported_and_the_batch_goes_on(scans, data_dir):
    # Root reads any folder; drop the capabilities that let it, so the permission bites.
    locked = scans / "box2"
    locked.mkdir()
    write_scan(locked / "hidden.png", ["Kính gửi: Văn phòng Huyện ủy"])
    locked.chmod(0)
    command = [sys.executable, "-c", (
        "import json, sys; from pathlib import Path;"
        "from luutru.pipeline.batch import run_batch, thread_runner;"
        "from luutru.archive.config import Config;"
        "c = Config.load(sys.argv[2], workers=1);"
        "r = run_batch(c, [Path(sys.argv[1])], 'b1', thread_runner(c));"
        "print(json.dumps(r.to_json()))"), str(scans), str(data_dir)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("setpriv is needed to run without root's file access")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True,
                              cwd=Path(__file__).resolve().parent.parent)
    finally:
        locked.chmod(0o755)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    failed = {f["path"]: f["reason"] for f in report["failures"]}
    assert failed[str(locked)] == "cannot be read (Permission denied)"
    assert report["pages"] == 3  # the readable files were read all the same
