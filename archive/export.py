"""Exports for archives: the contract's JSON lines, and a CSV of the archival fields.

The CSV follows the document-level fields of Thông tư 02/2019/TT-BNV and the annex of
Nghị định 30/2020/NĐ-CP, with Vietnamese column names, UTF-8 with a byte-order mark so
that LibreOffice and Excel open it as UTF-8 without asking.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.evidence import AGREED_CONFIDENCE, archive_values
from luutru.archive.records import page_texts
from luutru.vietnamese import symbol_key


def _field_entry(extracted: dict, value: str, corrected: bool, evidence: dict) -> dict:
    """value, confidence, review (and where it was read, why it is flagged). An archivist's
    correction is the value and needs no more review; a value other documents of the
    archive confirm (archive.evidence) is sure; what they only suggest stays a suggestion."""
    entry = {"value": value, "confidence": 0.0, "review": False} | extracted
    entry["value"] = value
    if corrected:
        entry |= {"extracted": extracted.get("value", ""), "review": False, "confidence": 1.0}
    elif evidence.get("confirmed_by") and value:
        entry |= {"confirmed_by": evidence["confirmed_by"], "review": False,
                  "confidence": max(float(entry.get("confidence", 0.0)), AGREED_CONFIDENCE)}
    elif evidence.get("accepted_by") and value:
        # A handwritten candidate a citing document confirms: both exact and independent.
        entry |= {"accepted_by": evidence["accepted_by"], "note": evidence["note"],
                  "review": False, "confidence": AGREED_CONFIDENCE}
        entry.pop("suggestion", None)
    elif evidence.get("suggestion") and evidence["suggestion"] != value:
        entry |= {"suggestion": evidence["suggestion"],
                  "suggested_by": evidence["suggested_by"], "review": True}
    entry["corrected"] = corrected
    return entry


def export_record(config: Config, catalog: Catalog, doc: DocumentRow, values: dict[str, str],
                  by_symbol: dict[str, str] | None = None,
                  evidence: dict[str, dict] | None = None) -> dict:
    """One document in the contract's shape: `values` are its fields as
    archive.evidence.archive_values gives them, `by_symbol` resolves its citations,
    `evidence` is what the rest of the archive says of its fields."""
    pages = catalog.page_rows(doc.id)
    texts = page_texts(catalog, doc)
    corrected = catalog.corrections(doc.id)
    return {
        "id": doc.id,
        "source": doc.source,
        # Its pages in `source` (a scan file may hold several documents), its hồ sơ.
        "page_start": doc.page_start,
        "page_end": doc.page_end,
        "hoso": doc.hoso or "",
        "seq": doc.seq,
        "doc_code": doc.doc_code,
        "pages": [{"number": p["number"], "text": text, "confidence": p["confidence"],
                   "quality": p["quality"], "review": bool(p["review"]),
                   "method": p["method"], "steps": p["steps"]}
                  for p, text in zip(pages, texts, strict=True)],
        "metadata": values,
        "fields": {name: _field_entry(doc.metadata.get(name) or {}, values[name],
                                      name in corrected, (evidence or {}).get(name, {}))
                   for name in values},
        "citations": [c | {"document": (by_symbol or {}).get(symbol_key(c["symbol"]), "")}
                      for c in doc.citations],
        # A receiving office's 'CÔNG VĂN ĐẾN' stamp: its số đến and ngày đến, kept apart.
        "receipt": doc.metadata.get("receipt"),
        "review_pages": [p["number"] for p in pages if p["review"]],
        "files": _files(config, doc, [p["number"] for p in pages]),
    } | _signatures(catalog, doc)


def _signatures(catalog: Catalog, doc: DocumentRow) -> dict:
    """Only a signed PDF's record has `signatures`, as the contract says."""
    signatures = catalog.signatures(doc.id)
    return {"signatures": signatures} if signatures else {}


def _files(config: Config, doc: DocumentRow, numbers: list[int]) -> dict:
    if doc.origin != "scan":
        return {}
    return {
        "pdf": str(config.document_pdf(doc.id)),
        "text": str(config.document_text(doc.id)),
        "pages": [str(config.page_image(doc.scan, doc.file_page(n))) for n in numbers],
        "hocr": [str(config.page_hocr(doc.scan, doc.file_page(n))) for n in numbers],
    }


def export_jsonl(config: Config, catalog: Catalog) -> Iterator[dict]:
    docs = catalog.documents(status="done")
    values, evidence = archive_values(catalog, docs)
    by_symbol = {symbol_key(values[d.id]["symbol"]): d.id for d in docs}
    by_symbol.pop("", None)
    for doc in docs:
        yield export_record(config, catalog, doc, values[doc.id], by_symbol, evidence.get(doc.id))


# The key fields an archivist is asked to check, named in the CSV's notes.
CSV_REVIEW_LABELS = {
    "symbol": "Số, ký hiệu", "doc_type": "Tên loại", "issuer": "Cơ quan ban hành",
    "date": "Ngày", "subject": "Trích yếu", "cv_subject": "Trích yếu", "signer_name": "Người ký",
}

# (column title, how to get it from an export record)
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Mã định danh", "id"),
    ("Số thứ tự", "ordinal"),
    ("Tên loại văn bản", "doc_type"),
    ("Số văn bản", "number"),
    ("Ký hiệu văn bản", "symbol"),
    ("Ngày, tháng, năm văn bản", "date"),
    ("Tên cơ quan, tổ chức ban hành", "issuer"),
    ("Cơ quan cấp trên", "superior"),
    ("Địa danh", "place"),
    ("Trích yếu nội dung", "subject"),
    ("Ngôn ngữ", "language"),
    ("Số trang", "page_count"),
    ("Chức vụ người ký", "signer_title"),
    ("Thẩm quyền ký", "signer_authority"),
    ("Họ tên người ký", "signer_name"),
    ("Nơi nhận", "recipients"),
    ("Độ mật", "classification"),
    ("Mức độ khẩn", "urgency"),
    ("Từ khóa", "keywords"),
    ("Ghi chú", "notes"),
    ("Tình trạng vật lý", "condition"),
    ("Tệp gốc", "source"),
)


def export_csv(config: Config, catalog: Catalog) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for ordinal, record in enumerate(export_jsonl(config, catalog), start=1):
        meta = record["metadata"]
        review = record["review_pages"]
        unsure = list(dict.fromkeys(CSV_REVIEW_LABELS[name] for name, f in
                                    record["fields"].items()
                                    if f.get("review") and name in CSV_REVIEW_LABELS))
        notes = [f"Trang cần kiểm tra: {', '.join(map(str, review))}" if review else "",
                 f"Trường cần kiểm tra: {', '.join(unsure)}" if unsure else ""]
        row = meta | {
            "id": record["id"], "ordinal": ordinal, "source": record["source"],
            "language": "Tiếng Việt", "page_count": len(record["pages"]),
            "subject": meta.get("subject") or meta.get("cv_subject", ""),
            "recipients": "", "keywords": "",
            "notes": "; ".join(n for n in notes if n),
            "condition": "",
        }
        writer.writerow([row.get(key, "") for _, key in CSV_COLUMNS])
    return out.getvalue()
