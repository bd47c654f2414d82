"""The web interface and its JSON API, through FastAPI's TestClient on a real data directory.

The archive is built without OCR: text records go through `luutru import`'s own code, and one
"scanned" document is put into the catalog the way a batch would, with a page image drawn
here and the words' boxes where they were drawn. Every text is written for these tests.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
from collections.abc import Iterator
from html import escape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.indexing import Indexer
from luutru.archive.users import add_user
from luutru.metadata import citations as find_citations
from luutru.ocr.types import PageResult, Word
from luutru.pipeline.importer import import_records
from luutru.samples.render import load_font
from luutru.search_ui.app import create_app

# --------------------------------------------------------------------------- the archive

SCANNED_ID = "5e0c1a9b27d4f3e8"  # as pipeline.documents.document_id makes them
SCANNED_LINES = [
    "TỈNH ỦY BÌNH AN                 ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 05-NQ/TU            Bình An, ngày 12 tháng 3 năm 2019",
    "NGHỊ QUYẾT",
    "về đẩy mạnh chuyển đổi số trong các cơ quan Đảng của tỉnh",
    "Tiếp tục thực hiện Kết luận số 21-KL/TU ngày 05/01/2018 của Ban Thường vụ,",
    "Tỉnh ủy yêu cầu các cấp ủy số hóa toàn bộ hồ sơ lưu trữ, xây dựng kho",
    "dữ liệu dùng chung và đào tạo cán bộ về chuyển đổi số trước năm 2025.",
    "Văn phòng Tỉnh ủy chủ trì, báo cáo kết quả sau mỗi sáu tháng.",
]
SCANNED_META = {
    "family": ("party", 0.9), "symbol": ("05-NQ/TU", 0.92), "number": ("05", 0.92),
    "doc_type": ("Nghị quyết", 0.95), "issuer": ("TỈNH ỦY BÌNH AN", 0.9),
    "place": ("Bình An", 0.85),
    # The date is the field extraction was unsure of: the review queue must offer it.
    "date": ("2019-03-12", 0.41),
    "subject": ("về đẩy mạnh chuyển đổi số trong các cơ quan Đảng của tỉnh", 0.88),
}

SECRET_ID = "kl-21-tu"  # MẬT
TOP_SECRET_ID = "ct-08-tu"  # TỐI MẬT
SCRIPT_ID = "qd-1234-ubnd"

RECORDS = [
    {"id": SECRET_ID,
     "text": "KẾT LUẬN của Ban Thường vụ Tỉnh ủy về quy hoạch mỏ quặng đồng Khe Lim.\n"
             "Giữ bí mật trữ lượng quặng đồng và vị trí các điểm khoan thăm dò.",
     "metadata": {"family": "party", "symbol": "21-KL/TU", "number": "21",
                  "doc_type": "Kết luận", "issuer": "TỈNH ỦY BÌNH AN", "date": "2018-01-05",
                  "subject": "về quy hoạch mỏ quặng đồng Khe Lim", "classification": "MẬT"}},
    {"id": TOP_SECRET_ID,
     "text": "CHỈ THỊ về bảo vệ tuyệt đối kho dữ liệu hồ sơ cán bộ diện Tỉnh ủy quản lý.\n"
             "Thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2019 về chuyển đổi số, mật mã "
             "hóa toàn bộ dữ liệu nhân sự lưu tại trung tâm dữ liệu Hòn Thước.",
     "metadata": {"family": "party", "symbol": "08-CT/TU", "number": "08",
                  "doc_type": "Chỉ thị", "issuer": "TỈNH ỦY BÌNH AN", "date": "2020-06-01",
                  "subject": "về bảo vệ kho dữ liệu hồ sơ cán bộ",
                  "classification": "TỐI MẬT"}},
    {"id": SCRIPT_ID,
     "text": "QUYẾT ĐỊNH ban hành quy chế cổng thông tin điện tử của tỉnh.\n"
             "Theo Nghị quyết số 05-NQ/TU ngày 12/3/2019 về chuyển đổi số, trang tin "
             "phải lọc mã độc như <script>alert(1)</script> và thẻ <b>đậm</b> trước khi đăng.",
     "metadata": {"family": "state", "symbol": "1234/QĐ-UBND", "number": "1234",
                  "doc_type": "Quyết định", "issuer": "ỦY BAN NHÂN DÂN TỈNH BÌNH AN",
                  "date": "2021-09-15",
                  "subject": "ban hành quy chế cổng thông tin <i>điện tử</i>"}},
] + [
    {"id": f"tb-{n:02d}-hu",
     "text": f"THÔNG BÁO lịch tiếp công dân của Bí thư Huyện ủy Sông Trà năm {2010 + n}.\n"
             f"Bí thư tiếp công dân vào ngày thứ Năm của tuần thứ {n % 4 + 1} mỗi tháng "
             "tại trụ sở Huyện ủy.",
     "metadata": {"family": "party", "symbol": f"{n}-TB/HU", "number": str(n),
                  "doc_type": "Thông báo", "issuer": "HUYỆN ỦY SÔNG TRÀ",
                  "date": f"{2010 + n}-01-{n + 5:02d}",
                  "subject": f"lịch tiếp công dân năm {2010 + n}"}}
    for n in range(1, 13)
]

USERS = {  # name: (password, role, clearance)
    "docgia": ("mat-khau-doc-gia", "reader", 0),
    "docgiamat": ("mat-khau-doc-mat", "reader", 1),
    "luutru": ("mat-khau-luu-tru", "archivist", 1),
    "quantri": ("mat-khau-quan-tri", "admin", 3),
}
BATCH_NAME = "lo-thang-3"


def draw_page(lines: list[str], path: Path) -> tuple[int, int, tuple[Word, ...]]:
    """The lines drawn on a white page; returns its size and each word with its box."""
    font = load_font("liberation", "regular", 26)
    width, pitch, margin = 1000, 52, 60
    height = margin * 2 + pitch * len(lines)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    words = []
    for line_no, line in enumerate(lines):
        y = margin + line_no * pitch
        for m in re.finditer(r"\S+", line):
            x = margin + round(draw.textlength(line[:m.start()], font=font))
            draw.text((x, y), m.group(0), font=font, fill=0)
            x0, y0, x1, y1 = draw.textbbox((x, y), m.group(0), font=font)
            words.append(Word(m.group(0), (x0, y0, x1, y1), 0.9, line_no))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return width, height, tuple(words)


def add_page_image(config: Config, catalog: Catalog, doc_id: str, text: str,
                   review: bool = False, quality: float = 0.9) -> None:
    """Page 1 of a document as a scan would leave it: PNG, words with boxes, and a PDF."""
    lines = text.split("\n")
    width, height, words = draw_page(lines, config.page_image(doc_id, 1))
    page = PageResult(number=1, width=width, height=height, words=words, text=text,
                      confidence=0.9, quality=quality)
    catalog.save_page(doc_id, page, review=review, seconds={})
    pdf = config.document_pdf(doc_id)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    Image.open(config.page_image(doc_id, 1)).convert("RGB").save(pdf, "PDF")


def build_archive(data_dir: Path) -> Config:
    config = Config.load(data_dir)
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    count, problems = import_records(config, lines)
    assert (count, problems) == (len(RECORDS), [])

    catalog = Catalog(config.catalog_path)
    batch = catalog.start_batch(BATCH_NAME)
    text = "\n".join(SCANNED_LINES)
    catalog.add_document(SCANNED_ID, hashlib.sha256(text.encode()).hexdigest(),
                         "/scans/lo-thang-3/nq-05.tif", 1, batch)
    add_page_image(config, catalog, SCANNED_ID, text, review=True, quality=0.52)
    metadata = {name: {"value": value, "confidence": conf}
                for name, (value, conf) in SCANNED_META.items()}
    catalog.finish_document(SCANNED_ID, metadata, [c.__dict__ for c in find_citations(text)
                                                   if c.symbol != "05-NQ/TU"])
    # The secret document has a scanned page too: its image and PDF exist on disk, so a
    # 404 for them can only come from the permission check.
    add_page_image(config, catalog, SECRET_ID, RECORDS[0]["text"])
    catalog.record_failure(batch, "/scans/lo-thang-3/hong.pdf", "not a PDF, TIFF, JPEG or PNG")
    catalog.add_source("/scans/lo-thang-3/kl-21.pdf", SECRET_ID)
    catalog.record_failure(batch, "/scans/lo-thang-3/kl-21.pdf", "OCR timed out", page=2)
    catalog.finish_batch(batch, {"documents": 2, "new_documents": 2, "pages": 3,
                                 "failures": [{}, {}], "review": [{}],
                                 "wall_seconds": 12.5, "pages_per_minute": 14.4})
    with Indexer(config, catalog) as indexer:
        indexer.add(catalog.document(SCANNED_ID))
        indexer.add(catalog.document(SECRET_ID))
    for name, (password, role, clearance) in USERS.items():
        add_user(catalog, name, password, role, clearance)
    catalog.close()
    return config


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("web") / "data"
    build_archive(data)
    return data


@pytest.fixture(scope="module")
def app_config(built: Path) -> Config:
    return Config.load(built)


@pytest.fixture(scope="module")
def client(app_config: Config) -> Iterator[TestClient]:
    with TestClient(create_app(app_config, anonymous=True)) as c:
        yield c


@pytest.fixture
def fresh(built: Path, tmp_path: Path) -> Config:
    """A copy of the archive for tests that change it."""
    target = tmp_path / "data"
    shutil.copytree(built, target)
    return Config.load(target)


def login(c: TestClient, name: str) -> None:
    token = csrf_of(c, "/login")
    r = c.post("/login", data={"name": name, "password": USERS[name][0],
                               "csrf_token": token, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def csrf_of(c: TestClient, path: str) -> str:
    page = c.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def as_user(config: Config, name: str | None) -> TestClient:
    c = TestClient(create_app(config, anonymous=True))
    if name:
        login(c, name)
    return c


def main_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def result_ids(c: TestClient, **params: str) -> list[str]:
    r = c.get("/api/search", params=params)
    assert r.status_code == 200, r.text
    return [h["id"] for h in r.json()["hits"]]


# --------------------------------------------------------------------------- search


def test_search_page_finds_words_without_diacritics_and_highlights_them(client):
    r = client.get("/", params={"q": "chuyen doi so"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert 'lang="vi"' in html
    assert f'/documents/{SCANNED_ID}?q=chuyen+doi+so' in html
    assert "<mark>chuyển</mark>" in html
    assert "Nghị quyết số 05-NQ/TU" in html
    assert "ngày 12/3/2019" in html  # dates read the Vietnamese way
    assert "TỈNH ỦY BÌNH AN" in html


def test_api_search_returns_the_same_hits_as_the_page(client):
    r = client.get("/api/search", params={"q": "tiếp công dân", "sort": "-date"})
    body = r.json()
    assert body["total"] == 12
    assert body["per_page"] == 10
    assert len(body["hits"]) == 10
    dates = [h["date"] for h in body["hits"]]
    assert dates == sorted(dates, reverse=True)
    hit = body["hits"][0]
    assert hit["symbol"] == "12-TB/HU"
    assert hit["date_vi"] == "ngày 17/1/2022"
    page = client.get("/", params={"q": "tiếp công dân", "sort": "-date"}).text
    linked = list(dict.fromkeys(re.findall(r'href="/documents/([\w.-]+)\?', page)))
    assert linked == [h["id"] for h in body["hits"]]


def test_pagination_shows_the_rest_on_page_two(client):
    one = result_ids(client, q="tiếp công dân", sort="date")
    two = result_ids(client, q="tiếp công dân", sort="date", page="2")
    assert len(one) == 10 and len(two) == 2
    assert not set(one) & set(two)
    html = client.get("/", params={"q": "tiếp công dân"}).text
    assert 'href="/?q=ti%E1%BA%BFp+c%C3%B4ng+d%C3%A2n&amp;page=2"' in html
    assert 'rel="next"' in html


def test_filters_by_type_issuer_and_dates(client):
    assert set(result_ids(client, type="Quyết định")) == {SCRIPT_ID}
    assert set(result_ids(client, q="chuyển đổi số", issuer="Ủy ban nhân dân tỉnh Bình An")) \
        == {SCRIPT_ID}
    years = client.get("/api/search", params={"from": "1/1/2020", "to": "2021",
                                              "sort": "date"}).json()
    assert {h["date"][:4] for h in years["hits"]} <= {"2020", "2021"}
    assert years["total"] == 3  # 10-TB/HU, 11-TB/HU and the Quyết định; not the Chỉ thị
    # Query-language filters work from the box too.
    assert set(result_ids(client, q="type:NQ")) == {SCANNED_ID}


def test_invalid_date_filter_is_dropped_with_a_vietnamese_message(client):
    r = client.get("/", params={"q": "tiếp công dân", "from": "31/31/2020"})
    assert r.status_code == 200
    assert "không phải là ngày hợp lệ" in r.text
    assert client.get("/api/search", params={"q": "tiếp công dân", "from": "hôm qua"}
                      ).json()["total"] == 12


def test_facets_count_and_link(client):
    body = client.get("/api/search", params={"q": "chuyển đổi số"}).json()
    # The TỐI MẬT Chỉ thị matches too, but a guest's counts do not know it.
    assert body["facets"]["doc_type"] == {"Nghị quyết": 1, "Quyết định": 1}
    assert body["facets"]["year"] == {"2019": 1, "2021": 1}
    html = client.get("/", params={"q": "chuyển đổi số"}).text
    link = "/?" + urlencode({"q": "chuyển đổi số", "type": "Quyết định"})
    assert f'<a href="{escape(link)}">Quyết định</a><span class="n">1</span>' in html
    year = "/?" + urlencode({"q": "chuyển đổi số", "from": "2021", "to": "2021"})
    assert f'<a href="{escape(year)}">2021</a>' in html
    assert client.get(link).status_code == 200
    assert result_ids(client, q="chuyển đổi số", type="Quyết định") == [SCRIPT_ID]


def test_did_you_mean_links_to_the_suggestion(client):
    body = client.get("/api/search", params={"q": "tiêp công dân"}).json()
    assert body["suggestion"] == "tiếp công dân"
    html = client.get("/", params={"q": "tiêp công dân"}).text
    link = escape("/?" + urlencode({"q": "tiếp công dân"}))
    assert f'Có phải bạn muốn tìm: <a href="{link}">tiếp công dân</a>?' in html
    assert "Có phải bạn muốn tìm" not in client.get("/", params={"q": "tiếp công dân"}).text


def test_ocr_text_with_markup_stays_text(client):
    search = client.get("/", params={"q": "mã độc"}).text
    assert "<script>alert" not in search
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in search
    assert "<i>điện tử</i>" not in search and "&lt;i&gt;điện tử&lt;/i&gt;" in search
    doc = client.get(f"/documents/{SCRIPT_ID}", params={"q": "<script>"}).text
    assert "<script>" not in doc
    assert "&lt;b&gt;đậm&lt;/b&gt;" in doc
    api = client.get("/api/search", params={"q": "mã độc"}).json()["hits"][0]
    assert "<script>" not in api["snippet"]


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["cache-control"] == "no-store"
    # No page carries inline script or style: the CSP would block it.
    for path in ("/", f"/documents/{SCANNED_ID}?q=chuyển", "/login", "/api/docs"):
        html = client.get(path).text
        inline = re.search(r"<script(?![^>]*\ssrc=\"/static/)", html)
        assert not inline and "style=" not in html and "<style" not in html, path


# --------------------------------------------------------------------------- documents


def test_document_page_shows_metadata_highlights_and_links(client):
    r = client.get(f"/documents/{SCANNED_ID}", params={"q": "chuyển đổi số"})
    assert r.status_code == 200
    html = r.text
    assert "Số, ký hiệu" in html and "05-NQ/TU" in html
    assert "ngày 12/3/2019" in html
    assert f'src="/documents/{SCANNED_ID}/pages/1.png"' in html
    boxes = re.findall(r'<rect class="hl" x="([\d.]+)%" y="([\d.]+)%" '
                       r'width="([\d.]+)%" height="([\d.]+)%"><title>([^<]+)</title>', html)
    # "chuyển đổi số" is on two lines of the page: at least those six words are boxed.
    assert len(boxes) >= 6
    assert {b[4] for b in boxes} >= {"chuyển", "đổi", "số"}
    for x, y, w, h, _ in boxes:
        assert 0 <= float(x) < 100 and 0 <= float(y) < 100
        assert 0 < float(w) < 30 and 0 < float(h) < 10
        assert float(x) + float(w) <= 100.001 and float(y) + float(h) <= 100.001
    assert "<mark>chuyển</mark>" in html  # page text beside the image
    assert f'href="/documents/{SCANNED_ID}/download.pdf"' in html
    assert f'href="/documents/{SCANNED_ID}/download.txt"' in html


def test_highlight_boxes_sit_on_the_drawn_words(app_config, client):
    page = client.get(f"/api/documents/{SCANNED_ID}/pages/1", params={"q": "kho"}).json()
    assert [b["text"] for b in page["highlights"]] == ["kho"]
    box = page["highlights"][0]
    word = next(w for w in page["words"] if w["text"] == "kho")
    x0, y0, x1, y1 = word["box"]
    assert box["x"] <= 100 * x0 / page["width"] <= box["x"] + box["w"]
    assert box["y"] <= 100 * y1 / page["height"] <= box["y"] + box["h"]


def test_cites_link_to_documents_the_user_may_see(app_config):
    with as_user(app_config, None) as anon:
        html = anon.get(f"/documents/{SCANNED_ID}").text
        assert "Kết luận số 21-KL/TU" in html  # the citation is this document's own text
        assert f'href="/documents/{SECRET_ID}"' not in html
        assert "không có trong kho" in html
    with as_user(app_config, "docgiamat") as cleared:
        html = cleared.get(f"/documents/{SCANNED_ID}").text
        assert f'href="/documents/{SECRET_ID}"' in html


def test_cited_by_and_similar_keep_to_clearance(app_config):
    with as_user(app_config, None) as anon:
        html = anon.get(f"/documents/{SCANNED_ID}").text
        assert f'href="/documents/{SCRIPT_ID}"' in html  # cites 05-NQ/TU, unclassified
        assert TOP_SECRET_ID not in html
        cited = anon.get(f"/api/documents/{SCANNED_ID}/cited-by").json()
        assert [h["id"] for h in cited["hits"]] == [SCRIPT_ID] and cited["total"] == 1
        similar = anon.get(f"/api/documents/{SCANNED_ID}/similar").json()
        assert not {h["id"] for h in similar["hits"]} & {SECRET_ID, TOP_SECRET_ID}
    with as_user(app_config, "quantri") as admin:
        cited = admin.get(f"/api/documents/{SCANNED_ID}/cited-by").json()
        assert {h["id"] for h in cited["hits"]} == {SCRIPT_ID, TOP_SECRET_ID}


def test_page_image_pdf_and_text_downloads(client):
    image = client.get(f"/documents/{SCANNED_ID}/pages/1.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    pdf = client.get(f"/documents/{SCANNED_ID}/download.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    text = client.get(f"/documents/{SCANNED_ID}/download.txt")
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Văn phòng Tỉnh ủy chủ trì" in text.content.decode("utf-8")
    assert client.get(f"/documents/{SCANNED_ID}/pages/2.png").status_code == 404
    assert client.get(f"/documents/{SCRIPT_ID}/download.pdf").status_code == 404  # none made


def test_api_document_and_page(client):
    doc = client.get(f"/api/documents/{SCANNED_ID}").json()
    assert doc["metadata"]["symbol"] == "05-NQ/TU"
    assert doc["fields"]["date"]["confidence"] == pytest.approx(0.41)
    assert doc["pages"][0]["image_url"] == f"/documents/{SCANNED_ID}/pages/1.png"
    assert {c["symbol"] for c in doc["citations"]} == {"21-KL/TU"}
    assert doc["citations"][0]["document"] == ""  # classified: not linked for a guest
    page = client.get(f"/api/documents/{SCANNED_ID}/pages/1").json()
    assert page["text"].startswith("TỈNH ỦY BÌNH AN")
    assert page["words"][0]["text"] == "TỈNH"
    assert client.get(f"/api/documents/{SCANNED_ID}/pages/7").status_code == 404


def test_openapi_schema_and_docs(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/documents/{doc_id}",
            "/api/documents/{doc_id}/pages/{number}"} <= set(schema["paths"])
    assert not any(p.startswith("/documents") for p in schema["paths"])  # pages stay out
    docs = client.get("/api/docs").text
    assert "/api/search" in docs and "Tìm kiếm văn bản" in docs
    assert "cdn" not in docs.lower()


# --------------------------------------------------------------------------- secrecy


SECRET_URLS = [
    f"/documents/{SECRET_ID}",
    f"/documents/{SECRET_ID}/pages/1.png",
    f"/documents/{SECRET_ID}/download.pdf",
    f"/documents/{SECRET_ID}/download.txt",
    f"/api/documents/{SECRET_ID}",
    f"/api/documents/{SECRET_ID}/pages/1",
    f"/api/documents/{SECRET_ID}/cited-by",
    f"/api/documents/{SECRET_ID}/similar",
]


@pytest.mark.parametrize("who", [None, "docgia"])
def test_classified_documents_are_404_without_clearance(app_config, who):
    with as_user(app_config, who) as c:
        missing = main_of(c.get("/documents/0000000000000000").text)
        for url in SECRET_URLS + [u.replace(SECRET_ID, TOP_SECRET_ID) for u in SECRET_URLS]:
            r = c.get(url)
            assert r.status_code == 404, url
            assert "quặng" not in r.text and "Hòn Thước" not in r.text
        # Exactly like a document that does not exist: nothing tells them apart.
        assert main_of(c.get(f"/documents/{SECRET_ID}").text) == missing


@pytest.mark.parametrize("who", [None, "docgia"])
def test_classified_documents_are_absent_from_results_counts_and_facets(app_config, who):
    with as_user(app_config, who) as c:
        for q in ("quặng đồng", "Khe Lim", "Hòn Thước", "dữ liệu nhân sự"):
            body = c.get("/api/search", params={"q": q}).json()
            assert body["total"] == 0 and body["hits"] == [], q
            assert all(not v for v in body["facets"].values()), q
            html = c.get("/", params={"q": q}).text
            assert "Không tìm thấy văn bản nào" in html and "quặng" not in html.split(
                "</form>")[-1], q
        # The visible Nghị quyết cites 21-KL/TU: it is found, the cited one is not.
        assert result_ids(c, q="21-KL/TU") == [SCANNED_ID]
        everything = c.get("/api/search").json()
        assert everything["total"] == len(RECORDS) + 1 - 2
        assert "Kết luận" not in everything["facets"]["doc_type"]
        assert "Chỉ thị" not in everything["facets"]["doc_type"]
        assert everything["facets"]["issuer"]["TỈNH ỦY BÌNH AN"] == 1
        # The classification filter is not offered, and asking for it shows nothing.
        assert 'name="classification"' not in c.get("/").text
        assert c.get("/api/search", params={"classification": "MẬT"}).json()["total"] == 0


def test_clearance_opens_what_it_covers_and_no_more(app_config):
    with as_user(app_config, "docgiamat") as c:
        assert result_ids(c, q="quặng đồng") == [SECRET_ID]
        assert c.get(f"/documents/{SECRET_ID}/pages/1.png").status_code == 200
        assert c.get(f"/documents/{SECRET_ID}/download.pdf").status_code == 200
        assert c.get(f"/documents/{TOP_SECRET_ID}").status_code == 404
        assert result_ids(c, q="Hòn Thước") == []
        html = c.get("/").text
        assert '<option value="MẬT"' in html and "TỐI MẬT</option>" not in html
        assert set(result_ids(c, classification="MẬT")) == {SECRET_ID}
    with as_user(app_config, "quantri") as c:
        assert result_ids(c, q="Hòn Thước") == [TOP_SECRET_ID]
        assert c.get("/api/search").json()["total"] == len(RECORDS) + 1


@pytest.mark.parametrize("bad", [
    "/documents/..%2F..%2Fcatalog.sqlite",
    "/documents/..%2F..%2Fsecret.key/download.txt",
    "/documents/%2E%2E/pages/1.png",
    "/documents/..%2Fpages%2F" + SECRET_ID + "/pages/1.png",
    f"/documents/{SCANNED_ID}%2F..%2F{SECRET_ID}/pages/1.png",
    "/documents/x%00y/download.pdf",
    "/api/documents/..%2F..%2Fsecret.key",
    "/static/..%2Fcatalog.sqlite",
    "/static/../secret.key",
    "/static/%2E%2E/app.py",
])
def test_path_traversal_is_refused(client, bad):
    r = client.get(bad)
    assert r.status_code in (400, 404), bad
    assert b"SQLite format" not in r.content and b"import" not in r.content


def test_document_ids_are_checked_before_any_file_is_touched(app_config):
    from luutru.search_ui.archive import inside, valid_id

    assert valid_id(SCANNED_ID) and valid_id(SCRIPT_ID) and valid_id("tb-01-hu")
    for bad in ("..", "../x", "a/b", "a\\b", "", ".hidden", "a..b", "x" * 200, "a b", "-a"):
        assert not valid_id(bad), bad
    data = app_config.data_dir
    assert inside(data, data / "pages" / SCANNED_ID / "1.png")
    assert inside(data, data / "pages" / ".." / ".." / "etc" / "passwd") is None
    assert inside(data, data / "catalog.sqlite")  # inside, but no route builds such a path


# --------------------------------------------------------------------------- sessions


def test_secret_key_is_created_private(app_config):
    key = app_config.data_dir / "secret.key"
    assert key.exists()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes().strip()) >= 32


def test_login_sets_a_safe_cookie_and_logout_clears_it(app_config):
    with as_user(app_config, None) as c:
        token = csrf_of(c, "/login")
        r = c.post("/login", data={"name": "docgia", "password": "sai-mat-khau",
                                   "csrf_token": token})
        assert r.status_code == 401 and "không đúng" in r.text
        r = c.post("/login", data={"name": "docgia", "password": USERS["docgia"][0],
                                   "csrf_token": token, "next": "/?q=abc"},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/?q=abc"
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # plain http on localhost
        assert c.get("/api/me").json()["name"] == "docgia"
        assert "Đăng xuất" in c.get("/").text
        # The token from before login no longer works: the session was renewed.
        assert c.post("/logout", data={"csrf_token": token}).status_code == 403
        r = c.post("/logout", data={"csrf_token": csrf_of(c, "/")}, follow_redirects=False)
        assert r.status_code == 303
        assert c.get("/api/me").json()["name"] == ""


def test_cookie_is_secure_over_https(app_config):
    with TestClient(create_app(app_config), base_url="https://testserver") as c:
        r = c.get("/login")
        assert "Secure" in r.headers["set-cookie"]


def test_login_refuses_open_redirects(app_config):
    with as_user(app_config, None) as c:
        for target in ("//evil.example/", "https://evil.example/", "/\t/evil.example",
                       "\\\\evil.example"):
            token = csrf_of(c, "/login")
            r = c.post("/login", data={"name": "docgia", "password": USERS["docgia"][0],
                                       "csrf_token": token, "next": target},
                       follow_redirects=False)
            assert r.headers["location"] == "/", target
            c.cookies.clear()


def test_forged_or_missing_session_is_anonymous(app_config):
    with as_user(app_config, None) as c:
        c.cookies.set("luutru_session", "eyJ1c2VyIjoicXVhbnRyaSJ9.forged.sig")
        assert c.get("/api/me").json()["name"] == ""
        assert c.get(f"/documents/{TOP_SECRET_ID}").status_code == 404


def test_post_without_valid_csrf_token_is_rejected(app_config):
    with as_user(app_config, "luutru") as c:
        for token in ("", "not-the-token"):
            r = c.post(f"/documents/{SCANNED_ID}/corrections",
                       data={"field": "date", "value": "2019-03-13", "csrf_token": token})
            assert r.status_code == 403, token
            assert "biểu mẫu không hợp lệ" in r.text
        token = csrf_of(c, "/login")
        r = c.post("/login", data={"name": "luutru", "password": USERS["luutru"][0]})
        assert r.status_code == 403
        assert token  # the right token was there to be used
        doc = c.get(f"/api/documents/{SCANNED_ID}").json()
        assert doc["metadata"]["date"] == "2019-03-12"  # nothing was changed


def test_api_accepts_basic_auth_and_refuses_wrong_passwords(app_config):
    with as_user(app_config, None) as c:
        ok = c.get("/api/search", params={"q": "quặng"}, auth=("docgiamat", USERS["docgiamat"][0]))
        assert ok.json()["total"] == 1
        bad = c.get("/api/search", params={"q": "quặng"}, auth=("docgiamat", "sai"))
        assert bad.status_code == 401


def test_anonymous_access_can_be_turned_off(app_config, monkeypatch):
    monkeypatch.setenv("LUUTRU_ANONYMOUS", "0")
    with TestClient(create_app(Config.load(app_config.data_dir))) as c:
        for path in ("/", "/?q=tiếp", f"/documents/{SCANNED_ID}", "/review",
                     f"/documents/{SCANNED_ID}/pages/1.png"):
            r = c.get(path, follow_redirects=False)
            assert r.status_code == 303, path
            assert r.headers["location"].startswith("/login?next=%2F"), path
        assert c.get("/api/search").status_code == 401
        assert c.get("/api/openapi.json").status_code == 401
        assert c.get("/login").status_code == 200
        assert c.get("/static/style.css").status_code == 200
        login(c, "docgia")
        assert c.get("/").status_code == 200
        assert c.get("/api/search", params={"q": "tiếp công dân"}).json()["total"] == 12


# --------------------------------------------------------------------------- corrections


def test_archivist_correction_changes_search_results_at_once(fresh):
    with as_user(fresh, "luutru") as c:
        assert result_ids(c, q="phủ sóng") == []
        token = csrf_of(c, f"/documents/{SCANNED_ID}")
        r = c.post(f"/documents/{SCANNED_ID}/corrections",
                   data={"field": "subject", "value": "về phủ sóng chuyển đổi số toàn tỉnh",
                         "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303
        assert result_ids(c, q="phủ sóng") == [SCANNED_ID]
        page = c.get(r.headers["location"]).text
        assert "Đã lưu hiệu đính" in page and "Đã hiệu đính" in page
        assert "bởi luutru" in page
        # A page's text, and a date typed the Vietnamese way (stored as ISO).
        c.post(f"/documents/{SCANNED_ID}/corrections",
               data={"field": "page:1", "value": "Nội dung đã sửa: nhà máy thủy điện Đắk Rơ",
                     "csrf_token": token})
        assert result_ids(c, q="thuy dien dak ro") == [SCANNED_ID]
        c.post(f"/documents/{SCANNED_ID}/corrections",
               data={"field": "date", "value": "13/3/2019", "csrf_token": token})
        doc = c.get(f"/api/documents/{SCANNED_ID}").json()
        assert doc["metadata"]["date"] == "2019-03-13"
        assert doc["fields"]["date"]["corrected_by"] == "luutru"
        text = c.get(f"/documents/{SCANNED_ID}/download.txt").text
        assert text == "Nội dung đã sửa: nhà máy thủy điện Đắk Rơ"


def test_corrected_document_is_found_once_by_the_same_server(fresh):
    # One app for everyone, as when served: its index must see the update, not add to it.
    app = create_app(fresh, anonymous=True)
    with TestClient(app) as anon, TestClient(app) as archivist:
        assert result_ids(anon, q="chuyển đổi số") == [SCANNED_ID, SCRIPT_ID]
        login(archivist, "luutru")
        token = csrf_of(archivist, f"/documents/{SCANNED_ID}")
        archivist.post(f"/documents/{SCANNED_ID}/corrections",
                       data={"field": "subject", "value": "về số hóa hồ sơ lưu trữ",
                             "csrf_token": token})
        assert sorted(result_ids(anon, q="chuyển đổi số")) == sorted([SCANNED_ID, SCRIPT_ID])
        body = anon.get("/api/search", params={"q": "số hóa hồ sơ"}).json()
        assert [h["id"] for h in body["hits"]] == [SCANNED_ID]
        assert body["facets"]["doc_type"] == {"Nghị quyết": 1}


def test_invalid_corrections_are_refused_with_a_message(fresh):
    with as_user(fresh, "luutru") as c:
        token = csrf_of(c, f"/documents/{SCANNED_ID}")
        r = c.post(f"/documents/{SCANNED_ID}/corrections",
                   data={"field": "date", "value": "ngày mai", "csrf_token": token})
        assert "Không lưu được" in r.text
        r = c.post(f"/documents/{SCANNED_ID}/corrections",
                   data={"field": "password_hash", "value": "x", "csrf_token": token})
        assert "Không lưu được" in r.text
        # An archivist may raise a secrecy mark, not lower one.
        r = c.post(f"/documents/{SECRET_ID}/corrections",
                   data={"field": "classification", "value": "", "csrf_token": token})
        assert "Chỉ quản trị viên" in r.text or "chỉ quản trị viên" in r.text
        assert c.get(f"/api/documents/{SECRET_ID}").json()["metadata"]["classification"] \
            == "MẬT"


def test_raising_a_secrecy_mark_hides_the_document_at_once(fresh):
    with as_user(fresh, "luutru") as c:
        token = csrf_of(c, f"/documents/{SCRIPT_ID}")
        c.post(f"/documents/{SCRIPT_ID}/corrections",
               data={"field": "classification", "value": "MẬT", "csrf_token": token})
    with as_user(fresh, None) as anon:
        assert anon.get(f"/documents/{SCRIPT_ID}").status_code == 404
        assert result_ids(anon, q="mã độc") == []


def test_reader_cannot_correct(fresh):
    with as_user(fresh, "docgia") as c:
        token = csrf_of(c, "/")
        r = c.post(f"/documents/{SCANNED_ID}/corrections",
                   data={"field": "subject", "value": "sửa trái phép", "csrf_token": token})
        assert r.status_code == 403
        assert "Sửa</summary>" not in c.get(f"/documents/{SCANNED_ID}").text
        assert c.get("/review").status_code == 403
        assert c.get("/batches").status_code == 403
        assert result_ids(c, q="trái phép") == []
    with as_user(fresh, None) as anon:
        r = anon.post(f"/documents/{SCANNED_ID}/corrections",
                      data={"field": "subject", "value": "x", "csrf_token": "x"},
                      follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?")
        assert anon.get("/review", follow_redirects=False).headers["location"] \
            == "/login?next=%2Freview"


def test_archivist_cannot_correct_what_they_cannot_see(fresh):
    with as_user(fresh, "luutru") as c:  # cleared to MẬT, not TỐI MẬT
        token = csrf_of(c, "/")
        r = c.post(f"/documents/{TOP_SECRET_ID}/corrections",
                   data={"field": "subject", "value": "x", "csrf_token": token})
        assert r.status_code == 404


# --------------------------------------------------------------------------- review, batches


def test_review_queue_lists_flagged_pages_and_unsure_fields(app_config):
    with as_user(app_config, "luutru") as c:
        html = c.get("/review").text
        assert "Trang chất lượng thấp" in html
        assert f'/documents/{SCANNED_ID}#trang-1' in html
        assert "Chất lượng 52%" in html
        assert 'value="page:1"' in html
        assert f'/documents/{SCANNED_ID}#truong-date' in html  # the unsure date
        assert 'value="2019-03-12"' in html
        assert f'/documents/{SCANNED_ID}#truong-symbol' not in html  # that one was sure


def test_review_correction_leaves_the_queue(fresh):
    with as_user(fresh, "luutru") as c:
        token = csrf_of(c, "/review")
        r = c.post(f"/documents/{SCANNED_ID}/corrections",
                   data={"field": "date", "value": "2019-03-12", "csrf_token": token,
                         "next": "/review?page=1"}, follow_redirects=False)
        assert r.headers["location"] == "/review?page=1"
        html = c.get("/review").text
        assert f'/documents/{SCANNED_ID}#truong-date' not in html


def test_batches_show_status_counts_and_failures(app_config):
    with as_user(app_config, "luutru") as c:
        html = c.get("/batches").text
        assert BATCH_NAME in html and "Xong, có lỗi" in html
        assert "/scans/lo-thang-3/hong.pdf" in html
        assert "14,4 trang/phút" in html and "12,5 giây" in html
        # Cleared to MẬT: the failure of the MẬT document's page is theirs to see.
        assert "/scans/lo-thang-3/kl-21.pdf" in html


def test_batch_failures_of_hidden_documents_are_hidden(built, tmp_path):
    config = Config.load(built)
    catalog = Catalog(config.catalog_path)
    add_user(catalog, "luutru0", "mat-khau-luu-tru", "archivist", 0)
    catalog.close()
    try:
        with TestClient(create_app(config)) as c:
            token = csrf_of(c, "/login")
            c.post("/login", data={"name": "luutru0", "password": "mat-khau-luu-tru",
                                   "csrf_token": token})
            html = c.get("/batches").text
            assert "/scans/lo-thang-3/hong.pdf" in html
            assert "kl-21.pdf" not in html
            assert "1 lỗi thuộc văn bản mật" in html
            review = c.get("/review").text
            assert SECRET_ID not in review
    finally:
        catalog = Catalog(config.catalog_path)
        catalog.db.execute("DELETE FROM users WHERE name = 'luutru0'")
        catalog.close()


def test_serve_binds_localhost_and_says_where(app_config, monkeypatch, capsys):
    import uvicorn

    from luutru.search_ui.app import serve

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    serve(app_config)
    assert "luutru: serving http://127.0.0.1:8000" in capsys.readouterr().err
    (app, kw), = calls
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8000
    assert app.title.startswith("luutru")


def test_vietnamese_error_pages(client):
    r = client.get("/khong-co-trang-nay")
    assert r.status_code == 404 and "Không tìm thấy trang này" in r.text
    r = client.get(f"/documents/{SCANNED_ID}/pages/abc.png")
    assert r.status_code in (400, 404) and "<html" in r.text
    assert client.get("/api/documents/nope").json() == {"detail": "Không tìm thấy văn bản này."}
