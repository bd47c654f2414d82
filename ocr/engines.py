"""The OCR engines luutru can be configured with, by name (`LUUTRU_OCR_ENGINE`).

Adding an engine: a class with `page`, `lines` and `orientation` (`ocr.recognise.Engine`)
and an entry here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ocr.recognise import DEFAULT_LANG, DEFAULT_PSM, Engine, TesseractEngine


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
