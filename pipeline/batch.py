"""A batch: every scan file under some paths, through every step, resumable at any point.

`run_batch` is plain Python. How the page work is spread over cores or machines is the
`PageRunner` it is given: a thread pool here, Prefect tasks in `pipeline.flow`.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.evidence import refresh_evidence
from luutru.archive.finishing import Part, finish
from luutru.archive.indexing import Indexer, index_parts
from luutru.ocr.load import UnreadableScan
from luutru.ocr.page import PageOutput, read_page
from luutru.ocr.recognise import Engine
from luutru.pipeline.documents import Problem, Skipped, discover, low_resolution, register
from luutru.pipeline.documents import save_page as save_page_files
from luutru.pipeline.hoso import MANIFEST_NAME
from luutru.pipeline.hoso import plan as plan_hoso
from luutru.pipeline.progress import Progress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageJob:
    doc_id: str
    path: str
    number: int


PageRunner = Callable[[list[PageJob]], Iterator[tuple[PageJob, PageOutput | BaseException]]]


@dataclass
class BatchReport:
    batch: str
    documents: int = 0  # documents in the batch, new or already known
    new_documents: int = 0  # seen for the first time in this batch
    already_done: int = 0  # already done before this run
    resumed_documents: int = 0  # left unfinished by an earlier run
    pages: int = 0  # pages read in this run
    failures: list[dict] = field(default_factory=list)
    not_scans: list[str] = field(default_factory=list)  # files skipped: not scans at all
    review: list[dict] = field(default_factory=list)
    # pages scanned below the archival rule's resolution (also flagged for review)
    low_resolution: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    # scan files that held several documents: {source, documents: [{id, pages, reasons}]}
    split: list[dict] = field(default_factory=list)
    # TUYỆT MẬT documents held for an admin: not indexed, no access copy
    held: list[dict] = field(default_factory=list)
    hoso: list[str] = field(default_factory=list)  # the hồ sơ this batch put documents in
    stage_seconds: dict[str, float] = field(default_factory=dict)
    wall_seconds: float = 0.0
    # the OCR engine and model that read this batch, for the packages' provenance
    ocr_engine: dict[str, str] = field(default_factory=dict)

    @property
    def pages_per_minute(self) -> float:
        return round(self.pages / self.wall_seconds * 60, 1) if self.wall_seconds else 0.0

    def to_json(self) -> dict:
        return asdict(self) | {"pages_per_minute": self.pages_per_minute}

    def summary_lines(self) -> list[str]:
        lines = [
            f"batch {self.batch}: {self.documents} documents ({self.new_documents} new, "
            f"{self.resumed_documents} resumed, {self.already_done} already done), "
            f"{self.pages} pages read, "
            f"{len(self.failures)} failures, {len(self.review)} pages flagged for review"
            + (f", {len(self.not_scans)} files skipped (not scans)" if self.not_scans else ""),
            f"wall time {self.wall_seconds:.1f} s, {self.pages_per_minute} pages per minute",
        ]
        lines += [f"failed: {f['path']}" + (f" page {f['page']}" if f.get("page") else "")
                  + f": {f['reason']}" for f in self.failures]
        lines += [f"review: {r['source']} page {r['page']} (quality {r['quality']:.2f})"
                  for r in self.review]
        lines += [f"low resolution: {r['source']} page {r['page']} scanned at {r['dpi']} dpi"
                  for r in self.low_resolution]
        lines += [f"split: {s['source']} into {len(s['documents'])} documents (pages "
                  + ", ".join(d["pages"] for d in s["documents"]) + ")" for s in self.split]
        lines += [f"held (TUYỆT MẬT, for an admin to decide): {h['source']} pages {h['pages']}"
                  f" [{h['id']}]" for h in self.held]
        return lines


def run_batch(config: Config, paths: list[Path], batch: str, run_pages: PageRunner,
              progress: Progress | None = None, manifest: Path | None = None,
              started: float | None = None) -> BatchReport:
    """`started` (a time.perf_counter() value) is when the command began: the wall time
    and the pages per minute include its start-up."""
    start = time.perf_counter() if started is None else started
    report = BatchReport(batch=batch, ocr_engine=config.ocr_provenance())
    catalog = Catalog(config.catalog_path)
    batch_id = catalog.start_batch(batch)

    def fail(problem: Problem) -> None:
        page = f" page {problem.page}" if problem.page else ""
        log.info("%s%s: %s", problem.path, page, problem.reason)  # the report lists it too
        catalog.record_failure(batch_id, problem.path, problem.reason, problem.page)
        report.failures.append(asdict(problem))

    files, problems = discover(paths, config.data_dir)
    for problem in problems:
        fail(problem)
    files = [f for f in files if f.name != MANIFEST_NAME]
    hoso = plan_hoso(paths, files, manifest)
    for source, reason in hoso.problems:
        fail(Problem(source, reason))
    hoso.save(catalog)
    documents: dict[str, DocumentRow] = {}
    for path in files:
        registered = register(catalog, path, batch_id, hoso.of_file.get(path))
        if isinstance(registered, Skipped):
            report.not_scans.append(registered.path)
        elif isinstance(registered, Problem):
            fail(registered)
        elif registered.id in documents:
            same_as = documents[registered.id].source
            report.duplicates.append({"path": str(path), "same_as": same_as})
        else:
            documents[registered.id] = registered
    report.hoso = sorted({d.hoso for d in documents.values() if d.hoso})
    report.documents = len(documents)
    # A file is finished once cut into its documents, whatever became of them (held...).
    report.already_done = sum(d.status != "pending" for d in documents.values())
    report.new_documents = sum(d.batch_id == batch_id for d in documents.values())
    report.resumed_documents = report.documents - report.new_documents - report.already_done

    pending = [d for d in documents.values() if d.status == "pending"]
    remaining = {d.id: set(range(1, d.page_count + 1)) - catalog.done_pages(d.id)
                 for d in pending}
    jobs = [PageJob(d.id, d.source, n) for d in pending for n in sorted(remaining[d.id])]
    progress = progress or Progress(total=len(jobs))
    progress.start(len(jobs))

    with Indexer(config, catalog) as indexer:
        indexer.add_unindexed()  # left over from a run killed between catalog and index
        def finish_file(doc: DocumentRow) -> None:
            _finish(config, catalog, doc, indexer, fail, report)

        for doc in pending:
            if not remaining[doc.id]:  # every page was read before a crash
                finish_file(doc)
        for job, outcome in run_pages(jobs):
            if isinstance(outcome, BaseException):
                page = None if isinstance(outcome, UnreadableScan) else job.number
                fail(Problem(job.path, _describe(outcome), page))
            else:
                flagged = save_page_files(config, catalog, job.doc_id, outcome)
                report.pages += 1
                for stage, seconds in outcome.seconds.items():
                    report.stage_seconds[stage] = round(
                        report.stage_seconds.get(stage, 0.0) + seconds, 3)
                if low_resolution(config, outcome.result):
                    report.low_resolution.append({"document": job.doc_id, "source": job.path,
                                                  "page": job.number,
                                                  "dpi": outcome.result.scan_dpi})
                if flagged:
                    report.review.append({"document": job.doc_id, "source": job.path,
                                          "page": job.number,
                                          "quality": outcome.result.quality})
                remaining[job.doc_id].discard(job.number)
                if not remaining[job.doc_id]:
                    finish_file(documents[job.doc_id])
            progress.advance(key=job)
        # This batch's documents are evidence for the others, and the others for them.
        indexer.finish()
        refresh_evidence(catalog)
        indexer.add_unindexed()
    progress.close()
    for code in report.hoso:
        catalog.number_documents(code)

    report.wall_seconds = round(time.perf_counter() - start, 2)
    catalog.finish_batch(batch_id, report.to_json())
    target = config.report(batch)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1),
                      encoding="utf-8")
    catalog.close()
    return report


def _finish(config: Config, catalog: Catalog, doc: DocumentRow, indexer: Indexer,
            fail: Callable[[Problem], None], report: BatchReport) -> None:
    try:
        parts = finish(config, catalog, doc)
    except Exception as e:  # one document's failure must not end the batch
        fail(Problem(doc.source, f"finishing the document failed: {_describe(e)}"))
        return
    index_parts(catalog, indexer, doc.id, parts)
    if len(parts) > 1:
        report.split.append({"source": doc.source, "documents": [
            {"id": p.id, "pages": _pages(p), "reasons": list(p.range.reasons)} for p in parts]})
    report.held += [{"id": p.id, "source": doc.source, "pages": _pages(p)}
                    for p in parts if p.status == "held"]


def _pages(part: Part) -> str:
    r = part.range
    return f"{r.first}" if r.first == r.last else f"{r.first}-{r.last}"


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".strip(": ")


def read_job(job: PageJob, config: Config, engine: Engine | None = None) -> PageOutput:
    """One page, read by `engine` or else the configured one."""
    return read_page(Path(job.path), job.number, engine or config.ocr_engine())


def thread_runner(config: Config, engine: Engine | None = None) -> PageRunner:
    """Pages on a local thread pool: Tesseract runs as a child process, so threads suffice."""
    engine = engine or config.ocr_engine()

    def run(jobs: list[PageJob]) -> Iterator[tuple[PageJob, PageOutput | BaseException]]:
        with ThreadPoolExecutor(config.workers) as pool:
            yield from windowed(jobs, lambda job: pool.submit(read_job, job, config, engine),
                                lambda futures: wait(futures, return_when=FIRST_COMPLETED)[0],
                                window=2 * config.workers)

    return run


def windowed(jobs: Iterable[PageJob], submit: Callable[[PageJob], Any],
             first_done: Callable[[list[Any]], Iterable[Any]],
             window: int) -> Iterator[tuple[PageJob, PageOutput | BaseException]]:
    """Results as they complete, with at most `window` pages in flight at a time.

    Bounding what is in flight bounds memory (each result carries page images) and means a
    kill loses at most that many pages. `submit` starts a job and returns its future;
    `first_done` waits until at least one of the futures is done and returns those done.
    """
    queue = iter(jobs)
    in_flight: dict[Any, PageJob] = {}
    while True:
        for job in queue:
            in_flight[submit(job)] = job
            if len(in_flight) >= window:
                break
        if not in_flight:
            return
        for future in first_done(list(in_flight)):
            job = in_flight.pop(future)
            try:
                yield job, future.result()
            except Exception as error:  # the page's failure is recorded; the batch goes on
                yield job, error
