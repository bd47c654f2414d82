"""The HTML pages: search, document, downloads, review queue, batches, login."""
from __future__ import annotations

import contextlib
import math
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Depends, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from luutru.archive.catalog import DocumentRow, ReadOnlyArchive, now
from luutru.archive.corrections import WITNESSED_FIELDS, CorrectionError, correct
from luutru.archive.records import effective_metadata, page_texts
from luutru.archive.users import User, UserError, end_sessions, get_user, set_password
from luutru.index import CLASSIFICATION_LEVELS, IndexBusy, SearchResults
from luutru.index.schema import classification_level
from luutru.search_ui import documents, views
from luutru.search_ui.archive import Archive
from luutru.search_ui.context import (
    LoginRequired,
    archive,
    audit,
    corrector,
    flash,
    render,
    safe_next,
    sign_in,
    viewer,
)
from luutru.search_ui.security import csrf_ok, session
from luutru.search_ui.stamp import stamped_pdf
from luutru.vietnamese import parse_date, parse_symbol

router = APIRouter(include_in_schema=False)

NOT_FOUND = "Không tìm thấy văn bản này."
REVIEW_PER_PAGE = 20

ArchiveDep = Annotated[Archive, Depends(archive)]
UserDep = Annotated[User, Depends(viewer)]
CorrectorDep = Annotated[User, Depends(corrector)]


def search_params(
    q: Annotated[str, Query(description='Từ khóa: từ, "cụm từ", -loại trừ, OR, type:, '
                                        'issuer:, year:, số ký hiệu')] = "",
    type: Annotated[str, Query(description="Loại văn bản: 'Nghị quyết' hoặc 'NQ'")] = "",
    issuer: Annotated[str, Query(description="Cơ quan ban hành")] = "",
    date_from: Annotated[str, Query(alias="from", description="Từ ngày (hoặc năm)")] = "",
    date_to: Annotated[str, Query(alias="to", description="Đến ngày (hoặc năm)")] = "",
    classification: Annotated[str, Query(description="Độ mật")] = "",
    sort: Annotated[str, Query(description="relevance, -date (mới nhất) hoặc date")] = "relevance",
    page: Annotated[int, Query(description="Trang kết quả, từ 1")] = 1,
) -> views.SearchParams:
    """The search form's parameters, as the page and /api/search both take them."""
    return views.SearchParams.clean(
        q=q, doc_type=type, issuer=issuer, date_from=date_from, date_to=date_to,
        classification=classification, sort=sort, page=page)


SearchDep = Annotated[views.SearchParams, Depends(search_params)]


def hoso_of_hits(arch: Archive, ids: list[str]) -> dict[str, dict]:
    """The hồ sơ and archival code of each result, for the line under its title."""
    return {doc_id: {"code": hoso, "doc_code": code}
            for doc_id, (hoso, code) in arch.catalog().archival_codes(ids).items() if hoso}


def run_search(arch: Archive, user: User, params: views.SearchParams,
               request: Request | None = None) -> SearchResults:
    """The search; one by a user cleared for classified documents goes in the audit trail."""
    if request is not None and user.clearance > 0 and params.active:
        audit(request, user, "search", detail=params.query_string())
    if not arch.searchable():
        return SearchResults(hits=(), total=0)
    return arch.index.search(params.q, clearance=user.clearance, filters=params.filters(),
                             sort=params.sort, offset=params.offset, limit=views.PER_PAGE)


def visible_document(arch: Archive, user: User, doc_id: str) -> DocumentRow:
    doc = arch.document(user, doc_id)
    if doc is None:
        raise HTTPException(404, NOT_FOUND)
    return doc


def check_csrf(request: Request, token: str) -> None:
    if not csrf_ok(request, token):
        raise HTTPException(403, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                                 "Hãy tải lại trang và thử lại.")


