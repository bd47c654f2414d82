"""Document types of both families and the codes their symbols print.

Party documents follow Hướng dẫn 36-HD/VPTW (2018), State documents Nghị định
30/2020/NĐ-CP, Phụ lục III (plus the normative types of the law on legal documents). Both
families share most codes; TT is Thông tri in a Party symbol and Thông tư in a State one.
Vocabulary only, no text of any particular document.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from luutru.vietnamese.text import fold

PARTY, STATE = "party", "state"
BOTH = (PARTY, STATE)


@dataclass(frozen=True)
class DocType:
    code: str  # as printed in a symbol: 'NQ', 'QĐi'
    name: str  # sentence case, as on the type line: 'Nghị quyết'
    families: tuple[str, ...]


# Order matters where codes fold alike: ĐA before DA, HD before HĐ (a code read without
# its marks is taken as the first).
TYPES: tuple[DocType, ...] = (
    DocType("NQ", "Nghị quyết", BOTH),
    DocType("CT", "Chỉ thị", BOTH),
    DocType("KL", "Kết luận", (PARTY,)),
    DocType("QĐ", "Quyết định", BOTH),
    DocType("QĐi", "Quy định", (PARTY,)),
    DocType("QyĐ", "Quy định", (STATE,)),
    DocType("QC", "Quy chế", BOTH),
    DocType("HD", "Hướng dẫn", BOTH),
    DocType("TB", "Thông báo", BOTH),
    DocType("TT", "Thông tri", (PARTY,)),
    DocType("TT", "Thông tư", (STATE,)),
    DocType("BC", "Báo cáo", BOTH),
    DocType("KH", "Kế hoạch", BOTH),
    DocType("QHo", "Quy hoạch", (PARTY,)),
    DocType("CTr", "Chương trình", BOTH),
    DocType("TTr", "Tờ trình", BOTH),
    DocType("CV", "Công văn", BOTH),  # a State công văn usually prints issuer-unit instead
    DocType("BB", "Biên bản", BOTH),
    DocType("QTr", "Quy trình", (PARTY,)),
    DocType("ĐA", "Đề án", BOTH),
    DocType("DA", "Dự án", (STATE,)),
    DocType("PA", "Phương án", (STATE,)),
    DocType("TC", "Thông cáo", (STATE,)),
    DocType("HĐ", "Hợp đồng", (STATE,)),
    DocType("CĐ", "Công điện", (STATE,)),
    DocType("BGN", "Bản ghi nhớ", (STATE,)),
    DocType("BTT", "Bản thỏa thuận", (STATE,)),
    DocType("GUQ", "Giấy ủy quyền", (STATE,)),
    DocType("GM", "Giấy mời", (STATE,)),
    DocType("GGT", "Giấy giới thiệu", BOTH),
    DocType("GCN", "Giấy chứng nhận", (PARTY,)),
    DocType("GNP", "Giấy nghỉ phép", BOTH),
    DocType("PG", "Phiếu gửi", BOTH),
    DocType("PC", "Phiếu chuyển", (STATE,)),
    DocType("PB", "Phiếu báo", (STATE,)),
    # Normative documents (Luật Ban hành văn bản quy phạm pháp luật).
    DocType("NĐ", "Nghị định", (STATE,)),
    DocType("TTLT", "Thông tư liên tịch", (STATE,)),
    DocType("NQLT", "Nghị quyết liên tịch", (STATE,)),
    DocType("L", "Lệnh", (STATE,)),
    DocType("PL", "Pháp lệnh", (STATE,)),
)

# Type names that also print another type's code: a Chương trình hành động is numbered as
# a CTr, and a Party Quy định at TW often prints QĐ.
EXTRA_CODES = {"Chương trình hành động": ("CTr",), "Quy định": ("QĐ",)}

# Every printed type line, in sentence case, longer names first so that 'Chương trình
# hành động' wins over 'Chương trình'. Some have no code of their own (Luật, Thư công).
TYPE_NAMES: tuple[str, ...] = tuple(sorted(
    dict.fromkeys([t.name for t in TYPES] + list(EXTRA_CODES) + [
        "Quyết định liên tịch", "Công văn", "Thư công", "Bộ luật", "Luật", "Hiến pháp",
        "Sắc lệnh", "Đề cương", "Nội quy", "Điều lệ",
    ]),
    key=lambda name: -len(name.split()),
))

# The typeName codes of Thông tư 05/2025/TT-BNV (văn bản metadata, codes 01-32), by type
# name. Only the codes confirmed from the circular are here; a type missing from this
# table gets no code (never 32 'Khác' by guess: only an archivist's correction of the type
# to 'Khác' gives it) and is exported by its name for review.
TT05_TYPE_CODES = {
    "Nghị quyết": "01", "Quyết định": "02", "Chỉ thị": "03", "Công văn": "22",
    "Công điện": "23", "Khác": "32",
}


def tt05_type_code(name: str) -> str:
    """'Quyết định' -> '02', TT 05/2025's typeName code; '' for a type it gives none."""
    return TT05_TYPE_CODES.get(name, "")


