"""The layers import only downwards, and only pipeline/ loads the batch machinery."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each package may import of ours (itself aside).
ALLOWED = {
    "vietnamese": set(),
    "ocr": {"vietnamese"},
    "metadata": {"ocr", "vietnamese"},
    "index": {"vietnamese"},
    "archive": {"ocr", "metadata", "index", "vietnamese"},
    # ocr for its one pdfium lock: the web app stamps PDFs with the library OCR reads them with
    "search_ui": {"archive", "index", "metadata", "ocr", "vietnamese"},
    "pipeline": {"archive", "index", "metadata", "ocr", "search_ui", "vietnamese"},
    "samples": set(),
}
BATCH_MACHINERY = {"prefect", "prefect_dask", "dask", "distributed"}


def imported(path: Path) -> set[str]:
    """Top-level names of every absolute import in a module, also inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_the_layers_below(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        names = imported(path)
        ours = names & set(ALLOWED) - {package}
        assert ours <= ALLOWED[package], (path.name, ours - ALLOWED[package])
        if package != "pipeline":
            assert not names & BATCH_MACHINERY, (path.name, names & BATCH_MACHINERY)


def test_the_check_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from pipeline.flow import ingest\n    import prefect\n")
    assert {"pipeline", "prefect"} <= imported(module)


@pytest.mark.slow
def test_the_web_app_loads_neither_the_batch_nor_prefect():
    """What the import graph says, checked on a running interpreter: serving the archive
    loads no module of pipeline/ and none of Prefect's."""
    probe = ("import sys, search_ui.app; "
             "print(sorted({m.split('.')[0] for m in sys.modules}"
             " & {'pipeline', 'prefect', 'prefect_dask', 'dask', 'distributed'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
