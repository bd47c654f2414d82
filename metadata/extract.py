"""metadata.extract: the header fields of one document from its OCR pages."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from luutru.ocr.types import PageResult, Word
from luutru.vietnamese import fold, nfc, parse_symbol, type_name

from .citations import citations
from .dates import signing_dates
from .header import Found, Header, analyse_header
from .layout import PageLayout, build_layout, union_box
from .repair import repair_name_tones
from .signature import find_signature
from .stamps import find_receipt, without_receipt
from .symbols import agree_with_type
from .title import Title, find_title
from .trust import check_fields
from .types import FIELD_NAMES, Field, Metadata, ReceiptData, Where

# Confidence of values that are inferred rather than read.
_DERIVED = 0.5
_SO_WORD = re.compile(r"^\W*s[o0-9]?\W*$")


def _field(found: Found | None) -> Field:
    if found is None or not found.value:
        return Field("")
    where = None
    if found.segments:
        where = Where(found.segments[0].page, union_box([s.box for s in found.segments]))
    return Field(nfc(found.value), round(max(0.0, min(1.0, found.confidence)), 3), where)


def _is_official(header: Header, has_type_line: bool) -> bool:
    """A motto, or a 'Số' line with a number and a date or a type line: anything less is not
    an official document (a letter, a page of prose) and gets no fields at all."""
    if header.motto:
        return True
    numbered = header.symbol is not None and bool(header.symbol.number)
    return numbered and (header.date is not None or has_type_line)


def _header_page(layouts: list[PageLayout]) -> Header | None:
    best: Header | None = None
    best_score = 0
    for k, layout in enumerate(layouts[:2]):
        h = analyse_header(layout)
        score = bool(h.motto) + bool(h.number_line) + bool(h.date)
        # Page 1 with the motto is the header, however little else was read there; page 2
        # wins only with a motto of its own (page 1 a cover or a blank), never by numbers
        # and dates of cited documents in body lines.
        if k == 1 and best is not None and best.motto and not h.motto:
            break
        if score > best_score:
            best, best_score = h, score
        if score >= 2 or k == 0 and h.motto:
            break
    return best


def _own_pages(layouts: list[PageLayout]) -> list[PageLayout]:
    """The pages of the document itself: a later page with a header of its own (the draft a
    tờ trình proposes, another document scanned behind it) starts something else, whose
    signature and citations are not this document's."""
    for k, layout in enumerate(layouts[1:], start=1):
        if analyse_header(layout).motto:
            return layouts[:k]
    return layouts


