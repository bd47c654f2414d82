"""Pages of hồ sơ and of the scan files documents came from: browse phông → hồ sơ →
documents, split or merge documents (archivists), decide on held TUYỆT MẬT documents
(admins).

Everything shown goes through the same gate as the rest of the site: a document the user
may not see is neither listed nor counted.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from luutru.archive.catalog import DocumentRow
from luutru.archive.records import effective_metadata
from luutru.archive.secrecy import GateError, describe, held_documents, purge, release
from luutru.archive.splitting import SplitError, merge, split
from luutru.archive.users import User
from luutru.index import CLASSIFICATION_LEVELS, IndexBusy
from luutru.search_ui.archive import Archive
from luutru.search_ui.context import archive, corrector, flash, render, viewer
from luutru.search_ui.pages import check_csrf, visible_document

router = APIRouter(include_in_schema=False)

ArchiveDep = Annotated[Archive, Depends(archive)]
UserDep = Annotated[User, Depends(viewer)]
CorrectorDep = Annotated[User, Depends(corrector)]
NO_FONDS = "Chưa ghi phông"
HELD_LEVEL = CLASSIFICATION_LEVELS["TUYỆT MẬT"]


def admin(user: Annotated[User, Depends(corrector)]) -> User:
    if user.role != "admin":
        raise HTTPException(403, "Chỉ quản trị viên được dùng trang này.")
    return user


AdminDep = Annotated[User, Depends(admin)]


def visible(arch: Archive, user: User, docs: list[DocumentRow]) -> list[DocumentRow]:
    """The documents the user may see (finished, and within the user's clearance)."""
    return [d for d in docs if d.status == "done" and arch.level(d) <= user.clearance]


@router.get("/hoso")
def hoso_list(request: Request, arch: ArchiveDep, user: UserDep) -> Response:
    catalog = arch.catalog()
    fonds: dict[str, list[dict]] = defaultdict(list)
    for hoso in catalog.hoso_list():
        docs = visible(arch, user, catalog.hoso_documents(hoso.code))
        if docs or user.can_correct:
            fonds[hoso.fonds or NO_FONDS].append({"hoso": hoso, "count": len(docs),
                                                 "pages": sum(d.page_count for d in docs)})
    return render(request, "hoso_list.html", fonds=sorted(fonds.items()))


@router.get("/hoso/{code}")
def hoso_page(request: Request, code: str, arch: ArchiveDep, user: UserDep) -> Response:
    catalog = arch.catalog()
    hoso = catalog.hoso(code)
    docs = visible(arch, user, catalog.hoso_documents(code)) if hoso else []
    if hoso is None or not docs and not user.can_correct:
        raise HTTPException(404, "Không tìm thấy hồ sơ này.")
    rows = [{"doc": d, "values": effective_metadata(catalog, d)} for d in docs]
    return render(request, "hoso.html", hoso=hoso, rows=rows)


@router.get("/documents/{doc_id}/boundaries")
def boundaries_page(request: Request, doc_id: str, arch: ArchiveDep,
                    user: CorrectorDep) -> Response:
    doc = visible_document(arch, user, doc_id)
    catalog = arch.catalog()
    around = [d for d in catalog.documents_of_scan(doc.scan)
              if d.status in ("done", "held", "purged")]
    seen = {d.id for d in visible(arch, user, around)}
    rows = [{"doc": d, "visible": d.id in seen,
             "values": effective_metadata(catalog, d) if d.id in seen else {}} for d in around]
    return render(request, "boundaries.html", doc=doc, rows=rows)


@router.post("/documents/{doc_id}/split")
def split_document(request: Request, doc_id: str, arch: ArchiveDep, user: CorrectorDep,
                   page: Annotated[int, Form()], csrf_token: Annotated[str, Form()] = ""
                   ) -> Response:
    check_csrf(request, csrf_token)
    doc = visible_document(arch, user, doc_id)
    return _recut(request, arch, doc, lambda: split(arch.config, arch.catalog(), doc.id, page,
                                                    user.name),
                  f"Đã tách văn bản từ trang {page}.")


@router.post("/documents/{doc_id}/merge")
def merge_document(request: Request, doc_id: str, arch: ArchiveDep, user: CorrectorDep,
                   next_id: Annotated[str, Form()], csrf_token: Annotated[str, Form()] = ""
                   ) -> Response:
    check_csrf(request, csrf_token)
    doc = visible_document(arch, user, doc_id)
    following = visible_document(arch, user, next_id)  # what one may not see, one cannot join
    return _recut(request, arch, doc, lambda: merge(arch.config, arch.catalog(), doc.id,
                                                    following.id, user.name),
                  "Đã gộp hai văn bản.")


def _recut(request: Request, arch: Archive, doc: DocumentRow, change: Callable[[], object],
           done: str) -> Response:
    back = f"/documents/{doc.id}/boundaries"
    with arch.write_lock:
        try:
            change()
            arch.reopen_index()
        except SplitError as e:
            flash(request, f"Không thực hiện được: {e}", "error")
            return RedirectResponse(back, status_code=303)
        except IndexBusy:
            flash(request, "Chỉ mục đang bận (một lô đang chạy): hãy thử lại sau.", "error")
            return RedirectResponse(back, status_code=303)
    flash(request, done)
    return RedirectResponse(back, status_code=303)


@router.get("/held")
def held_page(request: Request, arch: ArchiveDep, user: AdminDep) -> Response:
    catalog = arch.catalog()
    rows = [describe(catalog, d) for d in held_documents(catalog)]
    cleared = user.clearance >= HELD_LEVEL
    return render(request, "held.html", rows=rows, cleared=cleared)


@router.post("/held/{doc_id}")
def decide(request: Request, doc_id: str, arch: ArchiveDep, user: AdminDep,
           action: Annotated[str, Form()], confirm: Annotated[str, Form()] = "",
           csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    if action not in ("release", "purge"):
        raise HTTPException(400, "Yêu cầu không hợp lệ.")
    if action == "purge" and confirm != "yes":
        flash(request, "Hãy đánh dấu xác nhận trước khi xóa ảnh của văn bản.", "error")
        return RedirectResponse("/held", status_code=303)
    with arch.write_lock:
        try:
            if action == "release":
                release(arch.config, arch.catalog(), doc_id, user.name)
                arch.reopen_index()
            else:
                purge(arch.config, arch.catalog(), doc_id, user.name)
        except GateError as e:
            flash(request, f"Không thực hiện được: {e}", "error")
            return RedirectResponse("/held", status_code=303)
    flash(request, "Đã đưa văn bản vào chỉ mục (chỉ người được xem TUYỆT MẬT thấy)."
          if action == "release" else "Đã xóa ảnh và nội dung số hóa của văn bản.")
    return RedirectResponse("/held", status_code=303)
