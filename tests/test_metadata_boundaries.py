"""Document boundaries inside one scan file, from page words and boxes (no OCR here)."""
from __future__ import annotations

from luutru.metadata.boundaries import (
    DocumentRange,
    PageSigns,
    find_ranges,
    page_signs,
    split_ranges,
)
from luutru.ocr.types import PageResult, Word

# An A4 page at 200 dpi; text 12 pt.
WIDTH, HEIGHT, MARGIN, LINE_HEIGHT, PITCH = 1654, 2339, 200, 34, 56
# Where a line stands: left and right header columns, centred, body, signature block, recipients.
SPANS = {"L": (0.12, 0.45), "R": (0.52, 0.98), "C": (0.3, 0.7), "B": (0.0, 1.0),
         "S": (0.6, 0.95), "N": (0.0, 0.3)}


def page(number: int, lines: list[tuple[str, str]], top: int = MARGIN) -> PageResult:
    """Words laid out as printed: each line's words spread over its span."""
    words: list[Word] = []
    y = top
    text_width = WIDTH - 2 * MARGIN
    for line_no, (where, text) in enumerate(lines):
        if where == "=":  # the next line level with this one (two header columns)
            y -= PITCH
            continue
        lo, hi = SPANS[where]
        tokens = text.split()
        char = 0.55 * LINE_HEIGHT
        width = sum(len(t) for t in tokens) * char + (len(tokens) - 1) * char
        x0 = MARGIN + lo * text_width
        if where in "CLRS":  # centred in its span
            x0 += max(0.0, ((hi - lo) * text_width - width) / 2)
        gap = char if where != "B" else max(char, ((hi - lo) * text_width - width
                                                  + (len(tokens) - 1) * char)
                                            / max(1, len(tokens) - 1))
        x = x0
        for token in tokens:
            w = len(token) * char
            words.append(Word(token, (int(x), y, int(x + w), y + LINE_HEIGHT), 0.92, line_no))
            x += w + gap
        y += PITCH
    text = "\n".join(t for w, t in lines if w != "=")
    return PageResult(number=number, width=WIDTH, height=HEIGHT, words=tuple(words), text=text,
                      confidence=0.92, quality=0.9, steps=(), method="ocr")


BODY = [("B", "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và Quy chế làm việc của Ban Chấp hành"),
        ("B", "Đảng bộ huyện khóa XXII, nhiệm kỳ 2020 - 2025; xét đề nghị của Ban Tổ chức,"),
        ("B", "Ban Thường vụ Huyện ủy đã thảo luận và thống nhất các nội dung sau đây về việc"),
        ("B", "đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh"),
        ("B", "nghiệp trên địa bàn huyện trong giai đoạn tới, tập trung vào các nhiệm vụ chính.")]


def party_header(symbol: str, date: str, type_line: str) -> list[tuple[str, str]]:
    return [("L", "ĐẢNG BỘ TỈNH QUẢNG NAM"), ("=", ""), ("R", "ĐẢNG CỘNG SẢN VIỆT NAM"),
            ("L", "HUYỆN ỦY NAM GIANG"), ("L", "*"),
            ("L", f"Số {symbol}"), ("=", ""), ("R", f"Nam Giang, {date}"),
            ("C", type_line), ("C", "về đẩy mạnh cải cách hành chính")]


