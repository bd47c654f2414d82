"""Where one document ends and the next begins in a scan file holding several.

A sheet feeder turns a hồ sơ into one file. A new document starts on a page that opens with
a header (the national or Party motto, the `Số …` line, the place and date line, a type
line) once the one before has ended (its signature block or `Nơi nhận`). Pages without a
header stay with the document before them: continuation pages, phụ lục, blank backs. So do
two kinds of pages that carry a header of their own: a phụ lục or an attachment ("kèm
theo"), and the draft a tờ trình proposes (its number and date left blank, or marked
`DỰ THẢO`).

    page_signs(page) -> PageSigns          what one page shows at its top and its foot
    split_ranges(signs) -> [DocumentRange] the documents, with the reasons for each cut
    find_ranges(pages) -> [DocumentRange]  both
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from luutru.ocr.types import PageResult
from luutru.vietnamese import compact, fold

from .header import analyse_header
from .layout import build_layout
from .signature import closes_document
from .text import letters
from .title import find_title

# A page opens with what lies in this top part of it; a header never starts lower.
_TOP = 0.3
# A page with fewer letters than this is blank (a back page, a speck, a stamp).
_BLANK_LETTERS = 40
_ANNEX = re.compile(r"^\W*(phu\s*luc|kem\s+theo)\b")
_DRAFT = re.compile(r"\bdu\s*thao\b")
# 'ngày … tháng … năm' with the day and month left blank for the văn thư to write in.
# 'Số: ……/NQ-HĐND', 'Số   -TTr/HU': the number left blank, the symbol printed.
_BLANK_NUMBER = re.compile(r"^\W*so\b\s*:?[\s._…·]*[-/]\s*[a-z]")
# The type code of a tờ trình in its number line ('Số: 45/TTr-UBND', 'Số 12-TTr/HU').
_TTR_CODE = re.compile(r"[-/]\s*ttr\s*[-/]")
_BLANK_DATE = re.compile(r"\bngay\b[^0-9]{0,12}\bthang\b[^0-9]{0,12}\bnam\b")
# Documents that carry the draft they propose: a tờ trình, and a letter asking for comments
# on a draft marked as such ('': a công văn, which prints no type line).
_DRAFT_HOLDERS = ("Tờ trình", "")


@dataclass(frozen=True)
class PageSigns:
    """What a page shows of a document's start and end, read from its words and boxes."""

    number: int
    blank: bool = False
    motto: bool = False  # national or Party motto at the top
    number_line: bool = False  # a `Số …` line in the header
    blank_number: bool = False  # … whose number is left blank
    date_line: bool = False  # place and date in the header
    blank_date: bool = False  # 'ngày … tháng … năm' with no day or month
    doc_type: str = ""  # the type line read under the header, e.g. 'Nghị quyết'
    symbol: str = ""  # the number and symbol read, compacted ('' when none or blank)
    is_to_trinh: bool = False  # a tờ trình, by its type line or its number line's type code
    annex: bool = False  # opens with 'Phụ lục' or 'kèm theo'
    draft: bool = False  # marked 'dự thảo' at its top
    closes: bool = False  # holds a signature block or 'Nơi nhận'

    @property
    def header_signs(self) -> tuple[str, ...]:
        signs = []
        if self.motto:
            signs.append("motto")
        if self.number_line:
            signs.append("blank Số line" if self.blank_number else "Số line")
        if self.date_line or self.blank_date:
            signs.append("blank date line" if self.blank_date and not self.date_line
                         else "date line")
        if self.doc_type:
            signs.append(f"type line {self.doc_type}")
        return tuple(signs)

    @property
    def strong_header(self) -> bool:
        """A header no continuation page could show: a motto with a number, date or type
        line, or a number line with a date or type line."""
        dated = self.date_line or self.blank_date
        return (self.motto and (self.number_line or dated or bool(self.doc_type))) or \
            (self.number_line and (dated or bool(self.doc_type)))

    @property
    def header(self) -> bool:
        return self.strong_header or self.motto or self.number_line


@dataclass(frozen=True)
class DocumentRange:
    first: int  # pages of the scan file, inclusive, from 1
    last: int
    reasons: tuple[str, ...]  # why a document starts at `first`
    kept: tuple[tuple[int, str], ...] = ()  # pages with a header that stayed, and why

    @property
    def pages(self) -> range:
        return range(self.first, self.last + 1)


