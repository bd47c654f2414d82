"""What cleanup makes of every page, as one line a page, to compare two trees with `diff`.

    .venv/bin/python bench/clean_fingerprint.py FILE_OR_DIR ... > this.txt
    /work/main/.venv/bin/python bench/clean_fingerprint.py FILE_OR_DIR ... > main.txt
    diff main.txt this.txt && echo IDENTICAL

Each line: file name, page, the SHA-1 of the cleaned image (first 12 hex digits), its
resolution, rotation, skew and steps. Run by another tree's Python, it measures that tree's
`luutru` (the package is imported from the running interpreter's installation), so a change
meant for photos can be shown to leave every scan's cleanup as it was.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from luutru.ocr.clean import clean
from luutru.ocr.load import UnreadableScan, load_page, page_count

SCANS = (".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args()
    files = sorted(f for p in args.paths for f in ([p] if p.is_file() else p.iterdir())
                   if f.suffix.lower() in SCANS)
    for path in files:
        try:
            pages = page_count(path)
        except UnreadableScan as e:
            print(f"{path.name} unreadable: {e}", file=sys.stderr)
            continue
        for number in range(1, pages + 1):
            cleaned = clean(load_page(path, number))
            digest = hashlib.sha1(cleaned.image.tobytes()).hexdigest()[:12]
            print(path.name, number, digest, cleaned.dpi, cleaned.rotation, cleaned.skew,
                  ",".join(cleaned.steps), flush=True)


if __name__ == "__main__":
    main()