@router.get("/")
def search_page(request: Request, arch: ArchiveDep, user: UserDep, params: SearchDep
                ) -> Response:
    results = run_search(arch, user, params, request)
    return render(
        request, "search.html", params=params, results=results,
        facets=views.ordered_facets(results.facets), facet_shown=views.FACET_SHOWN,
        hits=[views.hit_card(h, params.q) for h in results.hits],
        hoso_of=hoso_of_hits(arch, [h.id for h in results.hits]),
        pages=views.page_links(params.page, views.page_count(results.total)),
        last_page=views.page_count(results.total),
        classifications=views.classifications_for(user.clearance))


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str, arch: ArchiveDep, user: UserDep,
                  q: str = "") -> Response:
    doc = visible_document(arch, user, doc_id)
    audit_read(request, arch, user, doc, "view")
    terms = views.highlight_terms(q)
    fields = documents.fields(arch, doc)
    values = {f.name: f.value for f in fields}
    return render(
        request, "document.html", doc=doc, q=q, fields=fields, values=values,
        pages=documents.pages(arch, doc, terms),
        has_pdf=arch.pdf(doc) is not None,
        signatures=arch.catalog().signatures(doc.id),
        citations=documents.citations(arch, user, doc),
        cited_by=[views.hit_json(h, "") for h in
                  documents.cited_by(arch, user, values["symbol"]).hits],
        similar=[views.hit_json(h, "") for h in documents.similar(arch, user, doc).hits],
        classifications=list(CLASSIFICATION_LEVELS))


def audit_read(request: Request, arch: Archive, user: User, doc: DocumentRow, action: str,
               detail: str = "") -> None:
    """Reading a classified document (its page, an image, a download) is audited."""
    if arch.level(doc) > 0:
        audit(request, user, action, doc.id, detail)


@router.get("/documents/{doc_id}/pages/{number}.png")
def page_image(request: Request, doc_id: str, number: int, arch: ArchiveDep, user: UserDep
               ) -> Response:
    doc = visible_document(arch, user, doc_id)
    path = arch.page_image(doc, number) if 1 <= number <= doc.page_count else None
    if path is None:
        raise HTTPException(404, "Trang này không có ảnh.")
    audit_read(request, arch, user, doc, "page", f"trang {number}")
    return FileResponse(path, media_type="image/png")


@router.get("/documents/{doc_id}/slots/{field}.png")
def slot_image(doc_id: str, field: str, arch: ArchiveDep, user: UserDep) -> Response:
    """The part of the page where a field was read (a handwritten number or day), for the
    reviewer to read beside the machine's reading. Only boxes extraction stored are cut."""
    doc = visible_document(arch, user, doc_id)
    entry = doc.metadata.get(field) if field in views.FIELD_LABELS else None
    box = documents.stored_box((entry or {}).get("box"))
    number = int((entry or {}).get("page", 0) or 0)
    path = arch.page_image(doc, number) if 1 <= number <= doc.page_count else None
    if path is None or box is None:
        raise HTTPException(404, "Trường này không có vị trí trên trang.")
    return Response(documents.slot_png(path, box),
                    media_type="image/png")


@router.get("/documents/{doc_id}/download.pdf")
def download_pdf(request: Request, doc_id: str, arch: ArchiveDep, user: UserDep) -> Response:
    """The searchable PDF; a classified one stamped on every page with who and when."""
    doc = visible_document(arch, user, doc_id)
    path = arch.pdf(doc)
    if path is None:
        raise HTTPException(404, "Văn bản này không có tệp PDF.")
    name = views.download_name(effective_metadata(arch.catalog(), doc), doc.id) + ".pdf"
    if arch.level(doc) == 0:
        return FileResponse(path, media_type="application/pdf", filename=name)
    audit_read(request, arch, user, doc, "download", "pdf")
    return Response(stamped_pdf(path, stamp_text(arch, user, doc)),
                    media_type="application/pdf", headers=attachment(name))


def stamp_text(arch: Archive, user: User, doc: DocumentRow) -> str:
    mark = effective_metadata(arch.catalog(), doc)["classification"]
    moment = views.timestamp_vi(now())
    return f"{mark} · Bản tải về của {user.name or 'khách'} lúc {moment}"


