"""Shared helpers: small synthetic pages with real Vietnamese text, and data directories."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from luutru.samples.render import load_font

LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Ủy ban nhân dân huyện quyết định thành lập Ban chỉ đạo cải cách hành chính,",
    "giao Phòng Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị có liên quan",
    "triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ được giao trong năm.",
    "Nghị quyết số 15-NQ/TW ngày 30/7/2007 của Ban Chấp hành Trung ương Đảng.",
]


def text_page(lines: list[str] = LINES, dpi: int = 300, width_in: float = 6.5,
              size_pt: float = 13) -> np.ndarray:
    """A white page with the lines typeset in Liberation Serif, as a grey uint8 array."""
    px = dpi / 72
    font = load_font("liberation", "regular", round(size_pt * px))
    pitch = round(size_pt * px * 1.6)
    margin = round(0.4 * dpi)
    image = Image.new("L", (round(width_in * dpi), margin * 2 + pitch * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * pitch), line, font=font, fill=0)
    return np.asarray(image).copy()


def a4_page(placed: list[tuple[tuple[int, int], str, bool]], mode: str = "L") -> Image.Image:
    """An A4 page at 300 dpi ("L" grey or "RGB"), each text set at its place in 13 pt
    Liberation Serif, bold where asked: a header, title and signature laid out by hand."""
    fonts = {bold: load_font("liberation", "bold" if bold else "regular", 54)
             for bold in (False, True)}
    paper, ink = (250, 20) if mode == "L" else ((250,) * 3, (20,) * 3)
    image = Image.new(mode, (2480, 3508), paper)
    draw = ImageDraw.Draw(image)
    for (x, y), text, bold in placed:
        draw.text((x, y), text, font=fonts[bold], fill=ink)
    return image


def ingested_record(tmp_path: Path, scans: Path, batch: str) -> dict:
    """The export record of the one document in a folder of scans, ingested end to end
    (threads, one worker) into a data directory under `tmp_path`."""
    from luutru.archive.catalog import Catalog
    from luutru.archive.config import Config
    from luutru.archive.export import export_jsonl
    from luutru.pipeline.batch import run_batch, thread_runner

    config = Config.load(tmp_path / "data", workers=1)
    report = run_batch(config, [scans], batch, thread_runner(config))
    assert not report.failures
    [record] = export_jsonl(config, Catalog(config.catalog_path))
    return record


@pytest.fixture
def page_image() -> np.ndarray:
    return text_page()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
