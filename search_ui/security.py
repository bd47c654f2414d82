"""Sessions in signed cookies, CSRF tokens, and the security headers of every response."""
from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
COOKIE = "luutru_session"
SESSION_SECONDS = 12 * 3600
SECRET_FILE = "secret.key"

# No inline script or style anywhere: highlight boxes are SVG attributes, not style="".
CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def load_secret(data_dir: Path) -> bytes:
    """The session secret kept in the data directory, created (mode 0600) on first start."""
    from luutru.archive.catalog import private_dir

    path = data_dir / SECRET_FILE
    try:
        private_dir(data_dir)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_bytes().strip()
        if len(secret) < 32:
            raise RuntimeError(f"{path}: too short to be a session secret; delete it") from None
        return secret
    except OSError:
        # A read-only copy of an archive: sessions last as long as this server.
        log.warning("%s cannot be written: sign-ins end when the server stops", data_dir)
        return secrets.token_hex(32).encode("ascii")
    secret = secrets.token_hex(32).encode("ascii")
    with os.fdopen(fd, "wb") as fh:
        fh.write(secret)
    return secret


class Session(dict[str, Any]):
    """A dict that knows whether it must be written back to the cookie."""

    modified = False

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.modified = True

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            self.modified = True
        return super().pop(key, *default)

    def clear(self) -> None:
        super().clear()
        self.modified = True


class SessionMiddleware:
    """Reads the signed session cookie into scope['session'] and writes it back when it
    changed; adds the security headers to every response.

    The cookie is HttpOnly and SameSite=Lax, and Secure whenever the request came over
    https (uvicorn sets the scheme from X-Forwarded-Proto for a proxy on this machine).
    """

    def __init__(self, app: ASGIApp, secret: bytes) -> None:
        self.app = app
        self.serializer = URLSafeTimedSerializer(secret, salt="luutru-session")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = Session(self._load(scope))
        scope["session"] = session
        secure = scope.get("scheme") == "https"
        static = scope.get("path", "").startswith("/static/")

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not static:
                    # Pages may show classified text: never keep them in any cache.
                    headers["cache-control"] = "no-store"
                if session.modified:
                    headers.append("set-cookie", self._cookie(session, secure))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Answered here rather than by Starlette's outer handler so that the page is in
            # Vietnamese and carries the security headers like every other.
            if started:
                raise
            log.exception("error answering %s", scope.get("path"))
            await server_error(scope)(scope, receive, send_with_headers)

    def _load(self, scope: Scope) -> dict[str, Any]:
        raw = ""
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                cookie: SimpleCookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # a malformed cookie header is ignored, not an error
                    continue
                if COOKIE in cookie:
                    raw = cookie[COOKIE].value
        if not raw:
            return {}
        try:
            data = self.serializer.loads(raw, max_age=SESSION_SECONDS)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def _cookie(self, session: Session, secure: bool) -> str:
        value = self.serializer.dumps(dict(session)) if session else ""
        parts = [f"{COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        parts.append(f"Max-Age={SESSION_SECONDS if session else 0}")
        if secure:
            parts.append("Secure")
        return "; ".join(parts)


def session(request: Request) -> Session:
    return request.scope["session"]


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created the first time a form needs it."""
    s = session(request)
    token = s.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        s["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: str) -> bool:
    expected = session(request).get("csrf") or ""
    return bool(expected) and hmac.compare_digest(expected.encode(), (submitted or "").encode())


SERVER_ERROR = "Đã có lỗi xảy ra ở máy chủ. Hãy thử lại sau."
_ERROR_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lỗi 500 · Kho lưu trữ</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main id="main" class="card narrow error-box"><p class="error-code">500</p>
<h1>{message}</h1><p><a class="button" href="/">Về trang tìm kiếm</a></p></main></body></html>
"""


def server_error(scope: Scope) -> Response:
    if scope.get("path", "").startswith("/api/"):
        return Response(json.dumps({"detail": SERVER_ERROR}, ensure_ascii=False),
                        status_code=500, media_type="application/json")
    return HTMLResponse(_ERROR_PAGE.format(message=SERVER_ERROR), status_code=500)
