"""The JSON API under /api: the same searches and documents as the pages, same permissions.

A program signs in with HTTP Basic (a web user's name and password) on each request, or
uses the browser's session cookie. The API only reads, so Basic credentials that a browser
replays by itself cannot be used to change anything.
"""
from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from luutru.archive.records import effective_metadata
from luutru.archive.users import ANONYMOUS, User
from luutru.index import SearchResults
from luutru.search_ui import documents, views
from luutru.search_ui.archive import Archive
from luutru.search_ui.context import archive, render, sign_in, viewer
from luutru.search_ui.pages import SearchDep, audit_read, run_search, visible_document

router = APIRouter(prefix="/api", tags=["api"])


def api_user(request: Request) -> User:
    """HTTP Basic credentials when given (wrong ones are refused), else the session."""
    header = request.headers.get("authorization", "")
    if header[:6].lower() == "basic ":
        try:
            name, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            name, password = "", ""
        user = sign_in(request, name, password)
        if user is None:
            raise HTTPException(401, "Sai tên đăng nhập hoặc mật khẩu.",
                                headers={"www-authenticate": 'Basic realm="luutru"'})
        return user
    return viewer(request)


ArchiveDep = Annotated[Archive, Depends(archive)]
UserDep = Annotated[User, Depends(api_user)]


class HitOut(BaseModel):
    id: str
    url: str = Field(description="Trang của văn bản, làm nổi bật các từ đã tìm")
    score: float
    symbol: str = Field(description="Số, ký hiệu")
    doc_type: str = Field(description="Loại văn bản")
    date: str = Field(description="Ngày ban hành, ISO 8601")
    date_vi: str = Field(description="Ngày ban hành, ví dụ 'ngày 30/7/2007'")
    issuer: str = Field(description="Cơ quan ban hành")
    subject: str = Field(description="Trích yếu")
    classification: str = Field(description="Độ mật")
    urgency: str = Field(description="Độ khẩn")
    snippet: str = Field(description="Đoạn trích, HTML đã thoát ký tự, từ khớp trong <mark>")
    pages: list[int] = Field(description="Các trang có từ khớp")
    missing: list[str] = Field(default_factory=list,
                               description="Các từ tìm mà văn bản không có (khớp gần đúng)")


class SearchOut(BaseModel):
    total: int = Field(description="Số văn bản khớp mà người dùng được xem")
    page: int
    per_page: int
    hits: list[HitOut]
    facets: dict[str, dict[str, int]] = Field(
        description="doc_type, issuer, year: giá trị → số văn bản")
    suggestion: str = Field(description="Gợi ý “có phải bạn muốn tìm”, rỗng nếu không có")
    errors: list[str] = Field(description="Tham số bị bỏ qua vì không hợp lệ")


class FieldOut(BaseModel):
    value: str
    extracted: str = Field(description="Giá trị trích xuất tự động")
    confidence: float
    corrected_by: str = Field(description="Người hiệu đính gần nhất, rỗng nếu chưa hiệu đính")
    corrected_at: str


class PageSummary(BaseModel):
    number: int
    quality: float
    review: bool = Field(description="Trang bị đánh dấu cần xem lại")
    image_url: str | None
    url: str


class CitationOut(BaseModel):
    doc_type: str
    symbol: str
    date: str
    text: str
    document: str = Field(description="Mã văn bản được trích dẫn nếu có trong kho, rỗng nếu không")


class DocumentOut(BaseModel):
    id: str
    source: str
    origin: str = Field(description="'scan' hoặc 'import'")
    page_count: int
    metadata: dict[str, str] = Field(description="Siêu dữ liệu, đã áp dụng hiệu đính")
    fields: dict[str, FieldOut]
    pages: list[PageSummary]
    citations: list[CitationOut]
    pdf_url: str | None
    text_url: str


class WordOut(BaseModel):
    text: str
    box: tuple[int, int, int, int] = Field(description="x0, y0, x1, y1 theo điểm ảnh của trang")
    confidence: float
    line: int


class BoxOut(BaseModel):
    x: float = Field(description="Trái, % chiều rộng trang")
    y: float = Field(description="Trên, % chiều cao trang")
    w: float
    h: float
    text: str


class PageOut(BaseModel):
    number: int
    text: str = Field(description="Văn bản của trang, đã áp dụng hiệu đính")
    width: int
    height: int
    quality: float
    review: bool
    image_url: str | None
    words: list[WordOut]
    highlights: list[BoxOut] = Field(description="Các từ khớp với q trên ảnh trang")


class UserOut(BaseModel):
    name: str = Field(description="Rỗng khi chưa đăng nhập")
    role: str
    clearance: int
    can_correct: bool


@router.get("/search", response_model=SearchOut, summary="Tìm kiếm văn bản")
def search(request: Request, arch: ArchiveDep, user: UserDep, params: SearchDep
           ) -> SearchOut:
    results = run_search(arch, user, params, request)
    return SearchOut(total=results.total, page=params.page, per_page=views.PER_PAGE,
                     hits=[HitOut(**views.hit_json(h, params.q)) for h in results.hits],
                     facets=views.ordered_facets(results.facets),
                     suggestion=results.suggestion, errors=list(params.errors))