def type_name(code: str, family: str = "") -> str:
    """'NQ' -> 'Nghị quyết'; 'TT' -> 'Thông tri' (party) or 'Thông tư' (state or unknown)."""
    matches = [t for t in TYPES if t.code == code]
    fitting = [t for t in matches if family in t.families]
    if fitting:
        return fitting[0].name
    if code == "TT":
        return "Thông tư"
    return matches[0].name if matches else ""


def codes_for_name(name: str, family: str = "") -> tuple[str, ...]:
    """Type codes a document of type `name` may print, its own first: 'Quy định' ->
    ('QĐi', 'QyĐ', 'QĐ'). TT is counted only for the family whose TT it is."""
    own = [t.code for t in TYPES if t.name == name
           and (t.code != "TT" or not family or family in t.families)]
    return tuple(dict.fromkeys(own + list(EXTRA_CODES.get(name, ()))))


@cache
def codes_by_fold() -> dict[str, tuple[str, ...]]:
    """Folded code -> the codes it may be ('da' -> ('ĐA', 'DA')), table order."""
    table: dict[str, list[str]] = {}
    for t in TYPES:
        if t.code not in table.setdefault(fold(t.code), []):
            table[fold(t.code)].append(t.code)
    return {k: tuple(v) for k, v in table.items()}


@cache
def folded_type_codes() -> dict[str, tuple[str, ...]]:
    """Folded type name -> folded codes: 'quy dinh' -> ('qdi', 'qyd', 'qd')."""
    out: dict[str, tuple[str, ...]] = {}
    for name in TYPE_NAMES:
        codes = codes_for_name(name)
        if codes:
            out[fold(name)] = tuple(dict.fromkeys(fold(c) for c in codes))
    return out


def canonical_type_code(code: str) -> str:
    """'ND' -> 'NĐ', 'QDi' -> 'QĐi', 'Ctr' -> 'CTr'; '' for a code that is no type."""
    code = code.replace("Ð", "Đ").replace("ð", "đ")
    known = codes_by_fold().get(fold(code), ())
    if code in known:
        return code
    return known[0] if known else ""


def names_for_code(code: str) -> tuple[str, ...]:
    """Type names whose documents may print `code`: 'HĐ' -> ('Hợp đồng',), 'QĐ' ->
    ('Quyết định', 'Quy định'). A code typed without its marks ('hd') stands for every
    code it folds to (Hướng dẫn and Hợp đồng)."""
    code = code.strip().replace("Ð", "Đ").replace("ð", "đ")
    exact = [code] if any(t.code == code for t in TYPES) else []
    codes = exact or list(codes_by_fold().get(fold(code), ()))
    names = [name for name in TYPE_NAMES if set(codes) & set(codes_for_name(name))]
    return tuple(names)
