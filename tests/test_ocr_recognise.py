"""Tesseract through the engine seam, and a whole page through `read_page`."""
from __future__ import annotations

import unicodedata

import cv2
import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from luutru.ocr.page import _unless_blank, read_page
from luutru.ocr.quality import page_quality
from luutru.ocr.recognise import TesseractEngine, parse_tsv
from luutru.ocr.text import words_to_text
from luutru.ocr.types import Word
from tests.conftest import LINES, text_page


def cer(truth: str, got: str) -> float:
    return Levenshtein.distance(truth, got) / len(truth)


@pytest.mark.slow  # Tesseract
def test_tesseract_reads_vietnamese_with_boxes_and_confidences():
    image = text_page()
    result = TesseractEngine().page(image, 300)
    text = words_to_text(result.words)
    assert cer("\n".join(LINES), text) < 0.02
    assert unicodedata.is_normalized("NFC", text)
    h, w = image.shape
    for word in result.words:
        x0, y0, x1, y1 = word.box
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        assert 0 <= word.confidence <= 1
    assert [w.line for w in result.words] == sorted(w.line for w in result.words)
    assert "ocrx_word" in result.hocr


@pytest.mark.slow  # Tesseract
def test_read_page_turns_cleans_and_reads_an_upside_down_scan(tmp_path):
    path = tmp_path / "turned.png"
    Image.fromarray(text_page()).rotate(180).save(path, dpi=(300, 300))
    out = read_page(path, 1, TesseractEngine())
    assert "rotate-180" in out.result.steps
    assert cer("\n".join(LINES), out.result.text) < 0.02
    assert out.result.quality > 0.8
    assert out.png.startswith(b"\x89PNG")
    assert set(out.seconds) >= {"load", "clean", "ocr"}


def test_parse_tsv_keeps_reading_order_lines_and_nfc():
    decomposed = unicodedata.normalize("NFD", "Nghị")
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
        "\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t50\t30\t96.5\t" + decomposed + "\n"
        "5\t1\t1\t1\t1\t2\t70\t20\t50\t30\t91\tquyết\n"
        "5\t1\t2\t1\t1\t1\t10\t80\t40\t30\t-1\t \n"
        "5\t1\t2\t1\t1\t2\t60\t80\t40\t30\t88\t15-NQ/TW\n"
    )
    words = parse_tsv(tsv)
    assert [w.text for w in words] == ["Nghị", "quyết", "15-NQ/TW"]
    assert [w.line for w in words] == [0, 0, 1]
    assert words[0].box == (10, 20, 60, 50) and words[0].confidence == 0.965


def test_page_quality_weights_long_words_and_punishes_near_empty_pages():
    good = tuple(Word("chính", (0, 0, 1, 1), 0.95, 0) for _ in range(30))
    assert page_quality(good) == 0.95
    assert page_quality(good[:5]) < 0.3
    assert page_quality(()) == 0.0


@pytest.mark.slow
def test_a_blank_back_page_has_no_words(tmp_path):
    """Paper with faint show-through from the front and a few specks: no text, not a stray
    quote or dash."""
    rng = np.random.default_rng(3)
    front = text_page()
    paper = np.full(front.shape, 236, np.uint8)
    ghost = np.where(front[:, ::-1] < 128, 212, 236).astype(np.uint8)  # mirrored, faint
    page = np.minimum(paper, ghost)
    for _ in range(12):
        y = int(rng.integers(100, page.shape[0] - 100))
        x = int(rng.integers(100, page.shape[1] - 100))
        cv2.circle(page, (x, y), int(rng.integers(2, 5)), 60, -1)
    cv2.line(page, (900, 1400), (930, 1400), 70, 3)
    path = tmp_path / "back.png"
    Image.fromarray(page).save(path, dpi=(300, 300))
    out = read_page(path, 1, TesseractEngine())
    assert out.result.words == () and out.result.text == ""


def test_words_without_a_letter_or_digit_are_no_page_text():
    specks = (Word("`", (10, 10, 14, 16), 0.2, 0), Word("-", (90, 300, 99, 303), 0.3, 1))
    assert _unless_blank(specks) == ()
    text = (*specks, Word("Số", (10, 400, 60, 440), 0.9, 2))
    assert _unless_blank(text) == text
