"""kill -9 in the middle of `luutru import` leaves a usable index, and running the import
again indexes everything: the catalog re-feeds what the index lost."""
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

from luutru.index import ArchiveIndex
from luutru.index.backend import BACKENDS

LUUTRU = str(Path(sys.executable).parent / "luutru")
COUNT = 3000


def _records(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(COUNT):
            text = (f"Số {i + 1}-NQ/TU\nNGHỊ QUYẾT về công tác thủy lợi năm {1990 + i % 30}. "
                    + "Tăng cường lãnh đạo, chỉ đạo phát triển kinh tế xã hội. " * 20)
            out.write(json.dumps({"id": f"d{i}", "text": text,
                                  "metadata": {"symbol": f"{i + 1}-NQ/TU",
                                               "doc_type": "Nghị quyết"}},
                                 ensure_ascii=False) + "\n")


def _catalogued(data: Path) -> int:
    try:
        with sqlite3.connect(data / "catalog.sqlite", timeout=1) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_kill_9_during_import_then_the_rerun_indexes_everything(tmp_path, backend):
    records, data = tmp_path / "records.jsonl", tmp_path / "data"
    _records(records)
    env = {**os.environ, "LUUTRU_INDEX_BACKEND": backend}
    run = subprocess.Popen([LUUTRU, "import", str(records), "--data", str(data)], env=env,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _catalogued(data) < COUNT // 2 and time.monotonic() < deadline:
        assert run.poll() is None, "the import finished before it could be killed"
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait()
    # Between the kill and the re-run, searching works (HTTP 500s were the bug).
    searched = subprocess.run([LUUTRU, "search", "thủy lợi", "--data", str(data), "--json"],
                              env=env, capture_output=True, text=True, timeout=120)
    assert searched.returncode == 0, searched.stderr
    assert len(json.loads(searched.stdout)) <= 10
    rerun = subprocess.run([LUUTRU, "import", str(records), "--data", str(data)], env=env,
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    index = ArchiveIndex(data / "index", backend=backend)
    assert index.doc_count() == COUNT
    assert index.search("thủy lợi", clearance=0).total == COUNT
    assert [h.id for h in index.search("2999-NQ/TU", clearance=0).hits][:1] == ["d2998"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_brand_new_data_directory_searches_fine(tmp_path, backend):
    from fastapi.testclient import TestClient

    from luutru.archive.config import Config
    from luutru.search_ui.app import create_app

    config = Config(data_dir=tmp_path / "new", index_backend=backend)
    (tmp_path / "new").mkdir()
    with TestClient(create_app(config, anonymous=True)) as client:
        for query in ("kinh tế", "", "type:NQ", "294-QĐ/TW"):
            answer = client.get("/api/search", params={"q": query})
            assert answer.status_code == 200, answer.text
            assert answer.json()["total"] == 0
