"""The header of a document's first page.

Left column: superior body, issuing body, 'Số ...', (công văn) 'V/v ...'. Right column: the
national or Party motto, then 'place, ngày ... tháng ... năm ...'. Stamps (MẬT, KHẨN) sit
near the number. Columns are told apart by x position, not by OCR reading order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from rapidfuzz import fuzz

from luutru.ocr.types import Word
from luutru.vietnamese import (
    Symbol,
    as_figures,
    canonical_type_code,
    compact,
    fold,
    parse_symbol,
    tone_key,
)

from .dates import PartialDate, find_date, find_partial_date, split_tokens
from .layout import PageLayout, Segment
from .lexicon import ORGAN_OPENERS, PROVINCES, SECRECY, URGENCY
from .repair import complete_levels, restore_caps
from .symbols import agree_with_year
from .text import clean_tokens, is_caps, letters, split_glued, strip_edges

MOTTO_STATE = "cong hoa xa hoi chu nghia viet nam"
MOTTO_STATE_2 = "doc lap tu do hanh phuc"
MOTTO_PARTY = "dang cong san viet nam"

# The folded 'Số' as OCR reads it: 'so', 's6', 's' alone; with its colon, any vowel after
# the S ('Sẻ:', 'Sá:' on a blurred photo).
_S_O = r"[s$§](?:[o0-9]|[a-z](?=[^a-z0-9\s]?:))?"
# 'Số', 'Số:', 'SỐ', 'S6', 'Sô', 'So' followed by a figure (possibly read as O or l).
_SO = re.compile(rf"^[^a-z0-9$§]*{_S_O}[^a-z0-9\s]{{0,2}}\s*(?=[0-9ø]|[oil|][0-9oil|ø]*[0-9])")
# 'Số:' standing alone: the number was filled in by hand or stamped further right.
_SO_ALONE = re.compile(rf"^[^a-z0-9$§]*{_S_O}[^a-z0-9\s]{{0,2}}$")
# The printed part of a State symbol after the number: '/CT-UBND', '/QĐ-BCĐ138'.
# A Party symbol's: '-NQ/TU', '-CV/ĐU'.
_TAIL = re.compile(r"(?:(?:[/⁄∕]\s*\d{4}\s*)?[/⁄∕]\s*[A-ZĐÐ][A-Za-zĐđÐ]{0,5}"
                   r"\s*-\s*[A-ZĐÐ][\wĐđÐ]*(?:-[\wĐđÐ]+)*"
                   r"|-\s*[A-ZĐÐ][A-Za-zĐđÐ]{0,4}\s*[/⁄∕]\s*[A-ZĐÐ][\wĐđÐ]*(?:-[\wĐđÐ]+)*)\s*$")
_SO_START = re.compile(r"^\W*s[o0-9]")
_SO_PREFIX = re.compile(rf"^[^a-z0-9$§]*{_S_O}[^a-z0-9\s]{{0,2}}\s*")
_VV = re.compile(r"^[^a-z0-9]*[vw]\s*[/.,]?\s*[vwy]\b")
# A number line OCR garbled past `_SO` ('Sá: #34 /UBND-TTHC', 'Số: QĐ-UBND' on a phone
# photo) still shows what no agency's name holds: a colon after its first short word, or a
# type code joined to an issuer's code ('QĐ-UBND', '/UBND-TTHC').
_SO_COLON = re.compile(r"^\W*s\w{0,2}\s*:")
_JOINED_CODE = re.compile(r"([/⁄∕])?\s*([A-ZĐ][A-Za-zĐ]{0,4})-[A-ZĐ][A-ZĐ0-9]+\b")
_KINH_GUI = re.compile(r"^\W*kinh\s*gu")


@dataclass(frozen=True)
class Found:
    value: str
    confidence: float
    segments: tuple[Segment, ...] = ()


@dataclass
class Header:
    layout: PageLayout
    segments: list[Segment]  # the page's segments, with merged motto lines split apart
    family: str = ""
    motto: list[Segment] = field(default_factory=list)
    number_line: Segment | None = None
    symbol: Symbol | None = None
    symbol_repaired: bool = False  # its year taken from the date
    symbol_tail: str = ""  # '/CT-UBND': the printed part after the number, for its slot
    partial_date: PartialDate | None = None  # month and year printed, the day not readable
    date: Found | None = None
    place: Found | None = None
    date_segment: Segment | None = None
    issuer: Found | None = None
    superior: Found | None = None
    cv_subject: Found | None = None
    classification: Found | None = None
    urgency: Found | None = None
    bottom: float = 0.0  # lowest y of the header; the title block starts below


def letter_words(text: str) -> list[str]:
    return [w for w in re.sub(r"[^a-z]+", " ", fold(text)).split() if w]


def _best_span(words: list[str], phrase: str) -> tuple[float, int, int]:
    """The run of words that best matches phrase: (score, start, end)."""
    best = (0.0, 0, 0)
    n_phrase = len(phrase.split())
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + n_phrase + 3) + 1):
            score = fuzz.ratio(" ".join(words[i:j]), phrase)
            if score > best[0]:
                best = (score, i, j)
    return best


def _word_letters(seg: Segment) -> list[str]:
    # One folded letter-string per OCR word, so a span maps back to words.
    return [re.sub(r"[^a-z]", "", fold(w.text)) for w in seg.words]


# First two words of each motto: OCR glues the first to the last word of the left column
# when the columns nearly touch ('TỈNH LÀOCỘNG HÒA').
_MOTTO_STARTS = (("cong", "hoa"), ("dang", "cong"))


def _split_word(word: Word, at: int) -> tuple[Word, Word]:
    """Cut a word's text at a character index, sharing its box in proportion."""
    x0, y0, x1, y1 = word.box
    cut = x0 + round((x1 - x0) * at / max(len(word.text), 1))
    return (replace(word, text=word.text[:at], box=(x0, y0, cut, y1)),
            replace(word, text=word.text[at:], box=(cut, y0, x1, y1)))


