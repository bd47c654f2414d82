"""The `luutru` command as archives' scripts use it: real processes, real Prefect flow."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_pipeline_batch import HEADER, write_scan

pytestmark = pytest.mark.slow  # runs the luutru command as a subprocess, with Tesseract

LUUTRU = [sys.executable, "-m", "luutru.pipeline.cli"]


def luutru(*args: str, data: Path, check: bool = True, **kw) -> subprocess.CompletedProcess:
    result = subprocess.run([*LUUTRU, *args, "--data", str(data)], capture_output=True,
                            text=True, timeout=600, **kw)
    if check and result.returncode != 0:
        raise AssertionError(f"luutru {' '.join(args)} failed:\n{result.stderr}")
    return result


@pytest.fixture
def scans(tmp_path: Path) -> Path:
    folder = tmp_path / "scans"
    folder.mkdir()
    write_scan(folder / "quyet-dinh.tiff", HEADER, pages=2)
    write_scan(folder / "to-trinh.png", ["TỜ TRÌNH", "Về việc đầu tư xây dựng trường học",
                                         "tại xã Thạnh Mỹ, huyện Nam Giang"])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    return folder


def test_ingest_export_search_import(scans, tmp_path):
    data = tmp_path / "data"
    ingest = luutru("ingest", str(scans), "--workers", "2", "--batch", "hop-so-1", data=data)
    # The truncated PDF cannot be opened at all: reported, and not a document.
    assert "2 documents" in ingest.stderr and "1 failures" in ingest.stderr
    assert "broken.pdf: not a readable PDF" in ingest.stderr
    assert "Traceback" not in ingest.stderr
    assert ingest.stdout == ""

    lines = luutru("export", data=data).stdout.splitlines()
    records = {Path(r["source"]).name: r for r in map(json.loads, lines)}
    assert set(records) == {"quyet-dinh.tiff", "to-trinh.png"}
    assert "cải cách hành chính" in records["quyet-dinh.tiff"]["pages"][0]["text"]

    hits = json.loads(luutru("search", "thanh my", "--json", data=data).stdout)
    assert Path(hits[0]["source"]).name == "to-trinh.png"
    assert {"id", "source", "score", "symbol", "doc_type", "date", "subject",
            "snippet"} <= set(hits[0])
    symbol = json.loads(luutru("search", "15/QĐ-UBND", "--json", data=data).stdout)
    assert Path(symbol[0]["source"]).name == "quyet-dinh.tiff"
    readable = luutru("search", "trường học", data=data).stdout
    assert "1." in readable

    records_file = tmp_path / "records.jsonl"
    records_file.write_text(json.dumps({
        "id": "hs-1997-042", "text": "Báo cáo tổng kết công tác thủy lợi năm 1997",
        "metadata": {"doc_type": "Báo cáo", "symbol": "42-BC/HU", "date": "1997-12-20"},
    }, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    imported = luutru("import", str(records_file), data=data)
    assert "imported 1 documents, 1 bad records" in imported.stderr
    assert "line 2" in imported.stderr
    hits = json.loads(luutru("search", "thuy loi", "--json", "--type", "Báo cáo",
                             data=data).stdout)
    assert [h["id"] for h in hits] == ["hs-1997-042"]


def test_errors_exit_non_zero_with_one_line(tmp_path):
    result = luutru("export", data=tmp_path / "nothing-here", check=False)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "no archive" in result.stderr


def test_sigkill_mid_batch_then_rerun_finishes_without_redoing_pages(tmp_path):
    scans = tmp_path / "scans"
    scans.mkdir()
    for n in range(3):
        write_scan(scans / f"van-ban-{n}.tiff", [*HEADER, f"Bản số {n + 1}"], pages=2)
    data = tmp_path / "data"
    process = subprocess.Popen([*LUUTRU, "ingest", str(scans), "--data", str(data),
                                "--workers", "1"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    catalog = data / "catalog.sqlite"
    deadline = time.monotonic() + 300
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        if catalog.exists():
            try:
                done = sqlite3.connect(catalog).execute("SELECT count(*) FROM pages").fetchone()[0]
            except sqlite3.OperationalError:
                done = 0
            if done >= 2:
                break
        time.sleep(0.05)
    assert process.poll() is None, "the batch ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = sqlite3.connect(catalog).execute("SELECT count(*) FROM pages").fetchone()[0]
    assert 2 <= done_before < 6

    luutru("ingest", str(scans), "--batch", "again", data=data)
    report = json.loads((data / "reports" / "again.json").read_text(encoding="utf-8"))
    assert report["pages"] == 6 - done_before  # no finished page was read again
    exported = [json.loads(x) for x in luutru("export", data=data).stdout.splitlines()]
    assert len(exported) == 3 and all(len(r["pages"]) == 2 for r in exported)
    hits = json.loads(luutru("search", "ban chỉ đạo", "--json", data=data).stdout)
    assert len(hits) == 3
