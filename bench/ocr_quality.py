"""OCR stage alone over a scan folder, scored with the shared eval's score.py.

usage: python bench/ocr_quality.py SCANDIR OUT.jsonl [--jobs N] [--psm N] [--lang L]
Writes export-shaped JSON lines (source, pages[text, confidence, steps]) so that
`../shared/eval/score.py TRUTH OUT.jsonl` scores the OCR without the rest of the pipeline;
used to compare cleanup and model settings (docs/ocr.md).
"""
from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from luutru.ocr.load import page_count, sniff
from luutru.ocr.page import read_page
from luutru.ocr.recognise import TesseractEngine


def _one(job: tuple[str, int, str, int]) -> dict:
    path, number, lang, psm = job
    out = read_page(Path(path), number, TesseractEngine(lang=lang, psm=psm))
    r = out.result
    return {"number": number, "text": r.text, "confidence": r.confidence,
            "quality": r.quality, "steps": list(r.steps), "seconds": out.seconds}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scans", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--psm", type=int, default=3)
    ap.add_argument("--lang", default="vie")
    args = ap.parse_args()
    files = sorted(p for p in args.scans.iterdir() if p.is_file() and sniff(p))
    jobs = [(str(f), n, args.lang, args.psm) for f in files for n in range(1, page_count(f) + 1)]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        pages = list(pool.map(_one, jobs))
    wall = time.perf_counter() - start
    with open(args.out, "w", encoding="utf-8") as fh:
        for f in files:
            mine = [p for (path, *_), p in zip(jobs, pages, strict=True) if path == str(f)]
            fh.write(json.dumps({"source": f.name, "pages": mine}, ensure_ascii=False) + "\n")
    stages: dict[str, float] = {}
    for p in pages:
        for k, v in p["seconds"].items():
            stages[k] = stages.get(k, 0) + v
    print(json.dumps({"pages": len(pages), "wall_s": round(wall, 1),
                      "stage_s": {k: round(v, 1) for k, v in stages.items()}}))


if __name__ == "__main__":
    main()
