"""What cutting scan files into documents adds to ingest time, before vs after, in one command.

    .venv/bin/python -m bench.bench_split [FOLDER ...] [--runs 3] [--workers 2]

The same files (default: samples/scans, plus one generated file holding three documents)
go through the whole batch (`run_batch`, thread runner, real Tesseract) RUNS times in each
of two ways, alternating which goes first: "before", where every file is one document
(boundaries switched off: one range per file, what ingest did before), and "after", the
code as it is. Each run starts from an empty data directory. Reported: median wall time
and median CPU time (this process and its Tesseract children, so other jobs on the shared
machine count less), their after/before ratios, the time spent finding boundaries itself
(its share of the wall time is the figure least disturbed by noise), and how many documents
each way made.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import luutru.archive.finishing as finishing
from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.metadata.boundaries import DocumentRange, find_ranges
from luutru.ocr.types import PageResult
from luutru.pipeline.batch import run_batch, thread_runner
from luutru.samples.generate import generate_joined

ROOT = Path(__file__).resolve().parent.parent


def one_range(pages: Sequence[PageResult]) -> list[DocumentRange]:
    """Before: a file is one document."""
    return [DocumentRange(1, max(p.number for p in pages), ("whole file",))]


class Timed:
    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, pages: Sequence[PageResult]) -> list[DocumentRange]:
        start = time.perf_counter()
        try:
            return find_ranges(pages)
        finally:
            self.seconds += time.perf_counter() - start


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_once(paths: list[Path], workers: int, splitting: bool) -> dict:
    timed = Timed()
    finishing.find_ranges = timed if splitting else one_range
    with tempfile.TemporaryDirectory(prefix="bench-split-") as tmp:
        config = Config.load(Path(tmp) / "data", workers=workers)
        cpu_start, start = cpu(), time.perf_counter()
        report = run_batch(config, paths, "bench", thread_runner(config))
        wall, used = time.perf_counter() - start, cpu() - cpu_start
        docs = len(Catalog(config.catalog_path).documents(status="done"))
    finishing.find_ranges = find_ranges
    return {"wall": wall, "cpu": used, "boundaries": timed.seconds, "pages": report.pages,
            "documents": docs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-split-in-") as tmp:
        paths = args.folders
        if not paths:
            joined = Path(tmp) / "HS-bench" / "ba-van-ban.pdf"
            generate_joined(joined, ["s01", "s12", "s08"], profile="office")
            paths = [ROOT / "samples" / "scans", joined.parent]
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        for i in range(args.runs):
            order = ("before", "after") if i % 2 == 0 else ("after", "before")
            for way in order:
                runs[way].append(run_once(paths, args.workers, way == "after"))
                r = runs[way][-1]
                print(f"run {i + 1} {way}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, "
                      f"{r['boundaries']:.3f} s boundaries, {r['pages']} pages, "
                      f"{r['documents']} documents", flush=True)

    def median(way: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[way])

    print(f"pages: {runs['after'][0]['pages']}; documents: before "
          f"{runs['before'][0]['documents']}, after {runs['after'][0]['documents']}")
    for key in ("wall", "cpu"):
        before, after = median("before", key), median("after", key)
        print(f"median {key}: before {before:.1f} s, after {after:.1f} s, "
              f"after/before {after / before:.3f}")
    share = median("after", "boundaries") / median("after", "wall")
    print(f"finding boundaries: median {median('after', 'boundaries'):.3f} s, "
          f"{100 * share:.2f} % of the wall time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
