"""Cross-source check of the digit model's training sources: train on all sources but one,
read the held-out digits of the one left out (docs/ocr-real.md).

    .venv/bin/python bench/handwriting_cross.py [--without continental]

A fast `SVC` without probabilities (digit accuracy only), on the examples of
`ocr.digit_examples.examples` (one fixed draw). `--without SOURCE` also leaves a source out of
every training set: `--without continental` is the model before the continental shapes.
Besides each left-out source's accuracy it prints how its 1s, 4s, 7s and 9s were read
(the 1 read as a 4 is the commonest confusion on real slots).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from luutru.ocr import digit_examples  # noqa: E402


def share(predicted: np.ndarray, truth: np.ndarray, digit: int, read: int) -> str:
    """The share of `digit`s read as `read`, or "-" when the source has none."""
    of = truth == digit
    return f"{(predicted[of] == read).mean():.3f}" if of.any() else "-"


def main() -> None:
    from sklearn.svm import SVC

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--without", default="", help="a source left out of every training set")
    args = parser.parse_args()
    fit, held = digit_examples.examples(0)
    sources = [s for s in np.unique(fit.source) if s != args.without]
    print("training examples by source:",
          {str(s): int((fit.source == s).sum()) for s in np.unique(fit.source)})
    for out in sources:
        keep = (fit.source != out) & (fit.source != args.without)
        start = time.perf_counter()
        model = SVC(C=10, gamma="scale").fit(fit.x[keep], fit.y[keep])
        test = held.source == out
        predicted, truth = model.predict(held.x[test]), held.y[test]

        def of(digit: int, read: int, p: np.ndarray = predicted, t: np.ndarray = truth) -> str:
            return share(p, t, digit, read)

        print(f"left out {out:11} ({test.sum():4} digits): right {(predicted == truth).mean():.3f}"
              f" | 1s right {of(1, 1)}, read 4 {of(1, 4)}, read 7 {of(1, 7)} | 4s read 1"
              f" {of(4, 1)} | 7s right {of(7, 7)} | 9s right {of(9, 9)}"
              f" ({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
