"""How well the handwritten numbers and days of real papers are found and read.

    .venv/bin/python bench/handwriting_real.py TRUTH.json DATA_DIR [--out docs/ocr-real.md]

DATA_DIR is a data directory that `luutru ingest` filled from the truth's documents. For
each document whose number or date the truth flags as handwritten, the slots are found on
the stored OCR words (`metadata.slots.find_slots`) and every slot is read from the source
page (`ocr.handwriting`), whatever the reading's confidence; the readings are compared
with the truth's number, day and month. Reports slots found, digits and fields read right,
and what the confidence threshold lets through: right and wrong readings that would be
added to the page. The truth is used here only to score.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_ocr import write_between_markers  # noqa: E402
from luutru.archive.catalog import Catalog  # noqa: E402
from luutru.archive.config import Config  # noqa: E402
from luutru.metadata.slots import Slot, find_slots  # noqa: E402
from luutru.ocr import handwriting  # noqa: E402
from luutru.ocr.clean import page_map, sheet_taken  # noqa: E402
from luutru.ocr.load import load_page  # noqa: E402


def expected(doc: dict) -> dict[str, str]:
    """The handwritten values the truth holds, by slot kind."""
    meta, flags = doc["metadata"], doc.get("flags", {})
    out = {}
    if flags.get("number_handwritten") and meta.get("number"):
        out["number"] = str(meta["number"])
    if flags.get("date_handwritten") and meta.get("date"):
        _, month, day = meta["date"].split("-")
        out["day"] = day
        if "month" in (flags.get("date_fill") or ""):
            out["month"] = month
    return out


def same(kind: str, got: str, want: str) -> bool:
    return int(got) == int(want) if kind != "number" else got.lstrip("0") == want.lstrip("0")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("truth", type=Path)
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--second", action=argparse.BooleanOptionalAction, default=True,
                    help="the second opinion (`handwriting.confirmed`) as `fill_slots` has it")
    args = ap.parse_args()
    truth = {d["file"]: d for d in json.loads(args.truth.read_text(encoding="utf-8"))}
    catalog = Catalog(Config.load(args.data).catalog_path)
    tally = {"fields": 0, "slots": 0, "read": 0, "right": 0, "digits": 0, "digits_right": 0,
             "passed_right": 0, "passed_wrong": 0}
    rows = []
    for doc in catalog.documents(status="done"):
        want = expected(truth.get(Path(doc.source).name, {"metadata": {}}))
        # The truth is the file's first document's (an attached draft is cut off as its own).
        if not want or doc.page_start != 1:
            continue
        pages = catalog.pages(doc.id)
        slots: dict[str, Slot] = {s.kind: s for s in find_slots(pages)}
        for kind, value in sorted(want.items()):
            tally["fields"] += 1
            tally["digits"] += len(value)
            slot = slots.get(kind)
            got, confidence, second = "", 0.0, ""
            if slot is not None:
                tally["slots"] += 1
                page = next(p for p in pages if p.number == slot.page)
                original = load_page(Path(doc.source), doc.file_page(slot.page))
                # As `archive.finishing.with_handwriting`: a photo's slots on its sheet.
                image, dpi, steps = sheet_taken(original.image, original.dpi, page.steps)
                reading = handwriting.read_slot(image, slot, page_map(image.shape, dpi,
                                                                      steps).back, dpi)
                # As `fill_slots`: where OCR read confident print, only a pen's ink is read.
                if reading is not None and (reading.pen or not slot.printed):
                    got, confidence = reading.text, reading.confidence
                    if reading.strokes is not None:
                        second = handwriting.second_opinion(reading.strokes)[0]
                    if args.second and confidence < handwriting.MIN_CONFIDENCE:
                        # As `fill_slots`: Tesseract reading the same figures raises it.
                        confidence = handwriting.confirmed(reading, got, confidence)
            right = bool(got) and same(kind, got, value)
            tally["read"] += bool(got)
            tally["right"] += right
            if got and len(got) == len(value):
                tally["digits_right"] += sum(a == b for a, b in zip(got, value, strict=True))
            if got and confidence >= handwriting.MIN_CONFIDENCE and handwriting.plausible(
                    kind, got):
                tally["passed_right" if right else "passed_wrong"] += 1
            rows.append((Path(doc.source).name, kind, value, got, second,
                         round(confidence, 2)))
    held = handwriting.digit_model()["held_out"]
    passed, passed_right = handwriting.let_through(held, handwriting.MIN_CONFIDENCE)
    by_source = ", ".join(f"{k} {v:.1%}" for k, v in sorted(held["digits"].items()))
    lines = [
        f"## Handwritten numbers and days: `python bench/handwriting_real.py {args.truth}"
        " DATA`",
        "",
        f"{tally['fields']} handwritten fields; slot found for {tally['slots']};"
        f" a reading for {tally['read']}; read right {tally['right']}"
        f" ({tally['right'] / max(1, tally['fields']):.0%});"
        f" digits right {tally['digits_right']} of {tally['digits']}"
        f" ({tally['digits_right'] / max(1, tally['digits']):.0%}).",
        "Held-out (not the realset; `ocr.handwriting.train`):"
        f" digits right {held['digits_all']:.1%} ({by_source});"
        f" {len(held['right'])} readings of 1-4 digits, {held['right'].mean():.1%} right;"
        f" 99 % right at or above {held['threshold_99']}; at {handwriting.MIN_CONFIDENCE}:"
        f" {passed} let through, {passed_right:.1%} right.",
        f"At the confidence threshold {handwriting.MIN_CONFIDENCE} (and plausible values"
        f"{', with the second opinion' if args.second else ', without the second opinion'}):"
        f" {tally['passed_right']} right and {tally['passed_wrong']} wrong readings are added"
        " to the page; the rest are left to review.",
        "",
        "| document | slot | truth | read | Tesseract | confidence |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {f} | {k} | {v} | {g or '—'} | {t or '—'} | {c} |"
              for f, k, v, g, t, c in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        write_between_markers(args.out, text, "handwriting")


if __name__ == "__main__":
    main()
