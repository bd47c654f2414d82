"""A real data directory without running OCR: documents whose pages (image and words) are
put in the catalog as the OCR stage would, then finished by the pipeline's own step (metadata
extraction, PDF/A, signatures). For tests of exports and packages, and their benchmark."""
from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.finishing import finish
from luutru.ocr.types import PageResult, Word

PAGE_W, PAGE_H, DPI = 1240, 1754, 150  # A4 at 150 dpi: small files, quick tests

# One page per line: (text, x0, y0) words laid out left to right.
HEADER = [
    ["ĐẢNG", "BỘ", "TỈNH", "THỬ", "NGHIỆM"],
    ["HUYỆN", "ỦY", "AN", "BÌNH", "ĐẢNG", "CỘNG", "SẢN", "VIỆT", "NAM"],
    ["*"],
    ["Số", "{number}-NQ/HU", "An", "Bình,", "ngày", "{day}", "tháng", "3", "năm", "2021"],
    ["NGHỊ", "QUYẾT"],
    ["về", "phát", "triển", "thủy", "lợi", "và", "giao", "thông", "nông", "thôn"],
    ["Huyện", "ủy", "thảo", "luận", "và", "thống", "nhất", "các", "nội", "dung", "sau."],
    ["T/M", "BAN", "THƯỜNG", "VỤ"],
    ["BÍ", "THƯ"],
    ["Nguyễn", "Văn", "An"],
]


def _words(number: int, day: int, classified: bool) -> tuple[Word, ...]:
    lines = ([["MẬT"]] if classified else []) + HEADER
    words = []
    for line_no, line in enumerate(lines):
        x = 80
        y = 60 + 70 * line_no
        for token in line:
            text = token.format(number=number, day=day)
            width = 18 * len(text)
            words.append(Word(text, (x, y, x + width, y + 36), 0.95, line_no))
            x += width + 14
    return tuple(words)


def _page_png(words: tuple[Word, ...]) -> bytes:
    image = np.full((PAGE_H, PAGE_W), 255, np.uint8)
    for w in words:
        x0, y0, x1, y1 = w.box
        cv2.rectangle(image, (x0, y0 + 8), (x1, y1 - 8), 0, -1)  # ink where the word is
    return cv2.imencode(".png", image, [cv2.IMWRITE_PNG_BILEVEL, 1])[1].tobytes()


def add_document(config: Config, catalog: Catalog, batch_id: int, hoso: str, number: int,
                 pages: int = 2, classified: bool = False, source: Path | None = None) -> str:
    """One finished document in hồ sơ `hoso`; returns its id."""
    sha = hashlib.sha256(f"{hoso}/{number}".encode()).hexdigest()
    doc_id = sha[:16]
    source = source or config.data_dir / "scans" / hoso / f"{number:03d}.pdf"
    catalog.add_document(doc_id, sha, str(source), pages, batch_id)
    for page_number in range(1, pages + 1):
        words = _words(number, 1 + number % 28, classified) if page_number == 1 else (
            Word("Nơi", (80, 100, 140, 136), 0.9, 0), Word("nhận:", (150, 100, 240, 136), 0.9, 0))
        path = config.page_image(doc_id, page_number)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_page_png(words))
        text = "\n".join(" ".join(w.text for w in words if w.line == line)
                         for line in sorted({w.line for w in words}))
        catalog.save_page(doc_id, PageResult(
            number=page_number, width=PAGE_W, height=PAGE_H, words=words, text=text,
            confidence=0.95, quality=0.95, method="ocr", dpi=DPI, scan_dpi=DPI), False, {})
    catalog.set_hoso(doc_id, hoso)
    finish(config, catalog, catalog.written(doc_id))
    catalog.number_documents(hoso)
    return doc_id


def make_archive(data_dir: Path, hosos: dict[str, int], pages: int = 2) -> Config:
    """`hosos`: hồ sơ code -> how many documents it holds."""
    config = Config.load(data_dir)
    catalog = Catalog(config.catalog_path)
    batch_id = catalog.start_batch("fixture")
    for code, count in hosos.items():
        catalog.ensure_hoso(code, title=f"Hồ sơ {code}", maintenance="01", fonds="Phông thử")
        for number in range(1, count + 1):
            add_document(config, catalog, batch_id, code, number, pages)
    catalog.finish_batch(batch_id, {"ocr_engine": {"engine": "tesseract", "version": "test",
                                                   "model": "vie"}})
    catalog.close()
    return config
