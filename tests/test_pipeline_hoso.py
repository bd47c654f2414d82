"""Which hồ sơ a scan file goes to: folders, files alone, manifests."""
from __future__ import annotations

from pathlib import Path

import pytest

from luutru.archive.catalog import Catalog
from luutru.pipeline.hoso import DEFAULT_HOSO, ManifestError, plan, read_manifest


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4")
    return path


def test_a_folder_is_a_hoso_and_a_file_alone_goes_to_its_folders(tmp_path: Path):
    a = touch(tmp_path / "HS-2016-07" / "a.pdf")
    nested = touch(tmp_path / "HS-2016-07" / "hop 2" / "b.tiff")
    alone = touch(tmp_path / "Hồ sơ Đảng ủy" / "c.pdf")
    out = plan([tmp_path / "HS-2016-07", alone], [a, nested, alone])
    assert out.of_file == {a: "HS-2016-07", nested: "HS-2016-07", alone: "Hồ sơ Đảng ủy"}
    assert out.problems == []
    root_file = Path("/c.pdf")
    assert plan([root_file], [root_file]).of_file[root_file] == DEFAULT_HOSO


def test_a_manifest_names_hoso_with_their_fields(tmp_path: Path):
    box = tmp_path / "hop-12"
    a = touch(box / "HS01" / "a.pdf")
    b = touch(box / "HS02" / "b.pdf")
    loose = touch(box / "rời.pdf")
    (box / "hoso.csv").write_text(
        "Mã hồ sơ,path,Tiêu đề hồ sơ,Thời hạn bảo quản,startDate,Ngày kết thúc,Số tờ,Phông\n"
        "H12.2016.01,HS01,Hồ sơ Hội nghị lần thứ 5,01,05/01/2016,2016-12-30,48,Huyện ủy Nam Giang\n"
        "H12.2016.02,HS02,,02,,,,Huyện ủy Nam Giang\n"
        "H12.2016.00,,Tài liệu rời,,,,,\n", encoding="utf-8-sig")
    out = plan([box], [a, b, loose])
    assert out.of_file == {a: "H12.2016.01", b: "H12.2016.02", loose: "H12.2016.00"}
    assert out.fields["H12.2016.01"] == {
        "title": "Hồ sơ Hội nghị lần thứ 5", "maintenance": "01", "start_date": "2016-01-05",
        "end_date": "2016-12-30", "number_of_paper": 48, "fonds": "Huyện ủy Nam Giang"}
    catalog = Catalog(tmp_path / "catalog.sqlite")
    out.save(catalog)
    saved = catalog.hoso("H12.2016.01")
    assert (saved.title, saved.start_date, saved.number_of_paper) == (
        "Hồ sơ Hội nghị lần thứ 5", "2016-01-05", 48)
    assert [h.code for h in catalog.hoso_list(fonds="Huyện ủy Nam Giang")] == [
        "H12.2016.01", "H12.2016.02"]


def test_an_explicit_manifest_row_without_path_covers_what_is_ingested(tmp_path: Path):
    a = touch(tmp_path / "scans" / "a.pdf")
    manifest = tmp_path / "elsewhere" / "ds.csv"
    manifest.parent.mkdir()
    manifest.write_text("fileCode,title\nHS-99,Hồ sơ kiểm tra\n", encoding="utf-8")
    assert plan([tmp_path / "scans"], [a], manifest).of_file == {a: "HS-99"}


@pytest.mark.parametrize(("text", "reason"), [
    ("title\nx\n", "no mã hồ sơ column"),
    ("code,màu\nHS1,đỏ\n", "unknown columns màu"),
    ("code\nHS/1\n", "row 2: mã hồ sơ 'HS/1' cannot name files"),
    ("code,startDate\nHS1,tháng 5\n", "row 2: date 'tháng 5' is not a day"),
    ("code,endDate\nHS1,31/02/2025\n", "row 2: date '31/02/2025' is not a day"),
    ("code,endDate\nHS1,2025\n", "row 2: date '2025' is not a day"),
    ("code,Số tờ\nHS1,nhiều\n", "row 2: số tờ 'nhiều' is no number"),
])
def test_a_bad_manifest_is_named_with_its_row_and_reason(tmp_path: Path, text: str,
                                                         reason: str):
    manifest = tmp_path / "hoso.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=reason):
        read_manifest(manifest)
    # In a batch it is reported, and the folder is still one hồ sơ by its name.
    a = touch(tmp_path / "a.pdf")
    out = plan([tmp_path], [a])
    assert out.problems and out.problems[0][0] == str(manifest)
    assert out.of_file == {a: tmp_path.name}
