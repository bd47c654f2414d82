"""Archival outputs: what packaging costs, and what PDF/A adds to ingest, in one command.

    .venv/bin/python bench/bench_archival.py [--documents 1000] [--runs 3] [--pages N]

1. Packages: a data directory of `--documents` finished documents (one colour A4 page at
   300 dpi each, so each PDF/A is the size a real colour scan makes, in hồ sơ of 50), then
   `write_packages` over all of it (copy, METS, PREMIS, EAD, BagIt with SHA-256) and
   `verify_package` of every bag. Median wall time of `--runs` runs.
2. PDF/A against the searchable PDF it replaced, on the same sample pages read once by the
   pipeline (`read_page`: cleanup, OCR, second look): the old finishing (Tesseract's
   text-only page PDF, made here for the baseline only, under a grey JPEG, joined with
   pdfium, as the code before it did) and
   the new (colour archival image, PDF/A drawn from the words). Both are compared with the
   page's whole reading time. Medians of `--runs` runs per page.
The machine is shared: only medians and ratios from the same command are meaningful.
"""
from __future__ import annotations

import argparse
import functools
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from luutru.archive import pdfa  # noqa: E402
from luutru.archive.catalog import Catalog  # noqa: E402
from luutru.archive.package import verify_package, write_packages  # noqa: E402
from luutru.ocr.clean import clean, upright  # noqa: E402
from luutru.ocr.load import PDFIUM_LOCK, load_page  # noqa: E402
from luutru.ocr.page import is_colour, read_page  # noqa: E402
from luutru.ocr.recognise import TesseractEngine, osd_rotation, soften  # noqa: E402
from tests.archive_data import add_document  # noqa: E402

SAMPLES = ROOT / "samples" / "scans"
T = TypeVar("T")
PER_HOSO = 50


def _colour_page() -> bytes:
    """An A4 colour scan at 300 dpi: paper tone, grain, text-like ink and a red seal."""
    rng = np.random.default_rng(7)
    page: np.ndarray = np.full((3508, 2480, 3), (225, 238, 242), np.uint8)
    page = cv2.add(page, rng.integers(0, 12, page.shape, dtype=np.uint8))
    for row in range(300, 3200, 70):
        for col in range(200, 2200, 260):
            cv2.rectangle(page, (col, row), (col + int(rng.integers(80, 230)), row + 30),
                          (40, 40, 40), -1)
    cv2.circle(page, (1700, 2900), 230, (40, 40, 200), 18)
    return cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()


