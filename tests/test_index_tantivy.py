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



def test_a_search_opens_only_the_levels_the_caller_may_see(tmp_path):
    # Opening a level's index reads a piece of every file of its segments (megabytes a
    # file from a cold cache): an anonymous search must not pay it for levels 1 to 3.
    ArchiveIndex(tmp_path / "ix", backend="tantivy").add(
        [IndexRecord(id=f"d{level}", source="d.pdf", pages=("kinh tế",),
                     metadata={"classification": mark})
         for level, mark in enumerate(["", "MẬT", "TỐI MẬT", "TUYỆT MẬT"])])
    index = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    assert [h.id for h in index.search("kinh tế", clearance=0).hits] == ["d0"]
    assert [s._index is not None for s in index.backend._current()] == [
        True, False, False, False]
    assert {h.id for h in index.search("kinh tế", clearance=2).hits} == {"d0", "d1", "d2"}
    assert [s._index is not None for s in index.backend._current()] == [
        True, True, True, False]



def test_term_queries_read_no_positions(monkeypatch):
    # tantivy-py's term_query opens a term's positions unless told otherwise: a read of the
    # .pos file per term and segment, which a cold cache turns into megabytes (read-ahead).
    import tantivy

    from luutru.index.query import parse
    from luutru.index.tantivy_backend import build_schema
    from luutru.index.tantivy_query import TantivyCompiler

    options = []
    real = tantivy.Query.term_query

    def term_query(schema, field, value, index_option="position"):
        options.append(index_option)
        return real(schema, field, value, index_option=index_option)

    monkeypatch.setattr(tantivy.Query, "term_query", term_query)
    compiler = TantivyCompiler(build_schema())
    for text in ("hòa giải", "nghi quyet 15", "294-QĐ/TW", "kinh tế type:NQ cites:15-NQ/TW"):
        compiler.compile(parse(text), {"doc_type": "NQ", "cites": "15-NQ/TW"})
        compiler.compile(parse(text), {}, scored=False)
    assert options and set(options) == {"freq"}

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


@pytest.mark.parametrize("query", [
    "kinh tế", "thủy lợi", "kinh tế năm", '"cải cách hành chính"', '"đê điều" -kinh',
    "thuy loi", "hành chính year:2001..2010", "kinh tế type:BC",
])
def test_the_exact_tier_ranks_as_the_whole_query(mixed, query, monkeypatch):
    """When enough documents hold every word as typed, they are ranked by a query that
    reads the exact forms once (TantivyCompiler.exact_tier): same hits, same order, same
    scores as the whole query, whose bonus copy of the exact forms ranks them first."""
    from luutru.index.tantivy_query import TantivyCompiler

    index = mixed
    backend = index.backend
    used = []
    tier = backend._tier
    monkeypatch.setattr(backend, "_tier", lambda *a: used.append(r := tier(*a)) or r)
    pages = [(0, 1), (0, 3), (2, 3), (0, 10)]
    got = {(c, p): index.search(query, clearance=c, offset=p[0], limit=p[1])
           for c in (0, 3) for p in pages}
    monkeypatch.setattr(TantivyCompiler, "exact_tier", lambda *a: None)
    for (clearance, (offset, limit)), found in got.items():
        whole = index.search(query, clearance=clearance, offset=offset, limit=limit)
        assert [h.id for h in found.hits] == [h.id for h in whole.hits], (clearance, offset)
        assert [h.score for h in found.hits] == pytest.approx([h.score for h in whole.hits])
        assert (found.total, found.facets) == (whole.total, whole.facets)
    if query != "thuy loi":  # typed without marks: no document holds it so
        assert any(r is not None for r in used)


@pytest.mark.parametrize("query", [
    "kinh tế năm", "thuy loi nam", "kinh te -đê", "cai cach hanh chinh 2001",
    "đê điều OR thủy lợi năm", '"cải cách" năm', "thủy",
])
def test_words_required_flat_score_as_their_clauses(mixed, query, monkeypatch):
    """TantivyCompiler.required puts a word's forms and its exact-form bonus side by side
    in the whole query instead of nesting them in one clause (faster in Tantivy): the same
    hits, order and scores as the nested clauses."""
    from tantivy import Occur

    from luutru.index.tantivy_query import TantivyCompiler, any_of

    index = mixed
    monkeypatch.setattr(TantivyCompiler, "exact_tier", lambda *a: None)
    flat = {c: index.search(query, clearance=c, limit=60) for c in (0, 3)}
    monkeypatch.setattr(TantivyCompiler, "required", lambda self, parsed: [
        (Occur.Must, any_of([self.clause(c) for c in g])) for g in parsed.groups])
    for clearance, found in flat.items():
        nested = index.search(query, clearance=clearance, limit=60)
        assert found.total == nested.total > 0
        assert [h.id for h in found.hits] == [h.id for h in nested.hits]
        assert [h.score for h in found.hits] == pytest.approx([h.score for h in nested.hits])