@router.get("/documents/{doc_id}", response_model=DocumentOut, summary="Một văn bản",
            responses={404: {"description": "Không có văn bản này, hoặc không được xem"}})
def document(request: Request, doc_id: str, arch: ArchiveDep, user: UserDep) -> DocumentOut:
    doc = visible_document(arch, user, doc_id)
    audit_read(request, arch, user, doc, "view")
    fields = documents.fields(arch, doc)
    pages = documents.pages(arch, doc, views.highlight_terms(""))
    return DocumentOut(
        id=doc.id, source=doc.source, origin=doc.origin, page_count=doc.page_count,
        metadata={f.name: f.value for f in fields},
        fields={f.name: FieldOut(value=f.value, extracted=f.extracted, confidence=f.confidence,
                                 corrected_by=f.corrected_by, corrected_at=f.corrected_at)
                for f in fields},
        pages=[PageSummary(number=p.number, quality=p.quality, review=p.review,
                           image_url=p.image_url if p.has_image else None,
                           url=f"/api/documents/{doc.id}/pages/{p.number}") for p in pages],
        citations=[CitationOut(**{k: c[k] for k in CitationOut.model_fields})
                   for c in documents.citations(arch, user, doc)],
        pdf_url=f"/documents/{doc.id}/download.pdf" if arch.pdf(doc) else None,
        text_url=f"/documents/{doc.id}/download.txt")


@router.get("/documents/{doc_id}/pages/{number}", response_model=PageOut,
            summary="Một trang: văn bản, từ và vị trí trên ảnh",
            responses={404: {"description": "Không có trang này, hoặc không được xem"}})
def page(request: Request, doc_id: str, number: int, arch: ArchiveDep, user: UserDep,
         q: Annotated[str, Query(description="Từ khóa cần làm nổi bật")] = "") -> PageOut:
    doc = visible_document(arch, user, doc_id)
    audit_read(request, arch, user, doc, "view", f"trang {number}")
    found = documents.pages(arch, doc, views.highlight_terms(q), only=number)
    if not found:
        raise HTTPException(404, "Không có trang này.")
    p = found[0]
    row = next(r for r in arch.catalog().page_rows(doc.id) if r["number"] == number)
    return PageOut(
        number=p.number, text=p.text, width=p.width, height=p.height, quality=p.quality,
        review=p.review, image_url=p.image_url if p.has_image else None,
        words=[WordOut(text=t, box=(x0, y0, x1, y1), confidence=c, line=line)
               for t, x0, y0, x1, y1, c, line in row["words"]],
        highlights=[BoxOut(**b.__dict__) for b in p.boxes])


@router.get("/documents/{doc_id}/cited-by", response_model=SearchOut,
            summary="Các văn bản trích dẫn văn bản này")
def cited_by(doc_id: str, arch: ArchiveDep, user: UserDep) -> SearchOut:
    doc = visible_document(arch, user, doc_id)
    symbol = effective_metadata(arch.catalog(), doc)["symbol"]
    return _results(documents.cited_by(arch, user, symbol))


@router.get("/documents/{doc_id}/similar", response_model=SearchOut,
            summary="Các văn bản tương tự")
def similar(doc_id: str, arch: ArchiveDep, user: UserDep) -> SearchOut:
    doc = visible_document(arch, user, doc_id)
    return _results(documents.similar(arch, user, doc))


@router.get("/me", response_model=UserOut, summary="Người dùng hiện tại")
def me(user: UserDep) -> UserOut:
    return UserOut(name=user.name, role=user.role if user is not ANONYMOUS else "",
                   clearance=user.clearance, can_correct=user.can_correct)


def _results(results: SearchResults) -> SearchOut:
    return SearchOut(total=results.total, page=1, per_page=documents.RELATED,
                     hits=[HitOut(**views.hit_json(h, "")) for h in results.hits],
                     facets=results.facets, suggestion="", errors=[])


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: UserDep) -> Response:
    return JSONResponse(request.app.openapi())


@router.get("/docs", include_in_schema=False)
def docs(request: Request, user: UserDep) -> Response:
    """The API described from FastAPI's OpenAPI schema, as a plain page (no CDN scripts)."""
    schema = request.app.openapi()
    return render(request, "api_docs.html", schema=schema, endpoints=_endpoints(schema))


def _endpoints(schema: dict) -> list[dict]:
    out = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            ok = op.get("responses", {}).get("200", {})
            ref = (ok.get("content", {}).get("application/json", {}).get("schema", {})
                   .get("$ref", ""))
            out.append({"method": method.upper(), "path": path,
                        "summary": op.get("summary", ""),
                        "parameters": op.get("parameters", []),
                        "returns": ref.rsplit("/", 1)[-1]})
    return out