def _unglue(seg: Segment) -> Segment:
    words: list[Word] = []
    for k, w in enumerate(seg.words):
        f = fold(w.text)
        nxt = fold(seg.words[k + 1].text) if k + 1 < len(seg.words) else ""
        for first, second in _MOTTO_STARTS:
            at = f.rfind(first)
            if at > 1 and at + len(first) == len(f) and nxt.startswith(second) \
                    and w.text[:at].isupper():
                words.extend(_split_word(w, at))
                break
        else:
            words.append(w)
    return Segment(seg.page, tuple(words))


def _motto_centre(layout: PageLayout, segments: list[Segment]) -> float | None:
    """The centre of the right column: that of 'Độc lập - Tự do - Hạnh phúc', which is
    short enough never to run into the left column."""
    for seg in segments:
        if seg.y0 > 0.3 * layout.height:
            continue
        wl = _word_letters(seg)
        idx = [i for i, w in enumerate(wl) if w]
        score, i, j = _best_span([wl[k] for k in idx], MOTTO_STATE_2)
        if score >= 85:
            part = Segment(seg.page, seg.words[idx[i]:idx[j - 1] + 1])
            if layout.rel_x(part.cx) > 0.4:
                return part.cx
    return None


def _cut_at_motto(seg: Segment, centre: float) -> Segment:
    """Two header columns read as one line, a word made of the end of the left column and
    the start of the motto ('THÀNH PHẳNG HÒA' for 'THÀNH PHỐ' + 'CỘNG HÒA'): the motto is
    centred over the line below it, so where it starts is known; the word is cut there and
    the motto's broken first word dropped."""
    wl = _word_letters(seg)
    idx = [i for i, w in enumerate(wl) if w]
    score, i, j = _best_span([wl[k] for k in idx], MOTTO_STATE)
    if score < 80 or idx[i] == 0:
        return seg
    last = seg.words[idx[j - 1]]
    start = 2 * centre - last.box[2]
    h = seg.height
    words = list(seg.words)
    for k in (idx[i] - 1, idx[i]):
        w = words[k]
        if w.box[0] < start - 0.5 * h and w.box[2] > start + 0.5 * h and k > 0:
            left, _ = _split_word(w, round(len(w.text) * (start - w.box[0])
                                           / max(w.box[2] - w.box[0], 1)))
            return Segment(seg.page, tuple(words[:k] + [left] + words[k + 1:]))
    return seg


