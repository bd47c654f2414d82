"""Cleanup does no harm to tone marks: small Vietnamese print with every mark, stacked ones
(hỏi and ngã over a circumflex or breve) included, rendered at 150-600 dpi in colour and
bitonal, keeps every mark's ink through `clean`, found where `page_map` says."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from luutru.ocr.clean import clean, map_box, page_map
from luutru.ocr.imaging import components
from luutru.ocr.types import Page

LINES = (
    "chuẩn bị để Cổng thẩm quyền bổ sung kỹ thuật mỗi ngẫu nhiên",
    "ẩm ẫm ấm ầm ậm ẳng ẵng ắng ằng ặng ổn ỗn ốn ồn ộn ở ỡ ớ ờ ợ ử ữ",
    "Ẩ Ẫ Ấ Ầ Ậ Ẳ Ẵ Ắ Ằ Ặ Ể Ễ Ế Ề Ệ Ổ Ỗ Ố Ồ Ộ Ở Ỡ Ớ Ờ Ợ Ử Ữ Ứ Ừ Ự",
    "ả ã á à ạ ẻ ẽ é è ẹ ỉ ĩ í ì ị ỏ õ ó ò ọ ủ ũ ú ù ụ ỷ ỹ ý ỳ ỵ đ Đ",
)
FONTS = {
    "liberation": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "dejavu": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "noto": "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
}
POINTS = 11  # small body print: its marks are a few pixels at 150 dpi


def render(dpi: int, font: str, colour: bool) -> np.ndarray:
    image = Image.new("RGB", (round(8.27 * dpi), round(2.6 * dpi)),
                      (246, 242, 228) if colour else (255, 255, 255))
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(FONTS[font], round(POINTS * dpi / 72))
    for i, line in enumerate(LINES):
        draw.text((round(0.8 * dpi), round((0.3 + 0.5 * i) * dpi)), line, font=face,
                  fill=(25, 25, 25))
    pixels = np.asarray(image)[:, :, ::-1].copy()
    if colour:
        return pixels
    grey = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    return np.where(grey < 128, 0, 255).astype(np.uint8)  # a bitonal scan


@pytest.mark.parametrize("font", sorted(FONTS))
@pytest.mark.parametrize("dpi", [150, 200, 300, 600])
@pytest.mark.parametrize("colour", [True, False], ids=["colour", "bitonal"])
def test_every_mark_survives_cleanup(font: str, dpi: int, colour: bool):
    image = render(dpi, font, colour)
    cleaned = clean(Page(image, dpi, 1, "marks"))
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    count, _, stats = components((grey < 128).astype(np.uint8))
    forward = page_map(image.shape, dpi, cleaned.steps).forward
    scale = cleaned.dpi / dpi
    ink = cleaned.image < 128
    h, w = ink.shape
    lost = []
    for x, y, bw, bh, area in stats[1:count]:
        if area < 3:
            continue  # a lone pixel of the render's edge, not a mark
        x0, y0, x1, y1 = map_box(forward, (int(x), int(y), int(x + bw), int(y + bh)))
        kept = ink[max(0, y0 - 1):min(h, y1 + 2), max(0, x0 - 1):min(w, x1 + 2)].sum()
        if kept < 0.3 * area * scale ** 2:
            lost.append((int(x), int(y), int(bw), int(bh), int(area)))
    assert not lost, f"marks lost by {cleaned.steps}: {lost[:5]}"

