"""Presentation: search parameters, Vietnamese labels and dates, highlight boxes and marks.

Plain functions from data to data, shared by the HTML pages and the JSON API so that both
show the same results.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from luutru.index import CLASSIFICATION_LEVELS, Hit, SearchFilters
from luutru.index.highlight import Terms, matches, render
from luutru.index.query import parse
from luutru.vietnamese import date_vi, expand_issuer, fold, nfc, parse_date, symbol_key

PER_PAGE = 10
MAX_PAGE = 100  # deeper pages cost a full top-N sort; refine the query instead
SORTS = {"relevance": "Liên quan nhất", "-date": "Mới nhất trước", "date": "Cũ nhất trước"}

FIELD_LABELS = {
    "family": "Khối văn bản",
    "symbol": "Số, ký hiệu",
    "number": "Số",
    "doc_type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "superior": "Cơ quan cấp trên",
    "place": "Địa danh",
    "date": "Ngày ban hành",
    "subject": "Trích yếu",
    "cv_subject": "Trích yếu công văn (V/v)",
    "signer_authority": "Thẩm quyền ký",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Người ký",
    "classification": "Độ mật",
    "urgency": "Độ khẩn",
    "signer_rank": "Cấp bậc, học hàm, học vị người ký",
}
FAMILY_LABELS = {"party": "Văn bản của Đảng", "state": "Văn bản của Nhà nước"}
FACET_LABELS = {"doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành", "year": "Năm"}
ROLE_LABELS = {"reader": "Người đọc", "archivist": "Lưu trữ viên", "admin": "Quản trị viên"}
CLEARANCE_LABELS = {0: "văn bản không mật", 1: "đến MẬT", 2: "đến TỐI MẬT", 3: "mọi độ mật"}


# Failure reasons as the pipeline records them (English, for logs and reports), and how the
# batches page says them. The technical detail in parentheses is kept as it is.
_REASONS_VI = [
    (r"empty file", "tệp rỗng"),
    (r"not a PDF, TIFF, JPEG or PNG(?: file)?", "không phải tệp PDF, TIFF, JPEG hay PNG"),
    (r"no such file or folder", "không có tệp hay thư mục này"),
    (r"cannot be read \((.*)\)", "không đọc được tệp ({0})"),
    (r"has no pages", "tệp không có trang nào"),
    (r"has no page (\d+)", "tệp không có trang {0}"),
    (r"password-protected PDF", "tệp PDF có mật khẩu"),
    (r"not a readable PDF \((.*)\)", "tệp PDF hỏng, không đọc được ({0})"),
    (r"image too large \((.*)\)", "ảnh quá lớn ({0})"),
    (r"not a readable image \((.*)\)", "ảnh hỏng, không đọc được ({0})"),
    (r"page (\d+) is (.*), too large(?: to render)?", "trang {0} quá lớn ({1})"),
    (r"page (\d+) cannot be decoded \((.*)\)", "không giải mã được ảnh trang {0} ({1})"),
    (r"OCR timed out", "nhận dạng chữ quá thời gian"),
    (r"finishing the document failed: (.*)", "không hoàn tất được văn bản ({0})"),
    (r"(\w*(?:Error|Exception|Expired))(?:: (.*))?", "lỗi khi đọc trang ({0}{1})"),
]


_OS_ERRORS_VI = {
    "Permission denied": "không có quyền đọc",
    "No such file or directory": "không có tệp này",
    "Is a directory": "là một thư mục",
    "Input/output error": "lỗi đọc đĩa",
}


def reason_vi(reason: str) -> str:
    """A recorded failure reason in Vietnamese; one not known here keeps its wording."""
    for pattern, text in _REASONS_VI:
        m = re.fullmatch(pattern, reason.strip(), flags=re.DOTALL)
        if m:
            groups = [_OS_ERRORS_VI.get(g, g) if g else "" for g in m.groups()]
            if text.startswith("lỗi khi đọc trang") and groups[1]:
                groups[1] = ": " + groups[1]
            return text.format(*groups)
    return f"lỗi: {reason}"


FACET_SHOWN = 12  # values of a facet shown before "more"


def ordered_facets(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Every value of every facet; years in year order, newest first, the others by count."""
    out = dict(facets)
    if "year" in out:
        out["year"] = dict(sorted(out["year"].items(), key=lambda kv: kv[0], reverse=True))
    return out


