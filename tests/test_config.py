"""The one configuration object: command line, then environment, then defaults; bad values
are one-line errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from luutru.archive.config import Config, ConfigError
from luutru.ocr.recognise import TesseractEngine
from luutru.pipeline.cli import main


def test_environment_sets_every_setting_it_names(tmp_path: Path, monkeypatch):
    for name, value in {
        "LUUTRU_WORKERS": "3", "LUUTRU_OCR_LANG": "vie+eng", "LUUTRU_OCR_TIMEOUT": "45",
        "OMP_THREAD_LIMIT": "2", "LUUTRU_INDEX_BATCH": "100", "LUUTRU_INDEX_MEMORY_MB": "64",
        "LUUTRU_INDEX_LOCK_WAIT": "2.5", "LUUTRU_ANONYMOUS": "no",
        "LUUTRU_DASK_ADDRESS": "tcp://h:8786", "LUUTRU_TRUST_ROOTS": str(tmp_path),
        "LUUTRU_MIN_SCAN_DPI": "150", "LUUTRU_LOGIN_FREE_FAILURES": "3",
        "LUUTRU_LOGIN_FIRST_DELAY": "0.5", "LUUTRU_INDEX_BACKEND": "whoosh",
    }.items():
        monkeypatch.setenv(name, value)
    config = Config.load(tmp_path)
    assert (config.workers, config.lang, config.ocr_timeout, config.omp_thread_limit) == (
        3, "vie+eng", 45, 2)
    assert config.index_options == {"backend": "whoosh", "batch_size": 100, "memory_mb": 64,
                                    "lock_wait": 2.5}
    assert config.anonymous is False
    assert config.dask_address == "tcp://h:8786"
    assert (config.trust_roots, config.min_scan_dpi) == (str(tmp_path), 150)
    assert (config.login_free_failures, config.login_first_delay) == (3, 0.5)
    engine = config.ocr_engine()
    assert isinstance(engine, TesseractEngine)
    assert (engine.lang, engine.timeout, engine.threads) == ("vie+eng", 45, 2)


def test_the_command_line_wins_over_the_environment(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("LUUTRU_WORKERS", "3")
    assert Config.load(tmp_path, workers=5).workers == 5


def test_defaults(tmp_path: Path, monkeypatch):
    for name in ("LUUTRU_ANONYMOUS", "OMP_THREAD_LIMIT", "LUUTRU_OCR_ENGINE"):
        monkeypatch.delenv(name, raising=False)
    config = Config.load(tmp_path)
    assert config.anonymous is True and config.omp_thread_limit == 1
    assert config.engine == "tesseract"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("LUUTRU_WORKERS", "abc", "LUUTRU_WORKERS='abc': not a whole number"),
    ("LUUTRU_WORKERS", "0", "workers (LUUTRU_WORKERS) must be 1 or more, not 0"),
    ("LUUTRU_ANONYMOUS", "maybe", "LUUTRU_ANONYMOUS='maybe': not one of 1/0"),
    ("LUUTRU_INDEX_LOCK_WAIT", "-1", "must not be negative"),
    ("LUUTRU_INDEX_LOCK_WAIT", "soon", "not a number"),
    ("LUUTRU_OCR_ENGINE", "abbyy", "engine (LUUTRU_OCR_ENGINE) must be one of tesseract"),
    ("LUUTRU_INDEX_BACKEND", "lucene", "index_backend (LUUTRU_INDEX_BACKEND) must be one of "
     "tantivy, whoosh"),
    ("LUUTRU_MIN_SCAN_DPI", "0", "min_scan_dpi (LUUTRU_MIN_SCAN_DPI) must be 1 or more"),
    ("LUUTRU_TRUST_ROOTS", "/no/such/folder",
     "trust_roots (LUUTRU_TRUST_ROOTS) must be a folder of CA certificates"),
    ("LUUTRU_LOGIN_FREE_FAILURES", "-1", "login_free_failures (LUUTRU_LOGIN_FREE_FAILURES) must "
     "not be negative"),
    ("LUUTRU_LOGIN_FIRST_DELAY", "0", "login_first_delay (LUUTRU_LOGIN_FIRST_DELAY) must be "
     "more than 0"),
])
def test_bad_values_are_config_errors(tmp_path: Path, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=None) as caught:
        Config.load(tmp_path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_cli_prints_a_bad_setting_as_one_line(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("LUUTRU_WORKERS", "abc")
    assert main(["export", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == "luutru: LUUTRU_WORKERS='abc': not a whole number\n"
