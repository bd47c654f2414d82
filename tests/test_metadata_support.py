"""Laid-out test pages for the metadata tests: lines placed in the header columns, the title
block, the body and the signature block, as word boxes like Tesseract's.

Also tests of the helper itself, so a broken helper cannot make the other tests pass.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from luutru.ocr.types import PageResult, Word

WIDTH, HEIGHT = 2480, 3508  # A4 at 300 dpi
LEFT, RIGHT = 350, 2200  # text area
H = 44  # word box height
PITCH = 78  # body line pitch

# Where a line sits across the page: (x from, x to, alignment).
SLOTS = {
    "left": (LEFT - 60, LEFT + 760, "center"),  # left header column
    "right": (LEFT + 840, RIGHT + 40, "center"),  # right header column
    "center": (LEFT, RIGHT, "center"),  # title block
    "body": (LEFT, RIGHT, "left"),
    "indent": (LEFT + 90, RIGHT, "left"),
    "sign": (LEFT + 1000, RIGHT, "center"),  # signature block
    "recip": (LEFT, LEFT + 800, "left"),  # 'Nơi nhận' list
}


def word_width(text: str) -> int:
    return int(sum(0.62 * H if c.isupper() else 0.48 * H for c in text)) + 4


@dataclass
class Sheet:
    """One page being laid out; `put` places a line, `page` makes the PageResult."""

    number: int = 1
    lines: list[tuple[str, str, int, float]] = field(default_factory=list)

    def put(self, text: str, slot: str, y: int, conf: float = 0.95,
            justify: bool = False) -> Sheet:
        """justify: stretch the spaces so the line ends at the right margin, like the
        lines of a justified paragraph (all but its last)."""
        self.lines.append((text, slot + ("+" if justify else ""), y, conf))
        return self

    def page(self, merge_rows: bool = True) -> PageResult:
        """merge_rows: words on one printed row share a line index, as Tesseract often
        joins the two header columns; otherwise every placed line is its own line."""
        words: list[Word] = []
        row_index: dict[int, int] = {}
        texts: dict[int, list[str]] = {}
        for n, (text, slot, y, conf) in enumerate(sorted(self.lines, key=lambda t: t[2])):
            line = row_index.setdefault(y, len(row_index)) if merge_rows else n
            tokens = text.split()
            widths = [word_width(t) for t in tokens]
            total = sum(widths) + 14 * (len(tokens) - 1)
            x_from, x_to, align = SLOTS[slot.rstrip("+")]
            x = x_from + (x_to - x_from - total) // 2 if align == "center" else x_from
            space = 14
            if slot.endswith("+") and len(tokens) > 1:
                space = max(14, (x_to - x_from - sum(widths)) // (len(tokens) - 1))
            for tok, w in zip(tokens, widths, strict=True):
                words.append(Word(tok, (x, y, x + w, y + H), conf, line))
                x += w + space
            texts.setdefault(line, []).extend(tokens)
        text = "\n".join(" ".join(t) for _, t in sorted(texts.items()))
        return PageResult(self.number, WIDTH, HEIGHT, tuple(words), text, 0.95, 0.9)


def body(sheet: Sheet, y: int, paragraphs: list[str], width: int = 72) -> int:
    """Flow prose into justified-looking body lines from y; returns the next free y."""
    for para in paragraphs:
        words = para.split()
        line: list[str] = []
        first = True
        for w in words:
            if len(" ".join([*line, w])) > width and line:
                sheet.put(" ".join(line), "indent" if first else "body", y, justify=True)
                y += PITCH
                line, first = [], False
            line.append(w)
        if line:
            sheet.put(" ".join(line), "indent" if first else "body", y)
            y += PITCH
    return y


PARTY_BODY = [
    "Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng "
    "khóa XII và Kết luận 21-KL/TW của Hội nghị Trung ương bốn, Ban Thường vụ Huyện ủy "
    "thống nhất các nội dung sau đây để triển khai trong toàn Đảng bộ huyện.",
    "Các chi bộ, đảng bộ cơ sở tổ chức quán triệt đầy đủ, nghiêm túc; báo cáo kết quả thực "
    "hiện về Ban Thường vụ Huyện ủy trước ngày 15 tháng 12 hằng năm.",
    "Giữ gìn bí mật nội dung thảo luận theo quy định của Đảng về bảo vệ bí mật nhà nước.",
]

STATE_BODY = [
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Lưu trữ số 33/2024/QH15 ngày 21 tháng 6 năm 2024;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
    "văn thư;",
    "Theo đề nghị của Bộ trưởng Bộ Nội vụ;",
    "Chính phủ ban hành Nghị định quy định về quản lý kho lưu trữ chuyên dụng.",
]


def party_doc(*, superior: str = "ĐẢNG BỘ TỈNH QUẢNG NAM", issuer: str = "HUYỆN ỦY NAM GIANG",
              number_line: str = "Số 12-NQ/HU", date_line: str =
              "Nam Giang, ngày 20 tháng 01 năm 2016", type_line: str = "NGHỊ QUYẾT",
              subject: tuple[str, ...] = ("về đẩy mạnh cải cách hành chính",
                                          "giai đoạn 2016 - 2020"),
              motto: str = "ĐẢNG CỘNG SẢN VIỆT NAM", marks: tuple[str, ...] = (),
              authority: str = "T/M BAN THƯỜNG VỤ", title: str = "BÍ THƯ",
              name: str = "Trần Văn Hùng", name_conf: float = 0.95,
              merge_rows: bool = True) -> list[PageResult]:
    """A two-page Party document; pass '' to leave a line out."""
    first = Sheet(1)
    y = 200
    if superior:
        first.put(superior, "left", y)
    if motto:
        first.put(motto, "right", y)
    y += 70
    if issuer:
        for part in issuer.split("\n"):
            first.put(part, "left", y)
            y += 62
    first.put("*", "left", y)
    if date_line:
        first.put(date_line, "right", y)
    y += 80
    if number_line:
        first.put(number_line, "left", y)
    y += 80
    for mark in marks:
        first.put(mark, "left", y)
        y += 70
    y += 120
    if type_line:
        first.put(type_line, "center", y)
        y += 80
    for line in subject:
        first.put(line, "center", y)
        y += 72
    y += 120
    body(first, y, PARTY_BODY)
    last = Sheet(2)
    last.put("2", "center", 150)
    y = body(last, 260, ["Nghị quyết này được phổ biến đến chi bộ và đảng viên."]) + 80
    last.put("Nơi nhận:", "recip", y)
    for i, line in enumerate(["- Ban Thường vụ Tỉnh ủy (b/c),", "- Các chi bộ, đảng bộ cơ sở,",
                              "- Lưu Văn phòng Huyện ủy."]):
        last.put(line, "recip", y + 60 + 52 * i)
    if authority:
        last.put(authority, "sign", y)
        y += 70
    if title:
        last.put(title, "sign", y)
    if name:
        last.put(name, "sign", y + 400, name_conf)
    return [first.page(merge_rows), last.page(merge_rows)]


def state_doc(*, superior: str = "", issuer: str = "CHÍNH PHỦ",
              number_line: str = "Số: 45/2019/NĐ-CP",
              date_line: str = "Hà Nội, ngày 05 tháng 3 năm 2019", type_line: str = "NGHỊ ĐỊNH",
              subject: tuple[str, ...] = ("Quy định về quản lý kho lưu trữ chuyên dụng",),
              vv: tuple[str, ...] = (), marks: tuple[str, ...] = (),
              motto: tuple[str, ...] = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Độc lập - Tự do - Hạnh phúc"),
              authorities: tuple[str, ...] = ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG"),
              title: str = "PHÓ THỦ TƯỚNG", name: str = "Lê Minh Khôi",
              body_text: list[str] | None = None, merge_rows: bool = True,
              pages: int = 2) -> list[PageResult]:
    first = Sheet(1)
    y = 200
    left_lines = [s for s in (superior, issuer) if s]
    right_lines = list(motto)
    for i in range(max(len(left_lines), len(right_lines))):
        if i < len(left_lines):
            for part in left_lines[i].split("\n"):
                first.put(part, "left", y)
                if "\n" in left_lines[i]:
                    y += 60
        if i < len(right_lines):
            first.put(right_lines[i], "right", y)
        y += 62
    first.put("-------", "left", y - 10)
    y += 50
    if number_line:
        first.put(number_line, "left", y)
    if date_line:
        first.put(date_line, "right", y + 20)
    y += 70
    for line in vv:
        first.put(line, "left", y)
        y += 56
    for mark in marks:
        first.put(mark, "left", y + 10)
        y += 70
    y += 110
    if type_line:
        first.put(type_line, "center", y)
        y += 80
    for line in subject:
        first.put(line, "center", y)
        y += 72
    first.put("-----", "center", y)
    y += 110
    if vv and not type_line:
        first.put("Kính gửi: Các sở, ban, ngành thuộc tỉnh", "center", y)
        y += 100
    body(first, y, body_text if body_text is not None else STATE_BODY)
    out = [first.page(merge_rows)]
    for n in range(2, pages + 1):
        sheet = Sheet(n)
        sheet.put(str(n), "center", 150)
        y = body(sheet, 260, ["Điều 5. Hiệu lực thi hành",
                              "Nghị định này có hiệu lực kể từ ngày ký ban hành."])
        if n == pages:
            y += 80
            sheet.put("Nơi nhận:", "recip", y)
            sheet.put("- Như Điều 5;", "recip", y + 60)
            sheet.put("- Lưu: VT.", "recip", y + 112)
            for line in authorities:
                sheet.put(line, "sign", y)
                y += 66
            if title:
                sheet.put(title, "sign", y)
            if name:
                sheet.put(name, "sign", y + 420)
        out.append(sheet.page(merge_rows))
    return out


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- tests of the helper itself ------------------------------------------------------------

def test_sheet_places_columns_apart_on_one_line_index() -> None:
    page = Sheet().put("BỘ NỘI VỤ", "left", 200).put("CỘNG HÒA", "right", 200).page()
    left = [w for w in page.words if w.text in {"BỘ", "NỘI", "VỤ"}]
    right = [w for w in page.words if w.text in {"CỘNG", "HÒA"}]
    assert {w.line for w in page.words} == {0}
    assert max(w.box[2] for w in left) + 300 < min(w.box[0] for w in right)


def test_party_doc_has_header_and_signature_pages() -> None:
    first, last = party_doc()
    assert "Số 12-NQ/HU" in first.text and "NGHỊ QUYẾT" in first.text
    assert "Trần Văn Hùng" in last.text and first.number == 1 and last.number == 2
