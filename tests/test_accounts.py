"""Accounts and the rough edges of issue 15: revocable sessions, login throttling, user
administration, private and read-only data directories, error pages, date rules.

Runs on a real data directory built like tests/test_web_app.py builds it (no OCR).
"""
from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.users import get_user
from luutru.pipeline import cli
from luutru.search_ui.app import create_app
from luutru.search_ui.throttle import Throttle
from tests.test_web_app import (
    SCANNED_ID,
    SECRET_ID,
    USERS,
    as_user,
    build_archive,
    csrf_of,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("accounts") / "data"
    build_archive(data)
    return data


@pytest.fixture
def fresh(built: Path, tmp_path: Path) -> Config:
    target = tmp_path / "data"
    shutil.copytree(built, target)
    return Config.load(target)


def run_cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(list(args))
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def copied_cookie(config: Config, name: str) -> TestClient:
    """A second client holding a copy of a signed-in user's cookie."""
    c = as_user(config, name)
    thief = TestClient(create_app(config, anonymous=True))
    thief.cookies.set("luutru_session", c.cookies["luutru_session"])
    assert thief.get("/api/me").json()["name"] == name
    return c, thief


# ------------------------------------------------------------------ fresh and broken archives


def test_a_brand_new_data_directory_serves_search(tmp_path):
    config = Config.load(tmp_path / "new")
    with TestClient(create_app(config, anonymous=True)) as c:
        for path in ("/", "/?q=nghị+quyết", "/api/search", "/api/search?q=abc"):
            r = c.get(path)
            assert r.status_code == 200, (path, r.text[:300])
        assert c.get("/api/search").json()["total"] == 0


def test_data_directory_and_catalog_are_created_private(tmp_path):
    config = Config.load(tmp_path / "new")
    TestClient(create_app(config))  # creates the catalog and the secret
    assert stat.S_IMODE(config.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(config.catalog_path.stat().st_mode) == 0o600


def test_an_old_world_readable_catalog_is_made_private(tmp_path):
    config = Config.load(tmp_path / "old")
    Catalog(config.catalog_path).close()
    config.catalog_path.chmod(0o644)
    Catalog(config.catalog_path).close()
    assert stat.S_IMODE(config.catalog_path.stat().st_mode) == 0o600


def test_server_errors_are_vietnamese_pages_with_the_security_headers(fresh, monkeypatch):
    from luutru.search_ui.archive import Archive

    def broken(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Archive, "searchable", broken)
    with TestClient(create_app(fresh, anonymous=True)) as c:
        for path in ("/?q=abc", "/api/search?q=abc"):
            r = c.get(path)
            assert r.status_code == 500
            assert "Đã có lỗi xảy ra" in r.text and "Internal Server Error" not in r.text
            assert "default-src 'none'" in r.headers["content-security-policy"]
            assert r.headers["x-frame-options"] == "DENY"
            assert r.headers["cache-control"] == "no-store"
        page = c.get("/?q=abc").text
        assert '<html lang="vi">' in page
        r = c.get("/khong-co")
        assert r.status_code == 404 and "Không tìm thấy" in r.text
        assert r.headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------ sessions end everywhere


def test_logout_ends_a_copied_cookie(fresh):
    c, thief = copied_cookie(fresh, "docgiamat")
    assert thief.get(f"/documents/{SECRET_ID}").status_code == 200
    c.post("/logout", data={"csrf_token": csrf_of(c, "/")})
    assert thief.get("/api/me").json()["name"] == ""
    assert thief.get(f"/documents/{SECRET_ID}").status_code == 404


@pytest.mark.parametrize("command", [
    ["user", "passwd", "docgiamat", "--password-stdin"],
    ["user", "disable", "docgiamat"],
    ["user", "remove", "docgiamat"],
    ["user", "set-clearance", "docgiamat", "0"],
    ["user", "set-role", "docgiamat", "archivist"],
])
def test_account_changes_end_every_session_at_once(fresh, command):
    _, thief = copied_cookie(fresh, "docgiamat")
    code, _, err = run_cli(*command, "--data", str(fresh.data_dir),
                           stdin="mat-khau-moi-dai\n")
    assert code == 0, err
    assert thief.get("/api/me").json()["name"] == ""
    assert thief.get(f"/documents/{SECRET_ID}").status_code == 404


def test_a_disabled_user_cannot_sign_in_until_enabled(fresh):
    data = ["--data", str(fresh.data_dir)]
    assert run_cli("user", "disable", "docgia", *data)[0] == 0
    with as_user(fresh, None) as c:
        r = c.post("/login", data={"name": "docgia", "password": USERS["docgia"][0],
                                   "csrf_token": csrf_of(c, "/login")})
        assert r.status_code == 401
        basic = c.get("/api/me", auth=("docgia", USERS["docgia"][0]))
        assert basic.status_code == 401
    assert run_cli("user", "enable", "docgia", *data)[0] == 0
    with as_user(fresh, "docgia") as c:
        assert c.get("/api/me").json()["name"] == "docgia"


def test_user_list_and_changes_from_the_command_line(fresh):
    data = ["--data", str(fresh.data_dir)]
    code, out, _ = run_cli("user", "list", *data)
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == sorted(USERS)
    assert run_cli("user", "set-role", "docgia", "archivist", *data)[0] == 0
    assert run_cli("user", "set-clearance", "docgia", "TỐI MẬT", *data)[0] == 0
    catalog = Catalog(fresh.catalog_path)
    user = get_user(catalog, "docgia")
    assert (user.role, user.clearance) == ("archivist", 2)
    code, _, err = run_cli("user", "remove", "khong-ai", *data)
    assert code == 1 and err.strip() == "luutru: no user 'khong-ai'"
    code, _, err = run_cli("user", "set-clearance", "docgia", "9", *data)
    assert code == 1 and "clearance" in err
    assert run_cli("user", "remove", "docgia", *data)[0] == 0
    assert get_user(catalog, "docgia") is None


# ------------------------------------------------------------------ throttling


def test_throttle_delay_grows_and_a_success_clears_the_name():
    now = [1000.0]
    t = Throttle(free_failures=3, first_delay=2, clock=lambda: now[0])
    for _ in range(2):
        t.failed("an", "10.0.0.1")
    assert t.retry_after("an", "10.0.0.1") == 0
    t.failed("an", "10.0.0.1")
    assert t.retry_after("an", "10.0.0.2") == 2  # the name waits, from any address
    assert t.retry_after("binh", "10.0.0.1") == 2  # and the address, for any name
    now[0] += 3
    t.failed("an", "10.0.0.1")
    assert t.retry_after("an", "10.0.0.9") == 4
    now[0] += 5
    t.failed("an", "10.0.0.1")
    assert t.retry_after("an", "10.0.0.9") == 8
    t.succeeded("an")
    assert t.retry_after("an", "10.0.0.9") == 0
    assert t.retry_after("", "10.0.0.1") == 8  # the address still waits


def test_wrong_passwords_get_429_before_any_hash_is_computed(fresh, monkeypatch):
    import luutru.search_ui.context as context

    hashed = []
    real = context.authenticate
    monkeypatch.setattr(context, "authenticate",
                        lambda *a: hashed.append(a[1]) or real(*a))
    with TestClient(create_app(fresh, anonymous=True)) as c:
        token = csrf_of(c, "/login")
        codes = [c.post("/login", data={"name": "docgia", "password": f"sai-{i}",
                                        "csrf_token": token}).status_code for i in range(5)]
        assert codes == [401] * 5
        r = c.post("/login", data={"name": "docgia", "password": USERS["docgia"][0],
                                   "csrf_token": token})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert "thử lại sau" in r.text
        assert len(hashed) == 5  # the blocked attempt never reached the password hash
        started = time.perf_counter()
        for _ in range(20):
            r = c.get("/api/search", auth=("docgia", "sai"))
            assert r.status_code == 429 and r.headers["retry-after"]
        assert time.perf_counter() - started < 2.0
        assert len(hashed) == 5
        # The address is held too: another name from it waits as well.
        r = c.get("/api/search", auth=("quantri", USERS["quantri"][0]))
        assert r.status_code == 429


def test_basic_auth_flood_is_throttled_by_address(fresh):
    with TestClient(create_app(fresh, anonymous=True)) as c:
        codes = [c.get("/api/me", auth=(f"ai-{i}", "sai")).status_code for i in range(8)]
        assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}


# ------------------------------------------------------------------ read-only archives


@pytest.fixture
def read_only(built: Path, tmp_path: Path) -> Iterator[Config]:
    """A copy of the archive on a read-only mount (or, for a user other than root, in
    folders without write permission)."""
    source, mount = tmp_path / "src", tmp_path / "ro"
    shutil.copytree(built, source / "data")
    Catalog(source / "data" / "catalog.sqlite").db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    mount.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "--bind", "-o", "ro", str(source), str(mount)],
                              capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
        try:
            yield Config.load(mount / "data")
        finally:
            subprocess.run(["umount", "--lazy", str(mount)], check=False)
        return
    os.rmdir(mount)
    os.rename(source, mount)
    for folder, _, _ in os.walk(mount):
        os.chmod(folder, 0o555)
    try:
        yield Config.load(mount / "data")
    finally:
        for folder, _, _ in os.walk(mount):
            os.chmod(folder, 0o755)


