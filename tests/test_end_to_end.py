"""Generated damaged scans through the whole pipeline, checked against their ground truth.

Tolerances: a character error rate below 3 % per document (printed lines matched in any
order, as ../shared/eval/score.py does), exact symbol, type and date, and every document
found first by its own symbol.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.export import export_jsonl
from luutru.index import ArchiveIndex
from luutru.index.types import OPERATOR_CLEARANCE
from luutru.pipeline.batch import run_batch, thread_runner
from luutru.samples.generate import generate

pytestmark = pytest.mark.slow  # Tesseract over the sample scans

# One Party and one State document, damaged in the two ways that hurt OCR most here.
CASES = {"s04": ("photocopy", "tiff-g4"), "s08": ("upside", "pdf"), "s07": ("shadow", "png")}


def line_cer(lines: list[str], text: str) -> float:
    """Edit distance of each printed line to its best matching stretch of the text."""
    text = " ".join(text.split())
    distance = total = 0
    for line in lines:
        line = " ".join(line.split())
        total += len(line)
        match = fuzz.partial_ratio_alignment(line, text)
        distance += (Levenshtein.distance(line, text[match.dest_start:match.dest_end])
                     if match else len(line))
    return distance / max(total, 1)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Config, list[dict]]:
    scans = tmp_path_factory.mktemp("scans")
    truth = generate(scans, seed=7, documents=list(CASES),
                     profiles=[p for p, _ in CASES.values()],
                     formats=[f for _, f in CASES.values()])
    config = Config.load(tmp_path_factory.mktemp("e2e") / "data", workers=2)
    report = run_batch(config, [scans], "e2e", thread_runner(config))
    assert not report.failures
    assert [Path(p).name for p in report.not_scans] == ["truth.json"]
    return config, truth


@pytest.fixture(scope="module")
def exported(archive) -> dict[str, dict]:
    config, _ = archive
    return {Path(r["source"]).name: r for r in export_jsonl(config, Catalog(config.catalog_path))}


def test_text_is_read_within_tolerance(archive, exported):
    _, truth = archive
    for doc in truth:
        record = exported[doc["file"]]
        assert len(record["pages"]) == len(doc["pages"])
        for page, got in zip(doc["pages"], record["pages"], strict=True):
            lines = [line["text"] for line in page["lines"]]
            assert line_cer(lines, got["text"]) < 0.03, (doc["file"], page)


def test_metadata_matches_the_truth(archive, exported):
    _, truth = archive
    for doc in truth:
        meta = exported[doc["file"]]["metadata"]
        for field in ("symbol", "doc_type", "date", "classification", "family"):
            assert meta[field] == doc["meta"][field], (doc["file"], field)


def test_every_document_is_found_first_by_its_symbol(archive):
    config, truth = archive
    index = ArchiveIndex(config.index_dir)
    for doc in truth:
        hits = index.search(doc["meta"]["symbol"], clearance=OPERATOR_CLEARANCE).hits
        assert hits and Path(hits[0].source).name == doc["file"]


def test_classified_document_is_hidden_without_clearance(archive):
    config, truth = archive
    index = ArchiveIndex(config.index_dir)
    secret = next(d for d in truth if d["meta"]["classification"])
    assert not index.search(secret["meta"]["symbol"], clearance=0).hits