def _find_motto(layout: PageLayout, segments: list[Segment]) -> tuple[str, list[Segment], list[
        Segment]]:
    """Family and motto segments; segments that joined a motto with the left column are split."""
    out: list[Segment] = []
    motto: list[Segment] = []
    votes = {"party": 0.0, "state": 0.0}
    centre = _motto_centre(layout, segments)
    for seg in segments:
        if seg.y0 > 0.3 * layout.height:
            out.append(seg)
            continue
        seg = _unglue(seg)
        if centre is not None:
            seg = _cut_at_motto(seg, centre)
        wl = _word_letters(seg)
        idx = [i for i, w in enumerate(wl) if w]
        words = [wl[i] for i in idx]
        hit = None
        for phrase, fam, caps in (
            (MOTTO_STATE, "state", True), (MOTTO_PARTY, "party", True),
            (MOTTO_STATE_2, "state", False),
        ):
            score, i, j = _best_span(words, phrase)
            if score < 80:
                continue
            a, b = idx[i], idx[j - 1] + 1
            part = Segment(seg.page, seg.words[a:b])
            if caps and not is_caps(part.text, 0.6):
                continue
            if layout.rel_x(part.cx) < 0.4:
                continue
            hit = (fam, score, a, b)
            break
        if hit is None:
            out.append(seg)
            continue
        fam, score, a, b = hit
        votes[fam] += score
        for lo, hi in ((0, a), (a, b), (b, len(seg.words))):
            if hi > lo:
                piece = Segment(seg.page, seg.words[lo:hi])
                out.append(piece)
                if lo == a:
                    motto.append(piece)
    out.sort(key=lambda s: (s.y0, s.x0))
    family = max(votes, key=lambda k: votes[k]) if any(votes.values()) else ""
    return family, motto, out


def _number_line(layout: PageLayout, zone: list[Segment]) -> tuple[Segment, str] | None:
    # The 'Số' line sits in the left column: a body line quoting 'số 15/2020/TT-BGDĐT' is
    # wide, or runs into the right half.
    # A wide line is the number line only when OCR joined it with the date across the
    # gutter: it then opens the left column with a capital 'Số'.
    zone = [s for s in zone if s.x1 - s.x0 < 0.6 * layout.text_width
            and layout.rel_x(s.x1) < 0.7
            or s.tokens[0][:1] in "S$§" and layout.rel_x(s.x0) < 0.15
            and {"ngay", "thang"} & set(letter_words(s.text))]
    for seg in zone:
        if layout.rel_x(seg.cx) > 0.55:
            continue
        m = _SO.match(fold(seg.text))
        if m:
            return seg, seg.text[m.end():]
        if _SO_ALONE.match(fold(seg.text)):
            right = [
                s for s in zone
                if s.x0 > seg.x1 and abs(s.cy - seg.cy) < 0.6 * seg.height
                and layout.rel_x(s.cx) < 0.55
            ]
            if right:
                joined = Segment(seg.page, seg.words + tuple(
                    w for s in sorted(right, key=lambda s: s.x0) for w in s.words))
                return joined, " ".join(s.text for s in sorted(right, key=lambda s: s.x0))
    # The number unreadable (written by hand, stamped later, or glued to 'Số'): the line is
    # still known by its printed tail, the type code and issuer code after the stroke.
    for seg in zone:
        if layout.rel_x(seg.cx) > 0.45 or seg.x1 - seg.x0 > 0.6 * layout.text_width:
            continue
        m = _TAIL.search(seg.text)
        if m and (len(seg.words) <= 3 or _SO_START.match(fold(seg.text))):
            return seg, _after_so(seg.text)
    # 'Số' itself unreadable: a short left-column segment that starts with a well-formed
    # symbol (a body line citing one is wide and centred on the page).
    for seg in zone:
        if layout.rel_x(seg.cx) < 0.45 and seg.x1 - seg.x0 < 0.6 * layout.text_width \
                and parse_symbol(strip_edges(seg.tokens[0])).valid:
            return seg, seg.text
    return None


def _after_so(text: str) -> str:
    """The number line's text without its 'Số:' ('Sóz⁄44' keeps what follows 'Só')."""
    m = _SO_PREFIX.match(fold(text))
    return text[m.end():] if m else text


