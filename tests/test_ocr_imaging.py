"""Image helpers shared by the cleanup steps."""
from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from luutru.ocr.imaging import components, shrink
from luutru.ocr.page import _png


def test_components_are_counted_past_what_16_bits_hold():
    dust = np.zeros((1200, 1200), np.uint8)
    dust[::4, ::4] = 1  # 90,000 separate dots
    count, labels, stats = components(dust)
    assert count == 300 * 300 + 1 and labels.max() == 300 * 300
    assert (stats[1:, cv2.CC_STAT_AREA] == 1).all()


def test_few_components_have_16_bit_labels():
    page = np.zeros((100, 100), np.uint8)
    page[10:20, 10:20] = page[50:60, 50:90] = 1
    count, labels, stats = components(page)
    assert count == 3 and labels.dtype == np.uint16
    assert sorted(stats[1:, cv2.CC_STAT_AREA]) == [100, 400]


def test_shrink_by_a_whole_factor():
    page = np.zeros((3508, 2480), np.uint8)
    assert shrink(page, 640, side=1).shape == (877, 620)
    assert shrink(page, 1200).shape == (1169, 826)
    assert shrink(page, 4000) is page


def test_page_png_is_one_bit_and_records_its_resolution():
    binary = np.full((300, 200), 255, np.uint8)
    binary[100:110, 20:180] = 0
    image = Image.open(io.BytesIO(_png(binary, 300)))
    assert image.mode == "1" and round(image.info["dpi"][0]) == 300
    assert (np.asarray(image.convert("L")) == binary).all()
    grey = np.tile(np.arange(200, dtype=np.uint8), (300, 1))
    image = Image.open(io.BytesIO(_png(grey, 200)))
    assert image.mode == "L" and round(image.info["dpi"][1]) == 200
