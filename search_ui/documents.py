"""A document as the document page and /api/documents show it, for one user.

Everything here starts from a DocumentRow that Archive.document() already allowed; the
related lists (cited by, similar, cited documents) go through the index with the user's
clearance, so they hold nothing the user may not see.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from PIL import Image

from luutru.archive.catalog import DocumentRow
from luutru.archive.evidence import AGREED_CONFIDENCE
from luutru.archive.records import effective_metadata, page_texts
from luutru.archive.users import User
from luutru.index import SearchResults
from luutru.index.highlight import Terms
from luutru.metadata.types import FIELD_NAMES
from luutru.search_ui.archive import Archive
from luutru.search_ui.views import Box, marked, page_boxes

RELATED = 10  # documents listed under "cited by" and "similar"
LOW_CONFIDENCE = 0.6  # extracted fields below this are offered for review
# Fields an archivist checks first on a scanned document; a công văn has its subject in
# cv_subject (V/v ...), other documents in subject.
KEY_FIELDS = ("symbol", "doc_type", "issuer", "date", "subject", "signer_name")


@dataclass(frozen=True)
class FieldView:
    name: str
    value: str
    extracted: str
    confidence: float
    corrected_by: str = ""
    corrected_at: str = ""
    review: bool = False  # extraction asks for a human look (metadata.trust)
    note: str = ""  # why
    suggestion: str = ""  # a value offered, never taken without the archivist
    template: str = ""  # '…/CT-UBND', '2025-02-…': the archivist types only the '…'
    page: int = 0
    box: tuple[int, int, int, int] | None = None

    @property
    def corrected(self) -> bool:
        return bool(self.corrected_by)

    @property
    def low(self) -> bool:
        return not self.corrected and (self.review or self.confidence < LOW_CONFIDENCE)

    @property
    def offered(self) -> str:
        """The machine's reading, else its suggestion, as the archivist would type it into
        the slot ('04' of a day): Enter then confirms it."""
        head, _, tail = self.template.partition("…")
        offer = self.value or self.suggestion
        if offer and "…" in self.template and offer.startswith(head) and offer.endswith(tail):
            return offer[len(head):len(offer) - len(tail)] if tail else offer[len(head):]
        return offer

    @property
    def slot(self) -> bool:
        """A handwritten number or day to fill in: its place on the page is known."""
        return self.low and "…" in self.template and self.box is not None and self.page > 0


@dataclass(frozen=True)
class PageView:
    number: int
    text: str
    marked: str
    width: int
    height: int
    quality: float
    review: bool
    has_image: bool
    image_url: str
    boxes: tuple[Box, ...]
    corrected: bool


def fields(archive: Archive, doc: DocumentRow) -> list[FieldView]:
    """The document's fields as shown, with what the rest of the archive said of them when
    last weighed (archive.evidence): a confirmation clears the review, a value it accepted
    is shown as the export gives it, a suggestion is offered."""
    catalog = archive.catalog()
    values = effective_metadata(catalog, doc)
    evidence = catalog.evidence(doc.id)
    latest = {entry["field"]: entry for entry in catalog.correction_log(doc.id)}
    out = []
    for name in FIELD_NAMES:
        extracted = doc.metadata.get(name) or {}
        entry = latest.get(name, {})
        box = extracted.get("box")
        said = evidence.get(name, {})
        accepted = bool(said.get("accepted_by")) and values[name] == said.get("value")
        out.append(FieldView(
            name=name, value=values[name], extracted=str(extracted.get("value", "")),
            confidence=AGREED_CONFIDENCE if accepted else float(extracted.get("confidence", 0.0)),
            corrected_by=entry.get("user", ""), corrected_at=entry.get("at", ""),
            review=bool(extracted.get("review", False)) and not said.get("confirmed_by")
            and not accepted,
            note=str(said["note"] if accepted else extracted.get("note", "")),
            suggestion=str(said.get("suggestion", "") or extracted.get("suggestion", "")),
            template=str(extracted.get("template", "")), page=int(extracted.get("page", 0)),
            box=stored_box(box)))
    return out


def stored_box(value: object) -> tuple[int, int, int, int] | None:
    """A stored box (a JSON list of four pixels), or None for anything else."""
    if not isinstance(value, list) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (int(v) for v in value)
    return x0, y0, x1, y1


def slot_png(image: Path, box: tuple[int, int, int, int]) -> bytes:
    """The box with a margin around it, cut from the page image, as PNG."""
    with Image.open(image) as im:
        x0, y0, x1, y1 = box
        pad = max(8, (y1 - y0) // 2)
        crop = im.crop((max(0, x0 - 2 * pad), max(0, y0 - pad),
                        min(im.width, x1 + 2 * pad), min(im.height, y1 + pad)))
        out = io.BytesIO()
        crop.save(out, "PNG")
    return out.getvalue()


def fill_template(template: str, typed: str) -> str:
    """What the archivist typed into a slot, put into its printed part: '11' in '…/TB-UBND'
    is '11/TB-UBND'; '8' in '2025-01-…' is '2025-01-08'. Anything else is taken as typed."""
    typed = typed.strip()
    if "…" not in template or not typed.isdigit():
        return typed
    if template.endswith("-…"):  # a day
        typed = typed.zfill(2)
    return template.replace("…", typed)


def review_fields(doc: DocumentRow, views: list[FieldView]) -> list[FieldView]:
    """Key fields of a scanned document that extraction was unsure of, not yet corrected."""
    if doc.origin != "scan":  # imported metadata is what its system had: nothing to check
        return []
    by_name = {f.name: f for f in views}
    key = list(KEY_FIELDS)
    if by_name["doc_type"].value == "Công văn" or by_name["cv_subject"].value:
        key[key.index("subject")] = "cv_subject"
    return [by_name[name] for name in key if by_name[name].low]


def pages(archive: Archive, doc: DocumentRow, terms: Terms, only: int | None = None
          ) -> list[PageView]:
    """The document's pages (or page `only`) with their text and highlight boxes."""
    catalog = archive.catalog()
    rows = catalog.page_rows(doc.id)
    texts = page_texts(catalog, doc)
    corrected = catalog.corrections(doc.id)
    out = []
    for row, text in zip(rows, texts, strict=True):
        number = row["number"]
        if only is not None and number != only:
            continue
        image = archive.page_image(doc, number)
        width, height = row["width"], row["height"]
        if image and not (width and height):
            with Image.open(image) as im:
                width, height = im.size
        out.append(PageView(
            number=number, text=text, marked=marked(text, terms), width=width, height=height,
            quality=row["quality"], review=bool(row["review"]), has_image=image is not None,
            image_url=f"/documents/{doc.id}/pages/{number}.png",
            boxes=tuple(page_boxes(row["words"], width, height, terms)) if image else (),
            corrected=f"page:{number}" in corrected))
    return out


def citations(archive: Archive, user: User, doc: DocumentRow) -> list[dict]:
    """What the document cites, each with the archive's document bearing that symbol when
    the user may see one."""
    out = []
    for cited in doc.citations:
        symbol = str(cited.get("symbol", ""))
        found = archive.index.search(f'symbol:"{symbol.replace(chr(34), "")}"',
                                     clearance=user.clearance, limit=1, facets=False
                                     ) if symbol else None
        target = found.hits[0].id if found and found.hits else ""
        out.append({"doc_type": cited.get("doc_type", ""), "symbol": symbol,
                    "date": cited.get("date", ""), "text": cited.get("text", ""),
                    "document": target, "url": f"/documents/{target}" if target else "",
                    "search_url": f"/?q={quote(symbol)}" if symbol else ""})
    return out


def cited_by(archive: Archive, user: User, symbol: str) -> SearchResults:
    if not symbol:
        return SearchResults(hits=(), total=0)
    return archive.index.cited_by(symbol, clearance=user.clearance, limit=RELATED)


def similar(archive: Archive, user: User, doc: DocumentRow) -> SearchResults:
    return archive.index.more_like_this(doc.id, clearance=user.clearance, limit=RELATED)