def _level_run(layout: PageLayout, seg: Segment, zone: list[Segment]) -> Segment:
    """The number line with every left-column word level with it, left to right.

    Handwritten words (read from pen strokes by the OCR stage) are the reading of the slot
    they sit in: printed-text words that overlap one are strokes Tesseract misread.
    """
    # Not the place and date line, when the columns sit close ('ngày … tháng … năm').
    words = [w for s in zone if abs(s.cy - seg.cy) < 0.6 * seg.height
             and layout.rel_x(s.cx) < 0.55
             and not {"ngay", "thang", "nam"} & set(letter_words(s.text)) for w in s.words]
    for w in seg.words:
        if w not in words:
            words.append(w)
    return _prefer_handwriting(seg.page, words)


def _prefer_handwriting(page: int, words: list[Word]) -> Segment:
    """Words of a slot's line, left to right, the handwritten reading winning over what
    Tesseract made of the same strokes. A printed keyword Tesseract glued to the strokes
    ('ngày7•tháng') keeps its keywords."""
    hand = [w for w in words if w.handwritten]
    kept: list[Word] = []
    for w in words:
        if w.handwritten or not any(_overlap(w.box, h.box) for h in hand):
            kept.append(w)
            continue
        pieces = [p for p in re.findall(r"[^\W\d_]+", w.text)
                  if fold(p) in ("ngay", "thang", "nam", "so")]
        x0, y0, x1, y1 = w.box
        for k, piece in enumerate(pieces):
            # The first keyword at the word's left end, the last at its right end.
            width = round((x1 - x0) * len(piece) / max(len(w.text), 1))
            box = (x0, y0, x0 + width, y1) if k == 0 else (x1 - width, y0, x1, y1)
            kept.append(replace(w, text=piece, box=box))
    return Segment(page, tuple(sorted(kept, key=lambda w: w.box[0])))


