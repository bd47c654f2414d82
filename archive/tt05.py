"""Archival metadata after Thông tư 05/2025/TT-BNV: hồ sơ (18 fields) and văn bản (21
fields), as CSV and as EAD (Encoded Archival Description, 2002 schema) XML.

A value is what the catalog knows: an archivist's corrections win, hồ sơ fields come from
ingest or a manifest, and a field nobody gave is empty rather than guessed. The secrecy grade
and urgency are columns of their own beside the 21 fields, since `mode` 03 (Mật) does not
tell MẬT, TỐI MẬT and TUYỆT MẬT apart.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from luutru.archive.catalog import Catalog, DocumentRow, HosoRow
from luutru.archive.evidence import archive_values
from luutru.archive.records import effective_metadata
from luutru.vietnamese import format_date_dmy, parse_date, parse_symbol, tt05_type_code

HOSO_FIELDS = (
    "fileCode", "title", "maintenance", "mode", "language", "startDate", "endDate", "keyword",
    "totalDoc", "numberOfPaper", "numberOfPage", "format", "inforSign", "confidenceLevel",
    "paperFileCode", "riskRecovery", "riskRecoveryStatus", "description",
)
DOCUMENT_FIELDS = (
    "docId", "docCode", "maintenance", "typeName", "codeNumber", "codeNotation", "issuedDate",
    "organName", "subject", "language", "numberOfPage", "inforSign", "keyword", "mode",
    "confidenceLevel", "autograph", "format", "riskRecovery", "riskRecoveryStatus", "process",
    "description",
)
# Ours, after the circular's: the type by name (its code may be unknown), the marks the
# `mode` code folds together, and where the document is in its scan file.
DOCUMENT_EXTRA = ("typeNameText", "fileCode", "classification", "urgency", "source",
                  "pageStart", "pageEnd")

MODE_SECRET = "03"  # chế độ sử dụng: Mật
DIGITISED, BORN_DIGITAL = "02", "01"  # confidenceLevel
LANGUAGE = "Tiếng Việt"


@dataclass(frozen=True)
class HosoRecord:
    fields: dict[str, str]
    documents: list[dict[str, str]]
    fonds: str


def document_fields(catalog: Catalog, doc: DocumentRow, hoso: HosoRow | None,
                    values: dict[str, str]) -> dict[str, str]:
    """The 21 fields of a văn bản, then ours, from its `values` (archive.evidence's
    archive_values: the same as the JSON export's)."""
    pages = catalog.page_rows(doc.id)
    symbol = parse_symbol(values["symbol"]) if values["symbol"] else None
    notation = (symbol.text[len(symbol.number) + 1:]
                if symbol and symbol.valid and symbol.text.startswith(symbol.number) else "")
    review = [str(p["number"]) for p in pages if p["review"]]
    secret = bool(values["classification"])
    out = {
        "docId": doc.id,
        "docCode": doc.doc_code,
        "maintenance": hoso.maintenance if hoso else "",
        "typeName": tt05_type_code(values["doc_type"]),
        "codeNumber": values["number"],
        "codeNotation": notation,
        "issuedDate": format_date_dmy(values["date"]),
        "organName": values["issuer"],
        "subject": values["subject"] or values.get("cv_subject", ""),
        "language": LANGUAGE,
        "numberOfPage": str(len(pages) or doc.page_count),
        "inforSign": "",
        "keyword": "",
        "mode": MODE_SECRET if secret else (hoso.mode if hoso else ""),
        "confidenceLevel": _confidence_level(doc, pages),
        "autograph": ", ".join(v for v in (values["signer_authority"], values["signer_title"],
                                            values["signer_name"]) if v),
        "format": "",
        "riskRecovery": hoso.risk_recovery if hoso else "",
        "riskRecoveryStatus": hoso.risk_recovery_status if hoso else "",
        "process": "",
        "description": f"Trang cần kiểm tra: {', '.join(review)}" if review else "",
        "typeNameText": values["doc_type"],
        "fileCode": doc.hoso or "",
        "classification": values["classification"],
        "urgency": values["urgency"],
        "source": doc.source,
        "pageStart": str(doc.page_start),
        "pageEnd": str(doc.page_end or doc.page_start + doc.page_count - 1),
    }
    return out


def _confidence_level(doc: DocumentRow, pages: list[dict]) -> str:
    """02 for a paper scan; 01 for a born-digital PDF read from its own text; unknown for
    records imported from another system."""
    if doc.origin != "scan":
        return ""
    if pages and all(p["method"] == "text-layer" for p in pages):
        return BORN_DIGITAL
    return DIGITISED


def hoso_fields(hoso: HosoRow, documents: list[dict[str, str]]) -> dict[str, str]:
    """The 18 fields of a hồ sơ; dates and mode follow its documents where nobody gave them."""
    dates = sorted(_iso(d["issuedDate"]) for d in documents if d["issuedDate"])
    levels = {d["confidenceLevel"] for d in documents} - {""}
    return {
        "fileCode": hoso.code,
        "title": hoso.title,
        "maintenance": hoso.maintenance,
        "mode": MODE_SECRET if any(d["mode"] == MODE_SECRET for d in documents) else hoso.mode,
        "language": hoso.language or LANGUAGE,
        "startDate": format_date_dmy(hoso.start_date) or (
            format_date_dmy(dates[0]) if dates else ""),
        "endDate": format_date_dmy(hoso.end_date) or (
            format_date_dmy(dates[-1]) if dates else ""),
        "keyword": hoso.keyword,
        "totalDoc": str(hoso.total_doc),
        "numberOfPaper": str(hoso.number_of_paper),
        "numberOfPage": str(hoso.number_of_page),
        "format": hoso.format,
        "inforSign": hoso.inforsign,
        "confidenceLevel": hoso.confidence_level or (
            levels.pop() if len(levels) == 1 else "03" if levels else ""),
        "paperFileCode": hoso.paper_file_code,
        "riskRecovery": hoso.risk_recovery,
        "riskRecoveryStatus": hoso.risk_recovery_status,
        "description": hoso.description,
    }


def _values_of(catalog: Catalog, doc: DocumentRow, values: dict[str, dict[str, str]]
               ) -> dict[str, str]:
    """A hồ sơ may hold a document not finished yet: its values are what was read."""
    return values.get(doc.id) or effective_metadata(catalog, doc)


def _iso(dmy: str) -> str:
    """'30/07/2007' -> '2007-07-30': EAD's normal form of a date this export wrote."""
    return parse_date(dmy) or ""


def hoso_records(catalog: Catalog, code: str | None = None) -> Iterator[HosoRecord]:
    """Each hồ sơ (or the one named) with its documents, in archival order."""
    hosos = [catalog.hoso(code)] if code else catalog.hoso_list()
    # Evidence comes from the whole archive (a citing paper may be in another hồ sơ).
    values, _ = archive_values(catalog, catalog.documents(status="done"))
    for hoso in hosos:
        if hoso is None:
            raise KeyError(f"no hồ sơ {code!r}")
        docs = [document_fields(catalog, d, hoso, _values_of(catalog, d, values))
                for d in catalog.hoso_documents(hoso.code)]
        yield HosoRecord(hoso_fields(hoso, docs), docs, hoso.fonds)


def documents_csv(catalog: Catalog) -> str:
    """Every finished document, its hồ sơ's first, as a CSV of the 21 fields and ours."""
    hosos = {h.code: h for h in catalog.hoso_list()}
    docs = catalog.documents(status="done")
    values, _ = archive_values(catalog, docs)
    rows = (document_fields(catalog, d, hosos.get(d.hoso or ""), values[d.id]) for d in docs)
    return _csv(DOCUMENT_FIELDS + DOCUMENT_EXTRA, rows)


def hoso_csv(catalog: Catalog) -> str:
    return _csv(HOSO_FIELDS, (r.fields for r in hoso_records(catalog)))


def _csv(columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> str:
    """UTF-8 with a byte-order mark, so that spreadsheets open it as UTF-8 unasked."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# -- EAD -------------------------------------------------------------------------------

EAD_NS = "urn:isbn:1-931666-22-9"
XLINK_NS = "http://www.w3.org/1999/xlink"


def ead(records: Iterable[HosoRecord], agency: str = "") -> etree._Element:
    """One EAD finding aid: the hồ sơ as files (`c level="file"`), their documents as items,
    each with every TT 05/2025 field kept in a definition list."""
    E = _maker()
    records = list(records)
    fonds = sorted({r.fonds for r in records if r.fonds})
    root = E("ead")
    header = E("eadheader", E("eadid", ",".join(r.fields["fileCode"] for r in records)),
               E("filedesc", E("titlestmt", E("titleproper", "Mục lục hồ sơ"))))
    root.append(header)
    archdesc = E("archdesc", E("did", E("unittitle", ", ".join(fonds) or agency or "Phông")),
                 level="fonds")
    dsc = E("dsc")
    for record in records:
        dsc.append(_hoso_component(E, record))
    archdesc.append(dsc)
    root.append(archdesc)
    return root


def _hoso_component(E, record: HosoRecord) -> etree._Element:
    f = record.fields
    did = E("did", E("unitid", f["fileCode"]), E("unittitle", f["title"] or f["fileCode"]))
    if f["startDate"] or f["endDate"]:
        did.append(E("unitdate", f"{f['startDate']} - {f['endDate']}", normal="/".join(
            _iso(d) for d in (f["startDate"], f["endDate"]) if d)))
    did.append(E("physdesc", E("extent", f"{f['numberOfPage']} trang")))
    did.append(E("langmaterial", E("language", f["language"], langcode="vie")))
    component = E("c", did, _fields(E, f, HOSO_FIELDS), level="file", id=_id(f["fileCode"]))
    for doc in record.documents:
        component.append(_document_component(E, doc))
    return component


def _document_component(E, doc: dict[str, str]) -> etree._Element:
    did = E("did", E("unitid", doc["docCode"] or doc["docId"]),
            E("unittitle", doc["typeNameText"] or "Văn bản"))
    if doc["issuedDate"]:
        did.append(E("unitdate", doc["issuedDate"], normal=_iso(doc["issuedDate"])))
    if doc["organName"]:
        did.append(E("origination", E("corpname", doc["organName"])))
    did.append(E("physdesc", E("extent", f"{doc['numberOfPage']} trang")))
    if doc["subject"]:
        did.append(E("abstract", doc["subject"]))
    component = E("c", did, _fields(E, doc, DOCUMENT_FIELDS + DOCUMENT_EXTRA), level="item",
                  id=_id(doc["docCode"] or doc["docId"]))
    if doc["classification"]:
        component.insert(1, E("accessrestrict", E("p", doc["classification"])))
    return component


def _fields(E, values: dict[str, str], names: tuple[str, ...]) -> etree._Element:
    """Every field by its TT 05/2025 name, so that nothing is lost in the mapping to EAD."""
    items = [E("defitem", E("label", name), E("item", values.get(name, ""))) for name in names]
    return E("odd", E("list", *items, type="deflist"), type="tt05")


def _id(code: str) -> str:
    """An XML id: letters, digits, '.', '-', '_', not starting with a digit."""
    safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in code)
    return f"c-{safe}"


def _maker():
    from lxml.builder import ElementMaker

    return ElementMaker(namespace=EAD_NS, nsmap={None: EAD_NS, "xlink": XLINK_NS})


def ead_bytes(records: Iterable[HosoRecord], agency: str = "") -> bytes:
    return etree.tostring(ead(records, agency), xml_declaration=True, encoding="UTF-8",
                          pretty_print=True)
