"""Phone photos: the sheet is found on its desk and taken out of its perspective; scans,
rendered pages and photos filled by their page pass through untouched."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

import luutru.ocr.clean as clean_module
from luutru.ocr.clean import clean, map_box, page_map, sheet_taken, upright
from luutru.ocr.photo import Sheet, find_sheet
from luutru.ocr.types import Page
from luutru.samples.render import load_font

# Our own text, with every kind of mark, in the shape of an official paper.
TEXT = [
    "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "HUYỆN ĐỨC PHỔ                                 Độc lập - Tự do - Hạnh phúc",
    "Số: 128/UBND-VP                     Đức Phổ, ngày 14 tháng 3 năm 2024",
    "V/v tổ chức kiểm tra công tác lưu trữ hồ sơ năm 2024",
    "Thực hiện kế hoạch của Ủy ban nhân dân tỉnh về việc chỉnh lý tài liệu",
    "tồn đọng, Ủy ban nhân dân huyện đề nghị các phòng, ban chuyên môn rà soát,",
    "thống kê đầy đủ hồ sơ, sổ sách; bảo quản tài liệu ở nơi khô ráo, an toàn;",
    "kịp thời báo cáo những khó khăn, vướng mắc về Văn phòng để tổng hợp.",
    "Đề nghị thủ trưởng các cơ quan, đơn vị quan tâm triển khai thực hiện./.",
]


def a4_page(dpi: int = 150, colour: bool = False) -> np.ndarray:
    """An A4 page with the text near its top, grey (or colour, slightly yellow paper)."""
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    paper = (240, 236, 224) if colour else (255, 255, 255)
    image = Image.new("RGB", (w, h), paper)
    draw = ImageDraw.Draw(image)
    font = load_font("liberation", "regular", round(12 * dpi / 72))
    for i, line in enumerate(TEXT * 3):
        draw.text((round(0.8 * dpi), round((0.8 + 0.3 * i) * dpi)), line, font=font,
                  fill=(20, 20, 20))
    pixels = np.asarray(image)[:, :, ::-1].copy()
    return pixels if colour else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)


def desk(h: int, w: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "wood":
        grain = 0.8 + 0.2 * np.sin(y * 0.3 + 8 * np.sin(x * 0.01))
        out = np.array([50, 90, 150], np.float32)[None, None, :] * grain[..., None]
    elif kind == "cloth":
        weave = 10 * np.sin(x * 1.5) * np.sin(y * 1.5)
        out = np.array([120, 60, 40], np.float32)[None, None, :] + weave[..., None]
    else:  # a light laminate, little darker than the paper
        out = np.full((h, w, 3), 175, np.float32) + rng.normal(0, 3, (h, w, 3))
    return out


def photograph(page: np.ndarray, corners: np.ndarray, frame: tuple[int, int],
               kind: str = "wood", finger: bool = False) -> np.ndarray:
    """The page laid on a desk at `corners` (top-left clockwise) in a frame (h, w), lit
    unevenly, a little blurred, through JPEG at quality 70."""
    if page.ndim == 2:
        page = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    h, w = page.shape[:2]
    fh, fw = frame
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    sheet = cv2.warpPerspective(page.astype(np.float32), matrix, (fw, fh))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (fw, fh))[..., None]
    photo = desk(fh, fw, kind) * (1 - mask) + sheet * mask
    if finger:
        x, y = (corners[1] + corners[2]) / 2
        cv2.ellipse(photo, (int(x), int(y)), (fw // 14, fw // 30), 0, 0, 360, (120, 150, 210), -1)
    light = np.linspace(0.7, 1.0, fw, dtype=np.float32)[None, :, None]
    photo = cv2.GaussianBlur(photo * light, (0, 0), 0.7)
    jpeg = cv2.imencode(".jpg", np.clip(photo, 0, 255).astype(np.uint8),
                        [cv2.IMWRITE_JPEG_QUALITY, 70])[1]
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def tilted(w: int, h: int, frame_w: int, frame_h: int, turn: float = 6,
           top: float = 0.9) -> np.ndarray:
    """Corners of a sheet w x h turned `turn` degrees and seen in perspective (its top
    farther from the camera, so narrower: `top` of the bottom's width), centred in the
    frame."""
    a = np.deg2rad(turn)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    box = np.array([[-w / 2 * top, -h / 2], [w / 2 * top, -h / 2], [w / 2, h / 2],
                    [-w / 2, h / 2]])
    return box @ rot.T + [frame_w / 2, frame_h / 2]


def corner_error(found: Sheet, truth: np.ndarray) -> float:
    return float(np.abs(found.corners - truth).max())


# A photo at ~100 dpi-equivalent: the page 827 px wide in a frame 1100 x 1400.
PHOTO_DPI = 100
FRAME = (1400, 1100)


@pytest.mark.parametrize("kind", ["wood", "cloth", "laminate"])
def test_a_sheet_on_a_desk_is_found_at_its_corners(kind):
    page = a4_page(PHOTO_DPI, colour=True)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0])
    sheet = find_sheet(photograph(page, truth, FRAME, kind))
    assert sheet is not None
    assert corner_error(sheet, truth) < 0.012 * max(FRAME)
    assert (sheet.width, sheet.height) == (2480, 3508)  # A4 at 300 dpi
    assert sheet.seen_dpi == pytest.approx(PHOTO_DPI, rel=0.1)


def test_a_finger_over_the_edge_does_not_move_the_corners():
    page = a4_page(PHOTO_DPI)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0])
    sheet = find_sheet(photograph(page, truth, FRAME, finger=True))
    assert sheet is not None
    assert corner_error(sheet, truth) < 0.012 * max(FRAME)


def test_a_corner_outside_the_frame_is_found_where_its_sides_meet():
    page = a4_page(PHOTO_DPI)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0]) + [170, -40]
    assert truth[1, 0] > FRAME[1]  # the top-right corner lies outside the photo
    sheet = find_sheet(photograph(page, truth, FRAME))
    assert sheet is not None
    assert corner_error(sheet, truth) < 0.015 * max(FRAME)


def test_a_sheet_cut_by_the_frame_is_cut_where_the_frame_cuts_it():
    page = a4_page(PHOTO_DPI)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0]) + [0, 330]
    assert truth[2, 1] > FRAME[0] and truth[3, 1] > FRAME[0]  # both bottom corners out
    sheet = find_sheet(photograph(page, truth, FRAME))
    assert sheet is not None
    assert np.abs(sheet.corners[:2] - truth[:2]).max() < 0.012 * max(FRAME)
    assert sheet.width == 2480  # scaled by the width it shows whole
    assert sheet.height < 3508


@pytest.mark.parametrize("dpi", [150, 200, 300, 600])
@pytest.mark.parametrize("colour", [True, False], ids=["colour", "grey"])
def test_a_scan_has_no_sheet(dpi, colour):
    assert find_sheet(a4_page(dpi, colour)) is None


def test_a_scan_with_a_dark_lid_border_has_no_sheet():
    page = a4_page(150)
    page[:, :25] = 30
    page[-20:] = 40
    assert find_sheet(page) is None


def test_a_photo_filled_by_its_page_has_no_sheet():
    page = a4_page(PHOTO_DPI, colour=True)
    h, w = page.shape[:2]
    # The sheet a little larger than the frame: the desk shows nowhere.
    corners = np.array([[-8, -10], [w + 6, -6], [w + 9, h + 8], [-5, h + 10]], float)
    assert find_sheet(photograph(page, corners, (h, w))) is None


def test_the_sheet_step_records_enough_to_redo_the_warp():
    page = a4_page(PHOTO_DPI)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0])
    sheet = find_sheet(photograph(page, truth, FRAME))
    assert sheet is not None
    again = Sheet.from_step(sheet.step())
    assert again is not None
    points = np.float32([[[0, 0]], [[500, 700]], [[1000, 1300]]])
    assert np.abs(cv2.perspectiveTransform(points, again.matrix())
                  - cv2.perspectiveTransform(points, sheet.matrix())).max() < 1.0
    assert (again.width, again.height, again.seen_dpi) == (sheet.width, sheet.height,
                                                           sheet.seen_dpi)
    assert Sheet.from_step("deskew-+1.0") is None
    # A corner outside the photo has negative coordinates.
    out = Sheet(np.array([[-12.5, -3.0], [900.0, -7.25], [950.0, 1300.0], [-40.0, 1280.0]]),
                2480, 3508, 300, 96)
    back = Sheet.from_step(out.step())
    assert back is not None and np.allclose(back.corners, out.corners, atol=0.05)


def test_clean_takes_the_sheet_out_of_the_photo_and_maps_its_words():
    page = a4_page(PHOTO_DPI)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0])
    photo = photograph(page, truth, FRAME)
    cleaned = clean(Page(photo, 132, 1, "photo.jpg"))  # 132: what a JPEG's width suggests
    assert cleaned.steps[0].startswith("sheet-")
    assert cleaned.image.shape == (3508, 2480) and cleaned.dpi == 300
    assert cleaned.rotation == 0 and abs(cleaned.skew) < 0.5
    assert cleaned.paper_dpi == pytest.approx(PHOTO_DPI, rel=0.1)
    # The first line's start, placed on the photo by the known warp, lands where the
    # upright page puts it: 0.8 inch from the left, 0.8 inch from the top, at 300 dpi.
    x, y = 0.8 * PHOTO_DPI, 0.8 * PHOTO_DPI + 10
    src = np.float32([[0, 0], [page.shape[1], 0], [page.shape[1], page.shape[0]],
                      [0, page.shape[0]]])
    to_photo = cv2.getPerspectiveTransform(src, truth.astype(np.float32))
    px, py, pw = to_photo @ [x, y, 1]
    forward = page_map(photo.shape, 132, cleaned.steps).forward
    x0, y0, _, _ = map_box(forward, (round(px / pw), round(py / pw), round(px / pw),
                                    round(py / pw)))
    assert abs(x0 - 240) < 25 and abs(y0 - (240 + 30)) < 25  # 2 mm
    ink = cleaned.image[y0 - 20:y0 + 40, x0:x0 + 300] < 128
    assert ink.mean() > 0.05  # the text is there
    assert upright(photo, 132, cleaned).shape[:2] == cleaned.image.shape


def test_a_sheet_photographed_sideways_comes_out_upright():
    """The phone held sideways: the sheet lies across the photo, is taken out landscape,
    and the quarter turn its shape favours stands it up."""
    page = a4_page(PHOTO_DPI)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0])
    photo = np.ascontiguousarray(np.rot90(photograph(page, truth, FRAME)))
    cleaned = clean(Page(photo, 132, 1, "photo.jpg"))
    assert cleaned.steps[0].startswith("sheet-")
    assert cleaned.rotation in (90, 270)
    assert cleaned.image.shape == (3508, 2480)
    rows = np.flatnonzero((cleaned.image[100:-100, 100:-100] < 128).mean(axis=1) > 0.01)
    # The text starts 0.8 inch from the top and ends 2.8 inches from the bottom.
    assert 200 < rows[0] + 100 < 320 and rows[-1] + 100 < 3508 - 600


def test_the_sheet_taken_again_maps_to_the_cleaned_page_as_the_photo_does():
    """The handwriting reader reads a photo's slots on its sheet: a point of the photo and
    the same point of the sheet taken again land on the same place of the cleaned page."""
    page = a4_page(PHOTO_DPI)
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0])
    photo = photograph(page, truth, FRAME)
    cleaned = clean(Page(photo, 132, 1, "photo.jpg"))
    image, dpi, steps = sheet_taken(photo, 132, cleaned.steps)
    assert image.shape[:2] == (3508, 2480) and dpi == 300
    assert not any(step.startswith("sheet-") for step in steps)
    assert steps == cleaned.steps[1:]
    whole = page_map(photo.shape, 132, cleaned.steps).forward
    sheet = Sheet.from_step(cleaned.steps[0])
    assert sheet is not None
    on_sheet = cv2.perspectiveTransform(np.float32([[[600.0, 700.0]]]), sheet.matrix())[0, 0]
    rest = page_map(image.shape, dpi, steps).forward
    assert np.allclose(np.ravel(whole(np.array([600.0]), np.array([700.0]))),
                       np.ravel(rest(np.array([on_sheet[0]]), np.array([on_sheet[1]]))),
                       atol=0.5)
    scan = a4_page(150)
    assert sheet_taken(scan, 150, ("background",)) == (scan, 150, ("background",))


@pytest.mark.parametrize("dpi", [150, 300, 600])
def test_clean_leaves_a_scan_as_it_was(dpi):
    page = a4_page(dpi, colour=True)
    steps = clean(Page(page, dpi, 1, "scan.png")).steps
    assert not any(step.startswith("sheet-") for step in steps)


def _ocr_text(image: np.ndarray, dpi: int) -> str:
    from luutru.ocr.recognise import TesseractEngine

    cleaned = clean(Page(image, dpi, 1, "page.png"))
    return " ".join(w.text for w in TesseractEngine().page(cleaned.image, cleaned.dpi).words)


@pytest.mark.slow
@pytest.mark.parametrize("dpi", [150, 300, 600])
def test_the_photo_stage_does_not_change_the_ocr_of_a_clean_page(dpi, monkeypatch):
    page = a4_page(dpi, colour=True)[: round(4.5 * dpi)]  # the text, to keep OCR short
    with_stage = _ocr_text(page, dpi)
    monkeypatch.setattr(clean_module, "find_sheet", lambda image: None)
    assert _ocr_text(page, dpi) == with_stage
    assert "Hạnh phúc" in with_stage


def _words_missed(text: str) -> float:
    """The share of the page's words OCR did not read, in any order: the header's two
    columns come out one after the other, not side by side as TEXT holds them."""
    from collections import Counter

    truth = Counter(" ".join(TEXT * 3).split())
    read = Counter(text.split())
    return 1 - sum((truth & read).values()) / sum(truth.values())


@pytest.mark.slow
def test_a_phone_photo_reads_far_better_with_its_sheet_taken_out(tmp_path: Path,
                                                                   monkeypatch):
    from luutru.ocr.page import read_page
    from luutru.ocr.recognise import TesseractEngine

    page = a4_page(PHOTO_DPI, colour=True)
    # Shot from well below the sheet's centre: its lines converge, so no single turn
    # levels them all.
    truth = tilted(page.shape[1], page.shape[0], FRAME[1], FRAME[0], turn=8, top=0.78)
    path = tmp_path / "photo.jpg"
    path.write_bytes(cv2.imencode(".jpg", photograph(page, truth, FRAME, "cloth"),
                                  [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes())
    after = read_page(path, 1, TesseractEngine()).result
    monkeypatch.setattr(clean_module, "find_sheet", lambda image: None)
    before = read_page(path, 1, TesseractEngine()).result
    assert after.steps[0].startswith("sheet-")
    # What the camera kept: the sheet's mean width, narrower at the top.
    assert after.scan_dpi == pytest.approx(PHOTO_DPI, rel=0.15)
    # At 90 dpi-equivalent tone marks go astray even on a level page (tố chức for tổ
    # chức); what the perspective cost is the rest (measured: 8.5 % against 14.6 %).
    assert _words_missed(after.text) < 0.12
    assert _words_missed(after.text) < 0.75 * _words_missed(before.text)
