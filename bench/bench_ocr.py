"""OCR speed against plain Tesseract, in one command on one machine.

    .venv/bin/python bench/bench_ocr.py [SCANDIR] [--runs 3] [--out docs/benchmarks.md]
        [--label NAME] [--variants baseline,luutru,luutru-no-prefect]

e.g. the real documents: bench/bench_ocr.py ../shared/realset/docs --runs 1 --label realset
--variants baseline,luutru --out docs/ocr-real.md

Runs, alternately and `--runs` times each, on the same scans:
- baseline: ../shared/eval/baseline_tesseract.py (plain `tesseract -l vie`, no cleanup,
  as many pages at a time as cores);
- luutru: `luutru ingest` into a fresh data directory, the whole pipeline through Prefect
  (cleanup, OCR, recovery pass, outputs, metadata, index);
- luutru-no-prefect: the same batch through the plain thread runner, which tells the
  orchestrator's own cost apart.
Reports each variant's median wall time and its ratio to the baseline's median, and the
per-stage CPU seconds of the pipeline's last run. In the --out file they replace what lies
between the `bench_ocr` markers (`bench_ocr:LABEL` with --label, so one file can hold the
figures of several scan sets); the analysis around them is kept.
The machine is shared: only medians and ratios from the same command are meaningful.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; a worktree under wt/ has it one level further up.
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared").is_dir()), ROOT.parent / "shared")
PYTHON = sys.executable


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env, cwd=ROOT)
    return time.perf_counter() - start


def baseline(scans: Path, work: Path) -> float:
    script = SHARED / "eval" / "baseline_tesseract.py"
    return timed([PYTHON, str(script), str(scans), str(work / "baseline.jsonl"),
                  "--jobs", str(os.cpu_count())])


def luutru(scans: Path, work: Path) -> tuple[float, dict]:
    data = work / "data-prefect"
    shutil.rmtree(data, ignore_errors=True)
    seconds = timed([PYTHON, "-m", "luutru.pipeline.cli", "ingest", str(scans), "--data", str(data),
                     "--batch", "bench"])
    report = json.loads((data / "reports" / "bench.json").read_text(encoding="utf-8"))
    return seconds, report


def luutru_no_prefect(scans: Path, work: Path) -> float:
    data = work / "data-plain"
    shutil.rmtree(data, ignore_errors=True)
    code = ("import sys; from pathlib import Path; from luutru.archive.config import Config;"
            "from luutru.pipeline.batch import run_batch, thread_runner;"
            "c = Config.load(sys.argv[2]); run_batch(c, [Path(sys.argv[1])], 'bench',"
            " thread_runner(c))")
    return timed([PYTHON, "-c", code, str(scans), str(data)])


VARIANTS = ("baseline", "luutru", "luutru-no-prefect")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scans", type=Path, nargs="?", default=SHARED / "devset")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--label", default="", help="names the markers in --out")
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="which of " + ", ".join(VARIANTS) + " to run (baseline always runs)")
    args = ap.parse_args()
    chosen = {"baseline", *args.variants.split(",")}
    unknown = chosen - set(VARIANTS)
    if unknown:
        ap.error(f"unknown variants: {', '.join(sorted(unknown))}")
    times: dict[str, list[float]] = {name: [] for name in VARIANTS if name in chosen}
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="luutru-bench-") as tmp:
        work = Path(tmp)
        for run in range(args.runs):
            times["baseline"].append(baseline(args.scans, work))
            if "luutru" in times:
                seconds, report = luutru(args.scans, work)
                times["luutru"].append(seconds)
            if "luutru-no-prefect" in times:
                times["luutru-no-prefect"].append(luutru_no_prefect(args.scans, work))
            print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()),
                  file=sys.stderr)
    medians = {k: statistics.median(v) for k, v in times.items()}
    pages = report.get("pages", 0)
    options = f" --runs {args.runs}" + (f" --variants {args.variants}"
                                         if set(times) != set(VARIANTS) else "")
    lines = [
        f"## OCR speed: `python bench/bench_ocr.py {args.scans}{options}`",
        "",
        f"{pages} pages, {os.cpu_count()} cores, {args.runs} alternating runs of each;"
        " medians of wall time.",
        "",
        "| variant | median wall s | runs | ratio to baseline |",
        "|---|---|---|---|",
    ]
    for name, median in medians.items():
        runs = ", ".join(f"{t:.1f}" for t in times[name])
        lines.append(f"| {name} | {median:.1f} | {runs} | {median / medians['baseline']:.2f} |")
    lines += ["", "Pipeline CPU seconds by stage (last luutru run, summed over pages):", "",
              "| stage | s | s/page |", "|---|---|---|"]
    for stage, seconds in sorted(report.get("stage_seconds", {}).items()):
        lines.append(f"| {stage} | {seconds:.1f} | {seconds / max(pages, 1):.2f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    write_between_markers(args.out, text, args.label)


def write_between_markers(path: Path, text: str, label: str = "") -> None:
    name = f"bench_ocr:{label}" if label else "bench_ocr"
    begin, end = f"<!-- {name}:begin -->\n", f"<!-- {name}:end -->\n"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if begin in old and end in old:
        before, rest = old.split(begin, 1)
        after = rest.split(end, 1)[1]
    else:
        before, after = old.rstrip("\n") + "\n\n", ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(before + begin + text + end + after, encoding="utf-8")


if __name__ == "__main__":
    main()
