"""A scan whose file the office signed digitally: the day it was signed is evidence for the
date printed or written on the paper, end to end through ingest."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import a4_page, ingested_record
from tests.signing import make_pki, sign

pytestmark = pytest.mark.slow


def scanned_pdf(path: Path, day: dt.date) -> Path:
    """A one-page A4 scan at 300 dpi, as a PDF: a district committee's decision dated `day`."""
    image = a4_page([
        ((250, 250), "ỦY BAN NHÂN DÂN", True), ((250, 320), "HUYỆN SƠN HÀ", True),
        ((300, 470), "Số: 214/QĐ-UBND", False),
        ((1250, 250), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ((1450, 320), "Độc lập - Tự do - Hạnh phúc", True),
        ((1300, 470), f"Sơn Hà, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
         False),
        ((1000, 700), "QUYẾT ĐỊNH", True),
        ((500, 790), "Về việc thành lập Tổ công tác rà soát hồ sơ đất đai", True),
        ((250, 950), "Căn cứ Luật Tổ chức chính quyền địa phương;", False),
        ((250, 1030), "Xét đề nghị của Trưởng phòng Nội vụ huyện.", False),
        ((1500, 1600), "TM. ỦY BAN NHÂN DÂN", True), ((1650, 1670), "CHỦ TỊCH", True),
        ((1520, 1950), "Phạm Văn Tường", True),
    ])
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
    date = ingested_record(tmp_path, scans, "signed")["fields"]["date"]
    assert date["value"] == today.isoformat()
    assert date["note"] == "khớp với thời gian ký số" and not date["review"]