def _with_handwriting(seg: Segment, zone: list[Segment]) -> Segment:
    """seg with the handwritten words written into it (the OCR stage may give them lines
    of their own): those level with it and within its reach."""
    reach = 2 * seg.height
    hand = [w for s in zone if s is not seg for w in s.words if w.handwritten
            and abs((w.box[1] + w.box[3]) / 2 - seg.cy) < 0.6 * seg.height
            and seg.x0 - reach <= w.box[0] and w.box[2] <= seg.x1 + reach]
    if not hand and not any(w.handwritten for w in seg.words):
        return seg
    return _prefer_handwriting(seg.page, list(seg.words) + hand)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    width = min(a[2], b[2]) - max(a[0], b[0])
    return width > 0.3 * min(a[2] - a[0], b[2] - b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _place(tokens: list[str]) -> list[str]:
    """The place name just before 'ngày': the run of capitalised words ('Hà Nội,')."""
    out: list[str] = []
    for tok in reversed(split_glued(tokens)):
        t = strip_edges(tok).strip(",.;:")
        if not t:
            continue
        has_digit = any(c.isdigit() for c in t)
        # Capitals belong to the left column's code or name; 'TP.' is an abbreviation.
        shouting = t.isupper() and len(letters(t)) >= 2 and not t.endswith(".")
        if has_digit or "/" in t or shouting or not t[:1].isupper():
            break
        out.insert(0, t)
    return out


def _place_name(before: list[str]) -> list[str]:
    """The place, restored; a province name whose first letters OCR garbled ('lrảo Cai')
    is recognised from the words before 'ngày' when the readable run is shorter."""
    run = restore_caps(_place(before))
    tail = [t for t in (strip_edges(x).strip(",.;:") for x in before[-3:]) if t]
    for k in (3, 2):
        cand = tail[-k:]
        if len(cand) < k or len(cand) <= len(run):
            continue
        key = " ".join(letter_words(" ".join(cand)))
        for prov in PROVINCES:
            words = prov.split()
            if len(words) == k and fuzz.ratio(key, " ".join(letter_words(prov))) >= 85:
                return [w[:1] + w[1:].lower() for w in words]
    return run


def _date(layout: PageLayout, zone: list[Segment], number: Segment | None
          ) -> tuple[Found | None, Found | None, Segment, PartialDate | None] | None:
    """Place and date: a short line of the right column, level with or near the number.

    Body lines (wide) are not looked at: they are full of the dates of cited documents.
    """
    near = [
        s for s in zone
        if (number is None or s.y0 < number.y1 + 4 * layout.pitch)
        and layout.rel_x(s.x1) > 0.5
    ]
    # Short right-column lines first; then, for the columns OCR joined into one wide line
    # ('Số: 12/QĐ-UBND  Hà Nội, ngày ...'), wide lines level with the number.
    short = [s for s in near if layout.rel_x(s.cx) > 0.4 and layout.rel_x(s.x0) > 0.25
             and s.x1 - s.x0 < 0.75 * layout.text_width]
    level = [s for s in near if s not in short and number is not None
             and s.y0 < number.y1 + layout.pitch]
    partial = None
    for seg in sorted(short, key=lambda s: s.y0) + sorted(level, key=lambda s: s.y0):
        seg = _with_handwriting(seg, zone)
        tokens = split_tokens(seg.text)
        m = find_date(tokens)
        if not m:
            p = find_partial_date(tokens)
            if p and partial is None:
                place_words = _place_name(tokens[:p.start])
                place = Found(" ".join(place_words), seg.confidence,
                              (seg,)) if place_words else None
                partial = (None, place, seg, p)
            continue
        conf = seg.confidence * (0.8 if m.repaired else 1.0)
        # A day written by hand is read with less certainty than print.
        if any(w.handwritten for w in seg.words):
            conf = min(conf, min(w.confidence for w in seg.words if w.handwritten))
        date = Found(m.iso, conf, (seg,))
        place_words = _place_name(tokens[:m.start])
        place = Found(" ".join(place_words), seg.confidence, (seg,)) if place_words else None
        return date, place, seg, None
    return partial


def _opens_body(line: str) -> bool:
    f = " ".join(letter_words(line))
    return any(f == o or f.startswith(o + " ") for o in _openers())


@cache
def _openers() -> tuple[str, ...]:
    return tuple(sorted({" ".join(letter_words(o)) for o in ORGAN_OPENERS}))


def _caps_line(seg: Segment) -> list[str]:
    return restore_caps(clean_tokens(seg.tokens, seg.confidences))


def _issuer(layout: PageLayout, zone: list[Segment], motto: list[Segment],
            limit: float, number: Segment | None) -> tuple[Found | None, Found | None]:
    """Superior and issuing body: the capital lines of the left column above the number."""
    taken = set(number.words) if number is not None else set()
    cands = [
        s for s in zone
        if s not in motto and s.y0 < limit and layout.rel_x(s.cx) < 0.45
        and not taken & set(s.words)
        and is_caps(s.text, 0.7) and len(letters(s.text)) >= 2
        and not _SO.match(fold(s.text)) and not _numbered(s.text)
        and fold(strip_edges(s.text)).strip(". ") not in SECRECY
        and fold(strip_edges(s.text)).strip(". ") not in URGENCY
    ]
    if not cands:
        return None, None
    cands.sort(key=lambda s: s.y0)
    # Keep the block of lines that sits right above the number; dirt higher up is not a body.
    block = [cands[-1]]
    for seg in reversed(cands[:-1]):
        if block[0].y0 - seg.y0 > 2.2 * layout.pitch:
            break
        block.insert(0, seg)
    units: list[list[Segment]] = []
    for seg in block:
        line = " ".join(_caps_line(seg))
        if not units or _opens_body(line):
            units.append([seg])
        else:
            units[-1].append(seg)

    def found(unit: list[Segment]) -> Found:
        # Restored as one run: a body's name often breaks across lines mid-phrase.
        words: list[str] = []
        for s in unit:
            words.extend(clean_tokens(s.tokens, s.confidences))
        # A body's number ('BAN CHỈ ĐẠO 138') read with a letter for a figure: 'I38'.
        words = [as_figures(w) for w in words]
        text = " ".join(complete_levels(restore_caps(words))).strip(" .,;:-")
        conf = sum(s.confidence for s in unit) / len(unit)
        return Found(text, conf, tuple(unit))

    issuer = found(units[-1])
    superior = found(units[-2]) if len(units) > 1 else None
    return issuer, superior


def _numbered(text: str) -> bool:
    """Whether a header line is the number line, however garbled its 'Số' and number."""
    return bool(_SO_COLON.match(fold(text))) or any(
        m.group(1) or canonical_type_code(m.group(2)) for m in _JOINED_CODE.finditer(text))


def _marks_from_place(body: Found | None, place: str) -> Found | None:
    """'HUYỆN ỦY ĐẠI LỌC' dated at 'Đại Lộc': the body's name ends with the place, and the
    small italic place line keeps its marks better than the bold capitals do."""
    if body is None or not place:
        return body
    words, place_words = body.value.split(), place.split()
    k = len(place_words)
    tail = words[-k:]
    if len(words) <= k or [fold(w) for w in tail] != [fold(w) for w in place_words]:
        return body
    fixed = [t if tone_key(t) == tone_key(p) else p.upper()
             for t, p in zip(tail, place_words, strict=True)]
    return Found(" ".join(words[:-k] + fixed), body.confidence, body.segments)


def _stamps(zone: list[Segment]) -> tuple[Found | None, Found | None]:
    secrecy = urgency = None
    for seg in zone:
        words = clean_tokens(seg.tokens, seg.confidences)
        if not words or len(words) > 3 or not is_caps(" ".join(words), 0.75):
            continue
        key = " ".join(letter_words(" ".join(words)))
        if key in SECRECY and secrecy is None:
            secrecy = Found(SECRECY[key], seg.confidence, (seg,))
        elif key in URGENCY and urgency is None:
            urgency = Found(URGENCY[key], seg.confidence, (seg,))
    return secrecy, urgency


def _cv_subject(layout: PageLayout, zone: list[Segment], number: Segment) -> Found | None:
    """The 'V/v ...' lines of a công văn, under the number in the left column."""
    below = [s for s in zone if s.y0 >= number.y1 - 0.3 * number.height]
    start = next(
        (s for s in below if layout.rel_x(s.cx) < 0.5 and _VV.match(fold(s.text))), None
    )
    if start is None or start.y0 - number.y1 > 3 * layout.pitch:
        return None
    lines = [start]
    for seg in below:
        if seg.y0 <= lines[-1].y0 or layout.rel_x(seg.cx) >= 0.5:
            continue
        text = fold(seg.text)
        if seg.y0 - lines[-1].y0 > 1.6 * layout.pitch or _KINH_GUI.match(text):
            break
        if " ".join(letter_words(seg.text)) in SECRECY or " ".join(
                letter_words(seg.text)) in URGENCY:
            break
        if not letters(seg.text):
            continue
        lines.append(seg)
    words: list[str] = []
    for seg in lines:
        words.extend(clean_tokens(seg.tokens, seg.confidences))
    if not words:
        return None
    m = _VV.match(fold(words[0]))
    if m:
        # Give the prefix its printed form even when OCR read 'W/v' or 'V/y'.
        words[0] = "V/v" + words[0][m.end():]
    text = " ".join(words).rstrip(" .,;:")
    conf = sum(s.confidence for s in lines) / len(lines)
    return Found(text, conf, tuple(lines))


def analyse_header(layout: PageLayout) -> Header:
    family, motto, segments = _find_motto(layout, list(layout.segments))
    header = Header(layout, segments, family=family, motto=motto)
    zone = [s for s in segments if s.y0 < 0.4 * layout.height]
    numbered = _number_line(layout, zone)
    if numbered:
        line = _level_run(layout, numbered[0], zone)
        header.number_line = line
        raw = _after_so(line.text).lstrip(" _|.,:;'`\"~")
        header.symbol = parse_symbol(raw) if raw.strip() else None
        tail = _TAIL.search(raw)
        header.symbol_tail = compact(tail.group(0)) if tail else ""
    dated = _date(layout, zone, header.number_line)
    if dated:
        header.date, header.place, header.date_segment, header.partial_date = dated
        if header.symbol is not None and header.date is not None:
            fixed = agree_with_year(header.symbol, header.date.value)
            header.symbol_repaired = fixed.text != header.symbol.text
            header.symbol = fixed
    if header.number_line is not None:
        limit = header.number_line.y0 + 0.3 * header.number_line.height
    elif header.date_segment is not None:
        limit = header.date_segment.y1
    else:
        limit = 0.15 * layout.height
    header.issuer, header.superior = _issuer(layout, zone, motto, limit, header.number_line)
    if header.place is not None:
        header.issuer = _marks_from_place(header.issuer, header.place.value)
        header.superior = _marks_from_place(header.superior, header.place.value)
    if header.number_line is not None:
        header.cv_subject = _cv_subject(layout, zone, header.number_line)
    header.classification, header.urgency = _stamps(zone)
    parts = list(motto)
    for extra in (header.number_line, header.date_segment):
        if extra is not None:
            parts.append(extra)
    for f in (header.issuer, header.cv_subject):
        if f is not None:
            parts.extend(f.segments)
    header.bottom = max((s.y1 for s in parts), default=0.0)
    return header
