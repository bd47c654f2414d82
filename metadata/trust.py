"""Trust: what goes out as a value is well-formed, and what a human should look at is flagged.

A value that fails its format (a number that is not figures, a date that cannot be, an issuer
that is no agency's name) is never emitted: the field is left empty and flagged. A value read
with little confidence, or that other evidence on the page contradicts, is kept and flagged.
Evidence that agrees (the e-signature's signing date) raises confidence; it never fills in a
value silently: it is offered as a suggestion to the reviewer.

A handwritten reading the digit recogniser is unsure of (below ocr.handwriting.MIN_CONFIDENCE)
is a candidate, not a value: it becomes the value only when independent, exact evidence agrees
(a day equal to the e-signature's signing day, in the printed month and year; a number that a
citing document gives with the same code and date, archive.evidence), its evidence in the
note. Otherwise the field is left empty and flagged, the candidate offered as a suggestion.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from luutru.ocr.handwriting import MIN_CONFIDENCE as HAND_CANDIDATE_BELOW
from luutru.vietnamese import codes_for_name, fold, is_vietnamese_syllable, parse_symbol

from .lexicon import ORGAN_OPENERS, SURNAMES
from .text import letters
from .types import Field

# Below this a value is shown to a human (search_ui's review queue uses the same figure).
REVIEW_BELOW = 0.6
# A number or day read from a scan's slot is most often handwriting: print is read at 0.93+.
SLOT_SURE = 0.93
# Handwriting read by the OCR stage's digit recogniser: kept, but below this it is shown
# to a human unless other evidence (the signing date, a citing document) agrees.
HAND_SURE = 0.98
# A value read with less confidence than this is a guess: offered, never emitted.
GUESS_BELOW = 0.5
# An e-signature is made on the day the document is dated or within a few weeks after it.
SIGNED_WITHIN_DAYS = 45
# A handwritten day the recogniser was unsure of that equals the signing day. Still shown to a
# human: the văn thư writes the signing day or one a day or two later, and the recogniser
# confuses just such neighbours (a 5 read as 6 on a paper signed the day after).
AGREED_CANDIDATE = 0.75
# The văn thư dates a signed paper on the signing day or a day or two later: a handwritten
# day later than this after every e-signature on the page is a misreading (a 1 read as 4
# makes the 11th the 41st, the 14th), not a date.
HAND_AFTER_SIGNING_DAYS = 7

# Below this resolution of the paper (a phone photo at arm's length, a fax, a scan at
# 100 dpi) OCR drops and swaps tone marks often enough (several % of characters, against a
# fraction of a % from 150 dpi up: docs/photos.md, docs/ocr-real.md) that no value read
# from the page is taken on trust.
LOW_RESOLUTION_DPI = 150

_SYMBOL_CHARS = re.compile(r"^[0-9A-Za-zĐđ/\-]+$")
_NUMBER = re.compile(r"^[0-9]{1,5}$")


def symbol_ok(value: str) -> bool:
    """'12/QĐ-UBND', '15-NQ/TW', '30/2020/NĐ-CP': figures, then codes of plain letters."""
    if not _SYMBOL_CHARS.match(value):
        return False
    s = parse_symbol(value)
    return s.valid and bool(_NUMBER.match(s.number)) and s.text == value


def date_ok(iso: str, today: dt.date | None = None) -> bool:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return False
    today = today or dt.date.today()
    return d.year >= 1945 and d <= today + dt.timedelta(days=366)


@cache
def _openers() -> tuple[str, ...]:
    levels = ("tinh", "thanh pho", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran")
    return tuple(sorted({" ".join(fold(o).split()) for o in ORGAN_OPENERS} | set(levels),
                        key=len, reverse=True))


def _abbreviation(token: str) -> bool:
    # UBND, HĐND, MTTQ, TP., 138 (Ban Chỉ đạo 138): capitals or figures, short.
    core = token.strip(".,")
    return bool(re.fullmatch(r"[A-ZĐ]{2,6}\.?|[0-9]{1,4}", core))


def issuer_ok(value: str) -> bool:
    """The shape of a Vietnamese agency's name: capitals, every word a syllable or an
    abbreviation ('Số: Ó# /CT-UBND' is none)."""
    words = value.split()
    if not words or re.search(r"[^\w\s,.&()\-]", value):
        return False
    if sum(c.isupper() for c in letters(value)) < 0.9 * len(letters(value)):
        return False
    odd = [w for w in words
           if not _abbreviation(w) and not is_vietnamese_syllable(w.strip(",.()").lower())]
    return not odd


def issuer_usual(value: str) -> bool:
    """Opening with a known kind of body (ỦY BAN NHÂN DÂN, SỞ, BAN, TỈNH ỦY, BỘ, QUÂN KHU...):
    a name that does not may still be right, and is worth a look."""
    key = " ".join(fold(value).split())
    return any(key == o or key.startswith(o + " ") for o in _openers())


def name_ok(value: str) -> bool:
    words = value.split()
    return 2 <= len(words) <= 6 and all(
        w.isalpha() and w[:1].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def name_usual(value: str) -> bool:
    """Every word a Vietnamese syllable: names of other peoples' languages exist, but a
    non-syllable in a name is more often a misread letter, worth a look."""
    return all(is_vietnamese_syllable(w.lower()) for w in value.split())


def _flag(f: Field, note: str) -> Field:
    return replace(f, review=True, note=f.note or note)


def _reject(f: Field, note: str, offer: bool = False) -> Field:
    """Empty and flagged; the rejected reading is offered only when it is plausible."""
    return Field("", 0.0, f.where, True, note, f.value if offer else f.suggestion, f.template)


def check_symbol(symbol: Field, number: Field, template: str, slot_conf: float | None,
                 hand: bool = False) -> tuple[Field, Field]:
    """symbol and number; template is the printed '…/CT-UBND' of the slot when known;
    slot_conf the confidence of the figures read in it (None when no slot was seen), hand
    whether they were read from pen strokes by the digit recogniser."""
    if template:
        symbol, number = replace(symbol, template=template), replace(number, template="…")
    if not symbol.value or symbol.value == template.lstrip("…"):
        symbol, number = replace(symbol, value=""), replace(number, value="")
        if template:
            note = "chưa đọc được số viết tay hoặc số còn trống"
            return _flag(symbol, note), _flag(number, note)
        return symbol, number
    if not symbol_ok(symbol.value) or number.value and not _NUMBER.match(number.value):
        note = "số, ký hiệu không đúng dạng"
        return _reject(symbol, note), _reject(number, note)
    conf = min(symbol.confidence, slot_conf if slot_conf is not None else 1.0)
    if hand and slot_conf is not None and slot_conf < HAND_CANDIDATE_BELOW:
        # Only a citing document (archive.evidence) can make this candidate the value.
        note = f"số viết tay đọc chưa chắc ({slot_conf:.2f}): cần đối chiếu với ảnh"
        return (_reject(replace(symbol, confidence=conf), note, offer=True),
                _reject(number, note, offer=True))
    # Figures read from pen strokes with little confidence are a guess (print read poorly
    # is still print, and its shape was checked: it is kept and flagged).
    if slot_conf is not None and slot_conf < GUESS_BELOW:
        note = "số đọc được không chắc chắn"
        return _reject(symbol, note, offer=True), _reject(number, note, offer=True)
    symbol, number = replace(symbol, confidence=conf), replace(number, confidence=conf)
    sure = HAND_SURE if hand else SLOT_SURE
    if conf < REVIEW_BELOW or slot_conf is not None and slot_conf < sure:
        note = "số viết tay: cần đối chiếu với ảnh" if hand else \
            "số có thể viết tay: cần đối chiếu với ảnh" if slot_conf is not None else \
            "độ tin cậy thấp"
        return _flag(symbol, note), _flag(number, note)
    return symbol, number


def check_date(date: Field, template: str, signed: list[str], slot_conf: float | None,
               today: dt.date | None = None, hand: bool = False, clean: bool = True,
               file_signed: Sequence[str] = (), received: str = "") -> Field:
    """The date against its format and the e-signature dates printed on the page; clean
    whether the day was read as figures (not letters taken for figures); received the
    receipt stamp's ngày đến (ISO, '' when there is none or it is unreadable).
    `file_signed`: the days the file's own digital signatures were made. They agree with a
    date as a printed stamp does, and a date after all of them cannot be; but a file signed
    long after its date is ordinary (a digitised copy is signed when it is made), so that
    alone is no doubt."""
    if template:
        date = replace(date, template=template)
    both = [*signed, *(d for d in file_signed if d not in signed)]
    if not date.value:
        if not template and not both:
            return date
        prefix = template.rstrip("…")
        offer = next((d for d in both if d.startswith(prefix)), "") if template else ""
        note = "chưa đọc được ngày" + (" (gợi ý: ngày ký số)" if offer else "")
        return replace(date, review=True, note=note, suggestion=offer)
    if not date_ok(date.value, today):
        return _reject(date, "ngày không hợp lệ")
    if hand and (why := _hand_date_impossible(date.value, both, received)):
        # Exact evidence on the page contradicts the pen's reading: no value, whatever the
        # recogniser's confidence (a wrong date is worse than none).
        return _reject(date, why)
    conf = min(date.confidence, slot_conf if slot_conf is not None else 1.0)
    date = replace(date, confidence=conf)
    if hand and slot_conf is not None and slot_conf < HAND_CANDIDATE_BELOW:
        return _day_candidate(date, both, slot_conf)
    if date.value in both and clean and (slot_conf is None or slot_conf >= GUESS_BELOW):
        # Two readings that agree, the day in its slot and the e-signature's date.
        return replace(date, confidence=max(conf, 0.95), note="khớp với thời gian ký số")
    if date.value in both:
        # A day made of guessed figures ('0B' read as 08) that happens to be the signing
        # day: documents are often signed on the day they are dated, so this is no proof.
        return _flag(date, "ngày đọc được không chắc chắn, trùng ngày ký số")
    if both:
        issued = dt.date.fromisoformat(date.value)
        gaps = [(dt.date.fromisoformat(s) - issued).days for s in signed]
        after_all = all(dt.date.fromisoformat(s) < issued for s in both)
        if after_all or gaps and min(abs(g) for g in gaps) > SIGNED_WITHIN_DAYS:
            if slot_conf is not None and slot_conf < GUESS_BELOW:
                return _reject(date, "ngày đọc được không chắc chắn", offer=True)
            return _flag(date, "ngày không khớp với thời gian ký số")
    if slot_conf is not None and slot_conf < GUESS_BELOW:
        return _reject(date, "ngày đọc được không chắc chắn", offer=True)
    if conf < REVIEW_BELOW or slot_conf is not None and slot_conf < (
            HAND_SURE if hand else SLOT_SURE):
        return _flag(date, "ngày có thể viết tay: cần đối chiếu với ảnh")
    return date


def _hand_date_impossible(iso: str, signed: list[str], received: str) -> str:
    """Why a date read from the pen cannot be the document's, or '': dated after the receipt
    stamp says it arrived, or more than HAND_AFTER_SIGNING_DAYS after every e-signature."""
    issued = dt.date.fromisoformat(iso)
    if date_ok(received) and issued > dt.date.fromisoformat(received):
        return "ngày viết tay sau ngày đến của dấu công văn đến: cần đối chiếu với ảnh"
    if signed and all((issued - dt.date.fromisoformat(s)).days > HAND_AFTER_SIGNING_DAYS
                      for s in signed):
        return "ngày viết tay sau thời gian ký số: cần đối chiếu với ảnh"
    return ""


def _day_candidate(date: Field, signed: list[str], slot_conf: float) -> Field:
    """A date whose handwritten day is only a candidate: the value, flagged, when an
    e-signature was made on that very day (the month and year are print), else empty with
    it suggested. The signing day alone is never the value: the văn thư may write a later
    day; nor is their agreement proof enough to go unreviewed (see AGREED_CANDIDATE)."""
    if date.value in signed:
        note = (f"ngày viết tay (đọc được {slot_conf:.2f}) trùng ngày ký số "
                f"{dt.date.fromisoformat(date.value).strftime('%d/%m/%Y')}: cần đối chiếu "
                "với ảnh")
        return replace(date, confidence=AGREED_CANDIDATE, note=note, review=True)
    return _reject(date, f"ngày viết tay đọc chưa chắc ({slot_conf:.2f}): cần đối chiếu "
                   "với ảnh", offer=True)


def check_fields(fields: dict[str, Field], *, symbol_template: str = "",
                 number_conf: float | None = None, number_hand: bool = False,
                 date_template: str = "", day_conf: float | None = None,
                 day_hand: bool = False, day_clean: bool = True,
                 signed: list[str] | None = None, file_signed: Sequence[str] = (),
                 scan_dpi: int = 0, today: dt.date | None = None,
                 received: str = "") -> dict[str, Field]:
    """`scan_dpi`: the least resolution of the paper among the document's scanned pages
    (0: unknown, or born digital); `signed`, `file_signed`, `received`: as for
    check_date."""
    out = dict(fields)
    out["symbol"], out["number"] = check_symbol(
        out["symbol"], out["number"], symbol_template, number_conf, number_hand)
    out["date"] = check_date(out["date"], date_template, signed or [], day_conf, today,
                             day_hand, day_clean, file_signed, received)
    for key in ("issuer", "superior"):
        body = out[key]
        if body.value and not issuer_ok(body.value):
            out[key] = _reject(body, "không đúng dạng tên cơ quan")
        elif body.value and not issuer_usual(body.value):
            out[key] = _flag(body, "tên cơ quan ít gặp: cần đối chiếu với ảnh")
    name = out["signer_name"]
    if name.value and not name_ok(name.value):
        out["signer_name"] = _reject(name, "không đúng dạng họ tên")
    elif name.value and not name_usual(name.value):
        out["signer_name"] = _flag(name, "họ tên có chữ lạ: cần đối chiếu với ảnh")
    elif name.value and name.value.split()[0] not in SURNAMES:
        # A seal over the first letters leaves a fragment that still reads as a syllable.
        out["signer_name"] = _flag(name, "họ ít gặp: cần đối chiếu với ảnh")
    elif name.value and len(name.value.split()) < 3:
        # Officials' names have three syllables or more; two are most often a name whose
        # surname a seal or a fold took away (Hoàng Giang for Nguyễn Hoàng Giang).
        out["signer_name"] = _flag(name, "họ tên chỉ có hai chữ: cần đối chiếu với ảnh")
    doc_type, symbol = out["doc_type"], out["symbol"]
    code = parse_symbol(symbol.value).type_code if symbol.value else ""
    allowed = codes_for_name(doc_type.value, out["family"].value) if doc_type.value else []
    if code and allowed and code not in allowed:
        out["symbol"] = _flag(symbol, "mã loại trong ký hiệu khác tên loại văn bản")
        out["doc_type"] = _flag(doc_type, "tên loại khác mã loại trong ký hiệu")
    for key in ("doc_type", "subject", "cv_subject", "issuer", "signer_name", "signer_title",
                "place", "superior", "signer_authority"):
        f = out[key]
        if f.value and not f.review and f.confidence < REVIEW_BELOW:
            out[key] = _flag(f, "độ tin cậy thấp")
    if 0 < scan_dpi < LOW_RESOLUTION_DPI:
        for key, f in out.items():
            if key != "family" and f.value and not f.review:  # family is told, not read
                out[key] = _flag(f, f"giấy quét/chụp ở {scan_dpi} dpi: cần đối chiếu với ảnh")
    # What every official document prints: missing, a human fills it in.
    key_fields = ["symbol", "date", "doc_type", "issuer", "signer_name"]
    key_fields.append("cv_subject" if out["doc_type"].value == "Công văn" else "subject")
    for key in key_fields:
        if not out[key].value and not out[key].review:
            out[key] = _flag(out[key], "chưa tìm thấy")
    return out
