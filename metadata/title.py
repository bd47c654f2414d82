"""The title block under the header: the type line ('NGHỊ QUYẾT') and the subject below it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from luutru.vietnamese import TYPE_NAMES, fold

from .header import Found, Header, letter_words
from .layout import PageLayout, Segment, ink_extent, is_noise, rows_of
from .repair import restore_caps
from .text import clean_tokens, is_caps, letters, sentence_case

# Lines that open the body, so cannot belong to the subject.
_BODY_OPENERS = re.compile(
    r"^\W*(can cu|theo de nghi|xet |kinh gui|dieu \d|chuong [ivxl\d]|phan [ivxl\d]"
    r"|muc [ivxl\d]|quyet dinh\s*:|quyet nghi|nghi quyet\s*:|[ivx]+\s*[.-]\s|\d+\s*[.)]\s|[-+•]\s)"
)
# The enacting authority printed between subject and preamble ('BỘ TRƯỞNG BỘ XÂY DỰNG').
_AUTHORITY_LINE = re.compile(
    r"^(bo truong|chu tich|thu tuong chinh phu|ban chap hanh trung uong|ban thuong vu"
    r"|ban bi thu|bo chinh tri|chinh phu|hoi dong nhan dan|uy ban thuong vu)\b"
)


@dataclass(frozen=True)
class Title:
    doc_type: Found | None  # from a readable type line
    type_line: Segment | None  # the line itself, readable or not
    subject: Found | None


@cache
def _types() -> list[tuple[str, str]]:
    return [(" ".join(letter_words(t)), t) for t in TYPE_NAMES]


def match_type(text: str) -> tuple[str, float]:
    """Known type name that the (possibly damaged) type line spells, and the match score."""
    key = " ".join(letter_words(text))
    if not key:
        return "", 0.0
    best, score = "", 0.0
    for folded, name in _types():
        # Letter-spaced type lines ('N G H Ị  Q U Y Ế T') compare without their spaces.
        s = max(fuzz.ratio(key, folded), fuzz.ratio(key.replace(" ", ""), folded.replace(" ", "")))
        if s > score or s == score and len(name) > len(best):
            best, score = name, s
    return best, score


def _centered(layout: PageLayout, seg: Segment, tolerance: float) -> bool:
    return abs(layout.rel_x(seg.cx) - 0.5) <= tolerance


def _inset(layout: PageLayout, segs: list[Segment]) -> bool:
    """A title line keeps clear of both margins; justified body lines reach them."""
    x0, x1 = ink_extent(segs)
    return x0 - layout.left >= 0.01 * layout.text_width and \
        layout.right - x1 >= 0.01 * layout.text_width


def _long_subject_line(layout: PageLayout, segs: list[Segment], gap: float,
                       first: bool) -> bool:
    """A long centred subject line nearly fills the width, like a justified body line. It
    sits as close under the line above as the title block's lines do; the first one right
    under the type line, a later one centred (a paragraph's first line is indented, a
    justified one touches both margins)."""
    if gap > 1.25 * layout.pitch:
        return False
    if first:
        return True
    x0, x1 = ink_extent(segs)
    left, right = x0 - layout.left, layout.right - x1
    return min(left, right) >= 0.004 * layout.text_width and \
        abs(left - right) <= 0.02 * layout.text_width


def _row_text(row: list[Segment]) -> tuple[list[str], float]:
    words: list[str] = []
    confs: list[float] = []
    for seg in row:
        words.extend(seg.tokens)
        confs.extend(seg.confidences)
    cleaned = clean_tokens(words, confs)
    return cleaned, (sum(confs) / len(confs) if confs else 0.0)


def find_title(header: Header) -> Title:
    layout = header.layout
    below = [
        s for s in header.segments
        if s.y0 >= header.bottom - 0.2 * layout.pitch and s.y0 < 0.65 * layout.height
        and letters(s.text) and not is_noise(s)
    ]
    rows = rows_of(below)
    type_idx = None
    doc_type = None
    for i, row in enumerate(rows[:8]):
        seg = max(row, key=lambda s: len(s.words))
        words, conf = _row_text([seg])
        text = " ".join(words)
        spaced = len(letters(text)) <= 1.5 * len(words)  # 'N G H Ị  Q U Y Ế T'
        if not words or len(words) > 5 and not spaced or not is_caps(text, 0.75):
            continue
        if not _centered(layout, seg, 0.15) or text.rstrip().endswith(":"):
            continue
        if _BODY_OPENERS.match(fold(text)):
            continue
        name, score = match_type(text)
        if score >= 80:
            restored = restore_caps(words)
            printed = sentence_case(" ".join(restored))
            value = printed if fold(printed).startswith(fold(name)) else name
            if len(value.split()) > len(name.split()) + 1:
                value = name
            doc_type = Found(value, conf * score / 100, (seg,))
            type_idx = i
            break
        if len(words) <= 3:
            # A title-shaped line that no longer spells a type: the type comes from the
            # symbol, the subject still starts under this line.
            type_idx = i
            break
    if type_idx is None:
        return Title(None, None, None)
    type_row = rows[type_idx]
    type_seg = max(type_row, key=lambda s: len(s.words))
    subject = _subject(layout, rows[type_idx + 1:], type_seg)
    return Title(doc_type, type_seg, subject)


def _subject(layout: PageLayout, rows: list[list[Segment]], type_seg: Segment) -> Found | None:
    lines: list[tuple[list[str], float, list[Segment]]] = []
    prev_y = type_seg.y0
    steps: list[float] = []
    for row in rows[:12]:
        main = [s for s in row if _centered(layout, s, 0.3) or len(s.words) >= 3]
        if not main:
            continue
        words, conf = _row_text(main)
        if not words:
            continue
        y = min(s.y0 for s in main)
        gap = y - prev_y
        limit = (2.4 if not lines else 1.55) * layout.pitch
        if len(steps) >= 1:
            # The subject's own line spacing is the better yardstick: the space before
            # the body is a little wider than the subject's lines, even on noisy pages.
            limit = min(limit, 1.35 * sorted(steps)[len(steps) // 2])
        if gap > limit or not _inset(layout, main) and not _long_subject_line(
                layout, main, gap, first=not lines):
            break
        text = " ".join(words)
        f = fold(text)
        if _BODY_OPENERS.match(f):
            break
        if lines and is_caps(text) and _AUTHORITY_LINE.match(" ".join(letter_words(text))):
            # Mixed-case subject then a capital authority line, or a wider gap: the line
            # is the enacting authority, not more subject.
            mixed = not all(is_caps(" ".join(w)) for w, _, _ in lines)
            if mixed or gap > 1.2 * layout.pitch:
                break
        if not any(_centered(layout, s, 0.2) for s in main):
            break
        if lines:
            steps.append(gap)
        lines.append((words, conf, main))
        prev_y = y
    if not lines:
        return None
    text = " ".join(" ".join(w) for w, _, _ in lines)
    conf = sum(c for _, c, _ in lines) / len(lines)
    segs = tuple(s for _, _, m in lines for s in m)
    return Found(text, conf, segs)
