"""The finishing step: a scan file's stored pages -> its documents.

Cut the file into documents (the archivist's boundaries, else the pages' own), and give each
its metadata, citations, searchable PDF/A and text — from the page images and words already
in the data directory, never by reading the scan again. So it needs neither OCR nor the
batch machinery: the batch runs it once a file's last page is in, and the web app and the
command line run it again when an archivist splits or merges documents or an admin releases
a held one (`archive/splitting.py`, `archive/secrecy.py`).
"""
from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.signatures import signing_days
from luutru.metadata import extract
from luutru.metadata.boundaries import DocumentRange, find_ranges
from luutru.metadata.types import FIELD_NAMES, Metadata
from luutru.ocr.load import UnreadableScan, sniff
from luutru.ocr.types import PageResult

log = logging.getLogger(__name__)

# The archivist's boundaries of a scan file: the first pages of its documents, "1,3,5",
# kept as a correction of the file's own row so that re-reading the file keeps them.
BOUNDARIES = "boundaries"
# An admin's decision on a held TUYỆT MẬT document, kept as a correction of the document.
SECRECY_GATE = "secrecy_gate"
HELD_CLASSIFICATION = "TUYỆT MẬT"
# Rows of a scan file that are its documents now (not merged into another).
_CURRENT = ("done", "held", "purged")


@dataclass(frozen=True)
class Part:
    """One document cut from a scan file, as `finish` made it."""

    id: str
    range: DocumentRange
    status: str  # 'done', 'held' (TUYỆT MẬT, waiting for an admin) or 'purged'


def part_id(scan_id: str, first_page: int) -> str:
    """A document's id: its file's for the one starting on page 1, else the file's with
    the first page, so the same cut gives the same id again."""
    return scan_id if first_page == 1 else f"{scan_id}-{first_page}"


def finish(config: Config, catalog: Catalog, doc: DocumentRow) -> list[Part]:
    """Once every page of a scan file is in: cut it into its documents (the archivist's
    boundaries, else the pages' own), and give each its metadata, citations, searchable PDF
    and text — except a TUYỆT MẬT one, which is held without any access copy.

    Runs again whenever the boundaries change; rows of documents that no longer exist are
    marked 'merged', never deleted, so their corrections come back with them.
    """
    scan = catalog.document(doc.scan) or doc
    pages = catalog.scan_pages(scan.id)
    ranges = boundaries(catalog, scan, pages)
    before = {d.id: d for d in catalog.documents_of_scan(scan.id)}
    signatures = _signatures(config, scan)
    parts: list[Part] = []
    rows: list[tuple[Part, dict, list]] = []
    for r in ranges:
        pid = part_id(scan.id, r.first)
        previous = before.get(pid)
        if previous is not None and previous.status == "purged":
            # Nothing is left to read: its register entry stays as it was.
            parts.append(Part(pid, r, "purged"))
            rows.append((parts[-1], previous.metadata, previous.citations))
            continue
        own = document_pages(scan, pages, r.first, r.last)
        metadata = extract(own, _own_signing_days(signatures or [], len(ranges)))
        status = _gate(catalog, pid, metadata, previous)
        part = Part(pid, r, status)
        if status == "done":
            _write_pdf(config, scan, [p for p in pages if p.number in r.pages], metadata,
                       config.document_pdf(pid))
            text = "\f".join(p.text for p in own)
            write_whole(config.document_text(pid), text.encode("utf-8"))
        else:
            remove_access_copies(config, pid)
        parts.append(part)
        rows.append((part, metadata_to_json(metadata), [asdict(c) for c in metadata.citations]))
    gone = [d for pid, d in before.items() if pid not in {p.id for p in parts}]
    with catalog.transaction():
        for part, metadata_json, citations in rows:
            # A new document cut out of another takes its place in the hồ sơ's order.
            seq = next((d.seq for d in before.values() if d.status in _CURRENT
                        and d.page_start <= part.range.first <= d.page_end), None)
            catalog.save_part(scan, part.id, part.range.first, part.range.last, part.status,
                              metadata_json, citations, seq=seq)
        for old in gone:
            catalog.set_status(old.id, "merged")
        if signatures is not None:  # the file's signatures, shown with each of its documents
            for part in parts:
                catalog.save_signatures(part.id, signatures)
    for old in gone:
        remove_access_copies(config, old.id)
    return parts


def _signatures(config: Config, scan: DocumentRow) -> list[dict] | None:
    """The digital signatures of a source PDF; None for another kind of file, or a source
    moved away since it was read."""
    source = Path(scan.source)
    if not (source.is_file() and sniff(source) == "pdf"):
        return None
    from luutru.archive.signatures import read_signatures

    return read_signatures(source, config.trust_roots)


def _own_signing_days(signatures: list[dict], documents: int) -> list[str]:
    """The days a file's digital signatures were made, as evidence for the date of its one
    document. A file of several (a hồ sơ) was signed as a whole: its signing day is not
    any one of theirs."""
    return signing_days(signatures) if documents == 1 else []


def boundaries(catalog: Catalog, scan: DocumentRow,
               pages: list | None = None) -> list[DocumentRange]:
    """The documents of a scan file: as an archivist set them, else as its pages show."""
    corrected = catalog.corrections(scan.id).get(BOUNDARIES)
    last = max((p.number for p in pages), default=0) if pages is not None \
        else _scan_page_count(catalog, scan)
    if corrected:
        starts = [int(x) for x in corrected.split(",")]
        ends = [s - 1 for s in starts[1:]] + [last]
        return [DocumentRange(s, e, ("set by an archivist",)) for s, e in zip(starts, ends,
                                                                              strict=True)]
    return find_ranges(pages if pages is not None else catalog.scan_pages(scan.id))


