"""The same Prefect flow with its page tasks on a Dask cluster (prefect-dask)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_pipeline_batch import HEADER, write_scan

pytestmark = pytest.mark.slow  # a Dask cluster, Prefect and Tesseract

distributed = pytest.importorskip("distributed")


def test_ingest_runs_its_pages_on_a_local_multiprocess_dask_cluster(tmp_path):
    scans = tmp_path / "scans"
    scans.mkdir()
    for n in range(2):
        write_scan(scans / f"van-ban-{n}.png", HEADER[3:] + [f"Bản số {n}"])
    data = tmp_path / "data"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        env = dict(os.environ, LUUTRU_DASK_ADDRESS=cluster.scheduler_address)
        result = subprocess.run(
            [sys.executable, "-m", "luutru.pipeline.cli", "ingest", str(scans), "--data", str(data),
             "--batch", "dask"], capture_output=True, text=True, timeout=600, env=env)
        assert result.returncode == 0, result.stderr
        with distributed.Client(cluster) as client:
            # Tasks ran on the workers: each worker process has the page code imported.
            loaded = client.run(lambda: "luutru.ocr.page" in sys.modules)
    assert any(loaded.values())
    report = json.loads((data / "reports" / "dask.json").read_text(encoding="utf-8"))
    assert report["pages"] == 2 and not report["failures"]
    assert len(list((data / "pdf").glob("*.pdf"))) == 2
    assert Path(report["batch"]).name == "dask"
