"""The signature block: right column of the page that ends the document, beside 'Nơi nhận'.

Top to bottom: authority lines (T/M BAN THƯỜNG VỤ, KT. BỘ TRƯỞNG; a State document may
print two), the signer's title, then a gap for seal and signature, then the name.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from luutru.vietnamese import fold, is_vietnamese_syllable

from .header import Found, letter_words
from .layout import PageLayout, Segment, is_noise, rows_of
from .lexicon import AUTHORITY_PREFIX, SIGNER_TITLES, SURNAMES
from .repair import repair_surname, restore_caps, restore_title, split_name_prefix
from .text import clean_tokens, is_caps, letters, split_glued, strip_edges

_AUTHORITY = re.compile(r"^\W*" + AUTHORITY_PREFIX + r"[\s.\-]*(?=[a-z])")
# 'KL CHỦ TỊCH', 'K1. BỘ TRƯỞNG', 'KF. CHỦ TỊCH' (a seal's ring over the T): a KT whose T
# was misread, trusted only before a title.
_KT_SLIP = re.compile(r"^\W*k\s*[/.]?\s*[a-z1]\b\.?[\s.\-]*(?=[a-z])")
# A speck may come first; 'Nơi' may be lost under a stamp or garbled ('Xø4 nhận:'),
# leaving 'nhận:' with its colon.
_NOI_NHAN = re.compile(r"^\W*(?:\w{1,3}\W+)?(?:n[o0]i\s*nh[a4]n|nh[a4]n\s*:)")
_NOT_NAME = re.compile(r"^\W*(da ky|ky boi|noi nhan|ban sao|sao y|\(|trang \d|\d)")
# The two printed forms of each authority prefix: Party documents write T/M, K/T, T/L
# (Hướng dẫn 36), State documents TM., KT., TL. (Nghị định 30).
_PREFIX_FORMS = {"tm": ("T/M", "TM."), "kt": ("K/T", "KT."), "tl": ("T/L", "TL."),
                 "tuq": ("TUQ.", "TUQ."), "q": ("Q.", "Q.")}


def _prefix_form(printed: str, family: str) -> str:
    """The printed prefix as it should read: a slash or a dot the OCR kept decides the
    form; without one ('TM', 'T.M') the document's family does."""
    key = re.sub(r"[^a-z]", "", fold(printed))
    forms = _PREFIX_FORMS.get(key)
    if forms is None:
        return printed
    party, state = forms
    if "/" in printed:
        return party
    if re.fullmatch(r"[A-Za-z]+\.", printed.strip()):
        return state
    return party if family == "party" else state


@dataclass(frozen=True)
class Signature:
    authority: Found | None
    title: Found | None
    name: Found | None
    rank: Found | None = None  # 'Trung tá', 'PGS.TS.': printed before the name, not part of it


def _is_authority(seg: Segment) -> bool:
    if not is_caps(seg.text, 0.6):
        return False
    f = fold(seg.text)
    if _AUTHORITY.match(f):
        return True
    slip = _KT_SLIP.match(f)
    return slip is not None and " ".join(letter_words(f[slip.end():])) in _TITLE_KEYS


_TITLE_KEYS = tuple(" ".join(letter_words(t)) for t in SIGNER_TITLES)


def _is_title(seg: Segment) -> bool:
    if not is_caps(seg.text, 0.7):
        return False
    key = " ".join(letter_words(seg.text))
    return any(key == t or key.startswith(t + " ") for t in _TITLE_KEYS)


def _authority_text(seg: Segment, family: str) -> str:
    words = clean_tokens(seg.tokens, seg.confidences)
    if not words:
        return ""
    text = " ".join(words)
    m = _AUTHORITY.match(fold(text))
    slip = None if m else _KT_SLIP.match(fold(text))
    head_len = m.end() if m else slip.end() if slip else 0
    head, tail = text[:head_len].strip(" -"), text[head_len:].strip()
    head = "KT" if slip else head
    head = _prefix_form(head, family)
    return f"{head} {' '.join(restore_caps(tail.split()))}".strip()


def closes_document(layout: PageLayout) -> bool:
    """Whether the page holds a document's end: an authority line (T/M, KT., ...) in the
    right column, or 'Nơi nhận'."""
    right = [s for s in layout.segments if layout.rel_x(s.cx) > 0.45]
    return any(_is_authority(s) for s in right) or any(
        _NOI_NHAN.match(fold(s.text)) for s in layout.segments)


def _page_with_signature(layouts: list[PageLayout]) -> PageLayout | None:
    """The last page with an authority line or 'Nơi nhận': annexes may follow it."""
    found = next((layout for layout in reversed(layouts) if closes_document(layout)), None)
    if found is not None:
        return found
    # A seal over the authority line and no 'Nơi nhận' read: the last page with a signer's
    # title standing alone in the right column.
    for layout in reversed(layouts):
        if any(layout.rel_x(s.cx) > 0.55 and _is_title(s) and len(s.words) <= 5
               for s in layout.segments):
            return layout
    return None