@pytest.mark.slow  # mounts a read-only copy (a subprocess) when run as root
def test_a_read_only_archive_can_be_searched_exported_and_served(read_only):
    data = ["--data", str(read_only.data_dir)]
    code, out, err = run_cli("search", "tiếp công dân", "--json", *data)
    assert code == 0, err
    assert len(__import__("json").loads(out)) == 10
    code, out, err = run_cli("export", *data)
    assert code == 0 and out.count("\n") >= 10, err
    code, out, err = run_cli("export", "--format", "csv", *data)
    assert code == 0 and "Số, ký hiệu" in out or "05-NQ/TU" in out, err
    code, out, err = run_cli("user", "list", *data)
    assert code == 0 and "quantri" in out
    with as_user(read_only, "docgiamat") as c:
        assert c.get("/", params={"q": "quặng"}).status_code == 200
        assert c.get(f"/documents/{SECRET_ID}").status_code == 200
        assert c.get(f"/documents/{SCANNED_ID}/download.pdf").status_code == 200


@pytest.mark.slow  # mounts a read-only copy (a subprocess) when run as root
@pytest.mark.parametrize("command", [
    ["reindex"],
    ["correct", SCANNED_ID, "date", "2019-03-13"],
    ["user", "disable", "docgia"],
    ["user", "add", "moi", "--password-stdin"],
    ["delete", SCANNED_ID],
    ["ingest", "."],
])
def test_changing_a_read_only_archive_is_a_one_line_error(read_only, command):
    code, out, err = run_cli(*command, "--data", str(read_only.data_dir),
                             stdin="mat-khau-dai-du\n")
    assert code == 1
    assert err.count("\n") == 1 and "read-only" in err and "Traceback" not in err, err


