"""`luutru search` from a cold process loads what a search needs, not the OCR and metadata
extraction stack (cv2, pytesseract and the pandas it imports, the metadata package): a
quarter of a second of CPU per command, measured in docs/benchmarks-index.md. On the
Tantivy backend (the default) it loads neither numpy nor Whoosh (the other backend's
analysis, schema and query compiler) nor rapidfuzz (for suggestions of unknown words
only): ~130 ms of CPU more."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs luutru in subprocesses

NOT_FOR_SEARCH = ("cv2", "pytesseract", "pandas", "luutru.metadata", "luutru.archive.finishing",
                  "numpy", "whoosh", "rapidfuzz")
PROBE = """
import json, sys
from luutru.pipeline.cli import main
data, unwanted = sys.argv[1], sys.argv[2:]
sys.argv = ["luutru", "search", "hòa giải", "--data", data, "--json"]
code = main()
print(json.dumps({"code": code, "loaded": sorted(
    m for m in sys.modules if any(m == u or m.startswith(u + ".") for u in unwanted))}))
"""


def test_a_search_loads_neither_ocr_nor_metadata_extraction(tmp_path: Path) -> None:
    records = tmp_path / "docs.jsonl"
    records.write_text(json.dumps({
        "id": "hg", "source": "hg.pdf", "pages": ["Về công tác hòa giải ở cơ sở"],
        "metadata": {"doc_type": "Quy định", "symbol": "294-QĐ/TW"}}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "luutru.pipeline.cli", "import", str(records),
                    "--data", str(data)], check=True, capture_output=True, timeout=300)
    out = subprocess.run([sys.executable, "-c", PROBE, str(data), *NOT_FOR_SEARCH], check=True,
                         capture_output=True, text=True, timeout=300).stdout.splitlines()
    hits, report = json.loads(out[0]), json.loads(out[-1])
    assert [h["id"] for h in hits] == ["hg"]
    assert report == {"code": 0, "loaded": []}
