"""mypy checks the code under the names it is imported by (luutru.ocr, luutru.archive...).

The folders sit at the top of the repository and luutru/ links each one; mypy reads them
through those links. Were it to lose them (or were a global ignore_missing_imports to come
back), every `luutru.` import would turn into Any and nothing across packages would be
checked. This runs mypy with the project's configuration on a tiny tree of the same shape.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ERROR = re.compile(r"^(\S+:\d+): error: .*\[([\w-]+)\]$", re.M)
ENGINES = '''
def provenance(name: str) -> dict[str, str]:
    return {"engine": name}
'''
CONFIG = '''
from luutru.ocr.engines import provenance
from luutru.ocr.gone import nothing


def engine_version() -> int:
    return provenance("tesseract")


def fine() -> str:
    return provenance("tesseract")["engine"] + str(nothing)
'''


@pytest.mark.slow
def test_mypy_checks_one_package_against_another_through_the_namespace(tmp_path):
    for package, module, text in (("ocr", "engines", ENGINES), ("archive", "config", CONFIG)):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
        (tmp_path / package / f"{module}.py").write_text(text)
    (tmp_path / "luutru").mkdir()
    (tmp_path / "luutru" / "__init__.py").write_text((ROOT / "luutru" / "__init__.py").read_text())
    for package in ("ocr", "archive"):
        (tmp_path / "luutru" / package).symlink_to(Path("..") / package)
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", "luutru"],
        cwd=tmp_path, capture_output=True, text=True)
    errors = sorted(" ".join(m.groups()) for m in ERROR.finditer(out.stdout))
    assert errors == [
        "luutru/archive/config.py:3 import-not-found",  # a luutru module that is not there
        "luutru/archive/config.py:7 return-value",  # dict[str, str] from luutru.ocr, not int
    ], out.stdout + out.stderr