def _scan_page_count(catalog: Catalog, scan: DocumentRow) -> int:
    return max(d.page_end for d in catalog.documents_of_scan(scan.id))


def _gate(catalog: Catalog, doc_id: str, metadata: Metadata,
          previous: DocumentRow | None) -> str:
    """'held' for a document read (or corrected) as TUYỆT MẬT that no admin released:
    Party archives do not digitise those (Hướng dẫn 40-HD/VPTW)."""
    corrected = catalog.corrections(doc_id) if previous is not None else {}
    classification = corrected.get("classification", metadata.value("classification"))
    if classification == HELD_CLASSIFICATION and corrected.get(SECRECY_GATE) != "released":
        return "held"
    return "done"


def remove_access_copies(config: Config, doc_id: str) -> None:
    """The searchable PDF and the text file of a document, if there are any."""
    config.document_pdf(doc_id).unlink(missing_ok=True)
    config.document_text(doc_id).unlink(missing_ok=True)


def document_pages(scan: DocumentRow, pages: list[PageResult], first: int,
                   last: int) -> list[PageResult]:
    """Pages `first`..`last` of a scan file as one document's pages, numbered from 1, with
    the number and day handwritten into its header's slots read (`with_handwriting`)."""
    own = with_handwriting(Path(scan.source), [p for p in pages if first <= p.number <= last])
    return [replace(p, number=p.number - first + 1) for p in own]



def extract_metadata(config: Config, catalog: Catalog, doc: DocumentRow) -> str:
    """A finished document's metadata and citations extracted again from its stored page
    words (`luutru reextract`, after the extractor improved): no page is read again, and
    archivists' corrections, stored apart, still win. A document now read as TUYỆT MẬT is
    held, its access copies removed. Returns the document's status."""
    scan = catalog.document(doc.scan or doc.id) or doc
    pages = document_pages(scan, catalog.scan_pages(scan.id), doc.page_start,
                           doc.page_end or doc.page_start + doc.page_count - 1)
    alone = sum(d.status in _CURRENT for d in catalog.documents_of_scan(scan.id))
    metadata = extract(pages, _own_signing_days(catalog.signatures(doc.id), alone))
    status = _gate(catalog, doc.id, metadata, doc)
    with catalog.transaction():
        catalog.finish_document(doc.id, metadata_to_json(metadata),
                                [asdict(c) for c in metadata.citations])
        if status != "done":
            catalog.set_status(doc.id, status)
    if status != "done":
        remove_access_copies(config, doc.id)
    return status



def with_handwriting(source: Path, pages: list[PageResult]) -> list[PageResult]:
    """Pages of the scan file `source` (numbered as in the file) with the number and day
    handwritten into the header's slots read and added as words (`Word.handwritten`), for
    the metadata to see; the stored OCR stays as it was. The slots are read on the page as
    loaded, in colour, where blue ink stands out."""
    from luutru.metadata.slots import find_slots
    from luutru.ocr.clean import sheet_taken
    from luutru.ocr.handwriting import fill_slots
    from luutru.ocr.load import load_page

    slots = find_slots(pages)
    out = list(pages)
    for number in sorted({s.page for s in slots}):
        index = next(i for i, p in enumerate(out) if p.number == number)
        if out[index].method != "ocr":
            continue  # a born-digital page's slots are typed, and already read
        try:
            original = load_page(source, number)
        except (UnreadableScan, OSError) as e:
            # The source moved since it was read (or the path given to ingest was relative
            # to another directory): the metadata goes without, and says why.
            log.warning("%s: page %d: handwritten number and day not read: %s",
                        source, number, e)
            continue
        # A phone photo's slots are read on its sheet, upright at the resolution it names.
        image, dpi, steps = sheet_taken(original.image, original.dpi, out[index].steps)
        filled = fill_slots(replace(out[index], steps=steps), slots, image, dpi)
        out[index] = replace(filled, steps=out[index].steps)
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


def _write_pdf(config: Config, scan: DocumentRow, pages: list[PageResult],
               metadata: Metadata, target: Path) -> None:
    """The archival PDF (PDF/A-2b) of some pages of a scan file (numbered as in the file):
    each page image under its invisible text layer, drawn from the stored image and words,
    so a document cut again, split or merged is drawn anew from the same pages."""
    from luutru.archive import pdfa

    values = {name: field.value for name, field in metadata.fields.items()}
    title = " ".join(v for v in (values.get("doc_type", ""), values.get("symbol", "")) if v)
    info = pdfa.PdfInfo(title=title, author=values.get("issuer", ""),
                        subject=values.get("subject", "") or values.get("cv_subject", ""))
    pdf = pdfa.build((_pdf_page(config, scan.id, p) for p in pages), info)
    pdfa.save(pdf, target)


def _pdf_page(config: Config, scan_id: str, page: PageResult):
    from luutru.archive import pdfa

    colour = config.page_colour(scan_id, page.number)
    image = colour if colour.exists() else config.page_image(scan_id, page.number)
    return pdfa.PdfPage(image=image.read_bytes(), width=page.width, height=page.height,
                        dpi=page.dpi, words=page.words)


def write_whole(path: Path, data: bytes) -> None:
    """Write whole or not at all: a kill mid-write must not leave half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
