"""The fixed cost of `luutru ingest`: time to its first line, to its progress bar, and the
whole command when there is nothing to do.

    .venv/bin/python bench/bench_startup.py [--runs 5] [--out docs/benchmarks-startup.md]

In one command, on the same small folder of scans (copied from samples/scans):
1. a first, cold `luutru ingest` that reads them, timing its first stderr line and its first
   progress line (the machine's first Prefect start included);
2. RUNS warm re-runs of the same command with nothing to do: the new path, which sees that
   every scan is known and done and runs without Prefect;
3. RUNS warm re-runs through the Prefect flow as before (the baseline:
   `pipeline.flow.ingest` with the nothing-to-read check turned off), same folder.
Medians, and the ratio of the baseline to the new path (the machine is shared and noisy:
ratios are what carries over). The table is written between markers in --out.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUUTRU = Path(sys.executable).parent / "luutru"
SCANS = ["s01_12_NQ_HU.tiff", "s07_37_CV_DU.jpg"]
BASELINE = (
    "import sys, time; t = time.perf_counter(); from pathlib import Path;"
    "import luutru.pipeline.flow as f; from luutru.archive.config import Config;"
    "f.nothing_to_read = lambda *a: False;"
    "r = f.ingest(Config.load(sys.argv[1]), [Path(sys.argv[2])], 'baseline');"
    "print('documents', r.documents, 'pages', r.pages, file=sys.stderr)"
)
BEGIN, END = "<!-- bench_startup begin -->", "<!-- bench_startup end -->"


def timed_lines(command: list[str]) -> tuple[float, dict[str, float], str]:
    """Run a command; seconds to its end and to its first line / first progress line."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            cwd=ROOT)
    assert proc.stderr is not None
    marks: dict[str, float] = {}
    text = b""
    while chunk := os.read(proc.stderr.fileno(), 4096):  # what has arrived, not 4096 bytes
        now = time.perf_counter() - start
        text += chunk
        marks.setdefault("first line", now)
        if b"pages/min" in chunk:
            marks.setdefault("progress bar", now)
    proc.wait()
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{text.decode()}")
    return time.perf_counter() - start, marks, text.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-startup.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scans, data = Path(tmp) / "scans", Path(tmp) / "data"
        scans.mkdir()
        for name in SCANS:
            shutil.copy(ROOT / "samples" / "scans" / name, scans / name)
        ingest = [str(LUUTRU), "ingest", str(scans), "--data", str(data)]
        cold, marks, text = timed_lines(ingest)
        wall = next(float(line.split()[2]) for line in text.splitlines()
                    if line.startswith("wall time"))
        new, baseline = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            new.append(timed_lines(ingest)[0])
            baseline.append(timed_lines([sys.executable, "-c", BASELINE, str(data),
                                         str(scans)])[0])
    ratio = statistics.median(baseline) / statistics.median(new)
    rows = [
        "| measure | seconds |", "|---|---:|",
        f"| first run: first line on stderr | {marks['first line']:.2f} |",
        f"| first run: first progress line | {marks['progress bar']:.2f} |",
        f"| first run: whole command (real) | {cold:.2f} |",
        f"| first run: wall time it reports | {wall:.2f} |",
        f"| nothing to do, warm, median of {args.runs} (new) | {statistics.median(new):.2f} |",
        f"| nothing to do, warm, median of {args.runs}, through Prefect (baseline) "
        f"| {statistics.median(baseline):.2f} |",
        "",
        f"Baseline / new, nothing to do: **{ratio:.1f}×**. "
        f"Reported wall time / real time of the first run: {wall / cold:.2f}.",
        "",
        f"Runs, new: {', '.join(f'{x:.2f}' for x in new)}; "
        f"baseline: {', '.join(f'{x:.2f}' for x in baseline)}.",
    ]
    table = "\n".join(rows)
    print(table)
    doc = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN) + len(BEGIN)] + "\n" + table + "\n" + doc[doc.index(END):]
        args.out.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
