"""The steps one scan file goes through, as plain functions over the catalog and files.

discover -> register (hash, skip what is done) -> save each page as it is read ->
finish (`archive.finishing`: searchable PDF, text, metadata, citations) -> index.
The Prefect flow in `pipeline.flow` only decides what runs where; every step here runs and
is tested without it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.finishing import write_whole
from luutru.archive.records import file_hash
from luutru.ocr.load import UnreadableScan, page_count, sniff
from luutru.ocr.page import PageOutput
from luutru.ocr.types import PageResult


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str
    page: int | None = None


@dataclass(frozen=True)
class Skipped:
    """A file that is not a scan at all, by its content and its name (notes, truth files)."""

    path: str
    reason: str = "not a scan file"


# A file named like a scan that cannot be read is a failure; one named otherwise whose
# content is no scan either is only skipped.
SCAN_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"})


CATALOG_NAME = "catalog.sqlite"


def is_data_dir(folder: Path, data_dir: Path | None = None) -> bool:
    """luutru's own data directory (this one, or any folder holding a catalog)."""
    if data_dir is not None and folder.resolve() == data_dir.resolve():
        return True
    return os.path.exists(folder / CATALOG_NAME)  # False, not an error, when unreadable


def discover(paths: list[Path], data_dir: Path | None = None
             ) -> tuple[list[Path], list[Problem]]:
    """Scan files under the given files and folders, in a stable order, and what was skipped.

    Every regular file under a folder is a candidate: a file's kind is told by its content,
    so a scan with a wrong extension is still read, and anything else is reported. A data
    directory of luutru's (`data_dir`, or any folder with a catalog) is not walked: its
    page images and PDFs are the archive's own output, its lock files no scans.
    """
    files: list[Path] = []
    problems: list[Problem] = []

    def on_error(error: OSError) -> None:
        problems.append(Problem(str(error.filename), f"cannot be read ({error.strerror})"))

    for path in paths:
        if path.is_dir():
            if is_data_dir(path, data_dir):
                continue
            for root, dirs, names in os.walk(path, onerror=on_error):
                dirs[:] = sorted(d for d in dirs if not is_data_dir(Path(root) / d, data_dir))
                files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems


def document_id(sha256: str) -> str:
    return sha256[:16]


def register(catalog: Catalog, path: Path, batch_id: int,
             hoso: str | None = None) -> DocumentRow | Problem | Skipped:
    """The catalog's document for this file, created 'pending' when it is new, in the hồ
    sơ `hoso` unless it already has one.

    The same content under another name is the same document, so it is never read twice.
    """
    try:
        if sniff(path) is None:
            if path.suffix.lower() not in SCAN_SUFFIXES and path.stat().st_size > 0:
                return Skipped(str(path))
            raise UnreadableScan(_not_a_scan(path))
        sha = file_hash(path)
        known = catalog.document_by_hash(sha)
        if known:
            catalog.add_source(str(path), known.id)
            if hoso and known.hoso is None:
                catalog.set_hoso(known.id, hoso)
            return catalog.written(known.id)
        pages = page_count(path)
        if pages == 0:
            raise UnreadableScan(f"{path}: has no pages")
    except UnreadableScan as e:
        return Problem(str(path), _reason(e, path))
    except OSError as e:
        return Problem(str(path), f"cannot be read ({e.strerror or e})")
    doc_id = document_id(sha)
    catalog.add_document(doc_id, sha, str(path), pages, batch_id)
    if hoso:
        catalog.set_hoso(doc_id, hoso)
    return catalog.written(doc_id)


def _not_a_scan(path: Path) -> str:
    return f"{path}: {'empty file' if path.stat().st_size == 0 else 'not a PDF, TIFF, JPEG or PNG'}"


def _reason(error: Exception, path: Path) -> str:
    """The reason alone: reports put the file's name in a column of its own."""
    text = str(error)
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def save_page(config: Config, catalog: Catalog, doc_id: str, output: PageOutput) -> bool:
    """Write a page's files, then commit it: once committed it is never read again.

    Returns whether the page is flagged for review: poor OCR, or a scan below the archival
    rule's resolution.
    """
    page = output.result
    write_whole(config.page_image(doc_id, page.number), output.png)
    if page.hocr:
        write_whole(config.page_hocr(doc_id, page.number), page.hocr.encode("utf-8"))
    if output.colour:
        write_whole(config.page_colour(doc_id, page.number), output.colour)
    review = (page.method == "ocr" and page.quality < config.review_threshold
              and not is_blank(page)) or low_resolution(config, page)
    catalog.save_page(doc_id, page, review, output.seconds)
    return review


def is_blank(page: PageResult) -> bool:
    """A blank back of a sheet (at most a seal showing through): nothing to read, so
    nothing for a reviewer to correct, however low its quality score."""
    return not any(sum(c.isalnum() for c in w.text) >= 2 for w in page.words)


def low_resolution(config: Config, page: PageResult) -> bool:
    """Scanned below the least resolution the archival rule asks for."""
    return 0 < page.scan_dpi < config.min_scan_dpi