def state_header(symbol: str, date: str, type_line: str) -> list[tuple[str, str]]:
    return [("L", "ỦY BAN NHÂN DÂN"), ("=", ""), ("R", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("L", "HUYỆN NAM GIANG"), ("=", ""), ("R", "Độc lập - Tự do - Hạnh phúc"),
            ("L", f"Số: {symbol}"), ("=", ""), ("R", f"Nam Giang, {date}"),
            ("C", type_line), ("C", "về việc thông qua Đề án sắp xếp đơn vị hành chính")]


SIGNED = [("S", "T/M BAN THƯỜNG VỤ"), ("S", "BÍ THƯ"), ("S", "Trần Văn Hùng"),
          ("N", "Nơi nhận:"), ("N", "- Như trên,"), ("N", "- Lưu Văn phòng.")]
STATE_SIGNED = [("S", "TM. ỦY BAN NHÂN DÂN"), ("S", "CHỦ TỊCH"), ("S", "Nguyễn Văn Minh"),
                ("N", "Nơi nhận:"), ("N", "- Như trên;"), ("N", "- Lưu: VT.")]


def test_a_page_shows_its_header_and_its_end():
    first = page_signs(page(1, party_header("12-NQ/HU", "ngày 20 tháng 01 năm 2016",
                                            "NGHỊ QUYẾT") + BODY))
    assert first.motto and first.number_line and first.date_line and not first.blank_number
    assert first.doc_type == "Nghị quyết" and first.strong_header and not first.closes
    last = page_signs(page(2, BODY + SIGNED))
    assert last.closes and not last.header
    assert page_signs(page(3, [("B", "2")])).blank


def test_three_documents_in_one_file_are_three_ranges():
    pages = [
        page(1, party_header("12-NQ/HU", "ngày 20 tháng 01 năm 2016", "NGHỊ QUYẾT") + BODY),
        page(2, BODY + SIGNED),
        page(3, party_header("31-CT/HU", "ngày 05 tháng 3 năm 2016", "CHỈ THỊ") + BODY
             + SIGNED),
        page(4, state_header("15/QĐ-UBND", "ngày 02 tháng 4 năm 2016", "QUYẾT ĐỊNH") + BODY),
        page(5, BODY),
        page(6, BODY + STATE_SIGNED),
    ]
    ranges = find_ranges(pages)
    assert [(r.first, r.last) for r in ranges] == [(1, 2), (3, 3), (4, 6)]
    assert ranges[0].reasons == ("first page",)
    assert ranges[1].reasons[-1] == "previous document ended" and "motto" in ranges[1].reasons


def test_annexes_blank_backs_and_a_tờ_trình_draft_stay_with_their_document():
    proposal = state_header("45/TTr-UBND", "ngày 10 tháng 5 năm 2024", "TỜ TRÌNH")
    draft = [("L", "HỘI ĐỒNG NHÂN DÂN"), ("=", ""), ("R", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
             ("L", "TỈNH QUẢNG NAM"), ("=", ""), ("R", "Độc lập - Tự do - Hạnh phúc"),
             ("L", "Số: /NQ-HĐND"), ("=", ""), ("R", "Quảng Nam, ngày tháng năm 2024"),
             ("C", "NGHỊ QUYẾT"), ("C", "về việc thông qua Đề án sắp xếp đơn vị hành chính")]
    annex = [("C", "PHỤ LỤC"), ("C", "DANH SÁCH CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ"),
             ("C", "(Kèm theo Quyết định số 15/QĐ-UBND ngày 02/4/2016)")]
    pages = [
        page(1, proposal + BODY + STATE_SIGNED),
        page(2, [("B", "·")]),                       # blank back
        page(3, draft + BODY),                       # the draft it proposes
        page(4, BODY + [("S", "TM. HỘI ĐỒNG NHÂN DÂN"), ("S", "CHỦ TỊCH")]),
        page(5, state_header("15/QĐ-UBND", "ngày 02 tháng 4 năm 2016", "QUYẾT ĐỊNH") + BODY
             + STATE_SIGNED),
        page(6, annex + BODY),                       # its phụ lục
    ]
    signs = [page_signs(p) for p in pages]
    assert signs[2].blank_number and signs[2].blank_date and signs[2].motto
    assert signs[5].annex
    ranges = split_ranges(signs)
    assert [(r.first, r.last) for r in ranges] == [(1, 4), (5, 6)]
    assert ranges[0].kept == ((3, "draft attached to the tờ trình"),)


def test_a_blank_number_after_anything_but_a_tờ_trình_is_a_handwritten_one():
    """Văn thư write the number by hand; unread, it must not glue documents together."""
    ended = PageSigns(1, motto=True, number_line=True, date_line=True, doc_type="Quyết định",
                      closes=True)
    handwritten = PageSigns(2, motto=True, number_line=True, blank_number=True,
                            blank_date=True, doc_type="Kế hoạch")
    assert [(r.first, r.last) for r in split_ranges([ended, handwritten])] == [(1, 1), (2, 2)]


def test_a_weak_header_cuts_only_after_an_end_and_a_strong_one_always():
    opened = PageSigns(1, motto=True, number_line=True, date_line=True, doc_type="Báo cáo")
    caps_heading = PageSigns(2, motto=True)  # a motto alone: the next document's, if ended
    strong = PageSigns(3, motto=True, number_line=True, date_line=True)
    assert split_ranges([opened, caps_heading, strong]) == [
        DocumentRange(1, 2, ("first page",),
                      ((2, "header-like lines before the previous document ended"),)),
        DocumentRange(3, 3, ("motto", "Số line", "date line", "previous document's end not read")),
    ]
    ended = PageSigns(1, motto=True, number_line=True, date_line=True, closes=True)
    assert [r.first for r in split_ranges([ended, caps_heading])] == [1, 2]
    assert split_ranges([]) == []


def test_the_documents_own_header_again_before_its_end_is_no_new_document():
    opening = PageSigns(1, motto=True, number_line=True, date_line=True, symbol="15/QĐ-UBND")
    again = PageSigns(2, motto=True, number_line=True, date_line=True, symbol="15/QĐ-UBND")
    other = PageSigns(3, motto=True, number_line=True, date_line=True, symbol="16/QĐ-UBND")
    ranges = split_ranges([opening, again, other])
    assert [(r.first, r.last) for r in ranges] == [(1, 2), (3, 3)]
    assert ranges[0].kept == ((2, "the document's own number again, before its end"),)
    assert page_signs(page(1, state_header("15/QĐ-UBND", "ngày 02 tháng 4 năm 2016",
                                           "QUYẾT ĐỊNH"))).symbol == "15/QĐ-UBND"


def test_a_tờ_trình_known_by_its_number_line_keeps_its_draft():
    """Its type line unread, 'TTr' in the symbol still says what it is."""
    header = state_header("45/TTr-UBND", "ngày 10 tháng 5 năm 2024", "")
    opening = page_signs(page(1, header + BODY + STATE_SIGNED))
    assert opening.is_to_trinh and not opening.doc_type
    draft = PageSigns(2, motto=True, number_line=True, blank_number=True, blank_date=True)
    ranges = split_ranges([opening, draft])
    assert [(r.first, r.last) for r in ranges] == [(1, 2)]
    assert ranges[0].kept == ((2, "draft attached to the tờ trình"),)
