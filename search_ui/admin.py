"""Administration pages: users (role, clearance, disable, remove), the audit trail, and
deleting a wrongly ingested document. Admins only; every change is audited."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from luutru.archive import users
from luutru.archive.audit import ACTIONS, entries
from luutru.archive.catalog import ReadOnlyArchive
from luutru.archive.records import effective_metadata
from luutru.archive.removal import RemovalError, delete_document
from luutru.archive.users import User
from luutru.search_ui import views
from luutru.search_ui.archive import Archive
from luutru.search_ui.context import admin, archive, audit, flash, render
from luutru.search_ui.pages import check_csrf, visible_document
from luutru.vietnamese import parse_date

router = APIRouter(include_in_schema=False)
AdminDep = Annotated[User, Depends(admin)]
ArchiveDep = Annotated[Archive, Depends(archive)]
AUDIT_PER_PAGE = 200


@router.get("/admin/users")
def users_page(request: Request, arch: ArchiveDep, user: AdminDep) -> Response:
    return render(request, "admin_users.html", users=users.list_users(arch.catalog()),
                  roles=users.ROLES, read_only=arch.catalog().read_only)


@router.post("/admin/users")
def change_user(request: Request, arch: ArchiveDep, user: AdminDep,
                name: Annotated[str, Form()], action: Annotated[str, Form()],
                value: Annotated[str, Form()] = "",
                csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    catalog = arch.catalog()
    if name == user.name and action in ("disable", "remove", "role"):
        flash(request, "Không thể tự khóa, xóa hay đổi vai trò của chính mình.", "error")
        return RedirectResponse("/admin/users", status_code=303)
    try:
        if action == "disable":
            users.set_disabled(catalog, name, True)
            done = f"Đã khóa tài khoản {name}; mọi phiên của người này đã kết thúc."
        elif action == "enable":
            users.set_disabled(catalog, name, False)
            done = f"Đã mở khóa tài khoản {name}."
        elif action == "remove":
            users.remove_user(catalog, name)
            done = f"Đã xóa tài khoản {name}."
        elif action == "role":
            users.set_role(catalog, name, value)
            done = f"{name} giờ là {views.ROLE_LABELS[value]}."
        elif action == "clearance":
            level = users.clearance_level(value)
            users.set_clearance(catalog, name, level)
            done = f"{name} giờ được xem {views.CLEARANCE_LABELS[level]}."
        else:
            raise HTTPException(400, "Thao tác không hợp lệ.")
    except users.UserError as e:
        flash(request, f"Không làm được: {e}", "error")
        return RedirectResponse("/admin/users", status_code=303)
    except ReadOnlyArchive:
        flash(request, "Kho này chỉ đọc: không thể thay đổi tài khoản.", "error")
        return RedirectResponse("/admin/users", status_code=303)
    audit(request, user, "user", detail=f"{action} {name} {value}".strip())
    flash(request, done)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/audit")
def audit_page(request: Request, arch: ArchiveDep, user: AdminDep, who: str = "",
               since: str = "") -> Response:
    since_iso = parse_date(since)
    error = "" if since_iso is not None else (
        f"“{since}” không phải là ngày hợp lệ (ví dụ: 30/7/2024 hoặc 2024-07-30).")
    found = entries(arch.catalog(), user=who.strip(), since=since_iso or "",
                    limit=AUDIT_PER_PAGE)
    return render(request, "admin_audit.html", entries=found, who=who, since=since,
                  error=error, actions=ACTIONS, limit=AUDIT_PER_PAGE)


@router.post("/documents/{doc_id}/delete")
def delete(request: Request, doc_id: str, arch: ArchiveDep, user: AdminDep,
           csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    doc = visible_document(arch, user, doc_id)
    meta = effective_metadata(arch.catalog(), doc)
    title = views.document_title(meta["doc_type"], meta["symbol"])
    with arch.write_lock:
        try:
            delete_document(arch.config, arch.catalog(), doc.id)
        except (RemovalError, ReadOnlyArchive) as e:
            flash(request, f"Không xóa được: {e}", "error")
            return RedirectResponse(f"/documents/{doc.id}", status_code=303)
        arch.reopen_index()
    audit(request, user, "delete", doc.id, f"{title} ({doc.source})")
    flash(request, f"Đã xóa {title} khỏi kho: danh mục, chỉ mục và các tệp.")
    return RedirectResponse("/", status_code=303)
