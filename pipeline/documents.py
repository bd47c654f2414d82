"""The steps one scan file goes through, as plain functions over the catalog and files.

discover -> register (hash, skip what is done) -> save each page as it is read ->
finish (searchable PDF, text, metadata, citations) -> index.
The Prefect flow in `pipeline.flow` only decides what runs where; every step here runs and
is tested without it.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from index.types import IndexRecord
from metadata import extract
from metadata.types import FIELD_NAMES, Metadata
from ocr.load import PDFIUM_LOCK, UnreadableScan, page_count, sniff
from ocr.page import PageOutput
from ocr.types import PageResult
from pipeline.catalog import Catalog, DocumentRow
from pipeline.config import Config


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


def discover(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Scan files under the given files and folders, in a stable order, and what was skipped.

    Every regular file under a folder is a candidate: a file's kind is told by its content,
    so a scan with a wrong extension is still read, and anything else is reported.
    """
    files: list[Path] = []
    problems: list[Problem] = []

    def on_error(error: OSError) -> None:
        problems.append(Problem(str(error.filename), f"cannot be read ({error.strerror})"))

    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path, onerror=on_error):
                dirs.sort()
                files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def document_id(sha256: str) -> str:
    return sha256[:16]


# Scanned documents are named by the first 16 hex digits of their hash; imported ones keep
# the id of the system they came from. Either must be one plain file-name component:
# letters, digits, '.', '_' and '-', starting with a letter or digit, and never '..', so no
# id can climb out of the folder it names on disk or in a URL.
_DOC_ID = re.compile(r"^[^\W_][\w.-]{0,127}$")


def valid_id(doc_id: str) -> bool:
    return bool(_DOC_ID.match(doc_id)) and ".." not in doc_id


def register(catalog: Catalog, path: Path,
             batch_id: int) -> DocumentRow | Problem | Skipped:
    """The catalog's document for this file, created 'pending' when it is new.

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
            return known
        pages = page_count(path)
        if pages == 0:
            raise UnreadableScan(f"{path}: has no pages")
    except UnreadableScan as e:
        return Problem(str(path), _reason(e, path))
    except OSError as e:
        return Problem(str(path), f"cannot be read ({e.strerror or e})")
    doc_id = document_id(sha)
    catalog.add_document(doc_id, sha, str(path), pages, batch_id)
    return catalog.document(doc_id)


def _not_a_scan(path: Path) -> str:
    return f"{path}: {'empty file' if path.stat().st_size == 0 else 'not a PDF, TIFF, JPEG or PNG'}"


def _reason(error: Exception, path: Path) -> str:
    """The reason alone: reports put the file's name in a column of its own."""
    text = str(error)
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def save_page(config: Config, catalog: Catalog, doc_id: str, output: PageOutput) -> bool:
    """Write a page's files, then commit it: once committed it is never read again.

    Returns whether the page is flagged for review.
    """
    page = output.result
    _write(config.page_image(doc_id, page.number), output.png)
    if page.hocr:
        _write(config.page_hocr(doc_id, page.number), page.hocr.encode("utf-8"))
    if output.pdf:
        _write(config.page_pdf_part(doc_id, page.number), output.pdf)
    review = page.method == "ocr" and page.quality < config.review_threshold \
        and not is_blank(page)
    catalog.save_page(doc_id, page, review, output.seconds)
    return review


def is_blank(page: PageResult) -> bool:
    """A blank back of a sheet (at most a seal showing through): nothing to read, so
    nothing for a reviewer to correct, however low its quality score."""
    return not any(sum(c.isalnum() for c in w.text) >= 2 for w in page.words)


def finish(config: Config, catalog: Catalog, doc: DocumentRow) -> None:
    """Once every page is in: the searchable PDF, the text file, metadata and citations."""
    pages = catalog.pages(doc.id)
    _write_pdf(config, doc, [p.number for p in pages])
    text = "\f".join(p.text for p in pages)
    _write(config.document_text(doc.id), text.encode("utf-8"))
    extract_metadata(catalog, doc, pages)


def extract_metadata(catalog: Catalog, doc: DocumentRow,
                     pages: list[PageResult] | None = None) -> None:
    """Metadata and citations of a document from its stored page words, into the catalog.

    Run again over an existing archive (`luutru reextract`) after the extractor improved:
    no page is read again, and archivists' corrections, stored apart, still win.
    """
    pages = catalog.pages(doc.id) if pages is None else pages
    metadata = extract(with_handwriting(doc, pages))
    catalog.finish_document(doc.id, metadata_to_json(metadata),
                            [asdict(c) for c in metadata.citations])


