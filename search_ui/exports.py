"""A result list taken away: CSV and XLSX of the hits' archival fields, and a ZIP of their
PDFs named by symbol and date. Only what the user may see, like the search itself;
classified PDFs stamped like single downloads; every export audited."""
from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from luutru.archive.export import CSV_COLUMNS
from luutru.archive.records import effective_metadata
from luutru.search_ui import views
from luutru.search_ui.archive import Archive
from luutru.search_ui.pages import ArchiveDep, SearchDep, UserDep, attachment, stamp_text
from luutru.search_ui.stamp import stamped_pdf

router = APIRouter(include_in_schema=False)
MAX_ROWS = 5000  # a list longer than this is a reason to narrow the search first
MAX_ZIP = 300  # PDFs in one ZIP: they are tens of megabytes each at worst
# The columns of the archival CSV that a result row has (no page-level notes).
COLUMNS = [(title, key) for title, key in CSV_COLUMNS
           if key not in ("recipients", "keywords", "notes", "condition", "language")]


def _rows(arch: Archive, user, params: views.SearchParams, limit: int) -> list[dict]:
    if not arch.searchable():
        return []
    results = arch.index.search(params.q, clearance=user.clearance, filters=params.filters(),
                                sort=params.sort, offset=0, limit=limit, facets=False)
    out = []
    for ordinal, hit in enumerate(results.hits, start=1):
        doc = arch.document(user, hit.id)
        if doc is None:
            continue
        meta = effective_metadata(arch.catalog(), doc)
        out.append(meta | {"id": doc.id, "ordinal": ordinal, "source": doc.source,
                           "page_count": doc.page_count, "doc": doc,
                           "subject": meta.get("subject") or meta.get("cv_subject", "")})
    return out


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text opening like a formula gets an apostrophe
    (OCR text can start with '=' or '+'; a list item's '- ' is left alone)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "@"):
        return "'" + value
    return value


def _audit(request: Request, user, params: views.SearchParams, kind: str, count: int) -> None:
    from luutru.search_ui.context import audit

    if user.clearance > 0:
        audit(request, user, "export", detail=f"{kind} {count} văn bản: {params.query_string()}")


def _name(params: views.SearchParams, suffix: str) -> str:
    words = views.download_name({"symbol": params.q or "ket-qua"}, "ket-qua")
    return f"luutru-{words}{suffix}"


@router.get("/export.csv")
def export_csv(request: Request, arch: ArchiveDep, user: UserDep, params: SearchDep
               ) -> Response:
    rows = _rows(arch, user, params, MAX_ROWS)
    out = io.StringIO()
    out.write("\ufeff")  # Excel and LibreOffice then read it as UTF-8 without asking
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for title, _ in COLUMNS])
    writer.writerows([[_cell(row.get(key, "")) for _, key in COLUMNS] for row in rows])
    _audit(request, user, params, "csv", len(rows))
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers=attachment(_name(params, ".csv")))


@router.get("/export.xlsx")
def export_xlsx(request: Request, arch: ArchiveDep, user: UserDep, params: SearchDep
                ) -> Response:
    import xlsxwriter

    rows = _rows(arch, user, params, MAX_ROWS)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    sheet = book.add_worksheet("Kết quả")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, [title for title, _ in COLUMNS], bold)
    for r, row in enumerate(rows, start=1):
        # Written as strings: an OCR'd '12/3' must not become a date or a formula.
        for c, (_, key) in enumerate(COLUMNS):
            value = row.get(key, "")
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(rows)), len(COLUMNS) - 1)
    book.close()
    _audit(request, user, params, "xlsx", len(rows))
    return Response(out.getvalue(), headers=attachment(_name(params, ".xlsx")),
                    media_type="application/vnd.openxmlformats-officedocument"
                               ".spreadsheetml.sheet")


@router.get("/export.zip")
def export_zip(request: Request, arch: ArchiveDep, user: UserDep, params: SearchDep
               ) -> Response:
    from luutru.search_ui.context import audit

    rows = _rows(arch, user, params, MAX_ZIP)
    out = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115 - closed by _chunks
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PDFs do not shrink
        for row in rows:
            doc = row["doc"]
            path = arch.pdf(doc)
            if path is None:
                continue
            name = views.download_name(row, doc.id)
            if name in used:  # two documents with the same symbol and date
                name = f"{name}_{doc.id}"
            used.add(name)
            if arch.level(doc) > 0:
                archive.writestr(f"{name}.pdf", stamped_pdf(path, stamp_text(arch, user, doc)))
                audit(request, user, "download", doc.id, "pdf trong tệp zip")
            else:
                archive.write(path, f"{name}.pdf")
    _audit(request, user, params, "zip", len(used))
    out.seek(0)
    return StreamingResponse(_chunks(out), media_type="application/zip",
                             headers=attachment(_name(params, ".zip")))


def _chunks(fh) -> Iterator[bytes]:
    """A spooled file in pieces: a ZIP of many PDFs is not held in memory whole."""
    with fh:
        while block := fh.read(1 << 20):
            yield block
