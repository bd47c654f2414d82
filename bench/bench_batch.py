"""A generated batch through `luutru ingest`: core use, memory, pages per minute.

    .venv/bin/python bench/bench_batch.py --pages 500                  # against plain Tesseract
    .venv/bin/python bench/bench_batch.py --pages 1000 --no-baseline   # memory over a long batch
    .venv/bin/python bench/bench_batch.py --pages 300 --one-document --no-baseline

Generates PAGES damaged pages with the sample generator (every kind of damage, every
format), or one multi-page TIFF of that many pages with --one-document. In one command it
then runs plain Tesseract (../shared/eval/baseline_tesseract.py) and `luutru ingest` on the
same files. While ingest runs, the CPU time and resident memory of ingest and all its
children (Tesseract, the Prefect server) are sampled every half second, so other jobs on
the machine do not count as ours. Before the batch, the cost Prefect adds to each page task
is measured with no-op tasks through the same task runner.

The result is appended to --out (docs/benchmarks-batch.md) under a heading naming the run.
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
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORES = os.cpu_count() or 1


@dataclass
class Sample:
    seconds: float  # since the start of ingest
    cpu: float  # CPU seconds of the process tree so far
    rss: int  # bytes, the whole tree


@dataclass(eq=False)  # a thread must stay hashable
class TreeSampler(threading.Thread):
    """CPU seconds and resident memory of a process and its descendants, every 0.5 s.

    Children that have exited and been waited for (every Tesseract run) are counted through
    the parent's `children_*` CPU times; live ones are added one by one.
    """

    pid: int
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(self.pid)
        self.done = threading.Event()
        self.started = time.perf_counter()

    def run(self) -> None:
        while not self.done.wait(0.5):
            try:
                cpu, rss = self._tree()
            except psutil.Error:
                continue
            self.samples.append(Sample(time.perf_counter() - self.started, cpu, rss))

    def _tree(self) -> tuple[float, int]:
        times = self.root.cpu_times()
        cpu = times.user + times.system + times.children_user + times.children_system
        rss = self.root.memory_info().rss
        for child in self.root.children(recursive=True):
            try:
                t = child.cpu_times()
                cpu += t.user + t.system
                rss += child.memory_info().rss
            except psutil.Error:
                pass
        return cpu, rss


def core_use(samples: list[Sample]) -> list[float]:
    """Share of all cores the tree used in each interval between samples."""
    return [(b.cpu - a.cpu) / (b.seconds - a.seconds) / CORES
            for a, b in zip(samples, samples[1:], strict=False)]


def ocr_part(use: list[float]) -> tuple[int, int]:
    """The intervals from the first to the last in which the tree kept at least one core
    busy: the page work, without Prefect's start and the final index commit."""
    busy = [i for i, u in enumerate(use) if u >= 1 / CORES]
    return (busy[0], busy[-1] + 1) if busy else (0, 0)