def with_handwriting(doc: DocumentRow, pages: list[PageResult]) -> list[PageResult]:
    """The pages with the number and day handwritten into the header's slots read and added
    as words (`Word.handwritten`), for the metadata to see; the stored OCR stays as it was.
    The slots are read on the page as loaded, in colour, where blue ink stands out."""
    from metadata.slots import find_slots
    from ocr.handwriting import fill_slots
    from ocr.load import load_page

    slots = find_slots(pages)
    out = list(pages)
    for number in sorted({s.page for s in slots}):
        index = next(i for i, p in enumerate(out) if p.number == number)
        if out[index].method != "ocr":
            continue  # a born-digital page's slots are typed, and already read
        try:
            original = load_page(Path(doc.source), number)
        except (UnreadableScan, OSError):
            continue  # the source moved since it was read: the metadata goes without
        out[index] = fill_slots(out[index], slots, original.image, original.dpi)
    return out


def metadata_to_json(metadata: Metadata) -> dict:
    out = {}
    for name in FIELD_NAMES:
        field = metadata.fields.get(name)
        if field is None:
            out[name] = {"value": "", "confidence": 0.0, "review": False}
            continue
        entry = {"value": field.value, "confidence": round(field.confidence, 3),
                 "review": field.review}
        for key in ("note", "suggestion", "template"):
            if getattr(field, key):
                entry[key] = getattr(field, key)
        if field.where:
            entry["page"] = field.where.page
            if field.where.box:
                entry["box"] = list(field.where.box)
        out[name] = entry
    if metadata.receipt is not None:
        r = metadata.receipt
        out["receipt"] = {"number": r.number, "date": r.date, "page": r.where.page,
                          "box": list(r.where.box) if r.where.box else None}
    return out


def effective_metadata(catalog: Catalog, doc: DocumentRow) -> dict[str, str]:
    """Field values as archivists see them: their corrections win over extraction."""
    values = {name: (doc.metadata.get(name) or {}).get("value", "") for name in FIELD_NAMES}
    for field, value in catalog.corrections(doc.id).items():
        if field in values:
            values[field] = value
    return values


def page_texts(catalog: Catalog, doc: DocumentRow) -> list[str]:
    """Page texts with archivists' corrections of a page's text applied."""
    corrected = catalog.corrections(doc.id)
    return [corrected.get(f"page:{p.number}", p.text) for p in catalog.pages(doc.id)]


def index_record(catalog: Catalog, doc: DocumentRow) -> IndexRecord:
    return IndexRecord(
        id=doc.id, source=doc.source, pages=tuple(page_texts(catalog, doc)),
        metadata=effective_metadata(catalog, doc),
        cites=tuple(c["symbol"] for c in doc.citations))


def _write_pdf(config: Config, doc: DocumentRow, numbers: list[int]) -> None:
    """The searchable PDF: each page image under its invisible OCR text layer.

    A born-digital page has no text-layer part: it is taken from the source PDF as it is.
    """
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        out = pdfium.PdfDocument.new()
        source = None
        for number in numbers:
            part = config.page_pdf_part(doc.id, number)
            if part.exists():
                text_layer = pdfium.PdfDocument(str(part))
                out.import_pages(text_layer)
                text_layer.close()
                _lay_image_under(out[len(out) - 1], config.page_image(doc.id, number))
            else:
                source = source or pdfium.PdfDocument(doc.source)
                out.import_pages(source, [number - 1])
        target = config.document_pdf(doc.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".pdf.tmp")
        out.save(str(tmp))
        out.close()
        if source:
            source.close()
        os.replace(tmp, target)
    for number in numbers:
        config.page_pdf_part(doc.id, number).unlink(missing_ok=True)
    parts = config.data_dir / "work" / doc.id
    if parts.exists() and not any(parts.iterdir()):
        parts.rmdir()


def _lay_image_under(page, png: Path) -> None:
    """Draw the page image over the whole page; the OCR text beneath is invisible anyway,
    so the order does not matter for reading, selecting or searching."""
    import cv2
    import pypdfium2 as pdfium

    grey = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
    jpeg = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
    image = pdfium.PdfImage.new(page.pdf)
    image.load_jpeg(io.BytesIO(jpeg), inline=True)
    width, height = page.get_size()
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a kill mid-write must not leave half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