# ------------------------------------------------------------------ dates


def test_an_impossible_date_is_refused_as_filter_and_as_correction(fresh):
    with as_user(fresh, "luutru") as c:
        r = c.get("/api/search", params={"q": "tiếp", "from": "31/2/2020"})
        assert r.json()["errors"] and "31/2/2020" in r.json()["errors"][0]
        token = csrf_of(c, f"/documents/{SCANNED_ID}")
        c.post(f"/documents/{SCANNED_ID}/corrections",
               data={"field": "date", "value": "31/2/2020", "csrf_token": token})
        assert c.get(f"/api/documents/{SCANNED_ID}").json()["metadata"]["date"] == "2019-03-12"
    code, _, err = run_cli("correct", SCANNED_ID, "date", "31/2/2020", "--data",
                           str(fresh.data_dir))
    assert code == 1 and "not a date" in err
    code, _, err = run_cli("search", "tiếp", "--from", "31/2/2020", "--data",
                           str(fresh.data_dir))
    assert code == 1 and "31/2/2020" in err


# ------------------------------------------------------------------ pipes


@pytest.mark.slow
def test_export_into_a_closed_pipe_ends_quietly(built, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(built, target)
    luutru = Path(sys.executable).parent / "luutru"
    done = subprocess.run(f"'{luutru}' export --data '{target}' | head -c 10",
                          shell=True, capture_output=True, text=True, timeout=120)
    assert len(done.stdout) == 10
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


# ------------------------------------------------------------------ ingest and batches


def test_ingest_walks_past_luutru_data_directories(tmp_path):
    from luutru.pipeline.documents import discover

    scan = tmp_path / "ho-so" / "nq-01.png"
    scan.parent.mkdir()
    scan.write_bytes(b"\x89PNG\r\n\x1a\n")
    data = tmp_path / "data"  # the configured one, before it has a catalog
    (data / "pages" / "abc").mkdir(parents=True)
    (data / "pages" / "abc" / "1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (data / "index").mkdir()
    (data / "index" / "MAIN_WRITELOCK").write_bytes(b"")
    other = tmp_path / "ban-sao"  # another archive's data directory, by its catalog
    (other / "pdf").mkdir(parents=True)
    (other / "catalog.sqlite").write_bytes(b"")
    (other / "pdf" / "x.pdf").write_bytes(b"%PDF-1.4")
    files, problems = discover([tmp_path], data)
    assert files == [scan] and problems == []
    assert discover([data], data) == ([], [])


def test_batches_page_says_reasons_in_vietnamese_and_resumed_batches_are_done(fresh):
    catalog = Catalog(fresh.catalog_path)
    killed = catalog.start_batch("lo-bi-dung")
    catalog.add_document("abcdef0123456789", "f" * 64, "/scans/lo/x.tif", 1, killed)
    catalog.record_failure(killed, "/scans/lo/rong.tif", "empty file")
    catalog.finish_document("abcdef0123456789", {}, [])
    resumed = catalog.start_batch("lo-chay-lai")
    catalog.finish_batch(resumed, {"documents": 1})
    still = catalog.start_batch("lo-dang-do")
    catalog.add_document("0123456789abcdef", "e" * 64, "/scans/lo/y.tif", 2, still)
    with as_user(fresh, "luutru") as c:
        html = c.get("/batches").text
    assert "không phải tệp PDF, TIFF, JPEG hay PNG" in html
    assert "nhận dạng chữ quá thời gian" in html and "tệp rỗng" in html
    assert "not a PDF" not in html and "OCR timed out" not in html
    blocks = {name: html[html.index(f"<h2>{name}</h2>"):][:400]
              for name in ("lo-bi-dung", "lo-dang-do")}
    assert "Xong khi chạy lại (lô lo-chay-lai)" in blocks["lo-bi-dung"]
    assert "Chưa xong" not in blocks["lo-bi-dung"]
    assert "Chưa xong" in blocks["lo-dang-do"]


# ------------------------------------------------------------------ audit, stamps, deletion


def audit_rows(config: Config, **filters: str) -> list:
    from luutru.archive.audit import entries

    return entries(Catalog(config.catalog_path), **filters)


def test_classified_reads_and_cleared_searches_are_audited(fresh):
    with as_user(fresh, "docgiamat") as c:
        c.get("/", params={"q": "quặng"})
        c.get(f"/documents/{SECRET_ID}")
        c.get(f"/documents/{SECRET_ID}/pages/1.png")
        c.get(f"/documents/{SECRET_ID}/download.pdf")
        c.get(f"/documents/{SECRET_ID}/download.txt")
        c.get(f"/api/documents/{SECRET_ID}")
        c.get(f"/documents/{SCANNED_ID}")  # not classified: not audited
    rows = audit_rows(fresh, user="docgiamat")
    got = [(e.action, e.document) for e in reversed(rows)]
    assert got == [("search", ""), ("view", SECRET_ID), ("page", SECRET_ID),
                   ("download", SECRET_ID), ("download", SECRET_ID), ("view", SECRET_ID)]
    assert all(e.address == "testclient" and e.at for e in rows)
    assert "q=qu%E1%BA%B7ng" in rows[-1].detail
    with as_user(fresh, "docgia") as c:  # no clearance: their searches are not audited
        c.get("/", params={"q": "quặng"})
    assert audit_rows(fresh, user="docgia") == []


def test_the_audit_trail_cannot_be_changed(fresh):
    import sqlite3

    with as_user(fresh, "docgiamat") as c:
        c.get(f"/documents/{SECRET_ID}")
    catalog = Catalog(fresh.catalog_path)
    for sql in ("UPDATE audit SET user = 'ai-khac'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            catalog.db.execute(sql)


def test_audit_command_filters_by_user_and_date(fresh):
    import json

    with as_user(fresh, "docgiamat") as c:
        c.get(f"/documents/{SECRET_ID}")
    with as_user(fresh, "quantri") as c:
        c.get(f"/documents/{SECRET_ID}/download.pdf")
    data = ["--data", str(fresh.data_dir)]
    code, out, _ = run_cli("audit", "--json", *data)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["user"] for r in rows] == ["docgiamat", "quantri"]
    assert set(rows[0]) == {"id", "at", "user", "address", "action", "document", "detail"}
    code, out, _ = run_cli("audit", "--user", "quantri", *data)
    assert out.count("\n") == 1 and "tải văn bản mật" in out and SECRET_ID in out
    assert run_cli("audit", "--since", "2999-01-01", *data)[1] == ""
    code, _, err = run_cli("audit", "--since", "31/2/2020", *data)
    assert code == 1 and "not a date" in err


def test_admins_see_the_audit_trail_and_others_do_not(fresh):
    with as_user(fresh, "docgiamat") as c:
        c.get(f"/documents/{SECRET_ID}")
        assert c.get("/admin/audit").status_code == 403
        assert c.get("/admin/users").status_code == 403
    with as_user(fresh, "quantri") as c:
        html = c.get("/admin/audit", params={"who": "docgiamat"}).text
        assert "xem văn bản mật" in html and SECRET_ID in html


def test_admins_manage_users_in_the_web_ui(fresh):
    _, thief = copied_cookie(fresh, "docgiamat")
    with as_user(fresh, "quantri") as c:
        html = c.get("/admin/users").text
        assert all(name in html for name in USERS)
        token = csrf_of(c, "/admin/users")
        for action, value in (("clearance", "2"), ("role", "archivist"), ("disable", "")):
            r = c.post("/admin/users", data={"name": "docgiamat", "action": action,
                                             "value": value, "csrf_token": token})
            assert r.status_code == 200, r.text
        r = c.post("/admin/users", data={"name": "docgiamat", "action": "disable"})
        assert r.status_code == 403  # no CSRF token
        r = c.post("/admin/users", data={"name": "quantri", "action": "remove",
                                         "csrf_token": token})
        assert "chính mình" in r.text
    user = get_user(Catalog(fresh.catalog_path), "docgiamat")
    assert (user.clearance, user.role, user.disabled) == (2, "archivist", True)
    assert thief.get("/api/me").json()["name"] == ""
    assert [e.detail for e in audit_rows(fresh, user="quantri")][:3] == [
        "disable docgiamat", "role docgiamat archivist", "clearance docgiamat 2"]


def test_classified_pdfs_are_stamped_with_the_user_and_the_time(fresh):
    import numpy as np
    import pypdfium2 as pdfium

    def foot_red_pixels(pdf_bytes: bytes) -> int:
        page = pdfium.PdfDocument(pdf_bytes)[0]
        image = np.asarray(page.render(scale=2).to_pil().convert("RGB")).astype(int)
        foot = image[int(image.shape[0] * 0.9):]
        return int(((foot[..., 0] > 120) & (foot[..., 1] < 60) & (foot[..., 2] < 60)).sum())

    with as_user(fresh, "docgiamat") as c:
        secret = c.get(f"/documents/{SECRET_ID}/download.pdf")
        plain = c.get(f"/documents/{SCANNED_ID}/download.pdf")
    assert secret.status_code == plain.status_code == 200
    assert plain.content == fresh.document_pdf(SCANNED_ID).read_bytes()
    assert secret.content != fresh.document_pdf(SECRET_ID).read_bytes()
    assert foot_red_pixels(secret.content) > 200 and foot_red_pixels(plain.content) == 0
    assert "21-KL-TU_2018-01-05.pdf" in secret.headers["content-disposition"]


def test_stamp_names_the_user_and_the_moment():
    from luutru.search_ui.stamp import stamp_image

    image = stamp_image("MẬT · Bản tải về của docgiamat lúc 09:15 ngày 3/9/2024")
    assert image.width > 10 * image.height  # one line of text
    assert image.getbbox() is not None


def test_an_admin_deletes_a_document_from_catalog_index_and_files(fresh):
    pdf, image = fresh.document_pdf(SCANNED_ID), fresh.page_image(SCANNED_ID, 1)
    assert pdf.exists() and image.exists()
    with as_user(fresh, "luutru") as c:  # an archivist may not
        token = csrf_of(c, f"/documents/{SCANNED_ID}")
        assert c.post(f"/documents/{SCANNED_ID}/delete",
                      data={"csrf_token": token}).status_code == 403
    with as_user(fresh, "quantri") as c:
        token = csrf_of(c, f"/documents/{SCANNED_ID}")
        r = c.post(f"/documents/{SCANNED_ID}/delete", data={"csrf_token": token})
        assert r.status_code == 200 and "Đã xóa" in r.text
        assert c.get(f"/documents/{SCANNED_ID}").status_code == 404
        assert SCANNED_ID not in [h["id"] for h in c.get(
            "/api/search", params={"q": "chuyển đổi số"}).json()["hits"]]
    assert Catalog(fresh.catalog_path).document(SCANNED_ID) is None
    assert not pdf.exists() and not image.exists() and not image.parent.exists()
    entry, = [e for e in audit_rows(fresh, user="quantri") if e.action == "delete"]
    assert entry.document == SCANNED_ID
    assert "05-NQ/TU" in entry.detail


def test_delete_from_the_command_line(fresh):
    # A signed PDF's signatures and the archive's evidence go with the document.
    catalog = Catalog(fresh.catalog_path)
    catalog.save_signatures(SECRET_ID, [{"signer": "Nguyễn Văn An", "intact": True}])
    catalog.replace_evidence({SECRET_ID: {"date": {"confirmed_by": ["x"]}}})
    catalog.close()
    code, _, err = run_cli("delete", SECRET_ID, "--data", str(fresh.data_dir))
    assert code == 0, err
    catalog = Catalog(fresh.catalog_path)
    assert catalog.signatures(SECRET_ID) == [] and catalog.evidence(SECRET_ID) == {}
    catalog.close()
    code, out, _ = run_cli("search", "quặng", "--json", "--data", str(fresh.data_dir))
    assert out.strip() == "[]"
    code, _, err = run_cli("delete", SECRET_ID, "--data", str(fresh.data_dir))
    assert code == 1 and "no document" in err
    deleted = [e for e in audit_rows(fresh) if e.action == "delete"]
    assert [(e.document, e.address) for e in deleted] == [(SECRET_ID, "cli")]


# ------------------------------------------------------------------ what users reach for


def test_result_lists_export_as_csv_and_xlsx_with_only_what_the_user_may_see(fresh):
    import csv
    import zipfile
    from xml.etree import ElementTree

    with as_user(fresh, "docgia") as c:
        r = c.get("/export.csv", params={"q": "chuyển đổi số"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        header, body = rows[0], rows[1:]
        assert "Ký hiệu văn bản" in header and "Trích yếu nội dung" in header
        symbols = {row[header.index("Ký hiệu văn bản")] for row in body}
        assert "05-NQ/TU" in symbols and "1234/QĐ-UBND" in symbols
        assert "08-CT/TU" not in symbols  # TỐI MẬT: not theirs
        x = c.get("/export.xlsx", params={"q": "chuyển đổi số"})
        assert x.status_code == 200 and "spreadsheetml" in x.headers["content-type"]
    with zipfile.ZipFile(io.BytesIO(x.content)) as book:
        shared = book.read("xl/sharedStrings.xml").decode("utf-8")
    texts = {t.text for t in ElementTree.fromstring(shared).iter(
        "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t")}
    assert {"05-NQ/TU", "1234/QĐ-UBND", "Ký hiệu văn bản"} <= texts
    assert "08-CT/TU" not in texts and "Hòn Thước" not in shared


def test_csv_cells_that_look_like_formulas_stay_text(fresh):
    import csv
    import json

    from luutru.pipeline.importer import import_records

    record = {"id": "cv-cong-thuc", "text": "CÔNG VĂN về bảng tính lương.",
              "metadata": {"doc_type": "Công văn", "symbol": "77/UBND-VP",
                           "subject": "=HYPERLINK(\"http://x\")", "date": "2022-05-05"}}
    import_records(fresh, [json.dumps(record, ensure_ascii=False)])
    with as_user(fresh, None) as c:
        body = c.get("/export.csv", params={"q": "bảng tính lương"}).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    assert row[header.index("Trích yếu nội dung")] == "'=HYPERLINK(\"http://x\")"


def test_result_pdfs_download_as_a_zip_with_readable_names(fresh):
    import zipfile

    with as_user(fresh, "docgiamat") as c:
        r = c.get("/export.zip", params={"issuer": "TU Bình An"})
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        names = sorted(z.namelist())
        assert names == ["05-NQ-TU_2019-03-12.pdf", "21-KL-TU_2018-01-05.pdf"]
        assert z.read("05-NQ-TU_2019-03-12.pdf") == fresh.document_pdf(SCANNED_ID).read_bytes()
        assert z.read("21-KL-TU_2018-01-05.pdf") != fresh.document_pdf(SECRET_ID).read_bytes()
    actions = [(e.action, e.document) for e in audit_rows(fresh, user="docgiamat")]
    assert ("download", SECRET_ID) in actions and ("export", "") in actions


def test_year_facets_in_year_order_and_every_issuer_listed(fresh):
    import json

    from luutru.pipeline.importer import import_records

    older = [{"id": f"bc-{year}", "text": f"BÁO CÁO tổng kết công tác lưu trữ năm {year}.",
              "metadata": {"doc_type": "Báo cáo", "symbol": f"{year - 2000}-BC/VP{year}",
                           "issuer": f"VĂN PHÒNG SỐ {year}", "date": f"{year}-12-20"}}
             for year in (2005, 2006)]
    assert import_records(fresh, [json.dumps(r, ensure_ascii=False) for r in older])[0] == 2
    with as_user(fresh, None) as c:
        facets = c.get("/api/search", params={"q": ""}).json()["facets"]
        years = list(facets["year"])
        assert years == sorted(years, reverse=True) and len(years) == 14
        html = c.get("/").text
    aside = html[html.index('<aside class="facets"'):]
    for year in years:  # all 14, the older ones behind "Xem tất cả"
        assert f">{year}</a>" in aside
    assert "Xem tất cả 14 năm" in aside
    issuers = c.get("/api/search").json()["facets"]["issuer"]
    assert {"VĂN PHÒNG SỐ 2005", "VĂN PHÒNG SỐ 2006"} <= set(issuers)
    for issuer in issuers:
        assert f">{issuer}</a>" in aside


@pytest.mark.parametrize("typed", ["UBND tỉnh Bình An", "ubnd tinh binh an"])
def test_issuer_filter_understands_ubnd(fresh, typed):
    with as_user(fresh, None) as c:
        hits = c.get("/api/search", params={"issuer": typed}).json()["hits"]
    assert [h["symbol"] for h in hits] == ["1234/QĐ-UBND"]


def test_issuer_filter_understands_party_codes_in_capitals(fresh):
    # the rule itself is tested in tests/test_vietnamese.py
    with as_user(fresh, None) as c:
        total = c.get("/api/search", params={"issuer": "HU Sông Trà"}).json()["total"]
    assert total == 12
    code, out, _ = run_cli("search", "tiếp", "--issuer", "HU Sông Trà", "--json", "--limit",
                           "20", "--data", str(fresh.data_dir))
    assert code == 0 and len(__import__("json").loads(out)) == 12


def test_a_user_changes_their_own_password_and_their_other_sessions_end(fresh):
    _, thief = copied_cookie(fresh, "docgiamat")
    with as_user(fresh, "docgiamat") as c:
        token = csrf_of(c, "/account/password")
        r = c.post("/account/password", data={"current": "sai-roi", "new": "moi-moi-moi",
                                               "again": "moi-moi-moi", "csrf_token": token})
        assert r.status_code == 400 and "không đúng" in r.text
        r = c.post("/account/password", data={"current": USERS["docgiamat"][0],
                                               "new": "moi-moi-moi", "again": "khac-khac",
                                               "csrf_token": token})
        assert r.status_code == 400 and "không giống" in r.text
        r = c.post("/account/password", data={"current": USERS["docgiamat"][0],
                                               "new": "mat-khau-moi-1", "again": "mat-khau-moi-1",
                                               "csrf_token": token})
        assert r.status_code == 200 and "Đã đổi mật khẩu" in r.text
        assert c.get("/api/me").json()["name"] == "docgiamat"  # this browser goes on
    assert thief.get("/api/me").json()["name"] == ""  # the copied cookie does not
    with TestClient(create_app(fresh)) as c:
        assert c.get("/api/me", auth=("docgiamat", "mat-khau-moi-1")).status_code == 200
        assert c.get("/api/me", auth=("docgiamat", USERS["docgiamat"][0])).status_code == 401
    assert as_user(fresh, None).get("/account/password", follow_redirects=False
                                    ).status_code == 303
