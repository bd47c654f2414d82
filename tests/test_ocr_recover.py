"""The second look at what the page pass read badly or not at all."""
from __future__ import annotations

import numpy as np
import pytest

from luutru.ocr.clean import binarise
from luutru.ocr.recognise import Recognised, TesseractEngine
from luutru.ocr.recover import second_look, unread_regions
from luutru.ocr.types import Word
from tests.conftest import text_page


class ForgetfulEngine(TesseractEngine):
    """Tesseract, but its page pass drops the first line, as it drops lone stamps."""

    def page(self, image: np.ndarray, dpi: int) -> Recognised:
        read = super().page(image, dpi)
        return Recognised(tuple(w for w in read.words if w.line > 0), read.hocr)


@pytest.mark.slow  # Tesseract
def test_a_word_the_page_pass_dropped_is_read_and_put_back_in_order():
    page = binarise(text_page(["KHẨN", "Kính gửi: Ủy ban nhân dân các xã, thị trấn"]))
    engine = ForgetfulEngine()
    first = engine.page(page, 300).words
    assert "KHẨN" not in [w.text for w in first]
    words = second_look(page, 300, first, engine)
    assert words[0].text == "KHẨN" and words[0].line == 0
    assert [w.text for w in words[1:]] == [w.text for w in first]
    x0, y0, x1, y1 = words[0].box
    assert page[y0:y1, x0:x1].min() == 0  # the box is where the word's ink is


@pytest.mark.slow  # Tesseract
def test_nothing_unread_means_no_second_pass():
    page = binarise(text_page(["Báo cáo tổng kết công tác năm"]))
    words = TesseractEngine().page(page, 300).words
    assert unread_regions(page, words, 300) == []


def test_specks_and_rules_are_not_words():
    page = np.full((600, 1500), 255, np.uint8)
    page[300:304, 100:1400] = 0  # a rule
    rng = np.random.default_rng(3)
    page[rng.integers(0, 600, 300), rng.integers(0, 1500, 300)] = 0  # speckle
    assert unread_regions(page, (Word("x", (0, 0, 1, 1), 1.0, 0),), 300) == []


