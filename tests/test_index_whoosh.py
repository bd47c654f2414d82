"""The Whoosh backend's own machinery: its numpy engine matches what Whoosh matches, and
merged segments search the same. The rest of its behaviour is in the conformance suite."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from luutru.index import ArchiveIndex, IndexRecord, SearchFilters, engine
from luutru.index.query import merge_filters, parse
from luutru.index.whoosh_query import Compiler, visible
from tests.test_index_conformance import RECORDS, ids


@pytest.fixture
def ix(tmp_path: Path) -> ArchiveIndex:
    index = ArchiveIndex(tmp_path / "index", backend="whoosh")
    index.add(RECORDS)
    return index


# --- the engine agrees with Whoosh ------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "hòa giải", "hoa giai -bien", '"cải cách hành chính"', '"hoa mau"', "biển OR ngô",
    "294-QD/TW", "quy dinh 294", "kinh tế issuer:\"đồng xanh\"", "year:2016..2019 kinh",
    "type:NQ", "", "to:2016", "from:2021", "date:2019-01-01..2020-12-31", "year:2015",
])
@pytest.mark.parametrize("clearance", [0, 3])
def test_engine_matches_the_same_documents_as_whoosh(ix, query, clearance):
    snap = ix.backend._snapshot()
    parsed = parse(query)
    q, _ = Compiler(snap.vocabulary).compile(parsed, merge_filters(parsed, SearchFilters()))
    q = visible(q, clearance)
    ours = set(np.flatnonzero(engine.evaluate(snap, q).mask & snap.live).tolist())
    assert ours == set(snap.searcher.docs_for_query(q))


def test_engine_falls_back_to_whoosh_for_other_queries(ix):
    snap = ix.backend._snapshot()
    mask = engine.evaluate(snap, wq.Prefix("body", "hò")).mask
    assert set(np.flatnonzero(mask).tolist()) == set(
        snap.searcher.docs_for_query(wq.Prefix("body", "hò")))




def test_merged_segments_search_the_same(tmp_path):
    index = ArchiveIndex(tmp_path / "ix", batch_size=1, backend="whoosh")
    index.add(RECORDS)  # one segment per document
    queries = ["hòa giải", '"cải cách hành chính"', "294-QD/TW", "type:NQ", "lúa OR ngô"]
    before = {q: ids(index.search(q, clearance=3, limit=20)) for q in queries}
    index.optimize()
    assert len(index.backend._snapshot().leaves) == 1
    assert {q: ids(index.search(q, clearance=3, limit=20)) for q in queries} == before




def _many(count: int) -> list[IndexRecord]:
    places = ["Sông Mây", "Đồng Xanh", "Núi Đá", "Bến Cũ"]
    return [IndexRecord(
        id=f"m{i}", source=f"m{i}.pdf", metadata={"date": f"{2000 + i % 20}"},
        pages=(f"Nghị quyết số {i} về kinh tế {places[i % 4]}; hòa giải ở cơ sở "
               f"{'và thủy lợi ' if i % 3 else ''}năm {2000 + i % 20}.",))
        for i in range(count)]


def test_the_engine_reads_posting_lists_of_several_blocks(tmp_path):
    from luutru.index.whoosh_internals import BLOCK_POSTINGS, read_positions, read_postings

    count = 2 * BLOCK_POSTINGS + 300
    index = ArchiveIndex(tmp_path / "big", backend="whoosh")
    index.add(_many(count))
    snap = index.backend._snapshot()
    (_, reader, _), = snap.leaves
    assert not reader.term_info("body", "kinh").is_inlined()
    ids, weights = read_postings(reader, "body", "kinh")
    assert len(ids) == count and set(weights.tolist()) == {1.0}
    wanted = np.arange(0, count, 7, dtype=np.int64)
    docs, positions = read_positions(reader, "body", "kinh", wanted)
    assert docs.tolist() == wanted.tolist()
    assert set(positions.tolist()) == {5}  # 'nghị quyết số N về kinh'
    for query in ["kinh tế", '"hòa giải ở cơ sở"', "thuy loi", '"tế sông mây"', "year:2005",
                  "kinh -mây", "hòa OR đá"]:
        parsed = parse(query)
        q, _ = Compiler(snap.vocabulary).compile(parsed, merge_filters(parsed, SearchFilters()))
        ours = set(np.flatnonzero(engine.evaluate(snap, q).mask & snap.live).tolist())
        assert ours == set(snap.searcher.docs_for_query(q)), query
        assert ours, query


def test_a_writer_that_cannot_get_the_lock_says_the_index_is_busy(tmp_path):
    from luutru.index import IndexBusy

    first = ArchiveIndex(tmp_path / "ix", backend="whoosh")
    first.add(RECORDS[:1])
    held = first.backend._ix.writer()  # another process's batch, as Whoosh sees it
    second = ArchiveIndex(tmp_path / "ix", backend="whoosh", lock_wait=0.3)
    with pytest.raises(IndexBusy, match="written by another process"):
        second.add(RECORDS[1:2])
    held.cancel()
    second.add(RECORDS[1:2])
    assert second.doc_count() == 2
