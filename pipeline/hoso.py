"""Which hồ sơ each scan file of an ingest belongs to.

By default a folder given to ingest is one hồ sơ, its name the mã hồ sơ; a file given
alone goes to the hồ sơ named for the folder it lies in (or DEFAULT_HOSO). A manifest CSV —
given with `--manifest FILE`, or a `hoso.csv` in a folder given to ingest — names hồ sơ
instead: one row per hồ sơ, with its code, the file or folder it covers (`path`, relative
to the manifest; none: everything the manifest covers) and any Thông tư 05/2025 field
(title, maintenance, paper file code, dates, ...). A file takes the row whose path is the
longest that contains it.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from luutru.archive.catalog import HOSO_FIELDS, Catalog
from luutru.vietnamese import fold, nfc, parse_date

MANIFEST_NAME = "hoso.csv"
DEFAULT_HOSO = "mac-dinh"

# Column titles a manifest may use for each field: the catalog's names, Thông tư 05/2025's
# and the Vietnamese titles of its tables, compared without case, marks or spaces.
_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "filecode", "mahoso", "hoso"),
    "path": ("path", "folder", "file", "thumuc", "tep", "duongdan"),
    "fonds": ("fonds", "phong", "phongluutru", "maphong", "tenphong"),
    "title": ("title", "tieude", "tieudehoso"),
    "maintenance": ("maintenance", "thoihanbaoquan"),
    "mode": ("mode", "chedosudung"),
    "language": ("language", "ngonngu"),
    "start_date": ("startdate", "thoigianbatdau", "ngaybatdau"),
    "end_date": ("enddate", "thoigianketthuc", "ngayketthuc"),
    "keyword": ("keyword", "tukhoa"),
    "paper_file_code": ("paperfilecode", "mahosogiay"),
    "format": ("format", "tinhtrangvatly"),
    "inforsign": ("inforsign", "kyhieuthongtin"),
    "confidence_level": ("confidencelevel", "mucdotincay"),
    "risk_recovery": ("riskrecovery", "mahosodukhoiphuc"),
    "risk_recovery_status": ("riskrecoverystatus", "tinhtrangdukhoiphuc"),
    "description": ("description", "ghichu", "mota"),
    "number_of_paper": ("numberofpaper", "soto", "sotogiay"),
}
_COLUMN = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_BAD_CODE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file, the row and why."""


@dataclass(frozen=True)
class HosoEntry:
    code: str
    path: Path | None  # what it covers, resolved; None: everything the manifest covers
    fields: dict[str, str | int] = field(default_factory=dict)


@dataclass
class HosoPlan:
    """The hồ sơ of every scan file, and the fields to give each hồ sơ."""

    of_file: dict[Path, str] = field(default_factory=dict)
    fields: dict[str, dict[str, str | int]] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def save(self, catalog: Catalog) -> None:
        for code in sorted(set(self.of_file.values()) | set(self.fields)):
            catalog.ensure_hoso(code, **self.fields.get(code, {}))


def valid_code(code: str) -> bool:
    """A mã hồ sơ names files (`<mã hồ sơ>.<số thứ tự>`): one plain file-name part."""
    return bool(code) and code not in (".", "..") and not _BAD_CODE.search(code)


def _key(title: str) -> str:
    return "".join(c for c in fold(title) if c.isalnum() and c.isascii())


def _date(value: str, where: str) -> str:
    """A day as DD/MM/YYYY or YYYY-MM-DD, in ISO; a day that does not exist is an error."""
    iso = parse_date(value)
    if iso is None or (iso and len(iso) != len("2025-07-01")):
        raise ManifestError(f"{where}: date {value!r} is not a day as DD/MM/YYYY or "
                            "YYYY-MM-DD")
    return iso


def read_manifest(path: Path) -> list[HosoEntry]:
    """The rows of a manifest; a bad one raises ManifestError naming the file and row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}: cannot be read ({e})") from e
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise ManifestError(f"{path}: empty manifest")
    columns = [_COLUMN.get(_key(t)) for t in rows[0]]
    unknown = [t for t, c in zip(rows[0], columns, strict=True) if c is None and t.strip()]
    if unknown:
        raise ManifestError(f"{path}: unknown columns {', '.join(unknown)}")
    if "code" not in columns:
        raise ManifestError(f"{path}: no mã hồ sơ column (code, fileCode or 'Mã hồ sơ')")
    entries = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path} row {line}"
        cells = {c: nfc(v.strip())
                 for c, v in zip(columns, row, strict=False) if c}
        code = cells.pop("code", "")
        if not valid_code(code):
            raise ManifestError(f"{where}: mã hồ sơ {code!r} cannot name files")
        covered = cells.pop("path", "")
        values: dict[str, str | int] = {k: v for k, v in cells.items() if v}
        for name in ("start_date", "end_date"):
            if name in values:
                values[name] = _date(str(values[name]), where)
        if "number_of_paper" in values:
            if not str(values["number_of_paper"]).isdigit():
                raise ManifestError(f"{where}: số tờ {values['number_of_paper']!r} is no number")
            values["number_of_paper"] = int(values["number_of_paper"])
        assert set(values) <= set(HOSO_FIELDS)
        entries.append(HosoEntry(code, (path.parent / covered).resolve() if covered else None,
                                 values))
    return entries


def plan(paths: list[Path], files: list[Path], manifest: Path | None = None) -> HosoPlan:
    """The hồ sơ of each file found under `paths`."""
    out = HosoPlan()
    given = [p.resolve() for p in paths]
    # (what a row covers, the row): an explicit manifest's pathless row covers every path
    # given; a folder's own hoso.csv covers that folder.
    rules: list[tuple[Path, HosoEntry]] = []
    manifests = [(manifest, given)] if manifest else []
    manifests += [(p / MANIFEST_NAME, [p]) for p in given
                  if p.is_dir() and (p / MANIFEST_NAME).is_file()]
    for source, covers in manifests:
        try:
            entries = read_manifest(source)
        except ManifestError as e:
            out.problems.append((str(source), str(e).removeprefix(f"{source}: ")))
            continue
        for entry in entries:
            out.fields.setdefault(entry.code, {}).update(entry.fields)
            for covered in [entry.path] if entry.path else covers:
                rules.append((covered, entry))
    for file in files:
        resolved = file.resolve()
        matching = [(len(c.parts), e.code) for c, e in rules
                    if resolved == c or c in resolved.parents]
        if matching:
            out.of_file[file] = max(matching)[1]
            continue
        top = next((g for g in given if g.is_dir() and g in resolved.parents), None)
        name = nfc((top or resolved.parent).name)
        out.of_file[file] = name if valid_code(name) else DEFAULT_HOSO
    return out
