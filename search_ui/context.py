"""Who is asking, and the page renderer: shared by the HTML pages and the API."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from luutru.archive.audit import record
from luutru.archive.users import ANONYMOUS, User, authenticate, get_user
from luutru.search_ui import views
from luutru.search_ui.archive import Archive
from luutru.search_ui.security import csrf_token, session

TEMPLATES = Path(__file__).parent / "templates"


class LoginRequired(Exception):
    """Anonymous access is off, or the page is for signed-in users only."""


def archive(request: Request) -> Archive:
    return request.app.state.archive


def viewer(request: Request) -> User:
    """The signed-in user, or ANONYMOUS when anonymous access is allowed.

    A session ends when its user is removed or disabled, or when the user's session
    generation moved on (logout, new password, role or clearance changed) since it began.
    """
    s = session(request)
    name = s.get("user")
    user = get_user(archive(request).catalog(), name) if name else None
    if user is not None and (user.disabled or s.get("generation") != user.generation):
        user = None
    if user is None:
        if name:  # the session is over: forget it
            s.clear()
        if not request.app.state.anonymous:
            raise LoginRequired
        return ANONYMOUS
    return user


def admin(user: Annotated[User, Depends(viewer)]) -> User:
    if user is ANONYMOUS:
        raise LoginRequired
    if not user.is_admin:
        raise HTTPException(403, "Chỉ quản trị viên được dùng trang này.")
    return user


def address(request: Request) -> str:
    """The client's address (uvicorn takes it from X-Forwarded-For only from a proxy on
    this machine)."""
    return request.client.host if request.client else ""


def audit(request: Request, user: User, action: str, document: str = "",
          detail: str = "") -> None:
    """An entry in the audit trail for what this request did."""
    record(archive(request).catalog(), user.name, address(request), action, document, detail)


def check_throttle(request: Request, name: str) -> None:
    """HTTP 429 with Retry-After while this name or address is made to wait."""
    wait = request.app.state.throttle.retry_after(name, address(request))
    if wait:
        raise HTTPException(429, f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {wait} giây.",
                            headers={"retry-after": str(wait)})


def sign_in(request: Request, name: str, password: str) -> User | None:
    """The user for these credentials, throttled and checked before the costly hash."""
    check_throttle(request, name)
    user = authenticate(archive(request).catalog(), name, password) if name else None
    throttle = request.app.state.throttle
    if user is None:
        throttle.failed(name, address(request))
    else:
        throttle.succeeded(name)
    return user


def corrector(user: Annotated[User, Depends(viewer)]) -> User:
    """A user who may correct: archivists and admins."""
    if user is ANONYMOUS:
        raise LoginRequired
    if not user.can_correct:
        raise HTTPException(403, "Chỉ lưu trữ viên và quản trị viên được dùng trang này.")
    return user


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # everywhere, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date_vi"] = views.date_vi
    env.filters["timestamp_vi"] = views.timestamp_vi
    env.filters["number_vi"] = views.number_vi
    env.filters["reason_vi"] = views.reason_vi
    env.globals.update(
        FIELD_LABELS=views.FIELD_LABELS, FACET_LABELS=views.FACET_LABELS, SORTS=views.SORTS,
        ROLE_LABELS=views.ROLE_LABELS, CLEARANCE_LABELS=views.CLEARANCE_LABELS,
        field_value_vi=views.field_value_vi, document_title=views.document_title,
    )
    return Jinja2Templates(env=env)


def render(request: Request, template: str, /, status_code: int = 200, **values: Any
           ) -> Response:
    """A page, with what every page's frame needs: the user, CSRF token and a flash message.

    The user is read again here (not passed in) so that error pages get it too.
    """
    try:
        user = viewer(request)
    except LoginRequired:
        user = ANONYMOUS
    templates: Jinja2Templates = request.app.state.templates
    frame = {
        "user": user,
        "csrf_token": lambda: csrf_token(request),
        "flash": session(request).pop("flash", None),
        "path": request.url.path,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "anonymous_allowed": request.app.state.anonymous,
    }
    return templates.TemplateResponse(request, template, frame | values,
                                      status_code=status_code)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    session(request)["flash"] = {"message": message, "kind": kind}


def safe_next(target: str | None) -> str:
    """A redirect target from a form or query: only a path on this site."""
    # Browsers drop tabs and newlines from URLs ("/\t/host" is "//host"), and read "\" as "/".
    if (not target or not target.startswith("/") or target.startswith("//")
            or "\\" in target or not target.isprintable() or " " in target):
        return "/"
    return target
