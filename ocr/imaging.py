"""Image helpers shared by the cleanup steps."""
from __future__ import annotations

import cv2
import numpy as np


def shrink(image: np.ndarray, longest: int, *, side: int | None = None) -> np.ndarray:
    """The image reduced by a whole factor to about `longest` pixels along `side`
    (1 for width, 0 for height; the longer one by default), averaging each cell.

    A whole factor takes OpenCV's fast path for area averaging, about five times cheaper
    on a page than an arbitrary scale; the analyses that use this need a size, not an
    exact one.
    """
    length = image.shape[side] if side is not None else max(image.shape[:2])
    factor = round(length / longest)
    if factor <= 1:
        return image
    h, w = image.shape[:2]
    return cv2.resize(image, (w // factor, h // factor), interpolation=cv2.INTER_AREA)


def components(ink: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """8-connected components of a 0/1 mask: their count, label image and stats.

    Labels are 16-bit while they fit: OpenCV labels a page three times faster so, and a
    label image half the size is cheaper to read. A page of dust with more components than
    that is labelled in 32 bits.
    """
    try:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8,
                                                                   ltype=cv2.CV_16U)
    except cv2.error:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return count, labels, stats