def _anchor(layout: PageLayout, segments: list[Segment]) -> list[Segment]:
    """The authority lines, or failing those the title line, of the signature block."""
    right = [s for s in segments if layout.rel_x(s.cx) > 0.45]
    noi_nhan = next((s for s in segments if _NOI_NHAN.match(fold(s.text))), None)
    auth = [s for s in right if _is_authority(s)]
    if noi_nhan is not None:
        # The block starts level with 'Nơi nhận' or a few lines above it.
        near = [s for s in auth if abs(s.y0 - noi_nhan.y0) < 8 * layout.pitch]
        auth = near or auth
    if auth:
        first = auth[-1] if noi_nhan is None else min(
            auth, key=lambda s: abs(s.y0 - noi_nhan.y0))
        block = [first]
        for seg in right:
            if seg.y0 > block[-1].y0 and seg.y0 - block[-1].y0 <= 1.6 * layout.pitch \
                    and _is_authority(seg):
                block.append(seg)
        # An authority line printed just above the chosen one belongs to the same block.
        for seg in reversed(right):
            if seg.y0 < block[0].y0 and block[0].y0 - seg.y0 <= 1.6 * layout.pitch \
                    and _is_authority(seg):
                block.insert(0, seg)
        return block
    # No authority line: the page was chosen for its 'Nơi nhận', and the title stands
    # level with it.
    titles = [
        s for s in right
        if _is_title(s) and noi_nhan is not None and abs(s.y0 - noi_nhan.y0) < 6 * layout.pitch
    ]
    if noi_nhan is None:
        # Neither authority nor recipients read: the lowest title alone in the right column.
        titles = [s for s in right if layout.rel_x(s.cx) > 0.55 and _is_title(s)
                  and len(s.words) <= 5][-1:]
    return titles[:1]


def _name_tokens(words: list[str], conf_of: dict[str, float]) -> list[str] | None:
    """Rank (if any) and name, or None when the words do not look like a person's name."""
    # The rank first: a degree's dots ('PGS.TS.') are no glue between two names.
    prefix, rest = split_name_prefix([strip_edges(w) for w in words])
    rest = split_glued(rest)
    first_conf = conf_of.get(rest[0], 0.0) if rest else 0.0
    rest = ["".join(c for c in w if c.isalpha() or c in ".-") for w in rest]
    rest = [w for w in rest if letters(w)]
    if not 2 <= len(rest) <= 5:
        return None
    # The family name is the word a seal most often damages: repair it before judging.
    # A fragment in small letters is only repaired when what is missing is its first
    # letter ('guyễn' -> 'Nguyễn'); 'linh' is the end of some other name, not 'Đinh'.
    fixed = repair_surname(rest[0], first_conf)
    if rest[0][:1].islower() and not fold(fixed).endswith(fold(rest[0])):
        return None
    rest[0] = fixed
    if not all(w[:1].isupper() and not (len(w) > 1 and w[1:].isupper()) for w in rest):
        return None
    return prefix + rest


def _row_words(row: list[Segment], min_conf: float = 0.0) -> tuple[list[str], list[float]]:
    """A row's words, without those read with less confidence than `min_conf` unless
    they spell a capitalised Vietnamese syllable, or, first in the row, a family name up
    to a slip ('Nguvễn'): a seal over a name lowers Tesseract's confidence in words it still
    reads right or nearly, most of all in the family name it crosses first, while signature
    strokes spell nothing. Such a family name's confidence stays its own, so the name
    comes out below the review threshold (`_name`)."""
    words: list[str] = []
    confs: list[float] = []
    for seg in sorted(row, key=lambda s: s.x0):
        for w in seg.words:
            text = strip_edges(w.text)
            if (w.confidence >= min_conf or _capitalised_syllable(text)
                    or not words and _slipped_surname(text)):
                words.append(w.text)
                confs.append(w.confidence)
    return words, confs


def _slipped_surname(word: str) -> bool:
    """A capitalised word that `repair_surname` takes to a common family name."""
    return word[:1].isupper() and repair_surname(word) in SURNAMES


def _capitalised_syllable(word: str) -> bool:
    return (len(word) >= 2 and word[0].isupper() and word[1:].islower()
            and is_vietnamese_syllable(word.lower()))


def _is_scribble(words: list[str], confs: list[float]) -> bool:
    """A row made of a few letters from signature strokes or the seal."""
    kept = clean_tokens(words, confs)
    return not kept or len(letters(" ".join(kept))) <= 4 and len(kept) <= 2


def _authority(segs: list[Segment], family: str) -> Found | None:
    if not segs:
        return None
    text = "\n".join(_authority_text(s, family) for s in segs)
    return Found(text, sum(s.confidence for s in segs) / len(segs), tuple(segs))