def download_name(meta: dict[str, str], doc_id: str) -> str:
    """A file name a person recognises: symbol and date ('05-NQ-TU_2019-03-12'), not the
    id; the id when the document has neither."""
    parts = [meta.get("symbol", ""), meta.get("date", "")]
    name = "_".join(re.sub(r"[^\w.-]+", "-", p).strip("-.") for p in parts if p.strip())
    return nfc(name)[:120] or doc_id


def timestamp_vi(value: str | None) -> str:
    """A catalog timestamp (UTC ISO) in the server's local time: '14:05 ngày 3/9/2024'."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value).astimezone()
    except ValueError:
        return value
    return f"{moment:%H:%M} ngày {moment.day}/{moment.month}/{moment.year}"


def document_title(doc_type: str, symbol: str) -> str:
    """'Nghị quyết số 15-NQ/TW'; 'Văn bản' stands in for a missing type."""
    return f"{doc_type or 'Văn bản'} số {symbol}" if symbol else (doc_type or "Văn bản")


def number_vi(n: float, decimals: int = 0) -> str:
    """12345 -> '12.345', 14.4 -> '14,4': Vietnamese groups thousands with dots and
    writes the decimal comma."""
    text = f"{n:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def field_value_vi(name: str, value: str) -> str:
    if name == "date":
        return date_vi(value)
    if name == "family":
        return FAMILY_LABELS.get(value, value)
    return value


def classifications_for(clearance: int) -> list[str]:
    """The secrecy levels a user may filter by: those their clearance covers."""
    return [name for name, level in CLASSIFICATION_LEVELS.items() if 0 < level <= clearance]


@dataclass(frozen=True)
class SearchParams:
    """The search form, as the page and /api/search both take it."""

    q: str = ""
    doc_type: str = ""
    issuer: str = ""
    date_from: str = ""
    date_to: str = ""
    classification: str = ""
    sort: str = "relevance"
    page: int = 1
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def clean(cls, *, q: str = "", doc_type: str = "", issuer: str = "", date_from: str = "",
              date_to: str = "", classification: str = "", sort: str = "relevance",
              page: int = 1) -> SearchParams:
        """Values from a request, trimmed; what cannot be used is dropped with a message.

        A secrecy level above the user's clearance is kept as asked: the index finds
        nothing the user may not see, so it answers with no documents.
        """
        errors = []
        dates = {}
        for name, value, label in (("date_from", date_from, "Từ ngày"),
                                   ("date_to", date_to, "Đến ngày")):
            value = value.strip()
            if value and not parse_date(value):
                errors.append(f"{label} “{value}” không phải là ngày hợp lệ "
                              "(ví dụ: 30/7/2007, 2007-07-30 hoặc 2007).")
                value = ""
            dates[name] = value
        if sort not in SORTS:
            sort = "relevance"
        page = min(max(1, page), MAX_PAGE)
        return cls(q=q.strip()[:500], doc_type=doc_type.strip(), issuer=issuer.strip(),
                   classification=classification.strip(), sort=sort, page=page,
                   errors=tuple(errors), **dates)

    def filters(self) -> SearchFilters:
        return SearchFilters(doc_type=self.doc_type, issuer=expand_issuer(self.issuer),
                             date_from=self.date_from, date_to=self.date_to,
                             classification=self.classification)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE

    @property
    def active(self) -> bool:
        return any((self.q, self.doc_type, self.issuer, self.date_from, self.date_to,
                    self.classification))

    def query_string(self, **changes: str | int) -> str:
        """The URL query of this search with some values changed; page 1 unless given."""
        values: dict[str, Any] = {"page": 1, **changes}
        changed = replace(self, **values)
        pairs = {"q": changed.q, "type": changed.doc_type, "issuer": changed.issuer,
                 "from": changed.date_from, "to": changed.date_to,
                 "classification": changed.classification,
                 "sort": "" if changed.sort == "relevance" else changed.sort,
                 "page": "" if changed.page == 1 else str(changed.page)}
        return urlencode({k: v for k, v in pairs.items() if v})

    def url(self, **changes: str | int) -> str:
        query = self.query_string(**changes)
        return f"/?{query}" if query else "/"


def page_count(total: int) -> int:
    return min(MAX_PAGE, max(1, math.ceil(total / PER_PAGE)))


def page_links(current: int, last: int) -> list[int | None]:
    """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    wanted = {1, last, *range(current - 2, current + 3)}
    pages = sorted(p for p in wanted if 1 <= p <= last)
    out: list[int | None] = []
    previous = 0
    for p in pages:
        if p - previous > 1:
            out.append(None)
        out.append(p)
        previous = p
    return out