def page_signs(page: PageResult) -> PageSigns:
    if len(letters(page.text)) < _BLANK_LETTERS:
        return PageSigns(page.number, blank=True)
    layout = build_layout(page)
    header = analyse_header(layout)
    top = _TOP * layout.height
    top_text = [fold(s.text) for s in header.segments if s.y0 < top]
    number = header.number_line if header.number_line and header.number_line.y0 < top else None
    number_text = fold(number.text) if number is not None else next(
        (t for t in top_text if _BLANK_NUMBER.match(t)), "")
    blank_number = (number is not None and not any(
        c.isdigit() for c in (header.symbol.number if header.symbol else ""))) or (
        number is None and any(_BLANK_NUMBER.match(t) for t in top_text))
    title = find_title(header)
    typed = title.doc_type if title.doc_type and title.doc_type.segments \
        and title.doc_type.segments[0].y0 < 1.5 * top else None
    return PageSigns(
        number=page.number,
        motto=bool(header.motto),
        number_line=number is not None or blank_number,
        blank_number=blank_number,
        date_line=header.date is not None,
        blank_date=header.date is None and any(_BLANK_DATE.search(t) for t in top_text),
        doc_type=typed.value if typed else "",
        symbol=compact(header.symbol.text) if header.symbol and not blank_number else "",
        is_to_trinh=(typed is not None and typed.value == "Tờ trình")
        or bool(_TTR_CODE.search(number_text)),
        annex=any(_ANNEX.match(t) for t in top_text[:4]),
        draft=any(_DRAFT.search(t) for t in top_text),
        closes=closes_document(layout),
    )


def split_ranges(signs: Sequence[PageSigns]) -> list[DocumentRange]:
    """The documents of a file, in page order, covering every page once."""
    if not signs:
        return []
    ordered = sorted(signs, key=lambda s: s.number)
    first = ordered[0]
    starts: list[tuple[PageSigns, tuple[str, ...]]] = [(first, ("first page",))]
    kept: dict[int, list[tuple[int, str]]] = {first.number: []}
    ended = first.closes
    opening = first
    for page in ordered[1:]:
        start_page = starts[-1][0].number
        reason = _cut(page, ended, opening)
        if reason is None:
            if page.header and not page.blank:
                kept[start_page].append((page.number, _why_kept(page, opening)))
            ended = ended or page.closes
            continue
        starts.append((page, reason))
        kept[page.number] = []
        ended, opening = page.closes, page
    out = []
    for i, (page, reasons) in enumerate(starts):
        last = starts[i + 1][0].number - 1 if i + 1 < len(starts) else ordered[-1].number
        out.append(DocumentRange(page.number, last, reasons, tuple(kept[page.number])))
    return out


def find_ranges(pages: Sequence[PageResult]) -> list[DocumentRange]:
    return split_ranges([page_signs(p) for p in pages])


def _cut(page: PageSigns, ended: bool, opening: PageSigns) -> tuple[str, ...] | None:
    """The reasons a new document starts on this page, or None when it stays.

    `opening` is the first page of the document the page would otherwise belong to."""
    if page.blank or page.annex or not page.header or _draft_of(page, opening):
        return None
    if ended:
        return (*page.header_signs, "previous document ended")
    if page.strong_header and not _same_number(page, opening):
        return (*page.header_signs, "previous document's end not read")
    return None


def _same_number(page: PageSigns, opening: PageSigns) -> bool:
    """The header of the document itself again (printed on each page, or a copy's)."""
    return bool(page.symbol) and page.symbol == opening.symbol


def _draft_of(page: PageSigns, opening: PageSigns) -> bool:
    """The draft a tờ trình (or a letter) proposes: a header marked 'dự thảo', or one whose
    number or date is blank after a tờ trình. Elsewhere a blank number is a handwritten one
    the OCR did not read, and a draft standing alone is a document of the hồ sơ."""
    to_trinh = opening.is_to_trinh or opening.doc_type == "Tờ trình"
    if not to_trinh and opening.doc_type not in _DRAFT_HOLDERS:
        return False
    blank = page.blank_number or (page.blank_date and not page.date_line)
    return page.draft or (blank and to_trinh)


def _why_kept(page: PageSigns, opening: PageSigns) -> str:
    if page.annex:
        return "phụ lục / attachment"
    if _draft_of(page, opening):
        kind = "tờ trình" if opening.is_to_trinh else opening.doc_type.lower() or "letter"
        return f"draft attached to the {kind}"
    if _same_number(page, opening):
        return "the document's own number again, before its end"
    return "header-like lines before the previous document ended"