def _title(rows: list[list[Segment]], start: Segment, pitch: float,
           found: list[Segment]) -> tuple[Found | None, Segment]:
    """Capital rows right under the authority (or the anchor title itself, in found)."""
    last = start
    taken = 1 if found else 0
    segs = list(found)
    for row in rows:
        top = min(row, key=lambda s: s.y0)
        if top.y0 <= last.y0:
            continue
        words, confs = _row_words(row)
        if top.y0 - last.y0 > 1.6 * pitch or taken >= 2:
            break
        if not is_caps(" ".join(words), 0.7):
            if _is_scribble(words, confs):
                continue
            break
        segs.extend(row)
        taken += 1
        last = top
    if not segs:
        return None, last
    words, confs = _row_words(segs)
    text = " ".join(restore_title(clean_tokens(words, confs)))
    return Found(text, sum(confs) / len(confs), tuple(segs)), last


# Strokes of the signature come out as a few letters read with less confidence than this.
NAME_MIN_CONF = 0.2
# A row of the block read as a name with less mean confidence than this is, when a surer
# name follows it, strokes of the seal or the signature that spelled two capitalised
# syllables above the printed name, which is read surely or not at all.
NAME_UNSURE = 0.3
# A name whose family name was kept only as a slip of one (`_row_words`) is given at most
# this confidence: below metadata.trust.REVIEW_BELOW, so that a human looks at it.
RESCUED_SURNAME = 0.5


def _name(rows: list[list[Segment]], after: Segment, skip_above: bool = True) -> Found | None:
    """The first row under `after` that reads as a person's name; one read with hardly any
    confidence gives way to a surer one further down."""
    unsure = None
    for found in _names(rows, after, skip_above):
        if found.confidence >= NAME_UNSURE:
            return found
        unsure = unsure or found
    return unsure


def _names(rows: list[list[Segment]], after: Segment, skip_above: bool) -> Iterator[Found]:
    for row in rows:
        if skip_above and min(s.y0 for s in row) <= after.y0:
            continue
        words, confs = _row_words(row, min_conf=NAME_MIN_CONF)
        if not words:
            continue
        text = " ".join(words)
        if _NOT_NAME.match(fold(text)) or is_caps(text, 0.9):
            continue
        conf_of = {strip_edges(w): c for w, c in zip(words, confs, strict=True)}
        tokens = _name_tokens(clean_tokens(words, confs), conf_of)
        if tokens:
            confidence = sum(confs) / len(confs)
            if confs[0] < NAME_MIN_CONF:  # a family name kept as a slip, or a fragment
                confidence = min(confidence, RESCUED_SURNAME)
            yield Found(" ".join(tokens), confidence, tuple(row))


def split_rank(name: Found | None) -> tuple[Found | None, Found | None]:
    """Name and rank: ranks and degrees ('Thượng tướng', 'ThS.') go apart from the name."""
    if name is None:
        return None, None
    prefix, rest = split_name_prefix(name.value.split())
    if not prefix:
        return name, None
    return (Found(" ".join(rest), name.confidence, name.segments),
            Found(" ".join(prefix), name.confidence, name.segments))


def _name_beside_recipients(layout: PageLayout, segments: list[Segment]) -> Found | None:
    """No authority or title line was readable: the name is still the first person's name
    in the right column, level with or below 'Nơi nhận'."""
    noi_nhan = next((s for s in segments if _NOI_NHAN.match(fold(s.text))), None)
    if noi_nhan is None:
        return None
    right = [
        s for s in segments
        if layout.rel_x(s.cx) > 0.5 and letters(s.text)
        and -2 * layout.pitch < s.y0 - noi_nhan.y0 < 14 * layout.pitch
    ]
    return _name(rows_of(right), noi_nhan, skip_above=False)


def find_signature(layouts: list[PageLayout], family: str = "") -> Signature:
    """family ('party' or 'state') decides how an authority prefix OCR damaged is written."""
    layout = _page_with_signature(layouts)
    if layout is None:
        return Signature(None, None, None)
    segments = list(layout.segments)
    anchor = _anchor(layout, segments)
    if not anchor:
        return Signature(None, None, *split_rank(_name_beside_recipients(layout, segments)))
    auth_segs = [s for s in anchor if _is_authority(s)]
    center = sum(s.cx for s in anchor) / len(anchor)
    below = [
        s for s in segments
        if s.y0 > anchor[-1].y0 and abs(s.cx - center) < 0.3 * layout.text_width
        and letters(s.text) and s.y0 - anchor[-1].y1 < 14 * layout.pitch and not is_noise(s)
    ]
    rows = rows_of(below)
    title_anchor = [] if auth_segs else [anchor[-1]]
    title, last = _title(rows, anchor[-1], layout.pitch, title_anchor)
    return Signature(_authority(auth_segs, family), title, *split_rank(_name(rows, last)))