def _family_from_issuer(issuer: str) -> str:
    f = fold(issuer)
    party_words = ("dang ", "tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "chi bo")
    return "party" if any(w in f + " " for w in party_words) else ""


def _header_fields(header: Header) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    if header.motto:
        conf = sum(s.confidence for s in header.motto) / len(header.motto)
        fields["family"] = _field(Found(header.family, conf, tuple(header.motto)))
    else:
        # No motto read: the shape of the symbol, else the kind of issuing body, tells.
        symbol = header.symbol
        family = (symbol.family if symbol is not None and symbol.valid else "") or \
            _family_from_issuer(header.issuer.value if header.issuer else "")
        fields["family"] = Field(family, _DERIVED) if family else Field("")
    symbol, line = header.symbol, header.number_line
    if symbol is not None and line is not None:
        conf = line.confidence * (1.0 if symbol.valid else 0.4)
        conf *= 0.8 if header.symbol_repaired else 1.0
        fields["symbol"] = _field(Found(symbol.text, conf, (line,)))
        fields["number"] = _field(Found(symbol.number, conf, (line,)))
    fields["issuer"] = _field(header.issuer)
    fields["superior"] = _field(header.superior)
    fields["place"] = _field(header.place)
    fields["date"] = _field(header.date)
    if header.date is None and header.date_segment is not None:
        # The day unreadable: the field stays empty, but where its slot is, is known.
        seg = header.date_segment
        fields["date"] = Field("", 0.0, Where(seg.page, seg.box))
    fields["cv_subject"] = _field(header.cv_subject)
    fields["classification"] = _field(header.classification)
    fields["urgency"] = _field(header.urgency)
    return fields


def _type_fields(header: Header, title: Title, family: str) -> dict[str, Field]:
    """doc_type, subject, and the symbol when the type line corrects its type code.

    The type is the printed type line; else the symbol's type code; else a công văn,
    which prints no type line. A công văn has no subject (its V/v line is cv_subject).
    """
    fields: dict[str, Field] = {}
    symbol, line = header.symbol, header.number_line
    valid = symbol is not None and symbol.valid
    code_type = type_name(symbol.type_code, family) if symbol and valid else ""
    if title.doc_type is not None:
        fields["doc_type"] = _field(title.doc_type)
        if symbol is not None and line is not None:
            fixed = agree_with_type(symbol, title.doc_type.value, family)
            if fixed.text != symbol.text:
                fields["symbol"] = _field(Found(fixed.text, line.confidence * 0.8, (line,)))
    elif code_type and (title.type_line is not None or header.cv_subject is None):
        where = title.type_line or line
        conf = (line.confidence if line else _DERIVED) * 0.8
        fields["doc_type"] = _field(Found(code_type, conf, (where,) if where else ()))
    else:
        # No type line: a công văn, as sure as its 'V/v' line was read.
        cv = header.cv_subject
        fields["doc_type"] = Field("Công văn", max(_DERIVED, cv.confidence) if cv else _DERIVED)
    if fields["doc_type"].value != "Công văn":
        fields["subject"] = _field(title.subject)
    return fields


def _signature_fields(layouts: list[PageLayout], family: str) -> dict[str, Field]:
    signature = find_signature(layouts, family)
    name = _field(signature.name)
    if name.value:
        words, doubtful = repair_name_tones(name.value.split())
        fixed = " ".join(words)
        if fixed != name.value:
            name = replace(name, value=fixed, confidence=round(name.confidence * 0.9, 3))
        if doubtful:
            name = replace(name, review=True, note="dấu thanh trong tên có thể sai")
    return {
        "signer_authority": _field(signature.authority),
        "signer_title": _field(signature.title),
        "signer_name": name,
        "signer_rank": _field(signature.rank),
    }


def _slot_confidence(words: Sequence[Word], scanned: bool) -> float | None:
    """How sure the reading of a handwritten slot is: the least sure of its figures.

    None for a born-digital page whose text is exact, or when no figure was read; the
    figures the OCR stage read from pen strokes count on any page.
    """
    figures = [w for w in words if any(c.isdigit() for c in w.text)
               and (scanned or w.handwritten)]
    if not figures:
        return None
    return min(w.confidence for w in figures)


def _number_words(header: Header) -> list[Word]:
    """The words of the 'Số' line that carry the number: not 'Số:', not the printed code."""
    line = header.number_line
    if line is None:
        return []
    # A number glued to its printed code ('30/2020/NĐ-CP') is print; one standing apart in
    # the slot ('Số: 94 /QĐ-UBND') is most often written by hand.
    return [w for w in line.words
            if "/" not in w.text and "⁄" not in w.text and not _SO_WORD.match(fold(w.text))
            or w.handwritten]


def _day_words(header: Header) -> list[Word]:
    seg = header.date_segment
    if seg is None:
        return []
    words = list(seg.words)
    for k, w in enumerate(words):
        if fold(w.text).startswith("ngay"):
            # 'ngày05': the day glued to its keyword; else the word after it.
            if len(fold(w.text).strip(".,;:")) > 4:
                return [w]
            return [words[k + 1]] if k + 1 < len(words) else []
    return []


def _pen_month_words(header: Header) -> list[Word]:
    """The month when the văn thư wrote it by hand too ('tháng' then figures read from pen
    strokes): its reading is as unsure as the day's, and counts with it."""
    seg = header.date_segment
    words = list(seg.words) if seg is not None else []
    return [after for w, after in zip(words, words[1:], strict=False)
            if fold(w.text).startswith("thang") and after.handwritten]


def _slot_template(tail: str, doc_type: str, family: str) -> str:
    """'…/QĐ-UBND' for the printed tail '/QĐĐ-UBND' under a QUYẾT ĐỊNH: the type code put
    right as a read symbol's is, so that a typed number makes a well-formed symbol."""
    if not tail:
        return ""
    probe = parse_symbol("1" + tail)
    if probe.valid and doc_type:
        probe = agree_with_type(probe, doc_type, family)
    return "…" + (probe.text[1:] if probe.valid else tail)


def _trusted(fields: dict[str, Field], header: Header, pages: Sequence[PageResult],
             text: str, file_signed: Sequence[str], received: str) -> dict[str, Field]:
    scanned = pages[0].method == "ocr" if pages else True
    symbol_template = _slot_template(header.symbol_tail, fields["doc_type"].value,
                                     fields["family"].value)
    partial = header.partial_date
    date_template = f"{partial.year}-{partial.month}-…" if partial else ""
    number = _number_words(header)
    day = _day_words(header) + _pen_month_words(header) if header.date else []
    return check_fields(
        fields, symbol_template=symbol_template,
        number_conf=_slot_confidence(number, scanned),
        number_hand=any(w.handwritten for w in number), date_template=date_template,
        day_conf=_slot_confidence(day, scanned), day_hand=any(w.handwritten for w in day),
        day_clean=_figures_only(day), signed=signing_dates(text), file_signed=file_signed,
        scan_dpi=min((p.scan_dpi for p in pages if p.method == "ocr" and p.scan_dpi),
                     default=0), received=received)


def _figures_only(words: Sequence[Word]) -> bool:
    """The day's words, 'ngày' aside, are figures as read ('05'), not letters taken for
    figures ('0B')."""
    rest = [re.sub(r"^ng[aà]y", "", w.text, flags=re.IGNORECASE).strip(".,;:") for w in words]
    return all(t.isdigit() for t in rest if t)


def extract(pages: Sequence[PageResult], file_signed: Sequence[str] = ()) -> Metadata:
    """Header fields, signature and citations of one document; '' for what is not found.
    `file_signed`: the days (ISO) the document's file was digitally signed, evidence for
    its date (metadata.trust.check_date)."""
    ordered = sorted(pages, key=lambda p: p.number)
    receipt = None
    if ordered and (stamp := find_receipt(ordered[0])) is not None:
        # The stamp's words are the receiving office's, not the document's.
        ordered[0] = without_receipt(ordered[0], stamp)
        receipt = ReceiptData(stamp.number, stamp.date, Where(ordered[0].number, stamp.box))
    layouts = _own_pages([build_layout(p) for p in ordered])
    ordered = ordered[:len(layouts)]
    text = "\n".join(nfc(p.text) for p in ordered)
    fields = {name: Field("") for name in FIELD_NAMES}
    header = _header_page(layouts)
    title = find_title(header) if header is not None else None
    if header is None or title is None or not _is_official(header, title.type_line is not None):
        return Metadata(fields=fields, citations=tuple(citations(text)), receipt=receipt)
    fields.update(_header_fields(header))
    fields.update(_type_fields(header, title, fields["family"].value))
    fields.update(_signature_fields(layouts, fields["family"].value))
    fields = _trusted(fields, header, ordered, text, file_signed,
                      receipt.date if receipt else "")
    # The document's own symbol, as printed and as repaired, is no citation of itself.
    own = [fields["symbol"].value, header.symbol.text if header.symbol else ""]
    return Metadata(fields=fields, citations=tuple(citations(text, exclude=own)),
                    receipt=receipt)