def highlight_terms(query: str) -> Terms:
    """The words and symbols of a query to mark in a document, matched like the search
    (without regard to diacritics); excluded words and filters mark nothing."""
    words: set[str] = set()
    symbols: set[str] = set()
    for clause in parse(query).positive():
        if clause.kind == "symbol":
            symbols.add(symbol_key(clause.text))
        else:
            words.update(fold(s) for s in clause.syllables)
    return Terms(frozenset(words), frozenset(symbols))


def marked(text: str, terms: Terms) -> Markup:
    """`text` escaped, with the query's words in <mark>."""
    return Markup(render(text, matches(text, terms) if terms else []))


@dataclass(frozen=True)
class Box:
    """One highlighted word, in percent of the page image's width and height."""

    x: float
    y: float
    w: float
    h: float
    text: str


def page_boxes(words: list[list], width: int, height: int, terms: Terms) -> list[Box]:
    """OCR words of a page that match the query, as boxes over its image.

    Words are [text, x0, y0, x1, y1, confidence, line] in pixels of the page image;
    a few pixels of padding keep the mark from hiding the letters' edges.
    """
    if not terms or width <= 0 or height <= 0:
        return []
    pad = max(2, round(width * 0.002))
    boxes = []
    for text, x0, y0, x1, y1, *_ in words:
        if not matches(str(text), terms):
            continue
        left, top = max(0, x0 - pad), max(0, y0 - pad)
        right, bottom = min(width, x1 + pad), min(height, y1 + pad)
        boxes.append(Box(x=round(100 * left / width, 3), y=round(100 * top / height, 3),
                         w=round(100 * (right - left) / width, 3),
                         h=round(100 * (bottom - top) / height, 3), text=str(text)))
    return boxes


def hit_card(hit: Hit, query: str) -> dict:
    """A result card: the hit, and whether its snippet says more than its subject (with no
    words to match, the index offers the subject itself)."""
    card = hit_json(hit, query)
    return card | {"show_snippet": card["snippet"] != html.escape(card["subject"])}


def hit_json(hit: Hit, query: str) -> dict:
    """One search result as the API returns it and the result cards show it."""
    meta = hit.metadata
    link = f"/documents/{hit.id}" + (f"?{urlencode({'q': query})}" if query else "")
    return {
        "id": hit.id,
        "url": link,
        "score": round(hit.score, 4),
        "symbol": meta.get("symbol", ""),
        "doc_type": meta.get("doc_type", ""),
        "date": meta.get("date", ""),
        "date_vi": date_vi(meta.get("date", "")),
        "issuer": meta.get("issuer", ""),
        "subject": meta.get("subject") or meta.get("cv_subject", ""),
        "classification": meta.get("classification", ""),
        "urgency": meta.get("urgency", ""),
        "snippet": hit.snippet,
        "pages": list(hit.pages),
        "missing": list(hit.missing),
    }
