"""The web interface of the archive: search, documents, review, batches, and /api.

    create_app(config) -> FastAPI
    serve(config, host='127.0.0.1', port=8000)

LUUTRU_ANONYMOUS=0 turns anonymous access off: every page then asks to sign in first.
"""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from luutru.archive.config import Config
from luutru.search_ui import admin, api, exports, hoso, pages
from luutru.search_ui.archive import Archive
from luutru.search_ui.context import LoginRequired, make_templates, render
from luutru.search_ui.security import SessionMiddleware, load_secret
from luutru.search_ui.throttle import Throttle

STATIC = Path(__file__).parent / "static"
MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập.",
    403: "Bạn không có quyền làm việc này.",
    404: "Không tìm thấy trang này.",
    405: "Phương thức không được hỗ trợ.",
}


def create_app(config: Config, *, anonymous: bool | None = None) -> FastAPI:
    app = FastAPI(
        title="luutru: kho lưu trữ văn bản",
        summary="Tìm kiếm và đọc văn bản của kho lưu trữ số",
        version="1",
        docs_url=None, redoc_url=None, openapi_url=None,  # served by api.py, behind login
    )
    app.state.archive = Archive(config)
    app.state.templates = make_templates()
    app.state.anonymous = config.anonymous if anonymous is None else anonymous
    app.state.throttle = Throttle(config.login_free_failures, config.login_first_delay)
    app.add_middleware(SessionMiddleware, secret=load_secret(config.data_dir))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(hoso.router)
    app.include_router(admin.router)
    app.include_router(exports.router)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _login_required(request: Request, exc: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": MESSAGES[401]}, status_code=401,
                            headers={"www-authenticate": 'Basic realm="luutru"'})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    # Our own errors carry a Vietnamese message; routing's own ones say 'Not Found'.
    ours = isinstance(exc, HTTPException) and isinstance(exc.detail, str)
    message = exc.detail if ours else MESSAGES.get(exc.status_code, "Đã có lỗi xảy ra.")
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=exc.status_code,
                            headers=exc.headers)
    response = render(request, "error.html", status_code=exc.status_code,
                      status=exc.status_code, message=message)
    response.headers.update(exc.headers or {})
    return response


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _is_api(request):
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse({"detail": MESSAGES[400], "errors": errors}, status_code=422)
    return render(request, "error.html", status_code=400, status=400, message=MESSAGES[400])


def serve(config: Config, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    app = create_app(config)
    print(f"luutru: serving http://{host}:{port}", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, proxy_headers=True, server_header=False,
                log_level="info")
