"""The one configuration object, and where everything lives in the data directory."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ocr.quality import REVIEW_THRESHOLD
from ocr.recognise import DEFAULT_LANG, DEFAULT_PSM


@dataclass(frozen=True)
class Config:
    data_dir: Path
    workers: int = max(1, os.cpu_count() or 1)
    lang: str = DEFAULT_LANG
    psm: int = DEFAULT_PSM
    review_threshold: float = REVIEW_THRESHOLD
    page_retries: int = 2  # a page's OCR is retried this often before it is a failure
    index_commit_every: int = 200  # documents per index commit
    dask_address: str = ""  # a Dask scheduler to run the page work on, e.g. tcp://host:8786
    index_backend: str = "tantivy"  # the search engine: "tantivy" or "whoosh" (index.backends)

    @classmethod
    def load(cls, data_dir: str | Path | None = None, **overrides: object) -> Config:
        """Settings from the command line first, then LUUTRU_* variables, then defaults."""
        data = data_dir or os.environ.get("LUUTRU_DATA") or "data"
        env = {
            "workers": os.environ.get("LUUTRU_WORKERS"),
            "lang": os.environ.get("LUUTRU_OCR_LANG"),
            "dask_address": os.environ.get("LUUTRU_DASK_ADDRESS"),
            "index_backend": os.environ.get("LUUTRU_INDEX_BACKEND"),
        }
        values = {k: v for k, v in env.items() if v}
        if "workers" in values:
            values["workers"] = int(values["workers"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(data_dir=Path(data).resolve(), **values)

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def page_image(self, doc_id: str, number: int) -> Path:
        return self.data_dir / "pages" / doc_id / f"{number}.png"

    def page_hocr(self, doc_id: str, number: int) -> Path:
        return self.data_dir / "hocr" / doc_id / f"{number}.hocr"

    def page_pdf_part(self, doc_id: str, number: int) -> Path:
        return self.data_dir / "work" / doc_id / f"{number}.pdf"

    def document_pdf(self, doc_id: str) -> Path:
        return self.data_dir / "pdf" / f"{doc_id}.pdf"

    def document_text(self, doc_id: str) -> Path:
        return self.data_dir / "text" / f"{doc_id}.txt"

    def report(self, batch: str) -> Path:
        return self.data_dir / "reports" / f"{batch}.json"
