"""Give back diacritics that OCR lost on capitals ('ĐANG UY' -> 'ĐẢNG ỦY') and fix names."""
from __future__ import annotations

import re
from functools import cache

from luutru.vietnamese import fold, is_vietnamese_syllable, tone_key

from .lexicon import (
    CAPS_PHRASES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    NAME_PREFIXES,
    SIGNER_TITLES,
    SURNAMES,
)
from .text import edit_distance

_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _split_core(token: str) -> tuple[str, str, str]:
    m = _CORE.match(token)
    assert m is not None  # the pattern matches every string
    return m.group(1), m.group(2), m.group(3)


def _has_marks(word: str) -> bool:
    return fold(word) != word.lower()


def transfer_case(model: str, word: str) -> str:
    """Write `word` in the case pattern of `model` (upper, title or lower)."""
    caps = sum(c.isupper() for c in model)
    if model.isupper() or len(model) > 1 and caps > len(model) / 2:
        return word.upper()  # 'CAl': capitals with a slip
    if model[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


@cache
def _phrases() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    out = set()
    for p in CAPS_PHRASES:
        words = [_split_core(w)[1] for w in p.split()]
        words = [w for w in words if w]
        out.add((tuple(fold(w) for w in words), tuple(words)))
    return tuple(sorted(out, key=lambda x: (-len(x[0]), x[0])))


def restore_caps(tokens: list[str]) -> list[str]:
    """Replace tokens whose folded letters spell a known header phrase by that phrase.

    Several-word phrases may also correct wrong marks ('ĐĂNG CÔNG SẢN' -> 'ĐẢNG CỘNG SẢN');
    a one-word phrase only fills in a word printed without any marks, so that a correctly
    read 'QUẢN' is never turned into 'QUẬN'. A word equal up to tone placement keeps the
    document's own spelling (UỶ stays UỶ).
    """
    tokens = _unjoin(tokens)
    parts = [_drop_dot(_split_core(t)) for t in tokens]
    tokens = ["".join(p) for p in parts]
    folded = [fold(core) for _, core, _ in parts]
    claimed = [False] * len(tokens)
    out = list(tokens)
    # Exact spellings first, so that a near miss never takes words another phrase spells.
    cores = [core for _, core, _ in parts]
    for fits in (_same, _one_slip):
        for ph_fold, ph_words in _phrases():
            k = len(ph_fold)
            for i in range(len(tokens) - k + 1):
                if any(claimed[i:i + k]) or not fits(
                        tuple(folded[i:i + k]), ph_fold, cores[i:i + k]):
                    continue
                if k == 1 and _has_marks(parts[i][1]) and ph_words[0] not in _ALWAYS:
                    continue
                for j in range(k):
                    pre, core, post = parts[i + j]
                    canon = ph_words[j]
                    if tone_key(core) != tone_key(canon):
                        out[i + j] = pre + transfer_case(core, canon) + post
                    claimed[i + j] = True
    return out


# Header words with no other reading in a capital header line: a wrong mark on them
# ('TÍNH', 'HUYÊN') is an OCR slip, whatever the one-word rule says.
_ALWAYS = {"TỈNH", "HUYỆN", "ĐẢNG", "ỦY"}


@cache
def _vocabulary() -> frozenset[str]:
    return frozenset(fold(w) for _, words in _phrases() for w in words)


def _drop_dot(part: tuple[str, str, str]) -> tuple[str, str, str]:
    """'UỶ.' or 'CAI.': a speck after a header word, never an abbreviation's dot."""
    pre, core, post = part
    if post.startswith(".") and fold(core) in _vocabulary():
        post = post.lstrip(".")
    return pre, core, post


@cache
def _bigrams() -> dict[str, tuple[str, str]]:
    """Folded 'trunguong' -> ('TRUNG', 'ƯƠNG'): two phrase words OCR read as one."""
    out: dict[str, tuple[str, str]] = {}
    for _, words in _phrases():
        for a, b in zip(words, words[1:], strict=False):
            if len(a) >= 2 and len(b) >= 2:
                out.setdefault(fold(a + b), (a, b))
    return out


def _unjoin(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        pre, core, post = _split_core(t)
        pair = _bigrams().get(fold(core)) if len(core) >= 5 else None
        if pair and core.isupper():
            out.extend([pre + transfer_case(core, pair[0]), transfer_case(core, pair[1]) + post])
        else:
            out.append(t)
    return out


def _same(words: tuple[str, ...], phrase: tuple[str, ...], printed: list[str]) -> bool:
    return words == phrase


def _one_slip(words: tuple[str, ...], phrase: tuple[str, ...], printed: list[str]) -> bool:
    """A phrase of two or more words with one letter wrong in one word of three or more
    letters ('LÀO CAl', '1RUNG ƯƠNG'). The printed word must not be a Vietnamese syllable:
    'ĐẠI LỘC' is a place of its own, not a slip for 'ĐẠI HỌC'."""
    if len(phrase) < 2 or len(words) != len(phrase):
        return False
    diff = [k for k, (a, b) in enumerate(zip(words, phrase, strict=True)) if a != b]
    if len(diff) != 1:
        return False
    got, want = words[diff[0]], phrase[diff[0]]
    return min(len(got), len(want)) >= 3 and edit_distance(got, want) == 1 and \
        not is_vietnamese_syllable(printed[diff[0]])


def _letter_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", fold(text)).split())


@cache
def _titles() -> dict[str, str]:
    return {_letter_key(t): t for t in SIGNER_TITLES}


def restore_title(words: list[str]) -> list[str]:
    """A signer's title: the known title it spells up to a slip or two, else restore_caps.

    Seal and signature leave stray marks beside the title ('.- PHÓ BÍ THƯ ĐT'): the
    longest run of words that spells a known title is the title.
    """
    best: tuple[int, int, int] | None = None  # (length, start, end) of the best run
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            key = _letter_key(" ".join(words[i:j]))
            if not key:
                continue
            title = min(_titles(), key=lambda t: edit_distance(t, key))
            if edit_distance(title, key) <= max(1, len(key) // 8) and (
                    best is None or len(key) > best[0]):
                best = (len(key), i, j)
    if best is None:
        return restore_caps(words)
    _, i, j = best
    run = words[i:j]
    canon = _titles()[min(_titles(), key=lambda t: edit_distance(t, _letter_key(" ".join(run))))]
    return run if tone_key(canon) == tone_key(" ".join(run)) else canon.split()


@cache
def _surnames() -> dict[str, str]:
    return {fold(s): s for s in SURNAMES}


def split_name_prefix(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Separate a rank or degree ('Thượng tướng', 'PGS.TS.') from the name that follows.

    A two-word rank is also recognised when the seal over it made OCR split or garble it
    ('Thượng tư ngÃ'): the letters of up to three tokens, run together, within two edits.
    """
    for prefix in sorted(NAME_PREFIXES, key=lambda p: -len(p.split())):
        pw = prefix.split()
        if len(tokens) > len(pw) and [fold(t) for t in tokens[:len(pw)]] == [
            fold(w) for w in pw
        ]:
            return pw, tokens[len(pw):]
    for prefix in NAME_PREFIXES:
        key = re.sub(r"[^a-z]", "", fold(prefix))
        if len(prefix.split()) < 2 or len(key) < 8:
            continue
        for k in (1, 2, 3):
            if len(tokens) <= k:
                break
            joined = re.sub(r"[^a-z]", "", fold("".join(tokens[:k])))
            if joined[:1] == key[:1] and edit_distance(joined, key) <= 2:
                return prefix.split(), tokens[k:]
    return [], tokens


def repair_surname(word: str, confidence: float = 0.0) -> str:
    """Fix the family name when OCR garbled it slightly ('Nguvễn' -> 'Nguyễn').

    A word read with high confidence is taken as printed: rare family names exist.
    """
    table = _surnames()
    if word in SURNAMES or confidence >= 0.9:
        return word
    f = fold(word)
    if f in table:
        return table[f]
    if len(f) >= 4:
        best = min(table, key=lambda s: edit_distance(s, f))
        if edit_distance(best, f) == 1 and len(best) >= 4:
            return table[best]
    return word


@cache
def _name_words() -> tuple[frozenset[str], dict[str, list[str]], dict[str, list[str]]]:
    known = frozenset(SURNAMES) | frozenset(MIDDLE_NAMES) | frozenset(GIVEN_NAMES)
    middle: dict[str, list[str]] = {}
    for w in MIDDLE_NAMES:
        middle.setdefault(fold(w), []).append(w)
    given: dict[str, list[str]] = {}
    for w in GIVEN_NAMES:
        given.setdefault(fold(w), []).append(w)
    return known, middle, given


def repair_name_tones(words: list[str]) -> tuple[list[str], bool]:
    """Tone slips in the middle and given names of a person ('Trần Vẫn Hùng' -> 'Trần Văn
    Hùng'), and whether a word stays doubtful.

    A word that is a known name is kept. One that is not, whose letters spell exactly one
    known name for its place (middle or given), is that name; several (Hiên: Hiền, Hiển,
    Hiến) leave the word as read and doubtful. A word no name spells is kept as read: rare
    names and the names of other peoples of Vietnam exist.
    """
    known, middle, given = _name_words()
    out = list(words)
    doubtful = False
    for k in range(1, len(words)):
        w = words[k]
        if w in known or not w[:1].isupper():
            continue
        table = given if k == len(words) - 1 else middle
        options = [o for o in dict.fromkeys(table.get(fold(w), [])) if tone_key(o) != tone_key(w)]
        if len(options) == 1:
            out[k] = options[0]
        elif options:
            doubtful = True
    return out, doubtful


# Administrative levels of two words, the second often cut short where two header columns
# ran together ('THÀNH PH' of 'THÀNH PHỐ'): the only word that can follow the first.
_LEVELS = (("THÀNH", "PHỐ"), ("THỊ", "XÃ"), ("THỊ", "TRẤN"))


def complete_levels(tokens: list[str]) -> list[str]:
    """'ỦY BAN NHÂN DÂN THÀNH PH' -> '... THÀNH PHỐ': a level's second word cut short or
    ending in letters of the next column is completed; a whole other word ('THỊ TRƯỜNG',
    'THÀNH ỦY') is left alone."""
    out = list(tokens)
    for k in range(len(out) - 1):
        for first, second in _LEVELS:
            got, want = fold(out[k + 1]), fold(second)
            if fold(out[k]) != fold(first) or got == want or not got \
                    or len(got) > len(want) + 1:
                continue
            # Cut short ('PH'), or its end taken from the motto's first word ('PHẳN').
            if want.startswith(got) or got[:2] == want[:2]:
                out[k + 1] = transfer_case(out[k + 1], second)
                break
    return out