def generate(scans: Path, pages: int, one_document: bool) -> None:
    subprocess.run([sys.executable, "-m", "luutru.samples.generate", str(scans), "--bulk-pages",
                    str(pages)], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    (scans / "truth.json").unlink()
    if one_document:
        bind(scans)


def bind(scans: Path) -> None:
    """Every generated page, in order, as the pages of one TIFF (one page at a time, so
    memory stays small), and nothing else left in the folder."""
    from PIL import Image, TiffImagePlugin

    sys.path.insert(0, str(ROOT))
    from luutru.ocr.load import load_page, page_count

    files = sorted(p for p in scans.iterdir() if p.is_file())
    with TiffImagePlugin.AppendingTiffWriter(scans / "one-document.tiff", True) as tiff:
        for path in files:
            for number in range(1, page_count(path) + 1):
                page = load_page(path, number)
                image = page.image if page.image.ndim == 2 else page.image[:, :, ::-1]
                Image.fromarray(image).save(tiff, compression="tiff_lzw",
                                            dpi=(page.dpi, page.dpi))
                tiff.newFrame()
            path.unlink()


def prefect_task_overhead(tasks: int = 200) -> tuple[float, float]:
    """Milliseconds per no-op page task through Prefect's thread-pool task runner and
    luutru's windowed submission, and through a plain thread pool the same way."""
    script = f"""
import time
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED
from luutru.pipeline.flow import quiet_prefect
quiet_prefect()
from prefect import flow, task
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from luutru.pipeline.batch import windowed

def noop(job):
    return job

@task(persist_result=False, cache_policy=None)
def noop_task(job):
    return job

@flow(task_runner=ThreadPoolTaskRunner(max_workers={CORES}), persist_result=False)
def timed_flow(n):
    start = time.perf_counter()
    for _ in windowed(range(n), noop_task.submit, lambda fs: [next(as_completed(fs))],
                      window={2 * CORES}):
        pass
    return time.perf_counter() - start

with ThreadPoolExecutor({CORES}) as pool:
    start = time.perf_counter()
    for _ in windowed(range({tasks}), lambda j: pool.submit(noop, j),
                      lambda fs: wait(fs, return_when=FIRST_COMPLETED).done,
                      window={2 * CORES}):
        pass
    plain = time.perf_counter() - start
print(timed_flow({tasks}) / {tasks} * 1000, plain / {tasks} * 1000)
"""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--one-document", action="store_true",
                    help="bind every page into one multi-page TIFF")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip plain Tesseract (for memory and core-use runs)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-batch.md")
    args = ap.parse_args()

    per_task, per_plain = prefect_task_overhead()
    print(f"prefect: {per_task:.2f} ms per no-op task, plain pool {per_plain:.2f} ms",
          file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="luutru-batch-") as tmp:
        scans, data = Path(tmp) / "scans", Path(tmp) / "data"
        started = time.perf_counter()
        generate(scans, args.pages, args.one_document)
        files = len(list(scans.iterdir()))
        print(f"generated {args.pages} pages in {files} files in"
              f" {time.perf_counter() - started:.0f} s", file=sys.stderr)

        baseline = None
        if not args.no_baseline:
            started = time.perf_counter()
            subprocess.run([sys.executable, str(SHARED / "eval" / "baseline_tesseract.py"),
                            str(scans), str(Path(tmp) / "baseline.jsonl")], check=True,
                           stdout=subprocess.DEVNULL)
            baseline = time.perf_counter() - started
            print(f"baseline {baseline:.0f} s", file=sys.stderr)

        started = time.perf_counter()
        ingest = subprocess.Popen([sys.executable, "-m", "luutru.pipeline.cli", "ingest",
                                   str(scans), "--data", str(data), "--batch", "bench"], cwd=ROOT,
                                  stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        sampler = TreeSampler(ingest.pid)
        sampler.start()
        ingest.wait()
        sampler.done.set()
        sampler.join()
        wall = time.perf_counter() - started
        report = json.loads((data / "reports" / "bench.json").read_text(encoding="utf-8"))
        leftovers = list((data / "work").rglob("*")) if (data / "work").exists() else []

    text = summary(args, files, baseline, wall, report, sampler.samples, per_task, per_plain,
                   leftovers)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = (args.out.read_text(encoding="utf-8") if args.out.exists()
                else "# Batch benchmarks\n\n")
    args.out.write_text(previous + text, encoding="utf-8")


def summary(args, files: int, baseline: float | None, wall: float, report: dict,
            samples: list[Sample], per_task: float, per_plain: float, leftovers: list) -> str:
    use = core_use(samples)
    first, last = ocr_part(use)
    ocr = use[first:last]
    pages = report["pages"]
    page_seconds = sum(report["stage_seconds"].values()) / max(pages, 1)
    deciles = [samples[min(len(samples) - 1, round(i / 10 * (len(samples) - 1)))].rss / 2**20
               for i in range(11)]
    half = len(samples) // 2
    options = " --one-document" * args.one_document + " --no-baseline" * args.no_baseline
    rows = ["| | wall s | pages/min |", "|---|---|---|"]
    if baseline is not None:
        rows.append(f"| plain Tesseract (baseline_tesseract.py) | {baseline:.0f} |"
                    f" {pages / baseline * 60:.1f} |")
    rows.append(f"| luutru ingest (cleanup, OCR, outputs, metadata, index, Prefect) | {wall:.0f}"
                f" | {pages / wall * 60:.1f} |")
    if baseline is not None:
        rows.append(f"| ratio luutru / Tesseract (wall) | {wall / baseline:.2f} | |")
    return "\n".join([
        f"## `python bench/bench_batch.py --pages {args.pages}{options}`",
        "",
        f"{pages} pages in {files} file(s), {CORES} cores,"
        f" {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        *rows,
        "",
        f"- Core use of ingest and its children while pages were read ({len(ocr) / 2:.0f} s"
        f" of {wall:.0f} s): median {statistics.median(ocr) if ocr else 0:.0%} of {CORES}"
        f" cores; {sum(u >= 0.9 for u in ocr) / max(len(ocr), 1):.0%} of half-second"
        f" samples at >= 90 %; mean {sum(ocr) / max(len(ocr), 1):.0%}.",
        f"- Resident memory of ingest and all its children: peak"
        f" {max(s.rss for s in samples) / 2**20:.0f} MiB; peak in the first half"
        f" {max(s.rss for s in samples[:half]) / 2**20:.0f} MiB, in the second half"
        f" {max(s.rss for s in samples[half:]) / 2**20:.0f} MiB; at each tenth of the run:"
        f" {', '.join(f'{d:.0f}' for d in deciles)} MiB.",
        f"- Prefect's cost per page task: {per_task:.1f} ms per no-op task through its"
        f" thread-pool runner against {per_plain:.2f} ms through a plain thread pool, i.e."
        f" {(per_task - per_plain) / 1000 / max(page_seconds, 1e-9):.2%} of a page's mean"
        f" {page_seconds:.1f} s of work.",
        f"- Duplicates (the same bytes under another name, read once)"
        f" {len(report['duplicates'])}; failures {len(report['failures'])}, pages flagged for"
        f" review {len(report['review'])}; files left in the work directory: {len(leftovers)}.",
        "",
        "",
    ])


if __name__ == "__main__":
    main()