class JoiningEngine(TesseractEngine):
    """Tesseract, but its page pass joins the two columns' lines, cutting the right one."""

    def page(self, image: np.ndarray, dpi: int) -> Recognised:
        read = super().page(image, dpi)
        right = [w for w in read.words if w.box[0] > image.shape[1] // 2]
        left = [w for w in read.words if w.box[0] <= image.shape[1] // 2]
        # Each right-column word joins the left line nearest it, as Tesseract does when
        # the columns' baselines differ.
        joined = []
        for w in left + right:
            nearest = min(left, key=lambda v: abs(v.box[1] - w.box[1]))
            joined.append(Word(w.text, w.box, w.confidence, nearest.line))
        return Recognised(tuple(joined), read.hocr)


@pytest.mark.slow  # Tesseract
def test_two_columns_joined_by_the_page_pass_are_read_apart():
    left = ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    page = text_page([*left, "", "", ""], width_in=8)
    right = binarise(text_page(["", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], width_in=3.5))
    page = binarise(page)
    page[40:40 + right.shape[0], 1300:1300 + right.shape[1]] = np.minimum(
        page[40:40 + right.shape[0], 1300:1300 + right.shape[1]], right)
    engine = JoiningEngine()
    joined = engine.page(page, 300).words
    sides = {}
    for w in joined:
        sides.setdefault(w.line, set()).add(w.box[0] > 1300)
    assert any(len(s) == 2 for s in sides.values())  # a line runs across both columns
    texts = _line_texts(second_look(page, 300, joined, engine))
    assert "KT. CHỦ TỊCH" in texts and "PHÓ CHỦ TỊCH" in texts
    assert texts.index("KT. CHỦ TỊCH") > texts.index("- Lưu: VT.")  # left column first


def _line_texts(words: tuple[Word, ...]) -> list[str]:
    """The words' text, a line each, in line order."""
    lines: dict[int, list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    return [" ".join(ws) for _, ws in sorted(lines.items())]


@pytest.mark.slow  # Tesseract
def test_columns_are_read_apart_under_a_body_line_with_a_wide_gap_of_its_own():
    # The last body line, with a blank left for a day filled in by hand, stands right
    # above the recipients and the signature block: its gap is not the columns' gutter.
    left = ["Căn cứ Nghị quyết của Hội đồng nhân dân tỉnh Quảng Nam ngày" + " " * 16 + "/6/2020",
            "Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    page = binarise(text_page([*left, "", "", ""], width_in=8))
    right = binarise(text_page(["", "", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], width_in=3.5))
    page[40:40 + right.shape[0], 1300:1300 + right.shape[1]] = np.minimum(
        page[40:40 + right.shape[0], 1300:1300 + right.shape[1]], right)
    engine = JoiningEngine()
    joined = engine.page(page, 300).words
    body = [w for w in joined if w.box[1] < 200]
    gaps = [(a.box[2], b.box[0]) for a, b in zip(body, body[1:], strict=False)]
    widest = max(gaps, key=lambda g: g[1] - g[0])
    assert widest[1] - widest[0] > 150 and widest[0] > 1450  # a wide gap, not the gutter
    texts = _line_texts(second_look(page, 300, joined, engine))
    assert "KT. CHỦ TỊCH" in texts and "PHÓ CHỦ TỊCH" in texts


class CountingEngine(TesseractEngine):
    """Tesseract, counting its second-look runs."""

    line_runs = 0

    def lines(self, image: np.ndarray, dpi: int) -> tuple[Word, ...]:
        self.line_runs += 1
        return super().lines(image, dpi)


@pytest.mark.slow  # Tesseract
def test_a_single_line_across_the_gutter_is_not_read_again():
    page = binarise(text_page(["ĐẢNG BỘ TỈNH ĐẮK LẮK" + " " * 24 + "ĐẢNG CỘNG SẢN VIỆT NAM",
                               "Báo cáo tổng kết công tác năm"], width_in=8))
    engine = CountingEngine()
    first = engine.page(page, 300).words
    gaps = [right.box[0] - left.box[2] for left, right in zip(first, first[1:], strict=False)]
    assert max(gaps) > 150  # Tesseract put both columns on one line
    assert second_look(page, 300, first, engine) == first
    assert engine.line_runs == 0


class PictureBlindEngine(TesseractEngine):
    """Tesseract, but its page pass takes the signature block for a picture, as it does
    when a black seal and the pen's stroke join its lines: no word of the block is read."""

    def page(self, image: np.ndarray, dpi: int) -> Recognised:
        read = super().page(image, dpi)
        return Recognised(tuple(w for w in read.words if w.box[1] < dpi), read.hocr)


def _sealed_signature_block() -> np.ndarray:
    import cv2

    page = binarise(text_page(["Nơi nhận: như trên", "", "", "PHÓ CHỦ TỊCH", "", "",
                               "Trần Thị Hương Giang"]))
    # A black seal over the title, and the signature's stroke from the seal to the end of
    # the name: one ink cluster from the title down to the name.
    cv2.circle(page, (330, 400), 130, 0, 9)
    cv2.line(page, (440, 480), (600, 662), 0, 7)
    return page


@pytest.mark.slow  # Tesseract
def test_a_signature_block_joined_by_a_seal_is_read_line_by_line_and_not_trusted():
    from luutru.ocr.recover import BLOCK_CONFIDENCE

    page = _sealed_signature_block()
    engine = PictureBlindEngine()
    first = engine.page(page, 300).words
    assert not any("Giang" in w.text for w in first)
    words = second_look(page, 300, first, engine)
    lines: dict[int, list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    # The name on a line of its own, in order (the stroke crosses its last letter).
    assert any(line[:3] == ["Trần", "Thị", "Hương"] for line in lines.values())
    recovered = [w for w in words if w not in first]
    assert recovered and all(w.confidence <= BLOCK_CONFIDENCE for w in recovered)
    # What the page pass read keeps its own confidence.
    assert all(w in words for w in first)
