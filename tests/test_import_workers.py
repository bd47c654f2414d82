"""`luutru import` with worker processes gives the catalog and the index that an import in
one process gives; a worker that dies or a killed import loses nothing the catalog holds."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.index import ArchiveIndex
from luutru.index.backend import BACKENDS
from luutru.index.types import OPERATOR_CLEARANCE
from luutru.pipeline import importer

LUUTRU = str(Path(sys.executable).parent / "luutru")
LEVELS = ["", "", "MẬT", "", "TỐI MẬT"]


def _lines(count: int, edition: int = 0) -> list[str]:
    """`count` records over three chunks and more; ids repeat (the later wins), bad lines
    sit among them, and each document cites another."""
    out = []
    for i in range(count):
        if i % 97 == 13:
            out.append("{not json" if i % 2 else json.dumps({"text": "no id"}))
            continue
        doc_id = f"d{i % (count - 50)}"
        text = (f"Số {i + 1}-NQ/TU\nNGHỊ QUYẾT về công tác thuỷ lợi năm {1990 + i % 30}, "
                f"lần {edition}. Căn cứ Chỉ thị số {i % 40 + 1}-CT/TW ngày 5/3/2001 của Ban "
                "Bí thư. " + "Tăng cường lãnh đạo, chỉ đạo phát triển kinh tế xã hội. " * 6)
        out.append(json.dumps({"id": doc_id, "pages": [text, f"Trang hai của {doc_id}"],
                               "metadata": {"symbol": f"{i + 1}-NQ/TU",
                                            "doc_type": "Nghị quyết",
                                            "classification": LEVELS[i % len(LEVELS)]}},
                              ensure_ascii=False))
    return out


def _catalog_rows(config: Config) -> list[tuple]:
    with sqlite3.connect(config.catalog_path) as db:
        docs = db.execute("SELECT id, sha256, source, origin, page_count, status, metadata,"
                          " citations, indexed FROM documents ORDER BY id").fetchall()
        pages = db.execute("SELECT document_id, number, text, words, method FROM pages"
                           " ORDER BY document_id, number").fetchall()
    return docs + pages


def _index_view(config: Config) -> tuple:
    index = ArchiveIndex(config.index_dir, **config.index_options)
    ids = sorted(r[0] for r in _catalog_rows(config) if len(r) == 9)
    stored = [index.get(doc_id, OPERATOR_CLEARANCE) for doc_id in ids]
    searches = []
    for query in ("thuỷ lợi", "thuy loi lan 1", '"Ban Bí thư"', "7-CT/TW", "12-NQ/TU"):
        for clearance in (0, OPERATOR_CLEARANCE):
            # Every hit: documents of equal score rank in no set order.
            found = index.search(query, clearance=clearance, limit=5000)
            searches.append((found.total, sorted(h.id for h in found.hits), found.facets))
    cited = index.cited_by("7-CT/TW", clearance=OPERATOR_CLEARANCE, limit=1000)
    return index.doc_count(), stored, searches, sorted(h.id for h in cited.hits)


def _import(config: Config, lines: list[str]) -> tuple[int, list[str]]:
    return importer.import_records(config, lines)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_workers_give_the_catalog_and_index_of_one_process(tmp_path, backend):
    first, second = _lines(1300), _lines(1300, edition=1)
    results = {}
    for workers in (0, 2):
        config = Config.load(tmp_path / f"w{workers}", index_backend=backend,
                             import_workers=workers)
        assert _import(config, first)[0] > 1200
        catalog = Catalog(config.catalog_path)
        with catalog.transaction():  # an archivist's correction, kept over the re-import
            catalog.add_correction("d7", "subject", "Về đê điều", "an")
            catalog.add_correction("d8", "page:2", "Trang hai đã sửa", "an")
        catalog.close()
        imported = _import(config, second)
        results[workers] = (imported, _catalog_rows(config), _index_view(config))
    # The catalog's timestamps differ between the runs: compare everything else.
    assert results[0][0] == results[2][0]
    assert results[0][0][1][:2] == ["line 14: not JSON (Expecting property name enclosed "
                                    "in double quotes)",
                                    "line 111: a record needs an \"id\""]
    assert results[0][1] == results[2][1]
    assert results[0][2] == results[2][2]
    count, stored, searches, cited = results[2][2]
    ids = {json.loads(line)["id"] for line in second if line.startswith('{"id"')}
    assert count == len(ids) > 1200 and all(doc is not None for doc in stored)
    assert searches[3][0] == len(ids)  # 'thuy loi lan 1': every document, re-imported
    d7 = next(doc for doc in stored if doc["id"] == "d7")
    d8 = next(doc for doc in stored if doc["id"] == "d8")
    assert d7["metadata"]["subject"] == "Về đê điều" and d8["pages"][1] == "Trang hai đã sửa"
    assert cited


_PARENT = os.getpid()
_PREPARE = importer.prepare_lines


def _dying(backend: str, lines: list[importer.Line]) -> list[importer.Imported | str]:
    if os.getpid() != _PARENT:
        os._exit(3)  # a worker killed by the system (out of memory, say)
    return _PREPARE(backend, lines)


@pytest.mark.slow
def test_a_worker_that_dies_leaves_the_import_to_this_process(tmp_path, monkeypatch, caplog):
    # Forked workers run the module as it is in this process: patched.
    monkeypatch.setattr(importer, "prepare_lines", _dying)
    lines = _lines(1300)
    config = Config.load(tmp_path / "dying", import_workers=2)
    count, problems = _import(config, lines)
    assert "import workers stopped" in caplog.text
    reference = Config.load(tmp_path / "one", import_workers=0)
    assert (count, problems) == _import(reference, lines)
    assert _index_view(config) == _index_view(reference)


@pytest.mark.slow
def test_workers_end_with_a_killed_import(tmp_path):
    records, data = tmp_path / "records.jsonl", tmp_path / "data"
    records.write_text("\n".join(_lines(4000)) + "\n", encoding="utf-8")
    run = subprocess.Popen([LUUTRU, "import", str(records), "--data", str(data)],
                           env={**os.environ, "LUUTRU_IMPORT_WORKERS": "2"},
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[psutil.Process] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        assert run.poll() is None, "the import finished before it could be killed"
        workers = psutil.Process(run.pid).children()
        time.sleep(0.05)
    assert len(workers) == 2
    run.send_signal(signal.SIGKILL)
    run.wait()
    gone, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, "workers outlived the import"