def build_archive(data: Path, documents: int) -> None:
    from luutru.archive.config import Config

    config = Config.load(data)
    catalog = Catalog(config.catalog_path)
    batch = catalog.start_batch("bench")
    colour = _colour_page()
    # Page images go where ingest puts a colour scan's; the fixture's page is then drawn
    # from this JPEG, so every PDF/A carries a real colour page.
    for number in range(1, documents + 1):
        code = f"HS-{(number - 1) // PER_HOSO + 1:03d}"
        if (number - 1) % PER_HOSO == 0:
            catalog.ensure_hoso(code, title=f"Hồ sơ {code}", maintenance="01")
        doc_number = (number - 1) % PER_HOSO + 1
        doc_id = _doc_id(code, doc_number)
        path = config.page_colour(doc_id, 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(colour)
        add_document(config, catalog, batch, code, doc_number, pages=1)
    catalog.finish_batch(batch, {})
    catalog.close()


def _doc_id(code: str, number: int) -> str:
    import hashlib

    return hashlib.sha256(f"{code}/{number}".encode()).hexdigest()[:16]


def bench_packages(documents: int, runs: int) -> list[str]:
    from luutru.archive.config import Config

    with tempfile.TemporaryDirectory(prefix="luutru-bench-pkg-") as tmp:
        data = Path(tmp) / "data"
        start = time.perf_counter()
        build_archive(data, documents)
        setup = time.perf_counter() - start
        config = Config.load(data)
        pdf_bytes = sum(p.stat().st_size for p in (data / "pdf").iterdir())
        writes, verifies = [], []
        for run in range(runs):
            out = Path(tmp) / f"out{run}"
            catalog = Catalog(config.catalog_path)
            start = time.perf_counter()
            results = write_packages(config, catalog, out)
            writes.append(time.perf_counter() - start)
            catalog.close()
            assert sum(r.documents for r in results) == documents
            start = time.perf_counter()
            assert all(verify_package(Path(r.path)).valid for r in results)
            verifies.append(time.perf_counter() - start)
            shutil.rmtree(out)
    return [
        f"Packaging {documents} documents ({len(results)} hồ sơ, "
        f"{pdf_bytes / documents / 1e6:.2f} MB of PDF/A each, {pdf_bytes / 1e9:.2f} GB in "
        f"all; archive built in {setup:.0f} s, not timed):",
        "",
        "| step | median s | runs (s) | target |",
        "|---|---|---|---|",
        f"| `write_packages` (all bags) | {statistics.median(writes):.1f} | "
        f"{', '.join(f'{x:.1f}' for x in writes)} | ≤ 120 |",
        f"| `verify_package` (every bag) | {statistics.median(verifies):.1f} | "
        f"{', '.join(f'{x:.1f}' for x in verifies)} | |",
    ]


def _old_finishing(page_pdf: bytes, png: bytes) -> bytes:
    """The searchable PDF as luutru made it before PDF/A (kept here as the baseline): the
    engine's text-only page PDF with the grey page image laid under it by pdfium."""
    import pypdfium2 as pdfium

    grey = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    if grey is None:
        raise ValueError("the page image cannot be decoded")
    with PDFIUM_LOCK:
        out = pdfium.PdfDocument.new()
        layer = pdfium.PdfDocument(page_pdf)
        out.import_pages(layer)
        page = out[0]
        jpeg = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
        image = pdfium.PdfImage.new(out)
        image.load_jpeg(io.BytesIO(jpeg), inline=True)
        width, height = page.get_size()
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()


def _text_only_pdf(cleaned) -> bytes:
    """The old baseline's input: Tesseract's one-page text-only PDF of the cleaned page,
    which the engine wrote beside its TSV before luutru drew its PDFs from the words."""
    import pytesseract

    return pytesseract.image_to_pdf_or_hocr(
        soften(cleaned.image), lang="vie", extension="pdf",
        config=f"--psm 3 --dpi {cleaned.dpi} -c textonly_pdf=1")


def _new_finishing(page, cleaned, output) -> bytes:
    """What ingest now does beyond the old: the colour archival image of a colour scan
    (from the cleanup already done), and the PDF/A drawn from the words."""
    colour = b""
    if is_colour(page.image):
        image = upright(page.image, page.dpi, cleaned)
        colour = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    result = output.result
    pdf = pdfa.build([pdfa.PdfPage(colour or output.png, result.width, result.height,
                                   result.dpi, result.words)], pdfa.PdfInfo(title="bench"))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _timed(call: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def bench_pdfa(runs: int, pages: int) -> list[str]:
    """Per page: reading it (the pipeline), then the old and the new finishing."""
    engine = TesseractEngine()
    scans = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".pdf", ".tiff", ".jpg",
                                                                 ".png"})[:pages]
    rows, read_s, old_s, new_s = [], [], [], []
    for path in scans:
        reading, output = _timed(functools.partial(read_page, path, 1, engine))
        if output.result.method != "ocr":  # born-digital: the old code copied the source page
            continue
        page = load_page(path, 1)
        cleaned = clean(page, osd=osd_rotation)
        layer = _text_only_pdf(cleaned)
        old = statistics.median(
            _timed(functools.partial(_old_finishing, layer, output.png))[0]
            for _ in range(runs))
        new = statistics.median(
            _timed(functools.partial(_new_finishing, page, cleaned, output))[0]
            for _ in range(runs))
        read_s.append(reading)
        old_s.append(old)
        new_s.append(new)
        rows.append(f"| {path.name} | {'colour' if is_colour(page.image) else 'grey'} | "
                    f"{reading:.2f} | {old * 1000:.0f} | {new * 1000:.0f} | "
                    f"{(new - old) / reading * 100:+.1f} % |")
    total = (statistics.median(new_s) - statistics.median(old_s)) / statistics.median(read_s)
    return [
        "PDF/A against the old searchable PDF, per page (ms; reading = the pipeline's page "
        "work, s):",
        "",
        "| page | scan | reading s | old PDF ms | PDF/A ms | added to the page's time |",
        "|---|---|---|---|---|---|",
        *rows,
        f"| **median** | | {statistics.median(read_s):.2f} | "
        f"{statistics.median(old_s) * 1000:.0f} | {statistics.median(new_s) * 1000:.0f} | "
        f"{total * 100:+.1f} % |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=12, help="sample scans for PDF/A")
    parser.add_argument("--skip-pdfa", action="store_true")
    args = parser.parse_args()
    lines = bench_packages(args.documents, args.runs)
    if not args.skip_pdfa:
        lines += ["", *bench_pdfa(args.runs, args.pages)]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
