"""A Party committee's paper whose number and day the văn thư wrote by pen: `Số` without a
colon, the number before a hyphened code (`-NQ/TU`), read end to end by ingest."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import a4_page, ingested_record

pytestmark = pytest.mark.slow

BLUE = (160, 60, 20)  # BGR: a ballpoint's blue
# Pen strokes of a continental 1, a 5 and a 2 in a 45 x 70 px box (300 dpi).
ONE = [[(10, 25), (28, 2), (26, 70)]]
FIVE = [[(40, 0), (8, 2), (5, 33), (30, 30), (44, 48), (38, 68), (4, 68)]]
TWO = [[(4, 14), (20, 0), (40, 10), (38, 30), (4, 70), (44, 68)]]


def party_page() -> np.ndarray:
    """An A4 page at 300 dpi: a provincial Party committee's resolution, printed with its
    number and day left blank, then `15` and `12` written in by a blue pen."""
    image = a4_page([
        ((250, 250), "ĐẢNG BỘ TỈNH BÌNH ĐỊNH", False), ((420, 320), "TỈNH ỦY", True),
        ((300, 470), "Số", False), ((560, 470), "-NQ/TU", False),
        ((1400, 250), "ĐẢNG CỘNG SẢN VIỆT NAM", True),
        ((1280, 470), "Bình Định, ngày", False), ((1770, 470), "tháng 3 năm 2024", False),
        ((1000, 700), "NGHỊ QUYẾT", True),
        ((560, 790), "về phát triển kinh tế biển bền vững đến năm 2030", True),
        ((250, 950), "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", False),
        ((250, 1030), "Ban Thường vụ Tỉnh ủy quyết nghị tập trung phát triển các ngành", False),
        ((250, 1110), "kinh tế biển có lợi thế, gắn với bảo vệ môi trường.", False),
        ((1500, 1600), "T/M BAN THƯỜNG VỤ", True), ((1650, 1670), "BÍ THƯ", True),
        ((1520, 1950), "Hồ Quốc Dũng", True),
    ], mode="RGB")
    page = np.asarray(image)[:, :, ::-1].copy()
    for strokes, dx in ((ONE, 400), (FIVE, 450), (ONE, 1665), (TWO, 1705)):
        for stroke in strokes:
            points = np.array([(x + dx, y + 462) for x, y in stroke], np.int32)
            cv2.polylines(page, [points], False, BLUE, 5, cv2.LINE_AA)
    return page


def test_a_party_papers_handwritten_number_and_day_are_read(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    cv2.imwrite(str(scans / "nghi-quyet.png"), party_page())
    fields = ingested_record(tmp_path, scans, "party")["fields"]
    assert fields["symbol"]["value"] == "15-NQ/TU" and fields["number"]["value"] == "15"
    assert fields["date"]["value"] == "2024-03-12"
    # Read from a pen: kept for a human's look.
    assert fields["symbol"]["review"] and fields["date"]["review"]
