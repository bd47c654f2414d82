"""The one configuration object, and where everything lives in the data directory.

Each setting is a field with its default and, when it can be set from the environment,
the variable's name (`_env("LUUTRU_...")`). `Config.load` reads the command line first,
then the variables, then the defaults, and checks every value: a bad one is a
`ConfigError` naming the variable and the reason, which the CLI prints as one line.

To add a setting: add a field with `metadata=_env("LUUTRU_NAME")` (and, if it needs more
than its type, a check in `_check`).
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luutru.index.backend import BACKENDS
from luutru.ocr.engines import ENGINES, EngineSettings, engine_provenance, make_engine
from luutru.ocr.quality import REVIEW_THRESHOLD
from luutru.ocr.recognise import DEFAULT_LANG, DEFAULT_PSM, Engine


class ConfigError(ValueError):
    """A setting with a value luutru cannot use; the message is one line."""


def _env(name: str) -> dict[str, str]:
    return {"env": name}


MAX_IMPORT_WORKERS = 64
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _parse(kind: str, text: str) -> object:
    text = text.strip()
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ConfigError("not a whole number") from None
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ConfigError("not a number") from None
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ConfigError("not one of 1/0, true/false, yes/no")
    return text


def _default_import_workers() -> int:
    """Two where there is more than one core: one core is the importing process's own."""
    cores = os.cpu_count() or 1
    return min(2, cores) if cores > 1 else 0


