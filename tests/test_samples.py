"""Tests of the sample-scan generator: texts, rendering, damage, files and ground truth.

No OCR here: these check the generator itself, fast, at low resolution where possible.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageSequence

from luutru.samples import damage, render
from luutru.samples.generate import FORMATS, PLAN, generate, generate_bulk, main
from luutru.samples.texts import DOCUMENTS, PARTY, STATE, by_id, plain

SCANS = Path(__file__).resolve().parents[1] / "samples" / "scans"
KINDS = {"header", "mark", "title", "body", "pageno", "sign", "recip"}
META_KEYS = {
    "family", "superior", "issuer", "number", "symbol", "doc_type", "type_name", "place",
    "date", "subject", "cv_subject", "signer_authority", "signer_title", "signer_name",
    "classification", "urgency",
}


def page_count(path: Path) -> int:
    if path.suffix == ".pdf":
        return len(pdfium.PdfDocument(str(path)))
    with Image.open(path) as im:
        return sum(1 for _ in ImageSequence.Iterator(im))


def text_page(width: int = 400, height: int = 560) -> np.ndarray:
    """A white page with black bars standing for lines of text."""
    img = np.full((height, width, 3), 255, np.uint8)
    for y in range(60, height - 60, 30):
        img[y:y + 12, 50:width - 50] = 20
    return img


# ---------------------------------------------------------------- texts


def test_documents_cover_the_kinds_the_archive_holds():
    assert len(DOCUMENTS) >= 10
    assert len({d.id for d in DOCUMENTS}) == len(DOCUMENTS)
    families = {d.family for d in DOCUMENTS}
    assert families == {PARTY, STATE}
    party_types = {d.doc_type for d in DOCUMENTS if d.family == PARTY}
    state_types = {d.doc_type for d in DOCUMENTS if d.family == STATE}
    assert {"Nghị quyết", "Kết luận", "Chỉ thị", "Công văn"} <= party_types
    assert {"Quyết định", "Thông tư", "Kế hoạch", "Công văn"} <= state_types
    assert any(d.classification == "MẬT" for d in DOCUMENTS)
    assert any(d.urgency == "KHẨN" for d in DOCUMENTS)
    assert any(d.typewriter for d in DOCUMENTS)
    years = sorted(int(d.date[:4]) for d in DOCUMENTS)
    assert years[0] < 2000 and years[-1] >= 2020
    assert len({d.signer_name for d in DOCUMENTS}) == len(DOCUMENTS)


def test_both_tone_conventions_appear():
    text = " ".join(" ".join([d.issuer, *d.body]) for d in DOCUMENTS)
    for old, new in (("hoà", "hòa"), ("uỷ", "ủy"), ("hoá", "hóa")):
        assert old in text.lower() and new in text.lower(), (old, new)


def test_symbols_follow_party_and_state_conventions():
    for doc in DOCUMENTS:
        if doc.family == PARTY:
            assert re.fullmatch(r"\d+-[A-Za-zĐđ]+/[A-ZĐ]+", doc.symbol), doc.symbol
            assert doc.number_line == f"Số {doc.symbol}"
        else:
            assert re.fullmatch(r"\d+(/\d{4})?/[A-ZĐ]+-[A-ZĐ]+", doc.symbol), doc.symbol
            assert doc.number_line == f"Số: {doc.symbol}"
        assert doc.symbol.startswith(doc.number)
        dt.date.fromisoformat(doc.date)


def test_cong_van_has_a_vv_subject_and_no_type_line():
    letters = [d for d in DOCUMENTS if not d.type_name]
    assert {d.family for d in letters} == {PARTY, STATE}
    for doc in letters:
        assert doc.doc_type == "Công văn"
        assert doc.cv_subject.startswith("V/v ")
        assert doc.subject == ""


def test_doc_type_is_sentence_case_of_the_type_line():
    assert by_id("s05").doc_type == "Chương trình hành động"
    assert by_id("s11").doc_type == "Nghị định"


def test_sample_documents_cite_each_other():
    cited = {
        (doc.id, other.id)
        for doc in DOCUMENTS
        for other in DOCUMENTS
        if other is not doc and other.symbol in " ".join(doc.body)
    }
    assert len(cited) >= 3


def test_each_document_has_words_no_other_has():
    def words(doc):
        return set(" ".join(plain(p) for p in doc.body).lower().split())

    for doc in DOCUMENTS:
        others = set().union(*(words(d) for d in DOCUMENTS if d is not doc))
        assert len(words(doc) - others) >= 5, doc.id


def test_plain_strips_markup():
    assert plain("**Điều 1.** Phê duyệt") == "Điều 1. Phê duyệt"
    assert plain("## QUYẾT ĐỊNH:") == "QUYẾT ĐỊNH:"
    assert plain("= Kính gửi: Ủy ban") == "Kính gửi: Ủy ban"


# ---------------------------------------------------------------- fonts and rendering


@pytest.mark.parametrize("family", ["liberation", "dejavu", "noto", "mono"])
@pytest.mark.parametrize("style", ["regular", "bold", "italic", "bolditalic"])
def test_fonts_draw_vietnamese_marks(family, style):
    font = render.load_font(family, style, 64)
    for marked, bare in (("ệ", "e"), ("Ữ", "U"), ("đ", "d"), ("ở", "o")):
        a = np.asarray(font.getmask(marked))
        b = np.asarray(font.getmask(bare))
        assert a.shape != b.shape or (a != b).any(), (marked, family, style)
    top, bottom = font.getbbox("ệ")[1], font.getbbox("ệ")[3]
    e_top, e_bottom = font.getbbox("e")[1], font.getbbox("e")[3]
    assert top < e_top and bottom > e_bottom  # a circumflex above and a dot below


def test_missing_font_names_the_debian_package(tmp_path, monkeypatch):
    listing = tmp_path / "fonts.txt"
    listing.write_text("noto regular fonts-noto-core /nonexistent/NotoSerif-Regular.ttf\n")
    monkeypatch.setattr(render, "FONTS_LIST", listing)
    with pytest.raises(render.FontMissingError, match="fonts-noto-core"):
        render.font_path("noto", "regular")


def test_render_draws_a4_pages_at_the_dpi():
    pages = render.render(by_id("s01"), dpi=100)
    assert len(pages) == 2
    for page in pages:
        assert page.image.shape == (1169, 827, 3) and page.image.dtype == np.uint8
        assert page.dpi == 100


def test_truth_lines_are_the_printed_text_in_order():
    doc = by_id("s08")
    pages = render.render(doc, dpi=100)
    lines = [line for page in pages for line in page.lines]
    for line in lines:
        assert line["kind"] in KINDS
        assert line["text"].strip() == line["text"] and line["text"]
        assert unicodedata.normalize("NFC", line["text"]) == line["text"]
    header = [ln["text"] for ln in pages[0].lines if ln["kind"] == "header"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    assert doc.number_line in header and doc.date_line in header
    title = " ".join(ln["text"] for ln in lines if ln["kind"] == "title")
    assert title == f"{doc.type_name} {doc.subject}"
    body = " ".join(ln["text"] for ln in lines if ln["kind"] == "body")
    assert body.split() == " ".join(plain(p) for p in doc.body).split()
    assert pages[1].lines[0] == {"text": "2", "kind": "pageno"}
    sign = [ln["text"] for ln in lines if ln["kind"] == "sign"]
    assert sign == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", doc.signer_name]
    recip = [ln["text"] for ln in lines if ln["kind"] == "recip"]
    assert recip == ["Nơi nhận:", *doc.recipients]


def test_party_header_and_marks():
    doc = by_id("s04")
    first = render.render(doc, dpi=100)[0].lines
    texts = [ln["text"] for ln in first]
    assert texts[:3] == ["ĐẢNG BỘ TỈNH QUẢNG NAM", "HUYỆN ỦY ĐẠI LỘC", "Số 85-KL/HU"]
    assert {"text": "MẬT", "kind": "mark"} in first
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts
    cv = render.render(by_id("s09"), dpi=100)[0].lines
    assert {"text": "KHẨN", "kind": "mark"} in cv
    vv = " ".join(ln["text"] for ln in cv if ln["kind"] == "header" and "Số" not in ln["text"])
    assert by_id("s09").cv_subject in vv
    assert not any(ln["kind"] == "title" for ln in cv)


def test_seal_is_red_and_signature_blue():
    page = render.render(by_id("s07"), dpi=100)[-1].image.astype(int)
    r, g, b = page[..., 0], page[..., 1], page[..., 2]
    assert ((r - g > 60) & (r - b > 60)).sum() > 200
    assert ((b - r > 60) & (b - g > 40)).sum() > 50


def test_typewriter_rendering_is_monospaced_and_deterministic():
    doc = by_id("s03")
    a = render.render(doc, dpi=100)
    b = render.render(doc, dpi=100)
    assert all((x.image == y.image).all() for x, y in zip(a, b, strict=True))
    serif = render.render(doc, dpi=100, typewriter=False)
    assert not (a[0].image == serif[0].image).all()
    body_a = " ".join(ln["text"] for p in a for ln in p.lines if ln["kind"] == "body")
    body_s = " ".join(ln["text"] for p in serif for ln in p.lines if ln["kind"] == "body")
    assert body_a.split() == body_s.split()


# ---------------------------------------------------------------- damage


def test_rotate_turns_dimensions():
    img = text_page()
    assert damage.rotate(img, 1).shape == (400, 560, 3)
    assert damage.rotate(img, 3).shape == (400, 560, 3)
    upside = damage.rotate(img, 2)
    assert upside.shape == img.shape and (upside == img[::-1, ::-1]).all()


def test_skew_tilts_a_horizontal_line():
    img = np.full((400, 600, 3), 255, np.uint8)
    img[198:202, 50:550] = 0
    out = damage.skew(img, np.random.default_rng(0), angle=3.0)
    assert out.shape == img.shape

    def row_of_ink(col):
        return float(np.mean(np.nonzero(out[:, col, 0] < 128)[0]))

    rise = row_of_ink(100) - row_of_ink(500)  # counter-clockwise: the right end goes up
    assert rise == pytest.approx(400 * np.tan(np.radians(3.0)), abs=3)
    random_angle = damage.skew(img, np.random.default_rng(1))
    assert not (random_angle == img).all()


def test_spine_shadow_darkens_one_edge():
    img = np.full((300, 400, 3), 250, np.uint8)
    out = damage.spine_shadow(img, np.random.default_rng(0), side="left")
    assert out[:, :20].mean() < 150
    assert out[:, -20:].mean() > 220
    right = damage.spine_shadow(img, np.random.default_rng(0), side="right")
    assert right[:, -20:].mean() < right[:, :20].mean() - 80


def test_photocopy_is_grey_with_dark_border_and_speckle():
    img = text_page(1240, 1754)
    out = damage.photocopy(img, np.random.default_rng(3))
    assert (out[..., 0] == out[..., 1]).all() and (out[..., 1] == out[..., 2]).all()
    edges = [out[:8].mean(), out[-8:].mean(), out[:, :8].mean(), out[:, -8:].mean()]
    assert min(edges) < 120
    # Away from the borders, paper that was blank now has toner specks on it.
    blank = img[100:-100, 100:-100, 0] == 255
    specks = out[100:-100, 100:-100, 0][blank] < 100
    assert specks.sum() > 100


def test_aged_paper_turns_yellow():
    img = np.full((300, 300, 3), 255, np.uint8)
    out = damage.aged(img, np.random.default_rng(0)).astype(float)
    r, g, b = out[..., 0].mean(), out[..., 1].mean(), out[..., 2].mean()
    assert r > g > b and r - b > 30


def test_bleed_through_shows_the_back_mirrored():
    front = np.full((200, 300, 3), 255, np.uint8)
    back = np.full((200, 300, 3), 255, np.uint8)
    back[50:150, 200:280] = 0  # text on the right of the back is on the left seen through
    out = damage.bleed_through(front, np.random.default_rng(0), back, strength=0.25)
    assert out[60:140, 30:90].mean() < 230
    assert out[60:140, 200:280].mean() > 250


def test_faded_ink_is_lighter_but_still_there():
    img = text_page()
    out = damage.faded(img, np.random.default_rng(0))
    ink = img[..., 0] < 50
    assert out[..., 0][ink].mean() > 80
    assert out[..., 0][ink].mean() < out[..., 0][~ink].mean() - 60


def test_low_resolution_halves_a_300_dpi_page():
    img = text_page(600, 840)
    out = damage.low_resolution(img, np.random.default_rng(0), dpi=300)
    assert out.shape == (420, 300, 3)
    assert damage.low_resolution(img, np.random.default_rng(0), dpi=150).shape == img.shape


def test_office_is_mild():
    img = text_page()
    out = damage.office(img, np.random.default_rng(0))
    assert out.shape == img.shape
    assert 0 < np.abs(out.astype(int) - img.astype(int)).mean() < 40


def test_uneven_ink_varies_the_strokes():
    img = text_page()
    out = damage.uneven_ink(img, np.random.default_rng(0))
    ink = img[..., 0] < 50
    assert out[..., 0][ink].std() > 5 * img[..., 0][ink].std() + 5


def test_every_profile_damages_except_clean():
    pages = [text_page(), text_page()]
    for name in damage.PROFILE_NAMES:
        out, dpi = damage.apply_profile(name, pages, np.random.default_rng(0), 300)
        assert len(out) == 2
        if name == "clean":
            assert all((a == b).all() for a, b in zip(out, pages, strict=True))
        else:
            assert any(a.shape != b.shape or (a != b).any()
                       for a, b in zip(out, pages, strict=True)), name
        assert dpi == (150 if name == "lowres" else 300)
    with pytest.raises(ValueError, match="unknown damage profile"):
        damage.apply_profile("soggy", pages, np.random.default_rng(0), 300)


def test_sideways_and_upside_profiles_turn_pages():
    pages = [text_page()]
    side, _ = damage.apply_profile("sideways", pages, np.random.default_rng(0), 300)
    assert side[0].shape == (400, 560, 3)
    up, _ = damage.apply_profile("upside", pages, np.random.default_rng(0), 300)
    assert up[0].shape == pages[0].shape


# ---------------------------------------------------------------- files and truth


@pytest.fixture(scope="module")
def every_format(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    records = generate(out, documents=["s01", "s02", "s04", "s05", "s06"], formats=FORMATS,
                       profiles=["clean", "photocopy", "office", "sideways", "bleed"], dpi=100)
    return out, records


def test_each_format_opens_with_the_right_page_count(every_format):
    out, records = every_format
    by_format = {r["format"]: r for r in records}
    assert set(by_format) == set(FORMATS)
    for record in records:
        path = out / record["file"]
        assert page_count(path) == len(record["pages"])
    assert len(by_format["pdf"]["pages"]) == 2
    assert len(by_format["jpeg"]["pages"]) == 1 and len(by_format["png"]["pages"]) == 1
    with Image.open(out / by_format["tiff-g4"]["file"]) as im:
        assert im.mode == "1" and im.info["compression"] == "group4"
        assert im.n_frames == 2
    with Image.open(out / by_format["tiff-lzw"]["file"]) as im:
        assert im.mode == "RGB" and im.info["compression"] == "tiff_lzw"
        assert round(im.info["dpi"][0]) == 100
    with Image.open(out / by_format["jpeg"]["file"]) as im:
        assert im.format == "JPEG" and im.size == (1169, 827)  # sideways
    pdf = pdfium.PdfDocument(str(out / by_format["pdf"]["file"]))
    width, height = pdf[0].get_size()
    assert width == pytest.approx(595, abs=2) and height == pytest.approx(842, abs=2)


def test_truth_json_is_written_beside_the_scans(every_format):
    out, records = every_format
    on_disk = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert on_disk == records
    for record in records:
        assert set(record) >= {"id", "file", "profile", "meta", "pages"}
        assert set(record["meta"]) == META_KEYS
        for page in record["pages"]:
            assert page["lines"]
            for line in page["lines"]:
                assert line["kind"] in KINDS and line["text"]
                assert unicodedata.normalize("NFC", line["text"]) == line["text"]


def test_generation_is_deterministic(tmp_path):
    kwargs = {"documents": ["s07", "s03", "s10"], "formats": ["pdf", "tiff-g4", "jpeg"],
              "profiles": ["aged", "typewritten", "photocopy"], "dpi": 80}
    a = generate(tmp_path / "a", seed=5, **kwargs)
    b = generate(tmp_path / "b", seed=5, **kwargs)
    c = generate(tmp_path / "c", seed=6, **kwargs)
    assert a == b == c  # the truth does not depend on the damage
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert any((tmp_path / "a" / r["file"]).read_bytes() != (tmp_path / "c" / r["file"])
               .read_bytes() for r in a)


def test_generate_rejects_unknown_names(tmp_path):
    with pytest.raises(ValueError, match="formats"):
        generate(tmp_path, documents=["s07"], formats=["djvu"], dpi=50)
    with pytest.raises(KeyError):
        generate(tmp_path, documents=["nope"], dpi=50)


def test_bulk_writes_exactly_the_pages_asked(tmp_path):
    records = generate_bulk(tmp_path, pages=5, seed=1, dpi=60)
    assert sum(len(r["pages"]) for r in records) == 5
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert page_count(tmp_path / record["file"]) == len(record["pages"])
    assert json.loads((tmp_path / "truth.json").read_text(encoding="utf-8")) == records


def test_cli_writes_a_bulk_set(tmp_path, capsys):
    assert main([str(tmp_path), "--bulk-pages", "2", "--dpi", "50", "--seed", "3"]) == 0
    assert (tmp_path / "truth.json").exists()
    assert "2 pages" in capsys.readouterr().err


# ---------------------------------------------------------------- the committed set


def test_committed_set_covers_every_profile_and_format_within_8_mb():
    truth = json.loads((SCANS / "truth.json").read_text(encoding="utf-8"))
    assert {r["profile"] for r in truth} == set(damage.PROFILE_NAMES)
    assert {r["format"] for r in truth} == set(FORMATS)
    assert 10 <= len(truth) <= 14
    assert 18 <= sum(len(r["pages"]) for r in truth) <= 24
    for record in truth:
        assert page_count(SCANS / record["file"]) == len(record["pages"])
    total = sum(p.stat().st_size for p in SCANS.iterdir() if p.is_file())
    assert total <= 8 * 1024 * 1024


def test_committed_truth_matches_the_generator():
    truth = {r["id"]: r for r in json.loads((SCANS / "truth.json").read_text(encoding="utf-8"))}
    for entry in PLAN:
        doc = by_id(entry.doc_id)
        record = truth[entry.doc_id]
        assert record["meta"] == doc.meta()
        typewriter = doc.typewriter or entry.profile == "typewritten"
        pages = render.render(doc, min(300, entry.max_dpi), typewriter=typewriter)
        expected = [{"lines": p.lines} for p in pages][: len(record["pages"])]
        assert record["pages"] == expected, entry.doc_id

