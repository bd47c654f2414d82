"""Whether a page with level text lines reads upside down.

(Pages on their side are found with the skew, in `ocr.clean.estimate_layout`.)
In Vietnamese far more ink stands above a line's x-height band (capitals, ascenders and
almost every tone mark) than below it (g, p, q, y and the dot below). Tesseract's OSD costs
about a third of a page's OCR, so it is asked only when that test is unsure.
"""
from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

# |log(above/below)| must exceed this for the ascender test to decide alone.
UPRIGHT_MARGIN = 0.35


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
    scale = min(1.0, width / max(binary.shape))
    small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return (small < 128).astype(np.uint8)


def ascender_lean(ink: np.ndarray) -> float:
    """log(ink above the x-height bands / ink below them), summed over text lines.

    Positive for upright text, negative for text upside down, near zero when unsure.
    """
    profile = ink.sum(axis=1)
    above = below = 0.0
    for top, bottom in _line_spans(profile):
        line = profile[top:bottom].astype(np.float64)
        if bottom - top < 6 or line.max() <= 0:
            continue
        core = np.flatnonzero(line >= 0.5 * line.max())
        core_top, core_bottom = core[0], core[-1]
        above += line[:core_top].sum()
        below += line[core_bottom + 1:].sum()
    if above + below == 0:
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
