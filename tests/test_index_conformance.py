"""The conformance suite: every backend (index.backend.BACKENDS) gives the same answers.

Query language, ranking, filters, facets, clearance, snippets, suggestions, rebuilds and
crash safety, run once per backend. The documents are made up for these tests."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from luutru.index import (
    ArchiveIndex,
    IndexOutdated,
    IndexRecord,
    SearchFilters,
    tantivy_backend,
    whoosh_schema,
)
from luutru.index.backend import BACKENDS
from luutru.index.spec import common_syllable, exact_tokens
from luutru.vietnamese import fold

# Each backend's pointer file, index directory prefix and schema version.
LAYOUT = {"whoosh": ("CURRENT.json", "ix-", whoosh_schema.SCHEMA_VERSION),
          "tantivy": ("TANTIVY.json", "tv-", tantivy_backend.SCHEMA_VERSION)}

OWN = IndexRecord(
    id="own",
    source="scans/quy-dinh-294.pdf",
    pages=(
        "ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHẤP HÀNH TRUNG ƯƠNG\nSố 294-QĐ/TW\n"
        "QUY ĐỊNH\nvề công tác hoà giải ở cơ sở và cải cách hành chính",
        "Điều 1. Các cấp uỷ tăng cường lãnh đạo công tác hòa giải.",
    ),
    metadata={"symbol": "294-QĐ/TW", "doc_type": "Quy định", "date": "2019-05-02",
              "issuer": "BAN CHẤP HÀNH TRUNG ƯƠNG",
              "subject": "về công tác hoà giải ở cơ sở và cải cách hành chính"},
)
CITING = IndexRecord(
    id="citing",
    source="scans/ke-hoach-12.pdf",
    pages=("HUYỆN ỦY SÔNG MÂY\nSố 12-KH/HU\nKẾ HOẠCH\nthực hiện Quy định số 294-QĐ/TW "
           "của Ban Chấp hành Trung ương về công tác hòa giải.",),
    metadata={"symbol": "12-KH/HU", "doc_type": "Kế hoạch", "date": "2020-03-10",
              "issuer": "HUYỆN ỦY SÔNG MÂY", "subject": "thực hiện Quy định số 294-QĐ/TW"},
    cites=("294-QĐ/TW",),
)
FOLDED_ONLY = IndexRecord(
    id="folded",
    source="scans/thong-bao-7.pdf",
    pages=("HUYỆN ỦY SÔNG MÂY\nSố 7-TB/HU\nTHÔNG BÁO\nvề công tác văn hóa và hóa chất "
           "nông nghiệp; hoa màu vụ đông.",),
    metadata={"symbol": "7-TB/HU", "doc_type": "Thông báo", "date": "2018-11-20",
              "issuer": "Huyện uỷ Sông Mây", "subject": "về văn hóa và hoa màu"},
)
RESOLUTION = IndexRecord(
    id="resolution",
    source="scans/nghi-quyet-15.pdf",
    pages=("TỈNH ỦY ĐỒNG XANH\nSố 15-NQ/TU\nNGHỊ QUYẾT\nvề phát triển kinh tế biển, "
           "bảo đảm quốc phòng an ninh.",),
    metadata={"symbol": "15-NQ/TU", "doc_type": "Nghị quyết", "date": "2016-07-30",
              "issuer": "TỈNH ỦY ĐỒNG XANH", "subject": "về phát triển kinh tế biển"},
)
CONCLUSION = IndexRecord(
    id="conclusion",
    source="scans/ket-luan-112.pdf",
    pages=("TỈNH ỦY ĐỒNG XANH\nSố 112-KL/TU\nKẾT LUẬN\ncủa Ban Thường vụ về kinh tế tập "
           "thể, biển đảo và hành chính công.",),
    metadata={"symbol": "112-KL/TU", "doc_type": "Kết luận", "date": "2017-01-15",
              "issuer": "TỈNH ỦY ĐỒNG XANH", "subject": "về kinh tế tập thể"},
)
SECRET = IndexRecord(
    id="secret",
    source="scans/mat-3.pdf",
    pages=("TỈNH ỦY ĐỒNG XANH\nMẬT\nSố 3-CT/TU\nCHỈ THỊ\nvề công tác hòa giải và bảo vệ "
           "biên giới, thực hiện Quy định số 294-QĐ/TW.",),
    metadata={"symbol": "3-CT/TU", "doc_type": "Chỉ thị", "date": "2021-09-09",
              "issuer": "TỈNH ỦY ĐỒNG XANH", "subject": "về bảo vệ biên giới",
              "classification": "MẬT"},
    cites=("294-QĐ/TW",),
)
TOP_SECRET = IndexRecord(
    id="top-secret",
    source="scans/tuyet-mat-9.pdf",
    pages=("TUYỆT MẬT\nSố 9-NQ/TU\nNGHỊ QUYẾT\nvề quốc phòng biên giới và hòa giải.",),
    metadata={"symbol": "9-NQ/TU", "doc_type": "Nghị quyết", "date": "2022-02-02",
              "issuer": "TỈNH ỦY ĐỒNG XANH", "subject": "về quốc phòng biên giới",
              "classification": "TUYỆT MẬT"},
)
HOSTILE = IndexRecord(
    id="hostile",
    source="scans/la.pdf",
    pages=("Trang một không có gì.", "Trang hai: <script>alert('x')</script> lúa gạo & ngô"),
    metadata={"doc_type": "Công văn", "date": "2015", "subject": "V/v kiểm kê lúa gạo"},
)
RECORDS = [OWN, CITING, FOLDED_ONLY, RESOLUTION, CONCLUSION, SECRET, TOP_SECRET, HOSTILE]
PUBLIC = {"own", "citing", "folded", "resolution", "conclusion", "hostile"}


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def ix(tmp_path: Path, backend: str) -> ArchiveIndex:
    index = ArchiveIndex(tmp_path / "index", backend=backend)
    index.add(RECORDS)
    return index


def ids(results) -> list[str]:
    return [h.id for h in results.hits]


def found(ix: ArchiveIndex, query: str, clearance: int = 3, **kw) -> set[str]:
    return set(ids(ix.search(query, clearance=clearance, limit=50, **kw)))


# --- spelling variants --------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "hòa giải", "hoà giải", "HOÀ GIẢI", "hoa giai", "Hoa Giai",
    unicodedata.normalize("NFD", "hoà giải"),
])
def test_same_results_whatever_the_spelling(ix, query):
    assert found(ix, query) == {"own", "citing", "secret", "top-secret"}


def test_exact_diacritics_rank_above_folded_matches(ix):
    # 'hóa' is exact in 'folded'; 'own' and others only have 'hòa' (folded-equal).
    assert ids(ix.search("hóa", clearance=3))[0] == "folded"
    results = ix.search("hòa", clearance=0)
    assert "folded" in ids(results)
    assert ids(results)[-1] == "folded"


def test_diacritic_less_query_prefers_the_unmarked_word(ix):
    assert ids(ix.search("hoa mau", clearance=0))[0] == "folded"


# --- symbols and type + number -------------------------------------------------------------


@pytest.mark.parametrize("query", ["294-QĐ/TW", "294-QD/TW", "294-qd/tw", "Quy định 294-QĐ/TW"])
def test_symbol_query_puts_its_document_first(ix, query):
    results = ix.search(query, clearance=3)
    assert ids(results)[0] == "own"
    assert {"citing", "secret"} <= set(ids(results))


@pytest.mark.parametrize(("query", "expected"), [
    ("quy dinh 294", "own"), ("Quy định số 294", "own"), ("nghị quyết 15", "resolution"),
    ("kết luận 112", "conclusion"), ("ket luan so 112", "conclusion"),
])
def test_type_and_number_find_the_symbol(ix, query, expected):
    assert ids(ix.search(query, clearance=0))[0] == expected


def test_cited_by(ix):
    assert set(ids(ix.cited_by("294-QĐ/TW", clearance=3))) == {"citing", "secret"}
    assert set(ids(ix.cited_by("294-qd/tw", clearance=0))) == {"citing"}
    assert ix.cited_by("294-QĐ/TW", clearance=0).total == 1


# --- query language -----------------------------------------------------------------------


def test_phrase_needs_adjacent_words(ix):
    assert found(ix, '"cải cách hành chính"') == {"own"}
    assert found(ix, '"cai cach hanh chinh"') == {"own"}
    assert "conclusion" in found(ix, "hành chính")  # 'hành chính công' ...
    assert "conclusion" not in found(ix, '"cải cách hành chính"')


def test_excluded_words(ix):
    assert found(ix, "hòa giải -biên") == {"own", "citing"}
    assert found(ix, "hòa giải -bien -\"quy định\"", clearance=0) == set()
    assert found(ix, "kinh tế -\"tập thể\"") == {"resolution"}


def test_or(ix):
    # OR joins its neighbours: 'a b OR c d' is a AND (b OR c) AND d.
    assert found(ix, 'biển OR "hoa màu"', clearance=0) == {"resolution", "conclusion", "folded"}
    assert found(ix, "biển OR hoa màu", clearance=0) == {"folded"}
    assert found(ix, "lúa OR ngô") == {"hostile"}


def test_field_filters_in_the_query(ix):
    assert found(ix, "type:KH") == {"citing"}
    assert found(ix, 'type:"nghị quyết"') == {"resolution", "top-secret"}
    assert found(ix, 'kinh tế issuer:"đồng xanh"') == {"resolution", "conclusion"}
    assert found(ix, "year:2016..2017") == {"resolution", "conclusion"}
    assert found(ix, "date:2019-01-01..2020-12-31") == {"own", "citing"}
    assert found(ix, "from:2021") == {"secret", "top-secret"}
    assert found(ix, "to:2016") == {"resolution", "hostile"}


def test_filters_argument(ix):
    assert found(ix, "", filters=SearchFilters(doc_type="Nghị quyết")) == {
        "resolution", "top-secret"}
    assert found(ix, "", filters=SearchFilters(issuer="Huyện ủy Sông Mây")) == {
        "citing", "folded"}
    assert found(ix, "", filters=SearchFilters(date_from="2019", date_to="2020")) == {
        "own", "citing"}
    assert found(ix, "", filters=SearchFilters(classification="Mật")) == {"secret"}


@pytest.mark.parametrize("query", [
    '"unbalanced', "type:", "year:abc", "((", "-", "OR", ":::", "a OR", "OR b", '"', "-\"\"",
    "date:2020-13-45", "issuer:", "\u0301\u0300", "  ", "*?[]{}", "type:NQ OR",
])
def test_malformed_queries_never_raise(ix, query):
    results = ix.search(query, clearance=3, limit=50)
    assert results.total == len(results.hits)  # the count is of what it returns


def test_unknown_field_is_read_as_words(ix):
    assert found(ix, "khoai:lúa") == set()
    assert found(ix, "v/v:lúa") == set()
    assert "hostile" in found(ix, "gạo:lúa")


def test_query_compounds_rank_subjects_where_the_words_form_that_word(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add([
        IndexRecord(id="apart", source="a.pdf", pages=("Bàn về cách làm và cải tạo đất.",),
                    metadata={"subject": "về cách thức cải tạo đất"}),
        IndexRecord(id="word", source="b.pdf", pages=("Bàn về cải cách thủ tục đất.",),
                    metadata={"subject": "về cải cách thủ tục đất"}),
    ])
    assert ids(index.search("cải cách", clearance=0)) == ["word", "apart"]


# --- sorting, paging, facets ----------------------------------------------------------------


def test_sort_by_date(ix):
    newest = ids(ix.search("", clearance=0, sort="-date", limit=10))
    assert newest == ["citing", "own", "folded", "conclusion", "resolution", "hostile"]
    assert ids(ix.search("", clearance=0, sort="date", limit=10)) == newest[::-1]


def test_paging(ix):
    everything = ids(ix.search("", clearance=0, sort="-date", limit=10))
    page = ix.search("", clearance=0, sort="-date", offset=2, limit=2)
    assert ids(page) == everything[2:4]
    assert page.total == len(everything)


def test_facets_count_what_the_caller_may_see(ix):
    assert ix.search("hòa giải", clearance=3).facets["doc_type"] == {
        "Chỉ thị": 1, "Kế hoạch": 1, "Nghị quyết": 1, "Quy định": 1}
    facets = ix.search("hòa giải", clearance=0).facets
    assert facets["doc_type"] == {"Kế hoạch": 1, "Quy định": 1}
    assert facets["issuer"] == {"BAN CHẤP HÀNH TRUNG ƯƠNG": 1, "HUYỆN ỦY SÔNG MÂY": 1}
    assert facets["year"] == {"2019": 1, "2020": 1}


def test_a_search_without_facets_finds_the_same(ix):
    full = ix.search("hòa giải", clearance=3)
    bare = ix.search("hòa giải", clearance=3, facets=False)
    assert full.facets["doc_type"] and bare.facets == {}
    assert [h.id for h in bare.hits] == [h.id for h in full.hits]
    assert bare.total == full.total


def test_facets_are_complete(tmp_path, backend):
    """Every issuer and year of the hits is counted, however many there are."""
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add([IndexRecord(id=f"d{n}", source="d.pdf", pages=("kinh tế",),
                           metadata={"issuer": f"ĐẢNG ỦY XÃ SỐ {n}",
                                     "date": f"{1700 + n}-01-01"})
               for n in range(260)])
    facets = index.search("kinh tế", clearance=0).facets
    assert facets["issuer"] == {f"ĐẢNG ỦY XÃ SỐ {n}": 1 for n in range(260)}
    assert facets["year"] == {str(1700 + n): 1 for n in range(260)}


def test_issuer_facet_merges_spellings(ix):
    # 'Huyện uỷ Sông Mây' and 'HUYỆN ỦY SÔNG MÂY' are one issuer.
    assert ix.search("", clearance=0).facets["issuer"]["HUYỆN ỦY SÔNG MÂY"] == 2


# --- clearance ------------------------------------------------------------------------------


def test_classified_documents_never_reach_callers_without_clearance(ix):
    for clearance, visible_ids in [(0, PUBLIC), (1, PUBLIC | {"secret"}),
                                   (3, PUBLIC | {"secret", "top-secret"})]:
        everything = ix.search("", clearance=clearance, limit=100)
        assert set(ids(everything)) == visible_ids
        assert everything.total == len(visible_ids)
        assert sum(everything.facets["doc_type"].values()) == len(visible_ids)
    low = ix.search("biên giới", clearance=0)
    assert low.total == 0 and low.hits == () and low.facets["doc_type"] == {}
    assert ix.search("3-CT/TU", clearance=0).total == 0
    assert ix.search("quốc phòng", clearance=2).total == 1  # only the public resolution


def test_get_respects_clearance(ix):
    assert ix.get("secret", 0) is None
    assert ix.get("secret", 1)["metadata"]["classification"] == "MẬT"
    assert ix.get("top-secret", 2) is None
    assert ix.get("own", 0)["pages"][0].startswith("ĐẢNG CỘNG SẢN")
    assert ix.get("nothing", 3) is None


def test_more_like_this_respects_clearance(ix):
    assert ix.more_like_this("secret", clearance=0).hits == ()
    similar = ids(ix.more_like_this("own", clearance=0))
    assert similar and "own" not in similar
    assert not {"secret", "top-secret"} & set(similar)
    assert "secret" in ids(ix.more_like_this("own", clearance=1, limit=10))


def test_more_like_this_of_an_uncleared_reader_does_not_move_with_classified_documents(
        tmp_path, backend):
    """The key terms of more-like-this are weighed over what the caller may see: adding
    classified documents full of one of them changes nothing for a reader without
    clearance."""
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add([
        IndexRecord(id="a", source="a.pdf", pages=("đê điều đê điều đê điều thủy lợi "
                                                   "thủy lợi mương máng",), metadata={}),
        IndexRecord(id="b", source="b.pdf", pages=("đê điều kiên cố",), metadata={}),
        IndexRecord(id="c", source="c.pdf", pages=("thủy lợi nội đồng",), metadata={}),
        IndexRecord(id="d", source="d.pdf", pages=("mương máng thủy lợi",), metadata={})])

    def similar() -> list[tuple[str, float]]:
        return [(h.id, round(h.score, 4))
                for h in index.more_like_this("a", clearance=0).hits]

    before = similar()
    assert {i for i, _ in before} == {"b", "c", "d"}
    index.add([IndexRecord(id=f"m{n}", source="m.pdf", pages=("đê điều " * 5,),
                           metadata={"classification": "MẬT"}) for n in range(30)])
    assert similar() == before


def test_snippets_never_show_classified_text(ix):
    for hit in ix.search("hòa giải", clearance=0).hits:
        assert "biên giới" not in hit.snippet


def test_negative_clearance_sees_nothing(ix):
    assert ix.search("", clearance=-1).total == 0


# --- snippets -------------------------------------------------------------------------------


def test_snippet_is_escaped_and_marked(ix):
    hit = ix.search("script lúa", clearance=0).hits[0]
    assert "&lt;<mark>script</mark>&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&amp;" in hit.snippet
    assert hit.pages == (2,)


def test_snippet_marks_marked_words_for_unmarked_queries(ix):
    hit = ix.search("cai cach", clearance=0).hits[0]
    assert "<mark>cải</mark> <mark>cách</mark>" in hit.snippet


def test_pages_tell_where_the_query_matched(ix):
    hit = next(h for h in ix.search("cấp ủy", clearance=0).hits if h.id == "own")
    assert hit.pages == (2,)
    hit = next(h for h in ix.search("hòa giải", clearance=0).hits if h.id == "own")
    assert hit.pages == (1, 2)


# --- did you mean ---------------------------------------------------------------------------


def test_suggests_diacritics(ix):
    # Four visible documents have 'hòa', one has 'hoa' (folded, a real word too).
    assert ix.search("hoa giai", clearance=3).suggestion == "hòa giải"
    assert ix.search("hòa giải", clearance=3).suggestion == ""
    # At clearance 0 only two have 'hòa': not enough to doubt the 'hoa' typed.
    assert ix.search("hoa giai", clearance=0).suggestion == "hoa giải"


def test_suggests_corrections_for_misspelt_words(ix):
    assert ix.search("biểnn đảo", clearance=0).suggestion == "biển đảo"


def test_suggestions_never_reveal_words_of_classified_documents(ix):
    # 'biên giới' occurs only in the classified documents; at clearance 0 the suggestion
    # comes from words public documents have ('biển', 'giải').
    public = ix.search("bien gioi", clearance=0).suggestion
    assert "biên" not in public and "giới" not in public
    assert "giới" in ix.search("bien gioi", clearance=1).suggestion


def test_suggestion_keeps_the_rest_of_the_query(ix):
    assert ix.search('kinh te type:NQ', clearance=0).suggestion == "kinh tế type:NQ"


# --- writing ---------------------------------------------------------------------------------


def test_add_replaces_documents_with_the_same_id(ix):
    changed = IndexRecord(id="hostile", source="scans/la.pdf", pages=("khoai sắn",),
                          metadata={"doc_type": "Công văn"})
    ix.add([changed])
    assert found(ix, "lúa gạo") == set()
    assert found(ix, "khoai") == {"hostile"}
    assert ix.doc_count() == len(RECORDS)


def test_delete(ix):
    assert ix.delete(["hostile", "nothing"]) == 1
    assert found(ix, "lúa gạo") == set()
    assert ix.doc_count() == len(RECORDS) - 1


def test_new_index_asks_for_a_rebuild_and_rebuild_clears_it(tmp_path, backend):
    fresh = ArchiveIndex(tmp_path / "ix", backend=backend)
    assert fresh.needs_rebuild
    assert fresh.rebuild(RECORDS) == len(RECORDS)
    assert not fresh.needs_rebuild
    assert not ArchiveIndex(tmp_path / "ix", backend=backend).needs_rebuild
    reopened = ArchiveIndex(tmp_path / "ix", backend=backend)
    assert found(reopened, "kinh tế") == {"resolution", "conclusion"}


def test_other_schema_version_needs_rebuild(ix, tmp_path, backend):
    name, _, version = LAYOUT[backend]
    pointer = tmp_path / "index" / name
    state = json.loads(pointer.read_text())
    pointer.write_text(json.dumps({**state, "schema_version": version - 1}))
    old = ArchiveIndex(tmp_path / "index", backend=backend)
    assert old.needs_rebuild
    assert old.search("kinh tế", clearance=3).total == 0
    with pytest.raises(IndexOutdated):
        old.add([OWN])
    assert old.rebuild([OWN, RESOLUTION]) == 2
    assert not old.needs_rebuild
    assert found(old, "kinh tế") == {"resolution"}
    assert not (tmp_path / "index" / state["dir"]).exists()  # the old index was removed


def test_unreadable_index_needs_rebuild(ix, tmp_path, backend):
    name, prefix, _ = LAYOUT[backend]
    pointer = tmp_path / "index" / name
    state = json.loads(pointer.read_text())
    pointer.write_text(json.dumps({**state, "dir": f"{prefix}missing"}))
    assert ArchiveIndex(tmp_path / "index", backend=backend).needs_rebuild


def test_searchers_see_commits_made_by_another_index_object(ix, tmp_path, backend):
    reader = ArchiveIndex(tmp_path / "index", backend=backend)
    assert found(reader, "khoai") == set()
    ArchiveIndex(tmp_path / "index", backend=backend).add([
        IndexRecord(id="new", source="n.pdf", pages=("khoai lang",), metadata={})])
    assert found(reader, "khoai") == {"new"}


def _failing(records, after):
    for i, record in enumerate(records):
        if i == after:
            raise RuntimeError("scanner on fire")
        yield record


def test_exception_inside_add_keeps_the_index_usable(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", batch_size=2, backend=backend)
    index.add([OWN, CITING])
    more = [FOLDED_ONLY, RESOLUTION, CONCLUSION, HOSTILE]
    with pytest.raises(RuntimeError):
        index.add(_failing(more, after=3))
    # The earlier documents and the batch committed before the failure are there; the
    # batch in progress is not, and the writer's lock was released.
    assert found(index, "") == {"own", "citing", "folded", "resolution"}
    index.add([CONCLUSION])
    assert "conclusion" in found(index, "kinh tế")
    reopened = ArchiveIndex(tmp_path / "ix", backend=backend)
    assert "conclusion" in found(reopened, "kinh tế")


def test_exception_inside_rebuild_keeps_the_previous_index(ix, tmp_path, backend):
    with pytest.raises(RuntimeError):
        ix.rebuild(_failing([OWN, CITING, FOLDED_ONLY], after=2))
    assert found(ix, "kinh tế") == {"resolution", "conclusion"}
    prefix = LAYOUT[backend][1]
    dirs = [p.name for p in (tmp_path / "index").iterdir() if p.name.startswith(prefix)]
    assert len(dirs) == 1  # the half-built index was removed


# --- the analysis spec, end to end ------------------------------------------------------------


def test_nfd_documents_and_queries_match_nfc(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    nfd = unicodedata.normalize("NFD", "Nghị quyết về thủy lợi và đê điều")
    index.add([IndexRecord(id="nfd", source="nfd.pdf", pages=(nfd,), metadata={})])
    for query in ("thủy lợi", unicodedata.normalize("NFD", "đê điều"), "de dieu", "thuỷ lợi"):
        assert found(index, query) == {"nfd"}, query


@pytest.mark.parametrize(("printed", "typed"), [
    ("hoà bình", "hòa bình"), ("hòa bình", "hoà bình"), ("thuỷ sản", "thủy sản"),
    ("thủy sản", "thuỷ sản"), ("Uỷ ban", "ủy ban"), ("khoẻ mạnh", "khỏe mạnh"),
])
def test_old_and_new_tone_placement_are_one_word(tmp_path, backend, printed, typed):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add([IndexRecord(id="d", source="d.pdf", pages=(f"Về {printed} năm nay",),
                           metadata={}),
               IndexRecord(id="other", source="o.pdf", pages=("Về hoa quả",), metadata={})])
    results = index.search(f'"{typed}"', clearance=0)
    assert ids(results) == ["d"]
    # Spelt either way it is the exact form, not a folded match: the exact bonus applies.
    assert results.hits[0].score >= 1000


def _typed_records() -> list[tuple[IndexRecord, str, str]]:
    """One document of every type of both families, printed with its own code and name."""
    from luutru.vietnamese import TYPES

    out = []
    for number, t in enumerate(TYPES, start=101):
        out.append((IndexRecord(
            id=f"t{number}", source=f"t{number}.pdf",
            pages=(f"Số {number}-{t.code}/TU\n{t.name.upper()}\nvề công tác năm nay",),
            metadata={"symbol": f"{number}-{t.code}/TU", "doc_type": t.name}), t.code, t.name))
    return out


def test_every_document_type_is_found_by_type_and_number_and_symbol(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    typed = _typed_records()
    index.add(record for record, _, _ in typed)
    for record, code, name in typed:
        number = record.id[1:]
        assert ids(index.search(f"{name} {number}", clearance=0))[:1] == [record.id], name
        assert ids(index.search(record.metadata["symbol"], clearance=0))[:1] == [record.id]
        assert record.id in found(index, f"type:{code}"), code


# --- collection statistics never carry what the caller cannot see -----------------------------


def test_scores_of_an_uncleared_reader_do_not_move_with_classified_documents(ix, backend):
    def scores(clearance: int) -> dict[str, float]:
        return {h.id: h.score for h in ix.search("hòa giải biên giới OR kinh",
                                                   clearance=clearance, limit=50).hits}

    before, before_cleared = scores(0), scores(3)
    flood = " ".join(["hòa giải biên giới kinh tế"] * 300)
    ix.add([IndexRecord(id=f"flood-{n}", source="f.pdf", pages=(flood,),
                        metadata={"classification": level, "subject": "hòa giải"})
            for n, level in enumerate(["MẬT", "TỐI MẬT", "TUYỆT MẬT", "MẬT"])])
    assert scores(0) == pytest.approx(before)
    # The same change is visible to a reader who may see those documents: the check
    # above can fail.
    after_cleared = scores(3)
    assert {k: after_cleared[k] for k in before_cleared} != pytest.approx(before_cleared)


# --- a new, empty index -------------------------------------------------------------------------


def test_an_empty_index_searches_fine(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "new", backend=backend)
    for query in ("kinh tế", "", "294-QĐ/TW", "type:NQ year:2019", "hoa giai -bien"):
        results = index.search(query, clearance=0)
        assert results.total == 0 and results.hits == ()
    assert index.get("x", 3) is None
    assert index.more_like_this("x", clearance=3).hits == ()
    assert index.cited_by("1-NQ/TW", clearance=3).total == 0
    assert index.doc_count() == 0


# --- OCR-tolerant retrieval ---------------------------------------------------------------------


def test_a_misread_number_still_finds_the_document(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add([
        IndexRecord(id="tet", source="tet.pdf", metadata={},
                    pages=("NGHỊ QUYẾT về việc tổ chức Tết Nguyên đán năm 1959 cho nhân dân",)),
        IndexRecord(id="tet-other", source="o.pdf", metadata={},
                    pages=("Kế hoạch đón Tết Nguyên đán năm 2003 ở các xã",)),
        IndexRecord(id="unrelated", source="u.pdf", metadata={},
                    pages=("Báo cáo năm 1950 về thủy lợi",)),
    ])
    results = index.search("Tết Nguyên đán năm 1950", clearance=0)
    assert results.relaxed
    assert ids(results)[0] == "tet"
    assert results.hits[0].missing == ("1950",)
    assert "<mark>1959</mark>" in results.hits[0].snippet
    # A document holding every word but the number follows the near-miss.
    assert ids(results).index("tet-other") > 0


def test_a_misread_word_ranks_documents_holding_the_others(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add([
        IndexRecord(id="scan", source="s.pdf", metadata={},
                    pages=("Chỉ thị về tăng cường công tác phòng chống bão lụt",)),
        IndexRecord(id="far", source="f.pdf", metadata={}, pages=("Về công tác cán bộ",)),
    ])
    # 'lục' was never printed: an OCR misreading (t read as c) typed back.
    results = index.search("phòng chống bão lục", clearance=0)
    assert ids(results) == ["scan"]
    assert results.hits[0].missing == ("lục",)
    # Enough documents holding every word: nothing is relaxed.
    strict = index.search("công tác", clearance=0)
    assert not strict.relaxed and all(h.missing == () for h in strict.hits)


# --- an index that looks after itself -----------------------------------------------------------


def test_replacing_documents_does_not_grow_the_index_without_bound(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)

    def size() -> int:
        return sum(f.stat().st_size for f in (tmp_path / "ix").rglob("*") if f.is_file())

    def edition(n: int) -> list[IndexRecord]:
        return [IndexRecord(id=f"d{i}", source=f"d{i}.pdf", metadata={},
                            pages=(f"Bản sửa {n} của văn bản {i}: " + "kinh tế xã hội " * 50,))
                for i in range(40)]

    index.add(edition(0))
    sizes = []
    for n in range(1, 31):
        index.add(edition(n))
        sizes.append(size())
    index.optimize()
    assert index.doc_count() == 40
    assert found(index, "sửa 30") >= {"d0", "d39"} and not found(index, '"sửa 29"')
    # 30 editions of every document: the index holds about one, not thirty.
    assert size() < 4 * sizes[0], sizes


def test_relaxed_hits_are_highlighted_only_on_the_page_shown(tmp_path, backend, monkeypatch):
    from luutru.index import backend as seam
    from luutru.index import highlight

    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add([IndexRecord(id=f"near{n:02d}", source="n.pdf", metadata={},
                           pages=(f"Chỉ thị số {n} về phòng chống bão lụt ở xã",))
               for n in range(30)])
    made = []
    real = highlight.highlight

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(highlight, "highlight", counting)
    first = index.search("phòng chống bão lục", clearance=0, limit=10)
    assert first.relaxed and first.total == 30
    assert len(first.hits) == 10 and len(made) == 10
    assert all(h.missing == ("lục",) and "<mark>bão</mark>" in h.snippet and h.pages == (1,)
               for h in first.hits)
    second = index.search("phòng chống bão lục", clearance=0, offset=10, limit=10)
    assert len(second.hits) == 10 and "<mark>phòng</mark>" in second.hits[0].snippet
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert seam.RELAX_POOL >= 30  # every near miss was counted above


def test_suggestions_forget_the_words_of_a_document_since_classified(tmp_path, backend):
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    border = IndexRecord(id="border", source="b.pdf", metadata={},
                         pages=("Tuần tra biên giới phía bắc",))
    index.add([border, *(IndexRecord(id=f"sea{n}", source="s.pdf", metadata={},
                                     pages=("Bảo vệ đảo và bến cá",)) for n in range(20))])
    assert index.search("bien gioi", clearance=0).suggestion == "biên giới"
    # Classified later: the public index keeps the deleted copy until a merge drops it.
    index.add([IndexRecord(id="border", source="b.pdf", pages=border.pages,
                           metadata={"classification": "MẬT"})])
    public = index.search("bien gioi", clearance=0).suggestion
    assert "biên" not in public and "giới" not in public
    assert index.search("bien gioi", clearance=1).suggestion == "biên giới"


# --- phrases over common and rare syllables (Tantivy's syllable pairs) -------------------

# Syllables to build phrase documents from: common ones (whose pairs Tantivy indexes,
# vietnamese.frequent) and rarer ones (whose pairs it does not). Written for this test.
_COMMON = ["của", "ban", "thường", "vụ", "tỉnh", "ủy", "và", "các", "nhân", "dân", "về",
           "công", "tác", "thực", "hiện"]
_RARE = ["khuỷu", "ngoằn", "nghèo", "chênh", "vênh", "lều", "bạt", "xuồng", "khướu", "quạ"]


def _phrase_records() -> list[IndexRecord]:
    import random

    rng = random.Random(13)
    out = []
    for n in range(12):
        words = [rng.choice(_COMMON if rng.random() < 0.6 else _RARE) for _ in range(14)]
        # Some marks dropped or in the other tone placement, as OCR and typists leave them.
        words = [fold(w) if rng.random() < 0.1 else w.replace("ủy", "uỷ") for w in words]
        out.append(IndexRecord(id=f"p{n}", source=f"p{n}.pdf", pages=(" ".join(words),),
                               metadata={}))
    return out


def _holding(records: list[IndexRecord], phrase: list[str]) -> set[str]:
    """Brute force: the documents whose folded syllables hold the folded phrase."""
    want = [fold(w) for w in phrase]
    out = set()
    for r in records:
        tokens = [fold(t) for t in exact_tokens(" ".join(r.pages))]
        if any(tokens[i:i + len(want)] == want for i in range(len(tokens))):
            out.add(r.id)
    return out


def _strict(ix: ArchiveIndex, query: str) -> set[str]:
    return {h.id for h in ix.search(query, clearance=0, limit=50).hits if not h.missing}


def test_phrases_find_exactly_the_documents_holding_them(tmp_path, backend):
    """Every two- and three-syllable phrase of the documents, and the same syllables in
    other orders, typed with and without marks, finds exactly the documents that hold it:
    phrases of common syllables (pairs indexed), of rare ones, mixed, and across the
    boundary of a common and a rare syllable."""
    records = _phrase_records()
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add(records)
    phrases: set[tuple[str, ...]] = set()
    for r in records:
        tokens = exact_tokens(r.pages[0])
        for size in (2, 3):
            for i in range(len(tokens) - size + 1):
                phrases.add(tuple(tokens[i:i + size]))
                phrases.add(tuple(reversed(tokens[i:i + size])))
    kinds = {sum(map(common_syllable, p)) == len(p) for p in phrases}
    assert kinds == {True, False}  # both kinds are tried
    for phrase in sorted(phrases):
        expected = _holding(records, list(phrase))
        for typed in (" ".join(phrase), fold(" ".join(phrase))):
            assert _strict(index, f'"{typed}"') == expected, typed


PHRASE_DOCS = [
    IndexRecord(id="c", source="c.pdf", metadata={}, pages=(
        "Kết luận của Ban Thường vụ Tỉnh ủy về khuyến nông ở vùng ngoằn ngoèo.",)),
    IndexRecord(id="d", source="d.pdf", metadata={}, pages=(
        "Thường vụ ban của tỉnh bàn về nghề khuyến nông.",)),
]


@pytest.mark.parametrize(("query", "expected"), [
    ('"của Ban Thường vụ"', {"c"}),  # common syllables only
    ('"cua ban thuong vu"', {"c"}),
    ('"Thường vụ của Ban"', set()),  # the same syllables in another order
    ('"ban của tỉnh"', {"d"}),
    ('"ngoằn ngoèo"', {"c"}),  # rare syllables only
    ('"khuyến nông"', {"c", "d"}),  # a rare and a common one
    ('"về khuyến nông"', {"c"}),  # common, rare, common
    ('"ve khuyen nong"', {"c"}),
    ('"vùng ngoằn"', {"c"}),  # across the boundary of common and rare
    ('"nông vùng"', set()),
])
def test_phrase_kinds(tmp_path, backend, query, expected):
    assert [common_syllable(s) for s in ("của", "ban", "thường", "vụ", "tỉnh", "về",
                                          "nông", "vùng", "khuyến", "ngoằn", "ngoèo")] \
        == [True] * 8 + [False] * 3
    index = ArchiveIndex(tmp_path / "ix", backend=backend)
    index.add(PHRASE_DOCS)
    assert _strict(index, query) == expected
