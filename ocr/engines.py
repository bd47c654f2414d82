"""The OCR engines luutru can be configured with, by name (`LUUTRU_OCR_ENGINE`).

Adding an engine: a class with `page`, `lines` and `orientation` (`ocr.recognise.Engine`)
and an entry here (and, to name its version and model in archival packages, one in
`PROVENANCE`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from luutru.ocr.recognise import (
    DEFAULT_LANG,
    DEFAULT_PSM,
    Engine,
    TesseractEngine,
    tesseract_provenance,
)


@dataclass(frozen=True)
class EngineSettings:
    lang: str = DEFAULT_LANG
    psm: int = DEFAULT_PSM
    timeout: int = 300  # seconds for one page
    threads: int = 1  # threads an engine process may use


ENGINES: dict[str, Callable[[EngineSettings], Engine]] = {
    "tesseract": lambda s: TesseractEngine(s.lang, s.psm, s.timeout, s.threads),
}


def make_engine(name: str, settings: EngineSettings) -> Engine:
    try:
        factory = ENGINES[name]
    except KeyError:
        raise ValueError(f"no OCR engine {name!r}: one of {', '.join(sorted(ENGINES))}") from None
    return factory(settings)


# What an engine says about itself for the packages' PREMIS events: version, model files.
PROVENANCE: dict[str, Callable[[EngineSettings], dict[str, str]]] = {
    "tesseract": lambda s: tesseract_provenance(s.lang),
}


def engine_provenance(name: str, settings: EngineSettings) -> dict[str, str]:
    """The engine `name` and, where it can tell, its version and model: what read a batch."""
    describe = PROVENANCE.get(name)
    return describe(settings) if describe else {"engine": name}
