"""A scan whose file the office signed digitally: the day it was signed is evidence for the
date printed or written on the paper, end to end through ingest."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.export import export_jsonl
from luutru.pipeline.batch import run_batch, thread_runner
from luutru.samples.render import load_font
from tests.signing import make_pki, sign

pytestmark = pytest.mark.slow


def scanned_pdf(path: Path, day: dt.date) -> Path:
    """A one-page A4 scan at 300 dpi, as a PDF: a district committee's decision dated `day`."""
    regular = load_font("liberation", "regular", 54)
    bold = load_font("liberation", "bold", 54)
    image = Image.new("L", (2480, 3508), 250)
    draw = ImageDraw.Draw(image)
    for (x, y), text, font in [
        ((250, 250), "ỦY BAN NHÂN DÂN", bold), ((250, 320), "HUYỆN SƠN HÀ", bold),
        ((300, 470), "Số: 214/QĐ-UBND", regular),
        ((1250, 250), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold),
        ((1450, 320), "Độc lập - Tự do - Hạnh phúc", bold),
        ((1300, 470), f"Sơn Hà, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
         regular),
        ((1000, 700), "QUYẾT ĐỊNH", bold),
        ((500, 790), "Về việc thành lập Tổ công tác rà soát hồ sơ đất đai", bold),
        ((250, 950), "Căn cứ Luật Tổ chức chính quyền địa phương;", regular),
        ((250, 1030), "Xét đề nghị của Trưởng phòng Nội vụ huyện.", regular),
        ((1500, 1600), "TM. ỦY BAN NHÂN DÂN", bold), ((1650, 1670), "CHỦ TỊCH", bold),
        ((1520, 1950), "Phạm Văn Tường", bold),
    ]:
        draw.text((x, y), text, font=font, fill=20)
    image.save(path, "PDF", resolution=300)
    return path


def test_a_date_on_the_day_the_file_was_signed_is_confirmed_by_it(tmp_path: Path) -> None:
    (tmp_path / "pki").mkdir()
    signer, _, _ = make_pki(tmp_path / "pki")
    scans = tmp_path / "scans"
    scans.mkdir()
    # pyHanko writes its clock's time without a timestamp token: that day as written.
    today = dt.datetime.now(dt.UTC).date()
    sign(signer, scanned_pdf(tmp_path / "plain.pdf", today), scans / "signed.pdf",
         "Signature1")
    config = Config.load(tmp_path / "data", workers=1)
    report = run_batch(config, [scans], "signed", thread_runner(config))
    assert not report.failures
    [record] = export_jsonl(config, Catalog(config.catalog_path))
    date = record["fields"]["date"]
    assert date["value"] == today.isoformat()
    assert date["note"] == "khớp với thời gian ký số" and not date["review"]