def attachment(filename: str) -> dict[str, str]:
    """A Content-Disposition header for a download, its name in UTF-8 (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return {"content-disposition": f'attachment; filename="{ascii_name}"; '
                                   f"filename*=UTF-8''{quote(filename)}"}


@router.get("/documents/{doc_id}/download.txt")
def download_text(request: Request, doc_id: str, arch: ArchiveDep, user: UserDep
                  ) -> Response:
    """The text with archivists' corrections, pages separated by form feeds like text/."""
    doc = visible_document(arch, user, doc_id)
    audit_read(request, arch, user, doc, "download", "txt")
    text = "\f".join(page_texts(arch.catalog(), doc))
    return Response(text.encode("utf-8"), media_type="text/plain; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{doc.id}.txt"'})


@router.post("/documents/{doc_id}/corrections")
def correct_document(
    request: Request, doc_id: str, arch: ArchiveDep, user: CorrectorDep, after: BackgroundTasks,
    field: Annotated[str, Form()], value: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    doc = visible_document(arch, user, doc_id)
    back = safe_next(next) if next else f"/documents/{doc.id}"
    with arch.write_lock:
        try:
            checked = checked_value(arch, user, doc, field, value)
            correct(arch.config, arch.catalog(), doc.id, field, checked, user.name)
            audit(request, user, "correct", doc.id, field)
            number = parse_symbol(checked).number if field == "symbol" and checked else ""
            if number and number != effective_metadata(arch.catalog(), doc)["number"]:
                # The number is the symbol's: corrected together, as the archivist meant.
                correct(arch.config, arch.catalog(), doc.id, "number", number, user.name)
                audit(request, user, "correct", doc.id, "number")
            arch.reopen_index()
            if field in WITNESSED_FIELDS and arch.reweigh_later():
                after.add_task(arch.reweigh)
        except CorrectionError as e:
            flash(request, f"Không lưu được: {e}", "error")
            return RedirectResponse(back, status_code=303)
        except IndexBusy:
            # Stored in the catalog already; the next batch or `luutru reindex` indexes it.
            flash(request, "Đã lưu hiệu đính, nhưng chỉ mục đang bận (một lô đang chạy): "
                           "kết quả tìm kiếm sẽ cập nhật sau.", "error")
            return RedirectResponse(back, status_code=303)
    label = views.FIELD_LABELS.get(field) or f"văn bản trang {field.removeprefix('page:')}"
    flash(request, f"Đã lưu hiệu đính “{label}” và cập nhật chỉ mục tìm kiếm.")
    return RedirectResponse(back, status_code=303)


def checked_value(arch: Archive, user: User, doc: DocumentRow, field: str, value: str) -> str:
    """The value to store for this correction, or CorrectionError saying why not.

    Dates are stored as ISO like extraction's; lowering a document's secrecy mark
    declassifies it for everyone below, which only an admin may do.
    """
    value = value.strip()
    if field in ("symbol", "date"):
        extracted = doc.metadata.get(field) or {}
        value = documents.fill_template(str(extracted.get("template", "")), value)
    if field == "date" and value:
        date = parse_date(value)
        if not date:
            raise CorrectionError(f"“{value}” không phải là ngày (ví dụ: 30/7/2007).")
        return date
    lowered = field == "classification" and classification_level(value) < arch.level(doc)
    if lowered and user.role != "admin":
        raise CorrectionError("chỉ quản trị viên được hạ độ mật của văn bản.")
    return value


@router.get("/review")
def review_page(request: Request, arch: ArchiveDep, user: CorrectorDep,
                page: int = 1) -> Response:
    flagged, unsure = review_items(arch, user)
    # Handwritten numbers and days come first, apart: each is a few seconds of typing with
    # the slot's picture beside it.
    slots = [item for item in unsure if item["field"].slot]
    low_fields = [item for item in unsure if not item["field"].slot]
    last = max(1, math.ceil(max(len(flagged), len(low_fields), len(slots)) / REVIEW_PER_PAGE))
    page = min(max(1, page), last)
    cut = slice((page - 1) * REVIEW_PER_PAGE, page * REVIEW_PER_PAGE)
    return render(request, "review.html", flagged=flagged[cut], low_fields=low_fields[cut],
                  flagged_total=len(flagged), fields_total=len(low_fields), page=page,
                  last_page=last, slots=slots[cut], slots_total=len(slots))


def review_items(arch: Archive, user: User) -> tuple[list[dict], list[dict]]:
    """Flagged pages (worst first) and unsure key fields of the documents the user may see."""
    catalog = arch.catalog()
    docs: dict[str, DocumentRow | None] = {}

    def allowed(doc_id: str) -> DocumentRow | None:
        if doc_id not in docs:
            docs[doc_id] = arch.document(user, doc_id)
        return docs[doc_id]

    flagged = []
    for row in catalog.review_pages():
        doc = allowed(row["document_id"])
        if doc is None or f"page:{row['number']}" in catalog.corrections(doc.id):
            continue
        page = documents.pages(arch, doc, views.highlight_terms(""), only=row["number"])[0]
        flagged.append({"doc": doc, "meta": effective_metadata(catalog, doc), "page": page})
    low_fields = []
    for doc in catalog.documents(status="done"):
        if doc.origin != "scan":
            continue
        fields = documents.fields(arch, doc)
        unsure = documents.review_fields(doc, fields)
        if unsure and allowed(doc.id) is not None:
            meta = {f.name: f.value for f in fields}
            low_fields += [{"doc": doc, "meta": meta, "field": f} for f in unsure]
    return flagged, low_fields


@router.get("/batches")
def batches_page(request: Request, arch: ArchiveDep, user: CorrectorDep) -> Response:
    catalog = arch.catalog()
    resumed = catalog.resumed_by()
    rows = []
    for batch in catalog.batches():
        failures = []
        for failure in catalog.failures(batch["id"]):
            # A failed page of a document the user may not see is not theirs to see either.
            doc = arch.document_for_source(failure["path"])
            if doc is None or arch.level(doc) <= user.clearance:
                failures.append(failure)
        rows.append(batch | {"failures": failures, "resumed_by": resumed.get(batch["id"], ""),
                             "hidden_failures": len(catalog.failures(batch["id"]))
                             - len(failures)})
    return render(request, "batches.html", batches=rows)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=safe_next(next), error="", name="")


@router.post("/login")
def login(request: Request, arch: ArchiveDep, name: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/") -> Response:
    check_csrf(request, csrf_token)
    user = sign_in(request, name.strip(), password)
    if user is None:
        return render(request, "login.html", status_code=401, next=safe_next(next),
                      name=name, error="Tên đăng nhập hoặc mật khẩu không đúng.")
    s = session(request)
    s.clear()  # a fresh session and CSRF token: nothing carries over from before login
    s["user"] = user.name
    s["generation"] = user.generation
    flash(request, f"Xin chào {user.name}.")
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    name = session(request).get("user")
    arch: Archive = archive(request)
    if name and not arch.catalog().read_only:
        with contextlib.suppress(UserError):  # removed meanwhile: nothing to end
            end_sessions(arch.catalog(), name)  # copies of this cookie end too
    session(request).clear()
    flash(request, "Bạn đã đăng xuất.")
    return RedirectResponse("/", status_code=303)


@router.get("/account/password")
def password_form(request: Request, user: UserDep) -> Response:
    if not user.name:
        raise LoginRequired
    return render(request, "password.html", error="")


@router.post("/account/password")
def change_password(request: Request, arch: ArchiveDep, user: UserDep,
                    current: Annotated[str, Form()] = "", new: Annotated[str, Form()] = "",
                    again: Annotated[str, Form()] = "",
                    csrf_token: Annotated[str, Form()] = "") -> Response:
    """A user's own new password: the current one is checked like a sign-in (throttled);
    every other session of the user ends, this one goes on."""
    check_csrf(request, csrf_token)
    if not user.name:
        raise LoginRequired
    error = ""
    if sign_in(request, user.name, current) is None:
        error = "Mật khẩu hiện tại không đúng."
    elif new != again:
        error = "Hai lần nhập mật khẩu mới không giống nhau."
    else:
        try:
            set_password(arch.catalog(), user.name, new)
        except UserError:
            error = "Mật khẩu mới cần ít nhất 8 ký tự."
        except ReadOnlyArchive:
            error = "Kho này chỉ đọc: không thể đổi mật khẩu."
    if error:
        return render(request, "password.html", status_code=400, error=error)
    renewed = get_user(arch.catalog(), user.name)
    if renewed is None:  # removed by an admin in the meantime
        raise LoginRequired()
    s = session(request)
    s.clear()
    s["user"], s["generation"] = renewed.name, renewed.generation
    audit(request, renewed, "user", detail=f"passwd {user.name} (tự đổi)")
    flash(request, "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.")
    return RedirectResponse("/", status_code=303)
