"""Small text helpers: case tests, OCR junk cleanup, edit distance.

NFC, folding and tone placement live in `vietnamese.text`.
"""
from __future__ import annotations

import re


def letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def upper_ratio(text: str) -> float:
    """Share of the letters that are capitals (1.0 for 'NGHỊ QUYẾT')."""
    ls = letters(text)
    if not ls:
        return 0.0
    return sum(c.isupper() for c in ls) / len(ls)


def is_caps(text: str, threshold: float = 0.8) -> bool:
    return len(letters(text)) >= 2 and upper_ratio(text) >= threshold


def sentence_case(text: str) -> str:
    s = " ".join(text.split()).lower()
    return s[:1].upper() + s[1:]


# Characters that scanner dirt, rules and stamp frames turn into at word edges.
_EDGE_JUNK = "_|`'\"~^*¡!¦†ˆ¬•·<>[]{}«»"
_PUNCT_ONLY = re.compile(r"^[\W_]+$")


def strip_edges(token: str) -> str:
    return token.strip(_EDGE_JUNK)


def clean_tokens(tokens: list[str], confidences: list[float] | None = None) -> list[str]:
    """Drop OCR junk tokens: bare punctuation and lone odd letters read with low confidence.

    Real one-letter Vietnamese words exist but are rare in headers, titles and names; the
    confidence test keeps a confidently read one.
    """
    confs = confidences or [1.0] * len(tokens)
    out: list[str] = []
    for tok, conf in zip(tokens, confs, strict=True):
        t = strip_edges(tok)
        if not t or _PUNCT_ONLY.match(t) and t not in {"-", "–", ","}:
            continue
        if len(t) == 1 and t.isalpha() and conf < 0.75:
            continue
        out.append(t)
    # A dash or comma cannot start or end a header/title line.
    while out and out[0] in {"-", "–", ","}:
        out.pop(0)
    while out and out[-1] in {"-", "–", ","}:
        out.pop()
    return out


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; strings here are a few syllables long."""
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_GLUE = re.compile(r"(?<=[^\W\d_])[./](?=[^\W\d_]{2})")


def _camel_parts(word: str) -> list[str]:
    cuts = [
        i for i in range(2, len(word) - 1)
        if word[i - 1].islower() and word[i].isupper() and word[i + 1].islower()
    ]
    bounds = [0, *cuts, len(word)]
    return [word[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def split_glued(tokens: list[str]) -> list[str]:
    """Two capitalised words OCR joined with a dot, a slash or nothing ('Nam.Giang',
    'NgọcBích'), for names and places only: codes like 'TP.HCM' never reach here."""
    out: list[str] = []
    for tok in tokens:
        if any(c.isdigit() for c in tok):
            out.append(tok)  # a symbol or a date, not words
            continue
        for part in _GLUE.split(tok):
            out.extend(p for p in _camel_parts(part) if p)
    return out
