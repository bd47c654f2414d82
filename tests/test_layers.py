"""The layers import only downwards, only pipeline/ loads the batch machinery, and every
import of ours goes through the luutru namespace."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
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
    """What every absolute import in a module names, also inside functions: our packages as
    `luutru.<package>`, anything else by its top-level name (a bare `ocr` is one of ours
    imported around the namespace)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(_package(a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "luutru":  # from luutru import ocr, index
                names.update(f"luutru.{a.name}" for a in node.names)
            else:
                names.add(_package(node.module))
    return names


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "luutru" else parts[0]


def ours(names: set[str]) -> set[str]:
    return {n.removeprefix("luutru.") for n in names if n.startswith("luutru.")}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_the_layers_below(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        names = imported(path)
        used = ours(names) - {package}
        assert used <= ALLOWED[package], (path.name, used - ALLOWED[package])
        if package != "pipeline":
            assert not names & BATCH_MACHINERY, (path.name, names & BATCH_MACHINERY)


def test_every_import_of_ours_goes_through_the_namespace():
    """`import ocr` works in the source tree (its folders sit at the top) but not in a
    wheel, and next to `luutru.ocr` it would load every module twice."""
    folders = [p for p in ROOT.iterdir() if p.is_dir() and not p.is_symlink()
               and not p.name.startswith(".") and p.name not in {"build", "luutru"}]
    for path in sorted(p for folder in folders for p in folder.rglob("*.py")):
        bare = imported(path) & set(ALLOWED)
        assert not bare, (str(path.relative_to(ROOT)), bare)


def test_the_check_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from luutru.pipeline.flow import ingest\n    import prefect\n"
                      "    from luutru import search_ui\n    import index.store\n")
    names = imported(module)
    assert {"luutru.pipeline", "prefect", "luutru.search_ui", "index"} == names
    assert ours(names) == {"pipeline", "search_ui"}


def test_luutru_links_every_package_and_the_wheel_maps_each():
    """luutru/ holds one link per top-level package, so that the source tree, mypy and the
    editable install see luutru.<package>; pyproject.toml maps the same names to the same
    folders for a wheel. A package missing from either would import in one and not the
    other."""
    links = {p.name: p for p in (ROOT / "luutru").iterdir() if p.is_symlink()}
    assert set(links) == set(ALLOWED)
    for name, link in links.items():
        assert link.resolve() == ROOT / name, name
    packages = {p.name for p in ROOT.iterdir()
                if (p / "__init__.py").is_file() and not p.is_symlink()}
    assert packages - {"luutru", "tests", "bench"} == set(ALLOWED)
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"luutru": "luutru",
                                         **{f"luutru.{n}": n for n in ALLOWED}}
    assert set(setuptools["packages"]) == set(setuptools["package-dir"])


@pytest.mark.slow
def test_the_web_app_loads_neither_the_batch_nor_prefect():
    """What the import graph says, checked on a running interpreter: serving the archive
    loads no module of pipeline/ and none of Prefect's (nor any of ours under a bare name)."""
    probe = ("import sys, luutru.search_ui.app; "
             "print(sorted({'.'.join(m.split('.')[:2]) if m.startswith('luutru.')"
             " else m.split('.')[0] for m in sys.modules}"
             " & {'luutru.pipeline', 'prefect', 'prefect_dask', 'dask', 'distributed',"
             " 'search_ui', 'archive', 'ocr'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
