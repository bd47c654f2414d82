"""The real web app under uvicorn in a background thread, for the browser tests."""
from __future__ import annotations

import functools
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from luutru.archive.config import Config
from luutru.search_ui.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium as root, offline: no sandbox, no GPU, no calls home.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LAPTOP = {"width": 1366, "height": 900}
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


@functools.cache
def screenshots_dir() -> Path:
    """Where the browser tests save their screenshots: docs/screenshots when
    LUUTRU_SCREENSHOTS=1 asks for the documentation's pictures to be taken again, else a
    directory of this run's own, so that the suite leaves the working tree as it was."""
    if os.environ.get("LUUTRU_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return DOCS_SCREENSHOTS
    return Path(tempfile.mkdtemp(prefix="luutru-screenshots-"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(config: Config) -> Iterator[str]:
    """Serves the archive of `config` (anonymous access on) on a free loopback port; yields
    its base URL and stops the server on leaving."""
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(create_app(config, anonymous=True), host="127.0.0.1",
                                       port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium under Playwright; the test is skipped without them."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's /usr/bin/chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browser_page(browser: Any, base_url: str) -> Iterator[tuple[Any, list[str]]]:
    """A page in a fresh laptop-sized, Vietnamese-locale context of `browser`, and the
    errors its console logs (a CSP violation shows up there)."""
    context = browser.new_context(viewport=LAPTOP, base_url=base_url, locale="vi-VN",
                                  accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        yield page, errors
    finally:
        context.close()