@dataclass(frozen=True)
class Config:
    data_dir: Path
    workers: int = field(default=max(1, os.cpu_count() or 1), metadata=_env("LUUTRU_WORKERS"))
    # OCR
    engine: str = field(default="tesseract", metadata=_env("LUUTRU_OCR_ENGINE"))
    lang: str = field(default=DEFAULT_LANG, metadata=_env("LUUTRU_OCR_LANG"))
    psm: int = DEFAULT_PSM
    ocr_timeout: int = field(default=300, metadata=_env("LUUTRU_OCR_TIMEOUT"))  # s a page
    # Tesseract's own OpenMP threads fight the page-parallel workers for the same cores.
    omp_thread_limit: int = field(default=1, metadata=_env("OMP_THREAD_LIMIT"))
    review_threshold: float = REVIEW_THRESHOLD
    page_retries: int = 2  # a page's OCR is retried this often before it is a failure
    dask_address: str = field(default="", metadata=_env("LUUTRU_DASK_ADDRESS"))
    # Index
    index_commit_every: int = 200  # documents per index commit
    index_batch_size: int = field(default=5000, metadata=_env("LUUTRU_INDEX_BATCH"))
    # The search engine: "tantivy" (the default) or "whoosh", the pure-Python one.
    index_backend: str = field(default="tantivy", metadata=_env("LUUTRU_INDEX_BACKEND"))
    index_memory_mb: int = field(default=256, metadata=_env("LUUTRU_INDEX_MEMORY_MB"))
    index_lock_wait: float = field(default=60.0, metadata=_env("LUUTRU_INDEX_LOCK_WAIT"))
    # Processes that prepare `luutru import`'s records (parsing, citations, the index's
    # analysis) beside the one writing the catalog and the index; 0: all in that one.
    # On two free cores they import 1.10x faster for 10 % more CPU; on a machine busy with
    # other work they can lose (docs/benchmarks-index.md, fourth pass): set 0 there.
    import_workers: int = field(default=_default_import_workers(),
                                metadata=_env("LUUTRU_IMPORT_WORKERS"))
    # Archival
    # A folder of CA certificates (PEM or DER) trusted for digital signatures; without it
    # no signature's chain is called valid.
    trust_roots: str = field(default="", metadata=_env("LUUTRU_TRUST_ROOTS"))
    # The archival rule's least scan resolution (TT 05/2025); pages below it are reported.
    min_scan_dpi: int = field(default=200, metadata=_env("LUUTRU_MIN_SCAN_DPI"))
    # Web
    anonymous: bool = field(default=True, metadata=_env("LUUTRU_ANONYMOUS"))
    # Sign-in: wrong passwords allowed for one name or address before it must wait, and
    # the first wait in seconds (doubled at each further failure).
    login_free_failures: int = field(default=5, metadata=_env("LUUTRU_LOGIN_FREE_FAILURES"))
    login_first_delay: float = field(default=2.0, metadata=_env("LUUTRU_LOGIN_FIRST_DELAY"))
    # What is logged to stderr: DEBUG, INFO, WARNING or ERROR.
    log_level: str = field(default="WARNING", metadata=_env("LUUTRU_LOG_LEVEL"))

    @classmethod
    def load(cls, data_dir: str | Path | None = None, **overrides: object) -> Config:
        """Settings from the command line first, then the environment, then defaults."""
        data = data_dir or os.environ.get("LUUTRU_DATA") or "data"
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            name = f.metadata.get("env")
            raw = os.environ.get(name, "") if name else ""
            if raw.strip():
                try:
                    values[f.name] = _parse(str(f.type), raw)
                except ConfigError as e:
                    raise ConfigError(f"{name}={raw!r}: {e}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = cls(data_dir=Path(data).resolve(), **values)
        config._check()
        return config

    def _check(self) -> None:
        at_least_one = ("workers", "ocr_timeout", "omp_thread_limit", "index_commit_every",
                        "index_batch_size", "index_memory_mb", "min_scan_dpi")
        for name in at_least_one:
            if getattr(self, name) < 1:
                raise ConfigError(f"{_label(name)} must be 1 or more, not {getattr(self, name)}")
        for name in ("index_lock_wait", "login_free_failures"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{_label(name)} must not be negative, not {getattr(self, name)}")
        if not 0 <= self.import_workers <= MAX_IMPORT_WORKERS:
            raise ConfigError(f"{_label('import_workers')} must be from 0 to "
                              f"{MAX_IMPORT_WORKERS}, not {self.import_workers}")
        if self.login_first_delay <= 0:
            raise ConfigError(f"{_label('login_first_delay')} must be more than 0, "
                              f"not {self.login_first_delay}")
        if self.log_level not in _LOG_LEVELS:
            raise ConfigError(f"{_label('log_level')} must be one of {', '.join(_LOG_LEVELS)}, "
                              f"not {self.log_level!r}")
        if self.trust_roots and not Path(self.trust_roots).is_dir():
            raise ConfigError(f"{_label('trust_roots')} must be a folder of CA certificates, "
                              f"not {self.trust_roots!r}")
        if self.index_backend not in BACKENDS:
            raise ConfigError(f"{_label('index_backend')} must be one of {', '.join(BACKENDS)}, "
                              f"not {self.index_backend!r}")
        if self.engine not in ENGINES:
            raise ConfigError(f"{_label('engine')} must be one of {', '.join(sorted(ENGINES))}, "
                              f"not {self.engine!r}")

    def ocr_engine(self) -> Engine:
        """The configured OCR engine, ready to read pages in this process."""
        return make_engine(self.engine, self._engine_settings())

    def ocr_provenance(self) -> dict[str, str]:
        """The configured engine's name, version and model, for archival packages."""
        return engine_provenance(self.engine, self._engine_settings())

    def _engine_settings(self) -> EngineSettings:
        return EngineSettings(lang=self.lang, psm=self.psm, timeout=self.ocr_timeout,
                              threads=self.omp_thread_limit)

    @property
    def index_options(self) -> dict[str, Any]:
        """ArchiveIndex's keyword arguments."""
        return {"backend": self.index_backend, "batch_size": self.index_batch_size,
                "memory_mb": self.index_memory_mb, "lock_wait": self.index_lock_wait}

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def page_image(self, doc_id: str, number: int) -> Path:
        return self.data_dir / "pages" / doc_id / f"{number}.png"

    def page_colour(self, doc_id: str, number: int) -> Path:
        """The colour archival image of a page scanned in colour (see ocr.page)."""
        return self.data_dir / "pages" / doc_id / f"{number}.jpg"

    def page_hocr(self, doc_id: str, number: int) -> Path:
        return self.data_dir / "hocr" / doc_id / f"{number}.hocr"

    def document_pdf(self, doc_id: str) -> Path:
        return self.data_dir / "pdf" / f"{doc_id}.pdf"

    def document_text(self, doc_id: str) -> Path:
        return self.data_dir / "text" / f"{doc_id}.txt"

    def report(self, batch: str) -> Path:
        return self.data_dir / "reports" / f"{batch}.json"


def _label(name: str) -> str:
    """A setting as the user sets it: 'workers (LUUTRU_WORKERS)', or its field name."""
    env = next((f.metadata.get("env") for f in dataclasses.fields(Config) if f.name == name),
               None)
    return f"{name} ({env})" if env else name
