"""The web interface in a real browser: Debian's Chromium, headless, driven by Playwright,
against the app served by uvicorn on 127.0.0.1. Saves screenshots of the main pages, to
docs/screenshots/ with LUUTRU_SCREENSHOTS=1.

Run with: .venv/bin/pytest tests/test_browser_ui.py -m browser
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luutru.archive.config import Config
from tests.live_server import CHROMIUM, browser_page, chromium, live_server, screenshots_dir
from tests.test_web_app import (
    SCANNED_ID,
    SECRET_ID,
    TOP_SECRET_ID,
    USERS,
    build_archive,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = screenshots_dir()
PHONE = {"width": 390, "height": 844}

if not CHROMIUM.exists():
    pytest.skip("Debian's /usr/bin/chromium is not installed (apt-get install chromium)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app under uvicorn in a background thread; yields its base URL."""
    config: Config = build_archive(tmp_path_factory.mktemp("browser") / "data")
    with live_server(config) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server) as (p, errors):
        p.console_errors = errors
        yield p
    # A CSP violation (an inline script or style) shows up as a console error; 404s of
    # pages a test opened on purpose are the only errors allowed.
    assert [e for e in errors if "status of 404" not in e] == []


def shot(p, name: str, full_page: bool = True) -> None:
    p.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def log_in(p, name: str) -> None:
    p.goto("/login")
    p.fill("input[name=name]", name)
    p.fill("input[name=password]", USERS[name][0])
    p.click("form.stack button[type=submit]")
    p.wait_for_load_state()
    assert p.locator(".who").inner_text().startswith(name)


def test_search_filter_and_facets(page):
    page.goto("/")
    page.fill("input[name=q]", "tiep cong dan")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=tiep+cong+dan*")
    assert "Tìm thấy 12 văn bản" in page.locator(".count").inner_text()
    assert page.locator("article.hit").count() == 10
    assert page.locator("article.hit mark").count() >= 10
    shot(page, "search-results.png")
    page.click(".pager a[rel=next]")
    assert page.locator("article.hit").count() == 2
    # Filter by a year facet, then by dates typed the Vietnamese way.
    page.goto("/?q=tiep+cong+dan")
    page.click(".facet a:text-is('2015')")
    assert page.locator("article.hit").count() == 1
    assert "5-TB/HU" in page.locator("article.hit").inner_text()
    page.goto("/?q=tiep+cong+dan")
    page.fill("input[name=from]", "1/1/2020")
    page.fill("input[name=to]", "31/12/2021")
    page.click(".filter-actions button")
    assert page.locator("article.hit").count() == 2
    assert page.locator(".chip").count() == 2


def test_document_page_highlights_words_on_the_image_and_downloads_pdf(page):
    page.goto("/?q=chuyển+đổi+số")
    page.click(f"a[href^='/documents/{SCANNED_ID}?']")
    page.wait_for_url(f"**/documents/{SCANNED_ID}?q=*")
    assert "Nghị quyết số 05-NQ/TU" in page.locator("h1").inner_text()
    image = page.locator(f"#trang-1 img[src='/documents/{SCANNED_ID}/pages/1.png']")
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#trang-1 img').complete && "
                           "document.querySelector('#trang-1 img').naturalWidth > 0")
    img = image.bounding_box()
    rects = page.locator("#trang-1 svg.highlights rect.hl")
    assert rects.count() >= 6
    for i in range(rects.count()):
        box = rects.nth(i).bounding_box()
        assert box and box["width"] > 4 and box["height"] > 4
        assert img["x"] - 1 <= box["x"] and box["x"] + box["width"] <= img["x"] + img["width"] + 1
        assert img["y"] - 1 <= box["y"] and box["y"] + box["height"] <= img["y"] + img["height"] + 1
    assert page.locator("#trang-1 .page-text mark").count() >= 6
    shot(page, "document-highlights.png")
    with page.expect_download() as info:
        page.click("a[href$='/download.pdf']")
    download = info.value
    path = download.path()
    assert download.suggested_filename == "05-NQ-TU_2019-03-12.pdf"  # symbol and date
    assert Path(path).read_bytes().startswith(b"%PDF")
    assert page.console_errors == []  # every image, style and icon loaded


def test_reader_sees_only_what_clearance_allows(page):
    log_in(page, "docgia")
    assert page.locator("nav a[href='/review']").count() == 0
    response = page.goto(f"/documents/{SECRET_ID}")
    assert response.status == 404
    assert "Không tìm thấy văn bản này" in page.locator("h1").inner_text()
    assert page.goto(f"/documents/{TOP_SECRET_ID}/pages/1.png").status == 404
    page.goto("/?q=quặng+đồng")
    assert "Không tìm thấy văn bản nào" in page.locator(".count").inner_text()
    page.goto(f"/documents/{SCANNED_ID}")
    assert page.locator("details.fix").count() == 0  # readers do not correct


def test_archivist_corrects_a_field_and_search_follows(page, server, tmp_path):
    log_in(page, "luutru")
    page.goto("/review")
    assert page.locator(".review-page").count() == 1
    assert page.locator(".review-table tbody tr").count() >= 1
    shot(page, "review-queue.png")
    page.goto(f"/documents/{SCANNED_ID}")
    row = page.locator("#truong-subject")
    row.locator("summary").click()
    row.locator("textarea[name=value]").fill("về số hóa hồ sơ và kho dữ liệu dùng chung")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã lưu hiệu đính" in page.locator(".flash").inner_text()
    assert "Đã hiệu đính" in page.locator("#truong-subject").inner_text()
    page.goto("/?q=số+hóa+hồ+sơ")
    hits = page.locator("article.hit")
    assert hits.count() == 1  # the corrected document, once
    assert hits.locator(".hit-subject").inner_text() == "về số hóa hồ sơ và kho dữ liệu dùng chung"


def test_phone_width_stays_readable(browser, server):
    context = browser.new_context(viewport=PHONE, base_url=server, locale="vi-VN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    p = context.new_page()
    p.goto("/?q=chuyển+đổi+số")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert p.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(p, "search-phone.png", full_page=False)
    p.goto(f"/documents/{SCANNED_ID}?q=chuyển+đổi+số")
    assert p.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_screenshots_are_taken():
    # Runs last in this module: the pages above wrote them (docs/screenshots with
    # LUUTRU_SCREENSHOTS=1).
    for name in ("search-results.png", "document-highlights.png", "review-queue.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000, name
