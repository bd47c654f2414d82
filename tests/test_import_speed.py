"""The import's fast paths give what the plain ones give: the charmap fold and syllable
split, prepared index documents, the streaming index writer, the worker setting."""
from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config, ConfigError
from luutru.archive.indexing import Indexer
from luutru.archive.records import index_record
from luutru.index import ArchiveIndex, spec
from luutru.index.backend import BACKENDS, preparer
from luutru.index.types import OPERATOR_CLEARANCE, IndexRecord
from luutru.pipeline import importer
from luutru.vietnamese import text as vtext

PAGE = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Căn cứ Nghị quyết số 15-NQ/TW ngày 30/7/2007 của Ban Chấp hành Trung ương; "
        "“Thuỷ lợi” – hoà bình, Huyện uỷ… ĐẢNG BỘ TỈNH Quảng Ngãi; ½ × 3 ° ")


def _every_character() -> list[str]:
    return [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def test_the_charmap_fold_equals_the_table_on_every_character():
    seen_common = 0
    for c in _every_character():
        fast = vtext._FOLD_COMMON.apply(c.lower())
        if fast is not None:
            seen_common += 1
            assert fast == c.translate(vtext._FOLD), hex(ord(c))
    assert seen_common > 128 + 60  # ASCII, the Vietnamese letters and their capitals


def test_the_charmap_syllable_split_equals_the_table_on_every_character():
    for c in _every_character():
        lowered = c.lower()
        fast = spec._SPACE_COMMON.apply(lowered)
        if fast is not None:
            assert fast == lowered.translate(spec._SPACE), hex(ord(c))


@pytest.mark.parametrize("text", [
    PAGE,
    PAGE * 5,  # long enough for the uncached path
    unicodedata.normalize("NFD", PAGE * 3),  # combining marks: the table path
    PAGE * 3 + " ΣΟΦΊΑ İstanbul ǅ ﬁ",  # outside the common alphabet
])
def test_fold_and_syllables_of_whole_texts(text):
    assert vtext.fold(text) == text.translate(vtext._FOLD)
    lowered = unicodedata.normalize("NFC", text).lower()
    expected = [spec._EXACT[s] for s in lowered.translate(spec._SPACE).split()]
    assert spec.exact_tokens(text) == expected
    assert expected[:3] == ["cộng", "hòa", "xã"]


def _record(doc_id: str, text: str, **metadata: str) -> str:
    return json.dumps({"id": doc_id, "text": text, "metadata": metadata}, ensure_ascii=False)


def test_a_bad_record_names_its_line_and_the_rest_is_prepared():
    lines = [(1, _record("a", PAGE, symbol="7-KH/TU")), (2, "{oops"), (3, "  "),
             (4, json.dumps({"text": "no id"})), (5, _record("b", "Trang hai"))]
    out = importer.prepare_lines("tantivy", lines)
    assert [x if isinstance(x, str) else x.id for x in out] == [
        "a", "line 2: not JSON (Expecting property name enclosed in double quotes)",
        'line 4: a record needs an "id"', "b"]
    first = out[0]
    assert isinstance(first, importer.Imported)
    # The document's own symbol is not a citation of itself; the one it cites is.
    assert [c["symbol"] for c in first.citations] == ["15-NQ/TW"]
    assert first.citations[0] == {"doc_type": "Nghị quyết", "symbol": "15-NQ/TW",
                                  "number": "15", "date": "2007-07-30",
                                  "text": "Nghị quyết số 15-NQ/TW ngày 30/7/2007"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_import_indexes_the_prepared_form_of_what_the_catalog_gives_back(
        data_dir, monkeypatch, backend):
    config = Config.load(data_dir, index_backend=backend)
    given: list = []
    monkeypatch.setattr(Indexer, "add_record",
                        lambda self, r: (given.append(r), self.pending.append(r)))
    importer.import_records(config, [_record("hs-1", PAGE + "\fTrang hai",
                                             symbol="7-KH/TU", doc_type="Kế hoạch")])
    catalog = Catalog(config.catalog_path)
    expected = preparer(backend)(index_record(catalog, catalog.written("hs-1")))
    assert given == [expected]


def _records(n: int) -> list[IndexRecord]:
    return [IndexRecord(id=f"d{i % 7}", source="s", pages=(f"thủy lợi lần {i}",),
                        metadata={"classification": "MẬT" if i % 3 == 0 else ""})
            for i in range(n)]


def test_a_stream_of_prepared_documents_replaces_by_id_later_wins(tmp_path):
    index = ArchiveIndex(tmp_path / "ix", batch_size=4)
    prepare = preparer("tantivy")
    records = _records(10)
    # Records and prepared documents mix; ids repeat inside a batch and across batches,
    # and move between secrecy levels.
    assert index.add_prepared(prepare(r) if i % 2 else r for i, r in enumerate(records)) == 10
    assert index.doc_count() == 7
    for doc_id in {r.id for r in records}:
        last = [r for r in records if r.id == doc_id][-1]
        found = index.get(doc_id, OPERATOR_CLEARANCE)
        assert found is not None and found["pages"] == list(last.pages)
        level = 1 if last.metadata["classification"] else 0
        assert found["level"] == level
    assert index.search('"lần 9"', clearance=OPERATOR_CLEARANCE).total == 1
    assert index.search('"lần 2"', clearance=OPERATOR_CLEARANCE).total == 0


def test_documents_are_marked_indexed_once_committed_and_errors_reach_the_caller(data_dir):
    config = Config.load(data_dir)
    importer.import_records(config, [_record(f"hs-{n}", f"văn bản số {n}") for n in range(3)])
    catalog = Catalog(config.catalog_path)
    catalog.mark_indexed(["hs-0", "hs-1", "hs-2"], indexed=False)
    with Indexer(config, catalog, every=2, background=True) as indexer:
        indexer.add_unindexed()
        indexer.finish()
        assert catalog.unindexed() == []
        indexer.add_record("not a record")  # the indexing thread fails on it
        with pytest.raises(AttributeError):
            indexer.finish()
        indexer.add_record(index_record(catalog, catalog.written("hs-1")))
    assert ArchiveIndex(config.index_dir).doc_count() == 3


def test_a_small_import_starts_no_process(data_dir, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool for one chunk")

    monkeypatch.setattr(importer, "ProcessPoolExecutor", no_pool)
    config = Config.load(data_dir, import_workers=2)
    count, problems = importer.import_records(config, [_record("a", PAGE), "", "{"])
    assert (count, problems) == (1, ["line 3: not JSON (Expecting property name enclosed "
                                     "in double quotes)"])


def test_import_workers_default_and_bounds(tmp_path: Path, monkeypatch):
    cores = os.cpu_count() or 1
    assert Config.load(tmp_path).import_workers == (min(2, cores) if cores > 1 else 0)
    monkeypatch.setenv("LUUTRU_IMPORT_WORKERS", "2")
    assert Config.load(tmp_path).import_workers == 2
    monkeypatch.setenv("LUUTRU_IMPORT_WORKERS", "0")
    assert Config.load(tmp_path).import_workers == 0
    for value, message in (("-1", "import_workers (LUUTRU_IMPORT_WORKERS) must be from 0 to "
                                  "64, not -1"),
                           ("65", "must be from 0 to 64, not 65"),
                           ("two", "LUUTRU_IMPORT_WORKERS='two': not a whole number")):
        monkeypatch.setenv("LUUTRU_IMPORT_WORKERS", value)
        with pytest.raises(ConfigError) as caught:
            Config.load(tmp_path)
        assert message in str(caught.value)


class _NoFork:
    """A process pool that cannot start its processes (no fork allowed, say)."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def submit(self, *args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    def shutdown(self, **kwargs) -> None:
        pass


def test_workers_that_cannot_start_leave_the_import_to_this_process(data_dir, monkeypatch,
                                                                     caplog):
    monkeypatch.setattr(importer, "ProcessPoolExecutor", _NoFork)
    monkeypatch.setattr(importer, "COMMIT_EVERY", 2)  # three chunks: workers are wanted
    config = Config.load(data_dir, import_workers=2)
    lines = [_record(f"hs-{n}", f"Kế hoạch số {n}-KH/TU về thủy lợi") for n in range(5)]
    assert importer.import_records(config, lines) == (5, [])
    assert "import workers could not start" in caplog.text
    hits = ArchiveIndex(config.index_dir).search("thuy loi", clearance=OPERATOR_CLEARANCE)
    assert hits.total == 5


def test_the_import_command_takes_a_worker_count(tmp_path: Path, capsys):
    from luutru.pipeline.cli import main

    records = tmp_path / "records.jsonl"
    records.write_text(_record("hs-1", PAGE) + "\n", encoding="utf-8")
    data = str(tmp_path / "data")
    assert main(["import", str(records), "--data", data, "--import-workers", "-1"]) == 2
    assert capsys.readouterr().err == ("luutru: import_workers (LUUTRU_IMPORT_WORKERS) must "
                                       "be from 0 to 64, not -1\n")
    assert main(["import", str(records), "--data", data, "--import-workers", "0"]) == 0
    assert "imported 1 documents, 0 bad records" in capsys.readouterr().err
