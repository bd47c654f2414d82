"""A generated batch through `luutru ingest`: core use, memory, pages per minute.

    .venv/bin/python bench/bench_batch.py --pages 500 [--out docs/benchmarks-batch.md]

Generates PAGES damaged pages with the sample generator (every kind of damage, every
format), then in one command runs plain Tesseract (../shared/eval/baseline_tesseract.py) and
`luutru ingest` on them. While ingest runs, the whole machine's CPU use is sampled every
0.5 s, and the peak resident memory of ingest with all its children (Tesseract, the Prefect
server) is tracked. Reports pages per minute for both, the share of samples with both cores
busy (>= 90 %) during the OCR part, and the memory peak.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


class Sampler(threading.Thread):
    """CPU use of the machine, and peak RSS of a process tree, until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.cpu: list[float] = []
        self.peak_rss = 0
        self.done = threading.Event()

    def run(self) -> None:
        psutil.cpu_percent()
        while not self.done.wait(0.5):
            self.cpu.append(psutil.cpu_percent())
            try:
                tree = [self.root, *self.root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree if p.is_running())
            except psutil.Error:
                continue
            self.peak_rss = max(self.peak_rss, rss)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-batch.md")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="luutru-batch-") as tmp:
        scans, data = Path(tmp) / "scans", Path(tmp) / "data"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "samples.generate", str(scans), "--bulk-pages",
                        str(args.pages)], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
        (scans / "truth.json").unlink()
        print(f"generated {args.pages} pages in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)

        started = time.perf_counter()
        subprocess.run([sys.executable, str(SHARED / "eval" / "baseline_tesseract.py"),
                        str(scans), str(Path(tmp) / "baseline.jsonl")], check=True)
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        ingest = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(scans),
                                   "--data", str(data), "--batch", "bench"], cwd=ROOT,
                                  stderr=subprocess.DEVNULL)
        sampler = Sampler(ingest.pid)
        sampler.start()
        ingest.wait()
        sampler.done.set()
        sampler.join()
        wall = time.perf_counter() - started
        report = json.loads((data / "reports" / "bench.json").read_text(encoding="utf-8"))

    # The OCR part: from the first sample with work on both cores to the last one.
    busy = [i for i, c in enumerate(sampler.cpu) if c >= 50]
    ocr = sampler.cpu[busy[0]:busy[-1] + 1] if busy else []
    both = sum(c >= 90 for c in ocr) / max(len(ocr), 1)
    pages = report["pages"]
    text = "\n".join([
        f"## Batch: `python bench/bench_batch.py --pages {args.pages}`",
        "",
        f"{pages} generated pages (every kind of damage and format), {os.cpu_count()} cores.",
        "",
        "| | wall s | pages/min |",
        "|---|---|---|",
        f"| plain Tesseract (baseline_tesseract.py) | {baseline:.0f} |"
        f" {pages / baseline * 60:.1f} |",
        f"| luutru ingest (cleanup, OCR, outputs, metadata, index, Prefect) | {wall:.0f} |"
        f" {pages / wall * 60:.1f} |",
        "",
        f"- CPU during the OCR part: median {statistics.median(ocr) if ocr else 0:.0f} %,"
        f" both cores busy (>= 90 %) in {both:.0%} of 0.5 s samples",
        f"- peak memory of ingest and its children: {sampler.peak_rss / 2**20:.0f} MiB",
        f"- failures {len(report['failures'])}, pages flagged for review {len(report['review'])}",
        "",
    ])
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("# Batch benchmark\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
