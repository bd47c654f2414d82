"""Whether a page with level text lines reads upside down.

(Pages on their side are found with the skew, in `ocr.clean.estimate_layout`.)
In Vietnamese far more ink stands above a line's x-height band (capitals, ascenders and
almost every tone mark) than below it (g, p, q, y and the dot below). The OCR engine's own
orientation answer (Tesseract's OSD costs about a third of a page's OCR) is asked only when
that test is unsure: `osd` is the engine's `orientation`.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from luutru.ocr.imaging import shrink

# |log(above/below)| must exceed this for the ascender test to decide alone.
UPRIGHT_MARGIN = 0.35
MIN_LINES = 8  # fewer clean line pieces than this (both halves), and the test abstains


def detect_upside_down(binary: np.ndarray,
                       osd: Callable[[np.ndarray], int | None] | None = None) -> bool:
    """Whether a level page (text lines horizontal) reads upside down."""
    ink = _ink(binary)
    if ink.mean() < 0.003:  # blank page: nothing to read, nothing to turn
        return False
    lean = ascender_lean(ink)
    if abs(lean) >= UPRIGHT_MARGIN or osd is None:
        return lean < 0
    answer = osd(binary)
    return lean < 0 if answer is None else answer == 180


def _ink(binary: np.ndarray, width: int = 1200) -> np.ndarray:
    return (shrink(binary, width) < 128).astype(np.uint8)


def ascender_lean(ink: np.ndarray) -> float:
    """log(ink above the x-height bands / ink below them), summed over text lines.

    Positive for upright text, negative for text upside down, zero when there are too few
    clean lines to say. The halves of the page are measured apart, since the two columns
    of a header or of a signature block and recipients list have lines at different
    heights; and only spans of about one line's height count, not a signature's scribble.
    """
    half = ink.shape[1] // 2
    above = below = 0.0
    lines = 0
    for strip in (ink[:, :half], ink[:, half:]):
        profile = strip.sum(axis=1)
        spans = [(top, bottom) for top, bottom in _line_spans(profile) if bottom - top >= 6]
        if not spans:
            continue
        typical = float(np.median([bottom - top for top, bottom in spans]))
        for top, bottom in spans:
            if not 0.6 * typical <= bottom - top <= 1.6 * typical:
                continue
            line = profile[top:bottom].astype(np.float64)
            core = np.flatnonzero(line >= 0.5 * line.max())
            above += line[:core[0]].sum()
            below += line[core[-1] + 1:].sum()
            lines += 1
    if lines < MIN_LINES:
        return 0.0
    return float(np.log((above + 1) / (below + 1)))


def _line_spans(profile: np.ndarray) -> list[tuple[int, int]]:
    """Runs of rows holding ink, separated by (almost) empty rows."""
    has_ink = profile > max(1, profile.max() * 0.02)
    spans = []
    start = None
    for i, flag in enumerate(has_ink):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(profile)))
    return spans
