"""Accessibility and the page viewer in a real browser (Debian's Chromium via Playwright).

axe-core (shipped inside the axe-playwright-python package, installed with the test
extras: nothing is fetched at test time) checks the main pages; serious and critical
violations fail the test.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.ocr.types import PageResult
from tests.live_server import browser_page, chromium, live_server
from tests.test_browser_ui import log_in
from tests.test_web_app import SCANNED_ID, SCANNED_LINES, build_archive, draw_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The archive of the web tests, its scanned document given a second page."""
    config: Config = build_archive(tmp_path_factory.mktemp("a11y") / "data")
    width, height, words = draw_page(SCANNED_LINES[4:], config.page_image(SCANNED_ID, 2))
    catalog = Catalog(config.catalog_path)
    catalog.save_page(SCANNED_ID, PageResult(
        number=2, width=width, height=height, words=words,
        text="\n".join(SCANNED_LINES[4:]), confidence=0.9, quality=0.9), False, {})
    db = sqlite3.connect(config.catalog_path)
    db.execute("UPDATE documents SET page_count = 2 WHERE id = ?", (SCANNED_ID,))
    db.commit()
    db.close()
    catalog.close()
    with live_server(config) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server) as (p, errors):
        yield p
    assert errors == []  # a CSP violation, or the viewer's script failing, shows here


def serious_violations(p) -> list[str]:
    results = axe_playwright.Axe().run(p)
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("who, path", [
    (None, "/"),
    (None, "/?q=chuyển+đổi+số"),
    (None, "/?q=tiếp+công+dân&issuer=HU+Sông+Trà"),
    (None, f"/documents/{SCANNED_ID}?q=chuyển+đổi"),
    (None, "/login"),
    ("luutru", "/review"),
    ("luutru", "/batches"),
    ("luutru", f"/documents/{SCANNED_ID}"),
    ("quantri", "/admin/users"),
    ("quantri", "/admin/audit"),
    ("docgia", "/account/password"),
])
def test_main_pages_have_no_serious_accessibility_violations(page, who, path):
    if who:
        log_in(page, who)
    page.goto(path)
    page.wait_for_load_state("load")
    assert serious_violations(page) == []


def test_page_viewer_zooms_rotates_and_goes_full_screen(page):
    page.goto(f"/documents/{SCANNED_ID}")
    figure = page.locator("#trang-1 figure.page-image")
    tools = figure.locator(".viewer-tools")
    assert tools.is_visible()
    frame = figure.locator(".page-frame")
    before = frame.bounding_box()["width"]
    tools.locator("[data-act=zoom-in]").click()
    tools.locator("[data-act=zoom-in]").click()
    assert tools.locator(".zoom-level").inner_text() == "150%"
    assert frame.evaluate("f => f.getBoundingClientRect().width") == pytest.approx(
        before * 1.5, rel=0.02)
    tools.locator("[data-act=rotate]").click()
    assert "rotate(90deg)" in frame.evaluate("f => f.style.transform")
    tools.locator("[data-act=reset]").click()
    assert tools.locator(".zoom-level").inner_text() == "100%"
    assert frame.evaluate("f => f.style.transform") == ""
    tools.locator("[data-act=fullscreen]").click()
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.dataset.page") == "1"
    page.keyboard.press("ArrowRight")  # the next page, still full screen
    page.wait_for_function("document.fullscreenElement?.dataset.page === '2'")
    page.keyboard.press("Escape")


def test_previous_and_next_page_links(page):
    page.goto(f"/documents/{SCANNED_ID}")
    page.click("#trang-1 .page-nav a[rel=next]")
    page.wait_for_url("**#trang-2")
    page.click("#trang-2 .page-nav a[rel=prev]")
    page.wait_for_url("**#trang-1")
    assert page.locator("#trang-2 .page-nav").inner_text().count("Trang 2/2") == 1


def test_admin_changes_a_clearance_and_exports_a_result_list(page, browser, server):
    log_in(page, "quantri")
    page.goto("/admin/users")
    row = page.locator("tr", has=page.locator("th", has_text="docgia")).first
    row.locator("select[name=value]").nth(1).select_option("1")
    row.locator("button", has_text="Đổi").nth(1).click()
    page.wait_for_load_state()
    assert "docgia giờ được xem đến MẬT" in page.locator(".flash").inner_text()
    page.goto("/admin/audit?who=quantri")
    assert "clearance docgia 1" in page.locator("table").inner_text()

    page.goto("/?q=tiếp+công+dân")
    with page.expect_download() as info:
        page.click(".exports a:text-is('CSV')")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.count("\n") == 13 and "TB/HU" in text  # the header and all 12, not one page
    with page.expect_download() as info:
        page.click(".exports a:text-is('Excel (XLSX)')")
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"
