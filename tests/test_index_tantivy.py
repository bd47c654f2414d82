"""The Tantivy backend's own behaviour; the rest is in the conformance suite."""
from __future__ import annotations

import gc
import threading
import time

import pytest

from luutru.index import ArchiveIndex, IndexRecord


def test_a_second_writer_waits_for_the_first(tmp_path):
    first = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    held = first.backend._current()[0].writer(64_000_000, lock_wait=60.0)

    def release() -> None:
        time.sleep(1.0)
        held.commit()
        held.wait_merging_threads()

    releaser = threading.Thread(target=release)
    releaser.start()
    start = time.monotonic()
    second = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    second.add([IndexRecord(id="a", source="a.pdf", pages=("thủy lợi",), metadata={})])
    releaser.join()
    assert time.monotonic() - start >= 0.9
    assert [h.id for h in first.search("thuy loi", clearance=0).hits] == ["a"]


def test_a_writer_that_cannot_get_the_lock_says_the_index_is_busy(tmp_path):
    from luutru.index import IndexBusy

    first = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    held = first.backend._current()[0].writer(64_000_000, lock_wait=60.0)
    second = ArchiveIndex(tmp_path / "ix", backend="tantivy", lock_wait=0.3)
    record = IndexRecord(id="a", source="a.pdf", pages=("thủy lợi",), metadata={})
    with pytest.raises(IndexBusy, match="written by another process"):
        second.add([record])
    held.rollback()
    del held
    gc.collect()  # Tantivy lets the lock go when the writer is dropped
    second.add([record])
    assert second.doc_count() == 1


def test_one_index_per_secrecy_level(tmp_path):
    index = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    index.add([IndexRecord(id=f"d{level}", source="d.pdf", pages=("kinh tế",),
                           metadata={"classification": mark})
               for level, mark in enumerate(["", "MẬT", "TỐI MẬT", "TUYỆT MẬT"])])
    shards = index.backend._current()
    assert [s.searcher().num_docs for s in shards] == [1, 1, 1, 1]
    for clearance in range(4):
        found = {h.id for h in index.search("kinh tế", clearance=clearance).hits}
        assert found == {f"d{n}" for n in range(clearance + 1)}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """240 documents over the four secrecy levels, eight types, 24 issuers, 30 years; their
    own symbols and the ones they cite are not in their text."""
    types = ["Nghị quyết", "Chỉ thị", "Kết luận", "Quy định", "Kế hoạch", "Báo cáo",
             "Thông báo", "Hướng dẫn"]
    codes = ["NQ", "CT", "KL", "QĐ", "KH", "BC", "TB", "HD"]
    marks = ["", "", "MẬT", "TỐI MẬT", "TUYỆT MẬT"]
    words = ["kinh tế", "cải cách hành chính", "đê điều", "thủy lợi"]
    index = ArchiveIndex(tmp_path_factory.mktemp("mixed") / "ix", backend="tantivy")
    index.add([IndexRecord(
        id=f"d{n}", source=f"d{n}.pdf", cites=(f"{50 + n % 6}-CT/HU",),
        pages=(f"Về {words[n % 4]} và {words[n % 3]} năm {1990 + n % 30}. Căn cứ Quyết định "
               f"số {n % 7}-QĐ/TU",),
        metadata={"doc_type": types[n % 8], "issuer": f"HUYỆN ỦY SỐ {n % 24}",
                  "symbol": f"{100 + n % 5}-{codes[n % 8]}/TU",
                  "date": f"{1990 + n % 30}-03-0{1 + n % 9}", "classification": marks[n % 5]})
        for n in range(240)])
    return index


def _counted(index, query, clearance):
    """The facets counted from every hit's own metadata, one search for all of them."""
    every = index.search(query, clearance=clearance, limit=1000)
    counts = {"doc_type": {}, "issuer": {}, "year": {}}
    for hit in every.hits:
        for name, value in (("doc_type", hit.metadata["doc_type"]),
                            ("issuer", hit.metadata["issuer"]),
                            ("year", hit.metadata["date"][:4])):
            counts[name][value] = counts[name].get(value, 0) + 1
    return every.total, counts


@pytest.mark.parametrize("query", [
    "kinh tế", "thuy loi", '"cải cách hành chính"', '"cai cach" -"đê điều"', "",
    "1-QĐ/TU", "1-QD/TU", "101-NQ/TU", "52-CT/HU", "nghị quyết 101", "101", "TU",
    "đê điều OR thủy lợi year:2001..2010", "kinh tế type:BC",
])
def test_facets_counted_beside_the_search_are_those_of_the_hits(mixed, query):
    index = mixed
    for clearance in range(4):
        results = index.search(query, clearance=clearance, limit=5)
        total, counts = _counted(index, query, clearance)
        assert results.total == total >= 3 and not results.relaxed
        assert results.facets == {n: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
                                  for n, c in counts.items()}


def test_searches_from_many_threads_get_their_own_facets(mixed):
    """A server answers requests in threads; each search's facets are its own."""
    index = mixed
    cases = [(q, c) for q in ("kinh tế", "đê điều", "thủy lợi năm 2001") for c in (0, 3)]
    expected = {case: index.search(case[0], clearance=case[1]) for case in cases}
    failures: list[tuple[str, int]] = []

    def run(case: tuple[str, int]) -> None:
        for _ in range(20):
            got = index.search(case[0], clearance=case[1])
            if (got.total, got.facets, got.hits) != (expected[case].total,
                                                     expected[case].facets,
                                                     expected[case].hits):
                failures.append(case)

    threads = [threading.Thread(target=run, args=(case,)) for case in cases * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_a_phrase_finds_a_letter_only_tantivy_folds_to_a_common_syllable(tmp_path):
    """'ŋ' folds to 'n' in Tantivy and stays in fold(): the pair 'của baŋ' is indexed
    (index.spec.common_syllable), so the phrase that asks for 'cua_ban' finds it."""
    ix = ArchiveIndex(tmp_path / "ix")
    ix.add([IndexRecord(id="odd", source="odd.pdf", metadata={},
                        pages=("Kết luận của baŋ thường vụ về khuyến nông.",)),
            IndexRecord(id="plain", source="plain.pdf", metadata={},
                        pages=("Thường vụ ban của tỉnh.",))])
    for query in ('"cua ban thuong"', '"của ban thường vụ"'):
        assert [h.id for h in ix.search(query, clearance=0).hits] == ["odd"], query
